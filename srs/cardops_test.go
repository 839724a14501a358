package srs

import (
	"errors"
	"path/filepath"
	"slices"
	"testing"
	"time"
)

func mustMark(t testing.TB, s *Store, id string, m Mark) AnswerResult {
	t.Helper()
	res, err := s.Mark(id, m)
	if err != nil {
		t.Fatalf("%s %s: %v", m.Kind, id, err)
	}
	return res
}

func mustCounts(t testing.TB, s *Store, day Day) map[string]DeckCounts {
	t.Helper()
	c, err := s.Counts(day)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func stateOf(t testing.TB, s *Store, id string) CardState {
	t.Helper()
	st, err := s.Cards()
	if err != nil {
		t.Fatal(err)
	}
	return st[id]
}

// The user's marks, one after another, with what the queue, the counts
// and the next due day make of each.
func TestMarks(t *testing.T) {
	c := newClock(t0)
	s := testStore(t, c)
	mustSync(t, s, testDeck("d", 4))
	today := DayOf(t0)
	tomorrow := today.Add(1)
	mustAnswer(t, s, "d-0", Good, Review) // SM2{1, 1, 2.5}, due tomorrow
	opts := QueueOptions{Today: tomorrow, ReviewLimit: 100, NewPerDeck: 0}

	// Suspended: out of tomorrow's queue, its counts and the forecast.
	res := mustMark(t, s, "d-0", Mark{Kind: Suspend})
	want := CardState{Memory: SM2{1, 1, 2.5}, Due: tomorrow, LastDay: today, Reviews: 1, Suspended: true}
	if res.State != want || res.Entry.Kind != Suspend || res.Entry.Prev == 0 {
		t.Fatalf("suspend: %+v, entry %+v", res.State, res.Entry)
	}
	if got := ids(mustQueue(t, s, opts)); len(got) != 0 {
		t.Fatalf("a suspended card is queued: %v", got)
	}
	if n := mustCounts(t, s, tomorrow)["d"]; n.Due != 0 || n.Learned != 1 || n.NewUnseen != 3 {
		t.Fatalf("counts with a suspended card: %+v", n)
	}
	if _, ok, err := s.NextDue(today); ok || err != nil {
		t.Fatalf("next due with the one learned card suspended: %v, %v", ok, err)
	}
	if _, err := s.Mark("d-0", Mark{Kind: Suspend}); !errors.Is(err, ErrNoChange) {
		t.Fatalf("suspending twice: %v", err)
	}

	// A new card suspended leaves the new pile and is not learned.
	mustMark(t, s, "d-1", Mark{Kind: Suspend})
	if n := mustCounts(t, s, today)["d"]; n.NewUnseen != 2 || n.Learned != 1 || n.Total != 4 {
		t.Fatalf("counts with a suspended new card: %+v", n)
	}
	mustMark(t, s, "d-0", Mark{Kind: Unsuspend})
	if got := ids(mustQueue(t, s, opts)); !slices.Equal(got, []string{"d-0"}) {
		t.Fatalf("unsuspended card not queued: %v", got)
	}

	// Buried until the day after tomorrow: set aside today and tomorrow.
	if _, err := s.Mark("d-2", Mark{Kind: Bury, Until: today}); err == nil {
		t.Fatal("a bury that ends today was taken")
	}
	mustMark(t, s, "d-2", Mark{Kind: Bury, Until: today.Add(2)})
	for day, want := range map[Day][]string{today: {"d-3"}, tomorrow: {"d-0", "d-3"}, today.Add(2): {"d-0", "d-2", "d-3"}} {
		got := ids(mustQueue(t, s, QueueOptions{Today: day, ReviewLimit: 100, NewPerDeck: 20}))
		if !slices.Equal(got, want) {
			t.Errorf("queue on %s: %v, want %v", day, got, want)
		}
	}
	if n := mustCounts(t, s, tomorrow)["d"]; n.NewUnseen != 1 || n.Due != 1 {
		t.Fatalf("counts with a buried new card: %+v", n)
	}

	// A flag, and what is not a flag.
	if _, err := s.Mark("d-3", Mark{Kind: SetFlag, Flag: 9}); err == nil {
		t.Fatal("flag 9 was taken")
	}
	if st := mustMark(t, s, "d-3", Mark{Kind: SetFlag, Flag: FlagRed}).State; st.Flag != FlagRed || !st.New {
		t.Fatalf("flag: %+v", st)
	}

	// Reset keeps the flag and nothing else; a new card with nothing to
	// forget has nothing to reset.
	mustMark(t, s, "d-0", Mark{Kind: SetFlag, Flag: FlagBlue})
	if st := mustMark(t, s, "d-0", Mark{Kind: Reset}).State; st != (CardState{New: true, Flag: FlagBlue}) {
		t.Fatalf("reset: %+v", st)
	}
	if _, err := s.Mark("d-0", Mark{Kind: Reset}); !errors.Is(err, ErrNoChange) {
		t.Fatalf("reset of a new card: %v", err)
	}
	if _, err := s.Mark("d-0", Mark{Kind: Review}); err == nil {
		t.Fatal("a review taken as a mark")
	}
	if _, err := s.Mark("nope", Mark{Kind: Suspend}); !errors.Is(err, ErrUnknownCard) {
		t.Fatalf("unknown card: %v", err)
	}
	if _, err := s.Mark("d-3", Mark{Kind: Unbury}); !errors.Is(err, ErrNoChange) {
		t.Fatalf("unbury of a card not buried: %v", err)
	}
	assertConsistent(t, s)
}

// Undoing a mark puts the card back as it was, indexes and all.
func TestUndoMark(t *testing.T) {
	c := newClock(t0)
	s := testStore(t, c)
	mustSync(t, s, testDeck("d", 2))
	today := DayOf(t0)
	mustAnswer(t, s, "d-0", Good, Review)
	before := stateOf(t, s, "d-0")
	for _, m := range []Mark{{Kind: Reset}, {Kind: Suspend}, {Kind: Bury, Until: today.Add(3)}, {Kind: SetFlag, Flag: FlagPurple}} {
		res := mustMark(t, s, "d-0", m)
		if _, err := s.Undo(res.Seq); err != nil {
			t.Fatalf("undo %s: %v", m.Kind, err)
		}
		if got := stateOf(t, s, "d-0"); got != before {
			t.Fatalf("after undoing %s: %+v, want %+v", m.Kind, got, before)
		}
		assertConsistent(t, s)
	}
}

func TestLeechAt(t *testing.T) {
	for _, c := range []struct {
		lapses, threshold int
		want              bool
	}{
		{7, 8, false}, {8, 8, true}, {9, 8, false}, {11, 8, false}, {12, 8, true}, {16, 8, true},
		{4, 4, true}, {5, 4, false}, {6, 4, true},
		{1, 1, true}, {2, 1, true}, {3, 0, false}, {5, -1, false},
	} {
		if got := LeechAt(c.lapses, c.threshold); got != c.want {
			t.Errorf("LeechAt(%d, %d) = %v", c.lapses, c.threshold, got)
		}
	}
}

// A card that lapses as often as the setting says is suspended as a
// leech by the answer that makes it one, in the same transaction; undoing
// the answer takes both back.
func TestLeech(t *testing.T) {
	c := newClock(t0)
	s, err := Open(filepath.Join(t.TempDir(), "hone.db"), Options{Clock: c.Now, noSync: true, LeechLapses: 3})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	mustSync(t, s, testDeck("d", 1))
	var res AnswerResult
	for i, q := range []Quality{Good, Again, Good, Again, Good, Again} {
		c.Set(t0.Add(time.Duration(i) * 24 * time.Hour))
		res = mustAnswerR(t, s, "d-0", q, Review)
		if res.Leech != (i == 5) {
			t.Fatalf("answer %d: leech %v", i, res.Leech)
		}
	}
	day5 := DayOf(t0).Add(5)
	// EF: 2.5, 1.96 (Again), 1.96, 1.42, 1.42, 0.88 floored at 1.3.
	want := CardState{Memory: SM2{0, 1, 1.3}, Due: day5.Add(1), LastDay: day5, Lapses: 3, Reviews: 6, Suspended: true, Leech: true}
	if res.State != want || stateOf(t, s, "d-0") != want {
		t.Fatalf("leech: %+v, want %+v", res.State, want)
	}
	var suspend *Entry
	s.view(func(tx *txn) (err error) { suspend, err = tx.entry(res.Seq + 1); return err })
	if suspend == nil || suspend.Kind != Suspend || !suspend.Leech || suspend.Cause != res.Seq || suspend.Prev != res.Seq {
		t.Fatalf("the leech's suspend entry: %+v", suspend)
	}
	if n := mustCounts(t, s, day5.Add(1))["d"]; n.Due != 0 {
		t.Fatalf("a leech is counted due: %+v", n)
	}
	assertConsistent(t, s)

	if _, err := s.Undo(res.Seq); err != nil {
		t.Fatal(err)
	}
	after4 := CardState{Memory: SM2{1, 1, 1.42}, Due: day5, LastDay: day5.Add(-1), Lapses: 2, Reviews: 5}
	if got := stateOf(t, s, "d-0"); got != after4 {
		t.Fatalf("after undo: %+v, want %+v", got, after4)
	}
	assertConsistent(t, s)

	// Again: a leech; unsuspended, it stays marked a leech.
	mustAnswerR(t, s, "d-0", Again, Review)
	if st := mustMark(t, s, "d-0", Mark{Kind: Unsuspend}).State; st.Suspended || !st.Leech {
		t.Fatalf("unsuspended leech: %+v", st)
	}
	assertConsistent(t, s)
}
