package srs

import "fmt"

// replayTimeline replays a card's entries, in replay order, from a new
// card's state: undos and the entries undone are skipped, and visit is
// told what each live entry did. It returns the state and the seq of the
// last live entry.
func replayTimeline(sch Scheduler, entries []Entry, undone func(Entry) bool, visit func(Entry, effect)) (CardState, uint64) {
	st := NewCardState()
	var last uint64
	for _, e := range entries {
		if e.Kind == Undo || undone(e) {
			continue
		}
		var eff effect
		st, eff = applyEntry(sch, st, e)
		if visit != nil {
			visit(e, eff)
		}
		last = e.Seq
	}
	return st, last
}

func (t *txn) isUndone(seq uint64) bool { return t.undone.Get(seqKey(seq)) != nil }

// recomputeCard replays a card after entries were added to its history
// (fresh) or undone (newly undone) by this transaction, in whatever place
// of its history: the day counters lose what the entries did before and
// gain what they do now, and the card takes the state its history replays
// to. A card with entries but no record yet (its deck has not arrived) is
// noted as an orphan; its counters are kept all the same.
func (t *txn) recomputeCard(id string, fresh, newlyUndone map[uint64]bool) error {
	sch, err := t.scheduler()
	if err != nil {
		return err
	}
	tl, err := t.timeline(id)
	if err != nil {
		return err
	}
	old := make([]Entry, 0, len(tl))
	for _, e := range tl {
		if !fresh[e.Seq] {
			old = append(old, e)
		}
	}
	var derr error
	replayTimeline(sch, old, func(e Entry) bool { return !newlyUndone[e.Seq] && t.isUndone(e.Seq) }, t.counter(-1, &derr))
	st, last := replayTimeline(sch, tl, func(e Entry) bool { return t.isUndone(e.Seq) }, t.counter(1, &derr))
	if derr != nil {
		return derr
	}
	return t.setCardState(id, st, last)
}

// isOrphan says whether a card with entries but no record is one that
// recomputeCard noted as waiting for its deck.
func (t *txn) isOrphan(id string) bool {
	st, err := t.sync()
	return err == nil && st.orphans.Get([]byte(id)) != nil
}

// counter adds what each entry it is told of did to its day's counters
// and its card's topic (sign 1), or takes it back (sign -1); the first
// error goes to *err. The card's record is read once per card.
func (t *txn) counter(sign int, err *error) func(Entry, effect) {
	var (
		id  string
		rec *cardRec
	)
	return func(e Entry, eff effect) {
		var derr error
		if rec == nil || e.CardID != id {
			id = e.CardID
			rec, derr = t.card(id)
		}
		if derr == nil {
			derr = t.countEntry(e, eff, rec, sign)
		}
		if derr != nil && *err == nil {
			*err = derr
		}
	}
}

// setCardState gives a card its replayed state and latest live entry,
// keeping the indexes in step.
func (t *txn) setCardState(id string, st CardState, last uint64) error {
	r, err := t.card(id)
	if err != nil {
		return err
	}
	if r == nil {
		return t.sy.orphans.Put([]byte(id), []byte{1}) // not empty: within a transaction, Get returns nil for an empty value
	}
	if r.State != st {
		if err := t.unindex(id, r); err != nil {
			return err
		}
		r.State = st
		if err := t.index(id, r); err != nil {
			return err
		}
	}
	r.LastSeq = last
	return t.putCard(id, r)
}

// replayAll replays every card's history in replay order, under the
// scheduler in force: the states and day counters the log implies. It
// reads each card's entries through its history record, so it costs the
// log, whatever order the entries were logged in.
func (t *txn) replayAll() (map[string]CardState, map[Day]*DayCounts, error) {
	sch, err := t.scheduler()
	if err != nil {
		return nil, nil, err
	}
	st, err := t.sync()
	if err != nil {
		return nil, nil, err
	}
	states := map[string]CardState{}
	c := t.cards.Cursor()
	for k, _ := c.First(); k != nil; k, _ = c.Next() {
		states[string(k)] = NewCardState()
	}
	days := map[Day]*DayCounts{}
	visit := func(e Entry, eff effect) {
		dc := days[e.Day]
		if dc == nil {
			dc = &DayCounts{}
			days[e.Day] = dc
		}
		dc.add(e, eff, 1)
	}
	hc := st.history.Cursor()
	for k, v := hc.First(); k != nil; k, v = hc.Next() {
		id := string(k)
		h, err := decodeHistory(v)
		if err != nil {
			return nil, nil, fmt.Errorf("card %s: %w", id, err)
		}
		tl, err := t.entriesOf(id, h)
		if err != nil {
			return nil, nil, err
		}
		states[id], _ = replayTimeline(sch, tl, func(e Entry) bool { return t.isUndone(e.Seq) }, visit)
	}
	return states, days, nil
}
