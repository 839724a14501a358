package srs

import (
	"encoding/binary"
	"errors"
	"fmt"
	"maps"
	"slices"
)

// What Recover does for schema v5: the recovered file goes on as the
// device it was, with the events, deck blobs and devices it knew; the
// card histories, the outbox of its own records, the undos waiting for
// their entry and the ranges taken in from others are rebuilt from the log.

// validBlobRecord: a whole blob that decodes, or a chunk head (whose
// chunks dropBrokenChunks checks once they are copied).
func validBlobRecord(b []byte) error {
	if len(b) > 0 && b[0] == chunkHeadMark {
		return validChunkHead(b)
	}
	_, _, err := decodeBlob(b)
	return err
}

func validEvent(b []byte) error { _, err := decodeEvent(b); return err }

func validDevice(b []byte) error { _, err := decodeDevice(b); return err }

// validOrphan: an orphan's mark is the one byte 1 (recompute.go).
func validOrphan(b []byte) error {
	if len(b) != 1 || b[0] != 1 {
		return errors.New("an orphan's mark is not 1")
	}
	return nil
}

// keepOrphans keeps of the salvaged orphans (cards whose answers came
// before their deck, which a deck import still to apply often brings)
// those with answers in the log and no record, and takes them out of
// decks: they wait for their deck, and are not cards whose record is
// lost, and those an import under way wrote a card over. cards are the
// salvaged records; decks, each logged card's deck.
func (t *txn) keepOrphans(cards map[string]cardRec, decks map[string]string) error {
	st, err := t.sync()
	if err != nil {
		return err
	}
	undo := t.tx.Bucket([]byte(bImport))
	for _, k := range prefixKeys(st.orphans, nil) {
		_, known := cards[string(k)]
		_, answered := decks[string(k)]
		// A card the import under way wrote over an orphan stays one: the
		// rollback deletes the card, and the import adopts it again.
		addedOver := known && undo != nil && undo.Get(append([]byte("c"), k...)) != nil
		if (known && !addedOver) || !answered {
			if err := st.orphans.Delete(k); err != nil {
				return err
			}
			continue
		}
		delete(decks, string(k))
	}
	return nil
}

// rederiveSync restores the identity from the salvaged meta bucket and
// rebuilds what derives from the log and the events.
func (t *txn) rederiveSync(meta map[string][]byte) error {
	var maxOld uint64
	err := t.forEachRaw(func(seq uint64, v []byte) error {
		if len(v) > 0 && v[0] < recV4 {
			maxOld = max(maxOld, seq)
		}
		return nil
	})
	if err != nil {
		return err
	}
	if err := t.dropFreshDevice(meta); err != nil {
		return err
	}
	if v := meta[metaInheritedKey]; len(v)%16 == 0 {
		if err := t.meta.Put([]byte(metaInheritedKey), v); err != nil {
			return err
		}
	}
	for _, k := range []string{metaDeviceKey, metaOriginKey} {
		if v := meta[k]; len(v) == len(DeviceID{}) && !DeviceID(v).IsZero() {
			if err := t.meta.Put([]byte(k), v); err != nil {
				return err
			}
		}
	}
	through := max(maxOld, binaryUintOr(meta[metaThroughKey]))
	if err := putMetaUint(t.meta, metaThroughKey, through); err != nil {
		return err
	}
	if err := putMetaUint(t.meta, metaClockKey, binaryUintOr(meta[metaClockKey])); err != nil {
		return err
	}
	t.sy = nil
	st, err := t.sync()
	if err != nil {
		return err
	}
	return t.rebuildFromLog(st)
}

// dropFreshDevice takes out the device the new file was made with, and its
// name, when the recovered file goes on as the device it was.
func (t *txn) dropFreshDevice(meta map[string][]byte) error {
	old := meta[metaDeviceKey]
	fresh := t.meta.Get([]byte(metaDeviceKey))
	if len(old) != len(DeviceID{}) || DeviceID(old).IsZero() || string(old) == string(fresh) {
		return nil
	}
	st, err := t.sync()
	if err != nil {
		return err
	}
	if err := st.devices.Delete(fresh); err != nil {
		return err
	}
	delete(st.devs, DeviceID(fresh))
	for _, k := range prefixKeys(st.events, nil) {
		if ev, err := decodeEvent(st.events.Get(k)); err == nil && ev.ID.Device == DeviceID(fresh) {
			if err := st.events.Delete(k); err != nil {
				return err
			}
		}
	}
	for _, k := range prefixKeys(st.outbox, nil) {
		if err := st.outbox.Delete(k); err != nil {
			return err
		}
	}
	return nil
}

func binaryUintOr(b []byte) uint64 {
	if len(b) != 8 {
		return 0
	}
	return binary.BigEndian.Uint64(b)
}

// forEachRaw calls fn with every log key's seq and its raw value.
func (t *txn) forEachRaw(fn func(uint64, []byte) error) error {
	c := t.log.Cursor()
	for k, v := c.First(); k != nil; k, v = c.Next() {
		if len(k) != 8 {
			return &damagedRecord{what: "log", msg: fmt.Sprintf("key of %d bytes", len(k))}
		}
		if err := fn(binary.BigEndian.Uint64(k), v); err != nil {
			return err
		}
	}
	return nil
}

