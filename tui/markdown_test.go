package tui

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"
)

// checkWidth fails when a line of out is wider than width.
func checkWidth(t *testing.T, out string, width int) {
	t.Helper()
	for i, l := range strings.Split(out, "\n") {
		if w := ansi.StringWidth(l); w > width {
			t.Errorf("line %d is %d wide, over %d: %q", i+1, w, width, ansi.Strip(l))
		}
	}
}

func plainRender(src string, width int) string {
	return ansi.Strip((&markdown{}).render(src, width, true))
}

func TestWrapWidths(t *testing.T) {
	tests := []struct {
		name, src string
		width     int
		want      string
	}{
		{"words", "one two three four", 9, "one two\nthree\nfour"},
		{"spaces collapse", "a    b", 10, "a b"},
		{"long word is cut", "abcdefghij", 4, "abcd\nefgh\nij"},
		// Each CJK character is two cells, and a line may break between any
		// two of them.
		{"cjk", "日本語の文章", 5, "日本\n語の\n文章"},
		// Closing punctuation stays with the character before it.
		{"cjk punctuation", "中文，标点。", 6, "中文，\n标点。"},
		// A ZWJ sequence is one grapheme of two cells.
		{"emoji zwj", "a 👩‍💻 b", 4, "a 👩‍💻\nb"},
		{"flag", "🇯🇵🇯🇵", 2, "🇯🇵\n🇯🇵"},
		{"newline kept", "a\nb", 10, "a\nb"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := plainRender(tt.src, tt.width); got != tt.want {
				t.Errorf("got\n%s\nwant\n%s", got, tt.want)
			}
		})
	}
}

func TestNestingOver(t *testing.T) {
	tests := []struct {
		line string
		want int
	}{
		{"plain text", 0},
		{"> quote", 1},
		{">>> three", 3},
		{"> > > spaced", 3},
		{"- item", 1},
		{"- - - x", 3},
		{"- - -", 0}, // a thematic break
		{"* * * *", 0},
		{"1. one", 1},
		{"10) ten", 1},
		{"1.5 not a marker", 0},
		{"  - nested by two spaces", 2},
		{"    - by four", 3},
		{">   - list continued inside a quote", 3},
		{"\t- tab", 3},
		{"                                        text", 0}, // indentation alone opens nothing
		{"-no space", 0},
	}
	for _, tt := range tests {
		if got := lineDepth(tt.line, 100); got != tt.want {
			t.Errorf("lineDepth(%q) = %d, want %d", tt.line, got, tt.want)
		}
	}
	if overBudget("ok\n"+strings.Repeat("> ", 21)+"x") == "" {
		t.Error("21 quotes are not over 20")
	}
	if why := overBudget(strings.Repeat("> ", 20) + "x\n" + strings.Repeat("  ", 30) + "text"); why != "" {
		t.Errorf("20 quotes and deep indentation are refused: %s", why)
	}
}

// The bound is checked against goldmark's real depth: a card just inside it
// is formatted, one just past it is plain.
func TestDepthBudget(t *testing.T) {
	inside := strings.Repeat(">", maxFormatDepth) + " deep"
	if out := plainRender(inside, 80); strings.Contains(out, "plain text") || !strings.Contains(out, "│ │") {
		t.Errorf("%d quotes were not formatted:\n%s", maxFormatDepth, out)
	}
	lists := ""
	for i := 0; i <= maxFormatDepth; i++ {
		lists += strings.Repeat("  ", i) + "- level\n"
	}
	if out := plainRender(lists, 80); !strings.Contains(out, "more than 20 deep") {
		t.Errorf("%d nested lists were formatted:\n%s", maxFormatDepth+1, out)
	}
}

func TestSizeBudget(t *testing.T) {
	big := strings.Repeat("word\n\n", maxFormatBytes/6+1)
	out := plainRender(big, 80)
	if !strings.HasPrefix(out, "Shown as plain text: at 16.0 KB, the card is over the 16 KB that hone formats.") {
		t.Errorf("a card over the size budget has no note: %.100q", out)
	}
	// 8 KB of lines in a row is too long a paragraph; the same with blank
	// lines (or quote lines with nothing else) between is not.
	run := strings.Repeat("a line of text\n", maxFormatRun/15+1)
	if why := overBudget(run); !strings.Contains(why, "over 8 KB of lines without a blank line") {
		t.Errorf("a long run of lines is formatted: %q", why)
	}
	if why := overBudget(strings.Repeat("> a line of text\n>\n", maxFormatRun/15+1)); why != "" {
		t.Errorf("lines parted by blank quote lines are refused: %q", why)
	}
	huge := strings.Repeat("x", 3*maxPlainBytes)
	out = plainRender(huge, 80)
	if !strings.Contains(out, "(128.0 KB more not shown)") || len(out) > 2*maxPlainBytes {
		t.Errorf("a huge card is not cut: %d bytes", len(out))
	}
}

