package deck

import (
	"slices"
	"strings"
	"testing"
)

func TestHTMLToText(t *testing.T) {
	tests := []struct{ in, want string }{
		{"a<br>b", "a\nb"},
		{"a<br/>b<BR />c", "a\nb\nc"},
		{"<div>one</div><div>two</div>", "one\ntwo"},
		{"<p>x</p><p>y</p>", "x\ny"},
		{"a &amp; b &lt;c&gt; &#233; &#xE9; &nbsp;x", "a & b <c> é é x"},
		{"&lt;br&gt; stays text", "<br> stays text"},
		{`<b>bold</b> and <span style="color: red">red</span>`, "bold and red"},
		{`<a title="x>y" href="#">link</a>`, "link"},
		{"<ul><li>one</li><li>two</li></ul>", "- one\n- two"},
		{"x<br><br><br><br>y", "x\n\ny"},
		{"1 < 2 and 3 > 2", "1 < 2 and 3 > 2"},
		{"a <b", "a <b"},
		{"a <b title=\"x", "a <b title=\"x"},
		{"<!-- note -->text<!-- open", "text"},
		{"<script>alert(1)</script>ok<STYLE>p{}</style>!", "ok!"},
		{"<!DOCTYPE html>doc", "doc"},
		{"line1\nline2", "line1\nline2"},
		{"line1\nline2<br>line3", "line1 line2\nline3"},
		{"tab\t\tspaces   here", "tab spaces here"},
		{"<table><tr><td>a</td><td>b</td></tr></table>", "a b"},
		{"", ""},
	}
	for _, tt := range tests {
		if got := htmlToText(tt.in); got != tt.want {
			t.Errorf("htmlToText(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestHTMLLooksLike(t *testing.T) {
	tests := []struct {
		in   string
		want bool
	}{
		{"a<br>b", true},
		{"<div class=x>y</div>", true},
		{"x &amp; y", true},
		{"&#39;quoted&#39;", true},
		{"AT&T", false},
		{"x < y > z", false},
		{"&bogus; text", false},
		{"Vec<i32> and Option<T>", false},
		{"{{c1::plain}}", false},
	}
	for _, tt := range tests {
		if got := looksLikeHTML(tt.in); got != tt.want {
			t.Errorf("looksLikeHTML(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
}

func TestCloze(t *testing.T) {
	type side struct{ front, back string }
	tests := []struct {
		in    string
		nums  []int
		cards []side // one per number in nums
	}{
		{"{{c1::a}} b", []int{1}, []side{{"[...] b", "**a** b"}}},
		{"{{c1::a::a hint}} b", []int{1}, []side{{"[a hint] b", "**a** b"}}},
		{"{{c2::x}} {{c1::y}}", []int{1, 2}, []side{{"x [...]", "x **y**"}, {"[...] y", "**x** y"}}},
		{"{{c1::a {{c2::b}}}}", []int{1, 2}, []side{{"[...]", "**a b**"}, {"a [...]", "a **b**"}}},
		{"{{c1::a {{c1::b}}}}", []int{1}, []side{{"[...]", "**a b**"}}},
		{"{{c1:: spaced }}.", []int{1}, []side{{"[...].", " **spaced** ."}}},
		{"{{c1::a}}}", []int{1}, []side{{"[...]}", "**a**}"}}},
		{"{{c1::a::b::c}}", []int{1}, []side{{"[b::c]", "**a**"}}},
		{"{{c1::}}x", []int{1}, []side{{"[...]x", "x"}}},
		{"{{c1::x {{c2::y}} z", []int{2}, []side{{"{{c1::x [...] z", "{{c1::x **y** z"}}},
		{"{{c1::a", nil, nil},
		{"{{c1::a::h", nil, nil},
		{"{{c0::a}} {{c::b}} {{C1::c}} {c1::d}", nil, nil},
		{"plain", nil, nil},
	}
	for _, tt := range tests {
		nodes := parseCloze(tt.in)
		nums := clozeNumbers(nodes)
		if !slices.Equal(nums, tt.nums) {
			t.Errorf("clozeNumbers(%q) = %v, want %v", tt.in, nums, tt.nums)
			continue
		}
		if nums == nil {
			// No deletions: the text must come back as it was.
			if got := renderCloze(nodes, 1, false) + "|" + renderCloze(nodes, 1, true); got != tt.in+"|"+tt.in {
				t.Errorf("%q without deletions renders as %q", tt.in, got)
			}
		}
		for i, n := range nums {
			got := side{renderCloze(nodes, n, false), renderCloze(nodes, n, true)}
			if got != tt.cards[i] {
				t.Errorf("%q card c%d = %+v, want %+v", tt.in, n, got, tt.cards[i])
			}
		}
	}
}

func TestClozeLongInputIsLinear(t *testing.T) {
	// Thousands of open markers must not make parsing quadratic; this
	// finishes at once when it is not.
	in := strings.Repeat("{{c1::", 50000) + strings.Repeat("<a ", 50000)
	nodes := parseCloze(in)
	if len(clozeNumbers(nodes)) != 0 || renderCloze(nodes, 1, false) != in {
		t.Errorf("open markers did not come back as text")
	}
	if got := htmlToText(strings.Repeat("<a ", 50000)); got != strings.TrimSpace(strings.Repeat("<a ", 50000)) {
		t.Errorf("unterminated tags did not come back as text: %.40q", got)
	}
}
