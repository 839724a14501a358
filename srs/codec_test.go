package srs

import (
	"errors"
	"math"
	"reflect"
	"testing"
	"time"

	"github.com/hone-srs/hone/deck"
)

var (
	sampleState = CardState{Memory: SM2{3, 15, 2.46}, Due: 20100, LastDay: 20085, Lapses: 2, Reviews: 9}
	sampleFSRS  = CardState{Memory: FSRSState{Interval: 15, Stability: 14.87654321, Difficulty: 6.25, Lapses: 1, LastReview: 20085},
		Due: 20100, LastDay: 20085, Lapses: 1, Reviews: 4}
	sampleCard  = cardRec{Deck: "ITIL 4", Topic: "Service desk", Hash: "0123456789abcdef", Ordinal: 42, LastSeq: 77, State: sampleState}
	sampleMarks = CardState{Memory: SM2{0, 1, 1.3}, Due: 20100, LastDay: 20099, Lapses: 8, Reviews: 20,
		Suspended: true, Leech: true, BuriedUntil: 20101, Flag: FlagTurquoise}
	sampleEntry = Entry{Seq: 12, CardID: "itil-sd-3", Deck: "ITIL 4", Time: time.Unix(1741600000, 123456789), Day: 20157, Quality: Hard,
		Kind: Review, Took: 3200 * time.Millisecond, Prev: 4, ID: EntryID{testDevice, 12}, Stamp: 40}
	sampleContent = deck.Card{ID: "c1", Deck: "ITIL 4", Topic: "Change", Tags: []string{"exam", "ch3"}, Kind: deck.Choice,
		Front: "Which practice…", Prompt: "A story with ✓ and 漢字", Options: []deck.Option{{Letter: "A", Text: "one"}, {Letter: "B", Text: "two"}},
		Correct: 1, Explanation: "because", Line: 17}
)

func TestCodecRoundTrip(t *testing.T) {
	for _, r := range []cardRec{sampleCard, {Deck: "d", State: NewCardState()}, {Deck: "d", Retired: true, State: sampleState}, {Deck: "f", State: sampleFSRS},
		{Deck: "m", Note: "note 1", State: sampleMarks}, {Deck: "n", Note: "n", State: CardState{New: true, Suspended: true, BuriedUntil: -2, Flag: FlagRed}}} {
		got, err := decodeCard(encodeCard(r))
		if err != nil || got != r {
			t.Errorf("card: %+v, %v; want %+v", got, err, r)
		}
	}
	entries := []Entry{sampleEntry, {Seq: 1, CardID: "x", Kind: Undo, Undoes: 7, Day: -3, Took: -time.Second,
		ID: EntryID{testDevice, 1}, Stamp: 1, UndoesID: EntryID{DeviceID{9}, 7}}}
	for _, e := range sampleMarkEntries {
		entries = append(entries, asLogged(e))
	}
	for _, e := range entries {
		got, err := decodeEntry(e.Seq, encodeEntry(e))
		if err != nil || !reflect.DeepEqual(got, e) && !(got.Time.Equal(e.Time) && sameEntry(got, e)) {
			t.Errorf("entry: %+v, %v; want %+v", got, err, e)
		}
	}
	for _, c := range []deck.Card{sampleContent, {ID: "b", Kind: deck.Basic, Front: "f", Back: "b", Correct: -1}, {ID: "z#c1", Kind: deck.Cloze, Front: "==[...]== z", Back: "==y== z"}} {
		got, err := decodeContent(encodeContent(c))
		if err != nil || !reflect.DeepEqual(got, c) {
			t.Errorf("content: %+v, %v; want %+v", got, err, c)
		}
	}
	dc := DayCounts{Reviews: 5, Correct: 4, Lapses: 1, Repeats: 2, Drills: 3, DrillCorrect: 1, New: map[string]int{"a": 2, "b": 1}}
	if got, err := decodeDay(encodeDay(dc)); err != nil || !reflect.DeepEqual(got, dc) {
		t.Errorf("day: %+v, %v", got, err)
	}
	dr := deckRec{Description: "d", Source: "builtin:itil.md", Hash: "h", Builtin: true, Hidden: true,
		SyncedAt: time.Unix(1741600000, 0), Topics: []string{"a", "b"}, Cards: 10, New: 3, Retired: 1, NewSuspended: 2}
	if got, err := decodeDeck(encodeDeck(dr)); err != nil || !got.SyncedAt.Equal(dr.SyncedAt) {
		t.Errorf("deck: %+v, %v", got, err)
	} else if got.SyncedAt = dr.SyncedAt; !reflect.DeepEqual(got, dr) {
		t.Errorf("deck: %+v, want %+v", got, dr)
	}
	if got, err := decodeSource(encodeSource(sourceRec{"h", "d"})); err != nil || got != (sourceRec{"h", "d"}) {
		t.Errorf("source: %+v, %v", got, err)
	}
}

