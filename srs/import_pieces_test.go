package srs

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"
	"testing"
	"time"

	"github.com/hone-srs/hone/deck"
)

// smallPieces makes imports of 10 cards or more commit in pieces of 7.
func smallPieces(s *Store, after func(n int)) *int {
	pieces := new(int)
	s.pieces = pieceSize{cards: 7, min: 10, budget: time.Hour, gap: time.Millisecond, afterPiece: func(int) {
		*pieces++
		if after != nil {
			after(*pieces)
		}
	}}
	return pieces
}

func importItem(d deck.Deck) ImportItem {
	return ImportItem{Deck: d, Source: "/src/" + d.Name + ".md", Text: []byte("text of " + d.Name)}
}

// snapshot is every record an import may change, by bucket.
func snapshot(t testing.TB, s *Store) map[string]map[string]string {
	t.Helper()
	return bucketRecords(t, s, bCards, bContent, bDue, bNew, bMembers, bNotes, bBuried, bDecks, bSources, bTexts, bImport, bBlobs, bEvents, bChunks, bTextChunks)
}

// bucketRecords is the records of the buckets named, by bucket.
func bucketRecords(t testing.TB, s *Store, names ...string) map[string]map[string]string {
	t.Helper()
	out := map[string]map[string]string{}
	err := s.view(func(tx *txn) error {
		for _, name := range names {
			m := map[string]string{}
			if b := tx.tx.Bucket([]byte(name)); b != nil {
				if err := b.ForEach(func(k, v []byte) error { m[string(k)] = string(v); return nil }); err != nil {
					return err
				}
			}
			out[name] = m
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func assertSameRecords(t testing.TB, what string, got, want map[string]map[string]string) {
	t.Helper()
	for _, b := range slices.Sorted(maps.Keys(want)) {
		if !maps.Equal(got[b], want[b]) {
			t.Errorf("%s: bucket %s differs: %d records, want %d", what, b, len(got[b]), len(want[b]))
		}
	}
}

// reworked is d with its first drop cards gone, the next change cards
// rewritten, and add cards more.
func reworked(d deck.Deck, drop, change, add int) deck.Deck {
	out := d
	out.Cards = slices.Clone(d.Cards[drop:])
	for i := range change {
		out.Cards[i].Back += " (new)"
	}
	for i := range add {
		out.Cards = append(out.Cards, deck.Card{ID: fmt.Sprintf("%s-new-%d", d.Name, i), Deck: d.Name,
			Topic: d.Cards[0].Topic, Front: fmt.Sprintf("added %d", i), Back: "b"})
	}
	rehash(&out)
	return out
}

// A large import in pieces stores what one transaction stores, in the
// expected number of pieces.
func TestImportPiecesMatchOneTransaction(t *testing.T) {
	first, second := testDeck("big", 50, "a", "b"), reworked(testDeck("big", 50, "a", "b"), 10, 5, 6)
	whole, split := testStore(t, newClock(t0)), testStore(t, newClock(t0))
	pieces := smallPieces(split, nil)
	for _, step := range []struct {
		d                 deck.Deck
		pieces            int
		added, upd, retir int
	}{
		// begin, the text, 8 pieces of cards (50/7), 8 of the members
		// walk (50/7), the blob
		{first, 1 + 1 + 8 + 8 + 1, 50, 0, 0},
		// begin, the text, 7 of cards (46/7), 8 of members (56/7), the
		// blob
		{second, 1 + 1 + 7 + 8 + 1, 6, 5, 10},
	} {
		*pieces = 0
		want, err := whole.Import([]ImportItem{importItem(step.d)}, false)
		if err != nil {
			t.Fatal(err)
		}
		got, err := split.Import([]ImportItem{importItem(step.d)}, false)
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(got, want) || got[0].Added != step.added || got[0].Updated != step.upd || got[0].Retired != step.retir {
			t.Errorf("results %+v, one transaction %+v", got, want)
		}
		if *pieces != step.pieces {
			t.Errorf("%d pieces, want %d", *pieces, step.pieces)
		}
		gs, ws := snapshot(t, split), snapshot(t, whole)
		delete(gs, bEvents) // keyed by each store's own device
		delete(ws, bEvents)
		assertSameRecords(t, "pieces vs one transaction", gs, ws)
		assertConsistent(t, split)
	}
}

// Between pieces, every reader sees the deck under import as not there,
// and an answer commits.
func TestImportPiecesReadersAndAnswers(t *testing.T) {
	s := testStore(t, newClock(t0))
	old := testDeck("big", 30, "a")
	if _, err := s.Import([]ImportItem{importItem(old)}, false); err != nil { // one transaction: fewer than 2,000 cards
		t.Fatal(err)
	}
	mustAnswer(t, s, "big-20", Good, Review)
	mustSync(t, s, testDeck("other", 3))
	today := DayOf(t0)
	var answered bool
	smallPieces(s, func(n int) {
		if n != 3 {
			return
		}
		decks, err := s.Decks()
		if err != nil || len(decks) != 1 || decks[0].Name != "other" {
			t.Errorf("during the import, decks %+v (%v)", decks, err)
		}
		counts, err := s.Counts(today)
		if err != nil || !counts["big"].Hidden {
			t.Errorf("during the import, counts %+v (%v)", counts, err)
		}
		q, err := s.Queue(QueueOptions{Today: today, ReviewLimit: -1, NewPerDeck: -1})
		for _, it := range q {
			if it.Card.Deck == "big" {
				t.Errorf("during the import, the queue has %s", it.Card.ID)
			}
		}
		if err != nil || len(q) != 3 {
			t.Errorf("during the import, a queue of %d (%v)", len(q), err)
		}
		if _, err := s.Queue(QueueOptions{Today: today, Deck: "big"}); err == nil {
			t.Error("a queue of the deck under import")
		}
		found, err := s.Search(Query{}, today)
		if err != nil || len(found.IDs) != 3 {
			t.Errorf("during the import, the browser finds %d (%v)", len(found.IDs), err)
		}
		mustAnswer(t, s, "big-21", Again, Review) // a session that had it
		answered = true
	})
	res, err := s.Import([]ImportItem{importItem(reworked(old, 5, 3, 4))}, false)
	if err != nil || !answered {
		t.Fatal(err, answered)
	}
	if r := res[0]; r.Added != 4 || r.Updated != 3 || r.Retired != 5 {
		t.Errorf("result %+v", r)
	}
	states, err := s.Cards()
	if err != nil {
		t.Fatal(err)
	}
	if states["big-20"].Reviews != 1 || states["big-21"].New {
		t.Errorf("answers lost: %+v %+v", states["big-20"], states["big-21"])
	}
	assertConsistent(t, s)
}

// A cancelled import, at any piece, leaves every record as it was.
func TestImportPiecesCancelRollsBack(t *testing.T) {
	base := testDeck("big", 40, "a", "b")
	for _, tc := range []struct {
		name    string
		before  []deck.Deck // imported first, in one transaction
		imp     deck.Deck
		answer  string // answered before
		stopAt  []int
		renamed bool
	}{
		{"new deck", nil, base, "", []int{1, 2, 5, 7, 9, 12, 15}, false},
		{"re-import", []deck.Deck{base}, reworked(base, 12, 6, 9), "big-15", []int{1, 3, 6, 8, 11}, false},
		{"renamed deck", []deck.Deck{base}, func() deck.Deck { d := reworked(base, 3, 2, 1); d.Name = "bigger"; rehash(&d); return d }(), "big-5", []int{2, 6, 10}, true},
	} {
		for _, stop := range tc.stopAt {
			s := testStore(t, newClock(t0))
			for _, d := range tc.before {
				if _, err := s.Import([]ImportItem{importItem(d)}, false); err != nil {
					t.Fatal(err)
				}
			}
			if tc.answer != "" {
				mustAnswer(t, s, tc.answer, Good, Review)
			}
			imp := importItem(tc.imp)
			if tc.renamed {
				imp.Source = "/src/big.md"
			}
			want := snapshot(t, s)
			ctx, cancel := context.WithCancel(context.Background())
			smallPieces(s, func(n int) {
				if n == stop {
					cancel()
				}
			})
			_, err := s.ImportContext(ctx, []ImportItem{imp}, false)
			if !errors.Is(err, context.Canceled) {
				t.Fatalf("%s, stopped at piece %d: %v", tc.name, stop, err)
			}
			assertSameRecords(t, fmt.Sprintf("%s, stopped at piece %d", tc.name, stop), snapshot(t, s), want)
			assertConsistent(t, s)
			// It runs again, whole.
			s.pieces.afterPiece = nil
			if _, err := s.ImportContext(context.Background(), []ImportItem{imp}, false); err != nil {
				t.Fatalf("%s: again: %v", tc.name, err)
			}
			decks, _ := s.Decks()
			if len(decks) != 1 || decks[0].Name != tc.imp.Name || decks[0].Cards != len(tc.imp.Cards) {
				t.Errorf("%s: after the re-run, decks %+v", tc.name, decks)
			}
			assertConsistent(t, s)
		}
	}
}

// An answer between two pieces of an import that is then cancelled
// stays: the rollback restores the cards' text and place, not their
// schedule.
func TestImportPiecesRollbackKeepsAnswers(t *testing.T) {
	s := testStore(t, newClock(t0))
	base := testDeck("big", 40, "a")
	if _, err := s.Import([]ImportItem{importItem(base)}, false); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	smallPieces(s, func(n int) {
		switch n {
		case 4: // big-0… are updated by now (id order)
			mustAnswer(t, s, "big-0", Good, Review)
		case 6:
			cancel()
		}
	})
	if _, err := s.ImportContext(ctx, []ImportItem{importItem(reworked(base, 0, 40, 0))}, false); !errors.Is(err, context.Canceled) {
		t.Fatal(err)
	}
	states, err := s.Cards()
	if err != nil || states["big-0"].Reviews != 1 {
		t.Fatalf("the answer is lost: %+v (%v)", states["big-0"], err)
	}
	text, err := s.DeckText("big")
	if err != nil || string(text) != "text of big" {
		t.Errorf("text %q (%v)", text, err)
	}
	assertConsistent(t, s)
}

// While one import runs in pieces another is refused, and a dry run stays
// one transaction that stores nothing.
func TestImportPiecesExclusive(t *testing.T) {
	s := testStore(t, newClock(t0))
	smallPieces(s, func(n int) {
		if n != 2 {
			return
		}
		_, err := s.Import([]ImportItem{importItem(testDeck("small", 3))}, false)
		if !errors.Is(err, ErrInUse) {
			t.Errorf("a second import during the first: %v", err)
		}
	})
	want := snapshot(t, s)
	res, err := s.Import([]ImportItem{importItem(testDeck("big", 30))}, true)
	if err != nil || res[0].Added != 30 {
		t.Fatal(res, err)
	}
	assertSameRecords(t, "dry run", snapshot(t, s), want)
	if _, err := s.Import([]ImportItem{importItem(testDeck("big", 30))}, false); err != nil {
		t.Fatal(err)
	}
	err = s.view(func(tx *txn) error {
		if tx.tx.Bucket([]byte(bImport)) != nil {
			return errors.New("the undo bucket is left")
		}
		return nil
	})
	if err != nil {
		t.Error(err)
	}
}

// Import takes its items as given: a large import lets go of each deck's
// cards as it stores them, but not of the caller's.
func TestLargeImportLeavesItsItemsAlone(t *testing.T) {
	s := testStore(t, newClock(t0))
	smallPieces(s, nil)
	items := []ImportItem{importItem(testDeck("big", 30)), importItem(testDeck("other", 12))}
	if _, err := s.Import(items, false); err != nil {
		t.Fatal(err)
	}
	for i, want := range []int{30, 12} {
		if got := len(items[i].Deck.Cards); got != want {
			t.Errorf("item %d has %d cards after the import, want %d", i, got, want)
		}
	}
}
