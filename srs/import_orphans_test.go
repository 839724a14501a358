package srs

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"testing"

	"github.com/hone-srs/hone/deck"
)

// orphansFrom gives b the entries of a's import of d, in pieces, without
// its deck: b reads a's folder before the deck's blob has arrived (the
// import logged its entries before the deck's event), and waits for it
// with the cards as orphans.
func orphansFrom(t *testing.T, a, b *Store, d deck.Deck) {
	t.Helper()
	dir, only := t.TempDir(), t.TempDir()
	smallPieces(a, nil)
	importAnki(t, a, d)
	a.pieces = pieceSize{}
	mustSyncDir(t, a, dir)
	seg := onlySegment(t, dir, deviceOf(t, a))
	os.Mkdir(filepath.Join(only, deviceOf(t, a).String()), 0o755)
	copyFile(t, seg, filepath.Join(only, deviceOf(t, a).String(), filepath.Base(seg)))
	if rep := mustSyncDir(t, b, only); answersFrom(rep) == 0 || len(rep.Problems) == 0 {
		t.Fatalf("b took in %+v", rep)
	}
}

// checkClean fails on any problem Check finds.
func checkClean(t testing.TB, what string, s *Store) {
	t.Helper()
	problems, err := s.Check()
	if err != nil {
		t.Fatalf("%s: check: %v", what, err)
	}
	for _, p := range problems {
		t.Errorf("%s: check: %s", what, p)
	}
}

// Another device imported the package, in pieces, and its entries came
// here before the deck: the cards are orphans. Importing the package here
// with more answers, whole or in pieces, takes in only the answers that
// device did not have and ends where that device does once it imports
// them too, with the cards in the indexes and counters their states call
// for; stopped at any piece, it leaves every record as it was.
func TestProgressImportOverOrphans(t *testing.T) {
	first, _, _ := mixedProgressDeck(40, false)
	second, _, _ := mixedProgressDeck(40, true)
	for _, inPieces := range []bool{false, true} {
		c := newClock(t0)
		other := openAt(t, filepath.Join(t.TempDir(), "other.db"), c)
		s := openAt(t, filepath.Join(t.TempDir(), "hone.db"), c)
		orphansFrom(t, other, s, first)
		importAnki(t, other, second)
		checkClean(t, "with orphans", s)
		want := logSnapshot(t, s)
		for _, stop := range []int{3, 5, 8} {
			if !inPieces {
				break
			}
			ctx, cancel := context.WithCancel(context.Background())
			smallPieces(s, func(n int) {
				if n == stop {
					cancel()
				}
			})
			item := ImportItem{Deck: second, Source: "/anki/anki.apkg", Text: []byte(second.Hash)}
			if _, err := s.ImportContext(ctx, []ImportItem{item}, false); !errors.Is(err, context.Canceled) {
				t.Fatalf("stopped at piece %d: %v", stop, err)
			}
			what := fmt.Sprintf("stopped at piece %d", stop)
			assertSameRecords(t, what, logSnapshot(t, s), want)
			checkClean(t, what, s)
		}
		pieces := smallPieces(s, nil)
		if !inPieces {
			s.pieces.min = 1000
		}
		res := importAnki(t, s, second)
		if inPieces != (*pieces >= 6) {
			t.Errorf("in pieces %v: %d pieces", inPieces, *pieces)
		}
		// The review cards' fourth answers, as on the other device.
		if want := (ProgressResult{Cards: 10, Answers: 10}); res.Progress != want {
			t.Errorf("in pieces %v: progress %+v, want %+v", inPieces, res.Progress, want)
		}
		if got, want := stateMap(t, s), stateMap(t, other); !maps.Equal(got, want) {
			t.Errorf("in pieces %v: states differ:\n here  %v\n there %v", inPieces, got, want)
		}
		assertConsistent(t, s)
	}
}

// A large import of a plain deck (no progress) whose card has an orphan's
// answer, cancelled, leaves the topic answers as they were: the answer
// waits for its card again, counted in its day alone.
func TestImportPiecesOverOrphanCancelled(t *testing.T) {
	c := newClock(t0)
	a := openAt(t, filepath.Join(t.TempDir(), "a.db"), c)
	other := openAt(t, filepath.Join(t.TempDir(), "other.db"), c)
	s := openAt(t, filepath.Join(t.TempDir(), "hone.db"), c)
	d := testDeck("go", 40, "x")
	dir, only := t.TempDir(), t.TempDir()
	mustImport(t, a, d, "# go\n")
	mustSyncDir(t, a, dir)
	mustSyncDir(t, other, dir)
	mustAnswer(t, other, "go-1", Hard, Review)
	mustSyncDir(t, other, dir)
	dev := deviceOf(t, other).String()
	seg := onlySegment(t, dir, deviceOf(t, other))
	os.Mkdir(filepath.Join(only, dev), 0o755)
	copyFile(t, seg, filepath.Join(only, dev, filepath.Base(seg)))
	if rep := mustSyncDir(t, s, only); answersFrom(rep) != 1 {
		t.Fatalf("took in %+v", rep)
	}
	want := logSnapshot(t, s)
	ctx, cancel := context.WithCancel(context.Background())
	smallPieces(s, func(n int) {
		if n == 3 {
			cancel()
		}
	})
	if _, err := s.ImportContext(ctx, []ImportItem{importItem(d)}, false); !errors.Is(err, context.Canceled) {
		t.Fatal(err)
	}
	assertSameRecords(t, "cancelled", logSnapshot(t, s), want)
	checkClean(t, "cancelled", s)
}

// After a progress import in pieces and a re-import with more answers
// that was cancelled while the user answered between its pieces (its
// entries deleted, their outbox refs with them), both devices sync: the
// other takes the import's entries and the user's answers, neither sees
// a gap as damage, and they converge. The other device then imports the
// same package: nothing new.
func TestProgressImportSyncAfterRollback(t *testing.T) {
	first, answers, adopted := mixedProgressDeck(40, false)
	second, _, _ := mixedProgressDeck(40, true)
	dir, c := t.TempDir(), newClock(t0)
	a := openAt(t, filepath.Join(t.TempDir(), "a.db"), c)
	b := openAt(t, filepath.Join(t.TempDir(), "b.db"), c)
	smallPieces(a, nil)
	importAnki(t, a, first)
	ctx, cancel := context.WithCancel(context.Background())
	smallPieces(a, func(n int) {
		switch n {
		case 3:
			userActs(t, a)
		case 6:
			cancel()
		}
	})
	item := ImportItem{Deck: second, Source: "/anki/anki.apkg", Text: []byte(second.Hash)}
	if _, err := a.ImportContext(ctx, []ImportItem{item}, false); !errors.Is(err, context.Canceled) {
		t.Fatal(err)
	}
	a.pieces = pieceSize{}
	mustAnswer(t, a, "anki-13", Good, Review) // after the gap
	converge(t, dir, a, b)
	if n := logKinds(t, b); n[Imported] != answers || n[Adopt] != adopted || n[Early] != 2 {
		t.Errorf("b's log %v", n)
	}
	res := importAnki(t, b, first)
	if res.Progress != (ProgressResult{}) || res.Unchanged != 40 {
		t.Errorf("b imports the package again: %+v", res)
	}
	assertConsistent(t, b)
}
