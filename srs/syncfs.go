package srs

import (
	"fmt"
	"io/fs"

	"github.com/hone-srs/hone/deck"
)

// SyncFS reconciles the store with every hone markdown deck (*.md) at the
// root of fsys, such as the built-in decks. A deck whose bytes hash as they
// did at its last sync is not parsed at all, so a normal start reads each
// file once and does no per-card work. Sources are named "builtin:<file>"
// when builtin, else "<file>".
func (s *Store) SyncFS(fsys fs.FS, builtin bool) ([]SyncResult, error) {
	files, err := fs.Glob(fsys, "*.md")
	if err != nil {
		return nil, fmt.Errorf("list decks: %w", err)
	}
	var results []SyncResult
	for _, name := range files {
		src, err := fs.ReadFile(fsys, name)
		if err != nil {
			return results, fmt.Errorf("read deck %s: %w", name, err)
		}
		source := name
		if builtin {
			source = "builtin:" + name
		}
		hash := deck.SourceHash(src)
		stored, err := s.DeckHash(source)
		if err != nil {
			return results, err
		}
		if stored == hash {
			results = append(results, SyncResult{Skipped: true})
			continue
		}
		d, diags := deck.ParseBytes(name, src)
		if err := diags.Err(); err != nil {
			return results, err
		}
		d.Sanitize()
		res, err := s.SyncDeck(d, source, builtin)
		if err != nil {
			return results, err
		}
		results = append(results, res)
	}
	return results, nil
}
