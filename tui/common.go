package tui

import (
	"time"

	"github.com/hone-srs/hone/deck"
	"github.com/hone-srs/hone/srs"
)

// Store is what the UI asks of the collection. *srs.Store provides it; every
// call is made from a tea.Cmd, never from Update.
type Store interface {
	Decks() ([]srs.DeckInfo, error)
	Counts(today srs.Day) (map[string]srs.DeckCounts, error)
	NextDue(after srs.Day) (srs.Day, bool, error)
	Streak(today srs.Day) (int, error)
	Queue(o srs.QueueOptions) ([]srs.Item, error)
	Content(id string) (deck.Card, error)
	Answer(cardID string, q srs.Quality, kind srs.EntryKind, took time.Duration) (srs.AnswerResult, error)
	Undo(seq uint64) (srs.Entry, error)
	DrillPlan(o srs.DrillOptions) (srs.DrillPlan, error)
	Stats(today srs.Day, newPerDeck int) (srs.Stats, error)
}

// Limits are the daily caps on a review session.
type Limits struct {
	Reviews    int // due cards a day
	NewPerDeck int // new cards a day, per deck
}

// common is what every screen shares: the store, the clock, the look and the
// keys, and the space the root gave it.
type common struct {
	store  Store
	now    func() time.Time
	limits Limits
	styles Styles
	keys   KeyMap
	md     *markdown
	width  int
	height int
}

func (c *common) today() srs.Day { return srs.DayOf(c.now()) }
