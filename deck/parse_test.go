package deck

import (
	"slices"
	"strings"
	"testing"
	"testing/fstest"
)

const example = `---
deck: ITIL 4 technical management practices
description: one line shown on the home screen
---
# Deployment management
tags: itil4 technical

## What does deployment management do?
tags: purpose
Any markdown: paragraphs, lists, **emphasis**, ` + "`code`" + `.

- one
- two

## A longer question can continue under its heading
with more lines, up to a line that holds only a question mark.
?
The answer comes after the ` + "`?`" + ` line.

## Which practice is this? (a scenario card)
A team pushes a tested build to production at night.
- [ ] A: Change enablement
- [x] B: Deployment management
- [ ] C: Release management
> Why B is right and the others are not: shown after answering.
<!-- id: deploy-scenario-night-push -->
`

func TestParseExample(t *testing.T) {
	d, diags := Parse("example.md", strings.NewReader(example))
	if len(diags) != 0 {
		t.Fatalf("diagnostics: %v", diags)
	}
	if d.Name != "ITIL 4 technical management practices" || d.Description != "one line shown on the home screen" {
		t.Errorf("name %q, description %q", d.Name, d.Description)
	}
	wantTopics := []Topic{{Name: "Deployment management", Tags: []string{"itil4", "technical"}}}
	if len(d.Topics) != 1 || d.Topics[0].Name != wantTopics[0].Name || !slices.Equal(d.Topics[0].Tags, wantTopics[0].Tags) {
		t.Errorf("topics %+v, want %+v", d.Topics, wantTopics)
	}
	want := []Card{
		{
			ID: DerivedID(d.Name, "Deployment management", "What does deployment management do?"), Line: 8,
			Tags:  []string{"itil4", "technical", "purpose"},
			Front: "What does deployment management do?",
			Back:  "Any markdown: paragraphs, lists, **emphasis**, `code`.\n\n- one\n- two",
		},
		{
			ID: DerivedID(d.Name, "Deployment management", "A longer question can continue under its heading"), Line: 15,
			Tags:   []string{"itil4", "technical"},
			Front:  "A longer question can continue under its heading",
			Prompt: "with more lines, up to a line that holds only a question mark.",
			Back:   "The answer comes after the `?` line.",
		},
		{
			ID: "deploy-scenario-night-push", Line: 20, Kind: Choice,
			Tags:   []string{"itil4", "technical"},
			Front:  "Which practice is this? (a scenario card)",
			Prompt: "A team pushes a tested build to production at night.",
			Options: []Option{
				{"A", "Change enablement"}, {"B", "Deployment management"}, {"C", "Release management"},
			},
			Correct:     1,
			Explanation: "Why B is right and the others are not: shown after answering.",
		},
	}
	if len(d.Cards) != len(want) {
		t.Fatalf("got %d cards, want %d", len(d.Cards), len(want))
	}
	for i, w := range want {
		w.Deck, w.Topic = d.Name, "Deployment management"
		if got := d.Cards[i]; !sameCard(got, w) {
			t.Errorf("card %d:\n got %#v\nwant %#v", i, got, w)
		}
	}
	if d.Hash != SourceHash([]byte(example)) {
		t.Errorf("deck hash %q is not the source hash", d.Hash)
	}
}

func sameCard(a, b Card) bool {
	return a.ID == b.ID && a.Deck == b.Deck && a.Topic == b.Topic && slices.Equal(a.Tags, b.Tags) &&
		a.Kind == b.Kind && a.Front == b.Front && a.Prompt == b.Prompt && a.Back == b.Back &&
		slices.Equal(a.Options, b.Options) && a.Correct == b.Correct && a.Explanation == b.Explanation && a.Line == b.Line
}

// head is the front matter and topic most cases share; their card lines
// start at line 5.
const head = "---\ndeck: T\n---\n# Topic\n"

