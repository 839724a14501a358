package srs

import (
	"encoding/binary"
	"fmt"
	"time"
)

// EntryKind tells what a log entry records.
type EntryKind uint8

const (
	// Review is a grade of a card in its review, as logged. Whether it set
	// the schedule is replay's call (see applyEntry): the first answer of a
	// card on a day does, later ones that day are repeats.
	Review EntryKind = iota + 1
	// Repeat is a later grade the same day, as logged when it was given;
	// it changes no schedule. Replay treats Review and Repeat alike.
	Repeat
	// Drill is a practice answer outside the schedule; schedule unchanged.
	Drill
	// Undo reverts the entry named by Undoes.
	Undo
	// Early is an answer given before the card was due (study more,
	// reviews ahead), as logged when it was given. Replay treats it as it
	// treats Review: the scheduler's rules make of it what they make of a
	// review on that day.
	Early
	// Suspend takes the card out of every queue, count and forecast until
	// an Unsuspend; with Leech set it also marks the card a leech (it
	// lapsed too often, and hone suspended it).
	Suspend
	// Unsuspend puts a suspended card back; a leech stays marked as one.
	Unsuspend
	// Bury sets the card aside until the start of the day Until.
	Bury
	// Unbury ends a bury at once.
	Unbury
	// SetFlag puts the colour Flag on the card; NoFlag takes it off.
	SetFlag
	// Reset puts the card back in the new pile as if never reviewed: its
	// schedule, lapses, leech mark, suspension and bury go; its flag stays.
	Reset
	// Imported is an answer given in another program (Anki), taken in with
	// the card's history: replay treats it as it treats Review, so the day
	// counters, the heatmap, the streak and accuracy count it.
	Imported
	// Adopt sets the card to the schedule another program had for it when
	// it was imported (see Adoption), after that program's answers.
	Adopt
)

func (k EntryKind) String() string {
	switch k {
	case Review:
		return "review"
	case Repeat:
		return "repeat"
	case Drill:
		return "drill"
	case Undo:
		return "undo"
	case Early:
		return "early"
	case Suspend:
		return "suspend"
	case Unsuspend:
		return "unsuspend"
	case Bury:
		return "bury"
	case Unbury:
		return "unbury"
	case SetFlag:
		return "flag"
	case Reset:
		return "reset"
	case Imported:
		return "imported"
	case Adopt:
		return "adopt"
	}
	return fmt.Sprintf("kind%d", uint8(k))
}

func (k EntryKind) valid() bool { return k >= Review && k <= Adopt }

// IsAnswer reports whether entries of kind k are grades given to a card:
// in a review (Review, Repeat, Early, Imported) or in a drill.
func (k EntryKind) IsAnswer() bool { return k.IsReview() || k == Drill }

// IsReview reports whether entries of kind k are grades given in a review,
// not a drill: what moves a schedule, or repeats a card the same day. An
// answer imported from another program is one.
func (k EntryKind) IsReview() bool { return k == Review || k == Repeat || k == Early || k == Imported }

// Entry is one line of the review log, the store's source of truth. It
// says what happened, never what a scheduler made of it: a log replays
// under any scheduler.
type Entry struct {
	Seq     uint64 // position in the log, from 1
	CardID  string
	Deck    string // the card's deck when answered, for per-deck counters
	Time    time.Time
	Day     Day
	Quality Quality
	Kind    EntryKind
	Took    time.Duration
	Undoes  uint64 // Undo entries: the seq undone (0 while it has not arrived from another device)
	Prev    uint64 // the card's previous live entry when it was logged here (0 = none); informative only

	Until Day  // Bury: the day the bury ends
	Flag  Flag // SetFlag: the flag put on
	Leech bool // Suspend: the card is suspended as a leech
	// Cause is the answer this entry follows from, written in the same
	// transaction (a sibling's bury, a leech's suspend), by its seq here;
	// 0 for an entry the user asked for, and for one from another device.
	// Undoing that answer undoes this entry too.
	Cause uint64
	// Adopted is an Adopt entry's schedule; zero for every other kind.
	Adopted Adoption

	// Added by schema v5: who wrote the entry, and where it sits in the
	// order every device replays in (see orderKey).
	ID       EntryID // the writing device and its counter
	Stamp    uint64  // Lamport stamp
	UndoesID EntryID // Undo entries: the entry undone, by identity
}

