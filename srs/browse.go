package srs

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"
)

// BrowseRow is one card as the browser lists it.
type BrowseRow struct {
	ID, Deck, Topic string
	State           CardState
	Front           string // the card's front, on one line
}

// Search is a browser search: the active cards that match, in deck order
// (decks by name, each deck's cards as its file has them). Rows reads
// their fronts a page at a time, so that at 100,000 cards the first page
// costs one pass over the small card records, and a text search one more
// pass over the text, without decoding the cards whose bytes cannot match.
type Search struct {
	Query Query
	Today Day
	IDs   []string
}

// Search finds the active cards that match q on day today.
func (s *Store) Search(q Query, today Day) (Search, error) {
	res := Search{Query: q, Today: today}
	type hit struct {
		key uint64 // the deck's place among the decks, then the card's in its deck
		id  string
	}
	var hits []hit
	err := s.view(func(t *txn) error {
		var text map[string]bool
		if q.NeedsText() {
			var err error
			if text, err = t.textMatches(q); err != nil {
				return err
			}
		}
		decks, total, err := t.deckOrder()
		if err != nil {
			return err
		}
		keep := func(id string, r *cardRec) error {
			if _, there := decks[r.Deck]; !there || r.Retired || (text != nil && !text[id]) || !q.matchRecord(r, today) {
				return nil
			}
			hits = append(hits, hit{uint64(decks[r.Deck])<<32 | uint64(r.Ordinal), id})
			return nil
		}
		if text != nil && len(text) < total/4 {
			// Few cards matched by text: read theirs, not every record.
			return t.eachOf(text, keep)
		}
		hits = make([]hit, 0, min(total, 1<<20))
		return t.eachCard(keep)
	})
	if err != nil {
		return res, fmt.Errorf("search cards: %w", err)
	}
	slices.SortFunc(hits, func(a, b hit) int {
		if c := cmp.Compare(a.key, b.key); c != 0 {
			return c
		}
		return strings.Compare(a.id, b.id)
	})
	res.IDs = make([]string, len(hits))
	for i, h := range hits {
		res.IDs[i] = h.id
	}
	return res, nil
}

// eachOf calls fn for the cards of ids that have a record.
func (t *txn) eachOf(ids map[string]bool, fn func(id string, r *cardRec) error) error {
	for id := range ids {
		r, err := t.card(id)
		if err != nil {
			return err
		}
		if r != nil {
			if err := fn(id, r); err != nil {
				return err
			}
		}
	}
	return nil
}

// deckOrder numbers the decks that are there by name, and counts their
// cards.
func (t *txn) deckOrder() (map[string]uint32, int, error) {
	order := map[string]uint32{}
	total := 0
	c := t.decks.Cursor()
	for k, v := c.First(); k != nil; k, v = c.Next() {
		r, err := decodeDeck(v)
		if err != nil {
			return nil, 0, fmt.Errorf("deck %.64q: %w", k, err)
		}
		if !r.there() {
			continue // removed, or not yet imported
		}
		order[string(k)] = uint32(len(order))
		total += r.Cards + r.Retired
	}
	return order, total, nil
}

// textMatches is the set of cards whose text passes q's text and tag
// terms: one pass over the card texts, in the order they are stored. A
// card whose stored bytes lack one of the words that must be there is
// passed over without being decoded.
func (t *txn) textMatches(q Query) (map[string]bool, error) {
	must := q.mustContain()
	out := map[string]bool{}
	c := t.content.Cursor()
	for k, v := c.First(); k != nil; k, v = c.Next() {
		if !containsAllFold(v, must) {
			continue
		}
		card, err := decodeContent(v)
		if err != nil {
			return nil, fmt.Errorf("card %s: %w", k, err)
		}
		if q.matchText(card) {
			out[string(k)] = true
		}
	}
	return out, nil
}

// Rows reads the cards ids (a chunk of a Search's) and returns those whose
// text matches too, with their fronts, in order. A card changed since the
// search is read as it is now; one removed since is left out.
func (s *Store) Rows(sr Search, ids []string) ([]BrowseRow, error) {
	var rows []BrowseRow
	err := s.view(func(t *txn) error {
		for _, id := range ids {
			r, err := t.card(id)
			if err != nil {
				return err
			}
			if r == nil || r.Retired || !sr.Query.matchRecord(r, sr.Today) {
				continue
			}
			c, err := t.cardContent(id)
			if err != nil {
				return err
			}
			if !sr.Query.matchText(c) {
				continue
			}
			rows = append(rows, BrowseRow{ID: id, Deck: r.Deck, Topic: r.Topic, State: r.State, Front: oneLine(c.Front)})
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("read cards: %w", err)
	}
	return rows, nil
}

// oneLine is s with its line breaks and tabs as spaces, cut to a length a
// table cell can use.
func oneLine(s string) string {
	const most = 200
	if len(s) > most {
		s = s[:most]
		for len(s) > 0 && !utf8.ValidString(s) {
			s = s[:len(s)-1]
		}
	}
	return strings.Join(strings.Fields(s), " ")
}

// BrowsePage is how many cards' fronts a browser reads at a time.
const BrowsePage = 200
