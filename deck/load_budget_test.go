package deck

import (
	"bytes"
	"fmt"
	"io"
	"strings"
	"testing"
	"testing/fstest"
)

// countingReader counts the bytes a parse reads.
type countingReader struct {
	r io.Reader
	n int
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += n
	return n, err
}

// A file of many tiny cards is refused at the card that passes the cap,
// having read little more than the cards up to it.
func TestParseStopsAtTheCardCap(t *testing.T) {
	src := []byte(deckOf("Tiny", 200_000)) // 2.7 MB
	r := &countingReader{r: bytes.NewReader(src)}
	p := &parser{file: "tiny.md", budget: newCardBudget(100)}
	d := p.run(r)
	errs := p.diags.Errors()
	// Card 101 (index 100) is at line 5+3·100.
	if len(errs) != 1 || errs[0].String() != "tiny.md:305: error: the import holds more than 100 cards; import fewer files at once, or raise the limit with --max-cards" {
		t.Fatalf("diagnostics: %v", p.diags)
	}
	if len(d.Cards) != 101 {
		t.Errorf("%d cards made, want the 101 up to the one that passes the cap", len(d.Cards))
	}
	// 101 cards are 1.5 KB; the window and its reader read ahead 16 KB
	// each.
	if r.n > 3*readAhead {
		t.Errorf("read %d of %d bytes before stopping", r.n, len(src))
	}
}

func TestLoadCapsEveryFormat(t *testing.T) {
	var tsv, osr strings.Builder
	for i := range 500 {
		fmt.Fprintf(&tsv, "q%d\ta%d\n", i, i)
		fmt.Fprintf(&osr, "q%d::a%d\n", i, i)
	}
	fsys := fstest.MapFS{
		"a.tsv":    {Data: []byte(tsv.String())},
		"notes.md": {Data: []byte(osr.String())},
		"p.apkg":   {Data: samplePackage("anki21").build(t)},
	}
	tests := []struct {
		file string
		max  int
		want string
	}{
		{"a.tsv", 40, "a.tsv:41: error: the import holds more than 40 cards"},
		{"notes.md", 7, "notes.md:8: error: the import holds more than 7 cards"},
		{"p.apkg", 3, "p.apkg: error: the import holds more than 3 cards"},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			srcs, diags := Load(fsys, tt.file, tt.file, LoadOptions{MaxCards: tt.max})
			errs := diags.Errors()
			if len(errs) != 1 || !strings.HasPrefix(errs[0].String(), tt.want) || len(srcs) != 0 {
				t.Fatalf("%d sources, diagnostics: %v", len(srcs), diags)
			}
			if _, diags := Load(fsys, tt.file, tt.file, LoadOptions{MaxCards: 500}); diags.Err() != nil {
				t.Fatalf("under the cap: %v", diags)
			}
		})
	}
}
