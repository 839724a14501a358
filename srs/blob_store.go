package srs

import (
	"bytes"
	"encoding/hex"
	"fmt"
	"hash"
	"io"
)

// The blobs bucket holds, under a blob's hash, its head (chunkHead) or,
// in files of schema v5, the whole blob (it starts with blobMagic).

// blobRecord reads what the blobs bucket holds for hash: whole is set for
// a whole blob, h otherwise; ok is false when there is nothing.
func (t *txn) blobRecord(hash string) (whole []byte, h chunkHead, ok bool, err error) {
	st, err := t.sync()
	if err != nil {
		return nil, h, false, err
	}
	raw := st.blobs.Get([]byte(hash))
	switch {
	case raw == nil:
		return nil, h, false, nil
	case bytes.HasPrefix(raw, []byte(blobMagic)):
		return raw, h, true, nil
	}
	h, err = decodeChunkHead(raw)
	if err != nil {
		return nil, h, false, fmt.Errorf("deck blob %.64q: %w", hash, err)
	}
	return nil, h, true, nil
}

// blobReader reads the blob named hash, within this transaction; bytes
// that do not hash to hash end in an error, not io.EOF.
func (t *txn) blobReader(hash string) (io.Reader, error) {
	r, err := t.openBlobChunks(hash)
	if err != nil {
		return nil, err
	}
	return r.hashed, nil
}

// hashedReader reads r, hashing as it goes, and at its end says whether
// the bytes hash to want (blobHash).
type hashedReader struct {
	r    io.Reader
	h    hash.Hash
	want string
}

func (r *hashedReader) Read(p []byte) (int, error) {
	n, err := r.r.Read(p)
	r.h.Write(p[:n])
	if err == io.EOF {
		if got := hex.EncodeToString(r.h.Sum(nil)[:16]); got != r.want {
			return n, &damagedRecord{what: "deck blob", msg: fmt.Sprintf("%.64q: its bytes hash to %s", r.want, got)}
		}
	}
	return n, err
}

// readBlob is the blob named hash, whole, in memory.
func (t *txn) readBlob(hash string) ([]byte, error) {
	r, err := t.blobReader(hash)
	if err != nil {
		return nil, err
	}
	b, err := io.ReadAll(r)
	if err != nil {
		return nil, fmt.Errorf("deck blob %.64q: %w", hash, err)
	}
	return b, nil
}

// putBlobHead puts the head of a blob whose chunks are written, unless the
// blob is there already (added false: the caller drops its chunks).
func (t *txn) putBlobHead(h chunkHead) (added bool, err error) {
	st, err := t.sync()
	if err != nil {
		return false, err
	}
	if st.blobs.Get([]byte(h.sum)) != nil {
		return false, nil
	}
	return true, st.blobs.Put([]byte(h.sum), encodeChunkHead(h))
}

// putBlobFrom stores the blob r gives, which must hash to hash, unless it
// is there already.
func (t *txn) putBlobFrom(hash string, r io.Reader) error {
	if _, _, ok, err := t.blobRecord(hash); err != nil || ok {
		return err
	}
	h, err := t.putChunks(r)
	if err != nil {
		return fmt.Errorf("deck blob %.64q: %w", hash, err)
	}
	if h.sum != hash {
		return fmt.Errorf("deck blob %.64q: its bytes hash to %s", hash, h.sum)
	}
	_, err = t.putBlobHead(h)
	return err
}

// deleteBlob deletes the blob named hash, chunks and all.
func (t *txn) deleteBlob(hash string) error {
	_, h, ok, err := t.blobRecord(hash)
	if err != nil || !ok {
		return err
	}
	if h.set != 0 {
		if err := t.deleteChunks(h.set); err != nil {
			return err
		}
	}
	return t.sy.blobs.Delete([]byte(hash))
}

// checkBlob validates what the blobs bucket holds under hash: a whole
// blob that decodes, or a head whose chunks are all there and hash to its
// name.
func (t *txn) checkBlob(hash, raw []byte) error {
	if bytes.HasPrefix(raw, []byte(blobMagic)) {
		if blobHash(raw) != string(hash) {
			return fmt.Errorf("its bytes hash to %s", blobHash(raw))
		}
		return validBlobRecord(raw)
	}
	h, err := decodeChunkHead(raw)
	if err != nil {
		return err
	}
	if h.sum != string(hash) {
		return fmt.Errorf("its head names blob %s", h.sum)
	}
	return t.checkChunks(h)
}
