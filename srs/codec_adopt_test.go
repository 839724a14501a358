package srs

import (
	"errors"
	"math"
	"testing"
	"time"
)

// sampleImportEntries are one entry of each kind an import of progress
// logs: an answer from Anki, and the schedules it adopts.
var sampleImportEntries = []Entry{
	{Seq: 30, CardID: "a", Deck: "d", Kind: Imported, Quality: Hard, Day: 20139, Time: time.UnixMilli(1740042000123), Took: 4 * time.Second, Prev: 29},
	{Seq: 31, CardID: "a", Deck: "d", Kind: Adopt, Day: 20157, Prev: 30, Adopted: Adoption{Due: 20162, LastDay: 20152, Interval: 10, Ease: 2.5, Reviews: 3}},
	{Seq: 32, CardID: "b", Deck: "d", Kind: Adopt, Day: 20157, Adopted: Adoption{Learning: true, Suspended: true, BuriedUntil: 20158, Due: 20158, LastDay: 20157, Reviews: 6, Lapses: 1}},
	{Seq: 33, CardID: "c", Deck: "d", Kind: Adopt, Day: 20157, Adopted: Adoption{New: true, Suspended: true}},
}

func TestAdoptEntryCodec(t *testing.T) {
	for _, e := range sampleImportEntries {
		e = asLogged(e)
		got, err := decodeEntry(e.Seq, encodeEntry(e))
		if err != nil || !sameEntry(got, e) || !got.Time.Equal(e.Time) {
			t.Errorf("%s: %+v, %v; want %+v", e.Kind, got, err, e)
		}
		// The kinds came with record version 4: an older one is damage.
		if _, err := decodeEntry(e.Seq, encodeEntryV3(e)); !errors.Is(err, ErrDamaged) {
			t.Errorf("%s in a version 3 record accepted: %v", e.Kind, err)
		}
	}
	adopt := asLogged(sampleImportEntries[1])
	for name, a := range map[string]Adoption{
		"due before the last day": {Due: 20150, LastDay: 20152},
		"due on the last day":     {Due: 20152, LastDay: 20152},
		"ease NaN":                {Due: 20162, LastDay: 20152, Ease: math.NaN()},
		"ease below 0":            {Due: 20162, LastDay: 20152, Ease: -1},
		"new card with a due day": {New: true, Due: 20162},
		"new card in learning":    {New: true, Learning: true},
		"no schedule at all":      {},
	} {
		e := adopt
		e.Adopted = a
		if _, err := decodeEntry(1, encodeEntry(e)); !errors.Is(err, ErrDamaged) {
			t.Errorf("%s accepted: %v", name, err)
		}
	}
	raw := encodeEntry(adopt)
	flagsAt := len(raw) - len(encodeAdoption(adopt.Adopted))
	raw[flagsAt] = 0x80
	if _, err := decodeEntry(1, raw); !errors.Is(err, ErrDamaged) {
		t.Errorf("unknown adopt flag accepted: %v", err)
	}
	if _, err := decodeEntry(1, encodeEntry(adopt)[:len(raw)-1]); !errors.Is(err, ErrDamaged) {
		t.Errorf("truncated adoption accepted: %v", err)
	}
}

func encodeAdoption(a Adoption) []byte {
	var e enc
	e.adoption(a)
	return e.b
}

// fuzzImportSegment is a small valid segment of imported progress: an
// answer from Anki and the schedule adopted after it.
func fuzzImportSegment() []byte {
	dev := DeviceID{1, 2, 3, 4, 5, 6, 7, 8}
	b := encodeSegHeader(segHeader{device: dev, after: 0})
	for i, e := range sampleImportEntries[:2] {
		e.ID, e.Stamp = EntryID{dev, uint64(i + 1)}, 1741600000000+uint64(i)
		b = appendRecord(b, recEntry, e.wire())
	}
	return b
}
