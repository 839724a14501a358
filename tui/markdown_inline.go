package tui

import (
	"strconv"
	"strings"
	"unicode/utf8"

	gast "github.com/yuin/goldmark/ast"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/util"

	"github.com/hone-srs/hone/internal/gfm"
)

// pieces flattens the inline children of n into runs of text, each in the
// looks of the elements around it.
func (w *cardWriter) pieces(n gast.Node, l look, out []piece) []piece {
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		if w.stopped() {
			return out
		}
		switch c := c.(type) {
		case *gast.Text:
			out = w.text(c, l, out)
		case *gast.String:
			out = append(out, piece{cleanText(string(c.Value), false), l})
		case *gast.CodeSpan:
			out = append(out, piece{"\u00a0" + w.plainText(c, true) + "\u00a0", l | lookCode})
		case *gast.Emphasis:
			out = w.pieces(c, l|emphasisLook(c.Level), out)
		case *east.Strikethrough:
			out = w.pieces(c, l|lookStrike, out)
		case *gfm.MarkNode:
			out = w.pieces(c, l|lookMark, out)
		case *gast.Link:
			out = w.link(c, l, out)
		case *gast.AutoLink:
			out = append(out, piece{cleanText(string(c.URL(w.src)), false), l | lookLink})
		case *gast.Image:
			out = append(out, piece{imageText(w.plainText(c, false)), l | lookImage})
		case *gast.RawHTML:
			out = w.rawHTML(c, l, out)
		case *east.TaskCheckBox:
			// Drawn as the item's marker.
		default:
			out = w.pieces(c, l, out)
		}
	}
	return out
}

func emphasisLook(level int) look {
	if level >= 2 {
		return lookStrong
	}
	return lookEmph
}

// text is a run of text and the line break after it. Newlines in the card
// are kept, as they were written.
func (w *cardWriter) text(t *gast.Text, l look, out []piece) []piece {
	v := t.Segment.Value(w.src)
	if !t.IsRaw() {
		v = unescape(v)
	}
	out = append(out, piece{cleanText(string(v), false), l})
	if t.SoftLineBreak() || t.HardLineBreak() {
		out = append(out, piece{"\n", l})
	}
	return out
}

// link draws the link's text, then where it goes (once, when the text is
// the address itself). Hyperlink escapes are never written: a card cannot
// make its text point somewhere else.
func (w *cardWriter) link(c *gast.Link, l look, out []piece) []piece {
	start := len(out)
	out = w.pieces(c, l|lookLink, out)
	dest := cleanText(string(unescape(c.Destination)), false)
	var label strings.Builder
	for _, pc := range out[start:] {
		label.WriteString(pc.text)
	}
	switch {
	case dest == "" || dest == label.String():
	case label.Len() == 0:
		out = append(out, piece{dest, l | lookLink})
	default:
		out = append(out, piece{" ", l}, piece{"(" + dest + ")", l | lookURL})
	}
	return out
}

// imageText stands for an image: the terminal cannot show it, and its file
// is not the learner's business.
func imageText(alt string) string {
	if alt == "" {
		return "[image]"
	}
	return "[image: " + alt + "]"
}

func (w *cardWriter) rawHTML(c *gast.RawHTML, l look, out []piece) []piece {
	for i := 0; i < c.Segments.Len(); i++ {
		seg := c.Segments.At(i)
		out = append(out, piece{cleanText(string(seg.Value(w.src)), false), l})
	}
	return out
}

// plainText is the text inside n without its markup: the alt text of an
// image, or the content of inline code (raw: backslashes stay).
func (w *cardWriter) plainText(n gast.Node, raw bool) string {
	var b strings.Builder
	var walk func(gast.Node)
	walk = func(n gast.Node) {
		for c := n.FirstChild(); c != nil; c = c.NextSibling() {
			switch c := c.(type) {
			case *gast.Text:
				v := c.Segment.Value(w.src)
				if !raw && !c.IsRaw() {
					v = unescape(v)
				}
				b.Write(v)
				if !raw && (c.SoftLineBreak() || c.HardLineBreak()) {
					b.WriteByte(' ')
				}
			case *gast.String:
				b.Write(c.Value)
			default:
				walk(c)
			}
		}
	}
	walk(n)
	return cleanText(b.String(), false)
}

// unescape applies markdown's backslash escapes and character references,
// in one pass as goldmark's own renderer does, so that "\&amp;" stays
// "&amp;". What a reference names may be a control character; cleanText
// drops those afterwards.
func unescape(v []byte) []byte {
	if !strings.ContainsAny(string(v), `\&`) {
		return v
	}
	out := make([]byte, 0, len(v))
	for i := 0; i < len(v); i++ {
		switch c := v[i]; {
		case c == '\\' && i+1 < len(v) && util.IsPunct(v[i+1]):
			out = append(out, v[i+1])
			i++
		case c == '&':
			r, n := reference(v[i:])
			if n == 0 {
				out = append(out, c)
				continue
			}
			out = append(out, r...)
			i += n - 1
		default:
			out = append(out, c)
		}
	}
	return out
}

// reference reads a character reference at the start of v ("&amp;",
// "&#38;", "&#x26;") and returns what it stands for and its length, or a
// length of 0 when v does not start with one.
func reference(v []byte) ([]byte, int) {
	end := 1
	for end < len(v) && end < 40 && v[end] != ';' && v[end] != '&' && v[end] != ' ' {
		end++
	}
	if end >= len(v) || v[end] != ';' || end == 1 {
		return nil, 0
	}
	name := string(v[1:end])
	if name[0] != '#' {
		e, ok := util.LookUpHTML5EntityByName(name)
		if !ok {
			return nil, 0
		}
		return e.Characters, end + 1
	}
	num, base := name[1:], 10
	if num != "" && (num[0] == 'x' || num[0] == 'X') {
		num, base = num[1:], 16
	}
	if num == "" || len(num) > 7 {
		return nil, 0
	}
	code, err := strconv.ParseUint(num, base, 32)
	if err != nil {
		return nil, 0
	}
	r := rune(code)
	if r == 0 || !utf8.ValidRune(r) {
		r = utf8.RuneError
	}
	return utf8.AppendRune(nil, r), end + 1
}
