package srs

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"runtime"
	"time"

	"github.com/hone-srs/hone/deck"
)

// ImportItem is one deck to import: the parsed deck, where it came from, and
// the text it was parsed from, which the store keeps so that hone never
// needs the file again.
type ImportItem struct {
	Deck   deck.Deck
	Source string
	Text   []byte
}

// errDryRun rolls a dry run's transaction back after it has counted.
var errDryRun = errors.New("dry run")

// ErrBuiltin is returned for changes only imported decks allow.
var ErrBuiltin = errors.New("built-in deck")

// Import stores every item in one write transaction: all of them or, on any
// error, none. A re-import adds new cards, updates changed ones in place
// (history kept) and retires cards that are gone. With dryRun the same work
// is done and counted, then rolled back.
func (s *Store) Import(items []ImportItem, dryRun bool) ([]SyncResult, error) {
	return s.ImportContext(context.Background(), items, dryRun)
}

// ImportContext is Import, stopped with nothing stored when ctx is
// cancelled before the import commits. A large import commits in pieces
// (see import_pieces.go) and is still all or nothing to every reader.
func (s *Store) ImportContext(ctx context.Context, items []ImportItem, dryRun bool) ([]SyncResult, error) {
	now := s.clock()
	// The whole file is checked under the shared lock, so that readers go
	// on meanwhile; the write then takes the cheap look like any other.
	if err := s.checkBeforeCopy(); err != nil {
		return nil, fmt.Errorf("import: %w", err)
	}
	if err := s.settleImport(); err != nil {
		return nil, fmt.Errorf("import: %w", err)
	}
	mapSize := importMapSize(s.path, items)
	if !dryRun && s.inPieces(items) {
		results, err := s.importInPieces(ctx, items, now, mapSize)
		if err != nil {
			return nil, fmt.Errorf("import: %w", err)
		}
		return results, nil
	}
	return s.importWhole(ctx, items, dryRun, now, mapSize)
}

// importWhole stores items in one write transaction, rolled back for a dry
// run or on any error.
func (s *Store) importWhole(ctx context.Context, items []ImportItem, dryRun bool, now time.Time, mapSize int) ([]SyncResult, error) {
	var results []SyncResult
	err := s.updateWith(access{write: true, mapSize: mapSize}, func(t *txn) error {
		if t.tx.Bucket([]byte(bImport)) != nil {
			return errImportUnderWay
		}
		results = results[:0]
		for _, it := range items {
			if err := ctx.Err(); err != nil {
				return err
			}
			if err := checkImportItem(t, it); err != nil {
				return err
			}
			d := it.Deck
			res := SyncResult{Deck: d.Name}
			if err := t.syncDeck(d, it.Source, false, now, &res); err != nil {
				return fmt.Errorf("deck %.64q from %.64q: %w", d.Name, it.Source, err)
			}
			if res.Skipped {
				res.Unchanged = len(d.Cards)
			}
			if err := t.importDone(it, res, now); err != nil {
				return err
			}
			if !res.Skipped {
				if err := t.importProgress(d, now, &res.Progress); err != nil {
					return fmt.Errorf("deck %.64q: progress: %w", d.Name, err)
				}
			}
			results = append(results, res)
		}
		if dryRun {
			return errDryRun
		}
		return ctx.Err() // the last moment to roll back
	})
	if errors.Is(err, errDryRun) {
		err = nil
	}
	if err != nil {
		return nil, fmt.Errorf("import: %w", err)
	}
	return results, nil
}

// checkImportItem refuses a deck the store must not take: one that does
// not validate, or one named as a built-in deck is.
func checkImportItem(t *txn, it ImportItem) error {
	d := it.Deck
	if err := validateDeck(d, it.Source); err != nil {
		return fmt.Errorf("deck %.64q: %w", d.Name, err)
	}
	dr, err := t.deck(d.Name)
	if err != nil {
		return err
	}
	if dr.Builtin {
		return fmt.Errorf("deck %.64q: %w: that name belongs to a built-in deck; rename yours in its file or with --deck", d.Name, ErrBuiltin)
	}
	return nil
}

// importDone is what an import writes once a deck's cards are in: the
// deck event for sync (unless the source was unchanged) and the text.
// Both go in as chunks, all in this transaction.
func (t *txn) importDone(it ImportItem, res SyncResult, now time.Time) error {
	text, err := t.putChunks(bytes.NewReader(it.Text))
	if err != nil {
		return fmt.Errorf("text of deck %.64q: %w", it.Deck.Name, err)
	}
	if !res.Skipped {
		if err := t.logImport(it.Deck, text, it.Source, now); err != nil {
			return err
		}
	}
	return t.setText(it.Deck.Name, text)
}

// importMapSize is how much of the file a big import maps from the start, so
// that it never remaps: the file now and about six times the text it adds.
// Small imports keep bbolt's default, which sizes a small file exactly; on
// Windows bbolt grows the file to the mapping, so it keeps the default too.
func importMapSize(path string, items []ImportItem) int {
	size := 0
	for _, it := range items {
		size += 6 * len(it.Text)
	}
	if fi, err := os.Stat(path); err == nil {
		size += int(fi.Size())
	}
	if size < 64<<20 || runtime.GOOS == "windows" {
		return 0
	}
	return size
}

// RemoveDeck takes an imported deck and its cards out of reviews. Its cards
// are retired, not deleted, and the log keeps every answer, so importing it
// again brings the history back. It returns how many cards were retired.
func (s *Store) RemoveDeck(name string) (int, error) {
	var res SyncResult
	now := s.clock()
	err := s.update(func(t *txn) error {
		dr, err := t.existingDeck(name)
		if err != nil {
			return err
		}
		if dr.Builtin {
			return fmt.Errorf("%.64q is a %w and cannot be removed; hide it with: hone decks hide %.64q", name, ErrBuiltin, name)
		}
		if err := t.retireMissing(name, nil, &res); err != nil {
			return err
		}
		if err := t.sources.Delete([]byte(dr.Source)); err != nil {
			return err
		}
		dr.Source, dr.Hash = "", ""
		if err := t.logEvent(&event{Kind: evDeckRemove, Time: now, Deck: name}); err != nil {
			return err
		}
		return t.deleteText(name)
	})
	if err != nil {
		return 0, fmt.Errorf("remove deck %.64q: %w", name, err)
	}
	return res.Retired, nil
}

// SetHidden hides a deck from the home screen, the queue and the stats, or
// shows it again. Its cards keep their schedule meanwhile.
func (s *Store) SetHidden(name string, hidden bool) error {
	now := s.clock()
	err := s.update(func(t *txn) error {
		dr, err := t.existingDeck(name)
		if err != nil {
			return err
		}
		if dr.Hidden == hidden {
			return nil
		}
		dr.Hidden = hidden
		kind := evDeckShow
		if hidden {
			kind = evDeckHide
		}
		return t.logEvent(&event{Kind: kind, Time: now, Deck: name})
	})
	if err != nil {
		return fmt.Errorf("hide deck %.64q: %w", name, err)
	}
	return nil
}

// existingDeck is the record of a deck that is there: one with a source.
// Removed and renamed decks keep a record for their history, but are gone.
func (t *txn) existingDeck(name string) (*deckRec, error) {
	dr, err := t.deck(name)
	if err != nil {
		return nil, err
	}
	if dr.Source == "" {
		return nil, fmt.Errorf("there is no deck %.64q", name)
	}
	return dr, nil
}
