package srs

import (
	"encoding/binary"
	"fmt"
	"time"

	"github.com/hone-srs/hone/deck"
)

// Events are the changes that travel besides log entries: a deck imported
// (or imported again), removed, hidden or shown; the scheduler switched;
// a device named. Each is stamped like an entry and kept in the events
// bucket under its stamp and device, the order they apply in. For each
// deck, each device name and the scheduler, the last event in that order
// wins, on every device alike.

type eventKind uint8

const (
	evDeckImport eventKind = iota + 1
	evDeckRemove
	evDeckHide
	evDeckShow
	evScheduler
	evDeviceName
)

func (k eventKind) String() string {
	switch k {
	case evDeckImport:
		return "deck import"
	case evDeckRemove:
		return "deck removal"
	case evDeckHide:
		return "deck hidden"
	case evDeckShow:
		return "deck shown"
	case evScheduler:
		return "scheduler switch"
	case evDeviceName:
		return "device name"
	}
	return fmt.Sprintf("event%d", uint8(k))
}

type event struct {
	ID    EntryID
	Stamp uint64
	Time  time.Time
	Kind  eventKind

	Deck     string            // deck events: the deck's name
	Source   string            // import: where the deck was imported from
	Blob     string            // import: the hash of the deck's blob
	Settings SchedulerSettings // scheduler
	Device   DeviceID          // name: the device named
	Name     string            // name
}

// key is where the event sits in the events bucket: by stamp, then device.
func (ev *event) key() []byte {
	return append(binary.BigEndian.AppendUint64(nil, ev.Stamp), ev.ID.Device[:]...)
}

func encodeEvent(ev event) []byte {
	var e enc
	e.byte(recV1)
	e.byte(byte(ev.Kind))
	e.b = append(e.b, ev.ID.Device[:]...)
	e.uint(ev.ID.Counter)
	e.uint(ev.Stamp)
	e.time(ev.Time)
	switch ev.Kind {
	case evDeckImport:
		e.str(ev.Deck)
		e.str(ev.Source)
		e.str(ev.Blob)
	case evDeckRemove, evDeckHide, evDeckShow:
		e.str(ev.Deck)
	case evScheduler:
		e.str(ev.Settings.Name)
		e.float(ev.Settings.Retention)
	case evDeviceName:
		e.b = append(e.b, ev.Device[:]...)
		e.str(ev.Name)
	}
	return e.b
}

func decodeEvent(b []byte) (event, error) {
	d := dec{what: "event", b: b}
	var ev event
	d.version(recV1)
	ev.Kind = eventKind(d.byte())
	ev.ID = d.entryID("event")
	ev.Stamp = d.uint()
	if d.err == nil && ev.Stamp == 0 {
		d.fail("stamp 0")
	}
	ev.Time = d.time()
	switch ev.Kind {
	case evDeckImport:
		ev.Deck = d.str()
		ev.Source = d.str()
		ev.Blob = d.str()
		if d.err == nil && !validBlobHash(ev.Blob) {
			d.fail("blob name %.64q is not valid", ev.Blob)
		}
	case evDeckRemove, evDeckHide, evDeckShow:
		ev.Deck = d.str()
	case evScheduler:
		ev.Settings.Name = d.str()
		ev.Settings.Retention = d.float()
		if _, err := ev.Settings.Scheduler(); d.err == nil && err != nil {
			d.fail("%v", err)
		}
	case evDeviceName:
		ev.Device = d.deviceID()
		ev.Name = d.str()
	default:
		d.fail("unknown event kind %d", ev.Kind)
	}
	if d.err == nil && ev.Kind != evScheduler && ev.Kind != evDeviceName && ev.Deck == "" {
		d.fail("%s of no deck", ev.Kind)
	}
	return ev, d.done()
}

// forEachEvent calls fn for every event, in their order, with its key.
func (t *txn) forEachEvent(fn func(k []byte, ev event) error) error {
	st, err := t.sync()
	if err != nil {
		return err
	}
	c := st.events.Cursor()
	for k, v := c.First(); k != nil; k, v = c.Next() {
		ev, err := decodeEvent(v)
		if err != nil {
			return fmt.Errorf("event %.64x: %w", k, err)
		}
		if err := fn(k, ev); err != nil {
			return err
		}
	}
	return nil
}

// logEvent records a change made here as an event, so that it travels. The
// change itself is the caller's.
func (t *txn) logEvent(ev *event) error {
	st, err := t.sync()
	if err != nil {
		return err
	}
	ev.Stamp = st.tick(ev.Time)
	ev.ID.Device = st.me
	key := ev.key()
	if ev.ID, err = t.claim(append([]byte{refEvent}, key...)); err != nil {
		return err
	}
	me, err := st.device(st.me)
	if err != nil {
		return err
	}
	if ev.Time.After(me.LastTime) {
		me.LastTime = ev.Time
	}
	return st.events.Put(key, encodeEvent(*ev))
}

// logImport records an import of deck d from source as an event, with its
// blob (built from the deck's cards in the store and the text in chunk set
// text), and gives the deck's cards whose answers came before it their
// state.
func (t *txn) logImport(d deck.Deck, text chunkHead, source string, now time.Time) error {
	hash, err := t.buildBlob(d, text)
	if err != nil {
		return err
	}
	return t.logImportBlob(d, hash, source, now)
}

// logImportBlob is logImport once the deck's blob is stored.
func (t *txn) logImportBlob(d deck.Deck, hash, source string, now time.Time) error {
	if err := t.logEvent(&event{Kind: evDeckImport, Time: now, Deck: d.Name, Source: source, Blob: hash}); err != nil {
		return err
	}
	return t.adoptOrphans(d)
}
