package srs

import (
	"fmt"
	"time"
)

// DeckInfo describes a deck as the store knows it.
type DeckInfo struct {
	Name, Description, Source string
	Builtin, Hidden           bool
	SyncedAt                  time.Time
	Topics                    []string
	Cards, New                int // active cards, and those never reviewed
	Hash                      string
}

// Decks lists every deck the store knows, by name.
func (s *Store) Decks() ([]DeckInfo, error) {
	var out []DeckInfo
	err := s.view(func(t *txn) error {
		c := t.decks.Cursor()
		for k, v := c.First(); k != nil; k, v = c.Next() {
			r, err := decodeDeck(v)
			if err != nil {
				return fmt.Errorf("deck %.64q: %w", k, err)
			}
			if r.Source == "" {
				continue // removed, or renamed: only its history is left
			}
			out = append(out, DeckInfo{
				Name: string(k), Description: r.Description, Source: r.Source,
				Builtin: r.Builtin, Hidden: r.Hidden, SyncedAt: r.SyncedAt, Topics: r.Topics,
				Cards: r.Cards, New: r.New, Hash: r.Hash,
			})
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("list decks: %w", err)
	}
	return out, nil
}