func TestTimeBudget(t *testing.T) {
	m := &markdown{budget: time.Nanosecond}
	// A card that takes a while: many blocks.
	src := strings.Repeat("- **item** with `code` and a [link](https://x.example)\n\n", 150)
	out := ansi.Strip(m.render(src, 60, true))
	if !strings.HasPrefix(out, "Shown as plain text: the card took too long to format.") {
		t.Errorf("a rendering past its budget is not shown plain: %.100q", out)
	}
	if !strings.Contains(out, "- **item** with `code`") {
		t.Errorf("the plain text is not the card's: %.200q", out)
	}
}

// Whatever is in the text, the only escape sequences in the output are the
// styles' own, and no control character but the newline is written.
func TestNoEscapeFromText(t *testing.T) {
	for _, c := range cardConstructs {
		assertOnlyStyles(t, c.src, (&markdown{}).render(c.src, 40, true))
	}
}

// assertOnlyStyles fails when out holds an escape sequence that is not an
// SGR sequence, or any control character other than newline.
func assertOnlyStyles(t *testing.T, src, out string) {
	t.Helper()
	rest := out
	for len(rest) > 0 {
		i := strings.IndexFunc(rest, func(r rune) bool { return r < 0x20 && r != '\n' || r >= 0x7f && r < 0xa0 })
		if i < 0 {
			return
		}
		rest = rest[i:]
		n := sgrLen(rest)
		if n == 0 {
			t.Fatalf("output of %q holds a control character or escape: %q", src, rest[:min(len(rest), 20)])
		}
		rest = rest[n:]
	}
}

func TestFitColumns(t *testing.T) {
	tests := []struct {
		natural []int
		room    int
		want    []int
	}{
		{[]int{5, 10}, 20, []int{5, 10}},
		// The narrow column keeps its width; the wide ones share the rest.
		{[]int{5, 30, 30}, 35, []int{5, 15, 15}},
		{[]int{3, 40}, 20, []int{3, 17}},
		// Below eight cells a column is too squeezed: records instead.
		{[]int{20, 20, 20, 20}, 28, nil},
	}
	for _, tt := range tests {
		got, ok := fitColumns(tt.natural, tt.room)
		if ok != (tt.want != nil) || !slices.Equal(got, tt.want) {
			t.Errorf("fitColumns(%v, %d) = %v, %v; want %v", tt.natural, tt.room, got, ok, tt.want)
		}
	}
}

func TestUnescape(t *testing.T) {
	tests := []struct{ in, want string }{
		{`a \* b`, "a * b"},
		{`\a`, `\a`},
		{"&amp; &lt; &copy;", "& < ©"},
		{"&#65;&#x42;", "AB"},
		{"&#0;", "\uFFFD"},
		{"&#99999999;", "&#99999999;"},
		{"&nosuch;", "&nosuch;"},
		{`\&amp;`, "&amp;"},
		{"& alone", "& alone"},
	}
	for _, tt := range tests {
		if got := string(unescape([]byte(tt.in))); got != tt.want {
			t.Errorf("unescape(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestCleanText(t *testing.T) {
	tests := []struct{ in, want string }{
		{"plain", "plain"},
		{"a\x1b[31mb", "a[31mb"},
		{"c1 \u009b1m", "c1 1m"},
		{"bidi \u202eevil\u202c", "bidi evil"},
		{"tab\there", "tab here"},
		{"bad \xff byte", "bad \uFFFD byte"},
		{"zwj 👩‍💻 stays", "zwj 👩‍💻 stays"},
		{"del\x7f", "del"},
	}
	for _, tt := range tests {
		if got := cleanText(tt.in, false); got != tt.want {
			t.Errorf("cleanText(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestMarkIsStyled(t *testing.T) {
	mark := newStyles(true).Markdown.Mark.Render("answer")
	out := (&markdown{}).render("The ==answer== is marked, ==[...]== too.", 80, true)
	if !strings.Contains(out, mark) {
		t.Errorf("the mark is not drawn in the Mark style: %q", out)
	}
	if strings.Contains(ansi.Strip(out), "==") {
		t.Errorf("the mark's delimiters are shown: %q", ansi.Strip(out))
	}
}

// Links show their address as text: no OSC 8 hyperlink, whose text could
// hide where it points.
func TestLinksAreNotHyperlinks(t *testing.T) {
	out := (&markdown{}).render("[click](https://evil.example)", 80, true)
	if strings.Contains(out, "\x1b]8;") {
		t.Errorf("a link became a hyperlink: %q", out)
	}
	if got := ansi.Strip(out); got != "click (https://evil.example)" {
		t.Errorf("got %q", got)
	}
}

func TestCacheKeepsRenderings(t *testing.T) {
	m := &markdown{}
	a := m.render("**x**", 20, true)
	if m.done[renderKey{"**x**", 20, true}] != a {
		t.Fatal("the rendering is not kept")
	}
	for i := range maxRendered + 1 {
		m.render(strings.Repeat("y", i+1), 20, true)
	}
	if len(m.done) > maxRendered {
		t.Errorf("the cache holds %d renderings, over %d", len(m.done), maxRendered)
	}
}
