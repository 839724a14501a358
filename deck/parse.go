package deck

import (
	"bytes"
	"fmt"
	"io"
	"io/fs"
	"regexp"
	"strings"

	"github.com/yuin/goldmark/ast"
	extast "github.com/yuin/goldmark/extension/ast"
	gmparser "github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"

	"github.com/hone-srs/hone/internal/gfm"
)

// Limits on what one source may hold; past them a file is more likely a
// mistake than a deck, and the UI could not show it well anyway.
const (
	MaxFileSize = 50 << 20
	MaxCardSize = 64 << 10
)

// ParseFS reads and parses one hone markdown deck from fsys.
func ParseFS(fsys fs.FS, path string) (Deck, Diagnostics) {
	f, err := fsys.Open(path)
	if err != nil {
		return Deck{}, Diagnostics{{File: path, Msg: fmt.Sprintf("cannot read deck: %v", err)}}
	}
	defer f.Close()
	return Parse(path, f)
}

// Parse reads a hone markdown deck. file names the source in diagnostics.
// The deck is usable only when the diagnostics hold no error.
func Parse(file string, r io.Reader) (Deck, Diagnostics) {
	src, err := io.ReadAll(io.LimitReader(r, MaxFileSize+1))
	if err != nil {
		return Deck{}, Diagnostics{{File: file, Msg: fmt.Sprintf("cannot read deck: %v", err)}}
	}
	if len(src) > MaxFileSize {
		return Deck{}, Diagnostics{{File: file, Msg: fmt.Sprintf("file is larger than %d MB; split it into several decks", MaxFileSize>>20)}}
	}
	return ParseBytes(file, src)
}

// ParseBytes is Parse for a source already in memory.
func ParseBytes(file string, src []byte) (Deck, Diagnostics) {
	return parseBytes(&parser{file: file}, src)
}

func parseBytes(p *parser, src []byte) (Deck, Diagnostics) {
	d := p.run(bytes.NewReader(src))
	if p.lw.bad == 0 && p.lw.err == nil {
		d.Hash = SourceHash(src)
	}
	return d, p.diags
}

type parser struct {
	file  string
	diags Diagnostics
	lw    *lineWindow // the file's lines, read as the parse goes
	// src is the chunk goldmark is reading, which starts at line
	// chunkFirst: segments in its tree are offsets in src.
	src        []byte
	chunkFirst int
	// budget stops the parse with an error at the card that passes the
	// import's cap; nil has no limit.
	budget  *cardBudget
	stopped bool // the parse stopped early: the rest is not read
	// emit, when set, takes the cards a block at a time as they are
	// parsed (a streamed load), and the deck keeps none.
	emit func([]Card)
	// oneChunk reads the whole file as one chunk, as hone did before it
	// read decks chunk by chunk; tests compare the two.
	oneChunk bool
	// readAhead overrides how far the line window reads ahead; tests
	// set it to 1 to read the least at a time.
	readAhead int
	// batch overrides how many bytes of cards one tree may cover; tests
	// set it to 1 to parse every card on its own.
	batch int
}

func (p *parser) errorf(line int, format string, args ...any) {
	p.diags = append(p.diags, Diagnostic{File: p.file, Line: line, Severity: Error, Msg: fmt.Sprintf(format, args...)})
}

func (p *parser) warnf(line int, format string, args ...any) {
	p.diags = append(p.diags, Diagnostic{File: p.file, Line: line, Severity: Warning, Msg: fmt.Sprintf(format, args...)})
}

// blockParser reads markdown's blocks and, of the inline syntax, only the
// task check boxes that mark a choice card's options: the deck parser
// works on blocks and lines, and leaves the rest of the inline syntax to
// the renderer, so goldmark need not build it.
var blockParser = gmparser.NewParser(
	gmparser.WithBlockParsers(gmparser.DefaultBlockParsers()...),
	gmparser.WithInlineParsers(util.Prioritized(gfm.TaskCheckBoxParser(), 0)),
	gmparser.WithParagraphTransformers(gmparser.DefaultParagraphTransformers()...),
)

