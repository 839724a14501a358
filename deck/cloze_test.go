package deck

import (
	"slices"
	"strings"
	"testing"
)

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
}