func TestParseDiagnostics(t *testing.T) {
	tests := []struct {
		name string
		src  string
		want []string
	}{
		{"no front matter", "# Topic\n## Q\nA\n", []string{
			"1: error: deck has no front matter; start the file with three lines: ---, deck: <name>, ---",
		}},
		{"front matter not closed", "---\ndeck: T\n# Topic\n## Q\nA\n", []string{
			"1: error: front matter is not closed; add a line holding only --- after the deck: line",
		}},
		{"missing deck", "---\ndescription: d\n---\n# Topic\n## Q\nA\n", []string{
			"1: error: front matter has no deck name; add a line deck: <name> between the --- lines",
		}},
		{"unknown key warns", "---\ndeck: T\nauthor: me\n---\n# Topic\n## Q\nA\n", []string{
			`3: warning: unknown front-matter key "author" is ignored; hone knows deck and description`,
		}},
		{"front matter line without colon", "---\ndeck: T\njust words\n---\n# Topic\n## Q\nA\n", []string{
			`3: error: front matter line "just words" is not key: value`,
		}},
		{"card before topic", "---\ndeck: T\n---\n## Q\nA\n# Topic\n## R\nB\n", []string{
			"4: error: card comes before any topic; add a # topic heading above it",
		}},
		{"empty back", head + "## Q\n\n## R\nB\n", []string{
			"5: error: card has no answer; write the back below the heading",
		}},
		{"empty back after question mark", head + "## Q\nmore question\n?\n", []string{
			"7: error: card has no answer after its ? line; write the answer below it",
		}},
		{"two checked", head + "## Q\n- [x] A: a\n- [x] B: b\n- [ ] C: c\n> why\n", []string{
			"6: error: choice card has 2 checked options (A, B); check exactly one",
		}},
		{"none checked", head + "## Q\n- [ ] A: a\n- [ ] B: b\n> why\n", []string{
			"6: error: choice card has no checked option; mark the right one with [x]",
		}},
		{"no explanation", head + "## Q\nstory\n- [ ] A: a\n- [x] B: b\n", []string{
			"8: error: choice card has no explanation; add a > blockquote right after the options saying why the answer is right",
		}},
		{"explanation not right after options", head + "## Q\n- [ ] A: a\n- [x] B: b\n\nloose\n> why\n", []string{
			"9: error: choice card needs its explanation right after the options; start it with >",
		}},
		{"text after explanation", head + "## Q\n- [ ] A: a\n- [x] B: b\n> why\n\nmore\n", []string{
			"10: error: text after a choice card's explanation; move it into the > blockquote or into the story above the options",
		}},
		{"letters out of order", head + "## Q\n- [ ] A: a\n- [x] C: c\n> why\n", []string{
			"7: error: option is lettered C where B was expected; letter the options A, B, C… in order",
		}},
		{"option without letter", head + "## Q\n- [ ] A: a\n- [x] b\n> why\n", []string{
			"7: error: option 2 is not of the form - [ ] B: text; every option needs a box, a letter and a colon",
		}},
		{"single option", head + "## Q\n- [x] A: a\n> why\n", []string{
			"6: error: choice card has 1 option; give it at least two",
		}},
		{"duplicate id", head + "## Q\nA\n<!-- id: same -->\n## R\nB\n<!-- id: same -->\n", []string{
			`10: error: card id "same" is already used at line 7; give this card another id`,
		}},
		{"duplicate derived id", head + "## Same  question\nA\n## same question\nB\n", []string{
			"7: error: a card with the same front is at line 5 in this topic; reword one front or give one an <!-- id: --> comment",
		}},
		{"same front in another topic is fine", head + "## Q\nA\n# Other\n## Q\nB\n", nil},
		{"two ids in one card", head + "## Q\nA\n<!-- id: one -->\n<!-- id: two -->\n", []string{
			`8: error: card has a second id "two"; keep one <!-- id: --> per card`,
		}},
		{"empty id", head + "## Q\nA\n<!-- id: -->\n", []string{
			"7: error: id comment names no id; write <!-- id: some-name -->",
		}},
		{"empty headings", "---\ndeck: T\n---\n#\n## \nA\n", []string{
			"4: error: topic heading is empty; write the topic's name after #",
			"5: error: card heading is empty; write the question after ##",
		}},
		{"topic without cards warns", head + "## Q\nA\n# Empty\n", []string{
			`7: warning: topic "Empty" has no cards; add ## cards under it or remove it`,
		}},
		{"loose text warns", "---\ndeck: T\n---\nintro\n# Topic\nstray\n## Q\nA\n", []string{
			"4: warning: text before the first topic is not part of any card and is ignored",
			"6: warning: text under a topic before its first card is not part of any card and is ignored",
		}},
		{"invalid utf-8", head + "## Q\nA \xff\n", []string{
			"6: error: text is not valid UTF-8; save the file as UTF-8",
		}},
		{"no cards", "---\ndeck: T\n---\n", []string{
			"1: warning: deck has no cards; add a # topic and ## cards under it",
		}},
		{"oversized card", head + "## Q\n" + strings.Repeat("word ", MaxCardSize/5+1) + "\n", []string{
			"5: error: card is 64 KB; the limit is 64 KB, so split it into smaller cards",
		}},
		{"all errors reported", "---\ndeck: T\n---\n## Q\nA\n# Topic\n## R\n\n## S\n- [ ] A: a\n- [ ] B: b\n> why\n", []string{
			"4: error: card comes before any topic; add a # topic heading above it",
			"7: error: card has no answer; write the back below the heading",
			"10: error: choice card has no checked option; mark the right one with [x]",
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, diags := Parse("t.md", strings.NewReader(tt.src))
			var got []string
			for _, d := range diags {
				got = append(got, strings.TrimPrefix(d.String(), "t.md:"))
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("diagnostics:\n got %q\nwant %q", got, tt.want)
			}
		})
	}
}

