package srs

import (
	"errors"
	"fmt"

	bolt "go.etcd.io/bbolt"
)

// planAll plans every item, and writes nothing.
func (p *pieceImport) planAll(t *txn) ([]importPlan, error) {
	plans := make([]importPlan, len(p.items))
	for i, it := range p.items {
		pl, err := planItem(t, it)
		if err != nil {
			return nil, err
		}
		plans[i] = pl
	}
	return plans, nil
}

// planItem checks item it against the store and plans its import, for
// the import and its dry run alike.
func planItem(t *txn, it ImportItem) (importPlan, error) {
	d := it.Deck
	if err := checkImportItem(t, it); err != nil {
		return importPlan{}, err
	}
	prev, owners, skip, err := t.syncPlan(d, it.Source)
	if err != nil {
		return importPlan{}, fmt.Errorf("deck %.64q from %.64q: %w", d.Name, it.Source, err)
	}
	return importPlan{prev: prev, owners: owners, skip: skip, res: SyncResult{Deck: d.Name, Skipped: skip}, seen: map[string]struct{}{}}, nil
}

// hideDecks saves the records of the decks the item changes, and takes
// them out of sight until the last piece.
func hideDecks(t *txn, b *bolt.Bucket, name string, pl *importPlan) error {
	if pl.skip {
		return nil // take counts its cards as unchanged
	}
	for _, name := range append(sortedKeys(pl.owners), name) {
		if err := saveDeck(t, b, name); err != nil {
			return err
		}
		dr, err := t.deck(name)
		if err != nil {
			return err
		}
		dr.Source = ""
	}
	return nil
}

// keepPlans takes the plans begin made: as they are, unless the import
// planned before (a streamed import plans when its first cards come, and
// begins once its stream has ended), whose plans must still hold.
func (p *pieceImport) keepPlans(plans []importPlan) error {
	if p.plans == nil {
		p.plans = plans
		return nil
	}
	for i := range plans {
		if plans[i].skip != p.plans[i].skip || plans[i].prev != p.plans[i].prev {
			return fmt.Errorf("deck %.64q from %.64q: %w", p.items[i].Deck.Name, p.items[i].Source, errChangedMeanwhile)
		}
	}
	return nil
}

// errChangedMeanwhile: the store changed while a streamed import read its
// files, under its plans.
var errChangedMeanwhile = errors.New("the collection changed while the import read its files; run it again")
