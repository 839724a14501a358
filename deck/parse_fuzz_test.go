package deck

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
	"time"
)

func FuzzParse(f *testing.F) {
	f.Add([]byte(example))
	f.Add([]byte(head + "## Q\n- [ ] A: a\n- [x] B: b\n> why\n<!-- id: x -->\n"))
	f.Add([]byte(head + "## Q\nmore\n?\nanswer\n```\n?\n```\n"))
	f.Add([]byte("---\ndeck: T\n---\n#\n## \n- [x]\n>\n"))
	f.Add([]byte(head + "## The ==a== and {{c1::b::h}}\n## Q\n```\n## x\n<!--\n## y\n-->\n> - > - x\n"))
	f.Fuzz(func(t *testing.T, src []byte) {
		var d Deck
		var diags Diagnostics
		done := make(chan struct{})
		go func() { d, diags = ParseBytes("f.md", src); close(done) }()
		select {
		case <-done:
		case <-time.After(5 * time.Second):
			t.Fatalf("parse of %d bytes took over 5s", len(src))
		}
		// Read chunk by chunk, the deck is what one tree over the whole
		// file makes of it, unless a card was refused before parsing.
		if len(src) <= MaxCardSize && !strings.Contains(diags.Error(), "levels, so flatten the card") {
			sameParse(t, src)
		} else {
			sameStreamed(t, src)
		}
		sameEmitted(t, src, d, diags)
		lines := bytes.Count(src, []byte("\n")) + 1
		for _, dg := range diags {
			if dg.Line < 0 || dg.Line > lines {
				t.Fatalf("diagnostic line %d outside 0..%d: %v", dg.Line, lines, dg)
			}
		}
		if diags.Err() != nil {
			return
		}
		if len(d.Cards) > 0 {
			capStopsEarly(t, src, d.Cards)
		}
		for _, c := range d.Cards {
			if c.ID == "" || c.Front == "" || c.Topic == "" {
				t.Fatalf("card without id, front or topic: %#v", c)
			}
			if c.Kind == Choice && (c.Correct < 0 || c.Correct >= len(c.Options) || c.Explanation == "") {
				t.Fatalf("choice card is inconsistent: %#v", c)
			}
			if c.Kind == Choice && len(c.Options) > maxOptions {
				t.Fatalf("choice card with %d options", len(c.Options))
			}
			if c.Kind == Cloze && (c.Note == "" || c.Back == "" || !strings.Contains(c.Front, clozeMark+"[")) {
				t.Fatalf("cloze card without note, back or blank: %#v", c)
			}
			if c.Kind == Basic && c.Back == "" {
				t.Fatalf("basic card without a back: %#v", c)
			}
		}
	})
}

// capStopsEarly parses src again with a cap of half its cards: the parse
// must stop with the cap's error, having made a prefix of the cards.
func capStopsEarly(t *testing.T, src []byte, cards []Card) {
	t.Helper()
	limit := len(cards) / 2
	p := &parser{file: "f.md", budget: newCardBudget(limit)}
	d := p.run(bytes.NewReader(src))
	if !strings.Contains(p.diags.Error(), fmt.Sprintf("more than %d cards", limit)) {
		t.Fatalf("a cap of %d cards of %d: %v", limit, len(cards), p.diags)
	}
	if len(d.Cards) <= limit || len(d.Cards) > len(cards) {
		t.Fatalf("a cap of %d made %d cards of %d", limit, len(d.Cards), len(cards))
	}
	for i, c := range d.Cards {
		if !sameCard(c, cards[i]) {
			t.Fatalf("card %d under a cap: %#v, without: %#v", i, c, cards[i])
		}
	}
}

// sameEmitted parses src again handing the cards on a block at a time, as
// a streamed load does: the blocks, joined, are the deck's cards, and the
// diagnostics are the same.
func sameEmitted(t *testing.T, src []byte, d Deck, diags Diagnostics) {
	t.Helper()
	var got []Card
	p := &parser{file: "f.md", emit: func(b []Card) { got = append(got, b...) }}
	e := p.run(bytes.NewReader(src))
	if diags.Err() == nil && len(e.Cards) != 0 {
		t.Fatalf("a streamed parse kept %d cards", len(e.Cards))
	}
	if diags.Err() == nil && len(got) != len(d.Cards) {
		t.Fatalf("a streamed parse handed on %d cards, not %d", len(got), len(d.Cards))
	}
	for i := range got {
		if diags.Err() == nil && !sameCard(got[i], d.Cards[i]) {
			t.Fatalf("streamed card %d: %#v, whole: %#v", i, got[i], d.Cards[i])
		}
	}
	if p.diags.Error() != diags.Error() {
		t.Fatalf("streamed diagnostics %v, whole %v", p.diags, diags)
	}
}
