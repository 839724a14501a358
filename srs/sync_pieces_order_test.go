package srs

import (
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// A large deck followed by other changes in the order of events (a small
// deck, a hide, a scheduler switch, a removal, a rename) still goes in
// pieces, and the changes after it apply after it, in order: the result is
// the one applying everything in one transaction gives. Before, any such
// change made the sync take the large deck whole.
func TestSyncLargeDeckThenOtherChangesGoInPieces(t *testing.T) {
	_, split := receivedWholeAndSplit(t, func(a, b *Store, c *clock) {
		mustImport(t, b, testDeck("mine", 3), "# mine\n")
		c.Advance(time.Hour)
		laterStamps(t, a)
		mustImport(t, a, testDeck("big", 40, "x", "y"), strings.Repeat("# big\n", 50))
		mustAnswer(t, a, "big-1", Good, Review)
		mustImport(t, a, testDeck("small", 3), "# small\n")
		if err := a.SetHidden("pad1", true); err != nil {
			t.Fatal(err)
		}
		useScheduler(t, a, SchedulerSettings{Name: SchedulerFSRS, Retention: 0.9})
		if _, err := a.RemoveDeck("pad2"); err != nil {
			t.Fatal(err)
		}
	})
	if n := pendingCount(t, split); n != 0 {
		t.Errorf("%d changes left to apply", n)
	}
}

// pendingCount is how many received changes are marked still to apply.
func pendingCount(t *testing.T, s *Store) int {
	t.Helper()
	var n int
	if err := s.view(func(tx *txn) error { n = len(tx.pendingMarks()); return nil }); err != nil {
		t.Fatal(err)
	}
	return n
}

// died is what a test's hook panics with to stop a sync as a kill would:
// nothing after it runs, no rollback included.
type died struct{}

// A large received deck whose application died part-way is not rolled
// back by the next Open, which would hold up a session's start for
// seconds at 100,000 cards: the next sync rolls it back and takes the deck
// in again.
func TestSyncDeckInterruptedWaitsForTheNextSync(t *testing.T) {
	dir, c := t.TempDir(), newClock(t0)
	a := openAt(t, filepath.Join(t.TempDir(), "a.db"), c)
	mustImport(t, a, testDeck("big", 40, "x", "y"), "# big\n")
	mustSyncDir(t, a, dir)
	path := filepath.Join(t.TempDir(), "b.db")
	b := openAt(t, path, c)
	smallPieces(b, func(n int) {
		if n == 3 {
			panic(died{})
		}
	})
	func() {
		defer func() {
			if r := recover(); r != (died{}) {
				t.Fatalf("the sync ended with %v, want the hook's panic", r)
			}
		}()
		b.Sync(dir)
	}()
	b.Close()
	b = openAt(t, path, c)
	var importing bool
	if err := b.view(func(tx *txn) error { importing = tx.tx.Bucket([]byte(bImport)) != nil; return nil }); err != nil {
		t.Fatal(err)
	}
	if !importing {
		t.Error("Open rolled the deck's application back")
	}
	if decks, err := b.Decks(); err != nil || len(decks) != 0 {
		t.Errorf("before the next sync: decks %+v (%v), want none in sight", decks, err)
	}
	assertConsistent(t, b)
	smallPieces(b, nil)
	mustSyncDir(t, b, dir)
	if decks, err := b.Decks(); err != nil || len(decks) != 1 || decks[0].Cards != 40 {
		t.Errorf("after the next sync: decks %+v (%v)", decks, err)
	}
	if n := pendingCount(t, b); n != 0 {
		t.Errorf("%d changes left to apply", n)
	}
	assertConsistent(t, b)
}
