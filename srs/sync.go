package srs

import (
	"bytes"
	"cmp"
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/hone-srs/hone/deck"
)

// SyncResult says what a sync changed.
type SyncResult struct {
	Deck                                        string
	Added, Updated, Retired, Revived, Unchanged int
	Skipped                                     bool           // source unchanged: no per-card work done
	Progress                                    ProgressResult // what came along of the cards' progress elsewhere (imports)
}

// DeckHash is the source hash stored by the last sync of source, "" if it was
// never synced. A caller holding the raw bytes can compare it with
// deck.SourceHash and skip parsing.
func (s *Store) DeckHash(source string) (string, error) {
	var hash string
	err := s.view(func(t *txn) error {
		r, err := t.source(source)
		hash = r.Hash
		return err
	})
	if err != nil {
		return "", fmt.Errorf("read hash of %.64q: %w", source, err)
	}
	return hash, nil
}

// SyncDeck reconciles the store with deck d parsed from source, in one write
// transaction. A source whose hash is unchanged is skipped after one read.
// New cards join the new pile in deck order; a card whose content changed is
// updated in place and keeps its history; cards no longer in the deck are
// retired (out of the queue, history kept) and revived if they come back.
//
// A card id that another deck owns is an error naming both. A source whose
// deck was renamed moves its cards to the new name. A deck name claimed by a
// new source (a moved file) moves to that source.
func (s *Store) SyncDeck(d deck.Deck, source string, builtin bool) (SyncResult, error) {
	res := SyncResult{Deck: d.Name}
	if err := validateDeck(d, source); err != nil {
		return res, fmt.Errorf("sync deck %.64q: %w", d.Name, err)
	}
	if d.Hash != "" {
		hash, err := s.DeckHash(source)
		if err != nil {
			return res, fmt.Errorf("sync deck %.64q: %w", d.Name, err)
		}
		if hash == d.Hash {
			// The deck name is part of the parsed source, so the same hash
			// means the same deck; the write transaction checks again.
			res.Skipped = true
			return res, nil
		}
	}
	now := s.clock()
	err := s.update(func(t *txn) error {
		res = SyncResult{Deck: d.Name}
		if err := t.syncDeck(d, source, builtin, now, &res); err != nil || builtin || res.Skipped {
			return err
		}
		text, err := t.putChunks(bytes.NewReader(nil))
		if err != nil {
			return err
		}
		if err := t.logImport(d, text, source, now); err != nil {
			return err
		}
		return t.importProgress(d, now, &res.Progress)
	})
	if err != nil {
		return SyncResult{Deck: d.Name}, fmt.Errorf("sync deck %.64q from %.64q: %w", d.Name, source, err)
	}
	return res, nil
}

func validateDeck(d deck.Deck, source string) error {
	switch {
	case d.Name == "":
		return errors.New("deck has no name")
	case strings.ContainsRune(d.Name, 0):
		return errors.New("deck name contains a NUL byte")
	case source == "":
		return errors.New("no source")
	case deck.SanitizeLine(source) != source:
		return fmt.Errorf("source %.64q holds control characters; pass it through deck.SanitizeLine", deck.SanitizeLine(source))
	case len(d.Cards) > math.MaxUint32:
		return errors.New("too many cards")
	}
	// The deck package sanitizes what it loads; text that reaches the store
	// any other way is refused rather than stored raw.
	if err := d.CheckClean(); err != nil {
		return err
	}
	ids := make(map[string]int, len(d.Cards))
	for i, c := range d.Cards {
		if c.ID == "" {
			return fmt.Errorf("card %d (%.64q) has no id", i+1, c.Front)
		}
		if j, dup := ids[c.ID]; dup {
			return fmt.Errorf("cards %d and %d share the id %.64q", j+1, i+1, c.ID)
		}
		ids[c.ID] = i
	}
	return nil
}

func (t *txn) source(source string) (sourceRec, error) {
	raw := t.sources.Get([]byte(source))
	if raw == nil {
		return sourceRec{}, nil
	}
	r, err := decodeSource(raw)
	if err != nil {
		return r, fmt.Errorf("source %.64q: %w", source, err)
	}
	return r, nil
}

func (t *txn) syncDeck(d deck.Deck, source string, builtin bool, now time.Time, res *SyncResult) error {
	prev, owners, skip, err := t.syncPlan(d, source)
	if err != nil || skip {
		res.Skipped = skip
		return err
	}
	if err := t.syncCards(d, cardOrder(d), owners, res); err != nil {
		return err
	}
	seen := make(map[string]bool, len(d.Cards))
	for _, c := range d.Cards {
		seen[c.ID] = true
	}
	for owner := range owners {
		if err := t.retireMissing(owner, seen, res); err != nil {
			return err
		}
	}
	return t.syncDeckRecord(d, source, builtin, now, prev)
}

