package srs

import (
	"bytes"
	"errors"
	"strings"

	bolt "go.etcd.io/bbolt"
)

// The user's marks and the indexes. A suspended card is in neither the new
// pile nor the due index, so that the queue, the counts and the forecast
// never meet it; its deck counts it among NewSuspended when it is new. A
// buried card stays in its index (a bury ends by itself, with no write to
// put it back) and is also in the buried index, by the day its bury ends:
// what reads an index skips the cards buried on the day it asks about.

// indexMarks does index's (add) or unindex's work for the marks of active
// card r. aside is true for a suspended card, which goes in no other index.
func (t *txn) indexMarks(id string, r *cardRec, add bool) (aside bool, err error) {
	if r.State.Suspended {
		if r.State.New {
			d, err := t.deck(r.Deck)
			if err != nil {
				return true, err
			}
			if add {
				d.NewSuspended++
			} else {
				d.NewSuspended = max(d.NewSuspended-1, 0)
			}
		}
		return true, nil
	}
	if r.State.BuriedUntil == 0 {
		return false, nil
	}
	k := dueKey(r.State.BuriedUntil, id)
	if add {
		return false, t.buried.Put(k, nil)
	}
	return false, t.buried.Delete(k)
}

// noteKey is a card's key in the notes index.
func noteKey(note, id string) []byte { return append(newPrefix(note), id...) }

// setNote moves card id from note old to note new in the notes index.
func (t *txn) setNote(id, old, new string) error {
	switch {
	case old == new:
		return nil
	case strings.ContainsRune(new, 0):
		return errors.New("its note contains a NUL byte")
	}
	if old != "" {
		if err := t.notes.Delete(noteKey(old, id)); err != nil {
			return err
		}
	}
	if new == "" {
		return nil
	}
	return t.notes.Put(noteKey(new, id), nil)
}

// renote gives card r (id) the note note, keeping the notes index and, for
// a card in the new pile, its deck's count of siblings there in step.
func (t *txn) renote(id string, r *cardRec, note string) error {
	if r.Note == note {
		return nil
	}
	if err := t.unindex(id, r); err != nil {
		return err
	}
	if err := t.setNote(id, r.Note, note); err != nil {
		return err
	}
	r.Note = note
	return t.index(id, r)
}

// pileHasSibling reports whether another card of new card r's note is in
// its deck's new pile: the index itself says, so that a card written but
// not yet put there (as a sync does) is not counted.
func (t *txn) pileHasSibling(id string, r *cardRec) bool {
	for _, sib := range t.siblings(id, r.Note) {
		s, err := t.card(sib)
		if err == nil && s != nil && s.Deck == r.Deck && hasKey(t.new, newKey(s.Deck, s.Ordinal, sib)) {
			return true
		}
	}
	return false
}

// pileSiblingComes reports whether a sibling of buried new card r is in
// the new pile and not buried on day.
func (t *txn) pileSiblingComes(id string, r *cardRec, day Day) bool {
	for _, sib := range t.siblings(id, r.Note) {
		s, err := t.card(sib)
		if err == nil && s != nil && s.Deck == r.Deck && !s.State.Buried(day) && hasKey(t.new, newKey(s.Deck, s.Ordinal, sib)) {
			return true
		}
	}
	return false
}

// siblings lists the other cards of card id's note, in id order.
func (t *txn) siblings(id, note string) []string {
	if note == "" {
		return nil
	}
	prefix := newPrefix(note)
	var out []string
	c := t.notes.Cursor()
	for k, _ := c.Seek(prefix); k != nil && hasPrefix(k, prefix); k, _ = c.Next() {
		if sib := string(k[len(prefix):]); sib != id {
			out = append(out, sib)
		}
	}
	return out
}

// checkMarkIndexes checks the buried and notes indexes against the cards.
func (t *txn) checkMarkIndexes(cards map[string]cardRec, chk *checker) {
	for id, r := range cards {
		if !r.Retired && !r.State.Suspended && r.State.BuriedUntil != 0 && t.buried.Get(dueKey(r.State.BuriedUntil, id)) == nil {
			chk.drift("card %.64q: buried until %s but not in the buried index", id, r.State.BuriedUntil)
		}
		if r.Note != "" && t.notes.Get(noteKey(r.Note, id)) == nil {
			chk.drift("card %.64q: note %.64q not in the notes index", id, r.Note)
		}
	}
	c := t.buried.Cursor()
	for k, _ := c.First(); k != nil; k, _ = c.Next() {
		d, ok := keyDay(k)
		r, known := cards[string(k[min(len(k), 4):])]
		if !ok || !known || r.Retired || r.State.Suspended || r.State.BuriedUntil != d {
			chk.drift("buried index: stray entry %.64x", k)
		}
	}
	c = t.notes.Cursor()
	for k, _ := c.First(); k != nil; k, _ = c.Next() {
		i := bytes.IndexByte(k, 0)
		if i < 0 {
			chk.damage("notes index: bad key %.64x", k)
			continue
		}
		if r, ok := cards[string(k[i+1:])]; !ok || r.Note != string(k[:i]) {
			chk.drift("notes index: stray entry for card %.64q in note %.64q", k[i+1:], k[:i])
		}
	}
}

// pileSiblings counts, per deck, the cards of its new pile with a sibling
// before them there: k-1 for a note with k cards in the pile.
func pileSiblings(cards map[string]cardRec, want map[string]*deckRec) {
	inPile := map[[2]string]int{} // deck, note
	for _, r := range cards {
		if !r.Retired && r.State.New && !r.State.Suspended && r.Note != "" {
			inPile[[2]string{r.Deck, r.Note}]++
		}
	}
	for k, n := range inPile {
		if d := want[k[0]]; d != nil && n > 1 {
			d.NewSiblings += n - 1
		}
	}
}

// hasKey reports whether b holds key. Get cannot tell: inside a write
// transaction it returns nil for a key put with an empty value.
func hasKey(b *bolt.Bucket, key []byte) bool {
	k, _ := b.Cursor().Seek(key)
	return bytes.Equal(k, key)
}
