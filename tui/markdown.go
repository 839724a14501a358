package tui

import (
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"

	"github.com/hone-srs/hone/internal/gfm"
)

// markdown renders card text for the terminal: goldmark parses it, and
// cardWriter draws it with hone's styles. Rendering is bounded: text too big
// or too deeply nested is shown as plain text without being parsed; a card
// of a few KB is drawn at once (it cannot take long); and a longer one that
// runs past formatBudget is abandoned for plain text, so the UI never waits
// on a card for longer than that.
type markdown struct {
	parserOnce sync.Once
	parser     parser.Parser
	// budget is formatBudget; tests shorten it.
	budget time.Duration
	// styles are the looks of card text on a dark and on a light
	// background, built once each.
	styles [2]*MarkdownStyles
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
	width = max(width, 2)
	k := renderKey{src, width, dark}
	if out, ok := m.done[k]; ok {
		return out
	}
	out := m.renderNew(src, width, m.stylesFor(dark))
	if m.done == nil || len(m.done) >= maxRendered {
		m.done = map[renderKey]string{}
	}
	m.done[k] = out
	return out
}

func (m *markdown) stylesFor(dark bool) MarkdownStyles {
	i := 0
	if dark {
		i = 1
	}
	if m.styles[i] == nil {
		s := newStyles(dark).Markdown
		m.styles[i] = &s
	}
	return *m.styles[i]
}

func (m *markdown) renderNew(src string, width int, s MarkdownStyles) string {
	if why := overBudget(src); why != "" {
		return plainCard(src, width, s, why)
	}
	m.parserOnce.Do(func() { m.parser = newCardParser() })
	if len(src) <= maxQuickBytes {
		// Small enough to be quick whatever it holds: drawn here, with no
		// clock involved, so the same card always looks the same.
		return formatSafely(m.parser, src, width, s, new(atomic.Bool))
	}
	budget := m.budget
	if budget == 0 {
		budget = formatBudget
	}
	// The rendering runs on its own goroutine so that this one can stop
	// waiting for it; told to stop, it gives up at its next block.
	stop := new(atomic.Bool)
	done := make(chan string, 1)
	go func() { done <- formatSafely(m.parser, src, width, s, stop) }()
	timer := time.NewTimer(budget)
	defer timer.Stop()
	select {
	case out := <-done:
		return out
	case <-timer.C:
		stop.Store(true)
		return plainCard(src, width, s, "Shown as plain text: the card took too long to format.")
	}
}

// formatSafely is formatCard, except that no card may crash hone: a fault
// in formatting shows the text as it is.
func formatSafely(p parser.Parser, src string, width int, s MarkdownStyles, stop *atomic.Bool) (out string) {
	defer func() {
		if recover() != nil {
			out = plainCard(src, width, s, "Shown as plain text: the card could not be formatted.")
		}
	}()
	return formatCard(p, src, width, s, stop)
}

// newCardParser is the markdown hone's cards are written in: CommonMark
// with GitHub's tables, strikethrough and task lists, and ==marked== text.
// Only goldmark's parser is used; cardWriter draws the tree.
func newCardParser() parser.Parser {
	return goldmark.New(goldmark.WithExtensions(gfm.Table, gfm.Strikethrough, gfm.TaskList, gfm.Mark)).Parser()
}

// formatCard parses src and draws it at width.
func formatCard(p parser.Parser, src string, width int, s MarkdownStyles, stop *atomic.Bool) string {
	b := []byte(src)
	doc := p.Parse(text.NewReader(b))
	w := &cardWriter{src: b, p: newPalette(s), stop: stop}
	return strings.Join(trimBlank(w.blocks(doc, width)), "\n")
}

// plainCard is a card that is not formatted: its text, cleaned of anything
// the terminal would act on and word-wrapped, under a line saying why.
func plainCard(src string, width int, s MarkdownStyles, why string) string {
	p := newPalette(s)
	cut := ""
	if len(src) > maxPlainBytes {
		cut = "… (" + byteSize(len(src)-maxPlainBytes) + " more not shown)"
		src = src[:maxPlainBytes]
	}
	var pieces []piece
	for i, line := range strings.Split(src, "\n") {
		if i > 0 {
			pieces = append(pieces, piece{"\n", 0})
		}
		pieces = append(pieces, piece{cleanText(expandTabs(line), false), 0})
	}
	if cut != "" {
		pieces = append(pieces, piece{"\n", 0}, piece{cut, lookNote})
	}
	lines := wrapPieces(p, []piece{{why, lookNote}}, width)
	lines = append(lines, "")
	return strings.Join(append(lines, wrapPieces(p, pieces, width)...), "\n")
}

func byteSize(n int) string {
	if n < 1<<10 {
		return fmt.Sprintf("%d bytes", n)
	}
	return fmt.Sprintf("%.1f KB", float64(n)/(1<<10))
}

// trimBlank drops blank lines at either end.
func trimBlank(lines []string) []string {
	for len(lines) > 0 && lines[0] == "" {
		lines = lines[1:]
	}
	for len(lines) > 0 && lines[len(lines)-1] == "" {
		lines = lines[:len(lines)-1]
	}
	return lines
}
