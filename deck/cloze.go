package deck

import (
	"slices"
	"strconv"
	"strings"
)

// clozeNode is a piece of a cloze note: plain text, or a deletion.
type clozeNode struct {
	text string      // plain text, when num == 0
	num  int         // the deletion's number, from 1: one card per number
	body []clozeNode // what the deletion hides; Anki lets deletions nest
	hint string      // shown in place of the deletion when not empty
}

// clozeSyntax says which ways of marking a deletion a source uses.
type clozeSyntax struct {
	anki      bool // {{c1::text}} and {{c1::text::hint}}
	highlight bool // ==text==
	bold      bool // **text**
	curly     bool // {{text}}
	// numbered reads the Obsidian plugin's forms inside ==, ** and {{ }}:
	// "2;;text" numbers the deletion (equal numbers make one card) and
	// "text;;hint" gives a hint.
	numbered bool
	markdown bool // markers inside `code spans` are text
}

// ankiCloze is how Anki's own text marks deletions.
var ankiCloze = clozeSyntax{anki: true}

// honeCloze is how a hone deck marks them: ==text== as in Obsidian, or
// Anki's {{c1::text}}, outside code spans.
var honeCloze = clozeSyntax{anki: true, highlight: true, markdown: true}

// parseCloze splits text into plain text and deletions. A marker that is
// never closed stays as text, as Anki shows it. Deletions without a number
// are numbered in order after the highest number the text gives, so that
// each is a card of its own.
func parseCloze(s string, syn clozeSyntax) []clozeNode {
	var code []span
	if syn.markdown {
		code = codeSpans(s)
	}
	var nodes []clozeNode
	if syn.anki {
		nodes = parseAnkiCloze(s, code)
	} else {
		nodes = []clozeNode{{text: s}}
	}
	if syn.highlight || syn.bold || syn.curly {
		nodes = splitDelimited(nodes, syn)
	}
	numberDeletions(nodes)
	return nodes
}

// span is a half-open range of byte offsets.
type span struct{ start, end int }

// codeSpans finds markdown's inline code: a run of backticks up to the
// next run of as many. It runs in one pass over the text.
func codeSpans(s string) []span {
	runs := backtickRuns(s)
	var out []span
	for i := 0; i < len(s); i++ {
		if s[i] != '`' {
			continue
		}
		n := runs.length(i)
		if end := runs.next(n, i+n); end >= 0 {
			out = append(out, span{i, end + n})
			i = end + n - 1
		} else {
			i += n - 1
		}
	}
	return out
}

// inSpans tells whether offset i falls in one of spans, which are sorted;
// *at is where to start looking, and moves forward as i does.
func inSpans(spans []span, at *int, i int) bool {
	for *at < len(spans) && spans[*at].end <= i {
		*at++
	}
	return *at < len(spans) && spans[*at].start <= i
}

// parseAnkiCloze reads {{cN::hidden}} and {{cN::hidden::hint}}, nested or
// not, in one pass, so that a note full of open markers cannot make it
// slow. Offsets in code are skipped as text.
func parseAnkiCloze(s string, code []span) []clozeNode {
	p := ankiClozes{stack: []*clozeFrame{{}}}
	at := 0
	for i := 0; i < len(s); {
		if inSpans(code, &at, i) {
			p.literal(s[i])
			i++
			continue
		}
		i += p.step(s[i:])
	}
	return p.finish()
}

// clozeFrame is a deletion being read, or the text around them (the root).
type clozeFrame struct {
	num    int
	marker string
	nodes  []clozeNode
	buf    []byte
	inHint bool
	hint   []byte
}

func (f *clozeFrame) flush() {
	if len(f.buf) > 0 {
		f.nodes = append(f.nodes, clozeNode{text: string(f.buf)})
		f.buf = nil
	}
}

// ankiClozes reads {{cN::…::hint}} deletions, which may nest.
type ankiClozes struct{ stack []*clozeFrame }

func (p *ankiClozes) top() *clozeFrame { return p.stack[len(p.stack)-1] }

// literal takes a byte of code as it is: into the hint being read, or the
// text.
func (p *ankiClozes) literal(b byte) {
	top := p.top()
	if len(p.stack) > 1 && top.inHint {
		top.hint = append(top.hint, b)
		return
	}
	top.buf = append(top.buf, b)
}

// closeTop ends the deletion on top and hands it to the frame below.
func (p *ankiClozes) closeTop() {
	f := p.top()
	p.stack = p.stack[:len(p.stack)-1]
	f.flush()
	parent := p.top()
	parent.nodes = append(parent.nodes, clozeNode{num: f.num, body: f.nodes, hint: strings.TrimSpace(string(f.hint))})
}

