//go:build unix

package srs

import (
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

// Two syncs of one collection at once, with a large deck to stage and
// apply in pieces: neither damages the file, and a sync after them leaves
// the deck taken in whole and nothing pending or staged.
func TestSyncTwoAtOnceWithALargeDeck(t *testing.T) {
	for trial := range 4 {
		dir, c := t.TempDir(), newClock(t0)
		text, _ := bigBlobDeck(t, dir, c)
		path := filepath.Join(t.TempDir(), "b.db")
		s1, s2 := openAt(t, path, c), openAt(t, path, c)
		smallPieces(s1, nil)
		smallPieces(s2, nil)
		var wg sync.WaitGroup
		errs := make([]error, 2)
		for i, s := range []*Store{s1, s2} {
			wg.Go(func() { _, errs[i] = s.Sync(dir) })
		}
		wg.Wait()
		for i, err := range errs {
			if err != nil && !strings.Contains(err.Error(), "import") {
				t.Errorf("trial %d: sync %d: %v", trial, i, err)
			}
		}
		assertConsistent(t, s1)
		mustSyncDir(t, s1, dir)
		if got, err := s1.DeckText("big"); err != nil || string(got) != text {
			t.Errorf("trial %d: text of big: %d bytes (%v)", trial, len(got), err)
		}
		if n, m := pendingCount(t, s1), stagedCount(t, s1); n+m != 0 {
			t.Errorf("trial %d: %d pending, %d staged", trial, n, m)
		}
		assertNoStrayChunks(t, s1)
		assertConsistent(t, s1)
		t.Logf("trial %d: %v", trial, errs)
	}
}
