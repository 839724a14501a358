package srs

import (
	"errors"
	"strings"
	"testing"
	"time"
)

func TestAnswerAndRepeat(t *testing.T) {
	c := newClock(t0)
	s := testStore(t, c)
	mustSync(t, s, testDeck("d", 3))
	today := DayOf(t0)

	res := mustAnswerR(t, s, "d-0", Again, Review)
	e := res.Entry
	if e.Kind != Review || e.Seq != 1 || e.Day != today || !e.Time.Equal(t0) || e.Took != time.Second || e.Deck != "d" ||
		res.State != sm2Review(NewCardState(), Again, today) {
		t.Fatalf("first answer %+v", res)
	}
	c.Advance(5 * time.Minute)
	rr := mustAnswerR(t, s, "d-0", Good, Review)
	if r := rr.Entry; r.Kind != Repeat || rr.State != res.State || r.Prev != e.Seq {
		t.Fatalf("same-day answer %+v", rr)
	}
	// Past midnight but before 04:00 is still the same day.
	c.Set(today.Time(time.UTC).Add(23*time.Hour + 30*time.Minute))
	if r := mustAnswer(t, s, "d-0", Good, Review); r.Kind != Repeat {
		t.Fatalf("03:30 next morning: %s", r.Kind)
	}
	c.Set((today + 1).Time(time.UTC))
	n := mustAnswerR(t, s, "d-0", Good, Review)
	if n.Entry.Kind != Review || n.State != sm2Review(res.State, Good, today+1) {
		t.Fatalf("next day %+v", n)
	}
	// Drills never move the schedule, whatever the grade.
	for _, q := range []Quality{Again, Easy} {
		d := mustAnswerR(t, s, "d-1", q, Drill)
		if d.Entry.Kind != Drill || d.State != NewCardState() {
			t.Fatalf("drill %+v", d)
		}
	}
	if st, _ := s.Cards(); st["d-1"] != NewCardState() {
		t.Error("drill changed a state")
	}
	assertConsistent(t, s)
}

func TestAnswerErrors(t *testing.T) {
	s := testStore(t, newClock(t0))
	mustSync(t, s, testDeck("d", 1))
	for _, tt := range []struct {
		id   string
		q    Quality
		kind EntryKind
		is   error
	}{
		{"nope", Good, Review, ErrUnknownCard},
		{"d-0", 6, Review, nil},
		{"d-0", -1, Review, nil},
		{"d-0", Good, Undo, nil},
		{"d-0", Good, Repeat, nil},
		{"d-0", Good, 0, nil},
	} {
		_, err := s.Answer(tt.id, tt.q, tt.kind, 0)
		if err == nil || !strings.Contains(err.Error(), tt.id) || (tt.is != nil && !errors.Is(err, tt.is)) {
			t.Errorf("Answer(%s, %d, %d): %v", tt.id, tt.q, tt.kind, err)
		}
	}
	assertConsistent(t, s)
}

