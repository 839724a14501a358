package srs

import (
	"bytes"
	"encoding/binary"
	"fmt"

	bolt "go.etcd.io/bbolt"
)

// checkChunkRecords checks, for check and the full check before a write,
// the deck blobs (whole ones decode, chunked ones have every chunk, of the
// right size, and hash to their name), the heads of chunked texts (their
// chunks likewise, hashing to the head's sum), that no two heads name one
// set, and that every chunk belongs to a head, within its count, or to a
// set an import under way staged.
func (t *txn) checkChunkRecords(chk *checker) {
	sets, shared, err := t.chunkSets()
	if err != nil {
		chk.damage("%v", err)
		return
	}
	for _, s := range shared {
		chk.damage("%s", s.problem)
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
	texts, err := t.textChunkBucket()
	if err != nil {
		chk.damage("%v", err)
		return
	}
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
	t.checkEveryChunk(chk, sets)
}

// checkEveryChunk finds the chunks of no set in sets, or past its count.
func (t *txn) checkEveryChunk(chk *checker, sets map[uint64]setUse) {
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
		default:
			if use, ok := sets[binary.BigEndian.Uint64(k)]; !ok {
				chk.damage("%s %.64x: a chunk of no record", bChunks, k)
			} else if !use.staged && binary.BigEndian.Uint32(k[8:]) >= use.count {
				chk.damage("%s %.64x: beyond the %d chunks of its set", bChunks, k, use.count)
			}
		}
		return nil
	})
	if err != nil {
		chk.damage("%s: %v", bChunks, err)
	}
}

// setUse is what a chunk set is for: a head's (its name, its count), or
// an import under way staged it.
type setUse struct {
	owner  string
	count  uint32
	staged bool
}

// sharedSet is a head that names a set named already, and so is damaged:
// deleting either record would take the other's bytes.
type sharedSet struct {
	bucket  *bolt.Bucket
	key     []byte
	problem string
}

// chunkSets is every chunk set a head names, or an import under way
// staged, and the heads that name a set another head or the import has.
func (t *txn) chunkSets() (map[uint64]setUse, []sharedSet, error) {
	sets := map[uint64]setUse{}
	var shared []sharedSet
	if b := t.tx.Bucket([]byte(bImport)); b != nil {
		c := b.Cursor()
		for k, _ := c.Seek([]byte("s")); k != nil && k[0] == 's'; k, _ = c.Next() {
			if len(k) == 9 {
				sets[binary.BigEndian.Uint64(k[1:])] = setUse{owner: "the import under way", staged: true}
			}
		}
	}
	for _, set := range t.stagedSets() {
		sets[set] = setUse{owner: "a sync under way", staged: true}
	}
	st, err := t.sync()
	if err != nil {
		return nil, nil, err
	}
	texts, err := t.textChunkBucket()
	if err != nil {
		return nil, nil, err
	}
	for _, b := range []struct {
		name string
		b    *bolt.Bucket
	}{{bBlobs, st.blobs}, {bTextChunks, texts}} {
		err := b.b.ForEach(func(k, v []byte) error {
			h, err := decodeChunkHead(v)
			if err != nil {
				return nil
			}
			owner := fmt.Sprintf("%s %.64q", b.name, k)
			if use, ok := sets[h.set]; ok {
				shared = append(shared, sharedSet{b.b, bytes.Clone(k), fmt.Sprintf("%s: set %d is %s's too", owner, h.set, use.owner)})
				return nil
			}
			sets[h.set] = setUse{owner: owner, count: h.count}
			return nil
		})
		if err != nil {
			return nil, nil, err
		}
	}
	return sets, shared, nil
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
// are not all there or do not add up, and those that name a set another
// head names (what they named is lost), then the chunks no head names, and
// sets the chunk sequence past every set.
func (t *txn) dropBrokenChunks(rep *RecoverReport) error {
	st, err := t.sync()
	if err != nil {
		return err
	}
	texts, err := t.textChunkBucket()
	if err != nil {
		return err
	}
	for _, b := range []struct {
		what string
		b    *bolt.Bucket
	}{{"deck blob", st.blobs}, {"text of deck", texts}} {
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
	_, shared, err := t.chunkSets()
	if err != nil {
		return err
	}
	for _, s := range shared {
		rep.Lost = append(rep.Lost, s.problem+"; it is dropped")
		if err := s.bucket.Delete(s.key); err != nil {
			return err
		}
	}
	return t.dropUnownedChunks()
}

// dropUnownedChunks deletes the chunks of no set, or past its count.
func (t *txn) dropUnownedChunks() error {
	sets, _, err := t.chunkSets()
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
		if len(k) != 12 {
			drop = append(drop, bytes.Clone(k))
			return nil
		}
		set := binary.BigEndian.Uint64(k)
		high = max(high, set)
		if use, ok := sets[set]; !ok || (!use.staged && binary.BigEndian.Uint32(k[8:]) >= use.count) {
			drop = append(drop, bytes.Clone(k))
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
	for set := range sets {
		high = max(high, set)
	}
	return chunks.SetSequence(max(high, chunks.Sequence()))
}
