package srs

import (
	"encoding/binary"
	"fmt"
	"maps"
	"slices"
	"time"

	bolt "go.etcd.io/bbolt"
)

// Buckets added by schema v5.
const (
	bHistory = "history"     // card id → historyRec: the card's log seqs
	bEvents  = "events"      // stamp(8) device(8) → event: deck, scheduler and name changes
	bDevices = "devices"     // device id(8) → deviceRec
	bOutbox  = "outbox"      // EntryID(16) → what this collection wrote under it: 'L' seq(8) or 'V' event key(16)
	bBlobs   = "blobs"       // blob hash → the canonical encoding of an imported deck
	bPending = "pendingundo" // undone EntryID(16) seq(8) → 1: an undo (logged as seq) whose entry has not arrived
	bFiles   = "syncfiles"   // file under the sync folder → how far it was read
	bMerged  = "merged"      // first seq(8) → last seq(8), max day: log ranges taken in from others
	bOrphans = "orphans"     // card id → empty: cards with entries but no record yet
)

func bucketsV5() []string {
	return []string{bHistory, bEvents, bDevices, bOutbox, bBlobs, bPending, bFiles, bMerged, bOrphans}
}

// syncState is a transaction's view of identity and order: the v5 buckets
// and the meta values, read on first use and written back by flush.
type syncState struct {
	history, events, devices, outbox, blobs *bolt.Bucket
	pending, files, merged, orphans         *bolt.Bucket

	me      DeviceID
	origin  DeviceID
	through uint64 // entries up to this seq were logged before v5, by origin
	clock   uint64
	devs    map[DeviceID]*deviceRec
	dirty   bool // clock changed
}

// sync is the transaction's sync state, loaded once.
func (t *txn) sync() (*syncState, error) {
	if t.sy != nil {
		return t.sy, nil
	}
	st := &syncState{devs: map[DeviceID]*deviceRec{}}
	for name, dst := range map[string]**bolt.Bucket{
		bHistory: &st.history, bEvents: &st.events, bDevices: &st.devices, bOutbox: &st.outbox,
		bBlobs: &st.blobs, bPending: &st.pending, bFiles: &st.files, bMerged: &st.merged, bOrphans: &st.orphans,
	} {
		if *dst = t.tx.Bucket([]byte(name)); *dst == nil {
			return nil, &damagedRecord{what: "database", msg: "bucket " + name + " is missing"}
		}
	}
	var ok bool
	if st.me, ok = metaDevice(t.meta, metaDeviceKey); !ok {
		return nil, &damagedRecord{what: "meta", msg: "no device id"}
	}
	if st.origin, ok = metaDevice(t.meta, metaOriginKey); !ok {
		return nil, &damagedRecord{what: "meta", msg: "no origin device"}
	}
	st.through = metaUint(t.meta, metaThroughKey)
	st.clock = metaUint(t.meta, metaClockKey)
	t.sy = st
	return st, nil
}

func metaDevice(meta *bolt.Bucket, key string) (DeviceID, bool) {
	var d DeviceID
	raw := meta.Get([]byte(key))
	if len(raw) != len(d) {
		return d, false
	}
	copy(d[:], raw)
	return d, !d.IsZero()
}

func metaUint(meta *bolt.Bucket, key string) uint64 {
	raw := meta.Get([]byte(key))
	if len(raw) != 8 {
		return 0
	}
	return binary.BigEndian.Uint64(raw)
}

func putMetaUint(meta *bolt.Bucket, key string, v uint64) error {
	return meta.Put([]byte(key), binary.BigEndian.AppendUint64(nil, v))
}

// device is the cached record of device id; a device never seen starts
// empty.
func (st *syncState) device(id DeviceID) (*deviceRec, error) {
	if r, ok := st.devs[id]; ok {
		return r, nil
	}
	r := &deviceRec{}
	if raw := st.devices.Get(id[:]); raw != nil {
		v, err := decodeDevice(raw)
		if err != nil {
			return nil, fmt.Errorf("device %s: %w", id, err)
		}
		*r = v
	}
	st.devs[id] = r
	return r, nil
}

// see moves the clock past a stamp seen.
func (st *syncState) see(stamp uint64) {
	if stamp > st.clock {
		st.clock, st.dirty = stamp, true
	}
}

// tick is the stamp of something written at now: now on the wall clock,
// unless the clock has seen that or later.
func (st *syncState) tick(now time.Time) uint64 {
	st.clock = max(st.clock+1, stampOf(now))
	st.dirty = true
	return st.clock
}

// flushSync writes the device records and the clock the transaction
// changed.
func (t *txn) flushSync() error {
	st := t.sy
	if st == nil {
		return nil
	}
	for _, id := range slices.SortedFunc(maps.Keys(st.devs), func(a, b DeviceID) int { return slices.Compare(a[:], b[:]) }) {
		if err := st.devices.Put(id[:], encodeDevice(*st.devs[id])); err != nil {
			return fmt.Errorf("write device %s: %w", id, err)
		}
	}
	if st.dirty {
		return putMetaUint(t.meta, metaClockKey, st.clock)
	}
	return nil
}

// outbox refs: what this device wrote under a counter.
const (
	refLog   = 'L'
	refEvent = 'V'
)

// claim gives the next counter of this device to something it writes, and
// files it in the outbox.
func (t *txn) claim(ref []byte) (EntryID, error) {
	if err := t.checkHome(); err != nil {
		return EntryID{}, err
	}
	st, err := t.sync()
	if err != nil {
		return EntryID{}, err
	}
	me, err := st.device(st.me)
	if err != nil {
		return EntryID{}, err
	}
	me.High++
	id := EntryID{st.me, me.High}
	return id, st.outbox.Put(id.key(), ref)
}

// stampEntry gives a new local entry its identity and stamp, once it has
// its seq.
func (t *txn) stampEntry(e *Entry) error {
	st, err := t.sync()
	if err != nil {
		return err
	}
	id, err := t.claim(append([]byte{refLog}, seqKey(e.Seq)...))
	if err != nil {
		return err
	}
	e.ID, e.Stamp = id, st.tick(e.Time)
	me, _ := st.device(st.me)
	if e.Time.After(me.LastTime) { // an imported answer is older
		me.LastTime = e.Time
	}
	return nil
}

// decodeLogEntry decodes a log value. An entry logged before schema v5
// gets the identity and stamp it has had since: the origin device's, with
// its seq as counter, stamped with the time it was logged.
func (t *txn) decodeLogEntry(seq uint64, v []byte) (Entry, error) {
	e, err := decodeEntry(seq, v)
	if err != nil || !e.ID.IsZero() {
		return e, err
	}
	st, err := t.sync()
	if err != nil {
		return e, err
	}
	e.ID, e.Stamp = EntryID{st.origin, seq}, stampOf(e.Time)
	if e.Kind == Undo && e.Undoes != 0 {
		e.UndoesID = EntryID{st.origin, e.Undoes}
	}
	return e, nil
}
