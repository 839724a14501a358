package srs

import (
	"fmt"

	"github.com/hone-srs/hone/deck"
)

// Default daily limits.
const (
	DefaultReviewLimit = 200
	DefaultNewPerDeck  = 20
)

// QueueOptions pick a day's queue. Limits are per day across sessions; 0
// means none and a negative limit means no limit.
type QueueOptions struct {
	Today       Day
	Deck, Topic string // narrow to one deck and/or one topic; "" for all
	ReviewLimit int
	NewPerDeck  int
	PerDeck     map[string]DeckLimits // decks' own limits, within ReviewLimit
}

// DeckCounts are a deck's numbers for the home screen. Applying the new-card
// limit is the caller's business: it has NewUnseen and NewToday.
type DeckCounts struct {
	Due       int // learned cards due today or earlier
	NewUnseen int // cards never reviewed
	NewToday  int // cards first reviewed today
	Learned   int // active cards reviewed at least once
	Total     int // active cards
	Hidden    bool
}

// Today is what the visible decks have for today: due cards, and new cards
// the limits still allow. Hidden decks count for nothing.
func Today(counts map[string]DeckCounts, l Limits) (due, fresh int) {
	for name, n := range counts {
		if !n.Hidden {
			due += n.Due
			fresh += n.NewAvailable(l.NewFor(name))
		}
	}
	return due, fresh
}

// NewAvailable is how many new cards the daily limit still allows today.
func (n DeckCounts) NewAvailable(limit int) int {
	return min(n.NewUnseen, max(limit-n.NewToday, 0))
}

// Queue builds a session: due cards, most overdue first, up to the review
// limit less the reviews already done today; then the cards whose last
// answer today was below Good (SM-2 repeats them until they are recalled
// well, even across sittings); then new cards of each deck in
// deck order, up to the per-deck limit less those introduced today. Hidden
// decks are left out unless named. It reads the due index up to today and
// the head of each deck's new pile: cost follows the due count, not the
// collection or its history.
func (s *Store) Queue(o QueueOptions) ([]Item, error) {
	var q queued
	err := s.view(func(t *txn) error {
		today, err := t.day(o.Today)
		if err != nil {
			return err
		}
		decks, err := t.queueDecks(o.Deck)
		if err != nil {
			return err
		}
		// The review limit is for learned cards; first reviews of new cards
		// count against the new-card limit instead.
		newDone := 0
		for _, n := range today.New {
			newDone += n
		}
		deckRoom, err := t.reviewRooms(o.Today, *today, o.PerDeck)
		if err != nil {
			return err
		}
		if err := t.dueItems(o, decks, remaining(o.ReviewLimit, today.Reviews-newDone), deckRoom, &q); err != nil {
			return err
		}
		if err := t.relearn(o, decks, &q); err != nil {
			return err
		}
		for _, name := range decks {
			limits := Limits{NewPerDeck: o.NewPerDeck, PerDeck: o.PerDeck}
			if err := t.newCards(name, o, remaining(limits.NewFor(name), today.New[name]), &q); err != nil {
				return err
			}
		}
		return t.schedule(&q)
	})
	if err != nil {
		return nil, fmt.Errorf("build queue for %s: %w", o.Today, err)
	}
	return q.items, nil
}

// queueDecks are the decks a queue takes cards from: the one named, or
// every visible deck.
func (t *txn) queueDecks(name string) ([]string, error) {
	if name == "" {
		return t.visibleDecks()
	}
	if _, err := t.existingDeck(name); err != nil {
		return nil, err
	}
	return []string{name}, nil
}

// dueItems appends the due cards of decks, most overdue first, up to room
// in all (-1: no limit) and to each capped deck's own room.
func (t *txn) dueItems(o QueueOptions, decks []string, room int, deckRoom map[string]int, q *queued) error {
	return t.dueUpTo(o.Today, func(id string, r *cardRec) (bool, error) {
		if room == 0 {
			return false, nil
		}
		if !t.wanted(r, o, decks) || !q.takes(r, o.Today) {
			return true, nil
		}
		if n, capped := deckRoom[r.Deck]; capped {
			if n == 0 {
				return true, nil
			}
			deckRoom[r.Deck] = n - 1
		}
		room--
		q.add(id, r)
		return true, nil
	})
}

func remaining(limit, done int) int {
	if limit < 0 {
		return -1
	}
	return max(limit-done, 0)
}

