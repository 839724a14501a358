package srs

import (
	"fmt"
	"math"
)

// MoreOptions ask for cards beyond the day's queue: study more, after the
// day's work or whenever a learner wants it.
type MoreOptions struct {
	Today Day
	Deck  string // "" for every visible deck
	Size  int    // how many cards at most; 0 for the default
}

// The default sizes of a study-more session.
const (
	MoreNewCards = 10 // new cards beyond the day's limit, per request
	AheadCards   = 50 // reviews ahead of time, per request
)

// MoreNew is up to Size new cards beyond the day's limit, in each deck's
// order, taken from the decks in turn; buried cards and siblings of the
// cards taken are left out. Answered, they count as cards introduced today
// like any other, so the day's figures and limits say what was done: a
// limit is raised by a request, never forgotten.
func (s *Store) MoreNew(o MoreOptions) ([]Item, error) {
	size := o.Size
	if size <= 0 {
		size = MoreNewCards
	}
	var q queued
	err := s.view(func(t *txn) error {
		decks, err := t.queueDecks(o.Deck)
		if err != nil {
			return err
		}
		piles := make([][]Item, len(decks))
		for i, name := range decks {
			var one queued
			if err := t.newCards(name, QueueOptions{Today: o.Today}, size, &one); err != nil {
				return err
			}
			piles[i] = one.items
		}
		for round := 0; len(q.items) < size && round < size; round++ {
			for _, pile := range piles {
				if round < len(pile) && len(q.items) < size {
					q.push(pile[round])
				}
			}
		}
		return t.schedule(&q)
	})
	if err != nil {
		return nil, fmt.Errorf("find more new cards: %w", err)
	}
	return q.items, nil
}

// Ahead is up to Size learned cards of the visible decks (or of Deck),
// the soonest due first: cards still due today that the limits held back,
// then cards due later, which an answer logs as Early. Cards answered
// today, buried cards, and the siblings of cards answered today or taken
// are left out: siblings never come the same day.
func (s *Store) Ahead(o MoreOptions) ([]Item, error) {
	size := o.Size
	if size <= 0 {
		size = AheadCards
	}
	var q queued
	err := s.view(func(t *txn) error {
		decks, err := t.queueDecks(o.Deck)
		if err != nil {
			return err
		}
		qo := QueueOptions{Today: o.Today, Deck: o.Deck}
		err = t.dueUpTo(Day(math.MaxInt32), func(id string, r *cardRec) (bool, error) {
			if r.State.LastDay < o.Today && t.wanted(r, qo, decks) && q.takes(r, o.Today) && !t.siblingAnswered(id, r.Note, o.Today) {
				q.add(id, r)
			}
			return len(q.items) < size, nil
		})
		if err != nil {
			return err
		}
		return t.schedule(&q)
	})
	if err != nil {
		return nil, fmt.Errorf("find reviews ahead: %w", err)
	}
	return q.items, nil
}

// siblingAnswered reports whether a sibling of card id had its review on
// day.
func (t *txn) siblingAnswered(id, note string, day Day) bool {
	for _, sib := range t.siblings(id, note) {
		if r, err := t.card(sib); err == nil && r != nil && !r.State.New && r.State.LastDay == day {
			return true
		}
	}
	return false
}
