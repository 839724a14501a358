package srs

import (
	"bytes"
	"reflect"
	"testing"
	"time"

	"github.com/hone-srs/hone/deck"
)

func FuzzDecodeCard(f *testing.F) {
	f.Add(encodeCard(sampleCard))
	f.Add(encodeCard(cardRec{Deck: "d", Retired: true, State: NewCardState()}))
	f.Add(encodeCard(cardRec{Deck: "f", State: sampleFSRS}))
	f.Add(encodeCard(cardRec{Deck: "m", Note: "n", State: sampleMarks}))
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, b []byte) {
		r, err := decodeCard(b)
		if err != nil {
			return
		}
		again, err := decodeCard(encodeCard(r))
		if err != nil || again != r {
			t.Fatalf("re-encode: %+v, %v; want %+v", again, err, r)
		}
	})
}

func FuzzDecodeEntry(f *testing.F) {
	f.Add(encodeEntry(sampleEntry))
	f.Add(encodeEntry(Entry{CardID: "x", Kind: Undo, Undoes: 3, ID: EntryID{testDevice, 2}, Stamp: 9, UndoesID: EntryID{testDevice, 1}}))
	f.Add(encodeEntry(Entry{CardID: "y", Kind: Drill, Quality: Again, Time: time.Unix(0, -5), Day: -1, ID: EntryID{DeviceID{1}, 1}, Stamp: 1}))
	f.Add(encodeEntryV1(sampleEntry, NewSM2(), SM2{1, 1, 2.36}, true))
	for _, e := range sampleMarkEntries {
		f.Add(encodeEntry(asLogged(e)))
		f.Add(encodeEntryV3(e))
	}
	for _, e := range sampleImportEntries {
		f.Add(encodeEntry(asLogged(e)))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		e, err := decodeEntry(1, b)
		if err != nil {
			return
		}
		e = asLogged(e)
		again, err := decodeEntry(1, encodeEntry(e))
		if err != nil || !sameEntry(again, e) || !again.Time.Equal(e.Time) {
			t.Fatalf("re-encode: %+v, %v; want %+v", again, err, e)
		}
	})
}

func FuzzDecodeContent(f *testing.F) {
	f.Add(encodeContent(sampleContent))
	f.Add(encodeContent(deck.Card{ID: "b", Front: "f", Back: "b"}))
	f.Fuzz(func(t *testing.T, b []byte) {
		c, err := decodeContent(b)
		if err != nil {
			return
		}
		again, err := decodeContent(encodeContent(c))
		if err != nil || !reflect.DeepEqual(again, c) {
			t.Fatalf("re-encode: %+v, %v; want %+v", again, err, c)
		}
	})
}

// FuzzDecodeOther covers the small records: day counters, decks, sources.
func FuzzDecodeOther(f *testing.F) {
	f.Add(byte(0), encodeDay(DayCounts{Reviews: 3, New: map[string]int{"a": 1}}))
	f.Add(byte(1), encodeDeck(deckRec{Source: "s", Topics: []string{"t"}, Cards: 3, SyncedAt: time.Unix(5, 0)}))
	f.Add(byte(1), encodeDeck(deckRec{Source: "s", Cards: 3, New: 1, NewSuspended: 2}))
	f.Add(byte(2), encodeSource(sourceRec{"h", "d"}))
	f.Add(byte(3), encodeTopic(topicRec{Cards: 9, Seen: 4, Lapses: 2}))
	f.Add(byte(4), encodeWindow(windowRec{Answers: 7, Right: 5, Mature: 2, MatureRight: 1}))
	f.Add(byte(5), encodeDueRef(&cardRec{Deck: "d", Note: "n"}))
	f.Fuzz(func(t *testing.T, which byte, b []byte) {
		switch which % 6 {
		case 0:
			if c, err := decodeDay(b); err == nil {
				if again, err := decodeDay(encodeDay(c)); err != nil || !sameCounts(again, c) {
					t.Fatalf("day: %+v, %v; want %+v", again, err, c)
				}
			}
		case 1:
			if r, err := decodeDeck(b); err == nil {
				if _, err := decodeDeck(encodeDeck(r)); err != nil {
					t.Fatalf("deck: %v", err)
				}
			}
		case 2:
			if r, err := decodeSource(b); err == nil {
				if again, err := decodeSource(encodeSource(r)); err != nil || again != r {
					t.Fatalf("source: %+v, %v", again, err)
				}
			}
		default:
			fuzzCounters(t, which%6, b)
		}
	})
}

// fuzzCounters round-trips the counters' records and the due index's
// values (schema v5).
func fuzzCounters(t *testing.T, which byte, b []byte) {
	switch which {
	case 3:
		if r, err := decodeTopic(b); err == nil {
			if again, err := decodeTopic(encodeTopic(r)); err != nil || again != r {
				t.Fatalf("topic: %+v, %v; want %+v", again, err, r)
			}
		}
	case 4:
		if r, err := decodeWindow(b); err == nil {
			if again, err := decodeWindow(encodeWindow(r)); err != nil || again != r {
				t.Fatalf("window: %+v, %v; want %+v", again, err, r)
			}
		}
	case 5:
		if d, n, err := decodeDueRef(b); err == nil {
			if d2, n2, err := decodeDueRef(encodeDueRef(&cardRec{Deck: d, Note: n})); err != nil || d2 != d || n2 != n {
				t.Fatalf("due ref: %q %q, %v; want %q %q", d2, n2, err, d, n)
			}
		}
	}
}

// FuzzDecodeSpooled covers a card as a streamed import's spool holds it,
// Anki progress and all: whatever decodes encodes back to itself, bit for
// bit (an ease may be a NaN, which no comparison of values takes as equal).
func FuzzDecodeSpooled(f *testing.F) {
	east := time.FixedZone("", 11*3600)
	f.Add(encodeSpooled(sampleContent))
	f.Add(encodeSpooled(deck.Card{ID: "p", Note: "n", Front: "f", Back: "b", Progress: reviewProgress()}))
	f.Add(encodeSpooled(deck.Card{ID: "q", Front: "f", Back: "b", Progress: &deck.Progress{Type: deck.AnkiRelearning,
		DueAt: time.Date(2025, 3, 10, 5, 0, 0, 0, east), Suspended: true, Buried: true,
		Log: []deck.Review{{Time: time.Date(2025, 3, 9, 5, 0, 0, 0, east), Button: 1, Kind: deck.ReviewRelearn}}}}))
	f.Fuzz(func(t *testing.T, b []byte) {
		c, err := decodeSpooled(b)
		if err != nil {
			return
		}
		enc := encodeSpooled(c)
		again, err := decodeSpooled(enc)
		if err != nil || !bytes.Equal(encodeSpooled(again), enc) || again.ID != c.ID || (again.Progress == nil) != (c.Progress == nil) {
			t.Fatalf("re-encode: %+v, %v; want %+v", again, err, c)
		}
	})
}
