package srs

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"time"
)

// A deck blob that sync takes in from the folder is as large as its deck:
// written in the ingest's one transaction, a 100 MB blob held the lock for
// seconds and kept its dirty pages in memory. Sync therefore stages it
// first, a few chunks a transaction, under a set named by a mark in the
// meta bucket (metaBlobStage + the set → the blob's name); the last
// transaction puts the blob's head and deletes the mark, so the ingest
// finds the blob stored. A blob that no event names yet is harmless: the
// next sync finds it there. A sync that dies while staging leaves the mark
// and its chunks: check counts them as staged, recover does not copy the
// mark (so drops the chunks), and the next hone to hold the import lock
// alone, when no sync can be staging, deletes them (dropStaleStages).

// metaBlobStage prefixes the mark of a blob being staged.
const metaBlobStage = "blobstage:"

func blobStageKey(set uint64) []byte {
	return binary.BigEndian.AppendUint64([]byte(metaBlobStage), set)
}

// stageBlobs is how large a blob file is for sync to stage it; a smaller
// one goes in the ingest's transaction.
const stageBlobs = chunkSize

// errBlobMismatch: a blob file's bytes do not hash to its name (it changed
// while it was read, or it is not the blob).
var errBlobMismatch = errors.New("its bytes do not hash to its name")

// stageBlobFile stores the blob file at path, which must hash to hash, in
// short transactions; errBlobMismatch when it does not, and nothing is
// left of it.
func (s *Store) stageBlobFile(hash, path string) error {
	f, err := openBlobFile(path)
	if err != nil {
		return &blobFileError{err}
	}
	defer f.Close()
	st := &blobStage{s: s, hash: hash, r: fileReader{io.LimitReader(f, maxBlob)}}
	err = st.run()
	if err != nil && st.w != nil {
		if derr := s.update(func(t *txn) error { return t.dropStage(st.w.head.set) }); derr != nil {
			return fmt.Errorf("%w (and dropping what was staged: %v)", err, derr)
		}
	}
	return err
}

// blobStage is one blob being staged.
type blobStage struct {
	s    *Store
	hash string
	r    io.Reader
	w    *chunkWriter // nil until the first transaction
	done bool
}

func (st *blobStage) run() error {
	gap := st.s.pieceSize().gap
	for first := true; !st.done; first = false {
		if !first {
			time.Sleep(gap) // let a waiting answer in
		}
		if err := st.s.update(st.step); err != nil {
			return err
		}
		if hook := st.s.pieceSize().afterStage; hook != nil {
			hook()
		}
	}
	return nil
}

// step is one transaction: it starts the set (unless the blob is stored
// already), writes a few chunks, and at the file's end puts the head.
func (st *blobStage) step(t *txn) error {
	if st.w == nil {
		_, _, ok, err := t.blobRecord(st.hash)
		if err != nil || ok {
			st.done = ok
			return err
		}
		if st.w, err = t.newChunkWriter(); err != nil {
			return err
		}
		if err := t.meta.Put(blobStageKey(st.w.head.set), []byte(st.hash)); err != nil {
			return err
		}
	}
	eof, err := st.s.fillPiece(func() (bool, error) { return st.w.readFrom(t, st.r, chunkSize) })
	switch {
	case err != nil:
		return fmt.Errorf("deck blob %.64q: %w", st.hash, err)
	case eof:
		return st.end(t)
	}
	return nil
}

// end puts the staged set's head as the blob's, unless the bytes are not
// the blob (or another sync stored it meanwhile).
func (st *blobStage) end(t *txn) error {
	h, err := st.w.close(t)
	if err != nil {
		return err
	}
	if h.sum != st.hash {
		return fmt.Errorf("deck blob %.64q: %w", st.hash, errBlobMismatch)
	}
	added, err := t.putBlobHead(h)
	if err != nil {
		return err
	}
	if !added {
		if err := t.deleteChunks(h.set); err != nil {
			return err
		}
	}
	st.done = true
	return t.meta.Delete(blobStageKey(h.set))
}

// blobFileError is a blob file that could not be read: the sync looks
// for the blob elsewhere, and the store is not at fault.
type blobFileError struct{ err error }

func (e *blobFileError) Error() string { return e.err.Error() }
func (e *blobFileError) Unwrap() error { return e.err }

// fileReader marks its reader's errors as blobFileErrors.
type fileReader struct{ r io.Reader }

func (f fileReader) Read(p []byte) (int, error) {
	n, err := f.r.Read(p)
	if err != nil && err != io.EOF {
		err = &blobFileError{err}
	}
	return n, err
}

// notTheBlob says whether err is the file's fault, not the store's.
func notTheBlob(err error) bool {
	var fe *blobFileError
	return errors.Is(err, errBlobMismatch) || errors.As(err, &fe)
}

// dropStage deletes a staged set and its mark.
func (t *txn) dropStage(set uint64) error {
	if err := t.deleteChunks(set); err != nil {
		return err
	}
	return t.meta.Delete(blobStageKey(set))
}

// stagedSets is the sets that marks say are being staged.
func (t *txn) stagedSets() []uint64 {
	var out []uint64
	for _, k := range t.metaSuffixes(metaBlobStage, 8) {
		out = append(out, binary.BigEndian.Uint64(k))
	}
	return out
}

// dropStaleStages deletes what syncs that died while staging left. The
// caller holds the import lock alone, so no sync is staging.
func (s *Store) dropStaleStages() error {
	var sets []uint64
	if err := s.view(func(t *txn) error { sets = t.stagedSets(); return nil }); err != nil || len(sets) == 0 {
		return err
	}
	for _, set := range sets {
		if err := s.update(func(t *txn) error { return t.dropStage(set) }); err != nil {
			return fmt.Errorf("drop a blob a sync left half stored: %w", err)
		}
	}
	return nil
}

// settleStages drops what syncs that died while staging left, when no
// other hone imports or syncs.
func (s *Store) settleStages() error {
	var stale bool
	if err := s.view(func(t *txn) error { stale = len(t.stagedSets()) > 0; return nil }); err != nil || !stale {
		return err
	}
	unlock, ok, err := lockImport(importLockPath(s.path))
	if err != nil || !ok {
		return err // a live sync may be staging: they wait for a later one
	}
	defer unlock()
	return s.dropStaleStages()
}
