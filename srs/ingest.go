package srs

import (
	"encoding/binary"
	"fmt"
	"slices"
	"time"
)

// record is one thing another device wrote, as read from the sync folder:
// a log entry or an event, and for a deck import the deck's blob.
type record struct {
	id    EntryID
	stamp uint64
	time  time.Time
	entry *Entry
	event *event
	// blobPath: the file of the event's deck blob, when the store has not
	// got it; ingest stores it in chunks, reading a chunk at a time.
	blobPath string
}

// received counts what a sync took in from one device.
type received struct {
	Answers int // reviews, repeats, early reviews and drills
	Other   int // undos and the other kinds of entry
	Events  int // deck, scheduler and name changes
}

// ingest takes in records of other devices, each device's in counter order
// and contiguous with what the collection has from it: those it has
// already (another hone took them in meanwhile) are skipped. Entries are
// logged in replay order, each card touched is replayed where its history
// needs it, and events apply in their order.
func (t *txn) ingest(recs []record, now time.Time) (map[DeviceID]*received, []string, error) {
	st, err := t.sync()
	if err != nil {
		return nil, nil, err
	}
	got := map[DeviceID]*received{}
	var entries []Entry
	var events []event
	for _, rc := range recs {
		dev, err := st.device(rc.id.Device)
		if err != nil {
			return nil, nil, err
		}
		if rc.id.Counter <= dev.High || rc.id.Device == st.me {
			continue
		}
		dev.High, dev.SyncedAt = rc.id.Counter, now
		dev.Received++
		if rc.time.After(dev.LastTime) {
			dev.LastTime = rc.time
		}
		st.see(rc.stamp)
		n := got[rc.id.Device]
		if n == nil {
			n = &received{}
			got[rc.id.Device] = n
		}
		switch {
		case rc.entry != nil:
			entries = append(entries, *rc.entry)
			if rc.entry.Kind.IsAnswer() {
				n.Answers++
			} else {
				n.Other++
			}
		case rc.event != nil:
			if rc.blobPath != "" {
				if err := t.putBlobFile(rc.event.Blob, rc.blobPath); err != nil {
					return nil, nil, err
				}
			}
			events = append(events, *rc.event)
			n.Events++
		}
	}
	if err := t.ingestEntries(entries); err != nil {
		return nil, nil, err
	}
	problems, err := t.ingestEvents(events)
	return got, problems, err
}

// cardChange is what one ingest did to a card's history.
type cardChange struct {
	fresh, undone map[uint64]bool
	order         []Entry // the fresh entries, in replay order
	inPlace       bool    // every fresh entry came last, and nothing was undone
}

func (t *txn) ingestEntries(entries []Entry) error {
	if len(entries) == 0 {
		return nil
	}
	slices.SortFunc(entries, func(a, b Entry) int { return a.order().cmp(b.order()) })
	changes := map[string]*cardChange{}
	change := func(id string) *cardChange {
		c := changes[id]
		if c == nil {
			c = &cardChange{fresh: map[uint64]bool{}, undone: map[uint64]bool{}, inPlace: true}
			changes[id] = c
		}
		return c
	}
	runs := mergedRuns{t: t}
	for i := range entries {
		e := &entries[i]
		c := change(e.CardID)
		if err := t.logForeign(e, c, change); err != nil {
			return fmt.Errorf("entry %s: %w", e.ID, err)
		}
		if err := runs.add(*e, false); err != nil {
			return err
		}
	}
	if err := runs.end(); err != nil {
		return err
	}
	for _, id := range sortedKeys(changes) {
		if err := t.replayChange(id, changes[id]); err != nil {
			return fmt.Errorf("card %s: %w", id, err)
		}
	}
	return nil
}

// logForeign logs one entry from another device under a new seq, and
// matches undos with the entries they undo, whichever came first.
func (t *txn) logForeign(e *Entry, c *cardChange, change func(string) *cardChange) error {
	st := t.sy
	seq, err := t.log.NextSequence()
	if err != nil {
		return err
	}
	e.Seq, e.Prev, e.Undoes, e.Cause = seq, 0, 0, 0
	c.fresh[seq] = true
	c.order = append(c.order, *e)
	if e.Kind == Undo {
		c.inPlace = false
		target, err := t.findEntry(e.CardID, e.UndoesID)
		switch {
		case err != nil:
			return err
		case target != 0:
			e.Undoes = target
			if err := t.markUndone(target, seq, c); err != nil {
				return err
			}
		default:
			if err := st.pending.Put(append(e.UndoesID.key(), seqKey(seq)...), []byte{1}); err != nil {
				return err
			}
		}
	}
	// Undos that came before their entry: the entry arrives undone.
	prefix := e.ID.key()
	for _, k := range prefixKeys(st.pending, prefix) {
		c.inPlace = false
		if err := t.resolveUndo(binary.BigEndian.Uint64(k[len(prefix):]), seq, c); err != nil {
			return err
		}
		if err := st.pending.Delete(k); err != nil {
			return err
		}
	}
	if err := t.log.Put(seqKey(seq), encodeEntry(*e)); err != nil {
		return err
	}
	atEnd, err := t.addHistory(*e)
	if !atEnd {
		c.inPlace = false
	}
	return err
}

// markUndone records that the undo logged as undoSeq undoes seq. Two
// devices may undo the same entry: the first undo to arrive is the one the
// index keeps, and only it changes the card.
func (t *txn) markUndone(seq, undoSeq uint64, c *cardChange) error {
	if t.isUndone(seq) {
		return nil
	}
	if !c.fresh[seq] {
		c.undone[seq] = true
	}
	return t.undone.Put(seqKey(seq), seqKey(undoSeq))
}

// resolveUndo records that the undo logged as undoSeq undoes seq, which
// arrived after it: in the undo's own record, whose Undoes is this
// collection's seq, and in the undone index.
func (t *txn) resolveUndo(undoSeq, seq uint64, c *cardChange) error {
	u, err := t.entry(undoSeq)
	if err != nil {
		return err
	}
	if u == nil || u.Kind != Undo {
		return &damagedRecord{what: "pending undo", msg: fmt.Sprintf("entry %d is not an undo", undoSeq)}
	}
	u.Undoes = seq
	if err := t.log.Put(seqKey(undoSeq), encodeEntry(*u)); err != nil {
		return err
	}
	return t.markUndone(seq, undoSeq, c)
}

// findEntry is the seq of a card's entry with identity id, 0 when it has
// not arrived.
func (t *txn) findEntry(card string, id EntryID) (uint64, error) {
	tl, err := t.timeline(card)
	if err != nil {
		return 0, err
	}
	for _, e := range tl {
		if e.ID == id {
			return e.Seq, nil
		}
	}
	return 0, nil
}

// replayChange brings a card up to date with the entries an ingest gave
// it: answers that came after all it had are applied one by one; anything
// else replays its history.
func (t *txn) replayChange(id string, c *cardChange) error {
	r, err := t.card(id)
	if err != nil {
		return err
	}
	if r == nil || !c.inPlace {
		return t.recomputeCard(id, c.fresh, c.undone)
	}
	sch, err := t.scheduler()
	if err != nil {
		return err
	}
	st, last := r.State, r.LastSeq
	for _, e := range c.order {
		var eff effect
		st, eff = applyEntry(sch, st, e)
		if err := t.countEntry(e, eff, r, 1); err != nil {
			return err
		}
		last = e.Seq
	}
	return t.setCardState(id, st, last)
}
