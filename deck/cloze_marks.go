package deck

import (
	"strconv"
	"strings"
)

// autoNumber marks a deletion that gave no number of its own.
const autoNumber = -1

// splitDelimited finds the deletions marked by a pair of delimiters
// (==text==, **text**, {{text}}) in the plain text of nodes. Anki's
// deletions were read first; a code span never crosses one of their
// markers, so each text node's code spans are its own.
func splitDelimited(nodes []clozeNode, syn clozeSyntax) []clozeNode {
	var out []clozeNode
	for _, n := range nodes {
		if n.num != 0 {
			out = append(out, n)
			continue
		}
		out = append(out, splitMarks(n.text, syn)...)
	}
	return out
}

// mark is one delimiter pair: where the deletion opens and where it ends.
type markRun struct {
	at       int
	open     string
	close    string
	openable bool // can open a deletion
	closable bool // can close one
}

// splitMarks cuts text into plain text and delimited deletions. A run of
// exactly two delimiter characters opens a deletion when text follows it,
// and closes the nearest open one on the same line when text comes before
// it, as markdown pairs emphasis; {{ opens and }} closes. It is linear in
// the text.
func splitMarks(text string, syn clozeSyntax) []clozeNode {
	runs := delimiterRuns(text, syn)
	var out []clozeNode
	last := 0 // text before this offset is already in out
	var pending *markRun
	for i := range runs {
		r := &runs[i]
		if pending != nil && r.closable && r.close == pending.close && !strings.Contains(text[pending.at:r.at], "\n") {
			if pending.at > last {
				out = append(out, clozeNode{text: text[last:pending.at]})
			}
			out = append(out, delimitedDeletion(text[pending.at+len(pending.open):r.at], syn))
			last = r.at + len(r.close)
			pending = nil
			continue
		}
		if r.openable && r.at >= last {
			pending = r
		}
	}
	if last < len(text) {
		out = append(out, clozeNode{text: text[last:]})
	}
	return out
}

// delimiterRuns lists, in order, the delimiters of the syntaxes syn turns
// on, outside code spans when the text is markdown.
func delimiterRuns(text string, syn clozeSyntax) []markRun {
	var code []span
	if syn.markdown {
		code = codeSpans(text)
	}
	var runs []markRun
	at := 0
	for i := 0; i < len(text); i++ {
		if inSpans(code, &at, i) {
			continue
		}
		c := text[i]
		switch {
		case (c == '=' && syn.highlight) || (c == '*' && syn.bold):
			j := i
			for j < len(text) && text[j] == c {
				j++
			}
			if j-i == 2 {
				d := text[i:j]
				runs = append(runs, markRun{at: i, open: d, close: d,
					openable: j < len(text) && !isSpaceByte(text[j]),
					closable: i > 0 && !isSpaceByte(text[i-1])})
			}
			i = j - 1
		case c == '{' && syn.curly && strings.HasPrefix(text[i:], "{{"):
			runs = append(runs, markRun{at: i, open: "{{", close: "}}", openable: true})
			i++
		case c == '}' && syn.curly && strings.HasPrefix(text[i:], "}}"):
			runs = append(runs, markRun{at: i, open: "}}", close: "}}", closable: true})
			i++
		}
	}
	return runs
}

func isSpaceByte(c byte) bool { return c == ' ' || c == '\t' || c == '\n' }

// delimitedDeletion reads what a pair of delimiters holds: the answer, and
// with the plugin's numbered form "N;;answer;;hint", a number and a hint.
func delimitedDeletion(inner string, syn clozeSyntax) clozeNode {
	n := clozeNode{num: autoNumber}
	if syn.numbered {
		if num, rest, ok := strings.Cut(inner, ";;"); ok {
			if v, err := strconv.Atoi(num); err == nil && v > 0 && v < 1e9 {
				n.num, inner = v, rest
			}
		}
		if answer, hint, ok := strings.Cut(inner, ";;"); ok {
			inner, n.hint = answer, strings.TrimSpace(hint)
		}
	}
	n.body = []clozeNode{{text: inner}}
	return n
}

// numberDeletions gives each deletion without a number its own, after the
// highest number given, in the order they come.
func numberDeletions(nodes []clozeNode) {
	next := 1
	for _, num := range clozeNumbers(nodes) {
		next = max(next, num+1)
	}
	for i := range nodes {
		if nodes[i].num == autoNumber {
			nodes[i].num = next
			next++
		}
	}
}
