package srs

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/hone-srs/hone/deck"
)

// mixedProgress is Anki progress of every kind for card i of a deck: a
// review card, a learning one, none, and a card reset to new with its
// history; answers is how many answers it brings.
func mixedProgress(i int) (p *deck.Progress, answers int) {
	switch i % 4 {
	case 0:
		return reviewProgress(), 3
	case 1:
		return &deck.Progress{Type: deck.AnkiLearning, Queue: deck.AnkiQueueLearning, Reps: 1,
			Due: deck.Date{Year: 2025, Month: 3, Day: 10}, DueAt: at(10, 3, 10).Add(30 * time.Minute),
			Log: []deck.Review{ankiReview(at(10, 3, 9), 1, deck.ReviewLearn)}}, 1
	case 2:
		return nil, 0
	}
	return &deck.Progress{Type: deck.AnkiNew, Queue: deck.AnkiQueueNew, Log: []deck.Review{
		ankiReview(at(1, 2, 9), 4, deck.ReviewLearn), {Time: at(2, 2, 9), Kind: deck.ReviewManual}}}, 1
}

// mixedProgressDeck is a deck of n cards with mixedProgress; with more,
// the review cards have a fourth answer since, and are due later. It
// returns how many answers the deck's cards bring, and how many cards
// bring progress.
func mixedProgressDeck(n int, more bool) (d deck.Deck, answers, adopted int) {
	ps := make([]*deck.Progress, n)
	for i := range ps {
		p, a := mixedProgress(i)
		if more && i%4 == 0 {
			p.Log = append(p.Log, ankiReview(at(8, 3, 9), 3, deck.ReviewReview))
			p.Due, p.Reps = deck.Date{Year: 2025, Month: 4, Day: 1}, 4
			a++
		}
		ps[i], answers, adopted = p, answers+a, adopted+btoi(p != nil)
	}
	d = progressDeck(ps...)
	d.Hash = fmt.Sprintf("%s-more-%v", d.Hash, more) // a parse hashes the file, progress and all
	return d, answers, adopted
}

// logSnapshot is snapshot with the records an import's progress adds to:
// the log, the histories, the outbox, the day and topic counters.
func logSnapshot(t testing.TB, s *Store) map[string]map[string]string {
	t.Helper()
	out := snapshot(t, s)
	maps.Copy(out, bucketRecords(t, s, bLog, bHistory, bOutbox, bMerged, bDays, bTopics, bTopicDays, bUndone, bOrphans))
	return out
}

// A large import with Anki progress commits in pieces, and ends where the
// same import in one transaction does: the same results, card states, log
// entries and day counters. Again with more answers, it adds only those.
func TestProgressImportInPiecesMatchesWhole(t *testing.T) {
	whole, split := testStore(t, newClock(t0)), testStore(t, newClock(t0))
	pieces := smallPieces(split, nil)
	for _, more := range []bool{false, true} {
		d, answers, adopted := mixedProgressDeck(40, more)
		*pieces = 0
		want, got := importAnki(t, whole, d), importAnki(t, split, d)
		if got != want {
			t.Errorf("more %v: in pieces %+v, whole %+v", more, got, want)
		}
		wantP := ProgressResult{Cards: adopted, Answers: answers}
		if more { // the review cards' fourth answers, and their new schedule
			wantP = ProgressResult{Cards: 10, Answers: 10}
		}
		if got.Progress != wantP {
			t.Errorf("more %v: progress %+v, want %+v", more, got.Progress, wantP)
		}
		if *pieces < 6 {
			t.Errorf("more %v: %d pieces", more, *pieces)
		}
		gs, ws := stateMap(t, split), stateMap(t, whole)
		if !maps.Equal(gs, ws) {
			t.Errorf("more %v: states differ:\n in pieces %v\n whole     %v", more, gs, ws)
		}
		if gk, wk := logKinds(t, split), logKinds(t, whole); !maps.Equal(gk, wk) {
			t.Errorf("more %v: log %v, whole %v", more, gk, wk)
		}
		gd, _ := split.Days(0, dMar15)
		wd, _ := whole.Days(0, dMar15)
		if !maps.EqualFunc(gd, wd, sameCounts) {
			t.Errorf("more %v: days %v, whole %v", more, gd, wd)
		}
		assertConsistent(t, split)
	}
}

