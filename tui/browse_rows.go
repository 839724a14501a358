package tui

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/table"

	"github.com/hone-srs/hone/srs"
)

// column is one of the browser table's columns: its heading, its width
// and how a row fills it. The memory columns come from the scheduler's
// Describe: SM-2's ease, FSRS's stability and difficulty.
type column struct {
	title string
	width int
	cell  func(r srs.BrowseRow) string
}

// columns fit the table's columns to the width: the card's front takes
// what the others leave, and the others go, least useful first, until the
// front has room to be read.
func (b *browseScreen) columns() []table.Column {
	specs := b.columnSpecs()
	pad := b.c.styles.Table.Cell.GetHorizontalFrameSize()
	front := 24
	if b.width < 60 {
		front = 12
	}
	for len(specs) > 1 {
		used := 0
		for _, c := range specs[1:] {
			used += c.width + pad
		}
		if b.width-used-pad >= front {
			specs[0].width = min(b.width-used-pad, readableWidth)
			break
		}
		specs = specs[:len(specs)-1]
	}
	if len(specs) == 1 {
		specs[0].width = max(b.width-pad, 1)
	}
	out := make([]table.Column, len(specs))
	for i, c := range specs {
		out[i] = table.Column{Title: c.title, Width: c.width}
	}
	return out
}

// columnSpecs are every column, most useful first.
func (b *browseScreen) columnSpecs() []column {
	today := b.c.today()
	specs := []column{
		{"Card", 0, func(r srs.BrowseRow) string { return plain(r.Front) }},
		{"Due", 7, func(r srs.BrowseRow) string { return dueCell(r.State, today) }},
		{"State", min(18, max(10, b.width/4)), func(r srs.BrowseRow) string { return stateCell(r.State, today) }},
	}
	rest := []column{
		{"Lapses", 6, func(r srs.BrowseRow) string { return fmt.Sprint(r.State.Lapses) }},
		{"Ivl", 5, func(r srs.BrowseRow) string { return intervalCell(r.State) }},
		{"Deck", min(max(b.width/8, 10), 24), func(r srs.BrowseRow) string { return r.Deck }},
		{"Topic", min(max(b.width/8, 10), 24), func(r srs.BrowseRow) string { return r.Topic }},
	}
	return append(append(specs, b.memoryColumns()...), rest...)
}

// memoryColumns are the scheduler's facts: SM-2's ease, FSRS's stability
// and difficulty.
func (b *browseScreen) memoryColumns() []column {
	sch := b.sch
	if sch == nil {
		return nil
	}
	var out []column
	for k, f := range sch.Describe(srs.NewCardState()) {
		out = append(out, column{f.Short, max(len(f.Short), 5), func(r srs.BrowseRow) string {
			if facts := sch.Describe(r.State); k < len(facts) {
				return facts[k].String()
			}
			return ""
		}})
	}
	return out
}

// setRows gives the table the rows read so far, keeping its cursor on
// one (an empty table leaves it at -1).
func (b *browseScreen) setRows() {
	b.table.SetRows(b.tableRows())
	if b.table.Cursor() < 0 && len(b.rows) > 0 {
		b.table.SetCursor(0)
	}
}

// tableRows are the rows read so far, as the table draws them.
func (b *browseScreen) tableRows() []table.Row {
	specs := b.columnSpecs()
	cols := b.table.Columns()
	rows := make([]table.Row, len(b.rows))
	for i, r := range b.rows {
		row := make(table.Row, len(cols))
		for j := range cols {
			row[j] = specs[j].cell(r)
		}
		rows[i] = row
	}
	return rows
}

// dueCell words when a card is due, from today: "today", "in 3d", "2d
// ago"; "–" for a new card.
func dueCell(s srs.CardState, today srs.Day) string {
	if s.New {
		return "–"
	}
	switch n := int(int64(s.Due) - int64(today)); {
	case n == 0:
		return "today"
	case n > 0:
		return "in " + interval(n)
	default:
		return interval(-n) + " ago"
	}
}

// intervalCell is the interval the scheduler last set.
func intervalCell(s srs.CardState) string {
	if s.New {
		return "–"
	}
	return interval(int(int64(s.Due) - int64(s.LastDay)))
}

// stateCell names what sets a card apart: new or due, and the user's
// marks, briefly ("susp" for suspended); the card's view spells them out.
func stateCell(s srs.CardState, today srs.Day) string {
	var parts []string
	switch {
	case s.Suspended || s.Buried(today):
	case s.New:
		parts = append(parts, "new")
	case s.Due <= today:
		parts = append(parts, "due")
	}
	if s.Suspended {
		parts = append(parts, "susp")
	}
	if s.Buried(today) {
		parts = append(parts, "buried")
	}
	if s.Leech {
		parts = append(parts, "leech")
	}
	if s.Flag != srs.NoFlag {
		parts = append(parts, "⚑"+s.Flag.String())
	}
	return strings.Join(parts, " ")
}
