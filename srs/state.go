package srs

import (
	"fmt"
	"math"
)

// Quality is an answer grade on SM-2's 0..5 scale.
type Quality int

// hone's four answer keys.
const (
	Again Quality = 1
	Hard  Quality = 3
	Good  Quality = 4
	Easy  Quality = 5
)

func (q Quality) String() string {
	switch q {
	case Again:
		return "again"
	case Hard:
		return "hard"
	case Good:
		return "good"
	case Easy:
		return "easy"
	}
	return fmt.Sprintf("q%d", int(q))
}

// Correct is SM-2's line between recalled and not: grade 3 (Hard) and up.
// Accuracy, day counters and weakness all count with it.
func (q Quality) Correct() bool { return q >= Hard }

func (q Quality) valid() bool { return q >= 0 && q <= 5 }

// CardState is a card's scheduling state: SM-2 plus the bookkeeping that the
// queue and the stats need.
type CardState struct {
	SM2
	New     bool // never reviewed (in the new pile)
	Due     Day  // next review day (valid when !New)
	LastDay Day  // day of the last schedule-setting review (0 = never)
	Lapses  int  // Again on a card that had Reps>0 (had been learned)
	Reviews int  // schedule-setting reviews
}

// NewCardState is the state of a card that has never been reviewed.
func NewCardState() CardState { return CardState{SM2: NewSM2(), New: true} }

// Apply is the state after the day's first (schedule-setting) review. It is
// pure; the TUI labels its grade keys with s.Apply(q, today).Interval.
func (s CardState) Apply(q Quality, today Day) CardState {
	n := s
	n.SM2 = s.SM2.Grade(int(q))
	n.New = false
	n.Due = today.Add(n.Interval)
	n.LastDay = today
	n.Reviews = satInc(s.Reviews)
	if q < Hard && s.Reps > 0 {
		n.Lapses = satInc(s.Lapses)
	}
	return n
}

func satInc(n int) int { return min(max(n, 0), math.MaxInt32-1) + 1 }
