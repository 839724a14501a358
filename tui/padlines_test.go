package tui

import (
	"strings"
	"testing"

	"charm.land/lipgloss/v2"
)

// padLines stands in for the App style's Render on every frame; it must
// draw exactly what Render draws.
func TestPadLinesIsAppRender(t *testing.T) {
	s := newStyles(true)
	a, _, _ := newTestApp(t, 80, 24)
	press(a, "enter", "space")
	body := a.active().View()
	for _, text := range []string{
		"", "one line", "a\n\nb", "tab\there\n" + strings.Repeat("wide ", 30),
		s.Title.Render("hone") + "\n" + s.Subtle.Render("é, 日本語, ✓") + "\n",
		body, body + "\n" + a.footer(78),
	} {
		want := s.App.Render(text)
		if got := padLines(text, s.App.GetPaddingLeft(), s.App.GetPaddingRight()); got != want {
			t.Errorf("padLines(%q):\n%q\nRender:\n%q", text, got, want)
		}
	}
	if s.App.GetHorizontalFrameSize() != 2 || s.App.GetBorderStyle() != (lipgloss.Border{}) {
		t.Error("the App style is no longer one column of padding each side; padLines draws only that")
	}
}
