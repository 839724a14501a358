package srs

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
)

// A collection writes into DIR/<its device id>/ and nowhere else: its log
// segments, appended to, and one file per deck blob under decks/. Writing
// happens inside a write transaction of the store, which is the lock that
// keeps two hone processes of one collection from appending at once; each
// transaction appends a bounded chunk and syncs it, so a review waits for
// one chunk at most.

// segmentLimit is the size from which a device starts a new segment.
var segmentLimit int64 = 4 << 20

// Chunk bounds of one transaction's worth of records, written or read.
const (
	chunkRecords = 20000
	chunkBytes   = 4 << 20
)

// errLostRecord is a counter of this device whose record is gone: one
// lost in a damaged file that was recovered.
var errLostRecord = errors.New("lost record")

// outRecord is a record to write: its counter, its framed bytes, and the
// deck blob it needs first.
type outRecord struct {
	counter uint64
	payload []byte // type byte and record
	blob    string
}

// outgoing reads the records of device dev (this one, or one it was
// before), from counter from up to high, a chunk at most.
func (t *txn) outgoing(dev DeviceID, from, high uint64) ([]outRecord, error) {
	var out []outRecord
	size := 0
	for c := from; c <= high && len(out) < chunkRecords && size < chunkBytes; c++ {
		rec, err := t.ownRecord(EntryID{dev, c})
		if errors.Is(err, errLostRecord) {
			continue // lost in a damaged file that was recovered
		}
		if err != nil {
			return nil, fmt.Errorf("record %s: %w", EntryID{dev, c}, err)
		}
		out = append(out, rec)
		size += len(rec.payload)
	}
	return out, nil
}

// ownRecord is the record this collection wrote as id: an entry logged
// before schema v5 is its seq; anything later is in the outbox.
func (t *txn) ownRecord(id EntryID) (outRecord, error) {
	st := t.sy
	seq := id.Counter
	if id.Device != st.origin || id.Counter > st.through {
		ref := st.outbox.Get(id.key())
		switch {
		case len(ref) == 9 && ref[0] == refLog:
			seq = binaryUint(ref[1:])
		case len(ref) == 17 && ref[0] == refEvent:
			raw := st.events.Get(ref[1:])
			if raw == nil {
				return outRecord{}, &damagedRecord{what: "outbox", msg: "event missing"}
			}
			ev, err := decodeEvent(raw)
			if err != nil {
				return outRecord{}, err
			}
			return outRecord{counter: id.Counter, payload: append([]byte{recEvent}, raw...), blob: ev.Blob}, nil
		case ref == nil:
			return outRecord{}, errLostRecord
		default:
			return outRecord{}, &damagedRecord{what: "outbox", msg: "bad ref"}
		}
	}
	e, err := t.entry(seq)
	switch {
	case err != nil:
		return outRecord{}, err
	case e == nil:
		return outRecord{}, errLostRecord
	case e.ID != id:
		return outRecord{}, &damagedRecord{what: "outbox", msg: fmt.Sprintf("entry %d is not record %s", seq, id)}
	}
	return outRecord{counter: id.Counter, payload: append([]byte{recEntry}, e.wire()...)}, nil
}

// exportCursor is where this device's writing stands in a sync folder:
// the segment it appends to, its size, and the last counter in it.
type exportCursor struct {
	Name string
	Size int64
	Last uint64
}

func exportKey(dir string, dev DeviceID) []byte {
	return []byte("out\x00" + dir + "\x00" + dev.String())
}

func (t *txn) exportCursor(dir string, dev DeviceID) (exportCursor, error) {
	var c exportCursor
	raw := t.sy.files.Get(exportKey(dir, dev))
	if raw == nil {
		return c, nil
	}
	d := dec{what: "export cursor", b: raw}
	d.version(recV1)
	c.Name = d.str()
	c.Size = int64(d.uint())
	c.Last = d.uint()
	return c, d.done()
}

func (t *txn) putExportCursor(dir string, dev DeviceID, c exportCursor) error {
	var e enc
	e.byte(recV1)
	e.str(c.Name)
	e.uint(uint64(c.Size))
	e.uint(c.Last)
	return t.sy.files.Put(exportKey(dir, dev), e.b)
}

