package tui

import (
	"strings"

	"charm.land/glamour/v2"
	gansi "charm.land/glamour/v2/ansi"
	"charm.land/glamour/v2/styles"
	"github.com/charmbracelet/x/ansi"
)

// markdown renders card text for the terminal. Building a glamour renderer
// parses a whole style, so one is kept per width and background; only the
// card on screen is ever rendered.
type markdown struct {
	dark     bool
	width    int
	renderer *glamour.TermRenderer
	// done keeps the last few renderings: a card is drawn again on every
	// cursor move and resize, and its text has not changed.
	done map[renderKey]string
}

type renderKey struct {
	src   string
	width int
	dark  bool
}

// maxRendered bounds the cache; a screen shows at most a few texts.
const maxRendered = 16

func (m *markdown) render(src string, width int, dark bool) string {
	if src == "" {
		return ""
	}
	width = max(width, 8)
	k := renderKey{src, width, dark}
	if out, ok := m.done[k]; ok {
		return out
	}
	out := m.renderNew(src, width, dark)
	if m.done == nil || len(m.done) >= maxRendered {
		m.done = map[renderKey]string{}
	}
	m.done[k] = out
	return out
}

func (m *markdown) renderNew(src string, width int, dark bool) string {
	if m.renderer == nil || m.width != width || m.dark != dark {
		r, err := glamour.NewTermRenderer(glamour.WithStyles(cardStyle(dark)), glamour.WithWordWrap(width), glamour.WithPreservedNewLines())
		if err != nil {
			return src
		}
		m.renderer, m.width, m.dark = r, width, dark
	}
	out, err := m.renderer.Render(src)
	if err != nil {
		return src
	}
	return trimBlankLines(out)
}

// cardStyle is glamour's standard style without the document margin and the
// blank lines around it: the card's box already frames the text.
func cardStyle(dark bool) gansi.StyleConfig {
	s := styles.LightStyleConfig
	if dark {
		s = styles.DarkStyleConfig
	}
	zero := uint(0)
	s.Document.Margin = &zero
	s.Document.BlockPrefix = ""
	s.Document.BlockSuffix = ""
	return s
}

// trimBlankLines drops the blank lines glamour puts around blocks and the
// padding it adds at line ends.
func trimBlankLines(s string) string {
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		lines[i] = strings.TrimRight(l, " ")
	}
	for len(lines) > 0 && strings.TrimSpace(ansi.Strip(lines[0])) == "" {
		lines = lines[1:]
	}
	for len(lines) > 0 && strings.TrimSpace(ansi.Strip(lines[len(lines)-1])) == "" {
		lines = lines[:len(lines)-1]
	}
	return strings.Join(lines, "\n")
}
