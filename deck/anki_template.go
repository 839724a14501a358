package deck

import (
	"regexp"
	"strconv"
	"strings"
)

// An Anki card template: text with {{Field}} replacements, {{#Field}}…
// {{/Field}} and {{^Field}}…{{/Field}} sections, and filters before the
// field name ({{cloze:Text}}, {{type:Back}}, {{hint:Extra}}). Anki's HTML
// comments are text, and no replacement inside them is made.

type tmplKind uint8

const (
	tmplText tmplKind = iota
	tmplField
	tmplSection  // shown when the field is not empty
	tmplInverted // shown when it is
)

type tmplNode struct {
	kind     tmplKind
	text     string   // the text, or the field's name
	filters  []string // applied in order: the one next to the name first
	children []tmplNode
}

// maxTemplateDepth bounds nested sections; deeper tags are text.
const maxTemplateDepth = 50

// parseTemplate reads a template. It never fails: a section never closed
// ends with the template, and a closing tag that closes nothing is
// dropped, so that a broken note type still shows its fields.
func parseTemplate(s string) []tmplNode {
	stack := []tmplFrame{{}}
	add := func(n tmplNode) { top := &stack[len(stack)-1]; top.nodes = append(top.nodes, n) }
	comments := true // false once a comment is found never to end
	for s != "" {
		text, tag, rest, comment := nextTemplateToken(s, &comments)
		if text != "" {
			add(tmplNode{kind: tmplText, text: text})
		}
		s = rest
		if comment != "" {
			add(tmplNode{kind: tmplText, text: comment})
			continue
		}
		if tag == nil {
			continue
		}
		name := strings.TrimSpace(strings.TrimLeft(*tag, "{"))
		switch {
		case len(name) >= 2 && (name[0] == '#' || name[0] == '^') && len(stack) < maxTemplateDepth:
			kind := tmplSection
			if name[0] == '^' {
				kind = tmplInverted
			}
			stack = append(stack, tmplFrame{node: tmplNode{kind: kind, text: strings.TrimSpace(name[1:])}})
		case len(name) >= 2 && name[0] == '/':
			key := strings.TrimSpace(name[1:])
			for i := len(stack) - 1; i > 0; i-- {
				if stack[i].node.text == key {
					stack = closeFrames(stack, i)
					break
				}
			}
		default:
			parts := strings.Split(name, ":")
			n := tmplNode{kind: tmplField, text: strings.TrimSpace(parts[len(parts)-1])}
			for i := len(parts) - 2; i >= 0; i-- {
				n.filters = append(n.filters, strings.TrimSpace(parts[i]))
			}
			add(n)
		}
	}
	return closeFrames(stack, 1)[0].nodes
}

// tmplFrame is a section being read, and what it holds so far.
type tmplFrame struct {
	node  tmplNode
	nodes []tmplNode
}

// closeFrames ends the sections open from stack[from] in, innermost first.
func closeFrames(stack []tmplFrame, from int) []tmplFrame {
	for len(stack) > from {
		top := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		top.node.children = top.nodes
		parent := &stack[len(stack)-1]
		parent.nodes = append(parent.nodes, top.node)
	}
	return stack
}

// nextTemplateToken splits off the text before the next {{tag}} or HTML
// comment: tag is the tag's inside (nil when none comes), comment the
// whole comment.
func nextTemplateToken(s string, comments *bool) (text string, tag *string, rest, comment string) {
	for i := 0; i < len(s); i++ {
		switch {
		case strings.HasPrefix(s[i:], "{{"):
			if end := strings.Index(s[i+2:], "}}"); end >= 0 {
				inner := s[i+2 : i+2+end]
				return s[:i], &inner, s[i+2+end+2:], ""
			}
			return s, nil, "", ""
		case *comments && strings.HasPrefix(s[i:], "<!--"):
			if end := strings.Index(s[i+4:], "-->"); end >= 0 {
				return s[:i], nil, s[i+4+end+3:], s[i : i+4+end+3]
			}
			*comments = false // no later comment can end either
		}
	}
	return s, nil, "", ""
}

// tmplContext is what a card's templates are rendered with.
type tmplContext struct {
	fields    map[string]string // the note's fields and Anki's special ones
	clozeNum  int               // the card's cloze number, for cloze note types; 0 otherwise
	answer    bool              // rendering the answer side
	frontSide string            // what {{FrontSide}} stands for
}

// renderTemplate renders nodes with ctx, to HTML.
func renderTemplate(nodes []tmplNode, ctx *tmplContext) string {
	var b strings.Builder
	renderNodes(&b, nodes, ctx)
	return b.String()
}

func renderNodes(b *strings.Builder, nodes []tmplNode, ctx *tmplContext) {
	for _, n := range nodes {
		switch n.kind {
		case tmplText:
			b.WriteString(n.text)
		case tmplField:
			b.WriteString(ctx.replacement(n))
		case tmplSection, tmplInverted:
			if ctx.nonEmpty(n.text) == (n.kind == tmplSection) {
				renderNodes(b, n.children, ctx)
			}
		}
	}
}

// nonEmpty is Anki's test for a section: the field holds more than white
// space and empty <br> and <div> tags; {{#c2}} is true on cloze card 2.
func (ctx *tmplContext) nonEmpty(key string) bool {
	if num, ok := strings.CutPrefix(key, "c"); ok {
		if n, err := strconv.Atoi(num); err == nil {
			return n == ctx.clozeNum
		}
	}
	v, ok := ctx.fields[key]
	return ok && !ankiEmptyField.MatchString(v)
}

var ankiEmptyField = regexp.MustCompile(`(?is)^(?:\s|</?(?:br|div) ?/?>)*$`)

func (ctx *tmplContext) replacement(n tmplNode) string {
	if n.text == "FrontSide" {
		return ctx.frontSide
	}
	text := ctx.fields[n.text] // an unknown field shows nothing, as Anki's error would
	for _, f := range n.filters {
		text = ctx.filter(f, text)
	}
	return text
}

// filter applies one of Anki's filters. Those a terminal cannot show as
// Anki does fall back to the text: a hint shows at once, text to speech is
// the text.
func (ctx *tmplContext) filter(name string, text string) string {
	switch name {
	case "cloze":
		if ctx.clozeNum == 0 {
			return text
		}
		return renderCloze(parseCloze(text, ankiCloze), ctx.clozeNum, ctx.answer)
	case "cloze-only":
		return clozeOnly(parseCloze(text, ankiCloze), ctx.clozeNum)
	case "type":
		// Anki asks for the answer in a box, and shows it on the back.
		if !ctx.answer {
			return ""
		}
		return text
	case "kana":
		return ankiRuby.ReplaceAllString(text, "$2")
	case "kanji":
		return ankiRuby.ReplaceAllString(text, "$1")
	case "furigana":
		return ankiRuby.ReplaceAllString(text, "$1($2)")
	}
	return text
}

// ankiRuby is Anki's "base[reading]" for Japanese text.
var ankiRuby = regexp.MustCompile(` ?([^ >\[]+?)\[([^\]]+?)\]`)

// clozeOnly is the text of the deletions with number num, joined.
func clozeOnly(nodes []clozeNode, num int) string {
	var parts []string
	var walk func([]clozeNode)
	walk = func(ns []clozeNode) {
		for _, n := range ns {
			switch {
			case n.num == num:
				parts = append(parts, plainCloze(n.body))
			case n.num != 0:
				walk(n.body)
			}
		}
	}
	walk(nodes)
	return strings.Join(parts, ", ")
}
