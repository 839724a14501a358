package tui

import (
	"errors"
	"fmt"
	"os/exec"
	"strconv"

	tea "charm.land/bubbletea/v2"

	"github.com/hone-srs/hone/deck"
	"github.com/hone-srs/hone/srs"
)

// The review screen's store calls. Each runs in a command and comes back as
// one of these messages.
type (
	answeredMsg struct {
		entry srs.AnswerResult
		q     srs.Quality
		err   error
	}
	regradedMsg struct {
		entry srs.AnswerResult
		q     srs.Quality
		err   error
		kept  bool // the undo failed, so the first answer stands
	}
	undoneMsg struct {
		entry srs.Entry
		err   error
	}
	contentMsg struct {
		id   string
		card deck.Card
		err  error
	}
	// editedMsg comes back when the editor has exited and the deck's file
	// was imported again.
	editedMsg struct {
		id     string
		result string    // what the import changed, for the notice
		active bool      // the card is still in its deck
		card   deck.Card // its text now, when active
		err    error
	}
)

func errCmd(err error) tea.Cmd { return func() tea.Msg { return errMsg{err} } }

func (r *reviewScreen) readContent(id string) tea.Cmd {
	store := r.c.store
	return func() tea.Msg {
		c, err := store.Content(id)
		return contentMsg{id: id, card: c, err: err}
	}
}

func (r *reviewScreen) answer(q srs.Quality) tea.Cmd {
	r.busy = true
	store, id, kind, took := r.c.store, r.cur.item.Card.ID, r.kind, elapsed(r.cur.shownAt, r.c.now())
	return func() tea.Msg {
		res, err := store.Answer(id, q, kind, took)
		return answeredMsg{entry: res, q: q, err: err}
	}
}

// regrade replaces a choice card's automatic grade: the saved answer is
// undone and the new grade saved, so the log tells what happened.
func (r *reviewScreen) regrade(q srs.Quality) tea.Cmd {
	r.busy = true
	p := r.cur.pending
	store, seq, id, kind, took := r.c.store, p.entry.Seq, r.cur.item.Card.ID, r.kind, p.entry.Took
	return func() tea.Msg {
		if _, err := store.Undo(seq); err != nil {
			return regradedMsg{err: err, kept: true}
		}
		res, err := store.Answer(id, q, kind, took)
		return regradedMsg{entry: res, q: q, err: err}
	}
}

func (r *reviewScreen) undo() tea.Cmd {
	if len(r.history) == 0 {
		return errCmd(errors.New("nothing to undo yet in this session"))
	}
	r.busy = true
	store, seq := r.c.store, r.history[len(r.history)-1].entry.Seq
	return func() tea.Msg {
		e, err := store.Undo(seq)
		return undoneMsg{entry: e, err: err}
	}
}

// editable reports whether the card on screen can be opened in an editor:
// it comes from a markdown file the user imported.
func (r *reviewScreen) editable() bool {
	return r.has && r.c.sources[r.cur.item.Card.Deck] != "" && r.cur.item.Card.Line > 0
}

// edit opens the card's file at its line in the user's editor, and imports
// the file again once the editor exits.
func (r *reviewScreen) edit() tea.Cmd {
	card := r.cur.item.Card
	if !r.editable() {
		return errCmd(fmt.Errorf("only cards of decks imported from markdown can be edited; %q is not one", card.Deck))
	}
	editor := r.c.editor
	if len(editor) == 0 {
		return errCmd(errors.New("no editor: set $VISUAL or $EDITOR"))
	}
	path := r.c.sources[card.Deck]
	args := append(append([]string{}, editor[1:]...), "+"+strconv.Itoa(card.Line), path)
	cmd := exec.Command(editor[0], args...)
	c := r.c
	return c.exec(cmd, func(err error) tea.Msg {
		if err != nil {
			return editedMsg{id: card.ID, err: fmt.Errorf("editor %s: %w", editor[0], err)}
		}
		result, err := c.reimport(path, card.Deck)
		if err != nil {
			return editedMsg{id: card.ID, err: err}
		}
		active, err := c.store.Active(card.ID)
		if err != nil || !active {
			return editedMsg{id: card.ID, result: result, err: err}
		}
		text, err := c.store.Content(card.ID)
		return editedMsg{id: card.ID, result: result, active: true, card: text, err: err}
	})
}

// edited shows the card as the file now has it, or moves on when the edit
// took it out of the deck (a new front without an id makes a new card).
func (r *reviewScreen) edited(msg editedMsg) tea.Cmd {
	if msg.err != nil {
		return errCmd(fmt.Errorf("edit: %w", msg.err))
	}
	// Every card of the deck may have changed.
	clear(r.texts)
	note := errCmd(noticef("%s", msg.result))
	if !r.has || msg.id != r.cur.item.Card.ID {
		return note
	}
	if !msg.active {
		r.session.Drop(msg.id)
		r.has = false
		return tea.Batch(errCmd(noticef("%s; the card on screen is no longer in the deck (a new front makes a new card), so it was skipped", msg.result)), r.advance())
	}
	r.texts[msg.id] = msg.card
	item := r.cur.item
	item.Card = msg.card
	if msg.card.Kind == deck.Basic && r.cur.item.Card.Kind == deck.Basic {
		// The same flashcard, reworded: it stays as it was, revealed or not.
		r.cur.item = item
		r.refresh()
		return note
	}
	r.show(item)
	return note
}
