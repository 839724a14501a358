package srs

import (
	"encoding/binary"
	"fmt"

	bolt "go.etcd.io/bbolt"
)

// checkChunkRecords checks, for check and the full check before a write,
// the deck blobs (whole ones decode, chunked ones have every chunk, of the
// right size, and hash to their name), the heads of chunked texts (their
// chunks likewise, hashing to the head's sum), and that every chunk
// belongs to a head or to a set an import under way staged.
func (t *txn) checkChunkRecords(chk *checker) {
	owned, err := t.ownedSets()
	if err != nil {
		chk.damage("%v", err)
		return
	}
	err = t.sy.blobs.ForEach(func(k, v []byte) error {
		if err := t.checkBlob(k, v); err != nil {
			chk.damage("%s %.64q: %v", bBlobs, k, err)
		}
		return nil
	})
	if err != nil {
		chk.damage("%s: %v", bBlobs, err)
	}
	texts := t.tx.Bucket([]byte(bTextChunks))
	err = texts.ForEach(func(k, v []byte) error {
		h, err := decodeChunkHead(v)
		if err == nil {
			err = t.checkChunks(h)
		}
		if err != nil {
			chk.damage("%s %.64q: %v", bTextChunks, k, err)
		}
		return nil
	})
	if err != nil {
		chk.damage("%s: %v", bTextChunks, err)
	}
	chunks, err := t.chunkBucket()
	if err != nil {
		chk.damage("%v", err)
		return
	}
	err = chunks.ForEach(func(k, v []byte) error {
		switch {
		case len(k) != 12:
			chk.damage("%s %.64x: key of %d bytes", bChunks, k, len(k))
		case len(v) > chunkSize:
			chk.damage("%s %.64x: chunk of %d bytes", bChunks, k, len(v))
		case !owned[binary.BigEndian.Uint64(k)]:
			chk.damage("%s %.64x: a chunk of no record", bChunks, k)
		}
		return nil
	})
	if err != nil {
		chk.damage("%s: %v", bChunks, err)
	}
}

// ownedSets is every chunk set a head names, or an import under way staged.
func (t *txn) ownedSets() (map[uint64]bool, error) {
	owned := map[uint64]bool{}
	heads := func(b *bolt.Bucket) error {
		return b.ForEach(func(_, v []byte) error {
			if h, err := decodeChunkHead(v); err == nil {
				owned[h.set] = true
			}
			return nil
		})
	}
	st, err := t.sync()
	if err != nil {
		return nil, err
	}
	if err := heads(st.blobs); err != nil {
		return nil, err
	}
	if err := heads(t.tx.Bucket([]byte(bTextChunks))); err != nil {
		return nil, err
	}
	if b := t.tx.Bucket([]byte(bImport)); b != nil {
		c := b.Cursor()
		for k, _ := c.Seek([]byte("s")); k != nil && k[0] == 's'; k, _ = c.Next() {
			if len(k) == 9 {
				owned[binary.BigEndian.Uint64(k[1:])] = true
			}
		}
	}
	return owned, nil
}

// validChunk is what recover asks of a chunk on its own.
func validChunk(b []byte) error {
	if len(b) == 0 || len(b) > chunkSize {
		return fmt.Errorf("chunk of %d bytes", len(b))
	}
	return nil
}

func validChunkHead(b []byte) error { _, err := decodeChunkHead(b); return err }

// dropBrokenChunks, in a recovered file, deletes the heads whose chunks
// are not all there or do not add up (what they named is lost) and the
// chunks no head names, and sets the chunk sequence past every set.
func (t *txn) dropBrokenChunks(rep *RecoverReport) error {
	st, err := t.sync()
	if err != nil {
		return err
	}
	for _, b := range []struct {
		what string
		b    *bolt.Bucket
	}{{"deck blob", st.blobs}, {"text of deck", t.tx.Bucket([]byte(bTextChunks))}} {
		var broken [][]byte
		err := b.b.ForEach(func(k, v []byte) error {
			if h, err := decodeChunkHead(v); err == nil && t.checkChunks(h) != nil {
				broken = append(broken, k)
			}
			return nil
		})
		if err != nil {
			return err
		}
		for _, k := range broken {
			rep.Lost = append(rep.Lost, fmt.Sprintf("%s %.64q: some of its chunks are lost, and so is it", b.what, k))
			if err := b.b.Delete(k); err != nil {
				return err
			}
		}
	}
	return t.dropUnownedChunks()
}

func (t *txn) dropUnownedChunks() error {
	owned, err := t.ownedSets()
	if err != nil {
		return err
	}
	chunks, err := t.chunkBucket()
	if err != nil {
		return err
	}
	var drop [][]byte
	var high uint64
	err = chunks.ForEach(func(k, _ []byte) error {
		set := binary.BigEndian.Uint64(k)
		high = max(high, set)
		if !owned[set] {
			drop = append(drop, k)
		}
		return nil
	})
	if err != nil {
		return err
	}
	for _, k := range drop {
		if err := chunks.Delete(k); err != nil {
			return err
		}
	}
	for _, b := range []*bolt.Bucket{t.sy.blobs, t.tx.Bucket([]byte(bTextChunks))} {
		_ = b.ForEach(func(_, v []byte) error {
			if h, err := decodeChunkHead(v); err == nil {
				high = max(high, h.set)
			}
			return nil
		})
	}
	return chunks.SetSequence(max(high, chunks.Sequence()))
}
