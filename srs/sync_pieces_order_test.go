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
	var stores []*Store
	for _, split := range []bool{false, true} {
		dir := t.TempDir()
		c := newClock(t0)
		a := openAt(t, filepath.Join(t.TempDir(), "a.db"), c)
		b := openAt(t, filepath.Join(t.TempDir(), "b.db"), c)
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
		mustSyncDir(t, a, dir)
		pieces := new(int)
		if split {
			pieces = smallPieces(b, nil)
		}
		mustSyncDir(t, b, dir)
		if got := *pieces > 1; got != split {
			t.Errorf("split %v: %d pieces", split, *pieces)
		}
		assertConsistent(t, b)
		stores = append(stores, b)
	}
	whole, split := stores[0], stores[1]
	sameCollections(t, whole, split)
	buckets := []string{bCards, bContent, bDue, bNew, bMembers, bNotes, bDecks, bSources, bOrphans}
	assertSameRecords(t, "pieces vs whole", bucketRecords(t, split, buckets...), bucketRecords(t, whole, buckets...))
	if n := pendingCount(t, split); n != 0 {
		t.Errorf("%d changes left to apply", n)
	}
}

// pendingCount is how many received changes are marked still to apply.
func pendingCount(t *testing.T, s *Store) int {
	t.Helper()
	var n int
	if err := s.view(func(tx *txn) error { n = len(tx.pendingDecks()); return nil }); err != nil {
		t.Fatal(err)
	}
	return n
}
