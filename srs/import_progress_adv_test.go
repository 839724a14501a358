package srs

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"reflect"
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
