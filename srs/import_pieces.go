package srs

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"slices"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/hone-srs/hone/deck"
)

// A large import commits in pieces, each a short write transaction, so
// that answers and other hones get the lock between them; the import stays
// all or nothing another way:
//
//   - The first piece saves the records of the decks it will change in the
//     import's undo bucket and takes their sources away, so that every
//     reader (queue, counts, stats, browser, deck list) treats them as not
//     there until the last piece gives them their source back.
//   - Each piece adds or updates a slice of cards (or retires some), after
//     saving in the undo bucket what each card was.
//   - The last piece writes the deck and source records, the text, the
//     deck events for sync, and deletes the undo bucket: the import is
//     done, at once, for every reader.
//
// An import that stops (an error, ctx cancelled, the process killed)
// leaves the undo bucket. The import holds a lock on a file next to the
// database (importLockPath) while it runs; whoever finds the bucket with
// that lock free rolls the partial import back, card by card in pieces:
// Open does, and so does the next import. The rollback restores what the
// import owns (a card's deck, position, topic, note, content, retired) and
// keeps what answers own (its schedule), so an answer given between two
// pieces survives the rollback.

// bImport is the undo bucket of an import under way: "i" → the import's
// token; "d" name → the deck's record before the import ('-' if none);
// "c" id → the card before the import ('-' if none); "l" seq(8) → seq(8):
// a range of entries the import logged (import_undo_log.go); "s" set(8)
// → '-': a set of chunks (a text, a blob) the import staged ("b" hash →
// '-', a whole deck blob the import added, was written before chunks came
// in).
const bImport = "importundo"

// pieceSize bounds an import's pieces; the zero value is the default.
type pieceSize struct {
	cards  int           // cards a piece takes at most
	budget time.Duration // a piece stops taking cards after this long
	gap    time.Duration // the lock is left free this long between pieces
	min    int           // imports of fewer cards are one transaction
	// afterPiece, in tests, runs after each committed piece.
	afterPiece func(n int)
	// afterStage, in tests, runs after each transaction that stages a
	// blob from the sync folder (sync_stage.go).
	afterStage func()
}

func (s *Store) pieceSize() pieceSize {
	p := s.pieces
	if p.cards <= 0 {
		p.cards = 5000
	}
	if p.budget <= 0 {
		p.budget = 100 * time.Millisecond
	}
	if p.gap <= 0 {
		// bbolt polls a busy lock every 50 ms: a gap at least that long
		// lets every hone that waits in.
		p.gap = 60 * time.Millisecond
	}
	if p.min <= 0 {
		p.min = 2000
	}
	return p
}

// there: the deck has a source. A removed deck, a renamed one and one
// whose import is under way have none, and readers pass them over.
func (r *deckRec) there() bool { return r.Source != "" }

// inPieces says whether items are imported in pieces: enough cards, on a
// system where the import lock tells a live import from a dead one, and no
// deck or source twice (each piece then plans from what the first saw).
func (s *Store) inPieces(items []ImportItem) bool {
	n := 0
	for _, it := range items {
		n += len(it.Deck.Cards)
	}
	return mayGoInPieces(items) && n >= s.pieceSize().min
}

// mayGoInPieces is inPieces but for the count of cards, which a streamed
// import learns as they come.
func mayGoInPieces(items []ImportItem) bool {
	if !importLockWorks {
		return false
	}
	names, sources := map[string]bool{}, map[string]bool{}
	for _, it := range items {
		if names[it.Deck.Name] || sources[it.Source] {
			return false
		}
		names[it.Deck.Name], sources[it.Source] = true, true
	}
	return true
}

// pieceImport is one large import under way.
type pieceImport struct {
	s     *Store
	items []ImportItem
	plans []importPlan
	token []byte
	now   time.Time
	acc   access
	// texts, for a streamed import, opens item i's text; nil: it.Text.
	texts func(i int) io.ReadCloser
	// spool, for a streamed import, holds the cards taken until the
	// stream ends (import_drain.go); nil: take writes them as they come.
	spool *cardSpool
	// foreign, for a deck from another device, is its blob and event
	// (import_foreign.go); nil for a local import.
	foreign *foreignImport
	begun   bool // begin has run: a failure must be rolled back
}

