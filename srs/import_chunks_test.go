package srs

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
)

// A large import of two decks, stopped after any of its pieces (the
// texts', the cards', the blobs'), leaves the store as it was: the old
// text and blob of a re-imported deck intact, no chunk staged left, check
// clean; run again it stores texts and blobs byte for byte. The texts are
// empty, exactly a chunk, a chunk and a byte, and five chunks; the blob
// of one import is there already (the deck comes back to what it was).
func TestImportStoppedAtEveryPieceOfItsChunks(t *testing.T) {
	base := testDeck("big", 30, "a")
	other := testDeck("other", 20, "b")
	withText := func(d string, text string) ImportItem {
		it := importItem(testDeck("x", 1))
		it.Deck, it.Text = map[string]ImportItem{"big": importItem(base), "other": importItem(other)}[d].Deck, []byte(text)
		it.Source = "/src/" + d + ".md"
		return it
	}
	chunk := strings.Repeat("z", chunkSize)
	for _, tc := range []struct {
		name   string
		before []ImportItem // imported first, in one transaction each
		imp    []ImportItem
	}{
		{"new, empty and a chunk", nil, []ImportItem{withText("big", ""), withText("other", chunk)}},
		{"re-import, a chunk and a byte", []ImportItem{withText("big", strings.Repeat("o", 3*chunkSize))},
			[]ImportItem{reworkedItem(withText("big", chunk+"!")), withText("other", strings.Repeat("q", 5*chunkSize))}},
		{"back to a blob there already", []ImportItem{withText("big", chunk+"1"), reworkedItem(withText("big", chunk+"2"))},
			[]ImportItem{withText("big", chunk+"1")}},
	} {
		setup := func() *Store {
			s := testStore(t, newClock(t0))
			for _, it := range tc.before {
				if _, err := s.Import([]ImportItem{it}, false); err != nil {
					t.Fatal(err)
				}
			}
			return s
		}
		s := setup()
		n := smallPieces(s, nil)
		if _, err := s.ImportContext(context.Background(), tc.imp, false); err != nil {
			t.Fatal(err)
		}
		pieces := *n
		for stop := 1; stop <= pieces; stop++ {
			s := setup()
			what := fmt.Sprintf("%s, stopped after piece %d", tc.name, stop)
			want, texts := snapshot(t, s), deckTexts(t, s, tc.imp)
			ctx, cancel := context.WithCancel(context.Background())
			smallPieces(s, func(n int) {
				if n == stop {
					cancel()
				}
			})
			_, err := s.ImportContext(ctx, tc.imp, false)
			if !errors.Is(err, context.Canceled) {
				t.Fatalf("%s: %v", what, err)
			}
			if errors.Is(err, context.Canceled) {
				assertSameRecords(t, what, snapshot(t, s), want)
				if got := deckTexts(t, s, tc.imp); !equalTexts(got, texts) {
					t.Errorf("%s: the old texts changed", what)
				}
			}
			assertConsistent(t, s)
			assertNoStrayChunks(t, s)
			s.pieces.afterPiece = nil
			if _, err := s.ImportContext(context.Background(), tc.imp, false); err != nil {
				t.Fatalf("%s: again: %v", what, err)
			}
			for _, it := range tc.imp {
				if got := lastBlob(t, s, it.Deck.Name); !bytes.Equal(got, encodeBlob(it.Deck, it.Text)) {
					t.Errorf("%s: blob of %q is not encodeBlob's", what, it.Deck.Name)
				}
			}
			if got := deckTexts(t, s, tc.imp); !equalTexts(got, textsOf(tc.imp)) {
				t.Errorf("%s: the texts after the re-run differ", what)
			}
			assertConsistent(t, s)
			assertNoStrayChunks(t, s)
		}
		if pieces < 4 {
			t.Errorf("%s: %d pieces", tc.name, pieces)
		}
	}
}

func reworkedItem(it ImportItem) ImportItem {
	it.Deck = reworked(it.Deck, 3, 2, 4)
	return it
}

func deckTexts(t *testing.T, s *Store, items []ImportItem) [][]byte {
	t.Helper()
	var out [][]byte
	for _, it := range items {
		text, err := s.DeckText(it.Deck.Name)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, text)
	}
	return out
}

func textsOf(items []ImportItem) [][]byte {
	var out [][]byte
	for _, it := range items {
		out = append(out, it.Text)
	}
	return out
}

func equalTexts(a, b [][]byte) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if !bytes.Equal(a[i], b[i]) {
			return false
		}
	}
	return true
}
