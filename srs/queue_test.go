package srs

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/hone-srs/hone/deck"
)

// queueFixture: decks a and b of 30 cards (topics x, y alternating); on day
// D0 a-0..a-4 learned (due D0+1), on D0+1 b-0 (due D0+2), on D0+2 a-5..a-9
// (due D0+3). Returns the store, clock and D0.
func queueFixture(t *testing.T) (*Store, *clock, Day) {
	c := newClock(t0)
	s := testStore(t, c)
	mustSync(t, s, testDeck("a", 30, "x", "y"))
	mustSync(t, s, testDeck("b", 30, "x", "y"))
	d0 := DayOf(t0)
	for i := range 5 {
		mustAnswer(t, s, fmt.Sprint("a-", i), Good, Review)
	}
	c.Advance(24 * time.Hour)
	mustAnswer(t, s, "b-0", Good, Review)
	c.Advance(24 * time.Hour)
	for i := 5; i < 10; i++ {
		mustAnswer(t, s, fmt.Sprint("a-", i), Good, Review)
	}
	c.Set(d0.Add(5).Time(time.UTC).Add(2 * time.Hour))
	return s, c, d0
}

func TestQueueOrder(t *testing.T) {
	s, _, d0 := queueFixture(t)
	today := d0 + 5
	q := mustQueue(t, s, QueueOptions{Today: today, ReviewLimit: 200, NewPerDeck: 3})
	want := "a-0 a-1 a-2 a-3 a-4 b-0 a-5 a-6 a-7 a-8 a-9 a-10 a-11 a-12 b-1 b-2 b-3"
	if got := strings.Join(ids(q), " "); got != want {
		t.Fatalf("queue\n got %s\nwant %s", got, want)
	}
	if q[0].State.Due != d0+1 || q[0].State.New || !q[11].State.New || mustContent(t, s, q[11].Card.ID).Front != "front 10" {
		t.Errorf("items carry state and content: %+v / %+v", q[0], q[11])
	}
	// Nothing is due before its day.
	if q := mustQueue(t, s, QueueOptions{Today: d0 + 1, ReviewLimit: 200}); strings.Join(ids(q), " ") != "a-0 a-1 a-2 a-3 a-4" {
		t.Errorf("day 1 queue %v", ids(q))
	}
	// Zero limits, and negative for no limit.
	if q := mustQueue(t, s, QueueOptions{Today: today}); len(q) != 0 {
		t.Errorf("zero limits gave %v", ids(q))
	}
	if q := mustQueue(t, s, QueueOptions{Today: today, ReviewLimit: -1, NewPerDeck: -1}); len(q) != 60-11+11 {
		t.Errorf("unlimited queue has %d", len(q))
	}
}

func TestQueueNarrowing(t *testing.T) {
	s, _, d0 := queueFixture(t)
	today := d0 + 5
	q := mustQueue(t, s, QueueOptions{Today: today, Deck: "b", ReviewLimit: 200, NewPerDeck: 2})
	if got := strings.Join(ids(q), " "); got != "b-0 b-1 b-2" {
		t.Errorf("deck b: %s", got)
	}
	q = mustQueue(t, s, QueueOptions{Today: today, Topic: "y", ReviewLimit: 200, NewPerDeck: 2})
	if got := strings.Join(ids(q), " "); got != "a-1 a-3 a-5 a-7 a-9 a-11 a-13 b-1 b-3" {
		t.Errorf("topic y: %s", got)
	}
	q = mustQueue(t, s, QueueOptions{Today: today, Deck: "a", Topic: "x", ReviewLimit: 3, NewPerDeck: 1})
	if got := strings.Join(ids(q), " "); got != "a-0 a-2 a-4 a-10" {
		t.Errorf("deck a topic x: %s", got)
	}
	if _, err := s.Queue(QueueOptions{Today: today, Deck: "nope"}); err == nil || !strings.Contains(err.Error(), `"nope"`) {
		t.Errorf("unknown deck: %v", err)
	}
	if q := mustQueue(t, s, QueueOptions{Today: today, Topic: "nope", ReviewLimit: -1, NewPerDeck: -1}); len(q) != 0 {
		t.Errorf("unknown topic: %v", ids(q))
	}
}

