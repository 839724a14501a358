package srs

import (
	"fmt"
	"slices"
)

// Each card has a history record: the seqs of all its log entries (in the
// order they were logged here), and the order key of the last of them in
// replay order. Replaying one card costs its own history, never the log's,
// whatever order its entries arrived in from other devices.

type historyRec struct {
	Last orderKey // the greatest order key among the entries
	Seqs []uint64 // ascending
}

func encodeHistory(h historyRec) []byte {
	e := enc{b: make([]byte, 0, 24+2*len(h.Seqs))}
	e.byte(recV1)
	e.uint(h.Last.stamp)
	e.b = append(e.b, h.Last.device[:]...)
	e.uint(h.Last.counter)
	e.count(len(h.Seqs))
	var prev uint64
	for _, s := range h.Seqs {
		e.uint(s - prev)
		prev = s
	}
	return e.b
}

func decodeHistory(b []byte) (historyRec, error) {
	d := dec{what: "card history", b: b}
	var h historyRec
	d.version(recV1)
	h.Last.stamp = d.uint()
	h.Last.device = d.deviceID()
	h.Last.counter = d.uint()
	n := d.length()
	if d.err == nil && n > 0 {
		h.Seqs = make([]uint64, 0, n)
	}
	var prev uint64
	for range n {
		delta := d.uint()
		if d.err != nil {
			break
		}
		if delta == 0 || prev+delta < prev {
			d.fail("seqs out of order")
			break
		}
		prev += delta
		h.Seqs = append(h.Seqs, prev)
	}
	return h, d.done()
}

// history reads a card's history record; a card with no entries has an
// empty one.
func (t *txn) history(id string) (historyRec, error) {
	st, err := t.sync()
	if err != nil {
		return historyRec{}, err
	}
	raw := st.history.Get([]byte(id))
	if raw == nil {
		return historyRec{}, nil
	}
	h, err := decodeHistory(raw)
	if err != nil {
		return h, fmt.Errorf("card %s: %w", id, err)
	}
	return h, nil
}

// addHistory files a logged entry under its card. It reports whether the
// entry comes last in replay order, as a new answer normally does: when it
// does not, the card's state must be replayed.
func (t *txn) addHistory(e Entry) (last bool, err error) {
	h, err := t.history(e.CardID)
	if err != nil {
		return false, err
	}
	k := e.order()
	last = len(h.Seqs) == 0 || h.Last.cmp(k) < 0
	if last {
		h.Last = k
	}
	if n := len(h.Seqs); n == 0 || h.Seqs[n-1] < e.Seq {
		h.Seqs = append(h.Seqs, e.Seq)
	} else if i, found := slices.BinarySearch(h.Seqs, e.Seq); !found {
		h.Seqs = slices.Insert(h.Seqs, i, e.Seq)
	}
	return last, t.sy.history.Put([]byte(e.CardID), encodeHistory(h))
}

// timeline is a card's entries in replay order.
func (t *txn) timeline(id string) ([]Entry, error) {
	h, err := t.history(id)
	if err != nil {
		return nil, err
	}
	return t.entriesOf(id, h)
}

// entriesOf reads the entries of a history record, in replay order.
func (t *txn) entriesOf(id string, h historyRec) ([]Entry, error) {
	out := make([]Entry, 0, len(h.Seqs))
	for _, seq := range h.Seqs {
		e, err := t.entry(seq)
		switch {
		case err != nil:
			return nil, err
		case e == nil || e.CardID != id:
			return nil, &damagedRecord{what: "card history", msg: fmt.Sprintf("card %s: entry %d is not one of its entries", id, seq)}
		}
		out = append(out, *e)
	}
	slices.SortFunc(out, func(a, b Entry) int { return a.order().cmp(b.order()) })
	return out, nil
}
