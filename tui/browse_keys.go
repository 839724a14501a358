package tui

import (
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/table"
	tea "charm.land/bubbletea/v2"

	"github.com/hone-srs/hone/srs"
)

// tableKeys are the table's moves, from the one KeyMap: the table's own
// defaults (b, f, u, d, space) would take keys the browser uses.
func tableKeys(k KeyMap) table.KeyMap {
	return table.KeyMap{
		LineUp: k.Up, LineDown: k.Down, PageUp: k.PageUp, PageDown: k.PageDn,
		GotoTop: k.Top, GotoBottom: k.Bottom,
	}
}

// typing reports whether keys go to the search field, so that ? and q are
// letters there.
func (b *browseScreen) typing() bool { return b.input.Focused() }

func (b *browseScreen) key(msg tea.KeyPressMsg) tea.Cmd {
	k := b.c.keys
	switch {
	case b.input.Focused():
		return b.inputKey(msg)
	case b.confirm:
		b.confirm = false
		if key.Matches(msg, k.Confirm) {
			return b.mark(srs.Mark{Kind: srs.Reset}, "reset to new")
		}
		b.problem = noticef("reset cancelled")
		return nil
	case key.Matches(msg, k.Quit):
		return func() tea.Msg { return quitMsg{} }
	case key.Matches(msg, k.Cancel) && b.viewing:
		b.viewing = false
		return nil
	case key.Matches(msg, k.Cancel):
		return func() tea.Msg { return goHomeMsg{} }
	}
	b.problem = nil
	if cmd, ok := b.actionKey(msg); ok {
		return cmd
	}
	if b.viewing {
		b.vp, _ = b.vp.Update(msg)
		return nil
	}
	return b.moveKey(msg)
}

// actionKey handles the keys that change or open the card under the
// cursor, in the table or in the card's view.
func (b *browseScreen) actionKey(msg tea.KeyPressMsg) (tea.Cmd, bool) {
	k := b.c.keys
	row, _, ok := b.current()
	switch {
	case key.Matches(msg, k.Undo):
		return b.undo(), true
	case !ok:
		return nil, false
	case key.Matches(msg, k.View) && !b.viewing:
		return b.open(), true
	case key.Matches(msg, k.SuspendCard):
		if row.State.Suspended {
			return b.mark(srs.Mark{Kind: srs.Unsuspend}, "unsuspended "+quoteFront(row)), true
		}
		return b.mark(srs.Mark{Kind: srs.Suspend}, "suspended "+quoteFront(row)), true
	case key.Matches(msg, k.BuryCard):
		today := b.c.today()
		if row.State.Buried(today) {
			return b.mark(srs.Mark{Kind: srs.Unbury}, "unburied "+quoteFront(row)), true
		}
		return b.mark(srs.Mark{Kind: srs.Bury, Until: today.Add(1)}, "buried until tomorrow "+quoteFront(row)), true
	case key.Matches(msg, k.FlagCard):
		f, _ := srs.FlagNamed(msg.String())
		what := "flagged " + f.String() + " " + quoteFront(row)
		if f == srs.NoFlag {
			what = "flag taken off " + quoteFront(row)
		}
		return b.mark(srs.Mark{Kind: srs.SetFlag, Flag: f}, what), true
	case key.Matches(msg, k.ResetCard):
		b.confirm = true
		return nil, true
	}
	return nil, false
}

// moveKey moves in the table, and reads more cards as the cursor nears
// the end of those read.
func (b *browseScreen) moveKey(msg tea.KeyPressMsg) tea.Cmd {
	k := b.c.keys
	switch {
	case key.Matches(msg, k.Search):
		b.input.CursorEnd()
		return b.input.Focus()
	case key.Matches(msg, k.Bottom) && b.next < len(b.search.IDs):
		b.toEnd = true
		return b.more()
	}
	b.table, _ = b.table.Update(msg)
	return b.more()
}

// inputKey edits the search: enter runs it, esc leaves it as it was.
func (b *browseScreen) inputKey(msg tea.KeyPressMsg) tea.Cmd {
	switch {
	case msg.String() == "enter":
		b.input.Blur()
		b.query = strings.TrimSpace(b.input.Value())
		return b.load()
	case msg.String() == "esc":
		b.input.SetValue(b.query)
		b.input.Blur()
		return nil
	}
	var cmd tea.Cmd
	b.input, cmd = b.input.Update(msg)
	return cmd
}

func quoteFront(r srs.BrowseRow) string { return "“" + truncate(plain(r.Front), 30) + "”" }

func (b *browseScreen) ShortHelp() []key.Binding {
	k := b.c.keys
	switch {
	case b.input.Focused():
		run, leave := k.View, k.Cancel
		run.SetHelp("enter", "search")
		leave.SetHelp("esc", "cancel")
		return []key.Binding{run, leave}
	case b.confirm:
		return []key.Binding{k.Confirm}
	case b.viewing:
		return []key.Binding{short(k.SuspendCard, "suspend"), short(k.BuryCard, "bury"), short(k.FlagCard, "flag"),
			short(k.ResetCard, "reset"), k.Undo, k.Cancel, k.Help}
	}
	return []key.Binding{k.Search, short(k.View, "view"), short(k.SuspendCard, "suspend"), short(k.BuryCard, "bury"),
		short(k.FlagCard, "flag"), short(k.ResetCard, "reset"), k.Undo, k.Cancel, k.Help}
}

// short is a binding with a shorter word for the one-line help; the full
// help (?) keeps the long one.
func short(b key.Binding, desc string) key.Binding {
	b.SetHelp(b.Help().Key, desc)
	return b
}

func (b *browseScreen) FullHelp() [][]key.Binding {
	k := b.c.keys
	return [][]key.Binding{
		{k.Search, k.View, k.Cancel},
		{k.Up, k.Down, k.PageUp, k.PageDn, k.Top, k.Bottom},
		{k.SuspendCard, k.BuryCard, k.FlagCard, k.ResetCard, k.Undo},
		{k.Quit, k.Help},
	}
}
