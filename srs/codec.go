package srs

import (
	"encoding/binary"
	"fmt"
	"math"
	"time"

	"github.com/hone-srs/hone/deck"
)

// Every record starts with a version byte so a later schema can read old
// records or refuse them cleanly. Decoders are fed arbitrary bytes by fuzz
// tests: they bound every length by what is left and never panic.
//
// Schema v3 writes card records and log entries as version 2 (the card
// state's scheduler record tagged, log entries without states); the other
// records are still version 1. migrate_v3.go reads the version-1 cards and
// entries of older files.
//
// Schema v4 writes card records and log entries as version 3 (the user's
// marks in the state, a card's note, an entry's argument and cause) and
// deck records as version 2 (a count of suspended new cards);
// migrate_v4.go reads the version-2 cards of v3 files, and the decoders
// here read the older entries and decks as they are.
const (
	recV1 = 1
	recV2 = 2
	recV3 = 3 // card records and log entries of schema v4: marks, notes, an entry's argument and cause
	recV4 = 4 // log entries of schema v5: with their identity and stamp
)

// maxCount bounds decoded counters so they fit an int on any platform and
// arithmetic on them cannot overflow.
const maxCount = math.MaxInt32

type enc struct{ b []byte }

func (e *enc) byte(v byte)     { e.b = append(e.b, v) }
func (e *enc) uint(v uint64)   { e.b = binary.AppendUvarint(e.b, v) }
func (e *enc) int(v int64)     { e.b = binary.AppendVarint(e.b, v) }
func (e *enc) count(v int)     { e.uint(uint64(max(v, 0))) }
func (e *enc) float(v float64) { e.b = binary.BigEndian.AppendUint64(e.b, math.Float64bits(v)) }
func (e *enc) str(v string) {
	e.uint(uint64(len(v)))
	e.b = append(e.b, v...)
}

// dec reads a record; the first problem sticks and later reads return zero
// values, so decoders read straight through and check err once.
type dec struct {
	what string
	seq  uint64 // a log entry's number, named with what when set
	b    []byte
	err  error
}

func (d *dec) fail(format string, args ...any) {
	if d.err == nil {
		what := d.what
		if d.seq != 0 {
			what = fmt.Sprintf("%s %d", what, d.seq)
		}
		d.err = &damagedRecord{what: what, msg: fmt.Sprintf(format, args...)}
	}
}

func (d *dec) byte() byte {
	if d.err != nil {
		return 0
	}
	if len(d.b) == 0 {
		d.fail("truncated")
		return 0
	}
	v := d.b[0]
	d.b = d.b[1:]
	return v
}

func (d *dec) uint() uint64 {
	if d.err != nil {
		return 0
	}
	v, n := binary.Uvarint(d.b)
	if n <= 0 {
		d.fail("bad unsigned varint")
		return 0
	}
	d.b = d.b[n:]
	return v
}

func (d *dec) int() int64 {
	if d.err != nil {
		return 0
	}
	v, n := binary.Varint(d.b)
	if n <= 0 {
		d.fail("bad varint")
		return 0
	}
	d.b = d.b[n:]
	return v
}

func (d *dec) count() int {
	v := d.uint()
	if v > maxCount {
		d.fail("count %d out of range", v)
		return 0
	}
	return int(v)
}

func (d *dec) day() Day {
	v := d.int()
	if v < math.MinInt32 || v > math.MaxInt32 {
		d.fail("day %d out of range", v)
		return 0
	}
	return Day(v)
}

func (d *dec) float() float64 {
	if d.err != nil {
		return 0
	}
	if len(d.b) < 8 {
		d.fail("truncated float")
		return 0
	}
	v := math.Float64frombits(binary.BigEndian.Uint64(d.b))
	d.b = d.b[8:]
	return v
}

func (d *dec) str() string {
	n := d.uint()
	if d.err != nil {
		return ""
	}
	if n > uint64(len(d.b)) {
		d.fail("string of %d bytes with %d left", n, len(d.b))
		return ""
	}
	s := string(d.b[:n])
	d.b = d.b[n:]
	return s
}

// length reads a list length; each element takes at least one byte, so a
// length beyond what is left is damage, and never a huge allocation.
func (d *dec) length() int {
	n := d.uint()
	if d.err == nil && n > uint64(len(d.b)) {
		d.fail("list of %d with %d bytes left", n, len(d.b))
		return 0
	}
	return int(n)
}

// flags reads a byte of flags, failing on any bit outside known.
func (d *dec) flags(known byte, what string) byte {
	f := d.byte()
	if f&^known != 0 {
		d.fail("unknown %s flags %#x", what, f)
	}
	return f
}

func (d *dec) version(want byte) {
	if v := d.byte(); d.err == nil && v != want {
		d.fail("unknown record version %d", v)
	}
}

