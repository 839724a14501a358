package srs

import (
	"math"
	"testing"
)

// The FSRS tables below were computed by hand from the published FSRS-6
// formulas with the default weights, carrying the rounding to 8 decimals
// that ts-fsrs applies (and hone applies too: see FSRS). Where a value is
// rounded, the comment gives the unrounded arithmetic. hone matches ts-fsrs
// exactly, so every comparison is exact (==), not within a tolerance.

func TestFSRSDecayAndCurve(t *testing.T) {
	f := NewFSRS()
	decay, factor := f.decay()
	// decay = −w20; F = 0.9^(1/−0.1542) − 1 = 0.98034649…
	if decay != -0.1542 || factor != 0.98034649 {
		t.Fatalf("decay %v factor %v", decay, factor)
	}
	for _, tt := range []struct{ t, s, want float64 }{
		{0, 10, 1},              // same day: recall is certain
		{10, 10, 0.9},           // at t = S recall is 90%, by the definition of S
		{20, 10, 0.84588465},    // (1 + 0.98034649·2)^−0.1542
		{5, 2.3065, 0.83886143}, // (1 + 0.98034649·5/2.3065)^−0.1542
	} {
		if got := f.forgettingCurve(tt.t, tt.s); got != tt.want {
			t.Errorf("R(%v, %v) = %v, want %v", tt.t, tt.s, got, tt.want)
		}
	}
}

func TestFSRSInitial(t *testing.T) {
	f := NewFSRS()
	// S0(G) = w[G−1]; D0(G) = w4 − e^(w5·(G−1)) + 1
	for _, tt := range []struct {
		g        int
		s, d, d0 float64 // d0 unclamped, d in 1..10
	}{
		{1, 0.212, 6.4133, 6.4133},          // e^0 = 1
		{2, 1.2931, 5.11217071, 5.11217071}, // 7.4133 − e^0.8334 = 7.4133 − 2.30112929
		{3, 2.3065, 2.11810397, 2.11810397}, // 7.4133 − e^1.6668 = 7.4133 − 5.29519603
		{4, 8.2956, 1, -4.7716307},          // 7.4133 − e^2.5002 = 7.4133 − 12.1849307, clamped to 1
	} {
		if got := f.initStability(tt.g); got != tt.s {
			t.Errorf("S0(%d) = %v, want %v", tt.g, got, tt.s)
		}
		if got := f.initDifficulty(tt.g); got != tt.d0 {
			t.Errorf("D0(%d) = %v, want %v", tt.g, got, tt.d0)
		}
		got := f.Review(FSRSState{}, 100, tt.g)
		if got.Stability != tt.s || got.Difficulty != tt.d || got.LastReview != 100 || got.Lapses != 0 {
			t.Errorf("first review %d: %+v", tt.g, got)
		}
	}
}

// The intervals of a new card: round(S0 × 1) = 0, 1, 2, 8 days, at least 1;
// then Again ≤ Hard < Good < Easy: Again = min(1, 1) = 1, Hard = max(1, 2)
// = 2, Good = max(2, 3) = 3, Easy = max(8, 4) = 8.
func TestFSRSIntervalOrdering(t *testing.T) {
	f := NewFSRS()
	want := [4]int{1, 2, 3, 8}
	for g := 1; g <= 4; g++ {
		if got := f.Review(FSRSState{}, 0, g).Interval; got != want[g-1] {
			t.Errorf("new card, rating %d: %d days, want %d", g, got, want[g-1])
		}
	}
	// The ordering as ts-fsrs applies it, on raw intervals.
	for _, tt := range []struct{ raw, want [4]int }{
		{[4]int{1, 1, 1, 1}, [4]int{1, 2, 3, 4}},
		{[4]int{5, 3, 10, 20}, [4]int{3, 4, 10, 20}}, // Again above Hard comes down to it
		{[4]int{2, 9, 9, 9}, [4]int{2, 9, 10, 11}},
		{[4]int{36500, 36500, 36500, 36500}, [4]int{36500, 36501, 36502, 36503}}, // as ts-fsrs: past the maximum
	} {
		var next [4]memoryPoint
		for i, d := range tt.raw {
			next[i] = memoryPoint{s: float64(d)} // at retention 0.9 an interval is its S
		}
		if got := f.intervals(next); got != tt.want {
			t.Errorf("raw %v: %v, want %v", tt.raw, got, tt.want)
		}
	}
	// Under FSRS the four grade keys always offer four different days.
	sch := fsrsScheduler{f}
	st := CardState{New: true}
	for day := Day(0); day < 400; day += 37 {
		p := Preview(sch, st, day)
		for i := 1; i < 4; i++ {
			if p[i].Interval(day) <= p[i-1].Interval(day) {
				t.Fatalf("day %d: intervals %v not increasing", day, p)
			}
		}
		st = p[2]
	}
}

