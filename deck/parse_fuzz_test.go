package deck

import (
	"bytes"
	"testing"
	"time"
)

func FuzzParse(f *testing.F) {
	f.Add([]byte(example))
	f.Add([]byte(head + "## Q\n- [ ] A: a\n- [x] B: b\n> why\n<!-- id: x -->\n"))
	f.Add([]byte(head + "## Q\nmore\n?\nanswer\n```\n?\n```\n"))
	f.Add([]byte("---\ndeck: T\n---\n#\n## \n- [x]\n>\n"))
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
		lines := bytes.Count(src, []byte("\n")) + 1
		for _, dg := range diags {
			if dg.Line < 0 || dg.Line > lines {
				t.Fatalf("diagnostic line %d outside 0..%d: %v", dg.Line, lines, dg)
			}
		}
		if diags.Err() != nil {
			return
		}
		for _, c := range d.Cards {
			if c.ID == "" || c.Front == "" || c.Topic == "" {
				t.Fatalf("card without id, front or topic: %#v", c)
			}
			if c.Kind == Choice && (c.Correct < 0 || c.Correct >= len(c.Options) || c.Explanation == "") {
				t.Fatalf("choice card is inconsistent: %#v", c)
			}
			if c.Kind == Basic && c.Back == "" {
				t.Fatalf("basic card without a back: %#v", c)
			}
		}
	})
}
