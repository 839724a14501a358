package tui

import (
	"errors"
	"fmt"

	tea "charm.land/bubbletea/v2"

	"github.com/hone-srs/hone/deck"
	"github.com/hone-srs/hone/srs"
)

// The browser's store calls, each in a command that comes back as one of
// these messages. gen is the search a message belongs to.
type (
	searchedMsg struct {
		gen    int
		search srs.Search
		sch    srs.Scheduler
		err    error
	}
	rowsMsg struct {
		gen  int
		rows []srs.BrowseRow
		upto int // the cards read so far
		err  error
	}
	markedMsg struct {
		res  srs.AnswerResult
		what string
		err  error
	}
	unmarkedMsg struct {
		row  srs.BrowseRow
		what string
		err  error
	}
	cardMsg struct {
		id   string
		card deck.Card
		err  error
	}
	openBrowseMsg struct{ query string }
)

func (b *browseScreen) runSearch(gen int, query string) tea.Cmd {
	c := b.c
	return func() tea.Msg {
		q, err := srs.ParseQuery(query)
		if err != nil {
			return searchedMsg{gen: gen, err: err}
		}
		sch, err := c.store.Scheduler()
		if err != nil {
			return searchedMsg{gen: gen, err: err}
		}
		sr, err := c.store.Search(q, c.today())
		return searchedMsg{gen: gen, search: sr, sch: sch, err: err}
	}
}

func (b *browseScreen) readRows(gen int, sr srs.Search, from, upto int) tea.Cmd {
	store := b.c.store
	return func() tea.Msg {
		rows, err := store.Rows(sr, sr.IDs[from:upto])
		return rowsMsg{gen: gen, rows: rows, upto: upto, err: err}
	}
}

// mark makes a change to the card under the cursor.
func (b *browseScreen) mark(m srs.Mark, what string) tea.Cmd {
	row, _, ok := b.current()
	if !ok {
		return nil
	}
	store := b.c.store
	return func() tea.Msg {
		res, err := store.Mark(row.ID, m)
		return markedMsg{res: res, what: what, err: err}
	}
}

func (b *browseScreen) marked(msg markedMsg) tea.Cmd {
	switch {
	case errors.Is(msg.err, srs.ErrNoChange):
		b.problem = noticef("%s: nothing to change", msg.what)
		return nil
	case msg.err != nil:
		b.problem = msg.err
		return nil
	}
	id := msg.res.CardID
	b.changes = append(b.changes, change{seq: msg.res.Seq, id: id, what: msg.what})
	b.problem = noticef("%s", msg.what)
	b.update(id, msg.res.State)
	return nil
}

// undo takes back the browser's latest change, and reads the card again.
func (b *browseScreen) undo() tea.Cmd {
	if len(b.changes) == 0 {
		b.problem = errors.New("nothing to undo yet in the browser")
		return nil
	}
	last := b.changes[len(b.changes)-1]
	store, today := b.c.store, b.c.today()
	return func() tea.Msg {
		if _, err := store.Undo(last.seq); err != nil {
			return unmarkedMsg{err: err}
		}
		rows, err := store.Rows(srs.Search{Today: today}, []string{last.id})
		if err == nil && len(rows) == 0 {
			err = fmt.Errorf("card %s is gone", last.id)
		}
		var row srs.BrowseRow
		if len(rows) > 0 {
			row = rows[0]
		}
		return unmarkedMsg{row: row, what: "undone: " + last.what, err: err}
	}
}

func (b *browseScreen) unmarked(msg unmarkedMsg) tea.Cmd {
	if msg.err != nil {
		b.problem = fmt.Errorf("undo failed: %w", msg.err)
		return nil
	}
	b.changes = b.changes[:len(b.changes)-1]
	b.problem = noticef("%s", msg.what)
	b.update(msg.row.ID, msg.row.State)
	return nil
}

// update shows a card's new state in its row, and in its view if open.
func (b *browseScreen) update(id string, st srs.CardState) {
	for i := range b.rows {
		if b.rows[i].ID == id {
			b.rows[i].State = st
		}
	}
	b.setRows()
	if b.viewing {
		b.vp.SetContent(b.cardText())
	}
}

// open reads the text of the card under the cursor, to view it.
func (b *browseScreen) open() tea.Cmd {
	row, _, ok := b.current()
	if !ok {
		return nil
	}
	store := b.c.store
	return func() tea.Msg {
		c, err := store.Content(row.ID)
		return cardMsg{id: row.ID, card: c, err: err}
	}
}

func (b *browseScreen) cardRead(msg cardMsg) {
	row, _, ok := b.current()
	if msg.err != nil || !ok || row.ID != msg.id {
		b.problem = msg.err
		return
	}
	b.card, b.viewing = msg.card, true
	b.vp.SetContent(b.cardText())
	b.vp.GotoTop()
}
