package srs

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"hash"
	"io"

	bolt "go.etcd.io/bbolt"
)

// A record as large as a deck (its sync blob, its text) is kept in chunks
// of at most chunkSize bytes, so that no transaction writes or copies more
// than a few of them at once: a set of chunks, numbered from 0, under a set
// id, and a small head that names the set, the length and the hash of the
// bytes. A large import writes a set under a fresh id piece by piece and
// puts its head in place in its last, short piece.
//
// Schema v6 added the chunks: files of v5 keep whole blobs and whole
// texts, which are read as they are and replaced only when the deck is
// imported again.

// Buckets added by schema v6.
const (
	bChunks     = "chunks"     // set(8) index(4) → at most chunkSize bytes of one record
	bTextChunks = "textchunks" // deck name → chunkHead of the deck's text (texts holds whole ones of v5)
)

// chunkSize bounds a chunk.
const chunkSize = 1 << 20

// chunkHeadMark starts a head; a whole blob starts with blobMagic.
const chunkHeadMark = 0

// chunkHead names a set of chunks and what their bytes add up to.
type chunkHead struct {
	set    uint64
	length uint64
	count  uint32
	sum    string // blobHash of the bytes
}

func encodeChunkHead(h chunkHead) []byte {
	e := enc{b: []byte{chunkHeadMark}}
	e.byte(recV1)
	e.uint(h.set)
	e.uint(h.length)
	e.uint(uint64(h.count))
	e.str(h.sum)
	return e.b
}

func decodeChunkHead(b []byte) (chunkHead, error) {
	var h chunkHead
	if len(b) == 0 || b[0] != chunkHeadMark {
		return h, &damagedRecord{what: "chunk head", msg: "no head mark"}
	}
	d := dec{what: "chunk head", b: b[1:]}
	d.version(recV1)
	h.set = d.uint()
	h.length = d.uint()
	count := d.uint()
	h.sum = d.str()
	switch {
	case d.err != nil:
	case h.set == 0:
		d.fail("set 0")
	case count > maxCount || h.length > maxCount*chunkSize || count != (h.length+chunkSize-1)/chunkSize:
		d.fail("%d chunks for %d bytes", count, h.length)
	case !validBlobHash(h.sum):
		d.fail("hash %.64q is not valid", h.sum)
	}
	h.count = uint32(count)
	return h, d.done()
}

func chunkKey(set uint64, i uint32) []byte {
	return binary.BigEndian.AppendUint32(binary.BigEndian.AppendUint64(nil, set), i)
}

// chunkBucket is the transaction's chunk bucket.
func (t *txn) chunkBucket() (*bolt.Bucket, error) {
	b := t.tx.Bucket([]byte(bChunks))
	if b == nil {
		return nil, &damagedRecord{what: "database", msg: "bucket " + bChunks + " is missing"}
	}
	return b, nil
}

// textChunkBucket is the transaction's bucket of text heads.
func (t *txn) textChunkBucket() (*bolt.Bucket, error) {
	b := t.tx.Bucket([]byte(bTextChunks))
	if b == nil {
		return nil, &damagedRecord{what: "database", msg: "bucket " + bTextChunks + " is missing"}
	}
	return b, nil
}

// chunkWriter writes one set of chunks, each chunkSize bytes but the last,
// hashing as it goes; it may span transactions (pass each one's txn).
type chunkWriter struct {
	head chunkHead
	buf  []byte
	h    hash.Hash
}

// newChunkWriter takes a fresh set id.
func (t *txn) newChunkWriter() (*chunkWriter, error) {
	b, err := t.chunkBucket()
	if err != nil {
		return nil, err
	}
	set, err := b.NextSequence()
	if err != nil {
		return nil, err
	}
	return &chunkWriter{head: chunkHead{set: set}, h: sha256.New()}, nil
}

// write adds p, putting every chunk that fills.
func (w *chunkWriter) write(t *txn, p []byte) error {
	for len(p) > 0 {
		n := min(len(p), chunkSize-len(w.buf))
		w.buf = append(w.buf, p[:n]...)
		p = p[n:]
		if len(w.buf) == chunkSize {
			if err := w.flush(t); err != nil {
				return err
			}
		}
	}
	return nil
}

func (w *chunkWriter) flush(t *txn) error {
	if len(w.buf) == 0 {
		return nil
	}
	b, err := t.chunkBucket()
	if err != nil {
		return err
	}
	w.h.Write(w.buf)
	if err := b.Put(chunkKey(w.head.set, w.head.count), w.buf); err != nil {
		return err
	}
	w.head.count++
	w.head.length += uint64(len(w.buf))
	w.buf = make([]byte, 0, chunkSize)
	return nil
}

