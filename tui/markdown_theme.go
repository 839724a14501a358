package tui

import (
	"strings"

	"charm.land/lipgloss/v2"
)

// look is a set of markdown styles that apply to a run of text at once:
// strong text inside a link is drawn both strong and as a link.
type look uint32

const (
	lookCode look = 1 << iota
	lookCodeBlock
	lookMark
	lookURL
	lookLink
	lookImage
	lookHeading1
	lookHeading
	lookTableHeader
	lookStrong
	lookEmph
	lookStrike
	// Decorations are drawn alone, never combined with the above.
	lookQuote
	lookRule
	lookMarker
	lookBorder
	lookNote
)

// styleOf is the style each look stands for. Where two looks set the same
// property (a colour, say), the one earlier in this list wins.
func (m MarkdownStyles) styleOf(l look) lipgloss.Style {
	switch l {
	case lookCode:
		return m.Code
	case lookCodeBlock:
		return m.CodeBlock
	case lookMark:
		return m.Mark
	case lookURL:
		return m.URL
	case lookLink:
		return m.Link
	case lookImage:
		return m.Image
	case lookHeading1:
		return m.Heading1
	case lookHeading:
		return m.Heading
	case lookTableHeader:
		return m.TableHeader
	case lookStrong:
		return m.Strong
	case lookEmph:
		return m.Emph
	case lookStrike:
		return m.Strike
	case lookQuote:
		return m.Quote
	case lookRule:
		return m.Rule
	case lookMarker:
		return m.Marker
	case lookBorder:
		return m.TableBorder
	case lookNote:
		return m.Note
	}
	return lipgloss.NewStyle()
}

// sgr is the escape sequence that turns a look on, and the one that turns it
// off.
type sgr struct{ on, off string }

// palette turns looks into escape sequences. It belongs to one rendering, so
// that a rendering left running past its time budget shares nothing with the
// next one.
type palette struct {
	styles MarkdownStyles
	seen   map[look]sgr
}

func newPalette(s MarkdownStyles) *palette { return &palette{styles: s, seen: map[look]sgr{}} }

// sgr composes the styles of l and takes the sequences lipgloss draws around
// a placeholder with them: the styles' own sequences, and nothing else.
func (p *palette) sgr(l look) sgr {
	if s, ok := p.seen[l]; ok {
		return s
	}
	style := lipgloss.NewStyle()
	for bit := look(1); bit != 0 && bit <= l; bit <<= 1 {
		if l&bit != 0 {
			style = style.Inherit(p.styles.styleOf(bit))
		}
	}
	drawn := style.Render("x")
	i := strings.IndexByte(drawn, 'x')
	s := sgr{on: drawn[:i], off: drawn[i+1:]}
	p.seen[l] = s
	return s
}

// paint draws text in look l.
func (p *palette) paint(b *strings.Builder, l look, text string) {
	if l == 0 || text == "" {
		b.WriteString(text)
		return
	}
	s := p.sgr(l)
	b.WriteString(s.on)
	b.WriteString(text)
	b.WriteString(s.off)
}

func (p *palette) painted(l look, text string) string {
	var b strings.Builder
	p.paint(&b, l, text)
	return b.String()
}
