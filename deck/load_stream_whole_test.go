package deck

import (
	"errors"
	"fmt"
	"io"
	"reflect"
	"testing"
	"testing/fstest"
)

// TestStreamWholeChanged: an Obsidian note or an Anki text file that
// changes after Scan fails the stream and its text reader with ErrChanged,
// alone or merged with other files, as a hone deck does: Stream parses it
// again rather than handing on what Scan saw.
func TestStreamWholeChanged(t *testing.T) {
	tests := []struct {
		name, root, file string
		fsys             fstest.MapFS
		o                LoadOptions
		changed          string
	}{
		{"an Obsidian note", "n.md", "n.md", fstest.MapFS{"n.md": {Data: []byte(streamOSR)}}, LoadOptions{Format: FormatOSR}, "#flashcards\nWhat is Go::A game\n"},
		{"Anki text", "t.tsv", "t.tsv", fstest.MapFS{"t.tsv": {Data: []byte(streamTSV)}}, LoadOptions{}, "front\tback\nhola\thi\n"},
		{"Anki text merged", "v", "v/t.tsv", fstest.MapFS{"v/n.md": {Data: []byte(streamOSR)}, "v/t.tsv": {Data: []byte(streamTSV)}}, LoadOptions{DeckName: "All"}, "front\tback\nhola\thi\n"},
		{"Anki text gone", "v", "v/t.tsv", fstest.MapFS{"v/n.md": {Data: []byte(streamOSR)}, "v/t.tsv": {Data: []byte(streamTSV)}}, LoadOptions{DeckName: "All"}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			plan, diags := Scan(tt.fsys, tt.root, tt.root, tt.o)
			if diags.Err() != nil || len(plan.Heads) != 1 {
				t.Fatalf("scan: %v, %d heads", diags, len(plan.Heads))
			}
			if tt.changed == "" {
				delete(tt.fsys, tt.file)
			} else {
				tt.fsys[tt.file] = &fstest.MapFile{Data: []byte(tt.changed)}
			}
			s := &countingSink{}
			diags, err := plan.Stream(s)
			if err != nil || diags.Err() == nil || diags.Errors()[0].Msg != ErrChanged.Error() {
				t.Errorf("stream: %v %v, want the error %q", diags, err, ErrChanged)
			}
			if s.ends != 0 {
				t.Errorf("sink got %d ends, want none", s.ends)
			}
			if _, err := io.ReadAll(plan.Text(0)); !errors.Is(err, ErrChanged) {
				t.Errorf("text: %v, want %v", err, ErrChanged)
			}
		})
	}
}

// TestScanWholeErrors: Scan reports what Load reports of a file parsed
// whole, the ids that are one id once sanitized included, across blocks.
func TestScanWholeErrors(t *testing.T) {
	guids := "#separator:tab\n#guid column:3\n"
	for i := range 1500 {
		guids += fmt.Sprintf("q%d\ta%d\tg%d\n", i, i, i)
	}
	guids += "late\tcard\tg\x017\n"
	tests := []struct {
		name string
		fsys fstest.MapFS
		root string
	}{
		{"GUIDs one once sanitized, a block apart", fstest.MapFS{"t.tsv": {Data: []byte(guids)}}, "t.tsv"},
		{"a bad row", fstest.MapFS{"c.csv": {Data: []byte("#separator:comma\na,b\n\"c,d\n")}}, "c.csv"},
		{"invalid UTF-8 on line 3", fstest.MapFS{"t.tsv": {Data: []byte("q\ta\nr\tb\ns\t\xff\n")}}, "t.tsv"},
		{"a NUL on line 2", fstest.MapFS{"n.md": {Data: []byte("Q::A\nR::\x00\n")}}, "n.md"},
		{"a control-character deck name", fstest.MapFS{"t.tsv": {Data: []byte("#deck:\x07\nq\ta\n")}}, "t.tsv"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, want := Load(tt.fsys, tt.root, tt.root, LoadOptions{})
			plan, got := Scan(tt.fsys, tt.root, tt.root, LoadOptions{})
			if want.Err() == nil || !reflect.DeepEqual(got, want) {
				t.Errorf("scan: %v, want Load's errors %v", got, want)
			}
			if len(plan.Heads) != 0 {
				t.Errorf("scan gave %d heads, want none", len(plan.Heads))
			}
		})
	}
}

// TestParseDrain: with drain set, the Anki text and Obsidian parsers hand
// on each full block as it is made and keep only the rest; the blocks and
// the rest are the cards, ids and lines of a parse without drain.
func TestParseDrain(t *testing.T) {
	rows, notes := "", ""
	for i := range 2500 {
		rows += fmt.Sprintf("q%d\ta%d\n", i, i)
		notes += fmt.Sprintf("Q%d::A%d\n", i, i)
	}
	tests := []struct {
		name  string
		parse func(drain func([]Card)) (Deck, Diagnostics)
	}{
		{"Anki text", func(drain func([]Card)) (Deck, Diagnostics) {
			return parseAnki("t.tsv", "", []byte(rows), nil, drain)
		}},
		{"Obsidian", func(drain func([]Card)) (Deck, Diagnostics) {
			return parseOSR("n.md", "", []byte(notes), OSRClozes{}, nil, drain)
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			want, wantDiags := tt.parse(nil)
			var sizes []int
			var cards []Card
			got, diags := tt.parse(func(block []Card) {
				sizes = append(sizes, len(block))
				cards = append(cards, block...)
			})
			// 2,500 cards: two blocks of 1,024 handed on, 452 kept.
			if !reflect.DeepEqual(sizes, []int{1024, 1024}) || len(got.Cards) != 452 {
				t.Errorf("handed on blocks of %v and kept %d, want [1024 1024] and 452", sizes, len(got.Cards))
			}
			got.Cards = append(cards, got.Cards...)
			if !reflect.DeepEqual(got, want) || !reflect.DeepEqual(diags, wantDiags) {
				t.Errorf("drained parse differs from the whole one")
			}
		})
	}
}
