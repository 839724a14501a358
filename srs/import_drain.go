package srs

import (
	"context"
	"fmt"
	"path/filepath"

	bolt "go.etcd.io/bbolt"

	"github.com/hone-srs/hone/deck"
)

// startSpool readies a streamed import to take its cards into a spool
// (import_spool.go): the plans made in a read transaction (begin makes
// them again, and checks they still hold), and the spool next to the
// database. Nothing is written.
func (p *pieceImport) startSpool() error {
	err := p.s.view(func(t *txn) error {
		plans, err := p.planAll(t)
		p.plans = plans
		return err
	})
	if err != nil {
		return err
	}
	p.spool, err = newSpool(filepath.Dir(p.s.path))
	return err
}

// spoolBlock is take for a streamed import: block's cards, checked, go to
// the spool with their positions in item i's deck.
func (p *pieceImport) spoolBlock(i int, block []deck.Card) error {
	pl := &p.plans[i]
	for _, c := range block {
		if err := p.spool.add(uint32(i), pl.written, c); err != nil {
			return err
		}
		pl.written++
	}
	return nil
}

// drain writes the spooled cards, item by item, each item's in id order,
// a piece at a time.
func (p *pieceImport) drain(ctx context.Context) error {
	order, err := p.spool.sorted()
	if err != nil {
		return err
	}
	for len(order) > 0 {
		i, n := order[0].item, 1
		for n < len(order) && order[n].item == i {
			n++
		}
		it := &p.items[i]
		if err := p.addSpooled(ctx, int(i), order[:n]); err != nil {
			return fmt.Errorf("deck %.64q from %.64q: %w", it.Deck.Name, it.Source, err)
		}
		order = order[n:]
	}
	return nil
}

// addSpooled is addCards for cards in the spool, read back 64 at a time.
func (p *pieceImport) addSpooled(ctx context.Context, i int, order []spooled) error {
	pl := &p.plans[i]
	var cards []deck.Card
	if pl.skip {
		return p.claimSpooled(ctx, i, order)
	}
	return p.cardPieces(ctx, i, len(order), func(t *txn, b *bolt.Bucket, from, to int, run *progressRun) error {
		slice := order[from:to]
		var err error
		if cards, err = p.spool.read(slice, cards); err != nil {
			return err
		}
		for _, c := range cards {
			if err := saveCard(t, b, c.ID); err != nil {
				return err
			}
		}
		if p.foreign != nil {
			if _, err := t.claimCards(deck.Deck{Name: p.items[i].Deck.Name, Cards: cards}); err != nil {
				return err
			}
		}
		at := func(k int) (*deck.Card, uint32) { return &cards[k], slice[k].ord }
		if err := t.syncCardsAt(p.items[i].Deck.Name, len(cards), at, pl.owners, &pl.res); err != nil {
			return err
		}
		return run.answers(cards)
	})
}

// store is a streamed import's work once its stream has ended: the first
// piece, the spooled cards, and the rest.
func (p *pieceImport) store(ctx context.Context) error {
	if err := p.begin(ctx); err != nil {
		return err
	}
	if err := p.drain(ctx); err != nil {
		return err
	}
	return p.rest(ctx)
}
