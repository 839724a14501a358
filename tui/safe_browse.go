package tui

import (
	"github.com/hone-srs/hone/deck"
	"github.com/hone-srs/hone/srs"
)

// The safeStore methods of study more and the browser: text from the
// store is sanitized before a screen lays it out, errors before they are
// drawn.

func (s safeStore) MoreNew(o srs.MoreOptions) ([]srs.Item, error) {
	items, err := s.Store.MoreNew(o)
	return sanitizeItems(items), safeErr(err)
}

func (s safeStore) Ahead(o srs.MoreOptions) ([]srs.Item, error) {
	items, err := s.Store.Ahead(o)
	return sanitizeItems(items), safeErr(err)
}

func (s safeStore) Mark(cardID string, m srs.Mark) (srs.AnswerResult, error) {
	res, err := s.Store.Mark(cardID, m)
	return res, safeErr(err)
}

func (s safeStore) Search(q srs.Query, today srs.Day) (srs.Search, error) {
	sr, err := s.Store.Search(q, today)
	return sr, safeErr(err)
}

func (s safeStore) Rows(sr srs.Search, ids []string) ([]srs.BrowseRow, error) {
	rows, err := s.Store.Rows(sr, ids)
	for i := range rows {
		r := &rows[i]
		r.Deck, r.Topic, r.Front = deck.SanitizeLine(r.Deck), deck.SanitizeLine(r.Topic), deck.SanitizeLine(r.Front)
	}
	return rows, safeErr(err)
}
