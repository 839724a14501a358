package srs

import (
	"math"
	"math/rand/v2"
	"testing"
	"testing/quick"
)

func TestSM2Sequences(t *testing.T) {
	// Expected values worked out by hand from the formulas in doc.go:
	// EF deltas by q are 5:+0.10 4:0 3:-0.14 2:-0.32 1:-0.54 0:-0.80.
	tests := []struct {
		name   string
		start  SM2
		grades []int
		want   []SM2
	}{
		{"5,4,3,2,1,0 from new", NewSM2(), []int{5, 4, 3, 2, 1, 0}, []SM2{
			{1, 1, 2.6},   // first success: 1 day
			{2, 6, 2.6},   // second: 6 days
			{3, 16, 2.46}, // 6 × 2.6 (old EF) = 15.6 → 16
			{0, 1, 2.14},  // fail: restart
			{0, 1, 1.6},
			{0, 1, 1.3}, // 1.6 − 0.8 = 0.8, floored
		}},
		{"4,4,4,4", NewSM2(), []int{4, 4, 4, 4}, []SM2{
			{1, 1, 2.5}, {2, 6, 2.5}, {3, 15, 2.5}, // 6 × 2.5 = 15
			{4, 38, 2.5}, // 15 × 2.5 = 37.5 → 38, half away from zero
		}},
		{"5,5,5,5", NewSM2(), []int{5, 5, 5, 5}, []SM2{
			{1, 1, 2.6}, {2, 6, 2.7},
			{3, 16, 2.8}, // 6 × 2.7 = 16.2
			{4, 45, 2.9}, // 16 × 2.8 = 44.8
		}},
		{"3 five times", NewSM2(), []int{3, 3, 3, 3, 3}, []SM2{
			{1, 1, 2.36}, {2, 6, 2.22},
			{3, 13, 2.08}, // 6 × 2.22 = 13.32
			{4, 27, 1.94}, // 13 × 2.08 = 27.04
			{5, 52, 1.8},  // 27 × 1.94 = 52.38
		}},
		{"EF floor", NewSM2(), []int{0, 0, 0}, []SM2{{0, 1, 1.7}, {0, 1, 1.3}, {0, 1, 1.3}}},
		{"lapse and relearn", NewSM2(), []int{4, 4, 4, 1, 4, 4, 4}, []SM2{
			{1, 1, 2.5}, {2, 6, 2.5}, {3, 15, 2.5},
			{0, 1, 1.96}, // Again: restart, EF 2.5 − 0.54
			{1, 1, 1.96}, {2, 6, 1.96},
			{3, 12, 1.96}, // 6 × 1.96 = 11.76
		}},
		{"15 × 2.6", SM2{2, 15, 2.6}, []int{5, 5}, []SM2{
			{3, 39, 2.7},  // 15 × 2.6 = 39
			{4, 105, 2.8}, // 39 × 2.7 = 105.3
		}},
		{"half rounds up: 15 × 2.3 = 34.5", SM2{2, 15, 2.3}, []int{4}, []SM2{{3, 35, 2.3}}},
		{"half rounds up at the floor: 25 × 1.3 = 32.5", SM2{3, 25, 1.3}, []int{3}, []SM2{{4, 33, 1.3}}},
		{"grade 2 fails like 0", SM2{5, 100, 2.5}, []int{2}, []SM2{{0, 1, 2.18}}},
		{"qualities clamp to 0..5", NewSM2(), []int{9, -4}, []SM2{{1, 1, 2.6}, {0, 1, 1.8}}},
		{"interval cap", SM2{10, 30000, 2.5}, []int{5}, []SM2{{11, MaxInterval, 2.6}}},
		{"inconsistent input: reps without interval", SM2{4, 0, 2.5}, []int{4}, []SM2{{5, 3, 2.5}}}, // max(0,1) × 2.5 = 2.5 → 3
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := tt.start
			for i, q := range tt.grades {
				s = s.Grade(q)
				if s != tt.want[i] {
					t.Fatalf("after grade %d (q=%d): got %+v, want %+v", i+1, q, s, tt.want[i])
				}
			}
		})
	}
}