// close puts the last chunk and returns the set's head.
func (w *chunkWriter) close(t *txn) (chunkHead, error) {
	if err := w.flush(t); err != nil {
		return chunkHead{}, err
	}
	w.head.sum = hex.EncodeToString(w.h.Sum(nil)[:16])
	return w.head, nil
}

// readFrom writes what r gives, up to limit bytes (-1: all); eof says r
// ended.
func (w *chunkWriter) readFrom(t *txn, r io.Reader, limit int) (eof bool, err error) {
	buf := make([]byte, 64<<10)
	for n, empty := 0, 0; limit < 0 || n < limit; {
		m, err := r.Read(buf)
		if werr := w.write(t, buf[:m]); werr != nil {
			return false, werr
		}
		n += m
		switch {
		case err == io.EOF:
			return true, nil
		case err != nil:
			return false, err
		case m > 0:
			empty = 0
		case empty >= 100:
			return false, io.ErrNoProgress
		default:
			empty++
		}
	}
	return false, nil
}

// putChunks stores what r gives as a set of chunks, in this transaction.
func (t *txn) putChunks(r io.Reader) (chunkHead, error) {
	w, err := t.newChunkWriter()
	if err != nil {
		return chunkHead{}, err
	}
	if _, err := w.readFrom(t, r, -1); err != nil {
		return chunkHead{}, err
	}
	return w.close(t)
}

// deleteChunks deletes every chunk of set.
func (t *txn) deleteChunks(set uint64) error {
	b, err := t.chunkBucket()
	if err != nil {
		return err
	}
	prefix := binary.BigEndian.AppendUint64(nil, set)
	var keys [][]byte
	c := b.Cursor()
	for k, _ := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, _ = c.Next() {
		keys = append(keys, bytes.Clone(k))
	}
	for _, k := range keys {
		if err := b.Delete(k); err != nil {
			return err
		}
	}
	return nil
}

// chunkReader reads a set of chunks a chunk at a time, in whatever read
// or write transaction it is handed (t): each chunk is copied out, so that
// one reading can go on across transactions, and the pages it read are
// let go every dropChunksEvery chunks (a set is read once, in order).
type chunkReader struct {
	t    *txn
	head chunkHead
	next uint32
	cur  []byte
}

func (t *txn) chunkReader(h chunkHead) *chunkReader { return &chunkReader{t: t, head: h} }

// dropChunksEvery is how many chunks a reading reads between two calls of
// dropMapped: a 98 MB blob kept the push of its deck at 120 MB without.
const dropChunksEvery = 8

func (r *chunkReader) Read(p []byte) (int, error) {
	for len(r.cur) == 0 {
		if r.next >= r.head.count {
			return 0, io.EOF
		}
		b, err := r.t.chunkBucket()
		if err != nil {
			return 0, err
		}
		c := b.Get(chunkKey(r.head.set, r.next))
		if c == nil {
			return 0, &damagedRecord{what: "chunks", msg: fmt.Sprintf("set %d: chunk %d is missing", r.head.set, r.next)}
		}
		r.cur = bytes.Clone(c)
		r.next++
		if r.next%dropChunksEvery == 0 {
			dropMapped(r.t.tx)
		}
	}
	n := copy(p, r.cur)
	r.cur = r.cur[n:]
	return n, nil
}

// checkChunks reads set h whole: every chunk there, of the right size, the
// lengths adding up, and the bytes hashing to h.sum.
func (t *txn) checkChunks(h chunkHead) error {
	b, err := t.chunkBucket()
	if err != nil {
		return err
	}
	sum, total := sha256.New(), uint64(0)
	for i := range h.count {
		v := b.Get(chunkKey(h.set, i))
		switch {
		case v == nil:
			return fmt.Errorf("set %d: chunk %d is missing", h.set, i)
		case len(v) != chunkSize && i+1 < h.count, len(v) == 0 || len(v) > chunkSize:
			return fmt.Errorf("set %d: chunk %d has %d bytes", h.set, i, len(v))
		}
		sum.Write(v)
		total += uint64(len(v))
	}
	if total != h.length {
		return fmt.Errorf("set %d: %d bytes, not %d", h.set, total, h.length)
	}
	if got := hex.EncodeToString(sum.Sum(nil)[:16]); got != h.sum {
		return fmt.Errorf("set %d: its bytes hash to %s, not %s", h.set, got, h.sum)
	}
	return nil
}

// migrateV6 adds the buckets of chunked records; the whole blobs and texts
// of v5 stay as they are, read as they are.
func migrateV6(tx *bolt.Tx) error {
	for _, name := range []string{bChunks, bTextChunks} {
		if _, err := tx.CreateBucketIfNotExists([]byte(name)); err != nil {
			return err
		}
	}
	return nil
}
