package tui

import (
	"fmt"
	"strings"

	"github.com/hone-srs/hone/deck"
	"github.com/hone-srs/hone/srs"
)

func (b *browseScreen) View() string {
	s := b.c.styles
	top := b.input.View()
	if b.viewing {
		row, _, _ := b.current()
		top = s.Title.Render(truncate(row.Deck+" · "+row.Topic, b.width))
	}
	return top + "\n" + truncate(b.statusLine(), b.width) + "\n" + b.body()
}

func (b *browseScreen) body() string {
	if b.viewing {
		return b.vp.View()
	}
	if len(b.rows) == 0 && !b.loading && b.problem == nil {
		return b.c.styles.Subtle.Render(truncate("No cards match. Press / to search again.", b.width))
	}
	return b.table.View()
}

// statusLine is the question being asked, what just happened, or how many
// cards match.
func (b *browseScreen) statusLine() string {
	s := b.c.styles
	switch {
	case b.confirm:
		row, _, _ := b.current()
		return s.Notice.Render("Reset " + quoteFront(row) + " to new, forgetting its schedule? y to reset, any other key to keep it")
	case b.problem != nil && isNotice(b.problem):
		return s.Notice.Render(b.problem.Error())
	case b.problem != nil:
		return s.Error.Render("! " + b.problem.Error())
	}
	return s.Subtle.Render(b.status)
}

// cardText is the card under the cursor, whole, with what hone knows of
// it: its schedule, the scheduler's memory, and the user's marks.
func (b *browseScreen) cardText() string {
	row, _, ok := b.current()
	if !ok {
		return ""
	}
	s := b.c.styles
	c := b.card
	st := cardState{revealed: true, answered: true, picked: -1, browse: true}
	for i := range c.Options {
		st.order = append(st.order, i)
	}
	text, _ := cardView(s, b.c.md, c, st, max(min(b.width, readableWidth), 1))
	return strings.Join(b.facts(row, c), "\n") + "\n\n" + text
}

// facts are the lines above a viewed card: tags, schedule, memory, marks.
func (b *browseScreen) facts(row srs.BrowseRow, c deck.Card) []string {
	s := b.c.styles
	st := row.State
	today := b.c.today()
	var lines []string
	if len(c.Tags) > 0 {
		lines = append(lines, s.Subtle.Render(truncate("tags: "+strings.Join(c.Tags, ", "), b.width)))
	}
	sched := "new: never reviewed"
	if !st.New {
		sched = fmt.Sprintf("due %s (%s) · interval %s · %d %s · %d %s", st.Due, dueCell(st, today), intervalCell(st),
			st.Reviews, plural(st.Reviews, "review", "reviews"), st.Lapses, plural(st.Lapses, "lapse", "lapses"))
	}
	lines = append(lines, s.Subtle.Render(truncate(sched, b.width)))
	if b.sch != nil && !st.New {
		var mem []string
		for _, f := range b.sch.Describe(st) {
			mem = append(mem, f.Name+" "+f.String())
		}
		lines = append(lines, s.Subtle.Render(truncate(strings.Join(mem, " · "), b.width)))
	}
	var marks []string
	if st.Suspended {
		marks = append(marks, "suspended")
	}
	if st.Leech {
		marks = append(marks, "leech")
	}
	if st.Buried(today) {
		marks = append(marks, "buried until "+st.BuriedUntil.String())
	}
	if st.Flag != srs.NoFlag {
		marks = append(marks, s.Flags[st.Flag].Render("⚑ "+st.Flag.String()))
	}
	if len(marks) > 0 {
		lines = append(lines, s.Notice.Render(truncate(strings.Join(marks, " · "), b.width)))
	}
	return lines
}
