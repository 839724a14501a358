package srs

import (
	"math"
	"testing"
)

// SM-2 gives Hard, Good and Easy one interval; the hints carry the ease
// each leaves, so that the screen can say what differs.
func TestHintsSM2(t *testing.T) {
	today := Day(20000)
	it := Item{State: NewCardState(), Scheduler: DefaultScheduler()}
	hints, before := it.Hints(today)
	if len(before) != 1 || before[0].Name != "ease" || before[0].Known() {
		t.Fatalf("a new card's facts: %+v", before)
	}
	// Again 2.5−0.54, Hard 2.5−0.14, Good 2.5, Easy 2.5+0.1.
	for i, want := range []struct {
		days      int
		inSession bool
		ease      float64
	}{{1, true, 1.96}, {1, true, 2.36}, {1, false, 2.5}, {1, false, 2.6}} {
		h := hints[i]
		if h.Days != want.days || h.InSession != want.inSession || len(h.Facts) != 1 || h.Facts[0].Value != want.ease {
			t.Errorf("grade %d: %+v, want %+v", i, h, want)
		}
	}
	learned := Item{State: CardState{Memory: SM2{2, 6, 2.5}, Due: today, LastDay: today.Add(-6), Reviews: 2}}
	hints, before = learned.Hints(today)
	if before[0].Value != 2.5 || hints[1].Days != 15 || hints[2].Days != 15 || hints[3].Days != 15 || hints[0].Days != 1 {
		t.Fatalf("learned card: %+v, %+v", hints, before)
	}
}

// Under FSRS the facts are stability and difficulty, and a new card's four
// grades give four intervals.
func TestHintsFSRS(t *testing.T) {
	sch, err := DefaultFSRSSettings().Scheduler()
	if err != nil {
		t.Fatal(err)
	}
	hints, before := Item{State: NewCardState(), Scheduler: sch}.Hints(20000)
	if len(before) != 2 || before[0].Short != "Stab" || before[1].Short != "Diff" || before[0].Known() {
		t.Fatalf("facts: %+v", before)
	}
	if hints[1].Days >= hints[2].Days || hints[2].Days >= hints[3].Days {
		t.Errorf("FSRS intervals do not grow with the grade: %+v", hints)
	}
	// w0…w3 are the first stabilities.
	if hints[2].Facts[0].Value != fsrsDefaultWeights[2] {
		t.Errorf("Good's stability %v, want w2 %v", hints[2].Facts[0].Value, fsrsDefaultWeights[2])
	}
}

func TestFactWords(t *testing.T) {
	ease := func(v float64) Fact { return Fact{Name: "ease", Short: "Ease", Value: v} }
	stab := func(v float64) Fact { return Fact{Name: "stability", Value: v, Days: true} }
	diff := func(v float64) Fact { return Fact{Name: "difficulty", Value: v} }
	unknown := ease(math.NaN())
	for _, c := range []struct{ got, want string }{
		{ease(2.5).String(), "2.50"}, {stab(12.34).String(), "12.3d"}, {stab(123.4).String(), "123d"},
		{diff(5.25).String(), "5.2"}, {unknown.String(), "–"},
		{ease(2.36).Change(ease(2.5)), "−0.14"}, {ease(2.5).Change(ease(2.5)), "±0"}, {ease(2.6).Change(ease(2.5)), "+0.10"},
		{stab(3.2).Change(stab(1.1)), "+2.1d"}, {diff(4.96).Change(diff(5)), "±0"}, {ease(2.36).Change(unknown), "2.36"},
	} {
		if c.got != c.want {
			t.Errorf("%q, want %q", c.got, c.want)
		}
	}
}
