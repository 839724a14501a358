package deck

import (
	"slices"
	"strconv"
	"strings"
)

// clozeNode is a piece of a cloze note: plain text, or a deletion.
type clozeNode struct {
	text string      // plain text, when num == 0
	num  int         // the deletion's c-number, from 1
	body []clozeNode // what the deletion hides; Anki lets deletions nest
	hint string      // shown in place of the deletion when not empty
}

// parseCloze splits Anki cloze text into plain text and deletions:
// {{c1::hidden}} and {{c1::hidden::hint}}, nested or not. A marker that is
// never closed stays as text, as Anki shows it. It runs in one pass, so
// that a note full of open markers cannot make it slow.
func parseCloze(s string) []clozeNode {
	type frame struct {
		num    int
		marker string
		nodes  []clozeNode
		buf    []byte
		inHint bool
		hint   []byte
	}
	flush := func(f *frame) {
		if len(f.buf) > 0 {
			f.nodes = append(f.nodes, clozeNode{text: string(f.buf)})
			f.buf = nil
		}
	}
	stack := []*frame{{}}
	closeTop := func() {
		f := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		flush(f)
		parent := stack[len(stack)-1]
		parent.nodes = append(parent.nodes, clozeNode{num: f.num, body: f.nodes, hint: strings.TrimSpace(string(f.hint))})
	}
	for i := 0; i < len(s); {
		top := stack[len(stack)-1]
		inside := len(stack) > 1
		switch {
		case inside && top.inHint:
			// A hint is plain text up to the "}}".
			if strings.HasPrefix(s[i:], "}}") {
				closeTop()
				i += 2
				continue
			}
			top.hint = append(top.hint, s[i])
			i++
		case clozeMarker(s[i:]) > 0:
			n := clozeMarker(s[i:])
			num, _ := strconv.Atoi(s[i+3 : i+n-2])
			flush(top)
			stack = append(stack, &frame{num: num, marker: s[i : i+n]})
			i += n
		case inside && strings.HasPrefix(s[i:], "::"):
			flush(top)
			top.inHint = true
			i += 2
		case inside && strings.HasPrefix(s[i:], "}}"):
			closeTop()
			i += 2
		default:
			top.buf = append(top.buf, s[i])
			i++
		}
	}
	// Markers never closed go back to being text, with what they held.
	// Each open frame holds only what came before the next one opened, so
	// laying them out bottom to top keeps the source's order, and copies
	// each node once.
	root := stack[0]
	flush(root)
	for _, f := range stack[1:] {
		flush(f)
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

// clozeNumbers lists the c-numbers a note uses, in order: one card each.
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

// renderCloze writes the card for c-number num: on the front its deletions
// are "[...]" or "[hint]"; on the back they are shown in bold. Deletions
// with other numbers show their text on both sides.
func renderCloze(nodes []clozeNode, num int, back bool) string {
	var b strings.Builder
	writeCloze(&b, nodes, num, back, false)
	return b.String()
}

func writeCloze(b *strings.Builder, nodes []clozeNode, num int, back, bold bool) {
	for _, n := range nodes {
		switch {
		case n.num == 0:
			b.WriteString(n.text)
		case n.num != num:
			writeCloze(b, n.body, num, back, bold)
		case !back && n.hint != "":
			b.WriteString("[" + n.hint + "]")
		case !back:
			b.WriteString("[...]")
		case bold:
			writeCloze(b, n.body, num, back, true)
		default:
			var inner strings.Builder
			writeCloze(&inner, n.body, num, back, true)
			b.WriteString(boldMarkdown(inner.String()))
		}
	}
}

// boldMarkdown wraps s in ** but leaves its outer spaces outside, where
// markdown needs them for the emphasis to hold.
func boldMarkdown(s string) string {
	t := strings.TrimSpace(s)
	if t == "" {
		return s
	}
	i := strings.Index(s, t)
	return s[:i] + "**" + t + "**" + s[i+len(t):]
}
