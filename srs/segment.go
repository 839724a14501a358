package srs

import (
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
)

// A log segment is a file a device appends its records to, in its own
// folder under the sync folder. It starts with a header:
//
//	magic "hone-log" | version (1) | 3 zero bytes | device (8) | after (8) | CRC-32C of the above (4)
//
// where after is the counter of the device's record just before this
// segment's first. Then come records, each
//
//	length (4, big endian) | CRC-32C of the payload (4) | payload
//
// whose payload is a type byte, 'E' for a log entry (its record as the
// store keeps it, version 3 and up) or 'V' for an event, and the record.
// A device writes all its records, in counter order, across its segments:
// a segment whose after a reader has reached continues what it has (a
// counter may be missing, for a record its device lost in a damaged file
// it recovered). A reader takes whole records only: a record whose
// length runs past the end of the file, or whose checksum does not match,
// ends what it reads until the file grows.

const (
	segMagic     = "hone-log"
	segVersion   = 1
	segHeaderLen = 32
	recHeaderLen = 8
	// maxRecord bounds a record: entries and events are small, and a deck
	// travels in a blob of its own.
	maxRecord = 1 << 20
)

const (
	recEntry = 'E'
	recEvent = 'V'
)

var castagnoli = crc32.MakeTable(crc32.Castagnoli)

type segHeader struct {
	device DeviceID
	after  uint64
}

func encodeSegHeader(h segHeader) []byte {
	b := make([]byte, 0, segHeaderLen)
	b = append(b, segMagic...)
	b = append(b, segVersion, 0, 0, 0)
	b = append(b, h.device[:]...)
	b = binary.BigEndian.AppendUint64(b, h.after)
	return binary.BigEndian.AppendUint32(b, crc32.Checksum(b, castagnoli))
}

// Why a segment, or the rest of one, is not read.
var (
	errNotSegment = errors.New("not a hone log segment")
	errNewerHone  = errors.New("written by a newer hone")
	errPartial    = errors.New("not whole yet")
)

// parseSegHeader reads a segment's header; a short one is errPartial.
func parseSegHeader(b []byte) (segHeader, error) {
	var h segHeader
	if len(b) < segHeaderLen {
		if len(b) < len(segMagic) && string(b) == segMagic[:len(b)] || len(b) >= len(segMagic) && string(b[:len(segMagic)]) == segMagic {
			return h, errPartial
		}
		return h, errNotSegment
	}
	if string(b[:len(segMagic)]) != segMagic {
		return h, errNotSegment
	}
	if binary.BigEndian.Uint32(b[28:32]) != crc32.Checksum(b[:28], castagnoli) {
		return h, fmt.Errorf("%w: its header's checksum does not match", errNotSegment)
	}
	if v := b[8]; v != segVersion {
		return h, fmt.Errorf("%w (segment format v%d; this hone reads v%d)", errNewerHone, v, segVersion)
	}
	copy(h.device[:], b[12:20])
	h.after = binary.BigEndian.Uint64(b[20:28])
	if h.device.IsZero() {
		return h, fmt.Errorf("%w: no device in its header", errNotSegment)
	}
	return h, nil
}

func appendRecord(b []byte, typ byte, body []byte) []byte {
	b = binary.BigEndian.AppendUint32(b, uint32(len(body)+1))
	crc := crc32.Update(crc32.Checksum([]byte{typ}, castagnoli), castagnoli, body)
	b = binary.BigEndian.AppendUint32(b, crc)
	b = append(b, typ)
	return append(b, body...)
}

// nextRecord reads the record at the start of b: its payload and its
// length in b. A record not whole in b is errPartial.
func nextRecord(b []byte) ([]byte, int, error) {
	if len(b) < recHeaderLen {
		return nil, 0, errPartial
	}
	n := binary.BigEndian.Uint32(b)
	if n == 0 || n > maxRecord {
		return nil, 0, fmt.Errorf("%w: a record of %d bytes", errPartial, n)
	}
	end := recHeaderLen + int(n)
	if len(b) < end {
		return nil, 0, errPartial
	}
	payload := b[recHeaderLen:end]
	if binary.BigEndian.Uint32(b[4:]) != crc32.Checksum(payload, castagnoli) {
		return nil, 0, fmt.Errorf("%w: a record's checksum does not match", errPartial)
	}
	return payload, end, nil
}

// decodeRecord reads a record's payload, written by device dev. A payload
// with a good checksum that this hone cannot read is errNewerHone.
func decodeRecord(p []byte, dev DeviceID) (record, error) {
	var rc record
	switch p[0] {
	case recEntry:
		e, err := decodeEntry(0, p[1:])
		if err != nil {
			return rc, fmt.Errorf("%w: %v", errNewerHone, err)
		}
		if p[1] < recV4 {
			return rc, fmt.Errorf("%w: an entry of record version %d", errNotSegment, p[1])
		}
		e.Undoes, e.Prev, e.Cause = 0, 0, 0 // seqs of the collection that wrote it: nothing here
		rc = record{id: e.ID, stamp: e.Stamp, time: e.Time, entry: &e}
	case recEvent:
		ev, err := decodeEvent(p[1:])
		if err != nil {
			return rc, fmt.Errorf("%w: %v", errNewerHone, err)
		}
		rc = record{id: ev.ID, stamp: ev.Stamp, time: ev.Time, event: &ev}
	default:
		return rc, fmt.Errorf("%w: a record of type %.64q", errNewerHone, p[0])
	}
	if rc.id.Device != dev {
		return rc, fmt.Errorf("%w: a record of device %s in a segment of %s", errNotSegment, rc.id.Device, dev)
	}
	return rc, nil
}

// segmentRecord is a record read from a segment and where it ends there.
type segmentRecord struct {
	record
	end int64 // offset just past it in its file
}

// parseRecords reads the whole records of b, which starts at offset base
// of a segment of device dev. It stops at the first record that is not
// whole (err wraps errPartial), that this hone cannot read (errNewerHone)
// or that is not one (errNotSegment), or whose counter is not above prev,
// the counter of the record before it; the records before are good.
func parseRecords(b []byte, base int64, dev DeviceID, prev uint64) ([]segmentRecord, error) {
	var out []segmentRecord
	off := 0
	for off < len(b) {
		p, n, err := nextRecord(b[off:])
		if err != nil {
			return out, fmt.Errorf("at byte %d: %w", base+int64(off), err)
		}
		rc, err := decodeRecord(p, dev)
		if err != nil {
			return out, fmt.Errorf("at byte %d: %w", base+int64(off), err)
		}
		if rc.id.Counter <= prev {
			return out, fmt.Errorf("at byte %d: %w: record %d follows %d", base+int64(off), errNotSegment, rc.id.Counter, prev)
		}
		prev = rc.id.Counter
		off += n
		out = append(out, segmentRecord{record: rc, end: base + int64(off)})
	}
	return out, nil
}