func TestUndo(t *testing.T) {
	c := newClock(t0)
	s := testStore(t, c)
	mustSync(t, s, testDeck("d", 5))
	today := DayOf(t0)
	opts := QueueOptions{Today: today, ReviewLimit: 10, NewPerDeck: 3}

	a1 := mustAnswer(t, s, "d-0", Again, Review)
	b := mustAnswer(t, s, "d-1", Good, Review)
	a2 := mustAnswer(t, s, "d-0", Good, Review) // repeat
	dr := mustAnswer(t, s, "d-4", Hard, Drill)
	if q := mustQueue(t, s, opts); strings.Join(ids(q), " ") != "d-2" {
		t.Fatalf("queue after answers %v", ids(q))
	}

	// d-0 was answered again since a1: refused until a2 is undone.
	if _, err := s.Undo(a1.Seq); !errors.Is(err, ErrCannotUndo) || !strings.Contains(err.Error(), "answered again") {
		t.Fatalf("undo of a superseded answer: %v", err)
	}
	for _, e := range []Entry{dr, a2, b, a1} { // several undos in a row, latest first
		u, err := s.Undo(e.Seq)
		if err != nil {
			t.Fatalf("undo %d: %v", e.Seq, err)
		}
		if u.Kind != Undo || u.Undoes != e.Seq || u.CardID != e.CardID || u.Prev != e.Seq {
			t.Fatalf("undo entry %+v for %+v", u, e)
		}
		assertConsistent(t, s)
	}
	if st, _ := s.Cards(); st["d-0"] != NewCardState() || st["d-1"] != NewCardState() {
		t.Fatalf("states after undo %+v", st)
	}
	if q := mustQueue(t, s, opts); strings.Join(ids(q), " ") != "d-0 d-1 d-2" {
		t.Errorf("queue after undo %v", ids(q))
	}
	if days, _ := s.Days(today, today); !sameCounts(days[today], DayCounts{}) {
		t.Errorf("counters after undo %+v", days[today])
	}

	if _, err := s.Undo(a1.Seq); !errors.Is(err, ErrCannotUndo) || !strings.Contains(err.Error(), "already undone") {
		t.Errorf("second undo: %v", err)
	}
	if _, err := s.Undo(99); !errors.Is(err, ErrCannotUndo) {
		t.Errorf("undo of nothing: %v", err)
	}
	u, _ := s.Undo(0)
	if _, err := s.Undo(u.Seq + 100); !errors.Is(err, ErrCannotUndo) {
		t.Errorf("undo of future: %v", err)
	}

	// Answer again after undo: it is the day's first grade again.
	if e := mustAnswer(t, s, "d-0", Good, Review); e.Kind != Review {
		t.Errorf("answer after undo is a %s", e.Kind)
	}
	last, _ := s.Cards()
	// An undo entry cannot itself be undone.
	e := mustAnswer(t, s, "d-2", Good, Review)
	ue, _ := s.Undo(e.Seq)
	if _, err := s.Undo(ue.Seq); !errors.Is(err, ErrCannotUndo) {
		t.Errorf("undo of an undo: %v", err)
	}
	if st, _ := s.Cards(); st["d-0"] != last["d-0"] || st["d-2"] != NewCardState() {
		t.Errorf("states %+v", st)
	}
	assertConsistent(t, s)
}

// An undo the next day takes back the counters of the day answered.
func TestUndoAcrossDays(t *testing.T) {
	c := newClock(t0)
	s := testStore(t, c)
	mustSync(t, s, testDeck("d", 2))
	today := DayOf(t0)
	e := mustAnswer(t, s, "d-0", Easy, Review)
	c.Advance(24 * time.Hour)
	u, err := s.Undo(e.Seq)
	if err != nil {
		t.Fatal(err)
	}
	if u.Day != today+1 {
		t.Errorf("undo day %s", u.Day)
	}
	days, _ := s.Days(today, today+1)
	if !sameCounts(days[today], DayCounts{}) || !sameCounts(days[today+1], DayCounts{}) {
		t.Errorf("counters %+v", days)
	}
	assertConsistent(t, s)
}

// The clock jumping backwards never schedules into the past.
func TestClockJumps(t *testing.T) {
	c := newClock(t0)
	s := testStore(t, c)
	mustSync(t, s, testDeck("d", 2))
	today := DayOf(t0)
	c.Advance(5 * 24 * time.Hour)
	e := mustAnswerR(t, s, "d-0", Good, Review)
	c.Set(t0) // back five days
	r := mustAnswerR(t, s, "d-0", Again, Review)
	if r.Entry.Kind != Repeat || r.State != e.State {
		t.Errorf("answer in the past %+v", r)
	}
	f := mustAnswerR(t, s, "d-1", Good, Review)
	if f.State.Due != today+1 || f.State.Interval(today) < 1 {
		t.Errorf("fresh card in the past %+v", f.State)
	}
	c.Set(time.Date(1960, 1, 1, 12, 0, 0, 0, time.UTC)) // before the epoch
	if _, err := s.Answer("d-1", Good, Review, -time.Hour); err != nil {
		t.Error(err)
	}
	c.Set(time.Date(2400, 1, 1, 12, 0, 0, 0, time.UTC))
	gr := mustAnswerR(t, s, "d-1", Good, Review)
	g := gr.Entry
	if gr.State.Due <= g.Day || gr.State.Interval(g.Day) < 1 {
		t.Errorf("far future %+v", gr.State)
	}
	s.view(func(tx *txn) error {
		if e, err := tx.entry(g.Seq); err != nil || !e.Time.Equal(c.Now()) {
			t.Errorf("far-future time stored as %v (%v)", e.Time, err)
		}
		return nil
	})
	if _, ok, err := s.NextDue(today); !ok || err != nil {
		t.Error("next due lost")
	}
	assertConsistent(t, s)
}
