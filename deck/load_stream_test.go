package deck

import (
	"errors"
	"fmt"
	"io"
	"reflect"
	"strings"
	"testing"
	"testing/fstest"
)

const (
	streamA   = "---\ndeck: Go\ndescription: from a\n---\n# Basics\n## What is a slice?\nA view of an array.\n## What is a map?\nA hash table.\n"
	streamB   = "---\ndeck: Go\n---\n# Basics\n## What is a map?\nA hash table, again.\n# More\n## What is a chan?\nA pipe.\n"
	streamC   = "---\ndeck: Rust\n---\n# Own\n## What is a borrow?\nA loan.\n"
	streamOSR = "#flashcards\nWhat is Go::A language\n"
	streamTSV = "front\tback\nhola\thello\n"
)

// TestStreamIsLoad: the streamed load hands on exactly what Load gives:
// the sources in order, their cards, topics, hashes and text, and the same
// diagnostics, merged files and renames included.
func TestStreamIsLoad(t *testing.T) {
	many, rows, notes := "---\ndeck: Big\n---\n# T\n", "#separator:tab\n#html:false\n", "#flashcards\n"
	for i := range 2500 {
		many += fmt.Sprintf("## Q%d?\nA.\n", i)
		rows += fmt.Sprintf("q%d\ta%d\n", i, i)
		notes += fmt.Sprintf("Q%d::A%d\n", i, i)
	}
	dupTSV := "#deck:Same\nhola\thello\nadios\tbye\n"
	tests := []struct {
		name string
		fsys fstest.MapFS
		root string
		o    LoadOptions
	}{
		{"one file", fstest.MapFS{"a.md": {Data: []byte(streamA)}}, "a.md", LoadOptions{}},
		{"more than a block", fstest.MapFS{"big.md": {Data: []byte(many)}}, "big.md", LoadOptions{}},
		{"merged with a duplicate", fstest.MapFS{"v/a.md": {Data: []byte(streamA)}, "v/b.md": {Data: []byte(streamB)}, "v/c.md": {Data: []byte(streamC)}}, "v", LoadOptions{}},
		{"renamed", fstest.MapFS{"a.md": {Data: []byte(streamA)}}, "a.md", LoadOptions{DeckName: "Other"}},
		{"merged by --deck with other formats", fstest.MapFS{"v/a.md": {Data: []byte(streamA)}, "v/n.md": {Data: []byte(streamOSR)}, "v/c.md": {Data: []byte(streamC)}, "v/t.tsv": {Data: []byte(streamTSV)}}, "v", LoadOptions{DeckName: "All"}},
		{"a warning", fstest.MapFS{"w.md": {Data: []byte("---\ndeck: W\ncolour: red\n---\n# T\n## Q?\nA.\n")}}, "w.md", LoadOptions{}},
		// Files parsed whole, over a block, merged, renamed, with warnings.
		{"Anki text over a block", fstest.MapFS{"t.tsv": {Data: []byte(rows)}}, "t.tsv", LoadOptions{}},
		{"Obsidian note over a block", fstest.MapFS{"n.md": {Data: []byte(notes)}}, "n.md", LoadOptions{Format: FormatOSR}},
		{"Anki text merged with duplicates", fstest.MapFS{"v/a.tsv": {Data: []byte(dupTSV)}, "v/b.tsv": {Data: []byte(dupTSV + "si\tyes\n")}}, "v", LoadOptions{}},
		{"vault under --deck", fstest.MapFS{"v/a.md": {Data: []byte(notes)}, "v/b.md": {Data: []byte(streamOSR)}, "v/c/d.md": {Data: []byte(notes)}}, "v", LoadOptions{Format: FormatOSR, DeckName: "Vault"}},
		{"Anki text warnings", fstest.MapFS{"w.tsv": {Data: []byte("#html:maybe\n#colour:red\nq\ta\n")}}, "w.tsv", LoadOptions{}},
		{"a BOM and CR line ends", fstest.MapFS{"c.csv": {Data: []byte("\uFEFFq,a\r\nr,b\rs,c\n")}}, "c.csv", LoadOptions{}},
		{"an Obsidian note with CRLF", fstest.MapFS{"n.md": {Data: []byte("#flashcards\r\nQ::A\r\nR\r\n?\r\nB\r\n")}}, "n.md", LoadOptions{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			want, wantDiags := Load(tt.fsys, tt.root, "in/"+tt.root, tt.o)
			plan, diags := Scan(tt.fsys, tt.root, "in/"+tt.root, tt.o)
			if diags.Err() != nil {
				t.Fatalf("scan: %v", diags)
			}
			checkCollected(t, plan, diags, want, wantDiags)
		})
	}
}

// TestStreamErrors: an error in any file is reported, as Load reports it,
// and the sink gets no cards after it.
func TestStreamErrors(t *testing.T) {
	bad := "---\ndeck: Bad\n---\n# T\n## Q?\nA.\n## \nno front\n"
	fsys := fstest.MapFS{"v/a.md": {Data: []byte(streamA)}, "v/b.md": {Data: []byte(bad)}, "v/c.md": {Data: []byte(streamC)}}
	_, wantDiags := Load(fsys, "v", "v", LoadOptions{})
	plan, diags := Scan(fsys, "v", "v", LoadOptions{})
	if diags.Err() != nil {
		t.Fatalf("scan: %v", diags)
	}
	s := &countingSink{}
	got, err := plan.Stream(s)
	if err != nil {
		t.Fatal(err)
	}
	if wantDiags.Err() == nil || !reflect.DeepEqual(got, wantDiags) {
		t.Errorf("diagnostics: got %v, want %v", got, wantDiags)
	}
	// a.md's two cards came before the error; c.md's came after it.
	if s.cards != 2 || s.ends != 1 {
		t.Errorf("sink got %d cards and %d ends, want 2 and 1", s.cards, s.ends)
	}
}

// TestStreamChanged: a file that changes after Scan fails the stream, and
// its text reader, with ErrChanged.
func TestStreamChanged(t *testing.T) {
	fsys := fstest.MapFS{"a.md": {Data: []byte(streamA)}}
	plan, _ := Scan(fsys, "a.md", "a.md", LoadOptions{})
	fsys["a.md"] = &fstest.MapFile{Data: []byte(strings.Replace(streamA, "array", "arrax", 1))}
	diags, err := plan.Stream(&countingSink{})
	if err != nil || len(diags) != 1 || diags[0].Msg != ErrChanged.Error() {
		t.Errorf("stream: %v %v, want one line %q", diags, err, ErrChanged)
	}
	if _, err := io.ReadAll(plan.Text(0)); !errors.Is(err, ErrChanged) {
		t.Errorf("text: %v, want %v", err, ErrChanged)
	}
}

type countingSink struct{ cards, ends int }

func (s *countingSink) Cards(i int, block []Card) error { s.cards += len(block); return nil }
func (s *countingSink) End(i int, topics []Topic) error { s.ends++; return nil }
