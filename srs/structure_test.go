package srs

import (
	"os"
	"testing"
)

// A sound file has no structural problems, cheap or full, and bbolt's own
// check agrees.
func TestStructureOfASoundFile(t *testing.T) {
	s := testStore(t, newClock(t0))
	mustSync(t, s, testDeck("D", 300, "a", "b"))
	for i := range 50 {
		mustAnswer(t, s, testDeck("D", 300).Cards[i].ID, Good, Review)
	}
	for _, full := range []bool{false, true} {
		problems, err := checkStructure(s.Path(), full)
		if err != nil || len(problems) > 0 {
			t.Errorf("full=%v: %v %v", full, problems, err)
		}
	}
	fi, _ := os.Stat(s.Path())
	t.Logf("%d bytes", fi.Size())
}
