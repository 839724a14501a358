package srs

import (
	"math"
	"time"
)

// The records schema v3 changed: card states, card records and log
// entries. The other records and the encoding helpers are in codec.go.

// --- card state (inside card records) ---

const (
	stateNew = 1 << iota
	stateSuspended
	stateLeech
)

// state writes the bookkeeping, the user's marks, then the scheduler's
// record behind its tag (memoryNone for a card never reviewed).
func (e *enc) state(s CardState) {
	var flags byte
	if s.New {
		flags |= stateNew
	}
	if s.Suspended {
		flags |= stateSuspended
	}
	if s.Leech {
		flags |= stateLeech
	}
	e.byte(flags)
	e.int(int64(s.Due))
	e.int(int64(s.LastDay))
	e.count(s.Lapses)
	e.count(s.Reviews)
	e.int(int64(s.BuriedUntil))
	e.byte(byte(s.Flag))
	e.memory(s.Memory)
}

func (e *enc) memory(m Memory) {
	if m == nil {
		e.byte(memoryNone)
		return
	}
	m.encode(e)
}

func (d *dec) state() CardState {
	var s CardState
	flags := d.flags(stateNew|stateSuspended|stateLeech, "state")
	s.New, s.Suspended, s.Leech = flags&stateNew != 0, flags&stateSuspended != 0, flags&stateLeech != 0
	s.Due = d.day()
	s.LastDay = d.day()
	s.Lapses = d.count()
	s.Reviews = d.count()
	s.BuriedUntil = d.day()
	s.Flag = Flag(d.byte())
	if d.err == nil && !s.Flag.Valid() {
		d.fail("unknown flag %d", s.Flag)
	}
	s.Memory = d.memory(s.New)
	return s
}

// memory reads a scheduler's record behind its tag; a new card has none,
// a reviewed one must.
func (d *dec) memory(isNew bool) Memory {
	var m Memory
	switch tag := d.byte(); {
	case d.err != nil:
	case tag == memoryNone:
	case tag == memorySM2:
		m = decodeSM2(d)
	case tag == memoryFSRS:
		m = decodeFSRS(d)
	default:
		d.fail("unknown scheduler record %d", tag)
	}
	if d.err == nil && isNew != (m == nil) {
		d.fail("new card with a scheduler record, or a reviewed one without")
	}
	return m
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
	Note    string // deck.Card.Note: cards sharing one are siblings
	State   CardState
}

const cardRetired = 1

func encodeCard(r cardRec) []byte {
	e := enc{b: make([]byte, 0, 64+len(r.Deck)+len(r.Topic)+len(r.Hash)+len(r.Note))}
	e.byte(recV3)
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
	e.str(r.Note)
	e.state(r.State)
	return e.b
}

func decodeCard(b []byte) (cardRec, error) {
	d := dec{what: "card record", b: b}
	d.version(recV3)
	r := d.cardFields()
	r.Note = d.str()
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
	e := enc{b: make([]byte, 0, 80+len(x.CardID)+len(x.Deck))}
	e.byte(recV4)
	e.entryFields(x)
	e.int(entryArg(x))
	e.uint(x.Cause)
	e.globalFields(x)
	if x.Kind == Adopt {
		e.adoption(x.Adopted)
	}
	return e.b
}

// entryArg is the one value a kind of entry carries beyond the fields all
// share: a bury's end, a flag, a leech's mark.
func entryArg(x Entry) int64 {
	switch x.Kind {
	case Bury:
		return int64(x.Until)
	case SetFlag:
		return int64(x.Flag)
	case Suspend:
		if x.Leech {
			return 1
		}
	}
	return 0
}

// setArg reads what entryArg wrote; a value a kind cannot carry is damage.
func (d *dec) setArg(x *Entry) {
	v := d.int()
	if d.err != nil {
		return
	}
	switch {
	case x.Kind == Bury && v >= math.MinInt32 && v <= math.MaxInt32:
		x.Until = Day(v)
	case x.Kind == SetFlag && v >= 0 && v <= int64(maxFlag):
		x.Flag = Flag(v)
	case x.Kind == Suspend && (v == 0 || v == 1):
		x.Leech = v == 1
	case v != 0:
		d.fail("%s entry with argument %d", x.Kind, v)
	}
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

// decodeEntry decodes a log value; the sequence number is its key. Schema
// v5 writes record version 4, which adds the entry's identity and stamp
// (see globalFields), and for an Adopt entry its schedule (adoption), to
// schema v4's version 3; the Imported and Adopt kinds exist only in
// version 4. Version 3 added a kind's
// argument and the cause to v3's entries (version 2). An
// entry written by schema v1 or v2 (record version 1) still carries the
// card's SM-2 states before and after it: they are read past and dropped,
// since replay makes them again. The log is the bulk of a file, so the
// migration to v3 leaves it as it is: rewriting a million entries in one
// transaction took seconds and half a gigabyte, and doubled the file.
func decodeEntry(seq uint64, b []byte) (Entry, error) {
	d := dec{what: "log entry", seq: seq, b: b}
	var x Entry
	v := d.byte()
	switch {
	case d.err != nil:
	case v == recV3 || v == recV4:
		x = d.entryFields(seq)
		d.setArg(&x)
		x.Cause = d.uint()
		if v == recV4 {
			d.globalFields(&x)
		}
		if v == recV4 && x.Kind == Adopt {
			x.Adopted = d.adoption()
		}
	case v == recV2:
		x = d.entryFields(seq)
	case v == recV1:
		x = d.entryFields(seq)
		d.skipStateV1()
		d.skipStateV1()
	default:
		d.fail("unknown record version %d", v)
	}
	d.checkForVersion(x, v)
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

// checkForVersion refuses what an entry of record version v cannot be.
// Before schema v5 (versions 1 to 3) every entry was logged here: there
// were no Imported or Adopt entries, and an undo named by seq an entry
// before it (without that seq it has no identity to be given; found by
// FuzzDecodeEntry). Since, an undo from another device may arrive before
// the entry it undoes, so only an undo of itself is refused.
func (d *dec) checkForVersion(x Entry, v byte) {
	old := v != recV4
	switch {
	case d.err != nil:
	case old && (x.Kind == Imported || x.Kind == Adopt):
		d.fail("%s entry in a record of version %d", x.Kind, v)
	case x.Kind != Undo:
	case old && x.Undoes == 0:
		d.fail("undo of no entry in a record of version %d", v)
	case x.Seq == 0 || x.Undoes == 0:
	case x.Undoes == x.Seq || old && x.Undoes > x.Seq:
		d.fail("undo of entry %d", x.Undoes)
	}
}
