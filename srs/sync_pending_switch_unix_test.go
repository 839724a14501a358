//go:build unix

package srs

import (
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// A switch of scheduler here while a large deck from another device waits
// ends as it does when the deck came in whole before it: the deck's cards,
// with the answers given to them elsewhere, under the new scheduler.
func TestSyncLocalSwitchWhilePending(t *testing.T) {
	var stores []*Store
	for _, split := range []bool{false, true} {
		dir := t.TempDir()
		c := newClock(t0)
		a := openAt(t, filepath.Join(t.TempDir(), "a.db"), c)
		bPath := filepath.Join(t.TempDir(), "b.db")
		b := openAt(t, bPath, c)
		mustImport(t, b, testDeck("mine", 3), "# mine\n")
		mustAnswer(t, b, "mine-1", Good, Review)
		c.Advance(time.Hour)
		laterStamps(t, a)
		mustImport(t, a, testDeck("big", 40, "x", "y"), strings.Repeat("# big\n", 10))
		mustAnswer(t, a, "big-1", Good, Review)
		mustAnswer(t, a, "big-2", Again, Review)
		mustSyncDir(t, a, dir)
		if split {
			smallPieces(b, nil)
		}
		syncWhileLocked(t, b, dir)
		c.Advance(time.Minute)
		useScheduler(t, b, SchedulerSettings{Name: SchedulerFSRS, Retention: 0.9})
		c.Advance(24 * time.Hour)
		mustSyncDir(t, b, dir)
		assertConsistent(t, b)
		if n := pendingCount(t, b); n != 0 {
			t.Errorf("split %v: %d changes left to apply", split, n)
		}
		stores = append(stores, b)
	}
	sameCollections(t, stores[0], stores[1])
	buckets := []string{bCards, bContent, bDue, bNew, bMembers, bNotes, bDecks, bSources, bOrphans}
	assertSameRecords(t, "pieces vs whole", bucketRecords(t, stores[1], buckets...), bucketRecords(t, stores[0], buckets...))
}
