package srs

import (
	"encoding/binary"
	"fmt"
	"time"
)

// AnswerResult is what one answer did. Entry.Kind says whether the grade set
// the schedule (Review), was a same-day Repeat, or a Drill; State is the
// card's state after it.
type AnswerResult struct {
	Entry
	State CardState
	// Leech is set when the answer made the card a leech: it was
	// suspended in the same transaction (State is after that).
	Leech bool
	// Buried are the card's siblings that the answer buried until
	// tomorrow, in the same transaction.
	Buried []string
}

// Answer records a grade for a card in one write transaction: the log entry,
// the card's state, its index entry and the day and deck counters. When it
// returns without error the answer is on disk.
//
// kind is Review or Drill. The state and the scheduler in force are read
// inside the transaction, so two sessions on one database never overwrite
// each other: if the card already had its schedule-setting review today
// (in this session or another), the answer is logged as a Repeat and the
// schedule stays as it is. A clock that went backwards counts as the same
// day, never as an earlier review.
func (s *Store) Answer(cardID string, q Quality, kind EntryKind, took time.Duration) (AnswerResult, error) {
	took = max(took, 0) // a clock set back does not make time run backwards
	now := s.clock()
	var res AnswerResult
	err := s.updateWith(access{write: true, wait: s.answerWait}, func(t *txn) (err error) {
		res, err = t.answer(cardID, q, kind, now, took)
		return err
	})
	if err != nil {
		return AnswerResult{}, fmt.Errorf("answer card %.64q: %w", cardID, err)
	}
	return res, nil
}

// answer is Answer inside a transaction, at the time now.
func (t *txn) answer(cardID string, q Quality, kind EntryKind, now time.Time, took time.Duration) (AnswerResult, error) {
	if !q.valid() {
		return AnswerResult{}, fmt.Errorf("quality %d is not 0..5", q)
	}
	if kind != Review && kind != Drill {
		return AnswerResult{}, fmt.Errorf("kind must be review or drill, not %s", kind)
	}
	r, err := t.activeCard(cardID)
	if err != nil {
		return AnswerResult{}, err
	}
	sch, err := t.scheduler()
	if err != nil {
		return AnswerResult{}, err
	}
	e := Entry{CardID: cardID, Deck: r.Deck, Time: now, Day: t.dayStart.Of(now), Quality: q, Kind: kind,
		Took: took, Prev: r.LastSeq}
	after, eff := applyEntry(sch, r.State, e)
	e.Kind = eff.kind // the log says what the answer was when given
	if eff.early {
		e.Kind = Early
	}
	if err := t.append(&e, r, after); err != nil {
		return AnswerResult{}, err
	}
	if err := t.countEntry(e, eff, r, 1); err != nil {
		return AnswerResult{}, err
	}
	res := AnswerResult{Entry: e, State: after}
	return res, t.consequences(&res, r, eff)
}

// Undo reverts the answer logged as seq, in one transaction: it appends an
// Undo entry, restores the state from before that answer, and fixes the
// indexes and counters. Undoing the latest answers one after another works;
// an answer followed by another answer of the same card, or already undone,
// is refused. It returns the Undo entry.
func (s *Store) Undo(seq uint64) (Entry, error) {
	now := s.clock()
	var u Entry
	err := s.updateWith(access{write: true, wait: s.answerWait}, func(t *txn) (err error) {
		u, err = t.undo(seq, now)
		return err
	})
	if err != nil {
		return Entry{}, fmt.Errorf("undo answer %d: %w", seq, err)
	}
	return u, nil
}

// undoOne undoes entry seq alone, at the time now (undo takes its
// consequences back first). The state to go back to is rebuilt from the
// card's own live entries before the undone one, under the scheduler in
// force.
func (t *txn) undoOne(seq uint64, now time.Time) (Entry, error) {
	e, err := t.entry(seq)
	switch {
	case err != nil:
		return Entry{}, err
	case e == nil:
		return Entry{}, fmt.Errorf("there is no answer %d: %w", seq, ErrCannotUndo)
	case e.Kind == Undo:
		return Entry{}, fmt.Errorf("entry %d is itself an undo: %w", seq, ErrCannotUndo)
	}
	if raw := t.undone.Get(seqKey(seq)); raw != nil {
		return Entry{}, fmt.Errorf("answer %d was already undone: %w", seq, ErrCannotUndo)
	}
	r, err := t.card(e.CardID)
	switch {
	case err != nil:
		return Entry{}, err
	case r == nil:
		return Entry{}, fmt.Errorf("card %.64q of answer %d is gone: %w", e.CardID, seq, ErrCannotUndo)
	case r.LastSeq != seq:
		return Entry{}, fmt.Errorf("card %.64q was answered again since answer %d; undo that first: %w", e.CardID, seq, ErrCannotUndo)
	}
	u := Entry{CardID: e.CardID, Deck: r.Deck, Time: now, Day: t.dayStart.Of(now), Quality: e.Quality, Kind: Undo,
		Undoes: seq, UndoesID: e.ID, Prev: r.LastSeq}
	if err := t.append(&u, r, r.State); err != nil {
		return Entry{}, err
	}
	if err := t.undone.Put(seqKey(seq), binary.BigEndian.AppendUint64(nil, u.Seq)); err != nil {
		return Entry{}, err
	}
	// The card goes back to what its other live entries replay to, and
	// the day counters lose what the undone answer did.
	return u, t.recomputeCard(u.CardID, map[uint64]bool{u.Seq: true}, map[uint64]bool{seq: true})
}

// append logs e (assigning its Seq) and moves card r to the state after,
// keeping its index entry in step.
func (t *txn) append(e *Entry, r *cardRec, after CardState) error {
	if err := t.logEntry(e); err != nil {
		return err
	}
	if after != r.State {
		if err := t.unindex(e.CardID, r); err != nil {
			return err
		}
		r.State = after
		if err := t.index(e.CardID, r); err != nil {
			return err
		}
	}
	r.LastSeq = e.Seq
	return t.putCard(e.CardID, r)
}

// logEntry logs e, assigning its Seq, identity and stamp, and files it in
// its card's history; the card's record is the caller's.
func (t *txn) logEntry(e *Entry) error {
	seq, err := t.log.NextSequence()
	if err != nil {
		return err
	}
	e.Seq = seq
	if err := t.stampEntry(e); err != nil {
		return err
	}
	if err := t.log.Put(seqKey(seq), encodeEntry(*e)); err != nil {
		return err
	}
	_, err = t.addHistory(*e)
	return err
}
