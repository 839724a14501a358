package srs

import (
	"slices"
	"testing"
	"time"
)

// A progress import in pieces that runs past the start of a day (04:00),
// with a card failed after it between two pieces: the Adopt entries the later pieces
// log come after that answer in the log, and the scans of today's end of
// the log (failedToday, the review caps, the stats window) stop at the
// first entry of an earlier day. The answer must still count as today's.
func TestProgressImportPastDayStart(t *testing.T) {
	c := newClock(time.Date(2025, 3, 11, 3, 59, 50, 0, time.UTC))
	s := testStore(t, c)
	mustSync(t, s, testDeck("z", 2))
	d, _, _ := mixedProgressDeck(40, false)
	smallPieces(s, func(n int) {
		if n == 3 {
			c.Set(time.Date(2025, 3, 11, 4, 0, 30, 0, time.UTC))
			mustAnswer(t, s, "z-0", Again, Review)
		}
	})
	importAnki(t, s, d)
	var failed []string
	err := s.view(func(tx *txn) error {
		var err error
		failed, err = tx.failedToday(dMar11)
		return err
	})
	if err != nil || !slices.Equal(failed, []string{"z-0"}) {
		t.Errorf("failed today: %v (%v), want z-0", failed, err)
	}
	assertConsistent(t, s)
}