func (d *dec) done() error {
	if d.err == nil && len(d.b) != 0 {
		d.fail("%d trailing bytes", len(d.b))
	}
	return d.err
}

// Times are Unix seconds and nanoseconds: UnixNano would overflow outside
// 1678..2262, and a wrong clock can be anywhere.
func (d *dec) time() time.Time {
	sec := d.int()
	nsec := d.uint()
	if nsec >= 1e9 {
		d.fail("nanoseconds %d out of range", nsec)
		return time.Time{}
	}
	if sec == zeroUnix && nsec == 0 {
		return time.Time{}
	}
	return time.Unix(sec, int64(nsec))
}

// zeroUnix is time.Time{}.Unix(), so the zero time survives a round trip.
const zeroUnix = -62135596800

func (e *enc) time(t time.Time) {
	e.int(t.Unix())
	e.uint(uint64(t.Nanosecond()))
}

// --- days bucket ---

func encodeDay(c DayCounts) []byte {
	var e enc
	e.byte(recV1)
	e.count(c.Reviews)
	e.count(c.Correct)
	e.count(c.Lapses)
	e.count(c.Repeats)
	e.count(c.Drills)
	e.count(c.DrillCorrect)
	n := 0
	for _, v := range c.New {
		if v > 0 {
			n++
		}
	}
	e.count(n)
	for _, name := range sortedKeys(c.New) {
		if c.New[name] > 0 {
			e.str(name)
			e.count(c.New[name])
		}
	}
	return e.b
}

func decodeDay(b []byte) (DayCounts, error) {
	d := dec{what: "day record", b: b}
	var c DayCounts
	d.version(recV1)
	c.Reviews = d.count()
	c.Correct = d.count()
	c.Lapses = d.count()
	c.Repeats = d.count()
	c.Drills = d.count()
	c.DrillCorrect = d.count()
	n := d.length()
	for range n {
		name := d.str()
		v := d.count()
		if d.err != nil {
			break
		}
		if c.New == nil {
			c.New = make(map[string]int, n)
		}
		if _, dup := c.New[name]; dup {
			d.fail("deck %.64q twice", name)
		}
		c.New[name] = v
	}
	return c, d.done()
}

// --- sources bucket ---

type sourceRec struct{ Hash, Deck string }

func encodeSource(r sourceRec) []byte {
	var e enc
	e.byte(recV1)
	e.str(r.Hash)
	e.str(r.Deck)
	return e.b
}

func decodeSource(b []byte) (sourceRec, error) {
	d := dec{what: "source record", b: b}
	var r sourceRec
	d.version(recV1)
	r.Hash = d.str()
	r.Deck = d.str()
	return r, d.done()
}

// --- content bucket ---

func encodeContent(c deck.Card) []byte {
	e := enc{b: make([]byte, 0, 32+len(c.ID)+len(c.Front)+len(c.Prompt)+len(c.Back)+len(c.Explanation))}
	e.byte(recV1)
	e.str(c.ID)
	e.str(c.Deck)
	e.str(c.Topic)
	e.count(len(c.Tags))
	for _, t := range c.Tags {
		e.str(t)
	}
	e.byte(byte(c.Kind))
	e.str(c.Front)
	e.str(c.Prompt)
	e.str(c.Back)
	e.count(len(c.Options))
	for _, o := range c.Options {
		e.str(o.Letter)
		e.str(o.Text)
	}
	e.int(int64(c.Correct))
	e.str(c.Explanation)
	e.int(int64(c.Line))
	return e.b
}

func decodeContent(b []byte) (deck.Card, error) {
	d := dec{what: "card content", b: b}
	var c deck.Card
	d.version(recV1)
	c.ID = d.str()
	c.Deck = d.str()
	c.Topic = d.str()
	if n := d.length(); n > 0 {
		c.Tags = make([]string, 0, n)
		for range n {
			c.Tags = append(c.Tags, d.str())
		}
	}
	c.Kind = deck.Kind(d.byte())
	if d.err == nil && c.Kind != deck.Basic && c.Kind != deck.Choice && c.Kind != deck.Cloze {
		d.fail("unknown card kind %d", c.Kind)
	}
	c.Front = d.str()
	c.Prompt = d.str()
	c.Back = d.str()
	if n := d.length(); n > 0 {
		c.Options = make([]deck.Option, 0, n/2)
		for range n {
			c.Options = append(c.Options, deck.Option{Letter: d.str(), Text: d.str()})
		}
	}
	correct := d.int()
	if correct < math.MinInt32 || correct > math.MaxInt32 {
		d.fail("correct option %d out of range", correct)
	}
	c.Correct = int(correct)
	c.Explanation = d.str()
	line := d.int()
	if line < math.MinInt32 || line > math.MaxInt32 {
		d.fail("line %d out of range", line)
	}
	c.Line = int(line)
	return c, d.done()
}
