package deck

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

// importedCard is what an importer test spells out about a card.
type importedCard struct {
	Line                int
	ID, Topic           string
	Tags                []string
	Front, Prompt, Back string
}

// checkImported compares a deck's cards and diagnostics (as printed) with
// what a test expects, and checks what every imported deck must hold.
func checkImported(t *testing.T, src []byte, d Deck, diags Diagnostics, wantName string, want []importedCard, wantDiags []string) {
	t.Helper()
	if d.Name != wantName {
		t.Errorf("deck name %q, want %q", d.Name, wantName)
	}
	if d.Hash != SourceHash(src) {
		t.Errorf("deck hash %q, want SourceHash of the source", d.Hash)
	}
	var got []string
	for _, dg := range diags {
		got = append(got, dg.String())
	}
	if !slices.Equal(got, wantDiags) {
		t.Errorf("diagnostics:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(wantDiags, "\n"))
	}
	if len(d.Cards) != len(want) {
		t.Errorf("%d cards, want %d", len(d.Cards), len(want))
	}
	for i := range min(len(d.Cards), len(want)) {
		c, w := d.Cards[i], want[i]
		gotC := importedCard{c.Line, c.ID, c.Topic, c.Tags, c.Front, c.Prompt, c.Back}
		// A cloze card's front shows its blank; every other imported card
		// is basic.
		wantKind := Basic
		if strings.Contains(w.Front, clozeMark+"[") {
			wantKind = Cloze
		}
		if c.Deck != wantName || c.Kind != wantKind || !sameImported(gotC, w) {
			t.Errorf("card %d:\n got %+v (deck %q, kind %v)\nwant %+v", i, gotC, c.Deck, c.Kind, w)
		}
	}
}

func sameImported(a, b importedCard) bool {
	return a.Line == b.Line && a.ID == b.ID && a.Topic == b.Topic && slices.Equal(a.Tags, b.Tags) &&
		a.Front == b.Front && a.Prompt == b.Prompt && a.Back == b.Back
}

func readImportFile(t testing.TB, name string) []byte {
	t.Helper()
	src, err := os.ReadFile(filepath.Join("testdata", "import", name))
	if err != nil {
		t.Fatalf("read test file: %v", err)
	}
	return src
}

// importSeeds adds the importer test files whose names start with prefix.
func importSeeds(f *testing.F, prefix string) {
	entries, err := os.ReadDir(filepath.Join("testdata", "import"))
	if err != nil {
		f.Fatalf("read test files: %v", err)
	}
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), prefix) {
			f.Add(readImportFile(f, e.Name()))
		}
	}
}

// checkFuzzedImport runs an importer with a time limit and checks what must
// hold for any input.
func checkFuzzedImport(t *testing.T, src []byte, parse func() (Deck, Diagnostics)) {
	var d Deck
	var diags Diagnostics
	done := make(chan struct{})
	go func() { d, diags = parse(); close(done) }()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		t.Fatalf("import of %d bytes took over 5s", len(src))
	}
	lines := bytes.Count(src, []byte("\n")) + bytes.Count(src, []byte("\r")) + 1
	for _, dg := range diags {
		if dg.Line < 0 || dg.Line > lines {
			t.Fatalf("diagnostic line %d outside 0..%d: %v", dg.Line, lines, dg)
		}
	}
	if d.Hash != SourceHash(src) {
		t.Fatalf("deck hash is not the source's")
	}
	for _, c := range d.Cards {
		if c.ID == "" || strings.TrimSpace(c.Front) == "" || c.Topic == "" || c.Deck != d.Name || c.Line < 1 || c.Line > lines {
			t.Fatalf("card without id, front, topic, deck or line: %#v", c)
		}
	}
}
