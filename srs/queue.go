package srs

import (
	"fmt"
	"math"

	"github.com/hone-srs/hone/deck"
)

// Default daily limits.
const (
	DefaultReviewLimit = 200
	DefaultNewPerDeck  = 20
)

// Item is a card with its state, as a session shows it. Items from Queue
// carry the card's id and deck (and, for cards already seen, its topic) but
// not its text: Content reads that for the card on screen. Scheduler is
// the scheduler in force when the item was queued, for the grade hints.
type Item struct {
	Card      deck.Card
	State     CardState
	Scheduler Scheduler
}

// Intervals are the days until the next review that Again, Hard, Good and
// Easy would give the card if answered today: the grade keys' hints. Under
// FSRS the four always differ. Without a Scheduler it previews the default.
func (it Item) Intervals(today Day) [4]int {
	sch := it.Scheduler
	if sch == nil {
		sch = DefaultScheduler()
	}
	var out [4]int
	for i, s := range Preview(sch, it.State, today) {
		out[i] = s.Interval(today)
	}
	return out
}

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
	var items []Item
	err := s.view(func(t *txn) error {
		sch, err := t.scheduler()
		if err != nil {
			return err
		}
		defer func() {
			for i := range items {
				items[i].Scheduler = sch
			}
		}()
		today, err := t.day(o.Today)
		if err != nil {
			return err
		}
		var decks []string
		if o.Deck != "" {
			if t.decks.Get([]byte(o.Deck)) == nil {
				return fmt.Errorf("there is no deck %q", o.Deck)
			}
			decks = []string{o.Deck}
		} else if decks, err = t.visibleDecks(); err != nil {
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
		if err := t.dueItems(o, decks, remaining(o.ReviewLimit, today.Reviews-newDone), deckRoom, &items); err != nil {
			return err
		}
		if err := t.relearn(o, decks, &items); err != nil {
			return err
		}
		for _, name := range decks {
			limits := Limits{NewPerDeck: o.NewPerDeck, PerDeck: o.PerDeck}
			if err := t.newCards(name, o.Topic, remaining(limits.NewFor(name), today.New[name]), &items); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("build queue for %s: %w", o.Today, err)
	}
	return items, nil
}

// dueItems appends the due cards of decks, most overdue first, up to room
// in all (-1: no limit) and to each capped deck's own room.
func (t *txn) dueItems(o QueueOptions, decks []string, room int, deckRoom map[string]int, items *[]Item) error {
	return t.dueUpTo(o.Today, func(id string, r *cardRec) (bool, error) {
		if room == 0 {
			return false, nil
		}
		if !t.wanted(r, o, decks) {
			return true, nil
		}
		if n, capped := deckRoom[r.Deck]; capped {
			if n == 0 {
				return true, nil
			}
			deckRoom[r.Deck] = n - 1
		}
		room--
		return true, t.addItem(items, id, r)
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
			return nil, fmt.Errorf("deck %q: %w", k, err)
		}
		if !r.Hidden {
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
			return &damagedRecord{what: "due index", msg: fmt.Sprintf("entry for unknown card %q", id)}
		}
		more, err := fn(id, r)
		if err != nil || !more {
			return err
		}
	}
	return nil
}

// newCards appends up to n (all if n < 0) never-reviewed cards of a deck, in
// deck order, optionally of one topic.
func (t *txn) newCards(deckName, topic string, n int, items *[]Item) error {
	prefix := newPrefix(deckName)
	c := t.new.Cursor()
	for k, _ := c.Seek(prefix); k != nil && n != 0 && hasPrefix(k, prefix); k, _ = c.Next() {
		if len(k) < len(prefix)+4 {
			return &damagedRecord{what: "new index", msg: "short key"}
		}
		id := string(k[len(prefix)+4:])
		if topic != "" {
			r, err := t.card(id)
			if err != nil {
				return err
			}
			if r == nil {
				return &damagedRecord{what: "new index", msg: fmt.Sprintf("entry for unknown card %q", id)}
			}
			if r.Topic != topic {
				continue
			}
		}
		// A card in the new index is new by the index's invariant, so its
		// state is known without reading its record.
		*items = append(*items, Item{Card: deck.Card{ID: id, Deck: deckName}, State: NewCardState()})
		n--
	}
	return nil
}

// addItem queues a card by its id, deck and topic; its text is read when it
// is shown (Content), so a queue of hundreds of cards reads no text at all.
func (t *txn) addItem(items *[]Item, id string, r *cardRec) error {
	*items = append(*items, Item{Card: deck.Card{ID: id, Deck: r.Deck, Topic: r.Topic}, State: r.State})
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
		return deck.Card{}, fmt.Errorf("read card %q: %w", id, err)
	}
	return c, nil
}

func hasPrefix(k, prefix []byte) bool {
	return len(k) >= len(prefix) && string(k[:len(prefix)]) == string(prefix)
}

// Counts gives each deck's numbers for today. It reads the deck records'
// counters, the due index up to today and today's end of the log: O(due +
// decks + today's answers). Due includes the cards failed today.
func (s *Store) Counts(today Day) (map[string]DeckCounts, error) {
	out := map[string]DeckCounts{}
	err := s.view(func(t *txn) error {
		dc, err := t.day(today)
		if err != nil {
			return err
		}
		c := t.decks.Cursor()
		for k, v := c.First(); k != nil; k, v = c.Next() {
			r, err := decodeDeck(v)
			if err != nil {
				return fmt.Errorf("deck %q: %w", k, err)
			}
			name := string(k)
			out[name] = DeckCounts{NewUnseen: r.New, NewToday: dc.New[name], Learned: max(r.Cards-r.New, 0), Total: r.Cards, Hidden: r.Hidden}
		}
		err = t.dueUpTo(today, func(_ string, r *cardRec) (bool, error) {
			n := out[r.Deck]
			n.Due++
			out[r.Deck] = n
			return true, nil
		})
		if err != nil {
			return err
		}
		// Cards failed today are due again today, though the index has them
		// for tomorrow.
		return t.eachFailedToday(today, func(_ string, r *cardRec) error {
			if r.State.Due > today {
				n := out[r.Deck]
				n.Due++
				out[r.Deck] = n
			}
			return nil
		})
	})
	if err != nil {
		return nil, fmt.Errorf("count cards for %s: %w", today, err)
	}
	return out, nil
}

// NextDue is the first day after after on which a card of a visible deck
// is due, from the due index; false when there is none. Cards of hidden
// decks are stepped over.
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
			if len(hidden) > 0 {
				r, err := t.card(string(k[4:]))
				if err != nil {
					return err
				}
				if r == nil || hidden[r.Deck] {
					continue
				}
			}
			next, found = d, true
			return nil
		}
		return nil
	})
	if err != nil {
		return 0, false, fmt.Errorf("find next due day: %w", err)
	}
	return next, found, nil
}

// hiddenDecks is the set of hidden decks' names.
func (t *txn) hiddenDecks() (map[string]bool, error) {
	hidden := map[string]bool{}
	c := t.decks.Cursor()
	for k, v := c.First(); k != nil; k, v = c.Next() {
		r, err := decodeDeck(v)
		if err != nil {
			return nil, fmt.Errorf("deck %q: %w", k, err)
		}
		if r.Hidden {
			hidden[string(k)] = true
		}
	}
	return hidden, nil
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
				return fmt.Errorf("card %q: %w", k, err)
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
