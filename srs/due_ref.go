package srs

import "fmt"

// The due index's value names the card's deck and note (schema v5), so
// that counting what is due today (`hone due`, the review's first frame,
// the forecast) reads the index alone, not each due card's record.
// index writes it; a card's deck never changes, and a note changes only
// through renote, which takes the card out of the index and puts it back.

// dueRef is a due index entry: the card, its due day, deck and note.
type dueRef struct {
	id         string
	due        Day
	deck, note string
}

func encodeDueRef(r *cardRec) []byte {
	e := enc{b: make([]byte, 0, 3+len(r.Deck)+len(r.Note))}
	e.byte(recV1)
	e.str(r.Deck)
	e.str(r.Note)
	return e.b
}

func decodeDueRef(b []byte) (deckName, note string, err error) {
	d := dec{what: "due index entry", b: b}
	d.version(recV1)
	deckName, note = d.str(), d.str()
	return deckName, note, d.done()
}

// dueRefsUpTo walks the due index up to day, from the most overdue card,
// reading no card record; fn returns false to stop.
func (t *txn) dueRefsUpTo(day Day, fn func(dueRef) (bool, error)) error {
	c := t.due.Cursor()
	for k, v := c.First(); k != nil; k, v = c.Next() {
		d, ok := keyDay(k)
		if !ok {
			return &damagedRecord{what: "due index", msg: "short key"}
		}
		if d > day {
			return nil
		}
		ref := dueRef{id: string(k[4:]), due: d}
		var err error
		if ref.deck, ref.note, err = decodeDueRef(v); err != nil {
			return fmt.Errorf("card %.64q: %w", ref.id, err)
		}
		if more, err := fn(ref); err != nil || !more {
			return err
		}
	}
	return nil
}

// buriedUntil maps the cards buried on day to the day their bury ends,
// from the buried index alone.
func (t *txn) buriedUntil(day Day) (map[string]Day, error) {
	out := map[string]Day{}
	c := t.buried.Cursor()
	for k, _ := c.Seek(dayKey(day.Add(1))); k != nil; k, _ = c.Next() {
		until, ok := keyDay(k)
		if !ok {
			return nil, &damagedRecord{what: "buried index", msg: "short key"}
		}
		out[string(k[4:])] = until
	}
	return out, nil
}

// rewriteDueRefs gives every due index entry its card's deck and note
// (the schema v5 migration, and recover).
func (t *txn) rewriteDueRefs() error {
	for _, k := range prefixKeys(t.due, nil) {
		if len(k) < 4 {
			return &damagedRecord{what: "due index", msg: "short key"}
		}
		r, err := t.card(string(k[4:]))
		if err != nil {
			return err
		}
		if r == nil {
			return &damagedRecord{what: "due index", msg: fmt.Sprintf("entry for unknown card %.64q", k[4:])}
		}
		if err := t.due.Put(k, encodeDueRef(r)); err != nil {
			return err
		}
	}
	return nil
}
