package deck

import (
	"regexp"
	"strings"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/text"
)

// A deck is read in chunks of lines that goldmark parses one at a time. A
// chunk starts at a `#` or `##` heading written at the start of its line,
// which in CommonMark is a heading wherever it stands, except inside a
// fenced code block or an HTML block; when goldmark says the last block of
// a chunk runs on (a fence never closed, say), the chunk grows to where that
// block ends. Headings indented by a few spaces do not start a chunk, and
// the walker finds them inside the chunk as it always did.

// splitHeading reads a line that starts a chunk: its heading level, 1 or
// 2, and its text; level 0 for any other line.
func splitHeading(line string) (int, string) {
	n := 0
	for n < len(line) && n < 3 && line[n] == '#' {
		n++
	}
	if n == 0 || n > 2 || n < len(line) && line[n] != ' ' && line[n] != '\t' {
		return 0, ""
	}
	return n, headingLineText(line)
}

// nextSplit returns the first line from on that starts a chunk, or one
// past the last line.
func (p *parser) nextSplit(from int) int {
	l := from
	for ; p.has(l); l++ {
		if level, _ := splitHeading(p.line(l)); level > 0 {
			return l
		}
	}
	return l
}

// batchSize is how many bytes of cards one goldmark tree covers at most:
// a tree per card would cost a parse's set-up for every card, a tree of
// the file all the file's memory.
const batchSize = 16 << 10

// parseBatch parses the chunk first..last together with the chunks after
// it, while they stay within batchSize bytes and each is well within the
// limits, in one tree. Only when the last block of that tree would run on
// past it, or the chunks nest too deep together, is the chunk parsed on
// its own instead, growing as parseChunk grows it.
func (p *parser) parseBatch(first, last int) ([]block, int, bool) {
	limit := batchSize
	if p.batch > 0 {
		limit = p.batch
	}
	end := last
	if p.oneChunk || !p.shallow(first, last) {
		return p.parseChunk(first, last)
	}
	for p.has(end + 1) {
		next := p.nextSplit(end+2) - 1
		if len(p.lw.span(first, next)) > limit || !p.shallow(end+1, next) {
			break
		}
		end = next
	}
	if end == last || !p.shallow(first, end) {
		return p.parseChunk(first, last)
	}
	blocks := p.parseTree(first, end)
	if p.has(end+1) && len(blocks) > 0 && p.runsOn(blocks[len(blocks)-1], end) > 0 {
		return p.parseChunk(first, last)
	}
	return blocks, end, true
}

// shallow tells whether lines first..last nest within MaxNesting.
func (p *parser) shallow(first, last int) bool {
	line, _ := nestingTooDeep(p.lw.span(first, last))
	return line == 0
}

// parseTree has goldmark parse lines first..last and returns their
// top-level blocks.
func (p *parser) parseTree(first, last int) []block {
	// goldmark reads bytes: the lines are copied into a buffer that every
	// tree reuses, as nothing keeps a tree.
	p.src = append(p.src[:0], p.lw.span(first, last)...)
	p.chunkFirst = first
	return p.blocks(blockParser.Parse(text.NewReader(p.src)), first)
}

// maxRegrow bounds how often one chunk grows before the rest of the file is
// taken as one chunk, so that no input makes the growing quadratic.
const maxRegrow = 8

// parseChunk checks lines first..last and parses them, growing the chunk
// while its last block runs on past it. It returns the chunk's top-level
// blocks and its last line; !ok when the chunk was refused unparsed.
func (p *parser) parseChunk(first, last int) ([]block, int, bool) {
	for grown := 0; ; grown++ {
		if !p.chunkWithinLimits(first, last) {
			return nil, last, false
		}
		blocks := p.parseTree(first, last)
		upto := 0
		if p.has(last+1) && len(blocks) > 0 {
			upto = p.runsOn(blocks[len(blocks)-1], last)
		}
		if upto == 0 {
			return blocks, last, true
		}
		if grown == maxRegrow {
			upto = p.lastLine()
		}
		last = p.nextSplit(upto+1) - 1
	}
}

// runsOn tells whether block b, the last of a chunk that ends at line last,
// would go on past it in the whole file: it returns the line where it
// really ends, or 0 when it ends in the chunk.
func (p *parser) runsOn(b block, last int) int {
	switch n := b.node.(type) {
	case *ast.FencedCodeBlock:
		opener := strings.TrimLeft(p.line(b.first), " ")
		fence := osrFence{open: true}
		var isFence bool
		if fence.char, fence.size, isFence = fenceOpen(opener); !isFence {
			return 0
		}
		if b.last > b.first && fenceCloses(fence, p.line(b.last)) {
			return 0
		}
		for l := last + 1; p.has(l); l++ {
			if fenceCloses(fence, p.line(l)) {
				return l
			}
		}
		return p.lastLine()
	case *ast.HTMLBlock:
		return p.htmlRunsOn(n, b, last)
	}
	return 0
}

func fenceCloses(f osrFence, line string) bool {
	f.closes(line)
	return !f.open
}

// htmlBlockEnds are the ends of the HTML blocks that do not end at a blank
// line, by goldmark's block type.
var htmlBlockEnds = map[ast.HTMLBlockType]*regexp.Regexp{
	ast.HTMLBlockType1: regexp.MustCompile(`(?i)</(?:script|pre|style|textarea)>`),
	ast.HTMLBlockType2: regexp.MustCompile(`-->`),
	ast.HTMLBlockType3: regexp.MustCompile(`\?>`),
	ast.HTMLBlockType4: regexp.MustCompile(`>`),
	ast.HTMLBlockType5: regexp.MustCompile(`\]\]>`),
}

func (p *parser) htmlRunsOn(n *ast.HTMLBlock, b block, last int) int {
	end, ok := htmlBlockEnds[n.HTMLBlockType]
	if !ok {
		// Types 6 and 7 end at a blank line.
		if p.blank(last) {
			return 0
		}
		for l := last + 1; p.has(l); l++ {
			if p.blank(l) {
				return l
			}
		}
		return p.lastLine()
	}
	if n.HasClosure() {
		return 0
	}
	// The opening line may close the block itself; goldmark then records
	// no closure.
	if l := n.Lines(); l.Len() == 1 {
		if seg := l.At(0); end.Match(seg.Value(p.src)) {
			return 0
		}
	}
	for l := last + 1; p.has(l); l++ {
		if end.MatchString(p.line(l)) {
			return l
		}
	}
	return p.lastLine()
}
