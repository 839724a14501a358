package srs

import (
	"bytes"
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"

	bolt "go.etcd.io/bbolt"

	"github.com/hone-srs/hone/deck"
)

// A deck import from another device, left to apply in pieces
// (sync_pending.go), goes through the large import's pieces in their sync
// mode: the event's time is the import's, its blob is already stored and
// no deck event is logged (the deck came from elsewhere), the cards that
// other decks hold are claimed piece by piece as applyImport claims them,
// and the last piece deletes the event's mark. The cards come from the
// stored blob a block at a time, each block in a short read transaction,
// into the import's spool; the text comes from the blob's end into the
// pieces that store it.

// foreignImport is what a pieceImport of a deck from another device knows.
type foreignImport struct {
	key    []byte // the event's key
	chunks *blobChunks
	blob   *blobStream
	text   io.Reader // the blob's text, once its cards are read
}

// deferDecks is how many cards a deck from another device has for sync to
// apply it in pieces; 0: never, where the import lock cannot tell a live
// import from a dead one.
func (s *Store) deferDecks() int {
	if !importLockWorks {
		return 0
	}
	return s.pieceSize().min
}

// applyPendingDecks applies the events left to apply after an ingest, in
// their order, large decks in pieces, under the import lock, which the
// caller does not hold; it adds to rep the lines of those it could not
// apply and the decks it took in. When another hone holds the lock, they
// stay for the next sync, and a line says so.
func (s *Store) applyPendingDecks(ctx context.Context, rep *SyncReport) error {
	var keys [][]byte
	if err := s.view(func(t *txn) error { keys = t.pendingMarks(); return nil }); err != nil || len(keys) == 0 {
		return err
	}
	unlock, err := s.holdImportLock()
	if errors.Is(err, errImportUnderWay) {
		rep.Problems = append(rep.Problems, fmt.Sprintf("%s from other devices, a large deck among them, are left for the next sync: another hone is importing or syncing", plural(len(keys), "change")))
		return nil
	}
	if err != nil {
		return err
	}
	defer unlock()
	received := map[string]bool{}
	for _, k := range keys {
		received[string(k)] = true
	}
	if err := s.update(func(t *txn) (err error) { keys, err = t.markLaterEvents(); return err }); err != nil {
		return err
	}
	for _, k := range keys {
		var info PendingDeck
		var ok bool
		if err := s.view(func(t *txn) (err error) { info, ok, err = t.pendingDeck(k); return err }); err != nil {
			return err
		}
		problem, err := s.applyPendingEvent(ctx, k)
		switch {
		case err != nil:
			return err
		case problem != "":
			rep.Problems = append(rep.Problems, problem)
		case ok && received[string(k)]:
			rep.TookIn = append(rep.TookIn, info)
		}
	}
	return nil
}

// applyPendingDeck applies ev, the deck import at key still to apply, in
// pieces.
func (s *Store) applyPendingDeck(ctx context.Context, key []byte, ev *event) (string, error) {
	var d deck.Deck
	var refused string
	f := &foreignImport{key: key}
	err := s.view(func(t *txn) (err error) {
		if f.chunks, err = t.openBlobChunks(ev.Blob); err != nil {
			return err
		}
		if f.blob, d, err = openBlobStream(f.chunks.hashed); err != nil {
			return fmt.Errorf("deck blob %.64q: %w", ev.Blob, err)
		}
		refused, err = t.refusedDeck(ev, d)
		return err
	})
	switch {
	case err != nil:
		return "", fmt.Errorf("deck import of %.64q: %w", ev.Deck, err)
	case refused != "":
		return notTakenIn(ev, refused), s.dropPending(key)
	}
	return s.importForeign(ctx, f, ev, d)
}

// importForeign takes in deck d of event ev, from another device, in
// pieces, its cards read from the blob f reads; a fault of the deck's own
// is a line, and its mark is dropped.
func (s *Store) importForeign(ctx context.Context, f *foreignImport, ev *event, d deck.Deck) (string, error) {
	p := &pieceImport{s: s, items: []ImportItem{{Deck: d, Source: ev.Source}}, now: ev.Time,
		acc: access{write: true, wait: s.answerWait}, foreign: f}
	p.token = fmt.Appendf(nil, "%d-%x", ev.Time.UnixNano(), rand.Uint64())
	if err := p.startSpool(); err != nil {
		return "", err
	}
	defer p.spool.close()
	if err := p.spoolForeign(ctx); err != nil {
		var r *refusal
		if errors.As(err, &r) {
			return notTakenIn(ev, r.err.Error()), s.dropPending(f.key)
		}
		return "", err
	}
	if err := p.store(ctx); err != nil {
		if rerr := s.rollbackImport(); rerr != nil {
			return "", fmt.Errorf("%w (and rolling it back: %v)", err, rerr)
		}
		return "", err
	}
	return "", nil
}

