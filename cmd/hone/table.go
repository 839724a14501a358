package main

import (
	"charm.land/lipgloss/v2"
	"charm.land/lipgloss/v2/table"
)

// plainTable draws rows under headers with no borders, each column but the
// last padded by two spaces, and no padding at the ends of lines. Columns
// are measured by their width on screen, so wide (CJK) text lines up.
func plainTable(headers []string, rows [][]string) string {
	last := len(headers) - 1
	t := table.New().Headers(headers...).Rows(rows...).
		BorderTop(false).BorderBottom(false).BorderLeft(false).BorderRight(false).
		BorderHeader(false).BorderColumn(false).
		StyleFunc(func(_, col int) lipgloss.Style {
			if col == last {
				return lipgloss.NewStyle()
			}
			return lipgloss.NewStyle().PaddingRight(2)
		})
	return trimLines(t.Render())
}