// syncPlan reads what a sync of d from source starts from: the source's
// record, and the decks whose cards d may take (its own, and the deck
// this source used to be when the deck was renamed). skip: the source is
// unchanged.
func (t *txn) syncPlan(d deck.Deck, source string) (prev sourceRec, owners map[string]bool, skip bool, err error) {
	if prev, err = t.source(source); err != nil {
		return prev, nil, false, err
	}
	if d.Hash != "" && prev.Hash == d.Hash && prev.Deck == d.Name {
		return prev, nil, true, nil
	}
	owners = map[string]bool{d.Name: true}
	if prev.Deck != "" {
		owners[prev.Deck] = true
	}
	return prev, owners, false, nil
}

// cardOrder is the deck's card positions in id order. Cards go in id
// order, and the new ones into the new-card index in deck order after
// them. bbolt splits a node only at commit, so keys put out of order in
// one big transaction each cost a memmove that grows with the node: a
// 50,000-card import took seconds that way.
func cardOrder(d deck.Deck) []int {
	order := make([]int, len(d.Cards))
	for i := range order {
		order[i] = i
	}
	slices.SortFunc(order, func(a, b int) int { return strings.Compare(d.Cards[a].ID, d.Cards[b].ID) })
	return order
}

// syncCards adds or updates the cards of d at the positions in order (all
// of them, or one piece of a large import).
func (t *txn) syncCards(d deck.Deck, order []int, owners map[string]bool, res *SyncResult) error {
	return t.syncCardsFrom(d, 0, order, owners, res)
}

// syncCardsFrom is syncCards for cards of d that take the positions from
// base on in their deck (a block of a streamed import).
func (t *txn) syncCardsFrom(d deck.Deck, base uint32, order []int, owners map[string]bool, res *SyncResult) error {
	at := func(k int) (*deck.Card, uint32) { return &d.Cards[order[k]], base + uint32(order[k]) }
	return t.syncCardsAt(d.Name, len(order), at, owners, res)
}

// syncCardsAt adds or updates n cards of deck name: at(k) is the k-th
// card and its position in the deck. The new ones go into the new-card
// index after them, in deck order.
func (t *txn) syncCardsAt(name string, n int, at func(k int) (*deck.Card, uint32), owners map[string]bool, res *SyncResult) error {
	var added []int
	for k := range n {
		p, ord := at(k)
		c := *p
		c.Deck = name
		if t.cards.Get([]byte(c.ID)) == nil {
			added = append(added, k)
		}
		if err := t.syncCard(c, ord, owners, res); err != nil {
			return fmt.Errorf("card %.64q: %w", c.ID, err)
		}
	}
	ordOf := func(k int) uint32 { _, o := at(k); return o }
	slices.SortFunc(added, func(a, b int) int { return cmp.Compare(ordOf(a), ordOf(b)) })
	for _, k := range added {
		c, ord := at(k)
		if c.Progress != nil {
			// importProgress indexes it in the state its progress gives,
			// unless its entries came first (an orphan's): their replay
			// moves it from the new-card index, as any change of state.
			h, err := t.history(c.ID)
			if err != nil {
				return err
			}
			if len(h.Seqs) == 0 {
				continue
			}
		}
		if err := t.index(c.ID, &cardRec{Deck: name, Ordinal: ord, Note: c.Note, State: NewCardState()}); err != nil {
			return fmt.Errorf("card %.64q: %w", c.ID, err)
		}
	}
	return nil
}

// syncDeckRecord ends a sync: the deck record, and the source's, now name
// d; a source the deck moved away from, or a name the source had before,
// lets go of it.
func (t *txn) syncDeckRecord(d deck.Deck, source string, builtin bool, now time.Time, prev sourceRec) error {
	dr, err := t.deck(d.Name)
	if err != nil {
		return err
	}
	if dr.Source != "" && dr.Source != source {
		if old, err := t.source(dr.Source); err == nil && old.Deck == d.Name {
			if err := t.sources.Delete([]byte(dr.Source)); err != nil {
				return err
			}
		}
	}
	if prev.Deck != "" && prev.Deck != d.Name {
		pd, err := t.deck(prev.Deck)
		if err != nil {
			return err
		}
		pd.Source, pd.Hash = "", ""
	}
	dr.Description, dr.Source, dr.Hash = d.Description, source, d.Hash
	dr.Builtin, dr.SyncedAt = builtin, now
	dr.Topics = dr.Topics[:0]
	for _, tp := range d.Topics {
		dr.Topics = append(dr.Topics, tp.Name)
	}
	return t.sources.Put([]byte(source), encodeSource(sourceRec{Hash: d.Hash, Deck: d.Name}))
}

