package srs

import "fmt"

// countImported counts a card an import is given, whose record in the store is r
// (nil: none) and whose content now hashes to hash, as the import counts
// it: added, updated, revived or unchanged. A dry run counts the same way.
func countImported(res *SyncResult, r *cardRec, hash string) {
	switch {
	case r == nil:
		res.Added++
	case r.Hash != hash:
		res.Updated++
	case r.Retired:
		res.Revived++
	default:
		res.Unchanged++
	}
}

// errSharedID is the error for a card id that two decks give.
func errSharedID(deck, other string) error {
	return fmt.Errorf("the id is used by deck %.64q and deck %.64q; give one of them another id", deck, other)
}
