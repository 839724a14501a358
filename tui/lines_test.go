package tui

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"

	"github.com/hone-srs/hone/srs"
)

// Lines drawn without the markdown renderer (the browser's card column,
// the summary's missed cards, an option) drop the markers a reader should
// not see, and keep text that only looks like one.
func TestPlain(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"**bold** and `code`", "bold and code"},
		{"ITIL 4 has ==[...]== practices", "ITIL 4 has [...] practices"},
		{"The ==[organelle]== is the powerhouse", "The [organelle] is the powerhouse"},
		{"if a == b then", "if a == b then"},
		{"x ==[y", "x ==[y"},
	} {
		if got := plain(c.in); got != c.want {
			t.Errorf("plain(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

// On a wide terminal the topics table stays at a readable width, so a
// topic's numbers sit next to its name.
func TestStatsTableReadableWidth(t *testing.T) {
	st := srs.Stats{Topics: []srs.TopicStats{{Deck: "d", Topic: "Practice groups", Cards: 37, Seen: 20}}}
	for _, width := range []int{40, 100, 250} {
		for _, line := range strings.Split(ansi.Strip(RenderStats(st, width, true)), "\n") {
			if w := ansi.StringWidth(strings.TrimRight(line, " ")); w > min(width, readableWidth) {
				t.Errorf("width %d: a line of %d cells: %q", width, w, line)
			}
		}
	}
}