// encodeEntryV1 writes an entry as schema v1 and v2 did: with the card's
// SM-2 states before and after.
func encodeEntryV1(x Entry, before, after SM2, newBefore bool) []byte {
	var e enc
	e.byte(recV1)
	e.entryFields(x)
	for i, m := range []SM2{before, after} {
		var flags byte
		if i == 0 && newBefore {
			flags = stateNew
		}
		e.byte(flags)
		e.count(m.Reps)
		e.count(m.Interval)
		e.float(m.EF)
		e.int(20100)
		e.int(20090)
		e.count(1)
		e.count(3)
	}
	return e.b
}

// Entries written by schema v2 are read as they are, their states dropped.
func TestDecodeEntryV1(t *testing.T) {
	raw := encodeEntryV1(sampleEntry, NewSM2(), SM2{1, 1, 2.36}, true)
	got, err := decodeEntry(sampleEntry.Seq, raw)
	want := sampleEntry
	want.ID, want.Stamp = EntryID{}, 0 // decodeLogEntry gives it these
	if err != nil || !sameEntry(got, want) || !got.Time.Equal(sampleEntry.Time) {
		t.Fatalf("v1 entry: %+v, %v", got, err)
	}
	for _, b := range [][]byte{raw[:len(raw)-1], append(raw, 0), encodeEntryV1(sampleEntry, SM2{1, 1, 0.2}, NewSM2(), false)} {
		if _, err := decodeEntry(1, b); !errors.Is(err, ErrDamaged) {
			t.Errorf("damaged v1 entry accepted: %v", err)
		}
	}
	if _, err := decodeEntry(1, append([]byte{9}, raw[1:]...)); !errors.Is(err, ErrDamaged) {
		t.Errorf("record version 9 accepted: %v", err)
	}
}

// sampleMarkEntries are one entry of each of schema v4's kinds.
var sampleMarkEntries = []Entry{
	{Seq: 20, CardID: "a", Deck: "d", Kind: Early, Quality: Good, Day: 20160, Prev: 19},
	{Seq: 21, CardID: "a", Deck: "d", Kind: Suspend, Leech: true, Day: 20160, Prev: 20, Cause: 20},
	{Seq: 22, CardID: "a", Deck: "d", Kind: Unsuspend, Day: 20161, Prev: 21},
	{Seq: 23, CardID: "b", Deck: "d", Kind: Bury, Until: 20161, Day: 20160, Cause: 20},
	{Seq: 24, CardID: "b", Deck: "d", Kind: Unbury, Day: 20160, Prev: 23},
	{Seq: 25, CardID: "b", Deck: "d", Kind: SetFlag, Flag: FlagPurple, Day: 20160, Prev: 24},
	{Seq: 26, CardID: "b", Deck: "d", Kind: Reset, Day: 20160, Prev: 25},
}

// An entry's argument belongs to its kind: any other is damage.
func TestEntryArgRejects(t *testing.T) {
	for name, e := range map[string]Entry{
		"review with a bury day": {CardID: "a", Kind: Review, Until: 5},
		"flag 8":                 {CardID: "a", Kind: SetFlag, Flag: 8},
		"reset with a flag":      {CardID: "a", Kind: Reset, Flag: FlagRed},
	} {
		raw := encodeEntryV3(e)
		if e.Kind != SetFlag { // entryArg drops what the kind has no room for: write it by hand
			raw = append(raw[:len(raw)-2], 10, 0)
		}
		if _, err := decodeEntry(1, raw); !errors.Is(err, ErrDamaged) {
			t.Errorf("%s accepted: %v", name, err)
		}
	}
	raw := encodeEntryV3(Entry{CardID: "a", Kind: Suspend, Leech: true})
	raw[len(raw)-2] = 4 // zigzag 2: a suspend's argument is 0 or 1
	if _, err := decodeEntry(1, raw); !errors.Is(err, ErrDamaged) {
		t.Errorf("suspend argument 2 accepted: %v", err)
	}
	for _, e := range sampleMarkEntries { // as schema v4 wrote them
		if got, err := decodeEntry(e.Seq, encodeEntryV3(e)); err != nil || !sameEntry(got, e) {
			t.Errorf("v3 entry: %+v, %v; want %+v", got, err, e)
		}
	}
	bad := sampleCard
	bad.State.Flag = 8
	if _, err := decodeCard(encodeCard(bad)); !errors.Is(err, ErrDamaged) {
		t.Errorf("card flag 8 accepted: %v", err)
	}
	// A deck record of schema v3 reads with no suspended new cards.
	v1 := encodeDeck(deckRec{Source: "s", Cards: 3, New: 1})
	v1 = append([]byte{recV1}, v1[1:len(v1)-2]...) // without the two counts of version 2
	if d, err := decodeDeck(v1); err != nil || d.Cards != 3 || d.New != 1 || d.NewSuspended != 0 {
		t.Errorf("v1 deck: %+v, %v", d, err)
	}
}

