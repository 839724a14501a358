package deck

import (
	"reflect"
	"testing"
	"testing/fstest"
)

// FuzzStreamWhole: whatever a file holds, read as Anki text and as an
// Obsidian note, alone and merged under --deck, the streamed load gives
// what Load gives, or fails as Load fails.
func FuzzStreamWhole(f *testing.F) {
	importSeeds(f, "anki-")
	importSeeds(f, "osr-")
	f.Add([]byte("#separator:tab\n#guid column:3\nq\ta\tg\nr\tb\tg\x01\n"))
	f.Add([]byte("\uFEFFQ::A\r\nQ::A\rR\n?\nB\n"))
	f.Fuzz(func(t *testing.T, src []byte) {
		fsys := fstest.MapFS{"v/a.tsv": {Data: src}, "v/b.md": {Data: src}}
		checkWholeStreamIsLoad(t, fsys, "v/a.tsv", LoadOptions{})
		checkWholeStreamIsLoad(t, fsys, "v/b.md", LoadOptions{Format: FormatOSR})
		checkWholeStreamIsLoad(t, fsys, "v", LoadOptions{DeckName: "All", MaxCards: 50})
	})
}

// checkWholeStreamIsLoad fails t unless the streamed load of root gives what
// Load gives, or fails where Load fails.
func checkWholeStreamIsLoad(t *testing.T, fsys fstest.MapFS, root string, o LoadOptions) {
	t.Helper()
	{
		want, wantDiags := Load(fsys, root, root, o)
		plan, diags := Scan(fsys, root, root, o)
		if wantDiags.Err() != nil {
			if diags.Err() == nil {
				more, err := plan.Stream(&countingSink{})
				if err != nil || more.Err() == nil {
					t.Fatalf("Load fails with %v; the stream does not (%v, %v)", wantDiags, diags, more)
				}
			}
			return
		}
		if diags.Err() != nil {
			t.Fatalf("Load gives no error; Scan gives %v", diags)
		}
		got, more, err := plan.Collect()
		if err != nil {
			t.Fatal(err)
		}
		if diags = append(diags, more...); !reflect.DeepEqual(emptyAsNil(got), emptyAsNil(want)) || !reflect.DeepEqual(diags, wantDiags) {
			t.Fatalf("streamed load differs from Load:\n got %+v %v\nwant %+v %v", got, diags, want, wantDiags)
		}
	}
}

// emptyAsNil makes empty texts, cards and topics nil: Load gives an empty
// file's text and cards as empty slices, and Collect as nil, which stores
// the same.
func emptyAsNil(srcs []Source) []Source {
	for i := range srcs {
		s := &srcs[i]
		if len(s.Text) == 0 {
			s.Text = nil
		}
		if len(s.Deck.Cards) == 0 {
			s.Deck.Cards = nil
		}
		if len(s.Deck.Topics) == 0 {
			s.Deck.Topics = nil
		}
	}
	return srcs
}
