package deck

import (
	"slices"
	"strings"
	"testing"
	"time"
)

func TestCloze(t *testing.T) {
	type side struct{ front, back string }
	osr := clozeSyntax{highlight: true, numbered: true, markdown: true}
	osrAll := clozeSyntax{highlight: true, bold: true, curly: true, numbered: true, markdown: true}
	tests := []struct {
		syn   clozeSyntax
		in    string
		nums  []int
		cards []side // one per number in nums
	}{
		// Anki's own marks.
		{ankiCloze, "{{c1::a}} b", []int{1}, []side{{"==[...]== b", "==a== b"}}},
		{ankiCloze, "{{c1::a::a hint}} b", []int{1}, []side{{"==[a hint]== b", "==a== b"}}},
		{ankiCloze, "{{c1::a::`h`}} b", []int{1}, []side{{"==[`h`]== b", "==a== b"}}}, // code in a hint is the hint's
		{ankiCloze, "{{c2::x}} {{c1::y}}", []int{1, 2}, []side{{"x ==[...]==", "x ==y=="}, {"==[...]== y", "==x== y"}}},
		{ankiCloze, "{{c1::a {{c2::b}}}}", []int{1, 2}, []side{{"==[...]==", "==a b=="}, {"a ==[...]==", "a ==b=="}}},
		{ankiCloze, "{{c1::a {{c1::b}}}}", []int{1}, []side{{"==[...]==", "==a b=="}}},
		{ankiCloze, "{{c1:: spaced }}.", []int{1}, []side{{"==[...]==.", " ==spaced== ."}}},
		{ankiCloze, "{{c1::a}}}", []int{1}, []side{{"==[...]==}", "==a==}"}}},
		{ankiCloze, "{{c1::a::b::c}}", []int{1}, []side{{"==[b::c]==", "==a=="}}},
		{ankiCloze, "{{c1::}}x", []int{1}, []side{{"==[...]==x", "x"}}},
		{ankiCloze, "{{c1::x {{c2::y}} z", []int{2}, []side{{"{{c1::x ==[...]== z", "{{c1::x ==y== z"}}},
		{ankiCloze, "{{c1::a", nil, nil},
		{ankiCloze, "{{c1::a::h", nil, nil},
		{ankiCloze, "{{c0::a}} {{c::b}} {{C1::c}} {c1::d}", nil, nil},
		{ankiCloze, "plain ==not a mark here==", nil, nil},
		// hone's: ==text== and Anki's marks, outside code spans.
		{honeCloze, "The ==mitochondria== is the ==powerhouse==", []int{1, 2}, []side{
			{"The ==[...]== is the powerhouse", "The ==mitochondria== is the powerhouse"},
			{"The mitochondria is the ==[...]==", "The mitochondria is the ==powerhouse=="},
		}},
		{honeCloze, "{{c2::Go}} was ==released== in {{c2::2009}}", []int{2, 3}, []side{
			{"==[...]== was released in ==[...]==", "==Go== was released in ==2009=="},
			{"Go was ==[...]== in 2009", "Go was ==released== in 2009"},
		}},
		{honeCloze, "`a == b` and `==x==` and ``{{c1::y}}``", nil, nil},
		{honeCloze, "`code` ==mark== `more`", []int{1}, []side{{"`code` ==[...]== `more`", "`code` ==mark== `more`"}}},
		{honeCloze, "a == b == c", nil, nil},
		{honeCloze, "x===y=== and ====z====", nil, nil},
		{honeCloze, "==a ==b==", []int{1}, []side{{"==a ==[...]==", "==a ==b=="}}},
		{honeCloze, "==open\nclose==", nil, nil},
		{honeCloze, "==1;;no numbers here==", []int{1}, []side{{"==[...]==", "==1;;no numbers here=="}}},
		// The Obsidian plugin's forms.
		{osr, "==2;;b== ==1;;a;;first== ==c;;hint==", []int{1, 2, 3}, []side{
			{"b ==[first]== c", "b ==a== c"},
			{"==[...]== a c", "==b== a c"},
			{"b a ==[hint]==", "b a ==c=="},
		}},
		{osr, "**bold** {{curly}}", nil, nil},
		{osrAll, "**bold** {{curly}} ==hi==", []int{1, 2, 3}, []side{
			{"==[...]== curly hi", "==bold== curly hi"},
			{"bold ==[...]== hi", "bold ==curly== hi"},
			{"bold curly ==[...]==", "bold curly ==hi=="},
		}},
		{osrAll, "***not*** {{open", nil, nil},
		{osrAll, "| a | ==b== |\n|---|---|\n| ==c== | d |", []int{1, 2}, []side{
			{"| a | ==[...]== |\n|---|---|\n| c | d |", "| a | ==b== |\n|---|---|\n| c | d |"},
			{"| a | b |\n|---|---|\n| ==[...]== | d |", "| a | b |\n|---|---|\n| ==c== | d |"},
		}},
	}
	for _, tt := range tests {
		nodes := parseCloze(tt.in, tt.syn)
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

func TestClozeCards(t *testing.T) {
	nodes := parseCloze("==Go== has ==goroutines==", honeCloze)
	got := clozeCards(nodes, "base", "extra text")
	want := []Card{
		{ID: "base#c1", Note: "base", Kind: Cloze, Front: "==[...]== has goroutines", Back: "==Go== has goroutines\n\nextra text"},
		{ID: "base#c2", Note: "base", Kind: Cloze, Front: "Go has ==[...]==", Back: "Go has ==goroutines==\n\nextra text"},
	}
	if len(got) != len(want) {
		t.Fatalf("%d cards, want %d", len(got), len(want))
	}
	for i := range want {
		if g, w := got[i], want[i]; g.ID != w.ID || g.Note != w.Note || g.Kind != w.Kind || g.Front != w.Front || g.Back != w.Back {
			t.Errorf("card %d = %+v, want %+v", i, g, w)
		}
	}
}

func TestClozeLongInputIsLinear(t *testing.T) {
	// Thousands of open markers must not make parsing quadratic; this
	// finishes at once when it is not.
	inputs := []struct {
		syn clozeSyntax
		in  string
	}{
		{ankiCloze, strings.Repeat("{{c1::", 50000) + strings.Repeat("<a ", 50000)},
		{honeCloze, strings.Repeat("==a ", 100000)},
		{honeCloze, strings.Repeat("`", 100001) + strings.Repeat("`` ", 1000)},
		{clozeSyntax{highlight: true, bold: true, curly: true, numbered: true, markdown: true}, strings.Repeat("{{ **a ", 100000)},
	}
	for _, tt := range inputs {
		start := time.Now()
		nodes := parseCloze(tt.in, tt.syn)
		if took := time.Since(start); took > 3*time.Second {
			t.Errorf("%.20q… took %v", tt.in, took)
		}
		if len(clozeNumbers(nodes)) != 0 || renderCloze(nodes, 1, false) != tt.in {
			t.Errorf("%.20q…: open markers did not come back as text", tt.in)
		}
	}
}