func stateMap(t testing.TB, s *Store) map[string]CardState {
	t.Helper()
	st, err := s.Cards()
	if err != nil {
		t.Fatal(err)
	}
	return st
}

// A progress import stopped at any piece takes back every entry it
// logged, with the histories, outbox refs, merged ranges and counters
// they made: every record is as it was, and the import then runs whole.
func TestProgressImportCancelRollsBack(t *testing.T) {
	first, _, _ := mixedProgressDeck(40, false)
	second, _, _ := mixedProgressDeck(40, true)
	for _, tc := range []struct {
		name   string
		before *deck.Deck
		imp    deck.Deck
	}{
		{"new deck", nil, first},
		{"more answers", &first, second},
	} {
		for _, stop := range []int{1, 2, 3, 5, 7, 8, 10} {
			s := testStore(t, newClock(t0))
			if tc.before != nil {
				importAnki(t, s, *tc.before)
			}
			want := logSnapshot(t, s)
			ctx, cancel := context.WithCancel(context.Background())
			smallPieces(s, func(n int) {
				if n == stop {
					cancel()
				}
			})
			item := ImportItem{Deck: tc.imp, Source: "/anki/" + tc.imp.Name + ".apkg", Text: []byte(tc.imp.Hash)}
			_, err := s.ImportContext(ctx, []ImportItem{item}, false)
			if !errors.Is(err, context.Canceled) {
				t.Fatalf("%s, stopped at piece %d: %v", tc.name, stop, err)
			}
			assertSameRecords(t, fmt.Sprintf("%s, stopped at piece %d", tc.name, stop), logSnapshot(t, s), want)
			assertConsistent(t, s)
			s.pieces.afterPiece = nil
			if _, err := s.ImportContext(context.Background(), []ImportItem{item}, false); err != nil {
				t.Fatalf("%s: again: %v", tc.name, err)
			}
			assertConsistent(t, s)
		}
	}
}

// An answer given between two pieces, to a card whose new answers an
// earlier piece took in, outlives the rollback: the card replays to its
// answers from before the import and that one.
func TestProgressImportRollbackKeepsAnswers(t *testing.T) {
	s := testStore(t, newClock(t0))
	first, answers, adopted := mixedProgressDeck(40, false)
	importAnki(t, s, first)
	second, _, _ := mixedProgressDeck(40, true)
	ctx, cancel := context.WithCancel(context.Background())
	smallPieces(s, func(n int) {
		switch n {
		case 3: // begin, the text, then the first cards in id order
			mustAnswer(t, s, "anki-0", Again, Review) // logged as early: due on 15 March
		case 6:
			cancel()
		}
	})
	item := ImportItem{Deck: second, Source: "/anki/anki.apkg", Text: []byte(second.Hash)}
	if _, err := s.ImportContext(ctx, []ImportItem{item}, false); !errors.Is(err, context.Canceled) {
		t.Fatal(err)
	}
	want := map[EntryKind]int{Imported: answers, Adopt: adopted, Early: 1}
	if kinds := logKinds(t, s); !maps.Equal(kinds, want) {
		t.Errorf("log after the rollback: %v, want %v", kinds, want)
	}
	if st := stateMap(t, s)["anki-0"]; st.Lapses != 1 || st.Reviews != 4 {
		t.Errorf("anki-0 after the rollback: %+v, want its lapse today", st)
	}
	assertConsistent(t, s)
}

// A streamed import of a deck with progress spools the progress with the
// cards: it stores what the whole import stores, and its dry run counts
// what the import does; again, with more answers, too.
func TestProgressImportStream(t *testing.T) {
	whole, streamed := testStore(t, newClock(t0)), testStore(t, newClock(t0))
	pieces := smallPieces(streamed, nil)
	for _, more := range []bool{false, true} {
		d, _, _ := mixedProgressDeck(40, more)
		items := []ImportItem{{Deck: d, Source: "/anki/anki.apkg", Text: []byte(d.Hash)}}
		want, err := whole.Import(items, false)
		if err != nil {
			t.Fatal(err)
		}
		before := logSnapshot(t, streamed)
		dry, err := streamed.ImportStream(context.Background(), streamOf(items, 3, nil), true)
		if err != nil {
			t.Fatal(err)
		}
		assertSameRecords(t, "after the dry run", logSnapshot(t, streamed), before)
		*pieces = 0
		got, err := streamed.ImportStream(context.Background(), streamOf(items, 3, nil), false)
		if err != nil {
			t.Fatal(err)
		}
		if want[0].Progress.Answers == 0 || !slices.Equal(got, want) || !slices.Equal(dry, want) {
			t.Errorf("more %v: streamed %+v, its dry run %+v; whole %+v", more, got, dry, want)
		}
		if *pieces < 6 {
			t.Errorf("more %v: %d pieces", more, *pieces)
		}
		if gs, ws := stateMap(t, streamed), stateMap(t, whole); !maps.Equal(gs, ws) {
			t.Errorf("more %v: states differ:\n streamed %v\n whole    %v", more, gs, ws)
		}
		assertConsistent(t, streamed)
	}
}

