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
//
// The user's own marks, set by log entries of their own (see applyEntry),
// ride along: a schedule-setting review keeps them, except that it ends a
// bury.
type CardState struct {
	New     bool   // never reviewed (in the new pile)
	Due     Day    // next review day (valid when !New)
	LastDay Day    // day of the last schedule-setting review (0 = never)
	Lapses  int    // reviews that failed a card its scheduler counted as learned
	Reviews int    // schedule-setting reviews
	Memory  Memory // the scheduler's record; nil when New

	Suspended   bool // out of every queue until unsuspended
	Leech       bool // suspended once for lapsing too often; kept until a reset
	BuriedUntil Day  // out of the queue until this day begins (0: not buried)
	Flag        Flag // the user's colour mark; 0 for none
}

// Buried reports whether the card is set aside on day: a bury ends at the
// start of the day it names.
func (s CardState) Buried(day Day) bool { return s.BuriedUntil != 0 && day < s.BuriedUntil }

// Flag is a colour mark a user puts on a card, numbered as Anki numbers
// its flags so that an imported collection keeps them: 0 is none.
type Flag uint8

// The flags.
const (
	NoFlag Flag = iota
	FlagRed
	FlagOrange
	FlagGreen
	FlagBlue
	FlagPink
	FlagTurquoise
	FlagPurple
	maxFlag = FlagPurple
)

var flagNames = [...]string{"none", "red", "orange", "green", "blue", "pink", "turquoise", "purple"}

func (f Flag) String() string {
	if f > maxFlag {
		return fmt.Sprintf("flag%d", uint8(f))
	}
	return flagNames[f]
}

// Valid reports whether f is one of the flags.
func (f Flag) Valid() bool { return f <= maxFlag }

// FlagNamed is the flag of a colour name or number ("red", "1"); false for
// neither.
func FlagNamed(name string) (Flag, bool) {
	for i, n := range flagNames {
		if name == n || name == fmt.Sprint(i) {
			return Flag(i), true
		}
	}
	return 0, false
}

// NewCardState is the state of a card that has never been reviewed.
func NewCardState() CardState { return CardState{New: true} }

func satInc(n int) int { return min(max(n, 0), math.MaxInt32-1) + 1 }