func TestSM2Properties(t *testing.T) {
	check := func(reps, interval int32, ef float64, grades []int8) bool {
		s := SM2{Reps: int(reps), Interval: int(interval), EF: ef}
		for _, g := range grades {
			before := s
			next := s.Grade(int(g))
			if s != before && !(math.IsNaN(s.EF) && math.IsNaN(before.EF)) {
				t.Logf("receiver changed: %+v → %+v", before, s)
				return false
			}
			if next.EF < 1.3 || math.IsNaN(next.EF) || next.Interval < 1 || next.Interval > MaxInterval || next.Reps < 0 {
				t.Logf("%+v.Grade(%d) = %+v", s, g, next)
				return false
			}
			s = next
		}
		return true
	}
	cfg := &quick.Config{MaxCount: 5000, Rand: nil}
	if err := quick.Check(check, cfg); err != nil {
		t.Fatal(err)
	}
	// Long runs of perfect grades must stay in range too.
	r := rand.New(rand.NewPCG(1, 2))
	for range 200 {
		s := NewSM2()
		for range 300 {
			q := 5
			if r.IntN(10) == 0 {
				q = r.IntN(6)
			}
			s = s.Grade(q)
			if s.EF < 1.3 || s.Interval < 1 || s.Interval > MaxInterval {
				t.Fatalf("out of range: %+v", s)
			}
		}
	}
	for _, ef := range []float64{math.NaN(), math.Inf(1), math.Inf(-1), -5, 0, 1e300, 1e6} {
		got := SM2{Reps: 5, Interval: 100, EF: ef}.Grade(5)
		if got.EF < 1.3 || got.Interval < 1 || got.Interval > MaxInterval {
			t.Errorf("EF %v: %+v", ef, got)
		}
		// Whatever Grade returns can be stored and read back.
		r := cardRec{State: CardState{Memory: got}}
		if _, err := decodeCard(encodeCard(r)); err != nil {
			t.Errorf("EF %v: %v", ef, err)
		}
	}
}

func TestSM2Scheduler(t *testing.T) {
	sch := DefaultScheduler()
	today := Day(20000)
	s := sch.Review(NewCardState(), Good, today)
	want := CardState{Memory: SM2{1, 1, 2.5}, Due: today + 1, LastDay: today, Reviews: 1}
	if s != want {
		t.Fatalf("first Good: %+v, want %+v", s, want)
	}
	s = sch.Review(s, Easy, today+1)
	if want := (CardState{Memory: SM2{2, 6, 2.6}, Due: today + 7, LastDay: today + 1, Reviews: 2}); s != want {
		t.Fatalf("then Easy: %+v, want %+v", s, want)
	}
	s = sch.Review(s, Again, today+7)
	if want := (CardState{Memory: SM2{0, 1, 2.06}, Due: today + 8, LastDay: today + 7, Reviews: 3, Lapses: 1}); s != want {
		t.Fatalf("then Again: %+v, want %+v", s, want)
	}
	// Again on a card never learned is no lapse.
	if s := sch.Review(NewCardState(), Again, today); s.Lapses != 0 || s.New || s.Due != today+1 {
		t.Fatalf("Again on new: %+v", s)
	}
	// Hard is a pass: no lapse.
	if s := sch.Review(CardState{Memory: SM2{3, 15, 2.5}}, Hard, today); s.Lapses != 0 || s.Memory.(SM2).Reps != 4 {
		t.Fatalf("Hard: %+v", s)
	}
	// A record of another scheduler is read as none: SM-2 starts afresh.
	if s := sch.Review(CardState{Memory: FSRSState{Stability: 3, Difficulty: 5}}, Good, today); s.Memory != (SM2{1, 1, 2.5}) {
		t.Fatalf("over an FSRS record: %+v", s)
	}
}

// SM-2 has no memory model: its predicted recall is FSRS-6's default curve
// with the interval as the stability, so 0.9 when the card falls due.
func TestSM2Recall(t *testing.T) {
	sch := DefaultScheduler()
	s := CardState{Memory: SM2{3, 10, 2.5}, LastDay: 100, Due: 110}
	for _, tt := range []struct {
		day  Day
		want float64
	}{
		{100, 1},
		{90, 1}, // a clock before the review counts as the day of it
		{110, 0.9},
		// (1 + 0.98034649·20/10)^−0.1542, to 8 decimals
		{120, 0.84588465},
	} {
		if got := sch.Recall(s, tt.day); math.Abs(got-tt.want) > 1e-12 {
			t.Errorf("day %d: recall %v, want %v", tt.day, got, tt.want)
		}
	}
	if got := sch.Recall(NewCardState(), 5); got != 0 {
		t.Errorf("new card: %v", got)
	}
}