// parse reads the deck chunk by chunk: goldmark builds a tree of one
// topic or card at a time, so that memory stays flat however long the
// file, and each chunk's size and nesting are checked before its tree is
// built.
func (p *parser) parse() Deck {
	var d Deck
	bodyFrom, ok := p.frontMatter(&d)
	if !ok {
		return d
	}
	w := newWalker(p, &d)
	for first := bodyFrom; !p.stopped && p.has(first); {
		p.lw.keep = first
		last := p.nextSplit(first+1) - 1
		if p.oneChunk {
			last = p.lastLine()
		}
		blocks, last, ok := p.parseBatch(first, last)
		if ok {
			w.chunk(blocks, last)
		} else {
			w.refused(first)
		}
		first = last + 1
	}
	w.end()
	return d
}

// frontMatter reads the `---` block at the top and returns the first line
// after it; !ok when the rest of the file cannot be told from it.
func (p *parser) frontMatter(d *Deck) (int, bool) {
	if !p.has(1) || strings.TrimSpace(p.line(1)) != "---" {
		p.errorf(1, "deck has no front matter; start the file with three lines: ---, deck: <name>, ---")
		return 1, true
	}
	end := 0
	for i := 1; p.has(i + 1); i++ {
		if strings.TrimSpace(p.line(i+1)) == "---" {
			end = i
			break
		}
	}
	if end == 0 {
		p.errorf(1, "front matter is not closed; add a line holding only --- after the deck: line")
		return 1, false
	}
	for i := 1; i < end; i++ {
		line := strings.TrimSpace(p.line(i + 1))
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		key, value, ok := strings.Cut(line, ":")
		if !ok {
			p.errorf(i+1, "front matter line %q is not key: value", line)
			continue
		}
		key, value = strings.ToLower(strings.TrimSpace(key)), strings.TrimSpace(value)
		value = strings.Trim(value, `"'`)
		switch key {
		case "deck":
			d.Name = strings.Clone(value)
		case "description":
			d.Description = strings.Clone(value)
		default:
			p.warnf(i+1, "unknown front-matter key %q is ignored; hone knows deck and description", key)
		}
	}
	if d.Name == "" {
		p.errorf(1, "front matter has no deck name; add a line deck: <name> between the --- lines")
	}
	return end + 2, true
}

// block is one top-level markdown block with the lines it covers.
type block struct {
	node        ast.Node
	first, last int // 1-based, inclusive
}

func (p *parser) blocks(doc ast.Node, from int) []block {
	var out []block
	prev := from - 1
	for n := doc.FirstChild(); n != nil; n = n.NextSibling() {
		first, last := p.span(n, prev)
		out = append(out, block{node: n, first: first, last: last})
		prev = last
	}
	return out
}

// span finds the lines of a top-level block. goldmark records the text
// segments of blocks but not their markers, so fences and empty headings are
// found from the line after the previous block.
func (p *parser) span(n ast.Node, prev int) (int, int) {
	lo, hi := -1, -1
	add := func(s text.Segment) {
		if s.Start < 0 || s.Stop < s.Start || s.Start > len(p.src) {
			return
		}
		if lo < 0 || s.Start < lo {
			lo = s.Start
		}
		end := max(s.Start, s.Stop-1)
		if end > hi {
			hi = end
		}
	}
	_ = ast.Walk(n, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		if c.Type() == ast.TypeBlock {
			lines := c.Lines()
			for i := 0; i < lines.Len(); i++ {
				add(lines.At(i))
			}
		}
		switch c := c.(type) {
		case *ast.Text:
			add(c.Segment)
		case *ast.HTMLBlock:
			if c.HasClosure() {
				add(c.ClosureLine)
			}
		}
		return ast.WalkContinue, nil
	})
	next := p.nextNonBlank(prev + 1)
	if n.Pos() >= 0 && n.Pos() <= len(p.src) {
		// goldmark records where a block starts, which finds the line of
		// a block without text, such as an empty list item or heading.
		next = max(next, p.lineOf(n.Pos()))
	}
	if lo < 0 {
		first := next
		if _, fenced := n.(*ast.FencedCodeBlock); fenced && p.isFence(first+1) {
			return first, first + 1
		}
		return first, first
	}
	first, last := p.lineOf(lo), p.lineOf(hi)
	if _, fenced := n.(*ast.FencedCodeBlock); fenced {
		first = min(first, next)
		if p.isFence(last + 1) {
			last++
		}
	}
	return first, last
}

func (p *parser) nextNonBlank(line int) int {
	line = max(line, 1)
	for p.has(line) && p.blank(line) {
		line++
	}
	if !p.has(line) {
		return p.lastLine()
	}
	return line
}

