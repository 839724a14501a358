package srs

import (
	"bytes"
	"crypto/rand"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"time"
)

// Every collection is a device: it has an id, made once, and numbers what
// it writes (log entries and events) with a counter of its own, so that
// (device, counter) names an entry wherever it travels. Entries are also
// stamped with a Lamport clock (one more than the highest stamp the
// collection has seen), which, with the day and the device id, puts the
// entries of all devices in one order that every device computes alike.

// DeviceID names a collection among those that sync together.
type DeviceID [8]byte

func (d DeviceID) String() string { return hex.EncodeToString(d[:]) }

// IsZero reports whether d is the zero id, which names no device.
func (d DeviceID) IsZero() bool { return d == DeviceID{} }

// ParseDeviceID reads the 16 hex digits String writes.
func ParseDeviceID(s string) (DeviceID, bool) {
	var d DeviceID
	if len(s) != 2*len(d) {
		return d, false
	}
	if _, err := hex.Decode(d[:], []byte(s)); err != nil || d.IsZero() {
		return DeviceID{}, false
	}
	return d, true
}

func newDeviceID() (DeviceID, error) {
	var d DeviceID
	for d.IsZero() {
		if _, err := rand.Read(d[:]); err != nil {
			return d, fmt.Errorf("make a device id: %w", err)
		}
	}
	return d, nil
}

// EntryID is an entry's identity everywhere: the device that wrote it and
// that device's counter.
type EntryID struct {
	Device  DeviceID
	Counter uint64
}

func (id EntryID) IsZero() bool { return id.Device.IsZero() && id.Counter == 0 }

func (id EntryID) String() string { return fmt.Sprintf("%s:%d", id.Device, id.Counter) }

// key is the id as 16 bytes that sort by device, then counter.
func (id EntryID) key() []byte {
	return binary.BigEndian.AppendUint64(append([]byte(nil), id.Device[:]...), id.Counter)
}

// orderKey is where an entry sits in the order replay follows, the same
// on every device: by stamp, then device, then counter. A stamp is a
// hybrid logical clock in milliseconds: the later of the wall clock and one
// more than the highest stamp the collection has seen. So entries written
// after others were synced in come after them, whatever the clocks say;
// entries written apart come in the order of their clocks, so two
// histories that meet for the first time interleave by time; and a clock
// that goes back or is hours off only shifts where its own new entries
// fall, never the order of what is already stamped.
type orderKey struct {
	stamp   uint64
	device  DeviceID
	counter uint64
}

func (e Entry) order() orderKey { return orderKey{e.Stamp, e.ID.Device, e.ID.Counter} }

func (a orderKey) cmp(b orderKey) int {
	switch {
	case a.stamp != b.stamp:
		if a.stamp < b.stamp {
			return -1
		}
		return 1
	case a.device != b.device:
		return bytes.Compare(a.device[:], b.device[:])
	case a.counter < b.counter:
		return -1
	case a.counter > b.counter:
		return 1
	}
	return 0
}

// stampOf is the stamp of a moment on the wall clock: its Unix time in
// milliseconds, and 1 for a moment before 1970.
func stampOf(t time.Time) uint64 { return uint64(max(t.UnixMilli(), 1)) }

// Meta keys of schema v5.
const (
	metaDeviceKey  = "device"  // this collection's DeviceID
	metaOriginKey  = "origin"  // the device the entries logged before v5 belong to
	metaThroughKey = "through" // the last log seq logged before v5 (8 bytes)
	metaClockKey   = "clock"   // the highest Lamport stamp seen (8 bytes)
	metaHomeKey    = "home"    // where the file lives, to notice a copy
	// metaPreviousKey is the device id the collection had before it found
	// its file copied; sync reports the change once, and deletes it.
	metaPreviousKey = "previous"
)

// deviceRec is what a collection knows of a device, itself included.
type deviceRec struct {
	Name     string
	High     uint64    // the highest counter taken in from it (for itself: written)
	Received int       // entries and events taken in from it
	LastTime time.Time // when it wrote the latest of them
	SyncedAt time.Time // when this collection last took something in from it
}

func encodeDevice(r deviceRec) []byte {
	var e enc
	e.byte(recV1)
	e.str(r.Name)
	e.uint(r.High)
	e.count(r.Received)
	e.time(r.LastTime)
	e.time(r.SyncedAt)
	return e.b
}

func decodeDevice(b []byte) (deviceRec, error) {
	d := dec{what: "device record", b: b}
	var r deviceRec
	d.version(recV1)
	r.Name = d.str()
	r.High = d.uint()
	r.Received = d.count()
	r.LastTime = d.time()
	r.SyncedAt = d.time()
	return r, d.done()
}