// syncCard adds card c at position ord of its deck, or brings an existing
// record up to date: content, topic, position, deck, retired. An added card
// is left out of the new-card index: syncDeck puts it there.
func (t *txn) syncCard(c deck.Card, ord uint32, owners map[string]bool, res *SyncResult) error {
	hash := c.ContentHash()
	r, err := t.card(c.ID)
	if err != nil {
		return err
	}
	if r != nil && !owners[r.Deck] {
		return errSharedID(r.Deck, c.Deck)
	}
	countImported(res, r, hash)
	if r == nil {
		return t.addCard(c, ord, hash)
	}
	move := r.Retired || r.Deck != c.Deck || r.Ordinal != ord
	dirty := move || r.Topic != c.Topic || r.Hash != hash || r.Note != c.Note
	if err := t.renote(c.ID, r, c.Note); err != nil {
		return err
	}
	if move {
		if err := t.detach(c.ID, r); err != nil {
			return err
		}
		if r.Deck != c.Deck {
			if err := t.members.Delete(memberKey(r.Deck, c.ID)); err != nil {
				return err
			}
			if err := t.members.Put(memberKey(c.Deck, c.ID), nil); err != nil {
				return err
			}
		}
		r.Deck, r.Ordinal, r.Retired = c.Deck, ord, false
		dr, err := t.deck(c.Deck)
		if err != nil {
			return err
		}
		dr.Cards++
		if err := t.index(c.ID, r); err != nil {
			return err
		}
	}
	r.Topic = c.Topic
	if err := t.syncContent(c); err != nil {
		return err
	}
	r.Hash = hash
	if !dirty {
		return nil
	}
	return t.putCard(c.ID, r)
}

// syncContent writes the card's content when its bytes changed: its text,
// or only its line in the file, which the hash leaves out (the deck's
// sync blob is built from these bytes).
func (t *txn) syncContent(c deck.Card) error {
	content := encodeContent(c)
	if bytes.Equal(t.content.Get([]byte(c.ID)), content) {
		return nil
	}
	return t.content.Put([]byte(c.ID), content)
}

// addCard writes a card the store did not know, at position ord of its
// deck, with its note; syncDeck puts it in the new-card index.
func (t *txn) addCard(c deck.Card, ord uint32, hash string) error {
	r := &cardRec{Deck: c.Deck, Topic: c.Topic, Hash: hash, Ordinal: ord, Note: c.Note, State: NewCardState()}
	if err := t.setNote(c.ID, "", c.Note); err != nil {
		return err
	}
	dr, err := t.deck(c.Deck)
	if err != nil {
		return err
	}
	dr.Cards++
	if err := t.members.Put(memberKey(c.Deck, c.ID), nil); err != nil {
		return err
	}
	if err := t.content.Put([]byte(c.ID), encodeContent(c)); err != nil {
		return err
	}
	return t.putCard(c.ID, r)
}

// detach takes a card out of its deck's indexes and counters, active or not.
func (t *txn) detach(id string, r *cardRec) error {
	dr, err := t.deck(r.Deck)
	if err != nil {
		return err
	}
	if r.Retired {
		dr.Retired = max(dr.Retired-1, 0)
		return nil
	}
	dr.Cards = max(dr.Cards-1, 0)
	return t.unindex(id, r)
}

// retireMissing retires the active cards of deckName that the sync did not
// see. Members are found by prefix, so this costs the deck's size, not the
// collection's.
func (t *txn) retireMissing(deckName string, seen map[string]bool, res *SyncResult) error {
	prefix := newPrefix(deckName)
	for _, k := range prefixKeys(t.members, prefix) {
		if id := string(k[len(prefix):]); !seen[id] {
			if err := t.retireCard(deckName, id, res); err != nil {
				return err
			}
		}
	}
	return nil
}

// retireCard retires card id if it is an active card of deckName.
func (t *txn) retireCard(deckName, id string, res *SyncResult) error {
	r, err := t.card(id)
	if err != nil || r == nil || r.Retired || r.Deck != deckName {
		return err
	}
	if err := t.detach(id, r); err != nil {
		return err
	}
	r.Retired = true
	dr, err := t.deck(deckName)
	if err != nil {
		return err
	}
	dr.Retired++
	res.Retired++
	return t.putCard(id, r)
}