// importPlan is what the first piece found for one item, and what the
// import has done with it so far.
type importPlan struct {
	prev   sourceRec
	owners map[string]bool
	skip   bool
	res    SyncResult
	text   chunkHead // the deck's text, in chunks under a staging set
	blob   chunkHead // the deck's blob, in chunks under a staging set

	seen    map[string]struct{} // the ids of the cards taken so far
	pending []deck.Card         // cards taken, not yet written
	written uint32              // cards written: the next one's position
}

// importInPieces is ImportContext for a large import, under the import
// lock; the caller has rolled back any earlier import.
func (s *Store) importInPieces(ctx context.Context, items []ImportItem, now time.Time, mapSize int) ([]SyncResult, error) {
	unlock, err := s.holdImportLock()
	if err != nil {
		return nil, err
	}
	defer unlock()
	// run lets go of each deck's cards as it stores them: of a copy.
	p := &pieceImport{s: s, items: slices.Clone(items), now: now, acc: access{write: true, mapSize: mapSize, wait: s.answerWait}}
	p.token = fmt.Appendf(nil, "%d-%x", now.UnixNano(), rand.Uint64())
	err = p.run(ctx)
	if err == nil {
		return p.results(), nil
	}
	if rerr := s.rollbackImport(); rerr != nil {
		return nil, fmt.Errorf("%w (and rolling it back: %v)", err, rerr)
	}
	return nil, err
}

// results are what the import did, deck by deck.
func (p *pieceImport) results() []SyncResult {
	out := make([]SyncResult, len(p.plans))
	for i := range p.plans {
		out[i] = p.plans[i].res
	}
	return out
}

func (p *pieceImport) run(ctx context.Context) error {
	if err := p.begin(ctx); err != nil {
		return err
	}
	for i, it := range p.items {
		cards := it.Deck.Cards
		p.items[i].Deck.Cards = nil
		if err := p.take(ctx, i, cards); err != nil {
			return err
		}
		if err := p.flush(ctx, i); err != nil {
			return err
		}
	}
	return p.rest(ctx)
}

// rest follows the cards: each deck's text stored, the cards gone from it
// retired, its blob stored, and the last piece.
func (p *pieceImport) rest(ctx context.Context) error {
	for i, it := range p.items {
		if err := p.storeItemText(ctx, i); err != nil {
			return fmt.Errorf("deck %.64q from %.64q: %w", it.Deck.Name, it.Source, err)
		}
		if p.plans[i].skip {
			continue
		}
		if err := p.retire(ctx, i); err != nil {
			return fmt.Errorf("deck %.64q from %.64q: %w", it.Deck.Name, it.Source, err)
		}
		if p.foreign != nil {
			continue // its blob is stored
		}
		if err := p.storeBlob(ctx, i); err != nil {
			return fmt.Errorf("deck %.64q from %.64q: %w", it.Deck.Name, it.Source, err)
		}
	}
	return p.finish(ctx)
}

// piece runs fn in one write transaction of this import, after checking
// that ctx goes on and that the import is still the one under way.
func (p *pieceImport) piece(ctx context.Context, fn func(*txn, *bolt.Bucket) error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	err := p.s.updateWith(p.acc, func(t *txn) error {
		b := t.tx.Bucket([]byte(bImport))
		if b == nil || !bytes.Equal(b.Get([]byte("i")), p.token) {
			return errors.New("another hone rolled this import back")
		}
		return fn(t, b)
	})
	if err != nil {
		return err
	}
	return p.pause(ctx)
}

// pause leaves the lock free for a moment.
func (p *pieceImport) pause(ctx context.Context) error {
	sz := p.s.pieceSize()
	if sz.afterPiece != nil {
		sz.afterPiece(0)
	}
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-time.After(sz.gap):
		return nil
	}
}