func TestParseBodies(t *testing.T) {
	tests := []struct {
		name                string
		body                string
		front, prompt, back string
		explanation         string
		kind                Kind
	}{
		{name: "question mark inside code stays in the answer",
			body:  "## Q\n```\n?\n```\n",
			front: "Q", back: "```\n?\n```"},
		{name: "question mark paragraph on its own",
			body:  "## Q\nmore\n\n?\n\nanswer\n",
			front: "Q", prompt: "more", back: "answer"},
		{name: "deeper headings belong to the back",
			body:  "## Q\n### detail\ntext\n",
			front: "Q", back: "### detail\ntext"},
		{name: "setext heading is content, not a card",
			body:  "## Q\nline\n---\n",
			front: "Q", back: "line\n---"},
		{name: "closing hashes are dropped",
			body:  "## Q ##\nA\n",
			front: "Q", back: "A"},
		{name: "CRLF line ends",
			body:  "## Q\r\nA\r\nB\r\n",
			front: "Q", back: "A\nB"},
		{name: "multi-line explanation and lowercase checkbox",
			body:  "## Q\nstory\n\nmore story\n- [ ] A: a\n- [X] B: b\n> line one\n> line two\n",
			front: "Q", prompt: "story\n\nmore story", explanation: "line one\nline two", kind: Choice},
		{name: "a plain task list is a basic card's back",
			body:  "## Q\n- [ ] buy milk\n- [x] walk\n",
			front: "Q", back: "- [ ] buy milk\n- [x] walk"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, diags := ParseBytes("t.md", []byte(strings.ReplaceAll(head, "\n", "\n")+tt.body))
			if diags.Err() != nil {
				t.Fatalf("diagnostics: %v", diags)
			}
			if len(d.Cards) != 1 {
				t.Fatalf("got %d cards", len(d.Cards))
			}
			c := d.Cards[0]
			if c.Front != tt.front || c.Prompt != tt.prompt || c.Back != tt.back || c.Explanation != tt.explanation || c.Kind != tt.kind {
				t.Errorf("got front %q prompt %q back %q explanation %q kind %v", c.Front, c.Prompt, c.Back, c.Explanation, c.Kind)
			}
		})
	}
}

func TestParseBOM(t *testing.T) {
	d, diags := ParseBytes("t.md", []byte("\uFEFF"+head+"## Q\nA\n"))
	if diags.Err() != nil || len(d.Cards) != 1 || d.Name != "T" {
		t.Fatalf("deck %+v diagnostics %v", d, diags)
	}
}

func TestDerivedIDKeepsHistoryAcrossBackEdits(t *testing.T) {
	a, _ := ParseBytes("t.md", []byte(head+"## Q\nold answer\n"))
	b, _ := ParseBytes("t.md", []byte(head+"## Q\nnew answer\n"))
	c, _ := ParseBytes("t.md", []byte(head+"## Q changed\nold answer\n"))
	if a.Cards[0].ID != b.Cards[0].ID {
		t.Errorf("editing the back changed the id: %s → %s", a.Cards[0].ID, b.Cards[0].ID)
	}
	if a.Cards[0].ContentHash() == b.Cards[0].ContentHash() {
		t.Errorf("editing the back kept the content hash")
	}
	if a.Cards[0].ID == c.Cards[0].ID {
		t.Errorf("editing the front kept the id")
	}
}

