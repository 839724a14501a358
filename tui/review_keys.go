package tui

import (
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/hone-srs/hone/deck"
	"github.com/hone-srs/hone/srs"
)

func (r *reviewScreen) key(msg tea.KeyPressMsg) tea.Cmd {
	k := r.c.keys
	switch {
	case key.Matches(msg, k.Quit):
		if r.busy {
			// Wait for the answer being saved: the summary counts it, or
			// tells that it failed.
			r.leaving = true
			return nil
		}
		return r.finish()
	case key.Matches(msg, k.PageUp):
		r.vp.PageUp()
		return nil
	case key.Matches(msg, k.PageDn):
		r.vp.PageDown()
		return nil
	}
	if r.busy || !r.has {
		return nil
	}
	switch {
	case key.Matches(msg, k.Undo):
		return r.undo()
	case key.Matches(msg, k.Edit) && !r.picksOption(msg):
		return r.edit()
	case r.cur.item.Card.Kind == deck.Choice:
		return r.choiceKey(msg)
	}
	return r.flashcardKey(msg)
}

func (r *reviewScreen) flashcardKey(msg tea.KeyPressMsg) tea.Cmd {
	k := r.c.keys
	switch {
	case !r.cur.view.revealed && key.Matches(msg, k.Reveal):
		r.cur.view.revealed = true
		r.refresh()
		r.vp.EnsureVisible(r.anchors.answer, 0, 0)
	case key.Matches(msg, k.Up):
		r.vp.ScrollUp(1)
	case key.Matches(msg, k.Down):
		r.vp.ScrollDown(1)
	case r.cur.view.revealed && key.Matches(msg, k.Accept):
		return r.answer(srs.Good)
	case r.cur.view.revealed:
		if q, ok := r.grade(msg); ok {
			return r.answer(q)
		}
	}
	return nil
}

func (r *reviewScreen) choiceKey(msg tea.KeyPressMsg) tea.Cmd {
	if r.cur.pending != nil {
		return r.answeredChoiceKey(msg)
	}
	k := r.c.keys
	shown := len(r.cur.view.order)
	switch {
	case key.Matches(msg, k.Up):
		r.moveCursor(-1)
	case key.Matches(msg, k.Down):
		r.moveCursor(1)
	case key.Matches(msg, k.Choose):
		return r.pick(r.cur.view.cursor)
	case key.Matches(msg, k.Pick):
		if i := strings.Index(optionKeys, msg.String()); i >= 0 && i < shown {
			return r.pick(i)
		}
	}
	return nil
}

// picksOption reports whether msg picks one of the options on screen: on a
// choice card with five options or more, e is option E, not edit.
func (r *reviewScreen) picksOption(msg tea.KeyPressMsg) bool {
	if r.cur.item.Card.Kind != deck.Choice || r.cur.pending != nil {
		return false
	}
	i := strings.Index(optionKeys, msg.String())
	return i >= 0 && i < len(r.cur.view.order)
}

func (r *reviewScreen) moveCursor(by int) {
	v := &r.cur.view
	v.cursor = min(max(v.cursor+by, 0), max(len(v.order)-1, 0))
	r.refresh()
	if v.cursor < len(r.anchors.options) {
		r.vp.EnsureVisible(r.anchors.options[v.cursor], 0, 0)
	}
}

// answeredChoiceKey goes on from an answered choice card, keeping its grade
// or giving another.
func (r *reviewScreen) answeredChoiceKey(msg tea.KeyPressMsg) tea.Cmd {
	k := r.c.keys
	switch {
	case key.Matches(msg, k.Next):
		return r.pass(*r.cur.pending)
	case key.Matches(msg, k.Up):
		r.vp.ScrollUp(1)
	case key.Matches(msg, k.Down):
		r.vp.ScrollDown(1)
	default:
		if q, ok := r.grade(msg); ok {
			if q == r.cur.pending.q {
				return r.pass(*r.cur.pending)
			}
			return r.regrade(q)
		}
	}
	return nil
}

func (r *reviewScreen) grade(msg tea.KeyPressMsg) (srs.Quality, bool) {
	k := r.c.keys
	switch {
	case key.Matches(msg, k.Again):
		return srs.Again, true
	case key.Matches(msg, k.Hard):
		return srs.Hard, true
	case key.Matches(msg, k.Good):
		return srs.Good, true
	case key.Matches(msg, k.Easy):
		return srs.Easy, true
	}
	return 0, false
}

// pick answers a choice card with the option shown at pos: right is Good,
// wrong is Again.
func (r *reviewScreen) pick(pos int) tea.Cmd {
	v := &r.cur.view
	if pos < 0 || pos >= len(v.order) {
		return nil
	}
	v.picked = pos
	q := srs.Again
	if v.order[pos] == r.cur.item.Card.Correct {
		q = srs.Good
	}
	return r.answer(q)
}

func (r *reviewScreen) ShortHelp() []key.Binding {
	k := r.c.keys
	choice := r.has && r.cur.item.Card.Kind == deck.Choice
	switch {
	case choice && r.cur.pending == nil:
		return []key.Binding{r.pickBinding(), k.Choose, k.Undo, k.Quit, k.Help}
	case choice:
		return []key.Binding{k.Next, k.Regrade, k.Undo, k.Quit, k.Help}
	case r.cur.view.revealed:
		// The line above the help already labels the grade keys.
		return []key.Binding{k.Accept, k.Undo, k.Quit, k.Help}
	}
	return []key.Binding{k.Reveal, k.Undo, k.Quit, k.Help}
}

// pickBinding is the option keys, labelled with the letters this card has.
func (r *reviewScreen) pickBinding() key.Binding {
	b := r.c.keys.Pick
	if n := len(r.cur.view.order); n > 0 {
		b.SetHelp(optionKeys[:1]+"-"+optionKeys[n-1:n], "answer")
	}
	return b
}

// FullHelp lists the keys of the card on screen: a flashcard's, or a
// choice card's.
func (r *reviewScreen) FullHelp() [][]key.Binding {
	k := r.c.keys
	session := []key.Binding{k.Undo, k.Quit, k.Help}
	if r.editable() {
		session = []key.Binding{k.Undo, k.Edit, k.Quit, k.Help}
	}
	if r.has && r.cur.item.Card.Kind == deck.Choice {
		return [][]key.Binding{
			{r.pickBinding(), k.Choose, k.Next, k.Regrade},
			{k.Up, k.Down, k.PageUp, k.PageDn},
			session,
		}
	}
	return [][]key.Binding{
		{k.Reveal, k.Accept, k.Again, k.Hard, k.Good, k.Easy},
		{k.Up, k.Down, k.PageUp, k.PageDn},
		session,
	}
}
