package deck

import (
	"html"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// htmlTagHint finds the tags that Anki's editor writes. Only these make a
// field look like HTML, so that "a <b" or "x<y>" in plain CSV text stays as
// it is.
var htmlTagHint = regexp.MustCompile(`(?i)<\s*/?\s*(?:br|div|p|span|b|i|u|em|strong|img|a|ul|ol|li|font|sup|sub|code|pre|hr|table|tr|td|th|h[1-6]|blockquote)\b[^<>]*>`)

// htmlEntityHint finds entity-shaped text; html.UnescapeString then tells
// whether it really is one.
var htmlEntityHint = regexp.MustCompile(`&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[a-zA-Z][a-zA-Z0-9]{1,31});`)

// htmlBreakHint finds tags that break lines. When a field has them, its own
// newlines are only source formatting, as in a browser.
var htmlBreakHint = regexp.MustCompile(`(?i)<\s*/?\s*(?:br|div|p|li)\b`)

// looksLikeHTML guesses whether a field with no #html: header is HTML.
func looksLikeHTML(s string) bool {
	if htmlTagHint.MatchString(s) {
		return true
	}
	for _, m := range htmlEntityHint.FindAllString(s, -1) {
		if html.UnescapeString(m) != m {
			return true
		}
	}
	return false
}

// htmlBlockTags start and end lines; the rest of the tags are dropped.
var htmlBlockTags = map[string]bool{
	"div": true, "p": true, "ul": true, "ol": true, "tr": true, "table": true,
	"h1": true, "h2": true, "h3": true, "h4": true, "h5": true, "h6": true,
	"blockquote": true, "pre": true, "hr": true, "section": true, "article": true,
	"header": true, "footer": true, "dl": true, "dt": true, "dd": true,
}

// htmlToText turns a field's HTML into plain text: <br> and block tags
// become line breaks, list items "- " lines, other tags vanish, entities
// are decoded, and white space folds as a browser folds it. It never fails:
// markup it cannot read is kept as text.
func htmlToText(s string) string {
	keepNewlines := !htmlBreakHint.MatchString(s)
	out := make([]byte, 0, len(s))
	newline := func() {
		if len(out) > 0 && out[len(out)-1] != '\n' {
			out = append(out, '\n')
		}
	}
	for i := 0; i < len(s); {
		if s[i] != '<' {
			end := strings.IndexByte(s[i:], '<')
			if end < 0 {
				end = len(s)
			} else {
				end += i
			}
			out = appendHTMLText(out, s[i:end], keepNewlines)
			i = end
			continue
		}
		name, closing, next, ok := htmlTagAt(s, i)
		switch {
		case !ok && next == len(s):
			// An unterminated tag: no later '<' can end either, so keep
			// the rest as text rather than scan it again and again.
			out = appendHTMLText(out, s[i:], keepNewlines)
		case !ok:
			out = append(out, '<')
		case name == "br":
			out = append(out, '\n')
		case name == "li":
			newline()
			if !closing {
				out = append(out, "- "...)
			}
		case htmlBlockTags[name]:
			newline()
		case name == "td" || name == "th":
			out = append(out, ' ')
		case (name == "script" || name == "style") && !closing:
			// Their content is code, not text.
			end := indexFoldASCII(s[next:], "</"+name)
			if end < 0 {
				next = len(s)
			} else if gt := strings.IndexByte(s[next+end:], '>'); gt < 0 {
				next = len(s)
			} else {
				next += end + gt + 1
			}
		}
		i = next
	}
	text := strings.ReplaceAll(string(out), "\u00a0", " ")
	return tidyLines(text, true)
}

// appendHTMLText decodes the entities of text between tags. Newlines fold
// to spaces unless the field has no tags that break lines.
func appendHTMLText(out []byte, text string, keepNewlines bool) []byte {
	if !keepNewlines {
		text = strings.ReplaceAll(text, "\n", " ")
	}
	return append(out, html.UnescapeString(text)...)
}

// htmlTagAt reads the markup that starts at s[i] == '<': a tag, a comment
// or a declaration. It returns the lowercased tag name ("" for comments and
// declarations) and the index just past the markup. !ok means s[i] is a
// plain '<'; next is then len(s) when the markup is never closed.
func htmlTagAt(s string, i int) (name string, closing bool, next int, ok bool) {
	if strings.HasPrefix(s[i:], "<!--") {
		end := strings.Index(s[i+4:], "-->")
		if end < 0 {
			return "", false, len(s), true // an open comment hides the rest, as in a browser
		}
		return "", false, i + 4 + end + 3, true
	}
	j := i + 1
	if j < len(s) && s[j] == '/' {
		closing = true
		j++
	}
	if j >= len(s) {
		return "", false, i + 1, false
	}
	if !closing && (s[j] == '!' || s[j] == '?') {
		gt := strings.IndexByte(s[j:], '>')
		if gt < 0 {
			return "", false, len(s), false
		}
		return "", false, j + gt + 1, true
	}
	if !isASCIILetter(s[j]) {
		return "", false, i + 1, false
	}
	k := j
	for k < len(s) && (isASCIILetter(s[k]) || s[k] >= '0' && s[k] <= '9') {
		k++
	}
	name = strings.ToLower(s[j:k])
	// Find the '>' that ends the tag, skipping quoted attribute values:
	// title="a>b" does not end it.
	var quote byte
	afterEq := false
	for ; k < len(s); k++ {
		c := s[k]
		switch {
		case quote != 0:
			if c == quote {
				quote = 0
			}
		case (c == '"' || c == '\'') && afterEq:
			quote = c
		case c == '>':
			return name, closing, k + 1, true
		}
		if c != ' ' && c != '\t' && c != '\n' {
			afterEq = c == '='
		}
	}
	return "", false, len(s), false
}

func isASCIILetter(c byte) bool { return c|0x20 >= 'a' && c|0x20 <= 'z' }

// indexFoldASCII is strings.Index ignoring ASCII case. strings.ToLower cannot
// serve: it may change byte lengths, and so the indexes.
func indexFoldASCII(s, sub string) int {
	for i := 0; i+len(sub) <= len(s); i++ {
		if strings.EqualFold(s[i:i+len(sub)], sub) {
			return i
		}
	}
	return -1
}

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
