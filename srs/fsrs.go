package srs

import "math"

// FSRS is the Free Spaced Repetition Scheduler, version 6, in its day-based
// (long-term) form: one schedule-setting review a day, no learning steps and
// no fuzz. It follows the reference implementation, ts-fsrs 5.4, run with
// enable_fuzz false and enable_short_term false, down to rounding: wherever
// ts-fsrs rounds an intermediate value to 8 decimals (half up, as
// JavaScript's Math.round does), so does hone, so that the two agree on
// every interval rather than to within 1e-7.
//
// The model: a card's memory is its stability S (the days after which the
// chance of recall has fallen to 90%) and its difficulty D (1 to 10).
// Recall after t days follows the forgetting curve
//
//	R(t) = (1 + F·t/S)^(−w20),  F = 0.9^(−1/w20) − 1
//
// and the next interval is the t at which R falls to the desired retention.
type FSRS struct {
	W           [21]float64 // the FSRS-6 weights w0…w20
	Retention   float64     // desired retention, the chance of recall when a card comes due
	MaxInterval int         // longest interval, in days
}

// FSRSState is what FSRS knows of one card. Its zero value is a card never
// reviewed (any state with Stability 0 is).
type FSRSState struct {
	Interval   int     // days until the next review
	Stability  float64 // days until recall falls to 90%
	Difficulty float64 // 1 (easy) to 10 (hard)
	Lapses     int     // Again on a card that had been reviewed before
	LastReview Day     // the day of the last review
}

// FSRS-6's published default weights, trained on the open srs-benchmark.
var fsrsDefaultWeights = [21]float64{
	0.212, 1.2931, 2.3065, 8.2956, 6.4133, 0.8334, 3.0194, 0.001, 1.8722, 0.1666, 0.796,
	1.4835, 0.0614, 0.2629, 1.6483, 0.6014, 1.8729, 0.5425, 0.0912, 0.0658, 0.1542,
}

// Bounds of the model.
const (
	fsrsDefaultRetention = 0.9
	fsrsMinStability     = 0.001
	fsrsMaxStability     = 36500.0
)

// NewFSRS is FSRS-6 with its default weights, desired retention 0.9 and a
// maximum interval of 36500 days.
func NewFSRS() FSRS {
	return FSRS{W: fsrsDefaultWeights, Retention: fsrsDefaultRetention, MaxInterval: MaxInterval}
}

// Review returns the state after a review on day with rating 1 Again,
// 2 Hard, 3 Good or 4 Easy (values outside are clamped). The days elapsed
// are counted from s.LastReview; a review on that day or earlier has
// elapsed 0, so recall 1. It is pure.
func (f FSRS) Review(s FSRSState, day Day, rating int) FSRSState {
	rating = min(max(rating, 1), 4)
	var next [4]memoryPoint
	isNew := !(s.Stability > 0)
	if isNew {
		for g := 1; g <= 4; g++ {
			next[g-1] = memoryPoint{s: f.initStability(g), d: clamp(f.initDifficulty(g), 1, 10)}
		}
	} else {
		d := s.Difficulty
		if !(d >= 1) { // NaN or below range
			d = 1
		}
		d = min(d, 10)
		t := max(int64(day)-int64(s.LastReview), 0)
		r := f.forgettingCurve(float64(t), s.Stability)
		for g := 1; g <= 4; g++ {
			p := memoryPoint{d: f.nextDifficulty(d, g)}
			if g == 1 {
				p.s = f.forgetStability(d, s.Stability, r)
			} else {
				p.s = f.recallStability(d, s.Stability, r, g)
			}
			next[g-1] = p
		}
	}
	ivl := f.intervals(next)
	out := FSRSState{
		Interval:   ivl[rating-1],
		Stability:  next[rating-1].s,
		Difficulty: next[rating-1].d,
		Lapses:     s.Lapses,
		LastReview: day,
	}
	if rating == 1 && !isNew {
		out.Lapses = satInc(s.Lapses)
	}
	return out
}

