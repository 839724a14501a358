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
