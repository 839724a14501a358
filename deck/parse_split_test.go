package deck

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"
)

// sameParse checks that reading src chunk by chunk gives what one tree
// over the whole file gives: the same cards and the same diagnostics.
func sameParse(t *testing.T, src []byte) {
	t.Helper()
	d, diags := ParseBytes("f.md", src)
	wd, wdiags := parseBytes(&parser{file: "f.md", oneChunk: true}, src)
	sameDeck(t, "chunks", d, diags, "whole", wd, wdiags)
	cd, cdiags := parseBytes(&parser{file: "f.md", batch: 1}, src)
	sameDeck(t, "chunks", d, diags, "one card a tree", cd, cdiags)
	sameStreamed(t, src)
}

// sameStreamed checks that reading src a line at a time, so that the line
// window drops and reads at every step, gives what reading it in big
// pieces gives.
func sameStreamed(t *testing.T, src []byte) {
	t.Helper()
	d, diags := ParseBytes("f.md", src)
	sd, sdiags := parseBytes(&parser{file: "f.md", readAhead: 1}, src)
	sameDeck(t, "read ahead", d, diags, "line by line", sd, sdiags)
	if d.Hash != sd.Hash {
		t.Fatalf("hash %q read ahead, %q line by line", d.Hash, sd.Hash)
	}
}

func sameDeck(t *testing.T, aName string, d Deck, diags Diagnostics, bName string, wd Deck, wdiags Diagnostics) {
	t.Helper()
	if !slices.Equal(diagStrings(diags), diagStrings(wdiags)) {
		t.Fatalf("diagnostics differ:\n%s: %q\n%s: %q", aName, diagStrings(diags), bName, diagStrings(wdiags))
	}
	if len(d.Cards) != len(wd.Cards) {
		t.Fatalf("%d cards %s, %d %s", len(d.Cards), aName, len(wd.Cards), bName)
	}
	for i := range d.Cards {
		if a, b := d.Cards[i], wd.Cards[i]; !sameCard(a, b) || a.Note != b.Note {
			t.Fatalf("card %d differs:\n%s: %#v\n%s: %#v", i, aName, a, bName, b)
		}
	}
	if !slices.EqualFunc(d.Topics, wd.Topics, func(a, b Topic) bool { return a.Name == b.Name && slices.Equal(a.Tags, b.Tags) }) {
		t.Fatalf("topics differ: %+v, %+v", d.Topics, wd.Topics)
	}
}

func diagStrings(ds Diagnostics) []string {
	var out []string
	for _, d := range ds {
		out = append(out, d.String())
	}
	return out
}

func TestParseChunksAsOneTree(t *testing.T) {
	tests := map[string]string{
		"a fence holding headings":    head + "## Q\n```sh\n# comment\n## another\n```\nA\n## R\nB\n",
		"a fence never closed":        head + "## Q\n~~~\n## inside\n# topic?\n",
		"a longer fence":              head + "## Q\n````\n```\n## inside\n```\n````\n## R\nB\n",
		"a comment holding headings":  head + "## Q\nA\n<!--\n## not a card\n# not a topic\n-->\n## R\nB\n",
		"a div holding a heading":     head + "## Q\n<div>\n## inside the div\n</div>\n\n## R\nB\n",
		"a div ended by a blank":      head + "## Q\n<div>\n\n## R\nB\n",
		"script never closed":         head + "## Q\nA\n<script>\n## x\n# y\n",
		"indented headings":           head + "## Q\n- item\n  ## heading in the item\n   ## three spaces\n## R\nB\n",
		"headings in a quote":         head + "## Q\n> quote\n## R\n> ## quoted heading\n",
		"tags and ids":                "---\ndeck: T\n---\n# Topic\ntags: a b\n## Q\ntags: c\nA\n<!-- id: q -->\n# Two\n## R\nB\n",
		"text before the first topic": "---\ndeck: T\n---\nintro\n\n```\n# no topic\n```\n# T\nstray\n## Q\nA\n",
		"many unclosed fences":        head + strings.Repeat("## Q\n```\n", 30) + "## end\nA\n",
		"choice cards":                head + "## Q\nstory\n- [ ] A: a\n- [x] B: b\n> why\n## R\n- [x] A: a\n- [ ] B: b\n>\n",
		"setext and hashes":           head + "## Q ##\nline\n---\n#hashtag\n#\n##\n",
	}
	for name, src := range tests {
		t.Run(name, func(t *testing.T) { sameParse(t, []byte(src)) })
	}
}

func TestParseRefusesDeepNestingBeforeParsing(t *testing.T) {
	nestedList := func(depth int) string {
		var b strings.Builder
		for i := range depth {
			fmt.Fprintf(&b, "%s- level %d\n", strings.Repeat("  ", i), i+1)
		}
		return b.String()
	}
	bigList := strings.Repeat(nestedList(21), (4<<20)/len(nestedList(21))+1)
	tests := []struct {
		name, body string
		want       []string
	}{
		{"60,000 > in one card", "## Q?\n" + strings.Repeat(">", 60000) + " deep\n## R\nB\n",
			[]string{"6: error: block quotes and lists nest 60000 deep here; hone reads at most 20 levels, so flatten the card"}},
		{"a 4 MB nested list", "## Q\n" + bigList,
			[]string{"26: error: block quotes and lists nest 21 deep here; hone reads at most 20 levels, so flatten the card"}},
		{"lists in quotes", "## Q\n" + strings.Repeat("> - ", 11) + "x\n",
			[]string{"6: error: block quotes and lists nest 22 deep here; hone reads at most 20 levels, so flatten the card"}},
		{"a 4 MB flat card", "## Q\n" + strings.Repeat("word ", 4<<20/5) + "\n## R\nB\n",
			[]string{"5: error: card is 4096 KB; the limit is 64 KB, so split it into smaller cards"}},
		{"twenty levels are fine", "## Q\n" + nestedList(20) + strings.Repeat(">", 20) + " ok\n", nil},
		{"nesting in code does not count", "## Q\n```\n" + nestedList(30) + "```\n", nil},
		{"lazy lines keep a list open", "## Q\n" + strings.Replace(nestedList(21), "- level 20\n", "- level 20\nlazy\n", 1),
			[]string{"27: error: block quotes and lists nest 21 deep here; hone reads at most 20 levels, so flatten the card"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			start := time.Now()
			d, diags := ParseBytes("t.md", []byte(head+tt.body))
			if took := time.Since(start); took > 2*time.Second {
				t.Errorf("took %v", took)
			}
			var got []string
			for _, dg := range diags {
				got = append(got, strings.TrimPrefix(dg.String(), "t.md:"))
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("diagnostics %q, want %q", got, tt.want)
			}
			if tt.want == nil && len(d.Cards) == 0 {
				t.Errorf("no cards")
			}
		})
	}
}

func TestParseChoiceWithMoreOptionsThanKeys(t *testing.T) {
	var opts strings.Builder
	for i := range 9 {
		box := " "
		if i == 0 {
			box = "x"
		}
		fmt.Fprintf(&opts, "- [%s] %c: option\n", box, 'A'+i)
	}
	_, diags := ParseBytes("t.md", []byte(head+"## Q\nstory\n"+opts.String()+"> why\n"))
	want := []string{"t.md:7: error: choice card has 9 options; hone answers with A to H, so give it at most 8"}
	if got := diagStrings(diags); !slices.Equal(got, want) {
		t.Errorf("diagnostics %q, want %q", got, want)
	}
}
