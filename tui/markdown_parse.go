package tui

import (
	"github.com/yuin/goldmark"
	gast "github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// newCardParser is the markdown hone's cards are written in: CommonMark
// with GitHub's tables, strikethrough and task lists, and ==marked== text.
// Only goldmark's parser is used; the card renderer draws the tree.
func newCardParser() parser.Parser {
	md := goldmark.New(goldmark.WithExtensions(extension.Table, extension.Strikethrough, extension.TaskList))
	p := md.Parser()
	p.AddOptions(parser.WithInlineParsers(util.Prioritized(markParser{}, 500)))
	return p
}

// markNode is ==marked== text. Cloze cards mark their answer with it.
type markNode struct{ gast.BaseInline }

var kindMark = gast.NewNodeKind("Mark")

func (n *markNode) Kind() gast.NodeKind { return kindMark }

func (n *markNode) Dump(source []byte, level int) { gast.DumpHelper(n, source, level, nil, nil) }

// markDelimiters pairs "==" with "==", the way emphasis pairs "*".
type markDelimiters struct{}

func (markDelimiters) IsDelimiter(b byte) bool { return b == '=' }

func (markDelimiters) CanOpenCloser(opener, closer *parser.Delimiter) bool {
	return opener.Char == closer.Char
}

func (markDelimiters) OnMatch(consumes int) gast.Node { return &markNode{} }

// markParser reads a run of exactly two "=" as a possible mark delimiter.
type markParser struct{}

func (markParser) Trigger() []byte { return []byte{'='} }

func (markParser) Parse(parent gast.Node, block text.Reader, pc parser.Context) gast.Node {
	before := block.PrecendingCharacter()
	line, segment := block.PeekLine()
	node := parser.ScanDelimiter(line, before, 1, markDelimiters{})
	if node == nil {
		return nil
	}
	if node.OriginalLength != 2 || before == '=' {
		// Not a mark: the whole run is text. Passing it at once keeps a
		// long run of "=" from being scanned again from each of its
		// characters.
		block.Advance(node.OriginalLength)
		return gast.NewTextSegment(segment.WithStop(segment.Start + node.OriginalLength))
	}
	node.Segment = segment.WithStop(segment.Start + node.OriginalLength)
	block.Advance(node.OriginalLength)
	pc.PushDelimiter(node)
	return node
}

func (markParser) CloseBlock(parent gast.Node, pc parser.Context) {}