// effect is what one live entry did to its card, as replay decided it.
type effect struct {
	kind  EntryKind // Review (it set the schedule), Repeat or Drill
	lapse bool      // the review counted a lapse
	first bool      // the card's first review: it left the new pile
	early bool      // the review came before the card was due
	// mature: the review came matureInterval days or more after the
	// card's previous schedule-setting review (retention counts these).
	mature bool
}

// applyEntry applies one live entry to its card's state. It is the one
// place that says what an entry does, so a new kind of entry is one case
// here. An answer sets the schedule when it is the card's first answer on
// its day, that is, when the card is new or was last reviewed on an earlier
// day; later ones that day (or on a day before, from a clock that went
// back) are repeats, whatever the entry was logged as: logs merged from
// several devices decide it here, not when each was written.
//
// The user's own changes are facts that need no scheduler: each sets what
// it names (see the kinds), so a log merged from several devices replays
// to the same marks whatever order the devices wrote them in, as long as
// the merge orders the entries.
func applyEntry(sch Scheduler, s CardState, e Entry) (CardState, effect) {
	switch e.Kind {
	case Review, Repeat, Early, Imported:
		if !s.New && e.Day <= s.LastDay {
			return s, effect{kind: Repeat}
		}
		n := sch.Review(s, e.Quality, e.Day)
		return n, effect{kind: Review, lapse: n.Lapses > s.Lapses, first: s.New, early: !s.New && s.Due > e.Day,
			mature: !s.New && int64(e.Day)-int64(s.LastDay) >= matureInterval}
	case Drill:
		return s, effect{kind: Drill}
	case Adopt:
		return sch.adopt(s, e.Adopted), effect{kind: Adopt}
	}
	return applyMark(s, e), effect{kind: e.Kind} // Undo: callers drop undone entries instead
}

// applyMark applies an entry of the user's own: suspend, bury, flag, reset.
func applyMark(s CardState, e Entry) CardState {
	switch e.Kind {
	case Suspend:
		s.Suspended = true
		s.Leech = s.Leech || e.Leech
	case Unsuspend:
		s.Suspended = false
	case Bury:
		s.BuriedUntil = e.Until
	case Unbury:
		s.BuriedUntil = 0
	case SetFlag:
		s.Flag = e.Flag
	case Reset:
		n := NewCardState()
		n.Flag = s.Flag
		return n
	}
	return s
}

// forEachEntry calls fn for every log entry in order.
func (t *txn) forEachEntry(fn func(Entry) error) error {
	c := t.log.Cursor()
	for k, v := c.First(); k != nil; k, v = c.Next() {
		if len(k) != 8 {
			return &damagedRecord{what: "log", msg: fmt.Sprintf("key of %d bytes", len(k))}
		}
		e, err := t.decodeLogEntry(binary.BigEndian.Uint64(k), v)
		if err != nil {
			return err
		}
		if err := fn(e); err != nil {
			return err
		}
	}
	return nil
}

// Replay rebuilds every card's state from the log alone, running the
// scheduler in force over each live answer. It is what a change of
// scheduler does, and what `hone check` compares with the stored states.
func (s *Store) Replay() (map[string]CardState, error) {
	var states map[string]CardState
	err := s.view(func(t *txn) error {
		var err error
		states, _, err = t.replay()
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("replay log: %w", err)
	}
	return states, nil
}

// replay returns the rebuilt states and the day counters implied by the
// log, under t's scheduler, each card's entries in replay order (see
// replayAll).
func (t *txn) replay() (map[string]CardState, map[Day]*DayCounts, error) {
	return t.replayAll()
}