// I(r, S) = S · (r^(1/decay) − 1) / F, rounded, 1..MaxInterval.
func TestFSRSIntervalFromRetention(t *testing.T) {
	for _, tt := range []struct {
		r      float64
		im     float64
		s      float64
		days   int
		reason string
	}{
		{0.9, 1, 10, 10, "at 0.9 the interval is S"},
		{0.85, 1.90642614, 10, 19, "19.0642614"},
		{0.8, 3.3159598, 10, 33, "33.159598"},
		{0.95, 0.40255869, 10, 4, "4.0255869"},
		{0.7, 9.28791122, 10, 93, "92.8791122"},
		{0.9, 1, 0.3, 1, "0.3 rounds to 0: at least a day"},
		{0.7, 9.28791122, 36500, MaxInterval, "capped"},
	} {
		f := NewFSRS()
		f.Retention = tt.r
		if got := f.intervalModifier(); got != tt.im {
			t.Errorf("retention %v: modifier %v, want %v", tt.r, got, tt.im)
		}
		if got := f.nextInterval(tt.s); got != tt.days {
			t.Errorf("retention %v, S %v: %d days, want %d (%s)", tt.r, tt.s, got, tt.days, tt.reason)
		}
	}
}

// S'r = S·(1 + e^w8·(11−D)·S^−w9·(e^(w10·(1−R)) − 1)·w15 (Hard)·w16 (Easy)).
// At D 5, S 10, R 0.9: e^1.8722 = 6.50258636, ·6, ·10^−0.1666 = 0.68139666,
// ·(e^0.0796 − 1) = 0.08285384: the growth is 2.20267295 for Good,
// ×0.6014 = 1.32468751 for Hard and ×1.8729 = 4.12538616 for Easy.
func TestFSRSRecallStability(t *testing.T) {
	f := NewFSRS()
	for _, tt := range []struct {
		g    int
		want float64
	}{
		{2, 23.24687511},
		{3, 32.02672948},
		{4, 51.25386165},
	} {
		if got := f.recallStability(5, 10, 0.9, tt.g); got != tt.want {
			t.Errorf("rating %d: S' %v, want %v", tt.g, got, tt.want)
		}
	}
	// Through Review: a card of S 10, D 5 reviewed 10 days later (R 0.9).
	s := FSRSState{Interval: 10, Stability: 10, Difficulty: 5, LastReview: 100}
	got := f.Review(s, 110, 3)
	want := FSRSState{Interval: 32, Stability: 32.02672948, Difficulty: 4.99022837, LastReview: 110}
	if got != want {
		t.Errorf("Good after 10 days: %+v, want %+v", got, want)
	}
}

