package srs

import "bytes"

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
	if old == new {
		return nil
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
			chk.drift("card %q: buried until %s but not in the buried index", id, r.State.BuriedUntil)
		}
		if r.Note != "" && t.notes.Get(noteKey(r.Note, id)) == nil {
			chk.drift("card %q: note %q not in the notes index", id, r.Note)
		}
	}
	c := t.buried.Cursor()
	for k, _ := c.First(); k != nil; k, _ = c.Next() {
		d, ok := keyDay(k)
		id := string(k[min(len(k), 4):])
		r, known := cards[id]
		if !ok || !known || r.Retired || r.State.Suspended || r.State.BuriedUntil != d {
			chk.drift("buried index: stray entry %x", k)
		}
	}
	c = t.notes.Cursor()
	for k, _ := c.First(); k != nil; k, _ = c.Next() {
		i := bytes.IndexByte(k, 0)
		if i < 0 {
			chk.damage("notes index: bad key %x", k)
			continue
		}
		if r, ok := cards[string(k[i+1:])]; !ok || r.Note != string(k[:i]) {
			chk.drift("notes index: stray entry for card %q in note %q", k[i+1:], k[:i])
		}
	}
}