func (t *txn) wanted(r *cardRec, o QueueOptions, decks []string) bool {
	if o.Topic != "" && r.Topic != o.Topic {
		return false
	}
	if o.Deck != "" {
		return r.Deck == o.Deck
	}
	for _, d := range decks { // few decks: a scan beats a map here
		if d == r.Deck {
			return true
		}
	}
	return false
}

func (t *txn) visibleDecks() ([]string, error) {
	var names []string
	c := t.decks.Cursor()
	for k, v := c.First(); k != nil; k, v = c.Next() {
		r, err := decodeDeck(v)
		if err != nil {
			return nil, fmt.Errorf("deck %.64q: %w", k, err)
		}
		if !r.Hidden && r.there() {
			names = append(names, string(k))
		}
	}
	return names, nil
}

// dueUpTo walks the due index from the most overdue card to those due on
// day, until fn says stop.
func (t *txn) dueUpTo(day Day, fn func(id string, r *cardRec) (bool, error)) error {
	c := t.due.Cursor()
	for k, _ := c.First(); k != nil; k, _ = c.Next() {
		d, ok := keyDay(k)
		if !ok {
			return &damagedRecord{what: "due index", msg: "short key"}
		}
		if d > day {
			return nil
		}
		id := string(k[4:])
		r, err := t.card(id)
		if err != nil {
			return err
		}
		if r == nil {
			return &damagedRecord{what: "due index", msg: fmt.Sprintf("entry for unknown card %.64q", id)}
		}
		more, err := fn(id, r)
		if err != nil || !more {
			return err
		}
	}
	return nil
}

// newCards appends up to n (all if n < 0) never-reviewed cards of a deck, in
// deck order, optionally of one topic, leaving out buried cards and the
// siblings of cards already queued. The new index holds each card's note,
// and the buried index says which are buried, so that only a topic makes
// it read the cards' records.
func (t *txn) newCards(deckName string, o QueueOptions, n int, q *queued) error {
	buried, err := q.buriedOn(t, o.Today)
	if err != nil {
		return err
	}
	prefix := newPrefix(deckName)
	c := t.new.Cursor()
	for k, v := c.Seek(prefix); k != nil && n != 0 && hasPrefix(k, prefix); k, v = c.Next() {
		if len(k) < len(prefix)+4 {
			return &damagedRecord{what: "new index", msg: "short key"}
		}
		id := string(k[len(prefix)+4:])
		if o.Topic != "" {
			r, err := t.card(id)
			if err != nil {
				return err
			}
			if r == nil {
				return &damagedRecord{what: "new index", msg: fmt.Sprintf("entry for unknown card %.64q", id)}
			}
			if r.Topic != o.Topic {
				continue
			}
		}
		note := string(v)
		if buried[id] || (note != "" && q.notes[note]) {
			continue
		}
		// A card in the new index is new by the index's invariant, so its
		// state is known without reading its record.
		q.push(Item{Card: deck.Card{ID: id, Deck: deckName, Note: note}, State: NewCardState()})
		n--
	}
	return nil
}

// Content is a card's text, for the card about to be shown.
func (s *Store) Content(id string) (deck.Card, error) {
	var c deck.Card
	err := s.view(func(t *txn) (err error) {
		c, err = t.cardContent(id)
		return err
	})
	if err != nil {
		return deck.Card{}, fmt.Errorf("read card %.64q: %w", id, err)
	}
	return c, nil
}

func hasPrefix(k, prefix []byte) bool {
	return len(k) >= len(prefix) && string(k[:len(prefix)]) == string(prefix)
}

// Active reports whether card id is in a deck: known and not retired.
func (s *Store) Active(id string) (bool, error) {
	var active bool
	err := s.view(func(t *txn) error {
		r, err := t.card(id)
		active = r != nil && !r.Retired
		return err
	})
	if err != nil {
		return false, fmt.Errorf("look up card %s: %w", id, err)
	}
	return active, nil
}

// Cards returns every card's stored state, retired ones included.
func (s *Store) Cards() (map[string]CardState, error) {
	out := map[string]CardState{}
	err := s.view(func(t *txn) error {
		c := t.cards.Cursor()
		for k, v := c.First(); k != nil; k, v = c.Next() {
			r, err := decodeCard(v)
			if err != nil {
				return fmt.Errorf("card %.64q: %w", k, err)
			}
			out[string(k)] = r.State
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("read card states: %w", err)
	}
	return out, nil
}
