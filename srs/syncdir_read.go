package srs

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"time"
)

// Reading the sync folder happens outside any transaction: each other
// device's segments (and the copies sync engines made of them) are read
// from where the last sync stopped, their records are taken in device
// order with no gaps, and each chunk is applied in a transaction of its
// own, with how far each file was read.

// readCursor is how far a file of the sync folder was read.
type readCursor struct {
	Size   int64  // the file's size when it was read
	MTime  int64  // and its modification time, in Unix nanoseconds
	Offset int64  // the end of the last record taken in
	Last   uint64 // that record's counter (the header's after, before any)
	After  uint64 // the header's after
}

func readKey(dir, rel string) []byte { return []byte("in\x00" + dir + "\x00" + rel) }

func encodeReadCursor(c readCursor) []byte {
	var e enc
	e.byte(recV1)
	e.uint(uint64(c.Size))
	e.int(c.MTime)
	e.uint(uint64(c.Offset))
	e.uint(c.Last)
	e.uint(c.After)
	return e.b
}

func decodeReadCursor(b []byte) (readCursor, error) {
	d := dec{what: "read cursor", b: b}
	var c readCursor
	d.version(recV1)
	c.Size = int64(d.uint())
	c.MTime = d.int()
	c.Offset = int64(d.uint())
	c.Last = d.uint()
	c.After = d.uint()
	return c, d.done()
}

// folderFile is one segment file of another device, or a copy of one.
type folderFile struct {
	rel    string // device/name, under the sync folder
	path   string
	size   int64
	mtime  int64
	cursor readCursor
	known  bool // cursor is from an earlier read
	after  uint64
	done   bool // read to its end, or not to be read again this time
}

// deviceFiles lists the segment files in a device's folder, conflict copies
// included: a copy's records are the device's too, and taking in records by
// counter never doubles one.
func deviceFiles(dir string, dev DeviceID) ([]*folderFile, error) {
	entries, err := os.ReadDir(filepath.Join(dir, dev.String()))
	if err != nil {
		return nil, err
	}
	var out []*folderFile
	for _, e := range entries {
		after, ok := segmentAfter(e.Name())
		if !ok || !e.Type().IsRegular() {
			continue
		}
		fi, err := e.Info()
		if err != nil {
			continue // gone meanwhile
		}
		rel := dev.String() + "/" + e.Name()
		out = append(out, &folderFile{rel: rel, path: filepath.Join(dir, filepath.FromSlash(rel)),
			size: fi.Size(), mtime: fi.ModTime().UnixNano(), after: after})
	}
	return out, nil
}

// otherDevices lists the devices with a folder in the sync folder, other
// than me.
func otherDevices(dir string, me DeviceID) ([]DeviceID, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	var out []DeviceID
	for _, e := range entries {
		if id, ok := ParseDeviceID(e.Name()); ok && e.IsDir() && id != me {
			out = append(out, id)
		}
	}
	return out, nil
}

// devicePull is the reading of one device's files.
type devicePull struct {
	s        *Store
	dir      string
	dev      DeviceID
	high     uint64 // the last counter taken in (or read, in this pull)
	files    []*folderFile
	batch    []record
	size     int
	problems []string
	got      map[DeviceID]*received
	blocked  bool // a record cannot be taken in yet: the rest waits
	moved    bool // a file was read since the last flush: cursors to store
}