// begin is the first piece: each deck checked, its plan made, and the
// decks it changes saved and taken out of sight.
func (p *pieceImport) begin(ctx context.Context) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	p.begun = true
	err := p.s.updateWith(p.acc, func(t *txn) error {
		if t.tx.Bucket([]byte(bImport)) != nil {
			return errImportUnderWay
		}
		b, err := t.tx.CreateBucket([]byte(bImport))
		if err != nil {
			return err
		}
		if err := b.Put([]byte("i"), p.token); err != nil {
			return err
		}
		if p.foreign != nil { // see store_open.go
			if err := b.Put([]byte(undoForeign), p.foreign.key); err != nil {
				return err
			}
		}
		plans, err := p.planAll(t)
		if err != nil {
			return err
		}
		if err := p.keepPlans(plans); err != nil {
			return err
		}
		for i, it := range p.items {
			if err := hideDecks(t, b, it.Deck.Name, &p.plans[i]); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	return p.pause(ctx)
}

// retire retires, a piece at a time, the cards of the item's decks that
// the import does not have.
func (p *pieceImport) retire(ctx context.Context, i int) error {
	seen := p.plans[i].seen
	sz := p.s.pieceSize()
	for _, owner := range sortedKeys(p.plans[i].owners) {
		prefix := newPrefix(owner)
		from := prefix
		for from != nil {
			err := p.piece(ctx, func(t *txn, b *bolt.Bucket) error {
				start, n := time.Now(), 0
				c := t.members.Cursor()
				k, _ := c.Seek(from)
				for ; k != nil && bytes.HasPrefix(k, prefix); k, _ = c.Next() {
					if n >= sz.cards || (n%64 == 0 && time.Since(start) > sz.budget) {
						from = bytes.Clone(k)
						return nil
					}
					n++
					id := string(k[len(prefix):])
					if _, ok := seen[id]; ok {
						continue
					}
					if err := saveCard(t, b, id); err != nil {
						return err
					}
					if err := t.retireCard(owner, id, &p.plans[i].res); err != nil {
						return err
					}
					// retireCard rewrote a card record, not a member key:
					// the cursor stays valid.
				}
				from = nil
				return nil
			})
			if err != nil {
				return err
			}
		}
	}
	return nil
}

// finish is the last piece: the decks come into sight, whole.
func (p *pieceImport) finish(ctx context.Context) error {
	return p.s.updateWith(p.acc, func(t *txn) error {
		b := t.tx.Bucket([]byte(bImport))
		if b == nil || !bytes.Equal(b.Get([]byte("i")), p.token) {
			return errors.New("another hone rolled this import back")
		}
		for i, it := range p.items {
			if err := p.finishItem(t, b, i, it); err != nil {
				return err
			}
		}
		if p.foreign != nil {
			if err := t.meta.Delete(pendingKey(p.foreign.key)); err != nil {
				return err
			}
		}
		if err := ctx.Err(); err != nil {
			return err // the last moment to roll back
		}
		return t.tx.DeleteBucket([]byte(bImport))
	})
}

func (p *pieceImport) finishItem(t *txn, b *bolt.Bucket, i int, it ImportItem) error {
	pl := &p.plans[i]
	if !pl.skip {
		// The deck records get their sources back, for syncDeckRecord to
		// see where they were.
		for _, name := range append(sortedKeys(pl.owners), it.Deck.Name) {
			old, ok, err := savedDeck(b, name)
			if err != nil {
				return err
			}
			dr, err := t.deck(name)
			if err != nil {
				return err
			}
			if ok {
				dr.Source = old.Source
			}
		}
		if err := t.syncDeckRecord(it.Deck, it.Source, false, p.now, pl.prev); err != nil {
			return fmt.Errorf("deck %.64q from %.64q: %w", it.Deck.Name, it.Source, err)
		}
	}
	if err := p.switchIn(t, i); err != nil || pl.skip {
		return err
	}
	// The cards are in the store, not in it.Deck.
	return t.adoptDeckOrphans(it.Deck.Name)
}
