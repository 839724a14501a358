package srs

import (
	"bytes"
	"encoding/binary"
	"errors"
	"hash/crc32"
	"testing"
	"time"

	"github.com/hone-srs/hone/deck"
)

// fuzzSegment is a small valid segment: an answer, an undo, a deck import
// and a name, as a device writes them.
func fuzzSegment() []byte {
	dev := DeviceID{1, 2, 3, 4, 5, 6, 7, 8}
	b := encodeSegHeader(segHeader{device: dev, after: 4})
	e := Entry{CardID: "c1", Deck: "d", Time: time.Unix(1741600000, 5), Day: 20157, Quality: Good, Kind: Review,
		Took: time.Second, ID: EntryID{dev, 5}, Stamp: 1741600000005}
	b = appendRecord(b, recEntry, e.wire())
	u := Entry{CardID: "c1", Deck: "d", Time: time.Unix(1741600001, 0), Day: 20157, Quality: Good, Kind: Undo,
		ID: EntryID{dev, 6}, Stamp: 1741600001000, UndoesID: EntryID{dev, 5}}
	b = appendRecord(b, recEntry, u.wire())
	ev := event{ID: EntryID{dev, 7}, Stamp: 1741600002000, Kind: evDeckImport, Deck: "d", Source: "/x/d.md",
		Blob: blobHash(encodeBlob(deck.Deck{Name: "d"}, nil))}
	b = appendRecord(b, recEvent, encodeEvent(ev))
	n := event{ID: EntryID{dev, 8}, Stamp: 1741600003000, Kind: evDeviceName, Device: dev, Name: "laptop"}
	return appendRecord(b, recEvent, encodeEvent(n))
}

// FuzzSegment feeds the segment reader arbitrary files: it never panics,
// reads only whole records that follow one another, stops with a reason
// it names, and every record it takes re-encodes to one that reads the
// same. With fix set, the harness first makes every checksum in the file
// right, so that the fuzzer reaches the decoders behind them.
func FuzzSegment(f *testing.F) {
	seg := fuzzSegment()
	for _, fix := range []bool{false, true} {
		f.Add(seg, fix)
		f.Add(seg[:len(seg)-3], fix)
		f.Add(seg[:segHeaderLen], fix)
		f.Add(fuzzImportSegment(), fix)
		f.Add(append(bytes.Clone(seg), appendRecord(nil, 'X', []byte("later"))...), fix)
	}
	f.Fuzz(func(t *testing.T, b []byte, fix bool) {
		if fix {
			b = fixChecksums(b)
		}
		h, err := parseSegHeader(b)
		if err != nil {
			if !errors.Is(err, errPartial) && !errors.Is(err, errNotSegment) && !errors.Is(err, errNewerHone) {
				t.Fatalf("header: unnamed error %v", err)
			}
			return
		}
		recs, err := parseRecords(b[segHeaderLen:], segHeaderLen, h.device, h.after)
		if err != nil && !errors.Is(err, errPartial) && !errors.Is(err, errNotSegment) && !errors.Is(err, errNewerHone) {
			t.Fatalf("records: unnamed error %v", err)
		}
		prev, end := h.after, int64(segHeaderLen)
		for _, rc := range recs {
			if rc.id.Counter <= prev || rc.end <= end || rc.end > int64(len(b)) || rc.id.Device != h.device {
				t.Fatalf("record %+v after %d at %d", rc.id, prev, end)
			}
			prev, end = rc.id.Counter, rc.end
			switch {
			case rc.entry != nil:
				again, err := decodeEntry(0, rc.entry.wire())
				if err != nil || !sameEntry(again, *rc.entry) || !again.Time.Equal(rc.entry.Time) {
					t.Fatalf("entry %+v re-encodes to %+v, %v", *rc.entry, again, err)
				}
			case rc.event != nil:
				again, err := decodeEvent(encodeEvent(*rc.event))
				if err != nil || again.ID != rc.event.ID || again.Kind != rc.event.Kind || again.Deck != rc.event.Deck ||
					again.Name != rc.event.Name || again.Blob != rc.event.Blob || again.Source != rc.event.Source {
					t.Fatalf("event %+v re-encodes to %+v, %v", *rc.event, again, err)
				}
			default:
				t.Fatalf("a record with neither entry nor event")
			}
		}
	})
}

// fixChecksums rewrites the checksums of a segment's header and records
// to match what they cover.
func fixChecksums(b []byte) []byte {
	b = bytes.Clone(b)
	if len(b) < segHeaderLen {
		return b
	}
	binary.BigEndian.PutUint32(b[28:], crc32.Checksum(b[:28], castagnoli))
	for off := segHeaderLen; off+recHeaderLen <= len(b); {
		n := int(binary.BigEndian.Uint32(b[off:]))
		end := off + recHeaderLen + n
		if n == 0 || n > maxRecord || end > len(b) {
			break
		}
		binary.BigEndian.PutUint32(b[off+4:], crc32.Checksum(b[off+recHeaderLen:end], castagnoli))
		off = end
	}
	return b
}

// FuzzSyncRecords covers the other decoders sync added: deck blobs, card
// histories, device records and read cursors: what decodes re-encodes to
// what decodes the same.
func FuzzSyncRecords(f *testing.F) {
	f.Add(byte(0), encodeBlob(testDeck("d", 2, "t"), []byte("text")))
	f.Add(byte(1), encodeHistory(historyRec{Last: orderKey{5, DeviceID{1}, 3}, Seqs: []uint64{1, 4, 9}}))
	f.Add(byte(2), encodeDevice(deviceRec{Name: "desk", High: 7, Received: 3, LastTime: time.Unix(5, 0)}))
	f.Add(byte(3), encodeReadCursor(readCursor{Size: 100, MTime: 7, Offset: 80, Last: 4, After: 1}))
	f.Fuzz(func(t *testing.T, which byte, b []byte) {
		switch which % 4 {
		case 0:
			if d, text, err := decodeBlob(b); err == nil {
				d2, text2, err := decodeBlob(encodeBlob(d, text))
				if err != nil || !bytes.Equal(text, text2) || d2.Name != d.Name || d2.Hash != d.Hash || len(d2.Cards) != len(d.Cards) || len(d2.Topics) != len(d.Topics) {
					t.Fatalf("blob: %v", err)
				}
			}
		case 1:
			if h, err := decodeHistory(b); err == nil {
				h2, err := decodeHistory(encodeHistory(h))
				if err != nil || h2.Last != h.Last || len(h2.Seqs) != len(h.Seqs) {
					t.Fatalf("history %+v: %+v, %v", h, h2, err)
				}
			}
		case 2:
			if r, err := decodeDevice(b); err == nil {
				r2, err := decodeDevice(encodeDevice(r))
				if err != nil || r2.Name != r.Name || r2.High != r.High || !r2.LastTime.Equal(r.LastTime) {
					t.Fatalf("device %+v: %+v, %v", r, r2, err)
				}
			}
		case 3:
			if c, err := decodeReadCursor(b); err == nil {
				if c2, err := decodeReadCursor(encodeReadCursor(c)); err != nil || c2 != c {
					t.Fatalf("cursor %+v: %+v, %v", c, c2, err)
				}
			}
		}
	})
}