// writer is a device whose records this collection writes: itself, up to
// its counter, or a device it was before it found its file copied, up to
// the counter it had then (others may have written more as that device).
type writer struct {
	dev       DeviceID
	high      uint64
	inherited bool
}

// pushChunk appends the next chunk of a writer's records to its segment
// in the folder. It returns how many it wrote and whether all are out.
func (t *txn) pushChunk(dir string, w writer) (int, bool, error) {
	own := filepath.Join(dir, w.dev.String())
	if err := os.MkdirAll(own, 0o755); err != nil {
		return 0, false, folderError(dir, err)
	}
	cur, err := t.exportCursor(dir, w.dev)
	if err != nil {
		return 0, false, err
	}
	seg, err := openOwnSegment(own, cur, w)
	if err != nil {
		return 0, false, err
	}
	defer seg.f.Close()
	if seg.last >= w.high {
		return 0, true, t.putExportCursor(dir, w.dev, seg.cursor())
	}
	recs, err := t.outgoing(w.dev, seg.last+1, w.high)
	if err != nil {
		return 0, false, err
	}
	for _, r := range recs {
		if r.blob != "" {
			if err := t.writeBlob(own, r.blob); err != nil {
				return 0, false, err
			}
		}
	}
	if seg.size >= segmentLimit {
		seg.f.Close()
		if seg, err = createSegment(own, w.dev, seg.last); err != nil {
			return 0, false, err
		}
	}
	var buf []byte
	for _, r := range recs {
		buf = appendRecord(buf, r.payload[0], r.payload[1:])
	}
	if _, err := seg.f.Write(buf); err != nil {
		return 0, false, fmt.Errorf("write %s: %w", seg.path, err)
	}
	if err := seg.f.Sync(); err != nil {
		return 0, false, fmt.Errorf("sync %s: %w", seg.path, err)
	}
	seg.size += int64(len(buf))
	if len(recs) > 0 {
		seg.last = recs[len(recs)-1].counter
	} else {
		seg.last = w.high // the rest were lost
	}
	return len(recs), seg.last >= w.high, t.putExportCursor(dir, w.dev, seg.cursor())
}

// ownSegment is the segment this device appends to.
type ownSegment struct {
	f    *os.File
	path string
	size int64
	last uint64 // the counter of its last record
}

func (s ownSegment) cursor() exportCursor {
	return exportCursor{Name: filepath.Base(s.path), Size: s.size, Last: s.last}
}

// openOwnSegment opens the segment to append to: the one the cursor names
// when it has the size the cursor says; else the device's latest segment,
// read to its last whole record (a torn tail, left by a crash, is cut
// off); else a new one.
func openOwnSegment(own string, cur exportCursor, w writer) (ownSegment, error) {
	if cur.Name != "" {
		path := filepath.Join(own, cur.Name)
		if fi, err := os.Stat(path); err == nil && fi.Size() == cur.Size {
			f, err := os.OpenFile(path, os.O_WRONLY|os.O_APPEND, 0)
			if err == nil {
				return ownSegment{f: f, path: path, size: cur.Size, last: cur.Last}, nil
			}
		}
	}
	names, err := ownSegmentNames(own)
	if err != nil {
		return ownSegment{}, err
	}
	if len(names) == 0 {
		return createSegment(own, w.dev, 0)
	}
	path := filepath.Join(own, names[len(names)-1])
	size, last, err := lastWholeRecord(path, w.dev)
	if err != nil {
		return ownSegment{}, err
	}
	if last > w.high && !w.inherited {
		return ownSegment{}, fmt.Errorf("%s holds records of this device (%s) up to %d, but this collection has written %d: another collection uses the same device id (a copy of this file?); run hone devices new-id in one of them", path, w.dev, last, w.high)
	}
	f, err := os.OpenFile(path, os.O_WRONLY, 0)
	if err != nil {
		return ownSegment{}, fmt.Errorf("open %s: %w", path, err)
	}
	if err := f.Truncate(size); err != nil {
		f.Close()
		return ownSegment{}, fmt.Errorf("cut the torn end of %s: %w", path, err)
	}
	if _, err := f.Seek(size, io.SeekStart); err != nil {
		f.Close()
		return ownSegment{}, err
	}
	return ownSegment{f: f, path: path, size: size, last: last}, nil
}

