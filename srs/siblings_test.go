package srs

import (
	"slices"
	"testing"
	"time"

	"github.com/hone-srs/hone/deck"
)

// siblingDeck: a0 and a1 share a note, c0, c1 and c2 another; b0 is
// alone.
func siblingDeck() deck.Deck {
	d := testDeck("s", 6)
	notes := []string{"na", "na", "", "nc", "nc", "nc"}
	names := []string{"a0", "a1", "b0", "c0", "c1", "c2"}
	for i := range d.Cards {
		d.Cards[i].ID, d.Cards[i].Note = names[i], notes[i]
	}
	rehash(&d)
	return d
}

// Siblings never come the same day: a queue takes one card of a note, and
// the day's first answer of it buries the others until tomorrow, in the
// same transaction; undoing the answer unburies them.
func TestSiblings(t *testing.T) {
	c := newClock(t0)
	s := testStore(t, c)
	mustSync(t, s, siblingDeck())
	today := DayOf(t0)
	opts := QueueOptions{Today: today, ReviewLimit: 100, NewPerDeck: 20}
	if got := ids(mustQueue(t, s, opts)); !slices.Equal(got, []string{"a0", "b0", "c0"}) {
		t.Fatalf("queue %v, want one card of each note", got)
	}
	if n := mustCounts(t, s, today)["s"]; n.NewUnseen != 3 {
		t.Fatalf("counts before: %+v, want one new card of each note", n)
	}

	res := mustAnswerR(t, s, "a0", Good, Review)
	if !slices.Equal(res.Buried, []string{"a1"}) {
		t.Fatalf("buried %v", res.Buried)
	}
	if st := stateOf(t, s, "a1"); st != (CardState{New: true, BuriedUntil: today.Add(1)}) {
		t.Fatalf("a1 after its sibling's answer: %+v", st)
	}
	if got := ids(mustQueue(t, s, opts)); !slices.Equal(got, []string{"b0", "c0"}) {
		t.Fatalf("queue after a0: %v", got)
	}
	if n := mustCounts(t, s, today)["s"]; n.NewUnseen != 2 {
		t.Fatalf("counts after a0 (a1 buried): %+v", n)
	}
	// A repeat or a drill buries nothing more.
	if r := mustAnswerR(t, s, "a0", Again, Review); r.Kind != Repeat || len(r.Buried) != 0 {
		t.Fatalf("repeat: %+v", r)
	}
	if r := mustAnswerR(t, s, "c1", Good, Drill); len(r.Buried) != 0 {
		t.Fatalf("a drill buried %v", r.Buried)
	}
	r := mustAnswerR(t, s, "c0", Again, Review)
	if !slices.Equal(r.Buried, []string{"c1", "c2"}) {
		t.Fatalf("buried by c0: %v", r.Buried)
	}
	assertConsistent(t, s)

	// Undo: the bury entries go with the answer.
	if _, err := s.Undo(r.Seq); err != nil {
		t.Fatal(err)
	}
	for _, id := range []string{"c0", "c1", "c2"} {
		if st := stateOf(t, s, id); st != NewCardState() {
			t.Fatalf("%s after undo: %+v", id, st)
		}
	}
	assertConsistent(t, s)

	// Tomorrow the bury has ended; a0 is due, so a1 still waits.
	c.Advance(24 * time.Hour)
	opts.Today = today.Add(1)
	if got := ids(mustQueue(t, s, opts)); !slices.Equal(got, []string{"a0", "b0", "c0"}) {
		t.Fatalf("tomorrow's queue %v", got)
	}
	if n := mustCounts(t, s, opts.Today)["s"]; n.NewUnseen != 2 || n.Due != 1 {
		t.Fatalf("tomorrow's counts: %+v", n)
	}
}

// Reviews ahead of time come soonest first, leave out what was answered
// today, and are logged as Early; under SM-2 an early review is a review
// on the day it is given.
func TestAhead(t *testing.T) {
	c := newClock(t0)
	s := testStore(t, c)
	mustSync(t, s, siblingDeck())
	day0 := DayOf(t0)
	for _, id := range []string{"a0", "b0", "c0"} {
		mustAnswer(t, s, id, Good, Review) // due day 1
	}
	c.Advance(24 * time.Hour)
	mustAnswer(t, s, "b0", Good, Review) // SM2{2, 6, 2.5}: due day 7
	mustAnswer(t, s, "c0", Easy, Review) // SM2{2, 6, 2.7}: due day 7
	c.Advance(2 * 24 * time.Hour)
	day3 := day0.Add(3)
	// a0 is still due from day 1; b0 and c0 are due on day 7.
	mustMark(t, s, "c0", Mark{Kind: Bury, Until: day3.Add(1)})
	items, err := s.Ahead(MoreOptions{Today: day3})
	if err != nil {
		t.Fatal(err)
	}
	if got := ids(items); !slices.Equal(got, []string{"a0", "b0"}) {
		t.Fatalf("ahead: %v, want the overdue card, then the others but the buried one", got)
	}
	if r := mustAnswerR(t, s, "a0", Good, Review); r.Kind != Review {
		t.Fatalf("a due card answered in study more is a review: %v", r.Kind)
	}
	r := mustAnswerR(t, s, "b0", Good, Review)
	if r.Kind != Early {
		t.Fatalf("an answer before the due day is logged as %v", r.Kind)
	}
	// SM-2: the next interval is 6 × 2.5 = 15 days from today.
	want := CardState{Memory: SM2{3, 15, 2.5}, Due: day3.Add(15), LastDay: day3, Reviews: 3}
	if r.State != want {
		t.Fatalf("early review: %+v, want %+v", r.State, want)
	}
	if days, _ := s.Days(day3, day3); days[day3].Reviews != 2 {
		t.Fatalf("day counters: %+v", days[day3])
	}
	items, _ = s.Ahead(MoreOptions{Today: day3})
	if got := ids(items); len(got) != 0 {
		t.Fatalf("ahead after answering: %v", got)
	}
	assertConsistent(t, s)
}

// Study more's new cards go past the day's limit, in deck order, and the
// decks take turns; they count as the day's new cards.
func TestMoreNew(t *testing.T) {
	c := newClock(t0)
	s := testStore(t, c)
	mustSync(t, s, testDeck("x", 4))
	mustSync(t, s, testDeck("y", 4))
	today := DayOf(t0)
	opts := QueueOptions{Today: today, Deck: "x", ReviewLimit: 100, NewPerDeck: 2}
	for _, id := range ids(mustQueue(t, s, opts)) {
		mustAnswer(t, s, id, Good, Review)
	}
	if got := ids(mustQueue(t, s, opts)); len(got) != 0 {
		t.Fatalf("queue past the limit: %v", got)
	}
	items, err := s.MoreNew(MoreOptions{Today: today, Deck: "x", Size: 5})
	if err != nil {
		t.Fatal(err)
	}
	if got := ids(items); !slices.Equal(got, []string{"x-2", "x-3"}) {
		t.Fatalf("more new in x: %v", got)
	}
	items, _ = s.MoreNew(MoreOptions{Today: today, Size: 3})
	if got := ids(items); !slices.Equal(got, []string{"x-2", "y-0", "x-3"}) {
		t.Fatalf("more new across decks: %v", got)
	}
	mustAnswer(t, s, "x-2", Good, Review)
	if n := mustCounts(t, s, today)["x"]; n.NewToday != 3 || n.NewAvailable(2) != 0 {
		t.Fatalf("counts after an extra new card: %+v", n)
	}
	assertConsistent(t, s)
}
