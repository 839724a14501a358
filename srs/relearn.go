package srs

import (
	"encoding/binary"
	"fmt"
)

// relearn appends the cards whose latest answer today, in a review or a
// same-day repeat, was below Good: SM-2 repeats an item the same day until
// it scores at least 4, and a learner who left a session before the repeat
// came round should still get it. It reads only today's end of the log.
func (t *txn) relearn(o QueueOptions, decks []string, items *[]Item) error {
	last := map[string]Quality{}
	var order []string
	c := t.log.Cursor()
	for k, v := c.Last(); k != nil; k, v = c.Prev() {
		if len(k) != 8 {
			return &damagedRecord{what: "log", msg: fmt.Sprintf("key of %d bytes", len(k))}
		}
		e, err := decodeEntry(binary.BigEndian.Uint64(k), v)
		if err != nil {
			return err
		}
		if e.Day < o.Today {
			break
		}
		if e.Day > o.Today || (e.Kind != Review && e.Kind != Repeat) || t.undone.Get(k) != nil {
			continue
		}
		if _, seen := last[e.CardID]; !seen {
			last[e.CardID] = e.Quality
			order = append(order, e.CardID)
		}
	}
	queued := make(map[string]bool, len(*items))
	for _, it := range *items {
		queued[it.Card.ID] = true
	}
	// The log was read newest first; the oldest failure comes back first.
	for i := len(order) - 1; i >= 0; i-- {
		id := order[i]
		if last[id] >= Good || queued[id] {
			continue
		}
		r, err := t.card(id)
		if err != nil {
			return err
		}
		if r == nil || r.Retired || !t.wanted(r, o, decks) {
			continue
		}
		if err := t.addItem(items, id, r); err != nil {
			return err
		}
	}
	return nil
}
