package srs

import (
	"encoding/binary"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	bolt "go.etcd.io/bbolt"

	"github.com/hone-srs/hone/deck"
)

func TestImportIsAtomicAndCounts(t *testing.T) {
	c := newClock(t0)
	s := testStore(t, c)
	a, b := testDeck("a", 3), testDeck("b", 2)
	res, err := s.Import([]ImportItem{{Deck: a, Source: "/x/a.md", Text: []byte("text a")}, {Deck: b, Source: "/x/b.md", Text: []byte("text b")}}, false)
	if err != nil {
		t.Fatal(err)
	}
	if res[0].Added != 3 || res[1].Added != 2 {
		t.Fatalf("results %+v", res)
	}
	if text, _ := s.DeckText("a"); string(text) != "text a" {
		t.Fatalf("stored text %q", text)
	}

	// Change a: one card edited, one gone, one new. Dry run first.
	four := testDeck("a", 4).Cards
	a2 := testDeck("a", 0)
	a2.Cards = []deck.Card{four[0], four[2], four[3]} // a-1 gone, a-3 new
	a2.Cards[0].Back = "edited"
	rehash(&a2)
	for _, dry := range []bool{true, false} {
		res, err := s.Import([]ImportItem{{Deck: a2, Source: "/x/a.md", Text: []byte("text a2")}}, dry)
		if err != nil {
			t.Fatal(err)
		}
		if r := res[0]; r.Added != 1 || r.Updated != 1 || r.Retired != 1 || r.Unchanged != 1 {
			t.Fatalf("dry=%v: %+v", dry, r)
		}
	}
	// Unchanged source: everything counts as unchanged.
	res, err = s.Import([]ImportItem{{Deck: a2, Source: "/x/a.md", Text: []byte("text a2")}}, false)
	if err != nil || res[0].Unchanged != 3 {
		t.Fatalf("re-import of the same text: %+v %v", res, err)
	}

	// One bad item stops them all: nothing of c is stored.
	bad := testDeck("c", 2)
	bad.Cards[1].ID = bad.Cards[0].ID
	if _, err := s.Import([]ImportItem{{Deck: testDeck("c2", 1), Source: "/x/c2.md"}, {Deck: bad, Source: "/x/c.md"}}, false); err == nil {
		t.Fatal("import with duplicate ids succeeded")
	}
	decks, _ := s.Decks()
	for _, d := range decks {
		if d.Name == "c2" {
			t.Fatal("a failed import stored part of its decks")
		}
	}
}

func TestImportRefusesBuiltinName(t *testing.T) {
	s := testStore(t, newClock(t0))
	d := testDeck("ITIL", 2)
	if _, err := s.SyncDeck(d, "builtin:itil.md", true); err != nil {
		t.Fatal(err)
	}
	_, err := s.Import([]ImportItem{{Deck: testDeck("ITIL", 1), Source: "/x/mine.md"}}, false)
	if !errors.Is(err, ErrBuiltin) {
		t.Fatalf("import over a built-in deck: %v", err)
	}
	if _, err := s.RemoveDeck("ITIL"); !errors.Is(err, ErrBuiltin) || !strings.Contains(err.Error(), "hone decks hide") {
		t.Fatalf("removing a built-in deck: %v", err)
	}
	if err := s.SetHidden("ITIL", true); err != nil {
		t.Fatal(err)
	}
	if items := mustQueue(t, s, QueueOptions{Today: DayOf(t0), ReviewLimit: 10, NewPerDeck: 10}); len(items) != 0 {
		t.Fatalf("a hidden deck is in the queue: %v", ids(items))
	}
}

func TestRemoveDeckKeepsHistory(t *testing.T) {
	c := newClock(t0)
	s := testStore(t, c)
	d := testDeck("mine", 3)
	if _, err := s.Import([]ImportItem{{Deck: d, Source: "/x/mine.md"}}, false); err != nil {
		t.Fatal(err)
	}
	mustAnswer(t, s, d.Cards[0].ID, Good, Review)
	n, err := s.RemoveDeck("mine")
	if err != nil || n != 3 {
		t.Fatalf("removed %d, %v", n, err)
	}
	decks, _ := s.Decks()
	if len(decks) != 0 {
		t.Fatalf("removed deck still listed: %+v", decks)
	}
	if items := mustQueue(t, s, QueueOptions{Today: DayOf(t0) + 5, ReviewLimit: 10, NewPerDeck: 10}); len(items) != 0 {
		t.Fatalf("removed deck's cards in the queue: %v", ids(items))
	}
	if problems, err := s.Check(); err != nil || len(problems) != 0 {
		t.Fatalf("check after removal: %v %v", problems, err)
	}
	// Importing it again brings back the card with its state.
	if _, err := s.Import([]ImportItem{{Deck: d, Source: "/x/mine.md"}}, false); err != nil {
		t.Fatal(err)
	}
	states, _ := s.Cards()
	if st := states[d.Cards[0].ID]; st.New || st.Reviews != 1 {
		t.Fatalf("history lost on re-import: %+v", st)
	}
}

func TestMigrationFromV1WritesBackup(t *testing.T) {
	path := filepath.Join(t.TempDir(), "hone.db")
	db, err := bolt.Open(path, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	err = db.Update(func(tx *bolt.Tx) error {
		if err := migrationTo(1)(tx); err != nil {
			return err
		}
		meta := tx.Bucket([]byte(bMeta))
		if err := meta.Put([]byte(metaMagicKey), []byte(metaMagic)); err != nil {
			return err
		}
		return meta.Put([]byte(metaSchemaKey), binary.BigEndian.AppendUint32(nil, 1))
	})
	db.Close()
	if err != nil {
		t.Fatal(err)
	}
	before, _ := os.ReadFile(path)
	s := openAt(t, path, newClock(t0))
	if s.MigrationBackup() != path+".v1.bak" {
		t.Fatalf("migration backup %q", s.MigrationBackup())
	}
	if _, err := s.Import([]ImportItem{{Deck: testDeck("d", 1), Source: "/x/d.md", Text: []byte("t")}}, false); err != nil {
		t.Fatalf("import after migration: %v", err)
	}
	backup, err := os.ReadFile(path + ".v1.bak")
	if err != nil {
		t.Fatalf("no backup: %v", err)
	}
	if len(backup) == 0 || len(before) == 0 {
		t.Fatal("empty backup")
	}
}

func TestBackupIsAConsistentCopy(t *testing.T) {
	c := newClock(t0)
	s := testStore(t, c)
	d := testDeck("d", 4)
	mustSync(t, s, d)
	mustAnswer(t, s, d.Cards[0].ID, Good, Review)
	path := filepath.Join(t.TempDir(), "copy.db")
	if err := s.Backup(path, false); err != nil {
		t.Fatal(err)
	}
	mustAnswer(t, s, d.Cards[1].ID, Good, Review) // after the backup
	copyStore := openAt(t, path, c)
	if copyStore.MigrationBackup() != "" {
		t.Fatal("a current copy was migrated")
	}
	states, err := copyStore.Cards()
	if err != nil {
		t.Fatal(err)
	}
	if states[d.Cards[0].ID].New || !states[d.Cards[1].ID].New {
		t.Fatalf("backup does not hold exactly the answers before it: %+v", states)
	}
	if problems, err := copyStore.Check(); err != nil || len(problems) > 0 {
		t.Fatalf("backup check: %v %v", problems, err)
	}
}
