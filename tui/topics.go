package tui

import (
	"fmt"
	"slices"

	"charm.land/lipgloss/v2"
	"charm.land/lipgloss/v2/table"

	"github.com/hone-srs/hone/deck"
	"github.com/hone-srs/hone/srs"
)

// topicColumn is one number column of the topic table.
type topicColumn struct {
	name string
	cell func(t srs.TopicStats) string
}

var topicColumns = []topicColumn{
	{"cards", func(t srs.TopicStats) string { return fmt.Sprint(t.Cards) }},
	{"seen", func(t srs.TopicStats) string { return fmt.Sprint(t.Seen) }},
	{"acc.", func(t srs.TopicStats) string {
		if t.Answers == 0 {
			return "–"
		}
		return percent(t.Right, t.Answers)
	}},
	{"lapses", func(t srs.TopicStats) string { return fmt.Sprint(t.Lapses) }},
	{"recall", func(t srs.TopicStats) string {
		if t.Seen == 0 {
			return "–"
		}
		return fmt.Sprintf("%.0f%%", t.Recall*100)
	}},
	{"weak", func(t srs.TopicStats) string {
		if !t.Enough {
			return "n/a"
		}
		return fmt.Sprintf("%.2f", t.Weakness)
	}},
}

// dropOrder is which columns a narrow window loses first; weak, the one
// the table is sorted by, and accuracy stay.
var dropOrder = []string{"lapses", "seen", "recall", "cards"}

// minTopicWidth is the least room a topic's name keeps before columns go.
const minTopicWidth = 12

// topicTable draws the topics, weakest first, in columns measured by their
// width on screen, so that wide (CJK) names line up.
func topicTable(topics []srs.TopicStats, s Styles, width int) string {
	if len(topics) == 0 {
		return s.Subtle.Render("no topics yet")
	}
	cols := fitTopicColumns(width)
	numbers := 0
	for _, c := range cols {
		numbers += max(lipgloss.Width(c.name), 6) + 1
	}
	nameW := max(width-numbers, 4)
	headers := []string{"topic"}
	for _, c := range cols {
		headers = append(headers, c.name)
	}
	rows := make([][]string, len(topics))
	for i, t := range topics {
		rows[i] = []string{truncate(deck.SanitizeLine(t.Topic), nameW)}
		for _, c := range cols {
			rows[i] = append(rows[i], c.cell(t))
		}
	}
	tbl := table.New().Headers(headers...).Rows(rows...).
		BorderTop(false).BorderBottom(false).BorderLeft(false).BorderRight(false).
		BorderHeader(false).BorderColumn(false).
		StyleFunc(func(row, col int) lipgloss.Style {
			st := lipgloss.NewStyle()
			if col == 0 {
				st = st.Width(nameW)
			} else {
				st = st.Width(max(lipgloss.Width(headers[col]), 6) + 1).Align(lipgloss.Right)
			}
			switch {
			case row == table.HeaderRow:
				return st.Inherit(s.Subtle)
			case row >= 0 && row < len(topics) && !topics[row].Enough:
				return st.Inherit(s.Muted)
			}
			return st
		})
	out := tbl.Render()
	if !topics[len(topics)-1].Enough {
		out += "\n" + footnote(s, fmt.Sprintf("n/a: fewer than %d answers in %d days, not enough data to rank", srs.MinAnswers, srs.AccuracyWindow), width)
	}
	return out
}

// fitTopicColumns keeps the number columns that leave the topic name room.
func fitTopicColumns(width int) []topicColumn {
	cols := slices.Clone(topicColumns)
	fits := func() bool {
		used := 0
		for _, c := range cols {
			used += max(lipgloss.Width(c.name), 6) + 1
		}
		return width-used >= minTopicWidth
	}
	for _, name := range dropOrder {
		if fits() {
			break
		}
		cols = slices.DeleteFunc(cols, func(c topicColumn) bool { return c.name == name })
	}
	return cols
}