// Limits count per day across sessions: what one sitting used, the next one
// does not get again; repeats and drills use none of it.
func TestQueueLimitsAcrossSessions(t *testing.T) {
	s, c, d0 := queueFixture(t)
	today := d0 + 5
	opts := QueueOptions{Today: today, ReviewLimit: 4, NewPerDeck: 3}
	q := mustQueue(t, s, opts)
	if got := strings.Join(ids(q), " "); got != "a-0 a-1 a-2 a-3 a-10 a-11 a-12 b-1 b-2 b-3" {
		t.Fatalf("first sitting: %s", got)
	}
	mustAnswer(t, s, "a-0", Good, Review)
	mustAnswer(t, s, "a-1", Again, Review)
	mustAnswer(t, s, "a-1", Good, Review) // the same-day repeat
	mustAnswer(t, s, "a-10", Good, Review)
	mustAnswer(t, s, "b-9", Easy, Drill)
	c.Advance(3 * time.Hour)

	q = mustQueue(t, s, opts)
	if got := strings.Join(ids(q), " "); got != "a-2 a-3 a-11 a-12 b-1 b-2 b-3" {
		t.Fatalf("second sitting: %s", got)
	}
	cs, _ := s.Counts(today)
	if cs["a"] != (DeckCounts{Due: 8, NewUnseen: 19, NewToday: 1, Learned: 11, Total: 30}) {
		t.Errorf("counts a %+v", cs["a"])
	}
	if cs["b"] != (DeckCounts{Due: 1, NewUnseen: 29, Learned: 1, Total: 30}) {
		t.Errorf("counts b %+v", cs["b"])
	}
	days, _ := s.Days(today, today)
	if got := days[today]; got.Reviews != 3 || got.Correct != 2 || got.Repeats != 1 || got.Drills != 1 || got.DrillCorrect != 1 || got.New["a"] != 1 {
		t.Errorf("day counters %+v", got)
	}

	// The next day starts afresh.
	q = mustQueue(t, s, QueueOptions{Today: today + 1, ReviewLimit: 4, NewPerDeck: 1})
	if got := strings.Join(ids(q), " "); got != "a-2 a-3 a-4 b-0 a-11 b-1" {
		t.Errorf("next day: %s", got)
	}
	assertConsistent(t, s)
}

func TestNextDue(t *testing.T) {
	s, _, d0 := queueFixture(t)
	for _, tt := range []struct {
		after Day
		want  Day
		ok    bool
	}{{d0 - 100, d0 + 1, true}, {d0, d0 + 1, true}, {d0 + 1, d0 + 2, true}, {d0 + 2, d0 + 3, true}, {d0 + 3, 0, false}, {1<<31 - 1, 0, false}} {
		got, ok, err := s.NextDue(tt.after)
		if err != nil || got != tt.want || ok != tt.ok {
			t.Errorf("NextDue(%d) = %d %v %v, want %d %v", tt.after-d0, got-d0, ok, err, tt.want-d0, tt.ok)
		}
	}
	empty := testStore(t, newClock(t0))
	if _, ok, err := empty.NextDue(0); ok || err != nil {
		t.Errorf("empty store: %v %v", ok, err)
	}
}

func mustContent(t testing.TB, s *Store, id string) deck.Card {
	t.Helper()
	c, err := s.Content(id)
	if err != nil {
		t.Fatalf("content of %s: %v", id, err)
	}
	return c
}

// The queue reads no card text: a session reads each card's text as it
// comes up, so a long queue costs only its index entries and records.
func TestQueueCarriesNoText(t *testing.T) {
	c := newClock(t0)
	s := testStore(t, c)
	d := testDeck("d", 4, "x")
	mustSync(t, s, d)
	mustAnswer(t, s, d.Cards[0].ID, Again, Review)
	c.Advance(24 * time.Hour)
	q := mustQueue(t, s, QueueOptions{Today: DayOf(c.Now()), ReviewLimit: 10, NewPerDeck: 10})
	if len(q) != 4 {
		t.Fatalf("queue %v", ids(q))
	}
	for _, it := range q {
		if it.Card.Deck != "d" || it.Card.Front != "" || it.Card.Back != "" {
			t.Errorf("item %+v carries text, or no deck", it.Card)
		}
	}
	if q[0].Card.Topic != "x" || q[0].State.New {
		t.Errorf("the due card lacks its topic or state: %+v", q[0])
	}
	if got := mustContent(t, s, q[1].Card.ID); got.Front != d.Cards[1].Front || got.Back != d.Cards[1].Back {
		t.Errorf("content %+v", got)
	}
}
