package srs

import (
	"encoding/binary"
	"fmt"
	"time"
)

// EntryKind tells what a log entry records.
type EntryKind uint8

const (
	// Review is the day's first grade of a card; it sets the schedule.
	Review EntryKind = iota + 1
	// Repeat is a later grade the same day (SM-2 step 7); schedule unchanged.
	Repeat
	// Drill is a practice answer outside the schedule; schedule unchanged.
	Drill
	// Undo reverts the entry named by Undoes.
	Undo
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
	}
	return fmt.Sprintf("kind%d", uint8(k))
}

func (k EntryKind) valid() bool { return k >= Review && k <= Undo }

// Entry is one line of the review log, the store's source of truth.
type Entry struct {
	Seq     uint64 // position in the log, from 1
	CardID  string
	Deck    string // the card's deck when answered, for per-deck counters
	Time    time.Time
	Day     Day
	Quality Quality
	Kind    EntryKind
	Before  CardState
	After   CardState
	Took    time.Duration
	Undoes  uint64 // Undo entries: the seq undone
	Prev    uint64 // the card's previous live entry (0 = none), restored by undo
}

// forEachEntry calls fn for every log entry in order.
func (t *txn) forEachEntry(fn func(Entry) error) error {
	c := t.log.Cursor()
	for k, v := c.First(); k != nil; k, v = c.Next() {
		if len(k) != 8 {
			return &damagedRecord{what: "log", msg: fmt.Sprintf("key of %d bytes", len(k))}
		}
		e, err := decodeEntry(binary.BigEndian.Uint64(k), v)
		if err != nil {
			return err
		}
		if err := fn(e); err != nil {
			return err
		}
	}
	return nil
}

// entriesBack calls fn for the log's live entries (neither undos nor
// undone), newest first, until fn says stop: the recent end of the log is
// what stats and the queue ask about, and it costs only what they read.
func (t *txn) entriesBack(fn func(Entry) (bool, error)) error {
	c := t.log.Cursor()
	for k, v := c.Last(); k != nil; k, v = c.Prev() {
		if len(k) != 8 {
			return &damagedRecord{what: "log", msg: fmt.Sprintf("key of %d bytes", len(k))}
		}
		e, err := decodeEntry(binary.BigEndian.Uint64(k), v)
		if err != nil {
			return err
		}
		if e.Kind == Undo || t.undone.Get(k) != nil {
			continue
		}
		if more, err := fn(e); err != nil || !more {
			return err
		}
	}
	return nil
}

// Replay rebuilds every card's state from the log alone, running the
// scheduler again over each live review. It is what a change of scheduler
// would do, and what `hone check` compares with the stored states.
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

// replay returns the rebuilt states and the day counters implied by the log.
// An undo always reverts a card's latest live entry, so the live entries are
// the log minus undo entries and the entries they undo; a first pass finds
// those, so memory is O(cards + undos), not O(log).
func (t *txn) replay() (map[string]CardState, map[Day]*DayCounts, error) {
	states := map[string]CardState{}
	c := t.cards.Cursor()
	for k, _ := c.First(); k != nil; k, _ = c.Next() {
		states[string(k)] = NewCardState()
	}
	undone := map[uint64]bool{}
	err := t.forEachEntry(func(e Entry) error {
		if e.Kind == Undo {
			undone[e.Undoes] = true
		}
		return nil
	})
	if err != nil {
		return nil, nil, err
	}
	days := map[Day]*DayCounts{}
	err = t.forEachEntry(func(e Entry) error {
		if e.Kind == Undo || undone[e.Seq] {
			return nil
		}
		st, ok := states[e.CardID]
		if !ok {
			st = NewCardState()
		}
		if e.Kind == Review {
			states[e.CardID] = st.Apply(e.Quality, e.Day)
		}
		dc := days[e.Day]
		if dc == nil {
			dc = &DayCounts{}
			days[e.Day] = dc
		}
		dc.add(e, 1)
		return nil
	})
	return states, days, err
}