// encodeEntryV3 writes an entry as schema v4 did (record version 3): v5's
// record without the identity and stamp.
func encodeEntryV3(x Entry) []byte {
	e := enc{}
	e.byte(recV3)
	e.entryFields(x)
	e.int(entryArg(x))
	e.uint(x.Cause)
	return e.b
}

// testDevice is the device of test entries.
var testDevice = DeviceID{0xde, 0xad, 0xbe, 0xef, 1, 2, 3, 4}

// asLogged gives an entry of an older record version the identity schema
// v5 reads it with (decodeLogEntry), with testDevice as the origin.
func asLogged(e Entry) Entry {
	if e.ID.IsZero() {
		e.ID, e.Stamp = EntryID{testDevice, e.Seq}, e.Seq
		if e.Kind == Undo && e.Undoes != 0 {
			e.UndoesID = EntryID{testDevice, e.Undoes}
		}
	}
	return e
}

func sameEntry(a, b Entry) bool {
	a.Time, b.Time = time.Time{}, time.Time{}
	return a == b
}

func TestCodecRejects(t *testing.T) {
	good := encodeCard(sampleCard)
	cases := map[string][]byte{
		"empty":       nil,
		"version":     append([]byte{9}, good[1:]...),
		"truncated":   good[:len(good)-3],
		"trailing":    append(append([]byte{}, good...), 0),
		"flags":       append([]byte{recV1, 0x80}, good[2:]...),
		"long string": {recV1, 0, 0xff, 0xff, 0x03, 'a'},
	}
	for name, b := range cases {
		if _, err := decodeCard(b); !errors.Is(err, ErrDamaged) {
			t.Errorf("%s: err %v", name, err)
		}
	}
	// A scheduler record out of its range is damage, not a state to
	// schedule from; so is a new card with a record or a learned one
	// without.
	for name, st := range map[string]CardState{
		"EF 0.5":            {Memory: SM2{1, 1, 0.5}},
		"EF NaN":            {Memory: SM2{1, 1, math.NaN()}},
		"stability 0":       {Memory: FSRSState{Stability: 0, Difficulty: 5}},
		"stability NaN":     {Memory: FSRSState{Stability: math.NaN(), Difficulty: 5}},
		"stability 1e6":     {Memory: FSRSState{Stability: 1e6, Difficulty: 5}},
		"difficulty 0.5":    {Memory: FSRSState{Stability: 3, Difficulty: 0.5}},
		"difficulty 11":     {Memory: FSRSState{Stability: 3, Difficulty: 11}},
		"new with a record": {New: true, Memory: SM2{0, 0, 2.5}},
		"learned, none":     {Due: 5},
	} {
		bad := sampleCard
		bad.State = st
		if _, err := decodeCard(encodeCard(bad)); !errors.Is(err, ErrDamaged) {
			t.Errorf("%s accepted: %v", name, err)
		}
	}
	// An unknown scheduler tag.
	// The SM-2 record is last: its tag, Reps 3 and Interval 15 (a byte
	// each) and the EF (8 bytes).
	raw := encodeCard(cardRec{Deck: "d", State: sampleState})
	if tag := len(raw) - 11; raw[tag] != memorySM2 {
		t.Fatalf("no SM-2 tag at %d: %x", tag, raw)
	} else {
		raw[tag] = 9
		if _, err := decodeCard(raw); !errors.Is(err, ErrDamaged) {
			t.Errorf("tag 9 accepted: %v", err)
		}
	}
	// A huge list length must not allocate.
	if _, err := decodeContent([]byte{recV1, 0, 0, 0, 0xff, 0xff, 0xff, 0xff, 0x0f}); err == nil {
		t.Error("huge tag count accepted")
	}
}

// The fuzz targets feed arbitrary bytes where a record belongs: decoding must
// never panic, and whatever decodes must encode and decode to the same value.

