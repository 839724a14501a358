package srs

import (
	"bytes"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/hone-srs/hone/deck"
)

// lastBlob is the blob of deck name's last import event, read from its
// chunks.
func lastBlob(t *testing.T, s *Store, name string) []byte {
	t.Helper()
	var blob []byte
	err := s.view(func(tx *txn) error {
		var hash string
		err := tx.forEachEvent(func(_ []byte, ev event) error {
			if ev.Kind == evDeckImport && ev.Deck == name {
				hash = ev.Blob
			}
			return nil
		})
		if err != nil || hash == "" {
			return fmt.Errorf("no import of %q: %v", name, err)
		}
		blob, err = tx.readBlob(hash)
		if err == nil && blobHash(blob) != hash {
			err = fmt.Errorf("blob %s hashes to %s", hash, blobHash(blob))
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return blob
}

// shifted is d with a card put first: every other card's line moves, its
// content does not.
func shifted(d deck.Deck) deck.Deck {
	out := d
	out.Cards = append([]deck.Card{{ID: d.Name + "-first", Deck: d.Name, Topic: d.Cards[0].Topic, Front: "first", Back: "b", Line: 1}}, slices.Clone(d.Cards)...)
	for i := 1; i < len(out.Cards); i++ {
		out.Cards[i].Line++
	}
	rehash(&out)
	return out
}

// renamed is d under another name, from the same source: its cards move.
func renamed(d deck.Deck, name string) deck.Deck {
	out := d
	out.Name = name
	out.Cards = slices.Clone(d.Cards)
	for i := range out.Cards {
		out.Cards[i].Deck = name
	}
	rehash(&out)
	return out
}

// mixedDeck has clozes (with notes), choice cards and basic ones, with
// tags and explanations.
func mixedDeck(name string, n int) deck.Deck {
	d := deck.Deck{Name: name, Description: "mixed", Topics: []deck.Topic{{Name: "t", Tags: []string{"x", "y"}}}}
	for i := range n {
		c := deck.Card{ID: fmt.Sprintf("%s-%d", name, i), Deck: name, Topic: "t", Tags: []string{"tag"}, Line: 3 * i}
		switch i % 3 {
		case 0:
			c.Kind, c.Note = deck.Cloze, fmt.Sprintf("note-%d", i/6)
			c.Front, c.Back = fmt.Sprintf("a ==[...]== %d", i), fmt.Sprintf("a ==b== %d", i)
		case 1:
			c.Kind, c.Prompt, c.Explanation, c.Correct = deck.Choice, "which?", "because", 1
			c.Front = fmt.Sprintf("story %d", i)
			c.Options = []deck.Option{{Letter: "A", Text: "no"}, {Letter: "B", Text: "yes"}}
		default:
			c.Front, c.Back = fmt.Sprintf("q %d", i), "a"
		}
		d.Cards = append(d.Cards, c)
	}
	rehash(&d)
	return d
}

// The blob an import builds from the store is encodeBlob's, byte for byte,
// in one transaction and in pieces.
func TestStoreBuiltBlobIsEncodeBlob(t *testing.T) {
	base := testDeck("big", 30, "a", "b")
	item := func(d deck.Deck, source string, text []byte) ImportItem {
		return ImportItem{Deck: d, Source: source, Text: text}
	}
	big := []byte(strings.Repeat("0123456789abcdef", (5*chunkSize)/32+7)) // 2.5 chunks
	cases := []struct {
		name  string
		items []ImportItem
	}{
		{"fresh", []ImportItem{importItem(base)}},
		{"changed, added and removed", []ImportItem{importItem(base), importItem(reworked(base, 5, 4, 6))}},
		{"lines moved", []ImportItem{importItem(base), importItem(shifted(base))}},
		{"moved from another deck", []ImportItem{item(base, "/src/s.md", []byte("one")), item(renamed(base, "other"), "/src/s.md", []byte("two"))}},
		{"clozes and choices", []ImportItem{importItem(mixedDeck("mixed", 24))}},
		{"empty text", []ImportItem{item(base, "/src/e.md", nil)}},
		{"text of chunks", []ImportItem{item(base, "/src/t.md", big), item(reworked(base, 1, 1, 1), "/src/t.md", big[:2*chunkSize])}},
	}
	for _, pieces := range []bool{false, true} {
		for _, tc := range cases {
			s := testStore(t, newClock(t0))
			n := new(int)
			if pieces {
				n = smallPieces(s, nil)
			}
			for i, it := range tc.items {
				if _, err := s.Import([]ImportItem{it}, false); err != nil {
					t.Fatalf("%s, pieces %v, import %d: %v", tc.name, pieces, i, err)
				}
				got, want := lastBlob(t, s, it.Deck.Name), encodeBlob(it.Deck, it.Text)
				if !bytes.Equal(got, want) {
					t.Errorf("%s, pieces %v, import %d: blob of %d bytes differs from encodeBlob's %d", tc.name, pieces, i, len(got), len(want))
				}
				if text, err := s.DeckText(it.Deck.Name); err != nil || !bytes.Equal(text, it.Text) {
					t.Errorf("%s, pieces %v, import %d: text of %d bytes, want %d (%v)", tc.name, pieces, i, len(text), len(it.Text), err)
				}
			}
			if pieces && *n == 0 {
				t.Errorf("%s: not imported in pieces", tc.name)
			}
			assertConsistent(t, s)
		}
	}
}
