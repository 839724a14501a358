package srs

import (
	"bytes"
	"context"
	"fmt"

	"github.com/hone-srs/hone/deck"
)

// dryStream is a dry run of a streamed import: each block is counted
// against the store in a read transaction as the import would count it,
// and nothing is written or held whole. It takes the imports that could go
// in pieces (no deck or source twice).
type dryStream struct {
	s     *Store
	ctx   context.Context
	items []ImportItem
	plans []importPlan
	today Day // for the cards' Anki progress
}

func (s *Store) dryRunStream(ctx context.Context, st DeckStream, items []ImportItem) ([]SyncResult, error) {
	if err := s.checkBeforeCopy(); err != nil {
		return nil, fmt.Errorf("import: %w", err)
	}
	if err := s.settleImport(); err != nil {
		return nil, fmt.Errorf("import: %w", err)
	}
	k := &dryStream{s: s, ctx: ctx, items: items, plans: make([]importPlan, len(items))}
	err := s.view(func(t *txn) error {
		k.today = t.dayStart.Of(s.clock())
		for i, it := range items {
			pl, err := planItem(t, it)
			if err != nil {
				return err
			}
			k.plans[i] = pl
		}
		return nil
	})
	if err == nil {
		err = st.Run(k)
	}
	for i := range k.plans {
		if err == nil && !k.plans[i].skip {
			err = s.view(func(t *txn) error { return k.countRetired(t, i) })
		}
	}
	if err != nil {
		return nil, fmt.Errorf("import: %w", err)
	}
	out := make([]SyncResult, len(k.plans))
	for i := range k.plans {
		out[i] = k.plans[i].res
	}
	return out, nil
}

func (k *dryStream) Cards(i int, block []deck.Card) error {
	if err := k.ctx.Err(); err != nil {
		return err
	}
	pl, it := &k.plans[i], k.items[i]
	if pl.skip {
		pl.res.Unchanged += len(block)
		return nil
	}
	wrap := func(err error) error { return fmt.Errorf("deck %.64q from %.64q: %w", it.Deck.Name, it.Source, err) }
	if err := checkBlock(it.Deck.Name, block, pl.seen); err != nil {
		return wrap(err)
	}
	return k.s.view(func(t *txn) error {
		for _, c := range block {
			if err := k.count(t, i, c); err != nil {
				return wrap(fmt.Errorf("card %.64q: %w", c.ID, err))
			}
		}
		return nil
	})
}

func (k *dryStream) End(int, []deck.Topic) error { return k.ctx.Err() }

// count is syncCard's count of card c of item i, which the store is not
// given: added, updated, revived or unchanged.
func (k *dryStream) count(t *txn, i int, c deck.Card) error {
	pl := &k.plans[i]
	c.Deck = k.items[i].Deck.Name // as syncCards gives it, for its hash
	for j := range i {
		if _, dup := k.plans[j].seen[c.ID]; dup && !k.plans[j].skip {
			return errSharedID(k.items[j].Deck.Name, k.items[i].Deck.Name)
		}
	}
	r, err := t.card(c.ID)
	switch {
	case err != nil:
		return err
	case r != nil && !pl.owners[r.Deck]:
		return errSharedID(r.Deck, k.items[i].Deck.Name)
	}
	countImported(&pl.res, r, c.ContentHash())
	return t.countProgress(&c, r, k.today, &pl.res.Progress)
}

// countRetired is retireMissing's count for item i: the active cards of
// its decks that the import does not have.
func (k *dryStream) countRetired(t *txn, i int) error {
	pl := &k.plans[i]
	for _, owner := range sortedKeys(pl.owners) {
		prefix := newPrefix(owner)
		c := t.members.Cursor()
		for key, _ := c.Seek(prefix); key != nil && bytes.HasPrefix(key, prefix); key, _ = c.Next() {
			id := string(key[len(prefix):])
			if _, ok := pl.seen[id]; ok {
				continue
			}
			r, err := t.card(id)
			if err != nil {
				return err
			}
			if r != nil && !r.Retired && r.Deck == owner {
				pl.res.Retired++
			}
		}
	}
	return nil
}