// Retrievability is the chance of recalling the card on day: 0 for a card
// never reviewed, 1 on the day of its review.
func (f FSRS) Retrievability(s FSRSState, day Day) float64 {
	if !(s.Stability > 0) {
		return 0
	}
	t := max(int64(day)-int64(s.LastReview), 0)
	return f.forgettingCurve(float64(t), roundTo8(s.Stability))
}

type memoryPoint struct{ s, d float64 }

// intervals turns the four candidate stabilities into days and orders them
// as ts-fsrs does: Again ≤ Hard < Good < Easy, each at least one day more
// than the one before, so the four grade keys always offer four different
// intervals.
func (f FSRS) intervals(next [4]memoryPoint) [4]int {
	var ivl [4]int
	for i, p := range next {
		ivl[i] = f.nextInterval(p.s)
	}
	ivl[0] = min(ivl[0], ivl[1])
	ivl[1] = max(ivl[1], ivl[0]+1)
	ivl[2] = max(ivl[2], ivl[1]+1)
	ivl[3] = max(ivl[3], ivl[2]+1)
	return ivl
}

// decay is −w20; factor is F = 0.9^(1/decay) − 1, so that R(S) = 0.9.
func (f FSRS) decay() (decay, factor float64) {
	decay = -f.W[20]
	factor = roundTo8(math.Exp(1/decay*math.Log(0.9)) - 1)
	return decay, factor
}

// forgettingCurve is R(t, S) = (1 + F·t/S)^decay.
func (f FSRS) forgettingCurve(t, s float64) float64 {
	decay, factor := f.decay()
	return roundTo8(math.Pow(1+factor*t/s, decay))
}

// intervalModifier is the t/S at which R falls to the desired retention:
// (r^(1/decay) − 1) / F. At r = 0.9 it is 1.
func (f FSRS) intervalModifier() float64 {
	decay, factor := f.decay()
	r := f.Retention
	if !(r > 0 && r <= 1) {
		r = fsrsDefaultRetention
	}
	return roundTo8((math.Pow(r, 1/decay) - 1) / factor)
}

// nextInterval is S × the interval modifier, rounded to whole days, at
// least 1 and at most MaxInterval.
func (f FSRS) nextInterval(s float64) int {
	maxIvl := f.MaxInterval
	if maxIvl <= 0 {
		maxIvl = MaxInterval
	}
	ivl := jsRound(s * f.intervalModifier())
	return int(min(max(ivl, 1), float64(maxIvl)))
}

// initStability is S0(G) = w[G−1], at least 0.1.
func (f FSRS) initStability(g int) float64 { return max(f.W[g-1], 0.1) }

// initDifficulty is D0(G) = w4 − e^(w5·(G−1)) + 1, unclamped: the mean
// reversion aims at D0(Easy), which is below 1 with the default weights.
func (f FSRS) initDifficulty(g int) float64 {
	return roundTo8(f.W[4] - math.Exp(float64(g-1)*f.W[5]) + 1)
}

// nextDifficulty moves D by −w6·(G−3), damped linearly as D nears 10, then
// reverts it by w7 towards D0(Easy), and keeps it in 1..10.
func (f FSRS) nextDifficulty(d float64, g int) float64 {
	delta := -f.W[6] * float64(g-3)
	damped := d + roundTo8(delta*(10-d)/9)
	reverted := roundTo8(f.W[7]*f.initDifficulty(4) + (1-f.W[7])*damped)
	return clamp(reverted, 1, 10)
}

// recallStability is the stability after a successful review:
//
//	S' = S·(1 + e^w8 · (11−D) · S^(−w9) · (e^(w10·(1−R)) − 1) · w15 (Hard) · w16 (Easy))
func (f FSRS) recallStability(d, s, r float64, g int) float64 {
	w := &f.W
	hardPenalty, easyBonus := 1.0, 1.0
	if g == 2 {
		hardPenalty = w[15]
	}
	if g == 4 {
		easyBonus = w[16]
	}
	grow := math.Exp(w[8]) * (11 - d) * math.Pow(s, -w[9]) * (math.Exp((1-r)*w[10]) - 1) * hardPenalty * easyBonus
	return roundTo8(clamp(s*(1+grow), fsrsMinStability, fsrsMaxStability))
}

