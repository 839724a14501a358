package tui

import (
	"strings"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"
)

// truncate cuts s to width cells, marking the cut.
func truncate(s string, width int) string {
	if width <= 0 {
		return ""
	}
	return ansi.Truncate(s, width, "…")
}

// spread puts left and right at the two ends of a line of width cells.
func spread(left, right string, width int) string {
	gap := width - lipgloss.Width(left) - lipgloss.Width(right)
	if gap < 1 {
		return truncate(left+" "+right, width)
	}
	return left + strings.Repeat(" ", gap) + right
}

// clip keeps the first height lines of s.
func clip(s string, height int) string {
	if height <= 0 {
		return ""
	}
	lines := strings.Split(s, "\n")
	if len(lines) > height {
		lines = lines[:height]
	}
	return strings.Join(lines, "\n")
}

// padLines draws text in the App style, which is padding only, as its
// Render would: every line padded to the widest, then by left and right
// spaces. It measures each line once; Render measures every line of the
// screen twice and wraps it, which was most of a frame's cost at 200×60.
func padLines(s string, left, right int) string {
	s = strings.ReplaceAll(s, "\t", "    ") // as Render does
	lines := strings.Split(s, "\n")
	widths := make([]int, len(lines))
	widest := 0
	for i, l := range lines {
		widths[i] = ansi.StringWidth(l)
		widest = max(widest, widths[i])
	}
	var b strings.Builder
	b.Grow(len(s) + len(lines)*(left+right+1))
	for i, l := range lines {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(strings.Repeat(" ", left))
		b.WriteString(l)
		b.WriteString(strings.Repeat(" ", widest-widths[i]+right))
	}
	return b.String()
}
