package srs

import (
	"context"
	"encoding/binary"
	"io"
	"time"

	bolt "go.etcd.io/bbolt"
)

// A large import writes the two records as large as its deck, the text
// and the blob, as chunks under staging sets, a bounded number of chunks a
// piece; the last piece makes them the deck's (switchIn). The undo bucket
// names every staging set, so that a rollback deletes them.

// chunksPerPiece bounds the chunks a piece writes; a piece also stops
// after half the import's time budget, as its commit writes a megabyte a
// chunk.
const chunksPerPiece = 4

// fillPiece calls step, which writes about a chunk, until it is done, the
// piece (or a sync's staging step) has written chunksPerPiece, or its time
// is up.
func (s *Store) fillPiece(step func() (bool, error)) (bool, error) {
	start, budget := time.Now(), s.pieceSize().budget/2
	for range chunksPerPiece {
		done, err := step()
		if err != nil || done || time.Since(start) > budget {
			return done, err
		}
	}
	return false, nil
}

// stageChunks runs pieces that call fill with a chunk writer of a staging
// set, recorded in the undo bucket, until fill says it is done; it returns
// the set's head.
func (p *pieceImport) stageChunks(ctx context.Context, fill func(t *txn, w *chunkWriter) (bool, error)) (chunkHead, error) {
	var w *chunkWriter
	var head chunkHead
	for done := false; !done; {
		err := p.piece(ctx, func(t *txn, b *bolt.Bucket) error {
			if w == nil {
				nw, err := t.newChunkWriter()
				if err != nil {
					return err
				}
				if err := b.Put(binary.BigEndian.AppendUint64([]byte("s"), nw.head.set), []byte("-")); err != nil {
					return err
				}
				w = nw
			}
			var err error
			if done, err = fill(t, w); err != nil || !done {
				return err
			}
			head, err = w.close(t)
			return err
		})
		if err != nil {
			return chunkHead{}, err
		}
	}
	return head, nil
}

// storeText stages the text of item i from r.
func (p *pieceImport) storeText(ctx context.Context, i int, r io.Reader) error {
	h, err := p.stageChunks(ctx, func(t *txn, w *chunkWriter) (bool, error) {
		return p.s.fillPiece(func() (bool, error) { return w.readFrom(t, r, chunkSize) })
	})
	p.plans[i].text = h
	return err
}

// storeBlob stages the blob of item i, built from its cards in the store
// and its staged text.
func (p *pieceImport) storeBlob(ctx context.Context, i int) error {
	// The deck's cards are read in order outside the write lock.
	var b *blobBuilder
	err := p.s.view(func(t *txn) error {
		var err error
		b, err = t.newBlobBuilder(p.items[i].Deck, p.plans[i].text, nil)
		return err
	})
	if err != nil {
		return err
	}
	h, err := p.stageChunks(ctx, func(t *txn, w *chunkWriter) (bool, error) {
		b.w = w
		return p.s.fillPiece(func() (bool, error) { return b.step(t, chunkSize) })
	})
	p.plans[i].blob = h
	return err
}

// switchIn, in the last piece, makes item i's staged text and blob its
// deck's, and logs the import.
func (p *pieceImport) switchIn(t *txn, i int) error {
	pl, it := &p.plans[i], p.items[i]
	if !pl.skip && p.foreign == nil { // a foreign deck's blob is stored, its event logged
		added, err := t.putBlobHead(pl.blob)
		if err != nil {
			return err
		}
		if !added {
			if err := t.deleteChunks(pl.blob.set); err != nil {
				return err
			}
		}
		if err := t.logImportBlob(it.Deck, pl.blob.sum, it.Source, p.now); err != nil {
			return err
		}
	}
	return t.setText(it.Deck.Name, pl.text)
}
