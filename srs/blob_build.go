package srs

import (
	"cmp"
	"encoding/binary"
	"fmt"
	"slices"

	"github.com/hone-srs/hone/deck"
)

// blobBuilder writes a deck's blob (encodeBlob's bytes, exactly) as a set
// of chunks, from the store rather than from the parsed deck: its header,
// then the content of the deck's active cards in deck order as the store
// holds it, then the deck's text from its chunks. It pulls a bounded
// amount at a time, so that a large import writes the blob across pieces.
type blobBuilder struct {
	head    []byte   // the header through the card count, until written
	ids     []string // the deck's active cards, in deck order
	next    int      // the next of ids to write
	text    chunkHead
	textLen bool   // the text's length is written
	textAt  uint32 // the next chunk of the text to write
	w       *chunkWriter
}

// newBlobBuilder starts the blob of deck d (its name, description, hash
// and topics; its cards are read from the store) with the text in chunk
// set text. The builder writes with the chunk writer w.
func (t *txn) newBlobBuilder(d deck.Deck, text chunkHead, w *chunkWriter) (*blobBuilder, error) {
	ids, err := t.deckCardsInOrder(d.Name)
	if err != nil {
		return nil, err
	}
	return &blobBuilder{head: blobHead(d, len(ids)), ids: ids, text: text, w: w}, nil
}

// dropEvery is how many cards the blob build reads between two calls of
// dropMapped.
const dropEvery = 256

// deckCardsInOrder is the ids of deck name's active cards, by their position.
func (t *txn) deckCardsInOrder(name string) ([]string, error) {
	type placed struct {
		ord uint32
		id  string
	}
	var cards []placed
	prefix := newPrefix(name)
	c := t.members.Cursor()
	for k, _ := c.Seek(prefix); k != nil && len(k) >= len(prefix) && string(k[:len(prefix)]) == string(prefix); k, _ = c.Next() {
		id := string(k[len(prefix):])
		if len(cards)%dropEvery == 0 {
			dropMapped(t.tx)
		}
		r, err := t.card(id)
		if err != nil {
			return nil, err
		}
		if r != nil && !r.Retired && r.Deck == name {
			cards = append(cards, placed{r.Ordinal, id})
		}
	}
	slices.SortFunc(cards, func(a, b placed) int { return cmp.Compare(a.ord, b.ord) })
	ids := make([]string, len(cards))
	for i, p := range cards {
		ids[i] = p.id
	}
	return ids, nil
}

// step writes about limit bytes more of the blob (all of it if limit < 0)
// in t; done says the blob is whole, and its head is then b.w's.
func (b *blobBuilder) step(t *txn, limit int) (done bool, err error) {
	n := 0
	put := func(p []byte) error { n += len(p); return b.w.write(t, p) }
	more := func() bool { return limit < 0 || n < limit }
	if b.head != nil {
		if err := put(b.head); err != nil {
			return false, err
		}
		b.head = nil
	}
	for ; b.next < len(b.ids) && more(); b.next++ {
		if b.next%dropEvery == 0 {
			// The cards are read by position, all over the content
			// bucket: their pages need not stay resident.
			dropMapped(t.tx)
		}
		raw := t.content.Get([]byte(b.ids[b.next]))
		if raw == nil {
			return false, &damagedRecord{what: "card content", msg: fmt.Sprintf("missing for card %.64q", b.ids[b.next])}
		}
		if err := put(binary.AppendUvarint(nil, uint64(len(raw)))); err != nil {
			return false, err
		}
		if err := put(raw); err != nil {
			return false, err
		}
	}
	if b.next < len(b.ids) {
		return false, nil
	}
	if !b.textLen {
		if err := put(binary.AppendUvarint(nil, b.text.length)); err != nil {
			return false, err
		}
		b.textLen = true
	}
	chunks, err := t.chunkBucket()
	if err != nil {
		return false, err
	}
	for ; b.textAt < b.text.count && more(); b.textAt++ {
		v := chunks.Get(chunkKey(b.text.set, b.textAt))
		if v == nil {
			return false, &damagedRecord{what: "chunks", msg: fmt.Sprintf("set %d: chunk %d is missing", b.text.set, b.textAt)}
		}
		if err := put(v); err != nil {
			return false, err
		}
	}
	return b.textAt >= b.text.count, nil
}

// buildBlob writes deck d's blob from the store in this transaction, with
// the text in set text, and stores it under its hash unless it is there
// already. It returns the hash.
func (t *txn) buildBlob(d deck.Deck, text chunkHead) (string, error) {
	w, err := t.newChunkWriter()
	if err != nil {
		return "", err
	}
	b, err := t.newBlobBuilder(d, text, w)
	if err != nil {
		return "", err
	}
	if _, err := b.step(t, -1); err != nil {
		return "", err
	}
	return t.closeBlob(w)
}

// closeBlob puts the last chunk of a blob and its head; a blob stored
// already keeps its chunks, and w's are dropped.
func (t *txn) closeBlob(w *chunkWriter) (string, error) {
	h, err := w.close(t)
	if err != nil {
		return "", err
	}
	added, err := t.putBlobHead(h)
	if err != nil {
		return "", err
	}
	if !added {
		if err := t.deleteChunks(h.set); err != nil {
			return "", err
		}
	}
	return h.sum, nil
}