// S'f = w11·D^−w12·((S+1)^w13 − 1)·e^(w14·(1−R)), and never above S.
func TestFSRSForgetStability(t *testing.T) {
	f := NewFSRS()
	for _, tt := range []struct {
		name       string
		d, s, r, w float64
	}{
		// 1.4835 · 5^−0.0614 (0.90590622) · (11^0.2629 − 1 = 0.8783743) · e^0.16483 (1.17919264)
		{"D 5, S 10, R 0.9", 5, 10, 0.9, 1.39198697},
		// as above with e^0 = 1
		{"same day", 5, 10, 1, 1.18045765},
		// R(365, 0.212) = 0.31791062: the formula gives 0.23674926, above S
		{"capped at S", 1, 0.212, 0.31791062, 0.212},
	} {
		if got := f.forgetStability(tt.d, tt.s, tt.r); got != tt.w {
			t.Errorf("%s: S'f %v, want %v", tt.name, got, tt.w)
		}
	}
	// A lapse: Again on a card reviewed before.
	s := FSRSState{Interval: 10, Stability: 10, Difficulty: 5, LastReview: 100, Lapses: 2}
	got := f.Review(s, 110, 1)
	want := FSRSState{Interval: 1, Stability: 1.39198697, Difficulty: 8.34176237, Lapses: 3, LastReview: 110}
	if got != want {
		t.Errorf("Again after 10 days: %+v, want %+v", got, want)
	}
	// Again on a new card is no lapse.
	if got := f.Review(FSRSState{}, 5, 1); got.Lapses != 0 {
		t.Errorf("Again on a new card: %+v", got)
	}
}

// D' = w7·D0(Easy) + (1−w7)·(D + ΔD·(10−D)/9), ΔD = −w6·(G−3), in 1..10.
// D0(Easy) is −4.7716307, unclamped: the reversion pulls towards it.
func TestFSRSDifficulty(t *testing.T) {
	f := NewFSRS()
	for _, tt := range []struct {
		d    float64
		g    int
		want float64
		how  string
	}{
		{5, 1, 8.34176237, "ΔD 6.0388·5/9 = 3.35488889; 0.001·−4.7716307 + 0.999·8.35488889"},
		{5, 2, 6.66599536, "ΔD 3.0194·5/9 = 1.67744444; 0.999·6.67744444 − 0.0047716307"},
		{5, 3, 4.99022837, "ΔD 0: only the reversion, 0.999·5 − 0.0047716307"},
		{5, 4, 3.31446137, "ΔD −1.67744444; 0.999·3.32255556 − 0.0047716307"},
		{9.9, 1, 9.95235905, "damped near 10: 6.0388·0.1/9 = 0.06709778"},
		{1, 4, 1, "clamped at 1"},
	} {
		if got := f.nextDifficulty(tt.d, tt.g); got != tt.want {
			t.Errorf("D %v rating %d: %v, want %v (%s)", tt.d, tt.g, got, tt.want, tt.how)
		}
	}
}

// A second review on the day of the last one: elapsed 0, R = 1, and no
// short-term formula in the long-term mode. Recall leaves S as it is
// (e^0 − 1 = 0), for Hard as for Good, so Good's 10 days go up to Hard's
// + 1 by the ordering; a lapse takes S'f at R 1; D still moves.
func TestFSRSSameDay(t *testing.T) {
	f := NewFSRS()
	s := FSRSState{Interval: 10, Stability: 10, Difficulty: 5, LastReview: 100}
	for _, tt := range []struct {
		g    int
		want FSRSState
	}{
		{1, FSRSState{Interval: 1, Stability: 1.18045765, Difficulty: 8.34176237, Lapses: 1, LastReview: 100}},
		{3, FSRSState{Interval: 11, Stability: 10, Difficulty: 4.99022837, LastReview: 100}},
	} {
		if got := f.Review(s, 100, tt.g); got != tt.want {
			t.Errorf("same day, rating %d: %+v, want %+v", tt.g, got, tt.want)
		}
		// A day before the last review (a clock gone back) counts as the same day.
		if got := f.Review(s, 90, tt.g); got.Stability != tt.want.Stability {
			t.Errorf("day before, rating %d: %+v", tt.g, got)
		}
	}
}

