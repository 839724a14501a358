package srs

import (
	"testing"
	"time"
)

// A clock that went backwards between showing a card and its answer made
// a negative time; the log never holds one.
func TestAnswerNeverLogsANegativeTime(t *testing.T) {
	s := testStore(t, newClock(t0))
	mustSync(t, s, testDeck("D", 1))
	res, err := s.Answer("D-0", Good, Review, -48*time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	if res.Entry.Took != 0 {
		t.Errorf("logged took %v, want 0", res.Entry.Took)
	}
}
