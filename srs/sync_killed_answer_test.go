package srs

import (
	"context"
	"fmt"
	"os"
	"testing"
)

// After a hone killed while it applied a deck from another device, an
// answer given before the next sync to a card that deck claims, or to a
// card of another deck, stays once that sync rolls the deck back and
// applies it again, and check is clean throughout.
func TestSyncKilledPendingDeckThenAnswers(t *testing.T) {
	for _, claims := range []bool{false, true} {
		for _, stop := range []int{1, 2, 3} {
			what := fmt.Sprintf("claims %v, killed after piece %d", claims, stop)
			b, dir := pendingScene(t, claims)
			var left []byte
			smallPieces(b, func(n int) {
				if n == stop {
					left, _ = os.ReadFile(b.Path())
				}
			})
			if err := b.applyPendingDecks(context.Background(), &SyncReport{}); err != nil || left == nil {
				t.Fatalf("%s: %v", what, err)
			}
			b.Close()
			if err := os.WriteFile(b.Path(), left, 0o600); err != nil {
				t.Fatal(err)
			}
			r := openAt(t, b.Path(), newClock(t0))
			answered := map[string]bool{}
			for _, id := range []string{"big-3", "held-0"} {
				if _, err := r.Answer(id, Good, Review, 0); err == nil {
					answered[id] = true
				}
			}
			if problems, err := r.Check(); err != nil || len(problems) > 0 {
				t.Errorf("%s, answered: check %q (%v)", what, problems, err)
			}
			mustSyncDir(t, r, dir)
			assertConsistent(t, r)
			st, err := r.Cards()
			if err != nil {
				t.Fatal(err)
			}
			for id := range answered {
				if st[id].Reviews < 1 {
					t.Errorf("%s: the answer to %s is lost: %+v", what, id, st[id])
				}
			}
			t.Logf("%s: answered %v", what, answered)
		}
	}
}