// A sequence through Review, each step from the one before, as a learner
// would see it: Good on a new card, Good when due, then Again three weeks
// late, then Good when due.
func TestFSRSSequence(t *testing.T) {
	f := NewFSRS()
	steps := []struct {
		day  Day
		g    int
		want FSRSState
	}{
		{0, 3, FSRSState{Interval: 3, Stability: 2.3065, Difficulty: 2.11810397, LastReview: 0}},
		{3, 3, FSRSState{Interval: 14, Stability: 13.82690327, Difficulty: 2.11121424, LastReview: 3}},
		{38, 1, FSRSState{Interval: 2, Stability: 1.95074476, Difficulty: 7.39223814, Lapses: 1, LastReview: 38}},
		{40, 3, FSRSState{Interval: 5, Stability: 5.40383083, Difficulty: 7.38007427, Lapses: 1, LastReview: 40}},
	}
	var s FSRSState
	for _, st := range steps {
		s = f.Review(s, st.day, st.g)
		if s != st.want {
			t.Fatalf("day %d rating %d: %+v, want %+v", st.day, st.g, s, st.want)
		}
	}
}

func TestFSRSRetrievability(t *testing.T) {
	f := NewFSRS()
	s := FSRSState{Interval: 10, Stability: 10, Difficulty: 5, LastReview: 100}
	for _, tt := range []struct {
		day  Day
		want float64
	}{{100, 1}, {95, 1}, {110, 0.9}, {120, 0.84588465}} {
		if got := f.Retrievability(s, tt.day); got != tt.want {
			t.Errorf("day %d: %v, want %v", tt.day, got, tt.want)
		}
	}
	if got := f.Retrievability(FSRSState{}, 5); got != 0 {
		t.Errorf("new card: %v", got)
	}
}

// Whatever comes in, Review gives a state the codec stores: a stability in
// range, a difficulty in 1..10 and an interval of at least a day.
func TestFSRSBounds(t *testing.T) {
	f := NewFSRS()
	for _, s := range []FSRSState{
		{Stability: math.NaN(), Difficulty: 5},
		{Stability: 1e-9, Difficulty: math.NaN()},
		{Stability: 36500, Difficulty: 11, LastReview: -5},
		{Stability: 3, Difficulty: 0, LastReview: math.MaxInt32},
	} {
		for g := -1; g <= 6; g++ {
			for _, day := range []Day{math.MinInt32, 0, 20000, math.MaxInt32} {
				n := f.Review(s, day, g)
				if !(n.Stability >= fsrsMinStability && n.Stability <= fsrsMaxStability) || !(n.Difficulty >= 1 && n.Difficulty <= 10) || n.Interval < 1 {
					t.Fatalf("Review(%+v, %d, %d) = %+v", s, day, g, n)
				}
			}
		}
	}
}

func TestFSRSScheduler(t *testing.T) {
	c, err := DefaultFSRSSettings().Scheduler()
	if err != nil {
		t.Fatal(err)
	}
	// Grades map to ratings: 0, 1 and 2 fail (Again), then Hard, Good, Easy.
	for q, g := range map[Quality]int{0: 1, Again: 1, 2: 1, Hard: 2, Good: 3, Easy: 4} {
		got := c.Review(NewCardState(), q, 50)
		want := NewFSRS().Review(FSRSState{}, 50, g)
		if got.Memory != want || got.Due != 50+Day(want.Interval) || got.New || got.Reviews != 1 || got.LastDay != 50 {
			t.Errorf("grade %d: %+v, want memory %+v", q, got, want)
		}
	}
	learned := c.Review(NewCardState(), Good, 50)
	lapsed := c.Review(learned, Again, 53)
	if lapsed.Lapses != 1 || lapsed.Memory.(FSRSState).Lapses != 1 {
		t.Errorf("lapse not counted: %+v", lapsed)
	}
	// Learned on day 50 with S 2.3065; on day 52 recall is
	// (1 + 0.98034649·2/2.3065)^−0.1542 = 0.90949326
	if got := c.Recall(learned, 52); got != 0.90949326 {
		t.Errorf("recall two days on: %v", got)
	}
}