// pullDevice takes in what a device wrote since the last sync.
func (s *Store) pullDevice(dir string, dev DeviceID, high uint64, cursors map[string]readCursor, now time.Time) (map[DeviceID]*received, []string, error) {
	files, err := deviceFiles(dir, dev)
	if err != nil {
		return nil, []string{fmt.Sprintf("%s: %v", filepath.Join(dir, dev.String()), unwrapPath(err))}, nil
	}
	p := &devicePull{s: s, dir: dir, dev: dev, high: high, files: files, got: map[DeviceID]*received{}}
	for _, f := range files {
		f.cursor, f.known = cursors[f.rel]
		switch {
		case f.known && f.cursor.Size == f.size && f.cursor.MTime == f.mtime && f.cursor.Offset == f.size:
			f.done = true // read to its end, unchanged since
		case f.known:
			f.after = f.cursor.After
		default:
			p.header(f)
		}
	}
	slices.SortFunc(files, func(a, b *folderFile) int { return cmpUint(a.after, b.after) })
	// Each pass reads the files that follow on from what was taken in;
	// a file after a gap waits for a pass that fills it.
	for progress := true; progress && !p.blocked; {
		progress = false
		for _, f := range files {
			if f.done || p.blocked || f.after > p.high {
				continue
			}
			before := p.high
			if err := p.readFile(f, now); err != nil {
				return p.got, p.problems, err
			}
			progress = progress || p.high > before
		}
	}
	if len(p.batch) == 0 && !p.moved {
		return p.got, p.problems, nil // nothing new: no write at all
	}
	return p.got, p.problems, p.flush(now)
}

