package tui

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/hone-srs/hone/srs"
)

// The study-more panel of the home screen: more new cards than the day's
// limit, or reviews ahead of time, from the deck under the cursor.

func (h *homeScreen) moreKey(msg tea.KeyPressMsg) tea.Cmd {
	k := h.c.keys
	deckName := ""
	if h.cursor < len(h.rows) {
		deckName = h.rows[h.cursor].info.Name
	}
	switch {
	case key.Matches(msg, k.MoreNew):
		h.more = false
		return startSession(h.c, Scope{Deck: deckName, More: MoreNew})
	case key.Matches(msg, k.Ahead):
		h.more = false
		return startSession(h.c, Scope{Deck: deckName, More: MoreAhead})
	case key.Matches(msg, k.Cancel), key.Matches(msg, k.StudyMore):
		h.more = false
	case key.Matches(msg, k.Quit):
		return func() tea.Msg { return quitMsg{} }
	}
	return nil
}

// morePanel offers the two ways to study more, for the selected deck.
func (h *homeScreen) morePanel() string {
	s := h.c.styles
	name := ""
	if h.cursor < len(h.rows) {
		name = h.rows[h.cursor].info.Name
	}
	option := func(b key.Binding, what string) string {
		return s.GradeKey.Render(b.Help().Key) + " " + what
	}
	k := h.c.keys
	lines := []string{
		s.Title.Render(truncate("Study more in "+name, h.width)),
		truncate("  "+option(k.MoreNew, fmt.Sprintf("%d more new cards today", srs.MoreNewCards)), h.width),
		truncate("  "+option(k.Ahead, "review ahead: the cards due soonest"), h.width),
	}
	if h.compact() {
		lines = lines[:1]
		lines = append(lines, truncate(option(k.MoreNew, "new")+"  "+option(k.Ahead, "ahead"), h.width))
	}
	return strings.Join(lines, "\n")
}