// step reads what starts s and returns how many bytes it took.
func (p *ankiClozes) step(s string) int {
	top, inside := p.top(), len(p.stack) > 1
	switch {
	case inside && top.inHint:
		// A hint is plain text up to the "}}".
		if strings.HasPrefix(s, "}}") {
			p.closeTop()
			return 2
		}
		top.hint = append(top.hint, s[0])
		return 1
	case clozeMarker(s) > 0:
		n := clozeMarker(s)
		num, _ := strconv.Atoi(s[3 : n-2])
		top.flush()
		p.stack = append(p.stack, &clozeFrame{num: num, marker: s[:n]})
		return n
	case inside && strings.HasPrefix(s, "::"):
		top.flush()
		top.inHint = true
		return 2
	case inside && strings.HasPrefix(s, "}}"):
		p.closeTop()
		return 2
	}
	top.buf = append(top.buf, s[0])
	return 1
}

// finish turns markers never closed back into text, with what they held.
// Each open frame holds only what came before the next one opened, so
// laying them out bottom to top keeps the source's order, and copies each
// node once.
func (p *ankiClozes) finish() []clozeNode {
	root := p.stack[0]
	root.flush()
	for _, f := range p.stack[1:] {
		f.flush()
		root.nodes = append(root.nodes, clozeNode{text: f.marker})
		root.nodes = append(root.nodes, f.nodes...)
		if f.inHint {
			root.nodes = append(root.nodes, clozeNode{text: "::" + string(f.hint)})
		}
	}
	return root.nodes
}

// clozeMarker returns the length of the "{{cN::" at the start of s, or 0.
func clozeMarker(s string) int {
	if !strings.HasPrefix(s, "{{c") {
		return 0
	}
	i := 3
	for i < len(s) && i < 3+9 && s[i] >= '0' && s[i] <= '9' {
		i++
	}
	if i == 3 || !strings.HasPrefix(s[i:], "::") {
		return 0
	}
	if n, err := strconv.Atoi(s[3:i]); err != nil || n < 1 {
		return 0
	}
	return i + 2
}

// clozeNumbers lists the numbers a note's deletions use, in order: one
// card each.
func clozeNumbers(nodes []clozeNode) []int {
	var nums []int
	var walk func([]clozeNode)
	walk = func(ns []clozeNode) {
		for _, n := range ns {
			if n.num > 0 {
				nums = append(nums, n.num)
				walk(n.body)
			}
		}
	}
	walk(nodes)
	slices.Sort(nums)
	return slices.Compact(nums)
}

// Cloze cards mark text with ==…==, the one mark hone's renderer draws
// highlighted: the blank on the front, the answer on the back.
const (
	clozeMark  = "=="
	clozeBlank = "[...]"
)

// renderCloze writes the card for deletion number num. On the front its
// deletions are "==[...]==", or "==[hint]=="; on the back they are
// "==answer==". Deletions with other numbers show their text on both sides.
func renderCloze(nodes []clozeNode, num int, back bool) string {
	var b strings.Builder
	writeCloze(&b, nodes, num, back)
	return b.String()
}

func writeCloze(b *strings.Builder, nodes []clozeNode, num int, back bool) {
	for _, n := range nodes {
		switch {
		case n.num == 0:
			b.WriteString(n.text)
		case n.num != num:
			writeCloze(b, n.body, num, back)
		case !back && n.hint != "":
			b.WriteString(clozeMark + "[" + n.hint + "]" + clozeMark)
		case !back:
			b.WriteString(clozeMark + clozeBlank + clozeMark)
		default:
			var inner strings.Builder
			writeCloze(&inner, n.body, 0, true)
			b.WriteString(markText(inner.String()))
		}
	}
}

// markText wraps s in the cloze mark but leaves its outer spaces outside,
// where markdown needs them for the mark to hold.
func markText(s string) string {
	t := strings.TrimSpace(s)
	if t == "" {
		return s
	}
	i := strings.Index(s, t)
	return s[:i] + clozeMark + t + clozeMark + s[i+len(t):]
}

// plainCloze is the text with every deletion shown as plain text: what a
// note says, for ids and for messages.
func plainCloze(nodes []clozeNode) string {
	return renderCloze(nodes, 0, false)
}

// clozeCards makes the cards of a cloze note, one per deletion number:
// base is the note's id, and extra goes on the back below the text. The
// caller fills in where the cards belong.
func clozeCards(nodes []clozeNode, base, extra string) []Card {
	var cards []Card
	for _, num := range clozeNumbers(nodes) {
		cards = append(cards, Card{
			ID:    base + "#c" + strconv.Itoa(num),
			Note:  base,
			Kind:  Cloze,
			Front: trimBlankLines(renderCloze(nodes, num, false)),
			Back:  joinParagraphs(trimBlankLines(renderCloze(nodes, num, true)), []string{extra}),
		})
	}
	return cards
}