// ownSegmentNames lists a device's own segments (not conflict copies), by
// the counter they start after.
func ownSegmentNames(own string) ([]string, error) {
	entries, err := os.ReadDir(own)
	if err != nil {
		return nil, err
	}
	var names []string
	for _, e := range entries {
		if _, ok := segmentAfter(e.Name()); ok && len(e.Name()) == 16+len(segExt) {
			names = append(names, e.Name())
		}
	}
	slices.Sort(names)
	return names, nil
}

const segExt = ".hlog"

// segmentAfter reads the counter a segment's name starts with: its
// "after", for a segment and its conflict copies.
func segmentAfter(name string) (uint64, bool) {
	if len(name) < 16+len(segExt) || !strings.HasSuffix(name, segExt) {
		return 0, false
	}
	for _, c := range name[:16] {
		if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f') {
			return 0, false
		}
	}
	v, err := strconv.ParseUint(name[:16], 16, 64)
	return v, err == nil
}

// lastWholeRecord reads a segment of device me to its last whole record:
// the size up to there and that record's counter.
func lastWholeRecord(path string, me DeviceID) (int64, uint64, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return 0, 0, fmt.Errorf("read %s: %w", path, err)
	}
	h, err := parseSegHeader(b)
	if err != nil {
		return 0, 0, fmt.Errorf("%s: %w", path, err)
	}
	if h.device != me {
		return 0, 0, fmt.Errorf("%s: a segment of device %s in the folder of %s", path, h.device, me)
	}
	recs, _ := parseRecords(b[segHeaderLen:], segHeaderLen, me, h.after)
	if len(recs) == 0 {
		return segHeaderLen, h.after, nil
	}
	last := recs[len(recs)-1]
	return last.end, last.id.Counter, nil
}

// createSegment starts a segment of device me after counter after: its
// header is written to a temporary file, synced and renamed into place.
func createSegment(own string, me DeviceID, after uint64) (ownSegment, error) {
	path := filepath.Join(own, fmt.Sprintf("%016x%s", after, segExt))
	if err := writeFileAtomic(path, encodeSegHeader(segHeader{device: me, after: after})); err != nil {
		return ownSegment{}, err
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_APPEND, 0)
	if err != nil {
		return ownSegment{}, fmt.Errorf("open %s: %w", path, err)
	}
	return ownSegment{f: f, path: path, size: segHeaderLen, last: after}, nil
}

// writeBlob writes a deck blob of this device into its folder, once.
func (t *txn) writeBlob(own, hash string) error {
	path := filepath.Join(own, "decks", hash+blobExt)
	if fi, err := os.Stat(path); err == nil && fi.Mode().IsRegular() {
		return nil
	}
	r, err := t.blobReader(hash)
	if err != nil {
		return err
	}
	if t.beforeBlobFile != nil {
		t.beforeBlobFile(t.tx.Writable())
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	return writeFileAtomicFrom(path, r)
}

const blobExt = ".deck"

// writeFileAtomic writes a file under a temporary name (hidden, so that
// readers and sync engines pass it by), syncs it and renames it into
// place, so that no one ever sees it half written.
func writeFileAtomic(path string, data []byte) error {
	return writeFileAtomicFrom(path, bytes.NewReader(data))
}

// writeFileAtomicFrom is writeFileAtomic of what r gives.
func writeFileAtomicFrom(path string, r io.Reader) error {
	dir := filepath.Dir(path)
	f, err := os.CreateTemp(dir, ".hone-tmp-*")
	if err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	defer os.Remove(f.Name())
	if _, err := io.Copy(f, r); err != nil {
		f.Close()
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return fmt.Errorf("sync %s: %w", path, err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := os.Chmod(f.Name(), 0o644); err != nil {
		return err
	}
	if err := os.Rename(f.Name(), path); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	return syncDir(dir)
}

func binaryUint(b []byte) uint64 {
	var v uint64
	for _, c := range b[:8] {
		v = v<<8 | uint64(c)
	}
	return v
}