func TestParseFS(t *testing.T) {
	fsys := fstest.MapFS{"d.md": {Data: []byte(head + "## Q\nA\n")}}
	if d, diags := ParseFS(fsys, "d.md"); diags.Err() != nil || len(d.Cards) != 1 {
		t.Fatalf("deck %+v diagnostics %v", d, diags)
	}
	_, diags := ParseFS(fsys, "missing.md")
	if diags.Err() == nil || !strings.HasPrefix(diags[0].String(), "missing.md: error: cannot read deck:") {
		t.Fatalf("missing file: %v", diags)
	}
}

func TestParseCloze(t *testing.T) {
	base := func(front string) string { return DerivedID("T", "Topic", front) }
	tests := []struct {
		name  string
		body  string
		want  []Card
		diags []string
	}{
		{name: "one card per deletion, no back needed",
			body: "## The ==mitochondria== is the ==powerhouse== of the cell\n",
			want: []Card{
				{ID: base("The ==mitochondria== is the ==powerhouse== of the cell") + "#c1", Note: base("The ==mitochondria== is the ==powerhouse== of the cell"),
					Front: "The ==[...]== is the powerhouse of the cell", Back: "The ==mitochondria== is the powerhouse of the cell"},
				{ID: base("The ==mitochondria== is the ==powerhouse== of the cell") + "#c2", Note: base("The ==mitochondria== is the ==powerhouse== of the cell"),
					Front: "The mitochondria is the ==[...]== of the cell", Back: "The mitochondria is the ==powerhouse== of the cell"},
			}},
		{name: "Anki marks with a hint, an id and extra text on the back",
			body: "## {{c1::Canberra::city}} is the capital of {{c2::Australia}}\nNot Sydney.\n<!-- id: canberra -->\n",
			want: []Card{
				{ID: "canberra#c1", Note: "canberra", Front: "==[city]== is the capital of Australia", Back: "==Canberra== is the capital of Australia\n\nNot Sydney."},
				{ID: "canberra#c2", Note: "canberra", Front: "Canberra is the capital of ==[...]==", Back: "Canberra is the capital of ==Australia==\n\nNot Sydney."},
			}},
		{name: "a deletion in the question's continuation",
			body: "## Fill in the blank\nA `map` is ==not== safe for concurrent use.\n?\nUse sync.Map or a mutex.\n",
			want: []Card{
				{ID: base("Fill in the blank") + "#c1", Note: base("Fill in the blank"),
					Front: "Fill in the blank\nA `map` is ==[...]== safe for concurrent use.",
					Back:  "Fill in the blank\nA `map` is ==not== safe for concurrent use.\n\nUse sync.Map or a mutex."},
			}},
		{name: "== in code is not a deletion",
			body:  "## What does `a == b` compare?\n",
			diags: []string{"5: error: card has no answer; write the back below the heading"}},
		{name: "an empty deletion over nothing",
			body:  "## {{c1::}}\n",
			diags: []string{"5: error: cloze card hides nothing; put the words to hide between == and =="}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, diags := ParseBytes("t.md", []byte(head+tt.body))
			var got []string
			for _, dg := range diags {
				got = append(got, strings.TrimPrefix(dg.String(), "t.md:"))
			}
			if !slices.Equal(got, tt.diags) {
				t.Fatalf("diagnostics %q, want %q", got, tt.diags)
			}
			if tt.diags != nil {
				return
			}
			if len(d.Cards) != len(tt.want) {
				t.Fatalf("%d cards, want %d: %+v", len(d.Cards), len(tt.want), d.Cards)
			}
			for i, w := range tt.want {
				w.Deck, w.Topic, w.Kind, w.Line = "T", "Topic", Cloze, 5
				if c := d.Cards[i]; !sameCard(c, w) || c.Note != w.Note {
					t.Errorf("card %d:\n got %#v\nwant %#v", i, c, w)
				}
			}
		})
	}
}
