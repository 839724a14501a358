package srs

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"path/filepath"
	"slices"
	"testing"
	"time"

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

// rollbackSteps runs up to n transactions of a rollback, as a rollback
// does before it is stopped; it says whether the rollback is done.
func rollbackSteps(t testing.TB, s *Store, n int) bool {
	t.Helper()
	for range n {
		done, err := s.rollbackStep()
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
// any number of its transactions short of the last, is consistent at each
// stop (the day counters and states agree with the log), and the next
// Open finishes the rollback: every record is as before the import, and
// it then runs.
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
		for _, steps := range []int{1, 2, 3, 5, 8, 12} {
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

// userActs are what a user does between two pieces of a re-import with
// more answers (after piece 3: begin, then two pieces of cards in id
// order, anki-0 to anki-14 and anki-15 to anki-20): an answer undone and a suspend on cards already
// taken in, and an answer, a bury, a flag and a drill on review cards not
// yet reached, which the import then keeps as they are. It returns the
// entries they logged, by kind.
func userActs(t testing.TB, s *Store) map[EntryKind]int {
	t.Helper()
	e := mustAnswer(t, s, "anki-0", Good, Review)
	if _, err := s.Undo(e.Seq); err != nil {
		t.Fatal(err)
	}
	mustMark(t, s, "anki-12", Mark{Kind: Suspend})
	mustAnswer(t, s, "anki-8", Hard, Review) // logged as Early: due 15 March
	mustMark(t, s, "anki-32", Mark{Kind: Bury, Until: dMar11})
	mustMark(t, s, "anki-4", Mark{Kind: SetFlag, Flag: FlagRed})
	mustAnswer(t, s, "anki-36", Again, Drill)
	return map[EntryKind]int{Early: 2, Undo: 1, Suspend: 1, Bury: 1, SetFlag: 1, Drill: 1}
}

// A re-import with more answers, in pieces, while the user answers,
// undoes, marks and drills between them: the cards the user touched
// before the import reached them are kept (their fourth answer is not
// taken in), the rest take theirs; cancelled instead, every entry of the
// user's stays and the import's go. Under SM-2 and FSRS alike, the
// counters and states agree with the log each way.
func TestProgressImportWithUserBetweenPieces(t *testing.T) {
	first, answers, adopted := mixedProgressDeck(40, false)
	second, _, _ := mixedProgressDeck(40, true)
	for _, fsrs := range []bool{false, true} {
		for _, cancelAt := range []int{0, 4, 9} {
			what := fmt.Sprintf("fsrs %v, cancelled at piece %d", fsrs, cancelAt)
			s := testStore(t, newClock(t0))
			if fsrs {
				useScheduler(t, s, DefaultFSRSSettings())
			}
			importAnki(t, s, first)
			var acts map[EntryKind]int
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			smallPieces(s, func(n int) {
				switch n {
				case 3:
					acts = userActs(t, s)
				case cancelAt:
					cancel()
				}
			})
			item := ImportItem{Deck: second, Source: "/anki/anki.apkg", Text: []byte(second.Hash)}
			res, err := s.ImportContext(ctx, []ImportItem{item}, false)
			kinds := logKinds(t, s)
			if cancelAt > 0 {
				if !errors.Is(err, context.Canceled) {
					t.Fatalf("%s: %v", what, err)
				}
				want := map[EntryKind]int{Imported: answers, Adopt: adopted}
				for k, n := range acts {
					want[k] += n
				}
				if !maps.Equal(kinds, want) {
					t.Errorf("%s: log %v, want %v", what, kinds, want)
				}
				assertConsistent(t, s)
				continue
			}
			if err != nil {
				t.Fatalf("%s: %v", what, err)
			}
			// Ten review cards bring a fourth answer; four were kept.
			if want := (ProgressResult{Cards: 6, Answers: 6, Kept: 4}); res[0].Progress != want {
				t.Errorf("%s: progress %+v, want %+v", what, res[0].Progress, want)
			}
			want := map[EntryKind]int{Imported: answers + 6, Adopt: adopted + 6}
			for k, n := range acts {
				want[k] += n
			}
			if !maps.Equal(kinds, want) {
				t.Errorf("%s: log %v, want %v", what, kinds, want)
			}
			st := stateMap(t, s)
			if !st["anki-12"].Suspended || st["anki-4"].Flag != FlagRed || st["anki-8"].Reviews != 4 || st["anki-0"].Reviews != 4 {
				t.Errorf("%s: anki-12 %+v, anki-4 %+v, anki-8 %+v, anki-0 %+v", what, st["anki-12"], st["anki-4"], st["anki-8"], st["anki-0"])
			}
			assertConsistent(t, s)
		}
	}
}

// A switch of scheduler between two pieces of a progress import: the
// pieces after it, and a rollback, replay under the scheduler in force,
// and the store agrees with its log either way.
func TestProgressImportSchedulerSwitchBetweenPieces(t *testing.T) {
	first, _, _ := mixedProgressDeck(40, false)
	second, answers, adopted := mixedProgressDeck(40, true)
	for _, cancelAt := range []int{0, 6} {
		s := testStore(t, newClock(t0))
		importAnki(t, s, first)
		ctx, cancel := context.WithCancel(context.Background())
		smallPieces(s, func(n int) {
			switch n {
			case 3:
				useScheduler(t, s, DefaultFSRSSettings())
			case cancelAt:
				cancel()
			}
		})
		item := ImportItem{Deck: second, Source: "/anki/anki.apkg", Text: []byte(second.Hash)}
		_, err := s.ImportContext(ctx, []ImportItem{item}, false)
		cancel()
		want := map[EntryKind]int{Imported: answers, Adopt: adopted + 10}
		if cancelAt > 0 {
			if !errors.Is(err, context.Canceled) {
				t.Fatalf("cancelled at %d: %v", cancelAt, err)
			}
			want = map[EntryKind]int{Imported: answers - 10, Adopt: adopted}
		} else if err != nil {
			t.Fatal(err)
		}
		if got := logKinds(t, s); !maps.Equal(got, want) {
			t.Errorf("cancelled at %d: log %v, want %v", cancelAt, got, want)
		}
		assertConsistent(t, s)
	}
}

// A streamed re-import with more answers, cancelled at any piece of its
// drain while the user acts between pieces, takes back what it logged and
// keeps what the user did.
func TestProgressImportStreamCancelled(t *testing.T) {
	first, answers, adopted := mixedProgressDeck(40, false)
	second, _, _ := mixedProgressDeck(40, true)
	for _, stop := range []int{4, 6, 9} {
		s := testStore(t, newClock(t0))
		importAnki(t, s, first)
		var acts map[EntryKind]int
		ctx, cancel := context.WithCancel(context.Background())
		smallPieces(s, func(n int) {
			switch n {
			case 3:
				acts = userActs(t, s)
			case stop:
				cancel()
			}
		})
		items := []ImportItem{{Deck: second, Source: "/anki/anki.apkg", Text: []byte(second.Hash)}}
		_, err := s.ImportStream(ctx, streamOf(items, 6, nil), false)
		cancel()
		if !errors.Is(err, context.Canceled) {
			t.Fatalf("stopped at piece %d: %v", stop, err)
		}
		want := map[EntryKind]int{Imported: answers, Adopt: adopted}
		for k, n := range acts {
			want[k] += n
		}
		if got := logKinds(t, s); !maps.Equal(got, want) {
			t.Errorf("stopped at piece %d: log %v, want %v", stop, got, want)
		}
		assertConsistent(t, s)
	}
}

// The same package exported again (a new file, so a new hash) a day
// later, with nothing new, adds nothing to the log, in pieces or whole,
// and its dry run says so.
func TestProgressReimportNothingNew(t *testing.T) {
	first, answers, adopted := mixedProgressDeck(40, false)
	again := first
	again.Hash += "-exported-again"
	for _, inPieces := range []bool{false, true} {
		c := newClock(t0)
		s := testStore(t, c)
		importAnki(t, s, first)
		c.Advance(24 * time.Hour)
		if inPieces {
			smallPieces(s, nil)
		}
		items := []ImportItem{{Deck: again, Source: "/anki/anki.apkg", Text: []byte(again.Hash)}}
		dry, err := s.ImportStream(context.Background(), streamOf(items, 5, nil), true)
		if err != nil {
			t.Fatal(err)
		}
		res := importAnki(t, s, again)
		want := SyncResult{Deck: "anki", Unchanged: 40}
		if res != want || !slices.Equal(dry, []SyncResult{want}) {
			t.Errorf("in pieces %v: %+v, dry run %+v; want %+v", inPieces, res, dry, want)
		}
		if got := logKinds(t, s); !maps.Equal(got, map[EntryKind]int{Imported: answers, Adopt: adopted}) {
			t.Errorf("in pieces %v: log %v", inPieces, got)
		}
		assertConsistent(t, s)
	}
}

// The streamed dry run of a progress import says what the import then
// does, when the user has touched cards since the last import (kept) and
// when the cards are orphans of another device's import.
func TestProgressDryRunMatchesImport(t *testing.T) {
	first, _, _ := mixedProgressDeck(40, false)
	second, _, _ := mixedProgressDeck(40, true)
	for _, tc := range []struct {
		name string
		prep func(t *testing.T, s *Store)
		want ProgressResult
	}{
		{"kept", func(t *testing.T, s *Store) { importAnki(t, s, first); userActs(t, s) },
			ProgressResult{Cards: 5, Answers: 5, Kept: 5}}, // all but anki-0, whose answer was undone
		{"orphans", func(t *testing.T, s *Store) {
			orphansFrom(t, openAt(t, filepath.Join(t.TempDir(), "other.db"), newClock(t0)), s, first)
		}, ProgressResult{Cards: 10, Answers: 10}},
	} {
		s := testStore(t, newClock(t0))
		tc.prep(t, s)
		smallPieces(s, nil)
		items := []ImportItem{{Deck: second, Source: "/anki/anki.apkg", Text: []byte(second.Hash)}}
		before := logSnapshot(t, s)
		dry, err := s.ImportStream(context.Background(), streamOf(items, 5, nil), true)
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		assertSameRecords(t, tc.name+": after the dry run", logSnapshot(t, s), before)
		got, err := s.ImportStream(context.Background(), streamOf(items, 5, nil), false)
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		if got[0].Progress != tc.want || !slices.Equal(dry, got) {
			t.Errorf("%s: dry run %+v, import %+v; want progress %+v", tc.name, dry, got, tc.want)
		}
		assertConsistent(t, s)
	}
}