// FuzzDecodeV1 covers the decoders that read schema v2 files during the
// migration, and the scheduler settings: what decodes must migrate to a
// record that decodes back the same.
func FuzzDecodeV1(f *testing.F) {
	v1 := func(flags byte, st []byte) []byte {
		return append([]byte{recV1, 0, 1, 'd', 0, 0, 5, 7}, append([]byte{flags}, st...)...)
	}
	sm2 := []byte{2, 6, 0x40, 0x04, 0, 0, 0, 0, 0, 0, 0x90, 0x01, 0x8e, 0x01, 2, 9} // Reps 2, Interval 6, EF 2.5, days, lapses, reviews
	f.Add(byte(0), v1(0, sm2))
	f.Add(byte(0), v1(stateNew, sm2))
	f.Add(byte(2), encodeSettings(DefaultFSRSSettings()))
	f.Add(byte(2), encodeSettings(DefaultSettings()))
	f.Add(byte(3), encodeCardV2(cardRec{Deck: "d", Topic: "t", Ordinal: 3, State: sampleState}))
	f.Add(byte(3), encodeCardV2(cardRec{Deck: "d", State: NewCardState()}))
	f.Fuzz(func(t *testing.T, which byte, b []byte) {
		switch which % 4 {
		case 0:
			if r, err := decodeCardV1(b); err == nil {
				if again, err := decodeCard(encodeCard(r)); err != nil || again != r {
					t.Fatalf("migrated card: %+v, %v; want %+v", again, err, r)
				}
			}
		case 1:
			if e, err := decodeEntry(3, b); err == nil {
				e = asLogged(e)
				if again, err := decodeEntry(3, encodeEntry(e)); err != nil || !sameEntry(again, e) || !again.Time.Equal(e.Time) {
					t.Fatalf("migrated entry: %+v, %v; want %+v", again, err, e)
				}
			}
		case 2:
			if c, err := decodeSettings(b); err == nil {
				if again, err := decodeSettings(encodeSettings(c)); err != nil || again != c {
					t.Fatalf("settings: %+v, %v; want %+v", again, err, c)
				}
			}
		case 3:
			if r, err := decodeCardV2(b); err == nil {
				if again, err := decodeCard(upgradeCardRecord(b)); err != nil || again != r {
					t.Fatalf("card of schema v3: %+v, %v; want %+v", again, err, r)
				}
			}
		}
	})
}

// encodeCardV2 writes a card record as schema v3 did.
func encodeCardV2(r cardRec) []byte {
	var e enc
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
	if r.State.New {
		e.byte(stateNew)
	} else {
		e.byte(0)
	}
	e.int(int64(r.State.Due))
	e.int(int64(r.State.LastDay))
	e.count(r.State.Lapses)
	e.count(r.State.Reviews)
	e.memory(r.State.Memory)
	return e.b
}

// A v3 card record reads as schema v3 wrote it, and upgrades unchanged.
func TestCardV2(t *testing.T) {
	for _, r := range []cardRec{sampleCard, {Deck: "d", State: NewCardState()}, {Deck: "f", Retired: true, State: sampleFSRS}} {
		got, err := decodeCardV2(encodeCardV2(r))
		if err != nil || got != r {
			t.Errorf("v3 card: %+v, %v; want %+v", got, err, r)
		}
		if up, err := decodeCard(upgradeCardRecord(encodeCardV2(r))); err != nil || up != r {
			t.Errorf("upgraded: %+v, %v", up, err)
		}
	}
}

// An undo names an entry before it: one naming itself, or a later entry of
// its own device, is damage (a flipped bit made one such, and recover then
// kept an answer it took for undone). Its local seq may be later than its
// own: an undo from another device can arrive before the entry it undoes.
func TestEntryUndoNamesAnEarlierEntry(t *testing.T) {
	undo := Entry{Seq: 26, CardID: "x", Kind: Undo, Undoes: 25, ID: EntryID{testDevice, 29}, Stamp: 9, UndoesID: EntryID{testDevice, 28}}
	if _, err := decodeEntry(undo.Seq, encodeEntry(undo)); err != nil {
		t.Fatalf("a good undo: %v", err)
	}
	other := undo
	other.UndoesID = EntryID{DeviceID{7}, 40} // another device's counter: any
	other.Undoes = 31                         // arrived after the undo
	if _, err := decodeEntry(other.Seq, encodeEntry(other)); err != nil {
		t.Fatalf("an undo of another device's entry: %v", err)
	}
	for name, mod := range map[string]func(*Entry){
		"names itself":        func(e *Entry) { e.UndoesID = e.ID },
		"names a later entry": func(e *Entry) { e.UndoesID.Counter = 30 },
		"undoes its own seq":  func(e *Entry) { e.Undoes = 26 },
	} {
		e := undo
		mod(&e)
		if _, err := decodeEntry(e.Seq, encodeEntry(e)); !errors.Is(err, ErrDamaged) {
			t.Errorf("an undo that %s accepted: %v", name, err)
		}
	}
}
