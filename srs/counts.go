package srs

import (
	"fmt"
	"math"
)

// Counts gives each deck's numbers for today. NewUnseen is the new cards
// that can come: one card of a note, none suspended or buried. It reads the deck records'
// counters, the due index up to today, the buried index from today on and
// today's end of the log: O(due + buried + decks + today's answers). Due
// includes the cards failed today; suspended cards are in no count, and
// buried ones are out of today's. Of two due siblings only one counts, as
// only one comes.
func (s *Store) Counts(today Day) (map[string]DeckCounts, error) {
	out := map[string]DeckCounts{}
	err := s.view(func(t *txn) error {
		if err := t.deckCounts(today, out); err != nil {
			return err
		}
		bump := func(deckName string, by int) {
			n := out[deckName]
			if by > 0 {
				n.Due += by
			} else {
				n.NewUnseen = max(n.NewUnseen+by, 0)
			}
			out[deckName] = n
		}
		if err := t.countDue(today, bump); err != nil {
			return err
		}
		// A buried new card is one fewer, unless a sibling of it in the
		// pile still comes (the pile counts one card a note).
		notes := map[string]bool{}
		return t.eachBuried(today, func(id string, r *cardRec) error {
			switch {
			case !r.State.New:
			case r.Note == "":
				bump(r.Deck, -1)
			case !notes[r.Note] && !t.pileSiblingComes(id, r, today):
				notes[r.Note] = true
				bump(r.Deck, -1)
			}
			return nil
		})
	})
	if err != nil {
		return nil, fmt.Errorf("count cards for %s: %w", today, err)
	}
	return out, nil
}

// deckCounts fills out from the deck records' counters.
func (t *txn) deckCounts(today Day, out map[string]DeckCounts) error {
	dc, err := t.day(today)
	if err != nil {
		return err
	}
	c := t.decks.Cursor()
	for k, v := c.First(); k != nil; k, v = c.Next() {
		r, err := decodeDeck(v)
		if err != nil {
			return fmt.Errorf("deck %.64q: %w", k, err)
		}
		name := string(k)
		out[name] = DeckCounts{NewUnseen: max(r.New-r.NewSiblings, 0), NewToday: dc.New[name],
			Learned: max(r.Cards-r.New-r.NewSuspended, 0), Total: r.Cards, Hidden: r.Hidden || !r.there()}
	}
	return nil
}

// countDue counts the cards due today as the queue takes them (one card a
// note, none buried), with the cards failed today, which the index has for
// tomorrow; bump(deck, 1) counts a due card, bump(deck, -1) a new card
// that waits because its due sibling comes.
func (t *txn) countDue(today Day, bump func(string, int)) error {
	var q queued
	buried, err := q.buriedOn(t, today)
	if err != nil {
		return err
	}
	err = t.dueRefsUpTo(today, func(ref dueRef) (bool, error) {
		r := &cardRec{Deck: ref.deck, Note: ref.note}
		if !buried[ref.id] && q.takes(r, today) {
			q.add(ref.id, r)
			bump(r.Deck, 1)
			if r.Note != "" && t.pileSiblingComes(ref.id, r, today) {
				bump(r.Deck, -1)
			}
		}
		return true, nil
	})
	if err != nil {
		return err
	}
	return t.eachFailedToday(today, func(id string, r *cardRec) error {
		if r.State.Due > today && !q.has(id) && q.takes(r, today) {
			q.add(id, r)
			bump(r.Deck, 1)
		}
		return nil
	})
}

// eachBuried calls fn for the cards buried on day, from the buried index.
func (t *txn) eachBuried(day Day, fn func(id string, r *cardRec) error) error {
	c := t.buried.Cursor()
	for k, _ := c.Seek(dayKey(day.Add(1))); k != nil; k, _ = c.Next() {
		if len(k) < 4 {
			return &damagedRecord{what: "buried index", msg: "short key"}
		}
		id := string(k[4:])
		r, err := t.card(id)
		if err != nil {
			return err
		}
		if r == nil {
			return &damagedRecord{what: "buried index", msg: fmt.Sprintf("entry for unknown card %.64q", id)}
		}
		if r.State.Buried(day) {
			if err := fn(id, r); err != nil {
				return err
			}
		}
	}
	return nil
}

// NextDue is the first day after after on which a card of a visible deck
// is due, from the due index; false when there is none. Cards of hidden
// decks are stepped over, and a buried card counts from the day its bury
// ends.
func (s *Store) NextDue(after Day) (Day, bool, error) {
	var (
		next  Day
		found bool
	)
	err := s.view(func(t *txn) error {
		if after == math.MaxInt32 {
			return nil
		}
		hidden, err := t.hiddenDecks()
		if err != nil {
			return err
		}
		c := t.due.Cursor()
		for k, _ := c.Seek(dayKey(after + 1)); k != nil; k, _ = c.Next() {
			d, ok := keyDay(k)
			if !ok {
				return &damagedRecord{what: "due index", msg: "short key"}
			}
			r, err := t.card(string(k[4:]))
			if err != nil {
				return err
			}
			if r == nil || hidden[r.Deck] || r.State.Buried(d) {
				continue
			}
			next, found = d, true
			break
		}
		// A card due by then but buried past it comes when its bury ends.
		return t.eachBuried(after, func(_ string, r *cardRec) error {
			if at := max(r.State.BuriedUntil, r.State.Due); !r.State.New && !hidden[r.Deck] && (!found || at < next) {
				next, found = at, true
			}
			return nil
		})
	})
	if err != nil {
		return 0, false, fmt.Errorf("find next due day: %w", err)
	}
	return next, found, nil
}

// hiddenDecks is the set of hidden decks' names, with the decks that are
// not there (removed, or not yet imported).
func (t *txn) hiddenDecks() (map[string]bool, error) {
	hidden := map[string]bool{}
	c := t.decks.Cursor()
	for k, v := c.First(); k != nil; k, v = c.Next() {
		r, err := decodeDeck(v)
		if err != nil {
			return nil, fmt.Errorf("deck %.64q: %w", k, err)
		}
		if r.Hidden || !r.there() {
			hidden[string(k)] = true
		}
	}
	return hidden, nil
}
