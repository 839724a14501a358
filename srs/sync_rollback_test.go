package srs

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// pendingScene readies a store with a large deck from another device left
// to apply, split in small pieces: claims says whether it is applied
// again unchanged, claiming a card back (claimScene), or applied anew,
// claiming a card a local deck holds.
func pendingScene(t *testing.T, claims bool) (b *Store, dir string) {
	t.Helper()
	if claims {
		sc := newClaimScene(t)
		sc.takeHeld(t, true)
		return sc.b, sc.dir
	}
	dir = t.TempDir()
	c := newClock(t0)
	a := openAt(t, filepath.Join(t.TempDir(), "a.db"), c)
	b = openAt(t, filepath.Join(t.TempDir(), "b.db"), c)
	held := testDeck("held", 3)
	held.Cards[1].ID = "big-3"
	rehash(&held)
	mustImport(t, b, held, "# held\n")
	c.Advance(time.Hour)
	laterStamps(t, a)
	mustImport(t, a, testDeck("big", 40, "x", "y"), strings.Repeat("# big\nsome text\n", 500))
	for _, id := range []string{"big-1", "big-7", "big-30"} {
		mustAnswer(t, a, id, Good, Review)
	}
	mustSyncDir(t, a, dir)
	smallPieces(b, nil)
	pullOnly(t, b, dir)
	return b, dir
}

// A deck from another device whose pieces stop at any one of them is
// rolled back whole: every record as it was, its mark kept, check clean;
// the next sync then applies it, to what an apply not stopped gives
// (which TestSyncLargeDeckPiecesMatchWhole and
// TestSyncUnchangedDeckClaimsInPieces compare with whole).
func TestSyncPendingDeckCancelledRollsBack(t *testing.T) {
	for _, claims := range []bool{false, true} {
		applied := uninterrupted(t, claims)
		for stop := 1; ; stop++ {
			what := fmt.Sprintf("claims %v, stopped at piece %d", claims, stop)
			b, dir := pendingScene(t, claims)
			before := logSnapshot(t, b)
			maps.Copy(before, bucketRecords(t, b, bMeta))
			ctx, cancel := context.WithCancel(context.Background())
			smallPieces(b, func(n int) {
				if n == stop {
					cancel()
				}
			})
			err := b.applyPendingDecks(ctx, &SyncReport{})
			cancel()
			if err == nil {
				t.Logf("claims %v: %d pieces", claims, stop-1)
				if stop < 3 {
					t.Fatalf("%s: done in %d pieces", what, stop)
				}
				break
			}
			if !errors.Is(err, context.Canceled) {
				t.Fatalf("%s: %v", what, err)
			}
			after := logSnapshot(t, b)
			maps.Copy(after, bucketRecords(t, b, bMeta))
			assertSameRecords(t, what, after, before)
			// Not assertConsistent: the deck's answers, come before it,
			// are orphans until it is applied, and replay counts them.
			if problems, err := b.Check(); err != nil || len(problems) > 0 {
				t.Errorf("%s: check %q (%v)", what, problems, err)
			}
			b.pieces.afterPiece = nil
			mustSyncDir(t, b, dir)
			assertSameRecords(t, what+", then synced", bucketRecords(t, b, appliedBuckets...), applied)
			assertConsistent(t, b)
		}
	}
}

// A deck from another device whose hone dies at any piece (the file as
// that piece left it) passes check as it is, left for the next sync, which
// rolls it back and applies it as an apply not stopped does.
func TestSyncPendingDeckKilledRollsBack(t *testing.T) {
	for _, claims := range []bool{false, true} {
		applied := uninterrupted(t, claims)
		for stop := 1; ; stop++ {
			what := fmt.Sprintf("claims %v, killed after piece %d", claims, stop)
			b, dir := pendingScene(t, claims)
			var left []byte
			smallPieces(b, func(n int) {
				if n == stop {
					var err error
					if left, err = os.ReadFile(b.Path()); err != nil {
						t.Error(err)
					}
				}
			})
			if err := b.applyPendingDecks(context.Background(), &SyncReport{}); err != nil {
				t.Fatalf("%s: %v", what, err)
			}
			if left == nil {
				break
			}
			b.Close()
			if err := os.WriteFile(b.Path(), left, 0o600); err != nil {
				t.Fatal(err)
			}
			r := openAt(t, b.Path(), newClock(t0))
			if problems, err := r.Check(); err != nil || len(problems) > 0 {
				t.Errorf("%s: check %q (%v)", what, problems, err)
			}
			mustSyncDir(t, r, dir)
			assertSameRecords(t, what+", then synced", bucketRecords(t, r, appliedBuckets...), applied)
			assertConsistent(t, r)
		}
	}
}

// uninterrupted is the records of pendingScene's store once its deck is
// applied, not stopped.
func uninterrupted(t *testing.T, claims bool) map[string]map[string]string {
	t.Helper()
	s, _ := pendingScene(t, claims)
	if err := s.applyPendingDecks(context.Background(), &SyncReport{}); err != nil {
		t.Fatal(err)
	}
	return bucketRecords(t, s, appliedBuckets...)
}
