package srs

import (
	"errors"
	"fmt"
	"time"
)

// DefaultLeechLapses is how many lapses make a card a leech unless the
// settings say otherwise: Anki's number.
const DefaultLeechLapses = 8

// ErrNoChange is returned for a change that would leave the card as it is
// (suspending a suspended card): the log holds only real changes.
var ErrNoChange = errors.New("nothing to change")

func leechThreshold(n int) int {
	switch {
	case n == 0:
		return DefaultLeechLapses
	case n < 0:
		return 0
	}
	return n
}

// LeechAt reports whether a lapse that brings a card to lapses makes it a
// leech under threshold: at the threshold, then every half threshold more,
// as Anki does, so that a leech unsuspended and failed again is caught
// again. A threshold of 0 or less never does.
func LeechAt(lapses, threshold int) bool {
	if threshold <= 0 || lapses < threshold {
		return false
	}
	return (lapses-threshold)%max(threshold/2, 1) == 0
}

// consequences writes what an answer brings with it, in its transaction:
// a leech's suspend, and the bury of the card's siblings when the answer
// set the schedule. r is the answered card's record, after the answer.
func (t *txn) consequences(res *AnswerResult, r *cardRec, eff effect) error {
	e := res.Entry
	if eff.kind != Review {
		return nil // a repeat, a drill: the day's first answer did all this
	}
	if eff.lapse && !res.State.Suspended && LeechAt(res.State.Lapses, t.leech) {
		m := Entry{CardID: e.CardID, Deck: r.Deck, Time: e.Time, Day: e.Day, Kind: Suspend, Leech: true, Cause: e.Seq}
		if err := t.mark(&m, r); err != nil {
			return err
		}
		res.State, res.Leech = r.State, true
	}
	for _, id := range t.siblings(e.CardID, r.Note) {
		sib, err := t.card(id)
		if err != nil {
			return err
		}
		if sib == nil || sib.Retired || sib.State.Suspended || !comesOn(sib.State, e.Day) {
			continue
		}
		b := Entry{CardID: id, Deck: sib.Deck, Time: e.Time, Day: e.Day, Kind: Bury, Until: e.Day.Add(1), Cause: e.Seq}
		if err := t.mark(&b, sib); err != nil {
			return err
		}
		res.Buried = append(res.Buried, id)
	}
	return nil
}

// comesOn reports whether a card in state s would be in day's queue: new,
// or due by then, and not buried past it.
func comesOn(s CardState, day Day) bool {
	return (s.New || s.Due <= day) && !s.Buried(day+1)
}

// mark logs entry e, one of the user's marks, for card r and applies it.
func (t *txn) mark(e *Entry, r *cardRec) error {
	e.Prev = r.LastSeq
	return t.append(e, r, applyMark(r.State, *e))
}

// undo is Undo inside a transaction, at the time now: the entries that
// the undone one caused are undone first, newest first, each with an Undo
// entry of its own. A caused entry that is no longer its card's latest
// (the user changed the card since) stays.
func (t *txn) undo(seq uint64, now time.Time) (Entry, error) {
	var caused []uint64
	for next := seq + 1; ; next++ {
		e, err := t.entry(next)
		if err != nil {
			return Entry{}, err
		}
		if e == nil || e.Cause != seq {
			break
		}
		caused = append(caused, next)
	}
	for i := len(caused) - 1; i >= 0; i-- {
		e, _ := t.entry(caused[i])
		r, err := t.card(e.CardID)
		if err != nil {
			return Entry{}, err
		}
		if r == nil || r.LastSeq != e.Seq || t.undone.Get(seqKey(e.Seq)) != nil {
			continue
		}
		if _, err := t.undoOne(e.Seq, now); err != nil {
			return Entry{}, err
		}
	}
	return t.undoOne(seq, now)
}

// Mark is a change a user makes to a card outside its reviews: Kind is
// Suspend, Unsuspend, Bury (until the start of the day Until), Unbury,
// SetFlag (to Flag) or Reset.
type Mark struct {
	Kind  EntryKind
	Until Day
	Flag  Flag
}

// Mark logs a change to card id and applies it, in one transaction. A
// change that would change nothing is refused with ErrNoChange, so every
// entry in the log is a real change. It returns the entry and the card's
// state after it; Undo takes it back.
func (s *Store) Mark(cardID string, m Mark) (AnswerResult, error) {
	now := s.clock()
	var res AnswerResult
	err := s.updateWith(access{write: true, wait: s.answerWait}, func(t *txn) error {
		var err error
		res, err = t.applyMark(cardID, m, now)
		return err
	})
	if err != nil {
		return AnswerResult{}, fmt.Errorf("%s card %s: %w", m.Kind, cardID, err)
	}
	return res, nil
}

func (t *txn) applyMark(cardID string, m Mark, now time.Time) (AnswerResult, error) {
	day := t.dayStart.Of(now)
	switch {
	case m.Kind == Bury && m.Until <= day:
		return AnswerResult{}, fmt.Errorf("a bury must end after today (%s), not on %s", day, m.Until)
	case m.Kind == SetFlag && !m.Flag.Valid():
		return AnswerResult{}, fmt.Errorf("there is no flag %d", m.Flag)
	case m.Kind < Suspend || m.Kind > Reset:
		return AnswerResult{}, fmt.Errorf("%s is not a change a user makes", m.Kind)
	}
	r, err := t.activeCard(cardID)
	if err != nil {
		return AnswerResult{}, err
	}
	e := Entry{CardID: cardID, Deck: r.Deck, Time: now, Day: day, Kind: m.Kind, Until: m.Until, Flag: m.Flag}
	if applyMark(r.State, e) == r.State {
		return AnswerResult{}, ErrNoChange
	}
	if err := t.mark(&e, r); err != nil {
		return AnswerResult{}, err
	}
	return AnswerResult{Entry: e, State: r.State}, nil
}

// activeCard is the record of a card in a deck: one that is known and not
// retired, which answers and marks need.
func (t *txn) activeCard(id string) (*cardRec, error) {
	r, err := t.card(id)
	switch {
	case err != nil:
		return nil, err
	case r == nil:
		return nil, ErrUnknownCard
	case r.Retired:
		return nil, fmt.Errorf("it was removed from deck %.64q: %w", r.Deck, ErrUnknownCard)
	}
	return r, nil
}
