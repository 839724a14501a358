package srs

import (
	"fmt"
	"time"
)

// Batch applies many answers and undos in one write transaction, each at
// its own time. It is for bulk work such as generating a collection for
// benchmarks or replaying a history: the same code as Answer and Undo, one
// commit and one fsync for all of it.
type Batch struct{ t *txn }

// Batch runs fn in one write transaction; if fn returns an error nothing of
// it is stored. Keep a batch to some thousands of answers: bbolt splits
// pages only at commit, so a huge transaction of scattered keys slows down.
func (s *Store) Batch(fn func(b *Batch) error) error {
	err := s.update(func(t *txn) error { return fn(&Batch{t: t}) })
	if err != nil {
		return fmt.Errorf("batch: %w", err)
	}
	return nil
}

// Answer is Store.Answer at time at.
func (b *Batch) Answer(cardID string, q Quality, kind EntryKind, at time.Time, took time.Duration) (AnswerResult, error) {
	res, err := b.t.answer(cardID, q, kind, at, took)
	if err != nil {
		return AnswerResult{}, fmt.Errorf("answer card %.64q: %w", cardID, err)
	}
	return res, nil
}

// Undo is Store.Undo at time at.
func (b *Batch) Undo(seq uint64, at time.Time) (Entry, error) {
	u, err := b.t.undo(seq, at)
	if err != nil {
		return Entry{}, fmt.Errorf("undo answer %d: %w", seq, err)
	}
	return u, nil
}