// dropPending deletes the mark of the deck import at key.
func (s *Store) dropPending(key []byte) error {
	return s.update(func(t *txn) error { return t.meta.Delete(pendingKey(key)) })
}

// spoolForeign reads the blob's cards a block at a time, each block in a
// read transaction of its own, into the import's spool, and then the
// start of its text.
func (p *pieceImport) spoolForeign(ctx context.Context) error {
	f := p.foreign
	for {
		var cards []deck.Card
		err := p.s.view(func(t *txn) error {
			f.chunks.t = t
			var err error
			cards, err = f.blob.cards(blobBlock)
			if err == nil && len(cards) == 0 {
				f.text, err = f.blob.textReader()
			}
			return err
		})
		if err != nil {
			return err
		}
		if len(cards) == 0 {
			return nil
		}
		if err := p.take(ctx, 0, cards); err != nil {
			return err
		}
	}
}

// storeForeignText stages the text of the blob, read in each piece's own
// transaction.
func (p *pieceImport) storeForeignText(ctx context.Context, i int) error {
	f := p.foreign
	h, err := p.stageChunks(ctx, func(t *txn, w *chunkWriter) (bool, error) {
		f.chunks.t = t
		return p.s.fillPiece(func() (bool, error) { return w.readFrom(t, f.text, chunkSize) })
	})
	p.plans[i].text = h
	return err
}

// blobChunks reads a stored blob: its chunks, a chunk at a time in
// whatever transaction it is handed, or the blob stored whole.
type blobChunks struct {
	*chunkReader
	hashed io.Reader // the chunks, checked against the blob's name at their end
}

// openBlobChunks readies a reading of blob hash. A blob stored whole (by
// schema v5) is copied out whole.
func (t *txn) openBlobChunks(hash string) (*blobChunks, error) {
	whole, h, ok, err := t.blobRecord(hash)
	switch {
	case err != nil:
		return nil, err
	case !ok:
		return nil, &damagedRecord{what: "deck blob", msg: "missing: " + hash}
	}
	r := &blobChunks{chunkReader: t.chunkReader(h)}
	if whole != nil {
		r.cur = bytes.Clone(whole)
		r.head = chunkHead{}
	}
	r.hashed = &hashedReader{r: r.chunkReader, h: sha256.New(), want: hash}
	return r, nil
}

// refusal is a deck's own fault, found in its cards: an import from
// another device is not taken in, and the sync says why.
type refusal struct{ err error }

func (r *refusal) Error() string { return r.err.Error() }
func (r *refusal) Unwrap() error { return r.err }

// heldElsewhere is the positions in cards of those a deck other than
// name holds: those an unchanged deck from another device claims. take
// spools them, a block at a time, and claimSpooled looks again in its
// piece; a card that moves to another deck meanwhile changes the plans,
// which begin then refuses.
func (t *txn) heldElsewhere(name string, cards []deck.Card) ([]int, error) {
	var held []int
	for k, c := range cards {
		r, err := t.card(c.ID)
		if err != nil {
			return nil, err
		}
		if r != nil && r.Deck != name {
			held = append(held, k)
		}
	}
	return held, nil
}

// spoolHeld spools, of a block of an unchanged deck from another device
// that starts at position base, the cards another deck holds, each at
// its position.
func (p *pieceImport) spoolHeld(i int, block []deck.Card, base int) error {
	var held []int
	err := p.s.view(func(t *txn) (err error) {
		held, err = t.heldElsewhere(p.items[i].Deck.Name, block)
		return err
	})
	for _, k := range held {
		if err != nil {
			break
		}
		err = p.spool.add(uint32(i), uint32(base+k), block[k])
	}
	return err
}

// claimSpooled is addSpooled for an unchanged deck from another device:
// of its spooled cards, those another deck holds are claimed, each saved
// for the rollback first, and brought back live, as applyImport does.
func (p *pieceImport) claimSpooled(ctx context.Context, i int, order []spooled) error {
	name := p.items[i].Deck.Name
	pl := &p.plans[i]
	var cards []deck.Card
	return p.cardPieces(ctx, i, len(order), func(t *txn, b *bolt.Bucket, from, to int, _ *progressRun) error {
		slice := order[from:to]
		var err error
		if cards, err = p.spool.read(slice, cards); err != nil {
			return err
		}
		held, err := t.heldElsewhere(name, cards)
		if err != nil {
			return err
		}
		claimed := make([]deck.Card, len(held))
		for n, k := range held {
			if err := saveCard(t, b, cards[k].ID); err != nil {
				return err
			}
			claimed[n] = cards[k]
		}
		if _, err := t.claimCards(deck.Deck{Name: name, Cards: claimed}); err != nil {
			return err
		}
		at := func(n int) (*deck.Card, uint32) { return &cards[held[n]], slice[held[n]].ord }
		return t.syncCardsAt(name, len(held), at, map[string]bool{name: true}, &pl.res)
	})
}
