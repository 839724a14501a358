package tui

import (
	"errors"
	"fmt"
	"os/exec"
	"time"

	tea "charm.land/bubbletea/v2"

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
	Active(id string) (bool, error)
	Answer(cardID string, q srs.Quality, kind srs.EntryKind, took time.Duration) (srs.AnswerResult, error)
	Undo(seq uint64) (srs.Entry, error)
	DrillPlan(o srs.DrillOptions) (srs.DrillPlan, error)
	Stats(today srs.Day, limits srs.Limits) (srs.Stats, error)
	MoreNew(o srs.MoreOptions) ([]srs.Item, error)
	Ahead(o srs.MoreOptions) ([]srs.Item, error)
	Mark(cardID string, m srs.Mark) (srs.AnswerResult, error)
	Search(q srs.Query, today srs.Day) (srs.Search, error)
	Rows(sr srs.Search, ids []string) ([]srs.BrowseRow, error)
	Scheduler() (srs.Scheduler, error)
}

// Limits are the daily caps on a review session.
type Limits = srs.Limits

// common is what every screen shares: the store, the clock, the look and the
// keys, and the space the root gave it.
type common struct {
	store    Store
	now      func() time.Time
	dayStart srs.DayStart
	limits   Limits
	styles   Styles
	keys     KeyMap
	md       *markdown
	width    int
	height   int
	// standalone is set when the app runs one session from the command
	// line and ends with it.
	standalone bool
	// sources maps each deck imported from a markdown file to that file,
	// for editing its cards; filled when a session starts.
	sources  map[string]string
	editor   []string // the editor command and its arguments
	reimport func(path, deckName string) (string, error)
	exec     func(*exec.Cmd, tea.ExecCallback) tea.Cmd
}

func (c *common) today() srs.Day { return c.dayStart.Of(c.now()) }

// notice is news for the footer that is not an error, such as what a
// re-import changed.
type notice struct{ msg string }

func (n notice) Error() string { return n.msg }

func noticef(format string, args ...any) error { return notice{fmt.Sprintf(format, args...)} }

func isNotice(err error) bool {
	var n notice
	return errors.As(err, &n)
}
