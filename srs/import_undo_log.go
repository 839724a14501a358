package srs

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"slices"
	"time"

	bolt "go.etcd.io/bbolt"
)

// A large import's Anki progress goes into the log a piece at a time, as
// entries like any other. Each piece notes the seqs it logged in the undo
// bucket ("l" first(8) → last(8)): only that piece wrote to the log in its
// transaction, so they are one range. Sync stays out until the import is
// done (keepImportsOut), so no entry of the range has left the store when
// a rollback takes the range back: it deletes the entries with what they
// made (history, outbox ref, merged range, day and topic counters) and
// replays each card they belonged to, which keeps any answer given
// between the pieces.

// noteLogged notes in the undo bucket the entries the piece logged from
// seq first on, if any.
func noteLogged(t *txn, b *bolt.Bucket, first uint64) error {
	last := t.log.Sequence()
	if last < first {
		return nil
	}
	return b.Put(append([]byte("l"), seqKey(first)...), seqKey(last))
}

// restoreEntries takes back up to limit of the entries the import logged
// (or as many as budget allows), from the first range noted; it returns
// how many seqs it went through.
func (t *txn) restoreEntries(b *bolt.Bucket, limit int, budget time.Duration) (int, error) {
	k, v := b.Cursor().Seek([]byte("l"))
	if k == nil || k[0] != 'l' {
		return 0, nil
	}
	if len(k) != 9 || len(v) != 8 || binary.BigEndian.Uint64(v) < binary.BigEndian.Uint64(k[1:]) {
		return 0, &damagedRecord{what: "import undo", msg: fmt.Sprintf("bad log range %.64x", k)}
	}
	first, last := binary.BigEndian.Uint64(k[1:]), binary.BigEndian.Uint64(v)
	to, err := t.dropLogged(first, last, limit, budget)
	if err != nil {
		return 0, err
	}
	if err := b.Delete(bytes.Clone(k)); err != nil {
		return 0, err
	}
	if to < last {
		if err := b.Put(append([]byte("l"), seqKey(to+1)...), seqKey(last)); err != nil {
			return 0, err
		}
	}
	return int(to-first) + 1, t.trimMerged(first, to)
}

// dropLogged deletes the entries from seq first on, up to last, limit of
// them or as many as budget allows; it returns the last seq it took.
func (t *txn) dropLogged(first, last uint64, limit int, budget time.Duration) (uint64, error) {
	start := time.Now()
	gone := map[string]map[uint64]bool{}
	to := first
	for seq := first; seq <= last && seq-first < uint64(limit); seq++ {
		to = seq
		e, err := t.entry(seq)
		switch {
		case err != nil:
			return 0, err
		case e == nil:
			continue // taken back before an earlier rollback stopped
		case gone[e.CardID] == nil:
			gone[e.CardID] = map[uint64]bool{}
		}
		gone[e.CardID][seq] = true
		if seq%64 == 63 && time.Since(start) > budget {
			break
		}
	}
	for _, id := range sortedKeys(gone) {
		if err := t.dropEntries(id, gone[id]); err != nil {
			return 0, fmt.Errorf("card %.64q: %w", id, err)
		}
	}
	return to, nil
}

// dropEntries deletes entries of card id that no other store has seen:
// the day and topic counters lose what the card's entries did and gain
// what the rest do, and the card takes the state the rest replay to.
func (t *txn) dropEntries(id string, gone map[uint64]bool) error {
	sch, err := t.scheduler()
	if err != nil {
		return err
	}
	tl, err := t.timeline(id)
	if err != nil {
		return err
	}
	undone := func(e Entry) bool { return t.isUndone(e.Seq) }
	var derr error
	replayTimeline(sch, tl, undone, t.counter(-1, &derr))
	kept := make([]Entry, 0, len(tl))
	for _, e := range tl {
		if !gone[e.Seq] {
			kept = append(kept, e)
			continue
		}
		if err := t.unlog(e); err != nil {
			return err
		}
	}
	st, last := replayTimeline(sch, kept, undone, t.counter(1, &derr))
	if derr != nil {
		return derr
	}
	if err := t.keepHistory(id, kept); err != nil {
		return err
	}
	return t.setCardState(id, st, last)
}

// dropOwnEntries takes back the entries this store logged for card id.
func (t *txn) dropOwnEntries(id string) error {
	st, err := t.sync()
	if err != nil {
		return err
	}
	tl, err := t.timeline(id)
	if err != nil {
		return err
	}
	gone := map[uint64]bool{}
	for _, e := range tl {
		if e.ID.Device == st.me {
			gone[e.Seq] = true
		}
	}
	if len(gone) == 0 {
		return nil
	}
	return t.dropEntries(id, gone)
}

// unlog deletes entry e from the log, this store's outbox (its counter
// is then one lost: outgoing skips it) and the undone index (its undo,
// this store's too, goes with it).
func (t *txn) unlog(e Entry) error {
	st, err := t.sync()
	if err != nil {
		return err
	}
	if e.ID.Device == st.me {
		if err := st.outbox.Delete(e.ID.key()); err != nil {
			return err
		}
	}
	if err := t.undone.Delete(seqKey(e.Seq)); err != nil {
		return err
	}
	return t.log.Delete(seqKey(e.Seq))
}

// keepHistory makes card id's history the entries kept, in replay order.
func (t *txn) keepHistory(id string, kept []Entry) error {
	if len(kept) == 0 {
		return t.sy.history.Delete([]byte(id))
	}
	h := historyRec{Last: kept[len(kept)-1].order(), Seqs: make([]uint64, 0, len(kept))}
	for _, e := range kept {
		h.Seqs = append(h.Seqs, e.Seq)
	}
	slices.Sort(h.Seqs)
	return t.sy.history.Put([]byte(id), encodeHistory(h))
}

// trimMerged takes seqs first to to out of the merged ranges: a range
// that starts among them now starts after them.
func (t *txn) trimMerged(first, to uint64) error {
	st, err := t.sync()
	if err != nil {
		return err
	}
	type moved struct{ key, val []byte }
	var drop []moved
	c := st.merged.Cursor()
	for k, v := c.Seek(seqKey(first)); len(k) == 8 && binary.BigEndian.Uint64(k) <= to; k, v = c.Next() {
		drop = append(drop, moved{bytes.Clone(k), bytes.Clone(v)})
	}
	for _, m := range drop {
		if err := st.merged.Delete(m.key); err != nil {
			return err
		}
		if len(m.val) >= 8 && binary.BigEndian.Uint64(m.val) > to {
			if err := st.merged.Put(seqKey(to+1), m.val); err != nil {
				return err
			}
		}
	}
	return nil
}
