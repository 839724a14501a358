package tui

import (
	"strconv"
	"strings"
	"sync/atomic"

	"github.com/charmbracelet/x/ansi"

	gast "github.com/yuin/goldmark/ast"
	east "github.com/yuin/goldmark/extension/ast"
)

// cardWriter draws a parsed card as lines of styled text. Each block
// returns its lines at the width it is given; a container draws its
// children narrower and puts its bar, bullet or indent in front of them.
type cardWriter struct {
	src []byte
	p   *palette
	// stop is set when the time budget is spent: the writer gives up, and
	// its caller shows the card as plain text.
	stop  *atomic.Bool
	steps int
}

// minIndented is the narrowest text a container indents: past it, deeper
// quotes and lists are drawn without their own indentation rather than
// squeezed to nothing.
const minIndented = 12

func (w *cardWriter) stopped() bool {
	w.steps++
	return w.steps%64 == 0 && w.stop.Load()
}

// blocks draws the children of n, a blank line between each two.
func (w *cardWriter) blocks(n gast.Node, width int) []string {
	var out []string
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		if w.stopped() {
			return out
		}
		if c != n.FirstChild() && !tightAfter(c.PreviousSibling()) {
			out = append(out, "")
		}
		out = append(out, w.block(c, width)...)
	}
	return out
}

// tightAfter: no blank line follows the text of a tight list's item.
func tightAfter(n gast.Node) bool { return n.Kind() == gast.KindTextBlock }

func (w *cardWriter) block(n gast.Node, width int) []string {
	switch n := n.(type) {
	case *gast.Paragraph, *gast.TextBlock:
		return w.inline(n, 0, width)
	case *gast.Heading:
		l := lookHeading
		if n.Level == 1 {
			l |= lookHeading1
		}
		return w.inline(n, l, width)
	case *gast.ThematicBreak:
		return []string{w.p.painted(lookRule, strings.Repeat("─", width))}
	case *gast.CodeBlock, *gast.FencedCodeBlock:
		return w.code(n, width)
	case *gast.HTMLBlock:
		return w.rawLines(n, width)
	case *gast.Blockquote:
		return w.quote(n, width)
	case *gast.List:
		return w.list(n, width)
	case *east.Table:
		return w.table(n, width)
	}
	return w.blocks(n, width)
}

// inline draws a block of inline text, word-wrapped.
func (w *cardWriter) inline(n gast.Node, l look, width int) []string {
	return wrapPieces(w.p, w.pieces(n, l, nil), width)
}

// code draws a code block as it is written: tabs expanded, long lines cut at
// the width rather than at words, indented when there is room.
func (w *cardWriter) code(n gast.Node, width int) []string {
	indent := ""
	if width >= 2*minIndented {
		indent = "  "
	}
	inner := width - len(indent)
	var out []string
	lines := n.Lines()
	for i := 0; i < lines.Len(); i++ {
		if w.stopped() {
			break
		}
		seg := lines.At(i)
		text := strings.TrimRight(string(seg.Value(w.src)), "\r\n")
		text = strings.TrimRight(cleanText(expandTabs(text), false), " ")
		if text == "" {
			out = append(out, "")
			continue
		}
		for _, l := range cutLine(text, inner) {
			out = append(out, indent+w.p.painted(lookCodeBlock, strings.TrimRight(l, " ")))
		}
	}
	return out
}

// rawLines draws raw HTML as the text it is: hone does not interpret it.
func (w *cardWriter) rawLines(n gast.Node, width int) []string {
	var pieces []piece
	lines := n.Lines()
	for i := 0; i < lines.Len(); i++ {
		seg := lines.At(i)
		text := strings.TrimRight(string(seg.Value(w.src)), "\r\n")
		pieces = append(pieces, piece{cleanText(text, false), 0}, piece{"\n", 0})
	}
	return wrapPieces(w.p, pieces, width)
}

// quote draws a bar in front of its lines.
func (w *cardWriter) quote(n gast.Node, width int) []string {
	if width < minIndented {
		return w.blocks(n, width)
	}
	lines := w.blocks(n, width-2)
	bar := w.p.painted(lookQuote, "│")
	for i, l := range lines {
		if l == "" {
			lines[i] = bar
		} else {
			lines[i] = bar + " " + l
		}
	}
	return lines
}

// list draws its items with bullets, numbers or check boxes, the text of
// each hanging under its first line.
func (w *cardWriter) list(n *gast.List, width int) []string {
	markers := w.markers(n)
	markW := 0
	for _, m := range markers {
		markW = max(markW, len([]rune(m)))
	}
	markW++ // the space after the marker
	var out []string
	i := 0
	for item := n.FirstChild(); item != nil; item = item.NextSibling() {
		if w.stopped() {
			break
		}
		if i > 0 && !n.IsTight {
			out = append(out, "")
		}
		out = append(out, w.item(item, markers[i], markW, width)...)
		i++
	}
	return out
}

func (w *cardWriter) item(item gast.Node, marker string, markW, width int) []string {
	indent := markW
	if width-markW < minIndented {
		indent = 0
	}
	lines := w.blocks(item, width-indent)
	pad := strings.Repeat(" ", indent)
	if indent == 0 {
		// Too narrow to hang the text: the marker goes on a line of its own.
		return append([]string{w.p.painted(lookMarker, ansi.Truncate(marker, width, ""))}, lines...)
	}
	mark := w.p.painted(lookMarker, marker)
	if len(lines) == 0 {
		return []string{mark}
	}
	for i, l := range lines {
		switch {
		case i == 0:
			lines[i] = mark + strings.Repeat(" ", markW-len([]rune(marker))) + l
		case l != "":
			lines[i] = pad + l
		}
	}
	return lines
}

// markers are the items' bullets, numbers (right-aligned) or check boxes.
func (w *cardWriter) markers(n *gast.List) []string {
	var out []string
	num := n.Start
	widest := len(strconv.Itoa(n.Start + n.ChildCount() - 1))
	for item := n.FirstChild(); item != nil; item = item.NextSibling() {
		switch {
		case taskBox(item) != nil:
			if taskBox(item).IsChecked {
				out = append(out, "[✓]")
			} else {
				out = append(out, "[ ]")
			}
		case n.IsOrdered():
			s := strconv.Itoa(num) + string(n.Marker)
			out = append(out, strings.Repeat(" ", widest+1-len(s))+s)
			num++
		default:
			out = append(out, bullets[listDepth(n)%len(bullets)])
		}
	}
	return out
}

var bullets = []string{"•", "◦", "▪"}

// listDepth counts the lists n sits in.
func listDepth(n gast.Node) int {
	d := 0
	for p := n.Parent(); p != nil; p = p.Parent() {
		if p.Kind() == gast.KindList {
			d++
		}
	}
	return d
}

// taskBox is the check box a task list item begins with, if any.
func taskBox(item gast.Node) *east.TaskCheckBox {
	first := item.FirstChild()
	if first == nil {
		return nil
	}
	box, _ := first.FirstChild().(*east.TaskCheckBox)
	return box
}
