package srs

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/hone-srs/hone/deck"
)

// streamOf hands items' cards on in blocks of n, as a deck.Plan would.
func streamOf(items []ImportItem, n int, fail func(i, block int) error) DeckStream {
	st := DeckStream{Text: func(i int) io.ReadCloser { return io.NopCloser(bytes.NewReader(items[i].Text)) }}
	for _, it := range items {
		h := it.Deck
		h.Cards, h.Topics = nil, nil
		st.Heads = append(st.Heads, StreamHead{Deck: h, Source: it.Source, Size: int64(len(it.Text))})
	}
	st.Run = func(sink deck.Sink) error {
		for i, it := range items {
			for b, cards := 0, it.Deck.Cards; len(cards) > 0; b++ {
				if fail != nil {
					if err := fail(i, b); err != nil {
						return err
					}
				}
				k := min(n, len(cards))
				if err := sink.Cards(i, slices.Clone(cards[:k])); err != nil {
					return err
				}
				cards = cards[k:]
			}
			if err := sink.End(i, it.Deck.Topics); err != nil {
				return err
			}
		}
		return nil
	}
	return st
}

// planStream is the stream of a deck.Plan, as hone import makes it.
func planStream(t *testing.T, fsys fstest.MapFS, root string, o deck.LoadOptions) DeckStream {
	t.Helper()
	plan, diags := deck.Scan(fsys, root, root, o)
	if diags.Err() != nil {
		t.Fatal(diags)
	}
	st := DeckStream{Text: plan.Text}
	for _, h := range plan.Heads {
		st.Heads = append(st.Heads, StreamHead{Deck: h.Deck, Source: "/src/" + h.Path})
	}
	st.Run = func(sink deck.Sink) error {
		diags, err := plan.Stream(sink)
		if err == nil {
			err = diags.Err()
		}
		return err
	}
	return st
}

// planItems is what Load gives for the same files, as import items.
func planItems(t *testing.T, fsys fstest.MapFS, root string, o deck.LoadOptions) []ImportItem {
	t.Helper()
	srcs, diags := deck.Load(fsys, root, root, o)
	if diags.Err() != nil {
		t.Fatal(diags)
	}
	var items []ImportItem
	for _, s := range srcs {
		items = append(items, ImportItem{Deck: s.Deck, Source: "/src/" + s.Path, Text: s.Text})
	}
	return items
}

func mdDeck(name string, from, n int, extra string) string {
	var b strings.Builder
	b.WriteString("---\ndeck: " + name + "\n---\n# T\n")
	for i := from; i < from+n; i++ {
		fmt.Fprintf(&b, "## Question %03d?\nAnswer %d%s.\n", i, i, extra)
	}
	return b.String()
}

// A streamed import stores exactly what the whole-deck import stores:
// cards, positions, topics, deck and source records, text, blob.
func TestImportStreamMatchesWhole(t *testing.T) {
	big := testDeck("big", 50, "a", "b")
	merged := fstest.MapFS{
		"v/a.md": {Data: []byte(mdDeck("M", 0, 30, ""))},
		"v/b.md": {Data: []byte(mdDeck("M", 20, 30, ""))}, // 10 duplicates
		"v/c.md": {Data: []byte(mdDeck("Other", 0, 12, ""))},
	}
	changed := fstest.MapFS{
		"v/a.md": {Data: []byte(mdDeck("M", 5, 30, " (new)"))},
		"v/b.md": {Data: []byte(mdDeck("M", 20, 40, ""))},
		"v/c.md": {Data: []byte(mdDeck("Other", 0, 12, ""))},
	}
	type step struct {
		items  []ImportItem
		stream func() DeckStream
	}
	items := func(ds ...deck.Deck) []ImportItem {
		var out []ImportItem
		for _, d := range ds {
			out = append(out, importItem(d))
		}
		return out
	}
	fromItems := func(its []ImportItem) func() DeckStream {
		return func() DeckStream { return streamOf(its, 3, nil) }
	}
	fromFiles := func(fsys fstest.MapFS) step {
		return step{planItems(t, fsys, "v", deck.LoadOptions{}), func() DeckStream { return planStream(t, fsys, "v", deck.LoadOptions{}) }}
	}
	tests := []struct {
		name  string
		steps []step
	}{
		{"a new deck", []step{{items(big), fromItems(items(big))}}},
		{"two decks, one small", []step{{items(big, testDeck("small", 4)), fromItems(items(big, testDeck("small", 4)))}}},
		{"too few cards for pieces", []step{{items(testDeck("small", 6)), fromItems(items(testDeck("small", 6)))}}},
		{"re-import with changes", []step{
			{items(big), fromItems(items(big))},
			{items(reworked(big, 10, 5, 6)), fromItems(items(reworked(big, 10, 5, 6)))},
		}},
		{"re-import unchanged", []step{{items(big), fromItems(items(big))}, {items(big), fromItems(items(big))}}},
		{"merged files with duplicates, then changed", []step{fromFiles(merged), fromFiles(changed)}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			whole, streamed := testStore(t, newClock(t0)), testStore(t, newClock(t0))
			smallPieces(streamed, nil)
			for n, s := range tt.steps {
				want, err := whole.Import(s.items, false)
				if err != nil {
					t.Fatal(err)
				}
				got, err := streamed.ImportStream(context.Background(), s.stream(), false)
				if err != nil {
					t.Fatal(err)
				}
				if !slices.Equal(got, want) {
					t.Errorf("step %d: results %+v, whole %+v", n, got, want)
				}
				gs, ws := snapshot(t, streamed), snapshot(t, whole)
				delete(gs, bEvents) // keyed by each store's own device
				delete(ws, bEvents)
				assertSameRecords(t, "streamed vs whole", gs, ws)
				assertConsistent(t, streamed)
			}
		})
	}
}

