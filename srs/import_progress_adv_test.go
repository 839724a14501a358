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

// errStopped stands for the process dying: stopImportAt panics with it
// after a piece, so that the import leaves its undo bucket behind as a
// killed hone does (import_kill_test.go kills a real process; this one
// stays in the test to stop the rollback half-way too).
var errStopped = errors.New("stopped")

// stopImportAt runs the import of d into s and stops it dead after piece
// stop: the undo bucket stays, for the next Open to roll back.
func stopImportAt(t testing.TB, s *Store, d deck.Deck, stop int) {
	t.Helper()
	smallPieces(s, func(n int) {
		if n == stop {
			panic(errStopped)
		}
	})
	defer func() { s.pieces.afterPiece = nil }()
	item := ImportItem{Deck: d, Source: "/anki/" + d.Name + ".apkg", Text: []byte(d.Hash)}
	func() {
		defer func() {
			if r := recover(); r != errStopped {
				panic(r)
			}
		}()
		_, err := s.ImportContext(context.Background(), []ImportItem{item}, false)
		t.Fatalf("the import ended (%v) before piece %d", err, stop)
	}()
}

// rollbackSteps runs up to n transactions of rollbackImport's loop, as a
// rollback does before it is stopped; it says whether the rollback is
// done.
func rollbackSteps(t testing.TB, s *Store, n int) bool {
	t.Helper()
	sz := s.pieceSize()
	for range n {
		done := false
		err := s.updateWith(access{write: true}, func(t *txn) error {
			b := t.tx.Bucket([]byte(bImport))
			if b == nil {
				done = true
				return nil
			}
			if n, err := t.restoreEntries(b, sz.cards, sz.budget); err != nil || n > 0 {
				return err
			}
			if n, err := t.restoreCards(b, sz.cards, sz.budget); err != nil || n > 0 {
				return err
			}
			return t.restoreDecks(b)
		})
		if err != nil {
			t.Fatalf("rollback step: %v", err)
		}
		if done {
			return true
		}
	}
	return false
}

// A progress import stopped dead, whose rollback is itself stopped after
// any number of its transactions, is consistent at each stop (the day
// counters and states agree with the log), and the next Open finishes the
// rollback: every record is as before the import, and it then runs.
func TestProgressRollbackStoppedHalfWay(t *testing.T) {
	first, _, _ := mixedProgressDeck(40, false)
	second, _, _ := mixedProgressDeck(40, true)
	for _, tc := range []struct {
		name   string
		before *deck.Deck
		imp    deck.Deck
		stop   int
	}{
		{"new deck", nil, first, 6},
		{"more answers", &first, second, 7},
	} {
		for _, steps := range []int{1, 2, 3, 5, 8, 13} {
			what := fmt.Sprintf("%s, rollback stopped after %d steps", tc.name, steps)
			path := filepath.Join(t.TempDir(), "hone.db")
			c := newClock(t0)
			s := openAt(t, path, c)
			if tc.before != nil {
				importAnki(t, s, *tc.before)
			}
			want := logSnapshot(t, s)
			stopImportAt(t, s, tc.imp, tc.stop)
			if rollbackSteps(t, s, steps) {
				t.Fatalf("%s: the rollback was done already", what)
			}
			if problems, err := s.Check(); err != nil || len(problems) > 0 {
				t.Errorf("%s: check %v %v", what, problems, err)
			}
			if got, err := s.Replay(); err != nil || !maps.Equal(got, stateMap(t, s)) {
				t.Errorf("%s: replay (%v) differs from the stored states", what, err)
			}
			s.Close()
			s = openAt(t, path, c)
			assertSameRecords(t, what, logSnapshot(t, s), want)
			assertConsistent(t, s)
			res := importAnki(t, s, tc.imp)
			if res.Progress.Answers == 0 {
				t.Errorf("%s: the import again took no answers: %+v", what, res)
			}
			assertConsistent(t, s)
		}
	}
}

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