// The spool keeps a card's progress whole, each time on the hone day it
// had where it was read.
func TestSpoolKeepsProgress(t *testing.T) {
	east := time.FixedZone("east", 11*3600)
	late := time.Date(2025, 3, 10, 5, 0, 0, 0, east) // 18:00 UTC, 9 March
	full := &deck.Progress{Type: deck.AnkiRelearning, Queue: deck.AnkiQueueDayLearning, Interval: 3, Ease: 2.35,
		Reps: 7, Lapses: 2, Due: deck.Date{Year: 2025, Month: 3, Day: 11}, DueAt: late.Add(time.Hour),
		Suspended: true, Buried: true,
		Log: []deck.Review{
			{Time: late, Button: 1, Interval: -600 * time.Second, LastInterval: 3 * 24 * time.Hour, Ease: 2.35, Took: 8 * time.Second, Kind: deck.ReviewRelearn},
			{Time: at(1, 2, 9), Kind: deck.ReviewManual},
		}}
	for _, tc := range []struct {
		name string
		p    *deck.Progress
	}{
		{"none", nil},
		{"every field", full},
		{"new, no log", &deck.Progress{Type: deck.AnkiNew}},
	} {
		c := deck.Card{ID: "c1", Deck: "d", Topic: "t", Front: "f", Back: "b", Note: "n", Progress: tc.p}
		got, err := decodeSpooled(encodeSpooled(c))
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		if !reflect.DeepEqual(zonesAsOffsets(got.Progress), zonesAsOffsets(tc.p)) || got.Note != "n" || got.Front != "f" {
			t.Errorf("%s: %+v, want %+v", tc.name, got.Progress, tc.p)
		}
		if tc.p == full && (DayOf(got.Progress.Log[0].Time) != dMar10 || DayOf(got.Progress.Log[0].Time) != DayOf(late)) {
			t.Errorf("%s: the late answer falls on %s, want %s", tc.name, DayOf(got.Progress.Log[0].Time), DayOf(late))
		}
	}
}

// zonesAsOffsets is p with its times in fixed zones of their offsets, as
// the spool gives them back.
func zonesAsOffsets(p *deck.Progress) *deck.Progress {
	if p == nil {
		return nil
	}
	q := *p
	fix := func(t time.Time) time.Time {
		if t.IsZero() {
			return t
		}
		_, off := t.Zone()
		return t.In(time.FixedZone("", off))
	}
	q.DueAt = fix(q.DueAt)
	q.Log = slices.Clone(q.Log)
	for i := range q.Log {
		q.Log[i].Time = fix(q.Log[i].Time)
	}
	return &q
}

// Between pieces the deck is out of sight, but the Anki answers the pieces
// so far brought count in the days (the heatmap and the streak), as the
// README says.
func TestProgressImportBetweenPieces(t *testing.T) {
	s := testStore(t, newClock(t0))
	d, _, _ := mixedProgressDeck(40, false)
	var seen bool
	smallPieces(s, func(n int) {
		if n != 4 { // begin, the text, two pieces of cards
			return
		}
		seen = true
		if decks, err := s.Decks(); err != nil || len(decks) != 0 {
			t.Errorf("decks during the import: %+v (%v)", decks, err)
		}
		days, err := s.Days(0, dMar15)
		if err != nil || days[dFeb20].Reviews == 0 {
			t.Errorf("days during the import: %v (%v)", days, err)
		}
	})
	importAnki(t, s, d)
	if !seen {
		t.Fatal("no fourth piece")
	}
}
