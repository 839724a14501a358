package srs

import (
	"cmp"
	"encoding/binary"
	"fmt"
	"maps"
	"slices"
	"time"

	bolt "go.etcd.io/bbolt"
)

// Schema v5 makes a collection a device that syncs with others: it gets a
// device id, and every log entry an identity (device, counter) and a
// Lamport stamp. The entries already logged are this device's: their seq
// is their counter and their stamp (decodeLogEntry fills that in, so the
// log is left as it is). Each card gets its history record, and a
// scheduler other than the default becomes an event, so that the
// collections this one syncs with take it on.
//
// It also brings in the per-topic counters and the due index's values
// (counters.go, due_ref.go), built from the cards and the log; a file
// written at v5 before they came in gets them on open.
//
// This step is self-contained: renumbering it is changing the case in
// migrationTo.
func migrateV5(tx *bolt.Tx) error {
	counted := tx.Bucket([]byte(bTopics)) != nil
	for _, name := range append(bucketsV5(), bTopics, bTopicDays) {
		if _, err := tx.CreateBucketIfNotExists([]byte(name)); err != nil {
			return err
		}
	}
	if err := migrateV5Sync(tx); err != nil {
		return err
	}
	if counted {
		return nil
	}
	t, err := newTxn(tx)
	if err != nil {
		return err
	}
	return t.rebuildCounters()
}

// migrateV5Sync is the sync part of migrateV5.
func migrateV5Sync(tx *bolt.Tx) error {
	meta, err := tx.CreateBucketIfNotExists([]byte(bMeta))
	if err != nil {
		return err
	}
	if meta.Get([]byte(metaDeviceKey)) != nil {
		return nil
	}
	id, err := newDeviceID()
	if err != nil {
		return err
	}
	last, clock, disordered, err := buildHistories(tx, id)
	if err != nil {
		return fmt.Errorf("card histories: %w", err)
	}
	for key, v := range map[string][]byte{
		metaDeviceKey:  id[:],
		metaOriginKey:  id[:],
		metaThroughKey: binary.BigEndian.AppendUint64(nil, last),
		metaClockKey:   binary.BigEndian.AppendUint64(nil, clock),
	} {
		if err := meta.Put([]byte(key), v); err != nil {
			return err
		}
	}
	devices := tx.Bucket([]byte(bDevices))
	if err := devices.Put(id[:], encodeDevice(deviceRec{High: last})); err != nil {
		return err
	}
	t, err := newTxn(tx)
	if err != nil {
		return err
	}
	for _, card := range disordered {
		if err := t.reorderCard(card); err != nil {
			return fmt.Errorf("card %s: %w", card, err)
		}
	}
	if err := schedulerEventV5(t); err != nil {
		return err
	}
	t.homeChecked = true // the home is recorded by the first write
	if err := t.nameSelf(time.Time{}); err != nil {
		return err
	}
	return t.flush()
}

// buildHistories writes every card's history record from the log, and
// returns the log's last seq, the highest stamp, and the cards whose
// entries the stamps put in another order than the log's (a clock that
// went back). The records go in key order: bbolt pays for keys put out of
// order in one big transaction.
func buildHistories(tx *bolt.Tx, origin DeviceID) (last, clock uint64, disordered []string, err error) {
	log := tx.Bucket([]byte(bLog))
	hist := map[string]*historyRec{}
	flagged := map[string]bool{}
	c := log.Cursor()
	for k, v := c.First(); k != nil; k, v = c.Next() {
		if len(k) != 8 {
			return 0, 0, nil, &damagedRecord{what: "log", msg: fmt.Sprintf("key of %d bytes", len(k))}
		}
		seq := binary.BigEndian.Uint64(k)
		e, err := decodeEntry(seq, v)
		if err != nil {
			return 0, 0, nil, err
		}
		h := hist[e.CardID]
		if h == nil {
			h = &historyRec{}
			hist[e.CardID] = h
		}
		key := orderKey{stampOf(e.Time), origin, seq}
		switch {
		case len(h.Seqs) == 0 || h.Last.cmp(key) < 0:
			h.Last = key
		case !flagged[e.CardID]:
			flagged[e.CardID] = true
			disordered = append(disordered, e.CardID)
		}
		h.Seqs = append(h.Seqs, seq)
		last, clock = seq, max(clock, key.stamp)
	}
	b := tx.Bucket([]byte(bHistory))
	b.FillPercent = 1
	for _, id := range slices.Sorted(maps.Keys(hist)) {
		if err := b.Put([]byte(id), encodeHistory(*hist[id])); err != nil {
			return 0, 0, nil, err
		}
	}
	return last, clock, disordered, nil
}

// reorderCard moves a card whose stamps order its entries otherwise than
// the log did, from the state and counters the log order gave it to those
// of replay order.
func (t *txn) reorderCard(id string) error {
	sch, err := t.scheduler()
	if err != nil {
		return err
	}
	tl, err := t.timeline(id)
	if err != nil {
		return err
	}
	bySeq := slices.Clone(tl)
	slices.SortFunc(bySeq, func(a, b Entry) int { return cmp.Compare(a.Seq, b.Seq) })
	undone := func(e Entry) bool { return t.isUndone(e.Seq) }
	var derr error
	replayTimeline(sch, bySeq, undone, t.counter(-1, &derr))
	st, lastLive := replayTimeline(sch, tl, undone, t.counter(1, &derr))
	if derr != nil {
		return derr
	}
	return t.setCardState(id, st, lastLive)
}

// schedulerEventV5 makes the scheduler in force an event when it is not
// the default, so that it travels.
func schedulerEventV5(t *txn) error {
	sch, err := t.scheduler()
	if err != nil || sch.Settings() == DefaultSettings() {
		return err
	}
	return t.logEvent(&event{Kind: evScheduler, Settings: sch.Settings()})
}
