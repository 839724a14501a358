package srs

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/hone-srs/hone/deck"
)

// take is how a large import gets an item's cards, a block at a time in
// deck order: each block checked as validateDeck checks a whole deck, its
// ids noted for retiring the cards that are gone, and the cards written
// a piece at a time once a piece's worth has come — or, for a streamed
// import, put in its spool until the stream ends (import_drain.go).
func (p *pieceImport) take(ctx context.Context, i int, block []deck.Card) error {
	pl := &p.plans[i]
	if pl.skip {
		pl.res.Unchanged += len(block)
		if p.foreign == nil {
			return nil
		}
		// An unchanged deck from another device still claims its cards
		// that other decks hold, as applyImport does: those are spooled.
	}
	it := &p.items[i]
	if err := checkBlock(it.Deck.Name, block, pl.seen); err != nil {
		return fmt.Errorf("deck %.64q from %.64q: %w", it.Deck.Name, it.Source, &refusal{err})
	}
	if p.spool != nil {
		if err := ctx.Err(); err != nil {
			return err // stop reading: nothing is stored yet
		}
		if pl.skip { // an unchanged deck from another device
			return p.spoolHeld(i, block, pl.res.Unchanged-len(block))
		}
		return p.spoolBlock(i, block)
	}
	pl.pending = append(pl.pending, block...)
	if len(pl.pending) < p.s.pieceSize().cards {
		return nil
	}
	return p.flush(ctx, i)
}

// flush writes the cards of item i that take has kept.
func (p *pieceImport) flush(ctx context.Context, i int) error {
	pl := &p.plans[i]
	if len(pl.pending) == 0 {
		return nil
	}
	it := &p.items[i]
	d := deck.Deck{Name: it.Deck.Name, Cards: pl.pending}
	if err := p.addCards(ctx, i, d, pl.written); err != nil {
		return fmt.Errorf("deck %.64q from %.64q: %w", it.Deck.Name, it.Source, err)
	}
	pl.written += uint32(len(pl.pending))
	clear(pl.pending) // let go of the cards' text
	pl.pending = pl.pending[:0]
	return nil
}

// addCards adds and updates the cards of d, which take the positions from
// base on in the item's deck, a piece at a time.
func (p *pieceImport) addCards(ctx context.Context, i int, d deck.Deck, base uint32) error {
	order := cardOrder(d)
	pl := &p.plans[i]
	return p.cardPieces(ctx, i, len(order), func(t *txn, b *bolt.Bucket, from, to int, run *progressRun) error {
		for _, j := range order[from:to] {
			if err := saveCard(t, b, d.Cards[j].ID); err != nil {
				return err
			}
		}
		if err := t.syncCardsFrom(d, base, order[from:to], pl.owners, &pl.res); err != nil {
			return err
		}
		var progress []deck.Card
		for _, j := range order[from:to] {
			if d.Cards[j].Progress != nil {
				progress = append(progress, d.Cards[j])
			}
		}
		return run.answers(progress)
	})
}

// cardPieces hands n cards of item i to step in pieces: each a write
// transaction of at most pieceSize's cards (or its time), taken 64 at a
// time, step writing cards [from, to) and handing their Anki progress to
// the piece's run. The run ends with the piece, which notes the entries
// it logged in the undo bucket.
func (p *pieceImport) cardPieces(ctx context.Context, i, n int, step func(t *txn, b *bolt.Bucket, from, to int, run *progressRun) error) error {
	sz := p.s.pieceSize()
	for done := 0; done < n; {
		err := p.piece(ctx, func(t *txn, b *bolt.Bucket) error {
			start, first := time.Now(), t.log.Sequence()+1
			// The piece's own time, not the import's: its Adopt entries
			// follow any answer given since in the log, and the days of the
			// entries logged here must only grow (see merged.go).
			run, err := t.startProgress(t.now(), &p.plans[i].res.Progress)
			if err != nil {
				return err
			}
			for k := 0; done < n && k < sz.cards; k += 64 {
				to := done + min(64, n-done, sz.cards-k)
				if err := step(t, b, done, to, run); err != nil {
					return err
				}
				done = to
				if time.Since(start) > sz.budget {
					break
				}
			}
			if err := run.end(); err != nil {
				return err
			}
			return noteLogged(t, b, first)
		})
		if err != nil {
			return err
		}
	}
	return nil
}

// checkBlock is validateDeck's check of a deck's cards, for one block of
// them; seen holds the ids of the blocks before, and takes these.
func checkBlock(name string, block []deck.Card, seen map[string]struct{}) error {
	if err := (deck.Deck{Name: name, Cards: block}).CheckClean(); err != nil {
		return err
	}
	if uint64(len(seen))+uint64(len(block)) > 1<<32-1 {
		return errors.New("too many cards")
	}
	for _, c := range block {
		if c.ID == "" {
			return fmt.Errorf("card at line %d (%.64q) has no id", c.Line, c.Front)
		}
		if _, dup := seen[c.ID]; dup {
			return fmt.Errorf("two cards share the id %.64q", c.ID)
		}
		seen[c.ID] = struct{}{}
	}
	return nil
}

// adoptDeckOrphans is adoptOrphans for a deck whose cards the import no
// longer holds: the cards of deck name that had answers from another
// device before they had a record get their state.
func (t *txn) adoptDeckOrphans(name string) error {
	st, err := t.sync()
	if err != nil {
		return err
	}
	var ids []string
	err = st.orphans.ForEach(func(k, _ []byte) error {
		r, err := t.card(string(k))
		if err == nil && r != nil && r.Deck == name && !r.Retired {
			ids = append(ids, string(k))
		}
		return err
	})
	if err != nil {
		return err
	}
	for _, id := range ids {
		if err := st.orphans.Delete([]byte(id)); err != nil {
			return err
		}
		if err := t.recomputeCard(id, nil, nil); err != nil {
			return err
		}
	}
	return nil
}

// storeItemText stores item i's text: read again from its files for a
// streamed import, which fails if they changed.
func (p *pieceImport) storeItemText(ctx context.Context, i int) error {
	if p.foreign != nil {
		return p.storeForeignText(ctx, i)
	}
	if p.texts == nil {
		return p.storeText(ctx, i, bytes.NewReader(p.items[i].Text))
	}
	r := p.texts(i)
	defer r.Close()
	return p.storeText(ctx, i, r)
}
