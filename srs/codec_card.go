package srs

import (
	"math"
	"time"
)

// The records schema v3 changed: card states, card records and log
// entries. The other records and the encoding helpers are in codec.go.

// --- card state (inside card records) ---

const stateNew = 1

// state writes the bookkeeping, then the scheduler's record behind its tag
// (memoryNone for a card never reviewed).
func (e *enc) state(s CardState) {
	var flags byte
	if s.New {
		flags |= stateNew
	}
	e.byte(flags)
	e.int(int64(s.Due))
	e.int(int64(s.LastDay))
	e.count(s.Lapses)
	e.count(s.Reviews)
	if s.Memory == nil {
		e.byte(memoryNone)
		return
	}
	s.Memory.encode(e)
}

func (d *dec) state() CardState {
	var s CardState
	s.New = d.flags(stateNew, "state")&stateNew != 0
	s.Due = d.day()
	s.LastDay = d.day()
	s.Lapses = d.count()
	s.Reviews = d.count()
	switch tag := d.byte(); {
	case d.err != nil:
	case tag == memoryNone:
	case tag == memorySM2:
		s.Memory = decodeSM2(d)
	case tag == memoryFSRS:
		s.Memory = decodeFSRS(d)
	default:
		d.fail("unknown scheduler record %d", tag)
	}
	if d.err == nil && s.New != (s.Memory == nil) {
		d.fail("new card with a scheduler record, or a reviewed one without")
	}
	return s
}

// --- cards bucket ---

// cardRec is what the store keeps per card id: its state and where it
// belongs. The content lives in its own bucket, read only for cards shown.
type cardRec struct {
	Deck    string
	Topic   string
	Hash    string // deck.Card.ContentHash of the stored content
	Ordinal uint32 // position in the deck, for the new-card order
	Retired bool   // left its deck: hidden, history kept
	LastSeq uint64 // the card's latest live log entry, so undo can check it
	State   CardState
}

const cardRetired = 1

func encodeCard(r cardRec) []byte {
	e := enc{b: make([]byte, 0, 64+len(r.Deck)+len(r.Topic)+len(r.Hash))}
	e.byte(recV2)
	var flags byte
	if r.Retired {
		flags |= cardRetired
	}
	e.byte(flags)
	e.str(r.Deck)
	e.str(r.Topic)
	e.str(r.Hash)
	e.uint(uint64(r.Ordinal))
	e.uint(r.LastSeq)
	e.state(r.State)
	return e.b
}

func decodeCard(b []byte) (cardRec, error) {
	d := dec{what: "card record", b: b}
	d.version(recV2)
	r := d.cardFields()
	r.State = d.state()
	return r, d.done()
}

// cardFields reads what every version of a card record has before the
// state.
func (d *dec) cardFields() cardRec {
	var r cardRec
	r.Retired = d.flags(cardRetired, "card")&cardRetired != 0
	r.Deck = d.str()
	r.Topic = d.str()
	r.Hash = d.str()
	ord := d.uint()
	if ord > math.MaxUint32 {
		d.fail("ordinal %d out of range", ord)
	}
	r.Ordinal = uint32(ord)
	r.LastSeq = d.uint()
	return r
}

// --- log bucket ---

// encodeEntry writes what happened and nothing a scheduler made of it:
// replaying the log under either scheduler gives that scheduler's states.
func encodeEntry(x Entry) []byte {
	e := enc{b: make([]byte, 0, 72+len(x.CardID)+len(x.Deck))}
	e.byte(recV3)
	e.entryFields(x)
	e.globalFields(x)
	return e.b
}

func (e *enc) entryFields(x Entry) {
	e.byte(byte(x.Kind))
	e.byte(byte(x.Quality))
	e.str(x.CardID)
	e.str(x.Deck)
	e.time(x.Time)
	e.int(int64(x.Day))
	e.int(int64(x.Took))
	e.uint(x.Undoes)
	e.uint(x.Prev)
}

// decodeEntry decodes a log value; the sequence number is its key. An
// entry written by schema v1 or v2 (record version 1) still carries the
// card's SM-2 states before and after it: they are read past and dropped,
// since replay makes them again. The log is the bulk of a file, so the
// migration to v3 leaves it as it is: rewriting a million entries in one
// transaction took seconds and half a gigabyte, and doubled the file.
func decodeEntry(seq uint64, b []byte) (Entry, error) {
	d := dec{what: "log entry", seq: seq, b: b}
	var x Entry
	switch v := d.byte(); {
	case d.err != nil:
	case v == recV3:
		x = d.entryFields(seq)
		d.globalFields(&x)
	case v == recV2:
		x = d.entryFields(seq)
	case v == recV1:
		x = d.entryFields(seq)
		d.skipStateV1()
		d.skipStateV1()
	default:
		d.fail("unknown record version %d", v)
	}
	return x, d.done()
}

func (d *dec) entryFields(seq uint64) Entry {
	x := Entry{Seq: seq}
	x.Kind = EntryKind(d.byte())
	if d.err == nil && !x.Kind.valid() {
		d.fail("unknown kind %d", x.Kind)
	}
	x.Quality = Quality(d.byte())
	if d.err == nil && !x.Quality.valid() {
		d.fail("quality %d out of range", x.Quality)
	}
	x.CardID = d.str()
	if d.err == nil && x.CardID == "" {
		d.fail("empty card id")
	}
	x.Deck = d.str()
	x.Time = d.time()
	x.Day = d.day()
	x.Took = time.Duration(d.int())
	x.Undoes = d.uint()
	x.Prev = d.uint()
	return x
}
