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

// CardState is a card's scheduling state: the bookkeeping every scheduler
// shares, which the queue and the stats read, and the scheduler's own
// record of the card's memory, tagged with the scheduler it belongs to.
type CardState struct {
	New     bool   // never reviewed (in the new pile)
	Due     Day    // next review day (valid when !New)
	LastDay Day    // day of the last schedule-setting review (0 = never)
	Lapses  int    // reviews that failed a card its scheduler counted as learned
	Reviews int    // schedule-setting reviews
	Memory  Memory // the scheduler's record; nil when New
}

// NewCardState is the state of a card that has never been reviewed.
func NewCardState() CardState { return CardState{New: true} }

func satInc(n int) int { return min(max(n, 0), math.MaxInt32-1) + 1 }
