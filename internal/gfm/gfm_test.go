package gfm

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/yuin/goldmark"
	gast "github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
)

// The extensions read what goldmark's own read, into the same tree: this
// test compares the two on each example. (goldmark's extension package is
// linked into this test only.)
var (
	ours   = goldmark.New(goldmark.WithExtensions(Table, Strikethrough, TaskList)).Parser()
	theirs = goldmark.New(goldmark.WithExtensions(extension.Table, extension.Strikethrough, extension.TaskList)).Parser()
)

var examples = []string{
	"| a | b |\n| - | - |\n| 1 | 2 |",
	"a | b\n--- | :---:\n1 | 2\n3",
	"| left | center | right | none |\n| :-- | :-: | --: | --- |\n| 1 | 2 | 3 | 4 |",
	"text before\n| h |\n| - |\n| x |\nlazy row",
	"| a |\n| - | - |", // header and delimiter differ: not a table
	"| a | b |\n| - |",
	"| a | b |\n| - | - |\n| too | many | cells |\n| one |",
	"| `code` | **strong** | [link](u) |\n| --- | --- | --- |\n| \\| escaped | a\\|b | c |",
	"|a|\n|-|",
	"| a |\n|:-:|\n",
	"- | a\n- | b",
	"a\n---",
	"| a |\n| -x- |",
	"> | a |\n> | - |\n> | b |",
	"- | a |\n  | - |\n  | b |",
	"\t| a |\n\t| - |",
	"~~struck~~ and ~single~ and ~~~three~~~ and a~~b~~c",
	"~~unclosed and ~ lone",
	"- [ ] open\n- [x] done\n- [X] done\n- [y] not\n-  [ ] spaced\n- [ ]no space\n- text [ ] later",
	"1. [x] numbered\n2. [ ] task",
	"[ ] not in a list",
	"- [ ]\n- [x]",
	"- > [ ] quoted",
}

func TestMatchesGoldmark(t *testing.T) {
	for _, src := range examples {
		if got, want := shape(ours, src), shape(theirs, src); got != want {
			t.Errorf("%q:\ngot\n%s\nwant\n%s", src, got, want)
		}
	}
}

// Each example's tree, written by hand for a few, so that the comparison
// above is not the only check.
func TestTables(t *testing.T) {
	got := shape(ours, "a | b\n:-- | --:\n1 | *2*")
	want := "Document\n Table\n  TableHeader\n   TableCell left\n    Text \"a\"\n   TableCell right\n    Text \"b\"\n" +
		"  TableRow\n   TableCell left\n    Text \"1\"\n   TableCell right\n    Emphasis\n     Text \"2\"\n"
	if got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
}

func TestMark(t *testing.T) {
	p := goldmark.New(goldmark.WithExtensions(Mark)).Parser()
	tests := []struct{ src, want string }{
		{"a ==b== c", "Document\n Paragraph\n  Text \"a \"\n  Mark\n   Text \"b\"\n  Text \" c\"\n"},
		{"==[...]==", "Document\n Paragraph\n  Mark\n   Text \"[...]\"\n"},
		{"a == b", "Document\n Paragraph\n  Text \"a == b\"\n"},
		{"===x===", "Document\n Paragraph\n  Text \"===x===\"\n"},
		{"x==y==z", "Document\n Paragraph\n  Text \"x\"\n  Mark\n   Text \"y\"\n  Text \"z\"\n"},
	}
	for _, tt := range tests {
		if got := shape(p, tt.src); got != tt.want {
			t.Errorf("%q:\ngot\n%s\nwant\n%s", tt.src, got, tt.want)
		}
	}
}

// Long runs of delimiters and long rows are read in time linear in their
// length.
func TestLongRuns(t *testing.T) {
	p := goldmark.New(goldmark.WithExtensions(Table, Strikethrough, TaskList, Mark)).Parser()
	for _, src := range []string{
		strings.Repeat("=", 1<<16),
		strings.Repeat("~", 1<<16) + "x",
		"x" + strings.Repeat("~", 1<<16),
		strings.Repeat("|a", 1<<14) + "\n" + strings.Repeat("|-", 1<<14),
		strings.Repeat("- [ ] ", 1<<13),
	} {
		start := time.Now()
		p.Parse(text.NewReader([]byte(src)))
		if took := time.Since(start); took > time.Second {
			t.Errorf("%.20q… (%d bytes) took %v", src, len(src), took)
		}
	}
}

func FuzzMatchesGoldmark(f *testing.F) {
	for _, src := range examples {
		f.Add(src)
	}
	f.Fuzz(func(t *testing.T, src string) {
		if strings.Contains(src, "`") && strings.Contains(src, `\|`) {
			// goldmark also unescapes "\|" inside code in a cell; hone's
			// renderer does not need that.
			return
		}
		if got, want := shape(ours, src), shape(theirs, src); got != want {
			t.Errorf("%q:\ngot\n%s\nwant\n%s", src, got, want)
		}
	})
}

// shape writes a tree as one line a node: its kind, and what matters of it.
// Neighbouring text is written as one, however the parser cut it.
func shape(p parser.Parser, src string) string {
	b := []byte(src)
	var out strings.Builder
	var write func(n gast.Node, depth int)
	write = func(n gast.Node, depth int) {
		indent := strings.Repeat(" ", depth)
		if t, ok := n.(*gast.Text); ok {
			v := string(t.Segment.Value(b))
			for t.NextSibling() != nil && !t.SoftLineBreak() && !t.HardLineBreak() {
				next, ok := t.NextSibling().(*gast.Text)
				if !ok {
					break
				}
				v += string(next.Segment.Value(b))
				t = next
			}
			fmt.Fprintf(&out, "%sText %q\n", indent, v)
			if next := t.NextSibling(); next != nil {
				write(next, depth)
			}
			return
		}
		out.WriteString(indent + n.Kind().String())
		switch n := n.(type) {
		case *east.TableCell:
			if n.Alignment != east.AlignNone {
				out.WriteString(" " + n.Alignment.String())
			}
		case *east.TaskCheckBox:
			fmt.Fprintf(&out, " %v", n.IsChecked)
		}
		out.WriteByte('\n')
		if c := n.FirstChild(); c != nil {
			write(c, depth+1)
		}
		if next := n.NextSibling(); next != nil && depth > 0 {
			write(next, depth)
		}
	}
	write(p.Parse(text.NewReader(b)), 0)
	return out.String()
}
