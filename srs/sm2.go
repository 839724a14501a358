package srs

import "math"

// MaxInterval caps an interval at about 100 years. Without it a long run of
// perfect grades grows the interval exponentially until day numbers overflow.
const MaxInterval = 36500

// EF is kept in hundredths: every SM-2 delta is a multiple of 0.02, so this
// loses nothing and makes interval rounding exact.
const (
	efStartCents = 250
	efFloorCents = 130
	efMaxCents   = 100_000_000 // keeps interval × EF inside int64 for any input
)

// SM2 is the scheduling state of one item under SuperMemo 2.
type SM2 struct {
	Reps     int     // successful repetitions in a row
	Interval int     // days until the next review
	EF       float64 // easiness factor
}

// NewSM2 is the state of an item never reviewed.
func NewSM2() SM2 { return SM2{EF: efStartCents / 100.0} }

// Grade returns the state after a review of quality q (0..5; values outside
// are clamped). It is pure and never changes its receiver.
func (s SM2) Grade(q int) SM2 {
	q = min(max(q, 0), 5)
	ef := efCents(s.EF)
	d := int64(5 - q)

	var next SM2
	if q < 3 {
		next.Interval = 1
	} else {
		switch {
		case s.Reps <= 0:
			next.Interval = 1
		case s.Reps == 1:
			next.Interval = 6
		default:
			prev := int64(min(max(s.Interval, 1), MaxInterval))
			next.Interval = int(min((prev*ef+50)/100, MaxInterval))
		}
		next.Reps = min(max(s.Reps, 0), math.MaxInt32-1) + 1
	}
	next.Interval = max(next.Interval, 1)
	next.EF = float64(min(max(ef+10-d*(8+2*d), efFloorCents), efMaxCents)) / 100
	return next
}

// efCents reads an EF that may come from anywhere (a decoded record, a
// caller's literal) without letting NaN, infinities or huge values through.
func efCents(ef float64) int64 {
	switch {
	case math.IsNaN(ef) || ef < efFloorCents/100.0:
		return efFloorCents
	case ef > efMaxCents/100.0:
		return efMaxCents
	}
	return int64(math.Round(ef * 100))
}

// sm2Scheduler is SM-2 behind the Scheduler interface.
type sm2Scheduler struct{}

// DefaultScheduler is the scheduler of a new collection: SM-2.
func DefaultScheduler() Scheduler { return sm2Scheduler{} }

func (sm2Scheduler) Settings() SchedulerSettings { return SchedulerSettings{Name: SchedulerSM2} }

// Review grades the card's SM-2 record (a fresh one for a new card). A lapse
// is a failing grade on a card SM-2 had learned: one with Reps above 0.
func (sm2Scheduler) Review(s CardState, q Quality, day Day) CardState {
	m, ok := s.Memory.(SM2)
	if !ok {
		m = NewSM2()
	}
	n := m.Grade(int(q))
	return s.reviewed(n, n.Interval, !q.Correct() && m.Reps > 0, day)
}

// Recall: SM-2 has no memory model. hone takes the interval SM-2 chose as
// the days after which recall falls to 90% (the usual reading of SM-2's
// schedule), and FSRS-6's default forgetting curve from there.
func (sm2Scheduler) Recall(s CardState, day Day) float64 {
	m, ok := s.Memory.(SM2)
	if s.New || !ok {
		return 0
	}
	return forgettingRecall(int64(day)-int64(s.LastDay), float64(max(m.Interval, 1)))
}

// Describe: SM-2 keeps one number a person can read, the ease factor.
func (sm2Scheduler) Describe(s CardState) []Fact {
	ease := Fact{Name: "ease", Short: "Ease", Value: math.NaN()}
	if m, ok := s.Memory.(SM2); ok {
		ease.Value = m.EF
	}
	return []Fact{ease}
}

func (SM2) scheduler() string { return SchedulerSM2 }

func (m SM2) encode(e *enc) {
	e.byte(memorySM2)
	e.count(m.Reps)
	e.count(m.Interval)
	e.float(m.EF)
}

func decodeSM2(d *dec) SM2 {
	var m SM2
	m.Reps = d.count()
	m.Interval = d.count()
	m.EF = d.float()
	if d.err == nil && (math.IsNaN(m.EF) || m.EF < efFloorCents/100.0 || m.EF > efMaxCents/100.0) {
		d.fail("easiness factor %v out of range", m.EF)
	}
	return m
}
