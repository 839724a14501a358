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

// Search is a browser search under way: the active cards whose records
// match, in deck order (each deck's cards as its file has them). Their
// text is read a chunk at a time by Rows, so that a search over 100,000
// cards shows its first page after one pass over the small card records,
// not over every card's text.
type Search struct {
	Query Query
	Today Day
	IDs   []string
}

// Search finds the active cards whose records match q on day today: deck,
// topic, state, flag and counts. Text and tag terms are left to Rows.
func (s *Store) Search(q Query, today Day) (Search, error) {
	res := Search{Query: q, Today: today}
	type hit struct {
		deck string
		ord  uint32
		id   string
	}
	var hits []hit
	err := s.view(func(t *txn) error {
		decks := map[string]string{} // one string per deck name
		return t.eachCard(func(id string, r *cardRec) error {
			if r.Retired || !q.matchRecord(r, today) {
				return nil
			}
			name, ok := decks[r.Deck]
			if !ok {
				name = r.Deck
				decks[name] = name
			}
			hits = append(hits, hit{name, r.Ordinal, id})
			return nil
		})
	})
	if err != nil {
		return res, fmt.Errorf("search cards: %w", err)
	}
	slices.SortFunc(hits, func(a, b hit) int {
		return cmp.Or(strings.Compare(a.deck, b.deck), cmp.Compare(a.ord, b.ord), strings.Compare(a.id, b.id))
	})
	res.IDs = make([]string, len(hits))
	for i, h := range hits {
		res.IDs[i] = h.id
	}
	return res, nil
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

// BrowseChunk is how many cards a browser reads the text of at a time: a
// chunk takes a few milliseconds at most, so that a search over 100,000
// cards never holds the screen still.
const BrowseChunk = 2000
