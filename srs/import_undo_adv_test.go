package srs

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"maps"
	"path/filepath"
	"reflect"
	"slices"
	"testing"

	"github.com/hone-srs/hone/deck"
)

// A card answered between two pieces of a re-import buries its siblings,
// among them one the import has just added (its note's new card); the
// import cancelled, the added card goes, and its bury with it (undone or
// not): no entry is left for a card that is not there.
func TestImportPiecesRollbackSiblingBury(t *testing.T) {
	first := testDeck("go", 20, "x")
	for i := range first.Cards {
		first.Cards[i].Note = fmt.Sprintf("n%d", i)
	}
	rehash(&first)
	second := first
	second.Cards = append(slices.Clone(first.Cards), deck.Card{ID: "go-1b", Deck: "go", Topic: "x", Front: "back 1", Back: "front 1", Note: "n1"})
	rehash(&second)
	for _, undo := range []bool{false, true} {
		s := testStore(t, newClock(t0))
		if _, err := s.Import([]ImportItem{importItem(first)}, false); err != nil {
			t.Fatal(err)
		}
		ctx, cancel := context.WithCancel(context.Background())
		var buried []string
		smallPieces(s, func(n int) {
			switch n {
			case 3: // begin, go-0 to go-14, go-15 to go-2 (go-1b among them)
				res := mustAnswerR(t, s, "go-1", Good, Review)
				buried = res.Buried
				if undo {
					if _, err := s.Undo(res.Seq); err != nil {
						t.Error(err)
					}
				}
			case 5:
				cancel()
			}
		})
		if _, err := s.ImportContext(ctx, []ImportItem{importItem(second)}, false); !errors.Is(err, context.Canceled) {
			t.Fatal(err)
		}
		if !slices.Equal(buried, []string{"go-1b"}) {
			t.Errorf("undo %v: buried %v, want go-1b", undo, buried)
		}
		what := fmt.Sprintf("undo %v", undo)
		checkClean(t, what, s)
		want := map[EntryKind]int{Review: 1}
		if undo {
			want[Undo] = 1
		}
		if got := logKinds(t, s); !maps.Equal(got, want) {
			t.Errorf("%s: log %v, want %v", what, got, want)
		}
		err := s.view(func(tx *txn) error {
			return tx.undone.ForEach(func(k, v []byte) error {
				if e, err := tx.entry(binary.BigEndian.Uint64(k)); err != nil || e == nil {
					t.Errorf("%s: undone %x names no entry (%v)", what, k, err)
				}
				return nil
			})
		})
		if err != nil {
			t.Fatal(err)
		}
		assertConsistent(t, s)
	}
}

// Recover of a database whose progress import was stopped dead keeps the
// import under way, and the recovered database's first Open rolls it
// back: the decks, card states and log are as before the import, not
// half of it with the deck out of sight.
func TestRecoverMidProgressImport(t *testing.T) {
	first, _, _ := mixedProgressDeck(40, false)
	second, _, _ := mixedProgressDeck(40, true)
	for _, before := range []bool{false, true} {
		path := filepath.Join(t.TempDir(), "hone.db")
		c := newClock(t0)
		s := openAt(t, path, c)
		if before {
			importAnki(t, s, first)
		}
		wantDecks, _ := s.Decks()
		wantStates, wantKinds := stateMap(t, s), logKinds(t, s)
		stopImportAt(t, s, second, 6)
		s.Close()
		dst := filepath.Join(t.TempDir(), "recovered.db")
		rep, err := Recover(path, dst)
		if err != nil || len(rep.Lost) > 0 {
			t.Fatalf("before %v: recover: %v, %+v", before, err, rep)
		}
		r := openAt(t, dst, c)
		decks, err := r.Decks()
		if err != nil || !reflect.DeepEqual(decks, wantDecks) {
			t.Errorf("before %v: decks %+v (%v), want %+v", before, decks, err, wantDecks)
		}
		if got := logKinds(t, r); !maps.Equal(got, wantKinds) {
			t.Errorf("before %v: log %v, want %v", before, got, wantKinds)
		}
		if got := stateMap(t, r); !maps.Equal(got, wantStates) {
			t.Errorf("before %v: %d card states differ from the %d before", before, len(got), len(wantStates))
		}
		assertConsistent(t, r)
		if res := importAnki(t, r, second); res.Progress.Answers == 0 {
			t.Errorf("before %v: the import after recover took no answers: %+v", before, res)
		}
		assertConsistent(t, r)
	}
}

// validUndo keeps the undo records the rollback can read, and refuses the
// ones it would stop at.
func TestValidUndo(t *testing.T) {
	raw := encodeCard(cardRec{Deck: "d", State: NewCardState()})
	card := binary.AppendUvarint([]byte("o"), uint64(len(raw)))
	card = append(append(card, raw...), "content"...)
	for _, tc := range []struct {
		name string
		k, v []byte
		ok   bool
	}{
		{"token", []byte("i"), []byte("123-ab"), true},
		{"range", append([]byte("l"), seqKey(5)...), seqKey(9), true},
		{"range of one", append([]byte("l"), seqKey(5)...), seqKey(5), true},
		{"range backwards", append([]byte("l"), seqKey(9)...), seqKey(5), false},
		{"range cut short", append([]byte("l"), seqKey(5)[:7]...), seqKey(9), false},
		{"chunk set", append([]byte("s"), seqKey(3)...), []byte("-"), true},
		{"chunk set cut short", []byte("s\x00\x03"), []byte("-"), false},
		{"deck added", []byte("dnotes"), []byte("-"), true},
		{"deck saved", []byte("dnotes"), append([]byte("o"), encodeDeck(deckRec{Source: "/x.md"})...), true},
		{"deck damaged", []byte("dnotes"), []byte("o\xff\xff"), false},
		{"card added", []byte("cc1"), []byte("-"), true},
		{"card saved", []byte("cc1"), card, true},
		{"card longer than its record", []byte("cc1"), append([]byte("o\x7f"), raw...), false},
		{"card damaged", []byte("cc1"), []byte("o\x02\xff\xff"), false},
		{"card of no kind", []byte("cc1"), []byte("x"), false},
		{"empty key", nil, []byte("-"), false},
	} {
		if err := validUndo(tc.k, tc.v); (err == nil) != tc.ok {
			t.Errorf("%s: %v, want ok %v", tc.name, err, tc.ok)
		}
	}
}
