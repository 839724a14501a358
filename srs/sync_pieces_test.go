package srs

import (
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// A large deck that comes through the sync folder is taken in by pieces,
// as a large local import is: more than one transaction, and an answer on
// the receiving collection commits between two of them (issue #17 §5).
func TestSyncLargeDeckGoesInPieces(t *testing.T) {
	dir := t.TempDir()
	c := newClock(t0)
	a := openAt(t, filepath.Join(t.TempDir(), "a.db"), c)
	b := openAt(t, filepath.Join(t.TempDir(), "b.db"), c)
	mustImport(t, b, testDeck("mine", 3), "# mine\n")
	laterStamps(t, a)
	mustImport(t, a, testDeck("big", 30, "x", "y"), strings.Repeat("# big\n", 10))
	mustSyncDir(t, a, dir)
	var answered bool
	pieces := smallPieces(b, func(n int) {
		if n != 2 {
			return
		}
		mustAnswer(t, b, "mine-0", Good, Review)
		answered = true
	})
	mustSyncDir(t, b, dir)
	if *pieces < 2 {
		t.Errorf("the deck went in %d piece(s), want more than one", *pieces)
	}
	if !answered {
		t.Error("no answer between two pieces")
	}
	decks, err := b.Decks()
	if err != nil || len(decks) != 5 || decks[0].Name != "big" || decks[0].Cards != 30 {
		t.Errorf("decks after the sync %+v (%v)", decks, err)
	}
	assertConsistent(t, b)
}

// A large deck that comes through the sync folder ends the same applied in
// pieces as applied whole: cards, states, decks, text and day counters,
// with its answers that came before it (orphans) and a card another deck
// held here (claimed).
func TestSyncLargeDeckPiecesMatchWhole(t *testing.T) {
	big := testDeck("big", 40, "x", "y")
	text := strings.Repeat("# big\nsome text\n", 5000)
	held := testDeck("held", 3)
	held.Cards[1].ID = "big-3"
	rehash(&held)
	whole, split := receivedWholeAndSplit(t, func(a, b *Store, c *clock) {
		// b's deck comes first in the order; a's takes a card of it.
		mustImport(t, b, held, "# held\n")
		c.Advance(time.Hour)
		laterStamps(t, a)
		mustImport(t, a, big, text)
		for _, id := range []string{"big-1", "big-7", "big-30"} {
			mustAnswer(t, a, id, Good, Review)
		}
	})
	for _, name := range []string{"big", "held"} {
		w, err1 := whole.DeckText(name)
		s, err2 := split.DeckText(name)
		if err1 != nil || err2 != nil || string(w) != string(s) {
			t.Errorf("text of %s: %d bytes whole, %d in pieces (%v, %v)", name, len(w), len(s), err1, err2)
		}
	}
	if w, _ := split.DeckText("big"); string(w) != text {
		t.Errorf("text of big: %d bytes, want %d", len(w), len(text))
	}
	decks, err := split.Decks()
	if err != nil || len(decks) != 5 || decks[0].Name != "big" || decks[0].Cards != 40 || decks[1].Name != "held" || decks[1].Cards != 2 {
		t.Errorf("decks %+v (%v): big-3 not claimed by big", decks, err)
	}
	st, _ := split.Cards()
	if st["big-1"].Reviews != 1 {
		t.Errorf("big-1 %+v: its answer, come before its deck, is lost", st["big-1"])
	}
}

// receivedWholeAndSplit runs setup on two collections a and b twice, then
// syncs a's changes into b: once taken in whole (b's pieces at their
// default size, so that the test's deck is small), once in pieces. Both
// b's must be consistent and hold the same records; it returns them.
func receivedWholeAndSplit(t *testing.T, setup func(a, b *Store, c *clock)) (whole, split *Store) {
	t.Helper()
	var stores []*Store
	for _, inPieces := range []bool{false, true} {
		dir := t.TempDir()
		c := newClock(t0)
		a := openAt(t, filepath.Join(t.TempDir(), "a.db"), c)
		b := openAt(t, filepath.Join(t.TempDir(), "b.db"), c)
		setup(a, b, c)
		mustSyncDir(t, a, dir)
		pieces := new(int)
		if inPieces {
			pieces = smallPieces(b, nil)
		}
		mustSyncDir(t, b, dir)
		if got := *pieces > 1; got != inPieces {
			t.Errorf("in pieces %v: %d pieces", inPieces, *pieces)
		}
		assertConsistent(t, b)
		stores = append(stores, b)
	}
	whole, split = stores[0], stores[1]
	sameCollections(t, whole, split)
	buckets := []string{bCards, bContent, bDue, bNew, bMembers, bNotes, bDecks, bSources, bOrphans}
	assertSameRecords(t, "pieces vs whole", bucketRecords(t, split, buckets...), bucketRecords(t, whole, buckets...))
	return whole, split
}

// laterStamps has a log three deck events, so that what it logs next comes
// after the first events of a fresh collection in the order of events.
func laterStamps(t *testing.T, s *Store) {
	t.Helper()
	for _, name := range []string{"pad1", "pad2", "pad3"} {
		mustImport(t, s, testDeck(name, 2), "# "+name+"\n")
	}
}