func cmpUint(a, b uint64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// readFile reads one file from where it was left, taking in the records
// that come next.
func (p *devicePull) readFile(f *folderFile, now time.Time) error {
	fh, err := os.Open(f.path)
	if err != nil {
		f.done = true
		return nil // gone meanwhile: the next sync sees what replaced it
	}
	defer fh.Close()
	off, prev := int64(segHeaderLen), f.after
	if f.known && f.cursor.Offset <= f.size && f.cursor.Offset >= segHeaderLen {
		off, prev = f.cursor.Offset, f.cursor.Last
	}
	f.cursor.Size, f.cursor.MTime = f.size, f.mtime
	p.moved = true
	return p.readRecords(f, fh, off, prev, now)
}

// header reads the header of a file not read before: a file that is not a
// segment of this device, or of a newer hone, is named in a problem and
// passed by.
func (p *devicePull) header(f *folderFile) {
	hb := make([]byte, segHeaderLen)
	fh, err := os.Open(f.path)
	if err != nil {
		f.done = true
		return
	}
	n, _ := io.ReadFull(fh, hb)
	fh.Close()
	h, err := parseSegHeader(hb[:n])
	switch {
	case errors.Is(err, errPartial):
		f.done = true // not whole yet
		return
	case errors.Is(err, errNewerHone):
		p.problems = append(p.problems, fmt.Sprintf("%s: %v; upgrade hone to read it", f.path, err))
	case err != nil:
		p.problems = append(p.problems, fmt.Sprintf("%s: %v; it was not read", f.path, err))
	case h.device != p.dev:
		p.problems = append(p.problems, fmt.Sprintf("%s: a segment of device %s in the folder of %s; it was not read", f.path, h.device, p.dev))
	default:
		f.after = h.after
		f.cursor = readCursor{Offset: segHeaderLen, Last: h.after, After: h.after}
		return
	}
	f.done = true
}

// readWindow is how much of a file is read at a time: a chunk, and room
// for the record that ends it.
var readWindow int64 = chunkBytes + maxRecord + recHeaderLen

// readRecords reads a file's records from off, a chunk at a time.
func (p *devicePull) readRecords(f *folderFile, fh *os.File, off int64, prev uint64, now time.Time) error {
	buf := make([]byte, max(min(f.size-off, readWindow), 0))
	for off < f.size && !p.blocked {
		want := min(f.size-off, readWindow)
		n, err := fh.ReadAt(buf[:want], off)
		if err != nil && !errors.Is(err, io.EOF) {
			p.problems = append(p.problems, fmt.Sprintf("%s: %v", f.path, unwrapPath(err)))
			break
		}
		recs, perr := parseRecords(buf[:n], off, p.dev, prev)
		for _, rc := range recs {
			if err := p.take(f, rc, now); err != nil || p.blocked {
				return err
			}
			prev = rc.id.Counter
		}
		start := off
		if len(recs) > 0 {
			off = recs[len(recs)-1].end
		}
		switch {
		case off == start:
			// Nothing whole here: a torn tail, a bad record, or a file that
			// shrank since it was listed.
		case perr == nil:
			continue
		case errors.Is(perr, errPartial) && int64(n) < f.size-start:
			continue // the window's end cut a record: the next reads it
		}
		if perr != nil && !errors.Is(perr, errPartial) {
			p.problems = append(p.problems, readProblem(f.path, perr))
			p.blocked = errors.Is(perr, errNewerHone)
		}
		break // a torn tail waits until it is whole
	}
	f.done = true
	return nil
}

func readProblem(path string, err error) string {
	if errors.Is(err, errNewerHone) {
		return fmt.Sprintf("%s: %v; upgrade hone to read the rest of this device's changes", path, err)
	}
	return fmt.Sprintf("%s: %v; the rest of it was not read", path, err)
}

// take adds one record to the batch if it is the next one of the device.
func (p *devicePull) take(f *folderFile, rc segmentRecord, now time.Time) error {
	if rc.id.Counter <= p.high {
		f.cursor.Offset, f.cursor.Last = rc.end, rc.id.Counter
		return nil
	}
	if rc.event != nil && rc.event.Kind == evDeckImport {
		path, ok, err := p.blob(rc.event.Blob)
		if err != nil {
			return err
		}
		if !ok {
			p.problems = append(p.problems, fmt.Sprintf("waiting for deck %.64q (decks/%s%s) from device %s: the rest of its changes wait too", rc.event.Deck, rc.event.Blob, blobExt, p.dev))
			p.blocked = true
			return nil
		}
		rc.blobPath = path
	}
	p.batch = append(p.batch, rc.record)
	p.size += int(rc.end - f.cursor.Offset)
	p.high = rc.id.Counter
	f.cursor.Offset, f.cursor.Last = rc.end, rc.id.Counter
	if len(p.batch) >= chunkRecords || p.size >= chunkBytes {
		return p.flush(now)
	}
	return nil
}

// blob finds a deck blob: already stored, or in any device's folder, whole
// (its bytes hash to its name). "", true means the store has it: a large
// blob file is staged into it here (sync_stage.go).
func (p *devicePull) blob(hash string) (string, bool, error) {
	have := false
	err := p.s.view(func(t *txn) error {
		_, _, ok, err := t.blobRecord(hash)
		have = ok
		return err
	})
	if err != nil || have {
		return "", have, err
	}
	devs := []DeviceID{p.dev}
	if all, err := otherDevices(p.dir, DeviceID{}); err == nil {
		devs = append(devs, all...)
	}
	for _, d := range devs {
		path := filepath.Join(p.dir, d.String(), "decks", hash+blobExt)
		if fi, err := os.Stat(path); err == nil && fi.Size() > stageBlobs && importLockWorks {
			err := p.s.stageBlobFile(hash, path)
			if err == nil || !notTheBlob(err) {
				return "", err == nil, err
			}
			continue
		}
		if sum, err := hashBlobFile(path); err == nil && sum == hash {
			return path, true, nil
		}
	}
	return "", false, nil
}

// flush applies the batch, with the cursors of the files read so far.
func (p *devicePull) flush(now time.Time) error {
	batch := p.batch
	p.batch, p.size, p.moved = nil, 0, false
	err := p.s.update(func(t *txn) error {
		t.deferDecks = p.s.deferDecks()
		got, problems, err := t.ingest(batch, now)
		if err != nil {
			return err
		}
		for dev, n := range got {
			sum := p.got[dev]
			if sum == nil {
				sum = &received{}
				p.got[dev] = sum
			}
			sum.Answers += n.Answers
			sum.Other += n.Other
			sum.Events += n.Events
		}
		p.problems = append(p.problems, problems...)
		st := t.sy
		for _, f := range p.files {
			if f.cursor.Size != 0 {
				if err := st.files.Put(readKey(p.dir, f.rel), encodeReadCursor(f.cursor)); err != nil {
					return err
				}
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("take in the changes of device %s: %w", p.dev, err)
	}
	return nil
}