// An error in a later file or block stops the import before it stores
// anything (the cards wait in the spool until the stream ends); an error
// after cards were stored — the text changed — is rolled back. Either
// leaves the store as it was, and no spool behind.
func TestImportStreamErrorStoresNothing(t *testing.T) {
	before, after := testDeck("big", 40, "a"), reworked(testDeck("big", 40, "a"), 5, 5, 5)
	bad := errors.New("a.md:9: card has no front")
	for _, tt := range []struct {
		name   string
		fail   func(i, block int) error
		text   bool
		stored bool // pieces were stored before the error
	}{
		{"a later block", func(i, b int) error { return when(i == 0 && b == 9, bad) }, false, false},
		{"a later deck", func(i, b int) error { return when(i == 1 && b == 1, bad) }, false, false},
		{"the text changed", nil, true, true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			s := testStore(t, newClock(t0))
			pieces := smallPieces(s, nil)
			if _, err := s.Import([]ImportItem{importItem(before)}, false); err != nil {
				t.Fatal(err)
			}
			want := snapshot(t, s)
			*pieces = 0
			st := streamOf([]ImportItem{importItem(after), importItem(testDeck("other", 20))}, 2, tt.fail)
			if tt.text {
				st.Text = func(int) io.ReadCloser { return io.NopCloser(iotestErr{deck.ErrChanged}) }
			}
			_, err := s.ImportStream(context.Background(), st, false)
			if err == nil || (!errors.Is(err, bad) && !errors.Is(err, deck.ErrChanged)) {
				t.Fatalf("error %v", err)
			}
			switch {
			case tt.stored && *pieces < 3:
				t.Fatalf("only %d pieces before the error: the test stored nothing to roll back", *pieces)
			case !tt.stored && *pieces != 0:
				t.Fatalf("%d pieces before a parse error: want none", *pieces)
			}
			assertNoSpool(t)
			assertSameRecords(t, "after a failed stream", snapshot(t, s), want)
			assertConsistent(t, s)
		})
	}
}

func when(c bool, err error) error {
	if c {
		return err
	}
	return nil
}

type iotestErr struct{ err error }

func (r iotestErr) Read([]byte) (int, error) { return 0, r.err }

// A dry run of a stream counts what the import would do, as a dry run of
// the whole decks counts it, and stores nothing.
func TestImportStreamDryRun(t *testing.T) {
	big := testDeck("big", 50, "a", "b")
	renamed := reworked(big, 10, 5, 6)
	renamed.Name = "bigger"
	other := deck.Deck{Name: "other", Cards: slices.Clone(big.Cards[40:])}
	rehash(&other)
	for _, tt := range []struct {
		name   string
		before []ImportItem
		items  []ImportItem
		want   []SyncResult
	}{
		{"new", nil, []ImportItem{importItem(big)}, []SyncResult{{Deck: "big", Added: 50}}},
		{"changed", []ImportItem{importItem(big)}, []ImportItem{importItem(reworked(big, 10, 5, 6))},
			[]SyncResult{{Deck: "big", Added: 6, Updated: 5, Unchanged: 35, Retired: 10}}},
		{"unchanged", []ImportItem{importItem(big)}, []ImportItem{importItem(big)}, []SyncResult{{Deck: "big", Unchanged: 50, Skipped: true}}},
		// The same source under another name: its cards move to it.
		{"renamed", []ImportItem{importItem(big)}, []ImportItem{{Deck: renamed, Source: "/src/big.md", Text: []byte("t")}},
			// a card's deck is part of its content
			[]SyncResult{{Deck: "bigger", Added: 6, Updated: 40, Retired: 10}}},
		{"one id in two decks", nil, []ImportItem{importItem(big), importItem(other)}, nil},
	} {
		t.Run(tt.name, func(t *testing.T) {
			s := testStore(t, newClock(t0))
			smallPieces(s, nil)
			if tt.before != nil {
				if _, err := s.Import(tt.before, false); err != nil {
					t.Fatal(err)
				}
			}
			want := snapshot(t, s)
			whole, werr := s.Import(tt.items, true)
			got, err := s.ImportStream(context.Background(), streamOf(tt.items, 3, nil), true)
			if tt.want == nil {
				if err == nil || werr == nil {
					t.Fatalf("dry run of an id in two decks: stream %v, whole %v; want errors", err, werr)
				}
				return
			}
			if err != nil || werr != nil {
				t.Fatal(err, werr)
			}
			if !slices.Equal(got, tt.want) || !slices.Equal(whole, tt.want) {
				t.Errorf("dry run: streamed %+v, whole %+v, want %+v", got, whole, tt.want)
			}
			assertSameRecords(t, "after a dry run", snapshot(t, s), want)
		})
	}
}