// rebuildFromLog rebuilds the card histories, the devices' counters, the
// outbox, the pending undos and the merged ranges.
func (t *txn) rebuildFromLog(st *syncState) error {
	writers, err := t.writers()
	if err != nil {
		return err
	}
	mine := map[DeviceID]bool{}
	for _, w := range writers {
		mine[w.dev] = true
	}
	hist := map[string]*historyRec{}
	ids := map[EntryID]uint64{}
	runs := mergedRuns{t: t}
	err = t.forEachEntry(func(e Entry) error {
		h := hist[e.CardID]
		if h == nil {
			h = &historyRec{}
			hist[e.CardID] = h
		}
		if len(h.Seqs) == 0 || h.Last.cmp(e.order()) < 0 {
			h.Last = e.order()
		}
		h.Seqs = append(h.Seqs, e.Seq)
		ids[e.ID] = e.Seq
		st.see(e.Stamp)
		if err := t.countRecord(st, mine, e.ID, refLog, seqKey(e.Seq)); err != nil {
			return err
		}
		// Answers imported from another program lie in the past, as
		// those from other devices do: both are ranges (see merged.go).
		return runs.add(e, (mine[e.ID.Device] || e.ID.Device == st.origin) && e.Kind != Imported)
	})
	if err != nil {
		return err
	}
	if err := runs.end(); err != nil {
		return err
	}
	for _, id := range slices.Sorted(maps.Keys(hist)) {
		if err := st.history.Put([]byte(id), encodeHistory(*hist[id])); err != nil {
			return err
		}
	}
	if err := t.rebuildPending(st, ids); err != nil {
		return err
	}
	return t.forEachEvent(func(k []byte, ev event) error {
		st.see(ev.Stamp)
		return t.countRecord(st, mine, ev.ID, refEvent, k)
	})
}

// countRecord notes a record of device id.Device: its counter, and for
// this device's own records, its place in the outbox.
func (t *txn) countRecord(st *syncState, mine map[DeviceID]bool, id EntryID, kind byte, ref []byte) error {
	dev, err := st.device(id.Device)
	if err != nil {
		return err
	}
	dev.High = max(dev.High, id.Counter)
	if !mine[id.Device] || (id.Device == st.origin && kind == refLog && id.Counter <= st.through) {
		return nil
	}
	return st.outbox.Put(id.key(), append([]byte{kind}, ref...))
}

// rebuildPending fills the undone index, which replay reads, and files
// again the undos whose entry is not in the log.
func (t *txn) rebuildPending(st *syncState, ids map[EntryID]uint64) error {
	return t.forEachEntry(func(e Entry) error {
		if e.Kind != Undo || e.UndoesID.IsZero() {
			return nil
		}
		if target, ok := ids[e.UndoesID]; ok {
			if t.isUndone(target) {
				return nil
			}
			return t.undone.Put(seqKey(target), seqKey(e.Seq))
		}
		return st.pending.Put(append(e.UndoesID.key(), seqKey(e.Seq)...), []byte{1})
	})
}

// decodeSync decodes every record of the buckets schema v5 added, and the
// device id, for the full check before an import or a backup: what no
// hone writes is damage.
func (t *txn) decodeSync(chk *checker, tally historyTally) {
	st, err := t.sync()
	if err != nil {
		chk.damage("%v", err)
		return
	}
	fixed := func(n int) func(k, v []byte) error {
		return func(_, v []byte) error {
			if len(v) != n {
				return fmt.Errorf("value of %d bytes", len(v))
			}
			return nil
		}
	}
	buckets := []struct {
		name   string
		each   func(func(k, v []byte) error) error
		decode func(k, v []byte) error
	}{
		{bHistory, st.history.ForEach, func(k, v []byte) error {
			h, err := decodeHistory(v)
			if err != nil {
				return err
			}
			return tally.matches(string(k), h)
		}},
		{bEvents, st.events.ForEach, func(k, v []byte) error { _, err := decodeEvent(v); return keyLen(k, 16, 16, err) }},
		{bDevices, st.devices.ForEach, func(k, v []byte) error { _, err := decodeDevice(v); return keyLen(k, 8, 8, err) }},
		{bOutbox, st.outbox.ForEach, func(k, v []byte) error { return keyLen(k, 16, 16, outboxRef(v)) }},
		{bPending, st.pending.ForEach, func(k, v []byte) error { return keyLen(k, 24, 24, fixed(1)(k, v)) }},
		{bMerged, st.merged.ForEach, func(k, v []byte) error { return keyLen(k, 8, 8, mergedValue(v)) }},
	}
	for _, b := range buckets {
		err := b.each(func(k, v []byte) error {
			if err := b.decode(k, v); err != nil {
				chk.damage("%s %.64q: %v", b.name, k, err)
			}
			return nil
		})
		if err != nil {
			chk.damage("%s: %v", b.name, err)
		}
	}
	t.checkChunkRecords(chk)
	for _, card := range sortedKeys(tally) {
		chk.damage("card %.64q: the log holds %d entries for it, and it has no history", card, tally[card].n)
	}
}

func outboxRef(v []byte) error {
	if (len(v) == 9 && v[0] == refLog) || (len(v) == 17 && v[0] == refEvent) {
		return nil
	}
	return fmt.Errorf("bad outbox ref %.64x", v)
}

func mergedValue(v []byte) error {
	if len(v) < 9 {
		return fmt.Errorf("merged range of %d bytes", len(v))
	}
	d := dec{what: "merged range", b: v[8:]}
	d.day()
	return d.done()
}
