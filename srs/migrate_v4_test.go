package srs

import (
	"maps"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/hone-srs/hone/deck"
)

// testdata/v3.db was written by hone's main at a050a5b, the last commit
// with schema v3, by testdata/mkv3.go: a six-card deck answered for forty
// days under SM-2, with same-day repeats, drills and undos. The states
// below are what that code printed for it.
func TestMigrateV3File(t *testing.T) {
	path := filepath.Join(t.TempDir(), "hone.db")
	copyFile(t, "testdata/v3.db", path)
	c := newClock(time.Date(2025, 4, 10, 10, 0, 0, 0, time.UTC))
	s := openAt(t, path, c)
	if s.MigrationBackup() != path+".v3.bak" || schemaOfFile(t, path+".v3.bak") != 3 || schemaOfFile(t, path) != schemaVersion {
		t.Fatalf("backup %q is not the v3 file", s.MigrationBackup())
	}
	want := map[string]CardState{
		"0641fce63a13124a": {Memory: SM2{4, 12, 1.36}, Due: dayOn(t, "2025-04-11"), LastDay: dayOn(t, "2025-03-30"), Lapses: 3, Reviews: 11},
		"28dc402c67d1e308": {Memory: SM2{4, 42, 2.46}, Due: dayOn(t, "2025-05-05"), LastDay: dayOn(t, "2025-03-24"), Lapses: 0, Reviews: 4},
		"355233dfba29a42a": {Memory: SM2{0, 1, 1.3}, Due: dayOn(t, "2025-04-10"), LastDay: dayOn(t, "2025-04-09"), Lapses: 2, Reviews: 12},
		"8ab8182d89ae074c": {Memory: SM2{4, 21, 2.02}, Due: dayOn(t, "2025-04-17"), LastDay: dayOn(t, "2025-03-27"), Lapses: 1, Reviews: 7},
		"92cbe6f5ed2bb2a1": {Memory: SM2{5, 13, 1.4}, Due: dayOn(t, "2025-04-13"), LastDay: dayOn(t, "2025-03-31"), Lapses: 2, Reviews: 10},
		"vowel":            {Memory: SM2{5, 20, 1.38}, Due: dayOn(t, "2025-04-29"), LastDay: dayOn(t, "2025-04-09"), Lapses: 1, Reviews: 9},
	}
	got, err := s.Cards()
	if err != nil {
		t.Fatal(err)
	}
	if !maps.Equal(got, want) {
		t.Fatalf("migrated states\n%+v\nwant\n%+v", got, want)
	}
	// The log is left as v3 wrote it.
	versions := map[byte]int{}
	s.view(func(tx *txn) error {
		return tx.log.ForEach(func(_, v []byte) error { versions[v[0]]++; return nil })
	})
	if len(versions) != 1 || versions[recV2] == 0 {
		t.Fatalf("log record versions %v", versions)
	}
	// The source forgot its hash, so the next sync fills the notes in.
	if h, err := s.DeckHash("migration.md"); err != nil || h != "" {
		t.Fatalf("source hash after migration %q, %v", h, err)
	}
	assertConsistent(t, s)

	// The migrated collection takes the new entries: the deck comes back
	// with two cards as siblings, and answering one buries the other.
	d, diags := deck.ParseBytes("migration.md", mustRead(t, "testdata/mkv3.go", "const src = `", "`"))
	if err := diags.Err(); err != nil {
		t.Fatal(err)
	}
	for i := range d.Cards {
		if d.Cards[i].ID == "355233dfba29a42a" || d.Cards[i].ID == "0641fce63a13124a" {
			d.Cards[i].Note = "pair"
		}
	}
	if res := mustSync(t, s, d); res.Skipped || res.Unchanged != 6 {
		t.Fatalf("sync after migration: %+v", res)
	}
	// The sibling is not due today: it is left alone.
	if res := mustAnswerR(t, s, "355233dfba29a42a", Good, Review); len(res.Buried) != 0 {
		t.Fatalf("buried %v, though the sibling is due tomorrow", res.Buried)
	}
	// Tomorrow both are due; the queue holds one, and its answer buries
	// the other until the day after.
	c.Advance(24 * time.Hour)
	items := mustQueue(t, s, QueueOptions{Today: DayOf(c.Now()), ReviewLimit: 100, NewPerDeck: 20})
	if got := ids(items); len(got) != 1 || got[0] != "0641fce63a13124a" {
		t.Fatalf("queue %v, want the most overdue of the pair alone", got)
	}
	res := mustAnswerR(t, s, "0641fce63a13124a", Hard, Review)
	if len(res.Buried) != 1 || res.Buried[0] != "355233dfba29a42a" {
		t.Fatalf("buried %v, want the sibling", res.Buried)
	}
	if _, err := s.Mark("vowel", Mark{Kind: Suspend}); err != nil {
		t.Fatal(err)
	}
	assertConsistent(t, s)
}

// mustRead is the part of file path between the first from and the next to.
func mustRead(t testing.TB, path, from, to string) []byte {
	t.Helper()
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	text := string(raw)
	i := strings.Index(text, from)
	if i < 0 {
		t.Fatalf("%s has no %q", path, from)
	}
	text = text[i+len(from):]
	return []byte(text[:strings.Index(text, to)])
}
