package srs

import (
	"maps"
	"path/filepath"
	"testing"
	"time"

	"github.com/hone-srs/hone/deck"
)

func mustSyncDir(t testing.TB, s *Store, dir string) SyncReport {
	t.Helper()
	rep, err := s.Sync(dir)
	if err != nil {
		t.Fatalf("sync %s: %v", s.Path(), err)
	}
	for _, p := range rep.Problems {
		t.Logf("sync %s: %s", s.Path(), p)
	}
	return rep
}

func mustImport(t testing.TB, s *Store, d deck.Deck, text string) {
	t.Helper()
	if _, err := s.Import([]ImportItem{{Deck: d, Source: "/notes/" + d.Name + ".md", Text: []byte(text)}}, false); err != nil {
		t.Fatalf("import %s: %v", d.Name, err)
	}
}

// sameCollections fails unless a and b hold the same cards, states, decks
// and day counters.
func sameCollections(t testing.TB, a, b *Store) {
	t.Helper()
	sa, err := a.Cards()
	if err != nil {
		t.Fatal(err)
	}
	sb, err := b.Cards()
	if err != nil {
		t.Fatal(err)
	}
	if !maps.Equal(sa, sb) {
		for id, st := range sa {
			if sb[id] != st {
				t.Errorf("card %s: %+v here, %+v there", id, st, sb[id])
			}
		}
		for id := range sb {
			if _, ok := sa[id]; !ok {
				t.Errorf("card %s only there", id)
			}
		}
	}
	da, _ := a.Days(-1<<30, 1<<30)
	db, _ := b.Days(-1<<30, 1<<30)
	for d := range da {
		if !sameCounts(da[d], db[d]) {
			t.Errorf("day %s: %+v here, %+v there", d, da[d], db[d])
		}
	}
	for d := range db {
		if _, ok := da[d]; !ok && !sameCounts(db[d], DayCounts{}) {
			t.Errorf("day %s only there: %+v", d, db[d])
		}
	}
	la, _ := a.Decks()
	lb, _ := b.Decks()
	if len(la) != len(lb) {
		t.Errorf("decks %d here, %d there", len(la), len(lb))
	}
	for i := range min(len(la), len(lb)) {
		x, y := la[i], lb[i]
		if x.Name != y.Name || x.Cards != y.Cards || x.New != y.New || x.Hidden != y.Hidden || x.Source != y.Source || x.Hash != y.Hash {
			t.Errorf("deck %+v here, %+v there", x, y)
		}
	}
}

func TestSyncTwoCollections(t *testing.T) {
	dir := t.TempDir()
	c := newClock(t0)
	a := openAt(t, filepath.Join(t.TempDir(), "a.db"), c)
	b := openAt(t, filepath.Join(t.TempDir(), "b.db"), c)
	d := testDeck("go", 5, "x")
	mustImport(t, a, d, "# go\n")
	for i := range 5 {
		mustAnswer(t, a, d.Cards[i].ID, Good, Review)
	}
	mustSyncDir(t, a, dir)
	rep := mustSyncDir(t, b, dir)
	if len(rep.From) != 1 || rep.From[0].Answers != 5 || rep.From[0].Events != 2 { // the deck and the device name
		t.Fatalf("report %+v", rep)
	}
	sameCollections(t, a, b)
	assertConsistent(t, a)
	assertConsistent(t, b)
	// Both answer the same card the same day: the first sets the schedule.
	c.Advance(24 * time.Hour)
	mustAnswer(t, b, "go-0", Again, Review)
	c.Advance(time.Minute)
	mustAnswer(t, a, "go-0", Easy, Review)
	mustAnswer(t, a, "go-1", Hard, Review)
	mustSyncDir(t, a, dir)
	mustSyncDir(t, b, dir)
	mustSyncDir(t, a, dir)
	sameCollections(t, a, b)
	assertConsistent(t, a)
	assertConsistent(t, b)
	st, _ := a.Cards()
	if st["go-0"].Lapses != 1 {
		t.Errorf("go-0 %+v: b's Again came first", st["go-0"])
	}
	// Syncing again changes nothing.
	if rep := mustSyncDir(t, b, dir); rep.Sent != 0 || len(rep.From) != 0 {
		t.Errorf("second sync %+v", rep)
	}
}