// forgetStability is the stability after a lapse, never above the stability
// before it (in the long-term mode, without the short-term factor):
//
//	S'f = w11 · D^(−w12) · ((S+1)^w13 − 1) · e^(w14·(1−R))
func (f FSRS) forgetStability(d, s, r float64) float64 {
	w := &f.W
	sf := roundTo8(clamp(w[11]*math.Pow(d, -w[12])*(math.Pow(s+1, w[13])-1)*math.Exp((1-r)*w[14]), fsrsMinStability, fsrsMaxStability))
	return clamp(roundTo8(s), fsrsMinStability, sf)
}

func clamp(v, lo, hi float64) float64 { return min(max(v, lo), hi) }

// jsRound rounds half up, towards +∞, as JavaScript's Math.round does (Go's
// math.Round rounds half away from zero, which differs for negatives).
func jsRound(x float64) float64 {
	r := math.Floor(x)
	if x-r >= 0.5 {
		r++
	}
	return r
}

// roundTo8 rounds to 8 decimals as ts-fsrs does.
func roundTo8(x float64) float64 { return jsRound(x*1e8) / 1e8 }

// fsrsScheduler is FSRS behind the Scheduler interface.
type fsrsScheduler struct{ f FSRS }

func (x fsrsScheduler) Settings() SchedulerSettings {
	return SchedulerSettings{Name: SchedulerFSRS, Retention: x.f.Retention}
}

// Review maps hone's grades to FSRS's ratings (any failing grade is Again)
// and reviews the card's FSRS record (a fresh one for a new card).
func (x fsrsScheduler) Review(s CardState, q Quality, day Day) CardState {
	m, _ := s.Memory.(FSRSState)
	n := x.f.Review(m, day, fsrsRating(q))
	return s.reviewed(n, n.Interval, n.Lapses > m.Lapses, day)
}

func (x fsrsScheduler) Recall(s CardState, day Day) float64 {
	m, ok := s.Memory.(FSRSState)
	if s.New || !ok {
		return 0
	}
	return x.f.Retrievability(m, day)
}

// Describe: FSRS's memory is its stability (days to 90% recall) and its
// difficulty (1 to 10).
func (fsrsScheduler) Describe(s CardState) []Fact {
	stab := Fact{Name: "stability", Short: "Stab", Value: math.NaN(), Days: true}
	diff := Fact{Name: "difficulty", Short: "Diff", Value: math.NaN()}
	if m, ok := s.Memory.(FSRSState); ok {
		stab.Value, diff.Value = m.Stability, m.Difficulty
	}
	return []Fact{stab, diff}
}

// fsrsRating is the FSRS rating of a grade: 1 Again for any failing grade,
// then 2 Hard, 3 Good, 4 Easy.
func fsrsRating(q Quality) int {
	switch {
	case !q.Correct():
		return 1
	case q == Hard:
		return 2
	case q == Good:
		return 3
	}
	return 4
}

func (FSRSState) scheduler() string { return SchedulerFSRS }

func (m FSRSState) encode(e *enc) {
	e.byte(memoryFSRS)
	e.count(m.Interval)
	e.float(m.Stability)
	e.float(m.Difficulty)
	e.count(m.Lapses)
	e.int(int64(m.LastReview))
}

func decodeFSRS(d *dec) FSRSState {
	var m FSRSState
	m.Interval = d.count()
	m.Stability = d.float()
	m.Difficulty = d.float()
	m.Lapses = d.count()
	m.LastReview = d.day()
	switch {
	case d.err != nil:
	case !(m.Stability >= fsrsMinStability && m.Stability <= fsrsMaxStability):
		d.fail("stability %v out of range", m.Stability)
	case !(m.Difficulty >= 1 && m.Difficulty <= 10):
		d.fail("difficulty %v out of range", m.Difficulty)
	}
	return m
}
