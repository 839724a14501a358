package srs

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"
)

// A file left by a hone killed while it applied a deck from another
// device in pieces, recovered, passes check; the next sync then applies
// the deck as an apply not stopped does.
func TestRecoverKilledPendingDeck(t *testing.T) {
	for _, claims := range []bool{false, true} {
		applied := uninterrupted(t, claims)
		for _, stop := range []int{1, 3} {
			what := fmt.Sprintf("claims %v, killed after piece %d, recovered", claims, stop)
			b, dir := pendingScene(t, claims)
			var left []byte
			smallPieces(b, func(n int) {
				if n == stop {
					left, _ = os.ReadFile(b.Path())
				}
			})
			if err := b.applyPendingDecks(context.Background(), &SyncReport{}); err != nil || left == nil {
				t.Fatalf("%s: %v (%d bytes left)", what, err, len(left))
			}
			b.Close()
			dead := filepath.Join(t.TempDir(), "dead.db")
			if err := os.WriteFile(dead, left, 0o600); err != nil {
				t.Fatal(err)
			}
			out := filepath.Join(t.TempDir(), "out.db")
			rep, err := Recover(dead, out)
			if err != nil {
				t.Fatalf("%s: %v", what, err)
			}
			r := openAt(t, out, newClock(t0))
			if problems, err := r.Check(); err != nil || len(problems) > 0 {
				t.Errorf("%s: check %q (%v); recover said %+v", what, problems, err, rep)
			}
			mustSyncDir(t, r, dir)
			assertSameRecords(t, what+", then synced", bucketRecords(t, r, appliedBuckets...), applied)
			assertConsistent(t, r)
		}
	}
}