func (p *parser) isFence(line int) bool {
	if line < 1 || !p.has(line) {
		return false
	}
	l := strings.TrimSpace(p.line(line))
	return strings.HasPrefix(l, "```") || strings.HasPrefix(l, "~~~")
}

// text returns lines first..last joined, trimmed of blank lines at either
// end.
func (p *parser) text(first, last int) string {
	if first < 1 {
		first = 1
	}
	if !p.has(last) {
		last = p.lastLine()
	}
	if first > last {
		return ""
	}
	// The lines are one stretch of the file, copied out of the window.
	s := p.lw.span(first, last)
	return strings.Clone(strings.Trim(s, "\n \t"))
}

// heading reports whether b is a structural heading (ATX, level 1 or 2) and
// which level. Setext headings and deeper levels are card content.
func (p *parser) heading(b block) int {
	h, ok := b.node.(*ast.Heading)
	if !ok || h.Level > 2 {
		return 0
	}
	if !strings.HasPrefix(strings.TrimLeft(p.line(b.first), " "), "#") {
		return 0
	}
	return h.Level
}

// headingText is the heading line without its markers.
func (p *parser) headingText(b block) string {
	return strings.Clone(headingLineText(p.line(b.first)))
}

// headingLineText is a heading line without its markers.
func headingLineText(line string) string {
	line = strings.TrimSpace(line)
	line = strings.TrimLeft(line, "#")
	line = strings.TrimSpace(line)
	// A closing sequence of #s is decoration, as in CommonMark.
	if trimmed := strings.TrimRight(line, "#"); trimmed != line && (trimmed == "" || strings.HasSuffix(trimmed, " ")) {
		line = strings.TrimSpace(trimmed)
	}
	return line
}

var tagsLine = regexp.MustCompile(`^tags:\s*(.*)$`)

// tagsAfter reads a `tags:` line right under the heading on headingLine.
// It returns the tags and whether that line was one.
func (p *parser) tagsAfter(headingLine int) ([]string, bool) {
	if !p.has(headingLine + 1) {
		return nil, false
	}
	line := strings.TrimSpace(p.line(headingLine + 1))
	if !strings.HasPrefix(line, "tags:") {
		return nil, false
	}
	m := tagsLine.FindStringSubmatch(line)
	if m == nil {
		return nil, false
	}
	return strings.FieldsFunc(strings.Clone(m[1]), func(r rune) bool { return r == ' ' || r == ',' || r == '\t' }), true
}

var idComment = regexp.MustCompile(`^<!--\s*id:\s*(\S*?)\s*-->$`)

// idOf returns the id named by an `<!-- id: … -->` block, if b is one.
func (p *parser) idOf(b block) (string, bool) {
	if _, ok := b.node.(*ast.HTMLBlock); !ok {
		return "", false
	}
	m := idComment.FindStringSubmatch(p.text(b.first, b.last))
	if m == nil {
		return "", false
	}
	return m[1], true
}

// isChoiceList reports whether a list is a choice card's options: a task
// list whose first item starts with a letter and a colon.
func (p *parser) isChoiceList(b block) bool {
	l, ok := b.node.(*ast.List)
	if !ok {
		return false
	}
	for it := l.FirstChild(); it != nil; it = it.NextSibling() {
		if _, _, ok := p.option(it); ok {
			return true
		}
	}
	return false
}

var optionText = regexp.MustCompile(`^\[([ xX])\]\s*([A-Za-z])\s*:\s*(.*)$`)

// option reads one task-list item as a lettered option.
func (p *parser) option(item ast.Node) (opt Option, checked bool, ok bool) {
	first := item.FirstChild()
	if first == nil || first.Lines().Len() == 0 {
		return Option{}, false, false
	}
	if _, isBox := first.FirstChild().(*extast.TaskCheckBox); !isBox {
		return Option{}, false, false
	}
	var sb strings.Builder
	lines := first.Lines()
	for i := 0; i < lines.Len(); i++ {
		if i > 0 {
			sb.WriteByte('\n')
		}
		seg := lines.At(i)
		sb.Write(bytes.TrimRight(seg.Value(p.src), "\n"))
	}
	raw := strings.TrimSpace(sb.String())
	// goldmark's segment starts after "- ", so the box is at the front.
	m := optionText.FindStringSubmatch(raw)
	if m == nil {
		return Option{}, false, false
	}
	return Option{Letter: m[2], Text: strings.TrimSpace(m[3])}, m[1] != " ", true
}
