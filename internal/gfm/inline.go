package gfm

import (
	gast "github.com/yuin/goldmark/ast"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
)

// MarkNode is ==marked== text.
type MarkNode struct{ gast.BaseInline }

// KindMark is the kind of a MarkNode.
var KindMark = gast.NewNodeKind("Mark")

// Kind implements gast.Node.
func (n *MarkNode) Kind() gast.NodeKind { return KindMark }

// Dump implements gast.Node.
func (n *MarkNode) Dump(source []byte, level int) { gast.DumpHelper(n, source, level, nil, nil) }

// pairs matches a delimiter with another of the same character, the way
// emphasis pairs "*"; made makes the node for a matched pair.
type pairs struct {
	char byte
	made func() gast.Node
}

func (p pairs) IsDelimiter(b byte) bool { return b == p.char }

func (p pairs) CanOpenCloser(opener, closer *parser.Delimiter) bool {
	return opener.Char == closer.Char
}

func (p pairs) OnMatch(int) gast.Node { return p.made() }

// scanRun reads a run of delimiter characters. A run of a length that
// cannot be a delimiter is passed as text at once: left to goldmark, a long
// run would be scanned again from each of its characters.
func scanRun(block text.Reader, pc parser.Context, p pairs, ok func(n int) bool) gast.Node {
	before := block.PrecendingCharacter()
	line, segment := block.PeekLine()
	d := parser.ScanDelimiter(line, before, 1, p)
	if d == nil {
		return nil
	}
	if !ok(d.OriginalLength) || before == rune(p.char) {
		block.Advance(d.OriginalLength)
		return gast.NewTextSegment(segment.WithStop(segment.Start + d.OriginalLength))
	}
	d.Segment = segment.WithStop(segment.Start + d.OriginalLength)
	block.Advance(d.OriginalLength)
	pc.PushDelimiter(d)
	return d
}

var marks = pairs{'=', func() gast.Node { return &MarkNode{} }}

// markParser reads a run of exactly two "=" as a possible mark delimiter.
type markParser struct{}

func (markParser) Trigger() []byte { return []byte{'='} }

func (markParser) Parse(_ gast.Node, block text.Reader, pc parser.Context) gast.Node {
	return scanRun(block, pc, marks, func(n int) bool { return n == 2 })
}

func (markParser) CloseBlock(gast.Node, parser.Context) {}

var strikes = pairs{'~', func() gast.Node { return east.NewStrikethrough() }}

// strikeParser reads a run of one or two "~" as a strikethrough delimiter.
type strikeParser struct{}

func (strikeParser) Trigger() []byte { return []byte{'~'} }

func (strikeParser) Parse(_ gast.Node, block text.Reader, pc parser.Context) gast.Node {
	return scanRun(block, pc, strikes, func(n int) bool { return n <= 2 })
}

func (strikeParser) CloseBlock(gast.Node, parser.Context) {}

// taskParser reads "[ ]", "[x]" or "[X]" (and the space after) at the very
// start of a list item's text.
type taskParser struct{}

// TaskCheckBoxParser reads a task list item's [ ] or [x] box, for a parser
// built without the rest of the extension.
func TaskCheckBoxParser() parser.InlineParser { return taskParser{} }

func (taskParser) Trigger() []byte { return []byte{'['} }

func (taskParser) Parse(parent gast.Node, block text.Reader, _ parser.Context) gast.Node {
	item := parent.Parent()
	if item == nil || item.FirstChild() != parent || parent.HasChildren() {
		return nil
	}
	if _, ok := item.(*gast.ListItem); !ok {
		return nil
	}
	line, _ := block.PeekLine()
	if len(line) < 3 || line[0] != '[' || line[2] != ']' {
		return nil
	}
	if line[1] != 'x' && line[1] != 'X' && !isTaskSpace(line[1]) {
		return nil
	}
	n := 3
	for n < len(line) && isTaskSpace(line[n]) {
		n++
	}
	block.Advance(n)
	return east.NewTaskCheckBox(line[1] == 'x' || line[1] == 'X')
}

func (taskParser) CloseBlock(gast.Node, parser.Context) {}

// isTaskSpace is white space as GitHub's task list syntax has it (and
// goldmark, whose regular expression's \s it is): no vertical tab.
func isTaskSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'
}
