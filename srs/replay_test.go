package srs

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"testing"
	"time"
)

// A long random life: days of sittings through Session with same-day
// repeats, undos (often several in a row), drills on any card, deck edits
// that retire and revive cards, and a clock that sometimes jumps back. At
// every day's end the stored states must equal the log's replay and every
// invariant must hold.
func TestLongRandomSession(t *testing.T) {
	for _, c := range []SchedulerSettings{DefaultSettings(), DefaultFSRSSettings()} {
		t.Run(c.Name, func(t *testing.T) { longRandomSession(t, c) })
	}
}

func longRandomSession(t *testing.T, sched SchedulerSettings) {
	days := 30
	if testing.Short() {
		days = 8
	}
	r := rand.New(rand.NewPCG(42, 7))
	c := newClock(t0)
	s := testStore(t, c)
	decks := []int{60, 90, 40}
	for i, n := range decks {
		mustSync(t, s, testDeck(fmt.Sprint("deck", i), n, "t1", "t2", "t3"))
	}
	useScheduler(t, s, sched)
	var answers, undos, drills, repeats int
	type answered struct {
		seq   uint64
		drill bool
	}
	var mine []answered // answers not undone, latest last
	grades := []Quality{Again, Hard, Good, Good, Good, Easy, 0, 2}

	for day := range days {
		c.Set(DayOf(t0).Add(day).Time(time.UTC).Add(time.Duration(r.IntN(18)) * time.Hour))
		today := DayOf(c.Now())
		if day%7 == 3 { // edit a deck: drop some cards, bring back others
			d := testDeck("deck1", decks[1], "t1", "t2", "t3")
			keep := d.Cards[:0]
			for _, card := range d.Cards {
				if r.IntN(5) != 0 {
					keep = append(keep, card)
				}
			}
			d.Cards = keep
			rehash(&d)
			mustSync(t, s, d)
		}
		for sitting := range 1 + r.IntN(2) {
			items := mustQueue(t, s, QueueOptions{Today: today, ReviewLimit: 60, NewPerDeck: 8})
			sess := NewSession(items)
			for !sess.Finished() {
				cur, _ := sess.Current()
				c.Advance(time.Duration(r.IntN(90)) * time.Second)
				if r.IntN(40) == 0 { // the clock jumps back a few hours
					c.Advance(-time.Duration(r.IntN(30)) * time.Hour)
				}
				q := grades[r.IntN(len(grades))]
				res, err := s.Answer(cur.Card.ID, q, Review, time.Duration(r.IntN(20))*time.Second)
				if err != nil {
					t.Fatalf("day %d sitting %d: %v", day, sitting, err)
				}
				answers++
				if res.Entry.Kind == Repeat {
					repeats++
				}
				mine = append(mine, answered{seq: res.Entry.Seq})
				sess.Record(cur.Card.ID, res.State, q)
				if r.IntN(12) == 0 && len(mine) > 0 { // undo a run of the latest answers
					for k := 1 + r.IntN(3); k > 0 && len(mine) > 0 && sess.Done() > 0; k-- {
						last := mine[len(mine)-1]
						if _, err := s.Undo(last.seq); err != nil {
							t.Fatalf("undo %d: %v", last.seq, err)
						}
						mine = mine[:len(mine)-1]
						if !last.drill {
							sess.Undo()
						}
						undos++
					}
				}
				if r.IntN(6) == 0 { // drill any card, due or not
					id := fmt.Sprintf("deck%d-%d", r.IntN(3), r.IntN(40))
					res, err := s.Answer(id, grades[r.IntN(4)], Drill, time.Second)
					if err != nil && !isRetired(err) {
						t.Fatal(err)
					}
					if err == nil {
						drills++
						mine = append(mine, answered{seq: res.Entry.Seq, drill: true})
					}
				}
			}
		}
		assertConsistent(t, s)
		if t.Failed() {
			t.Fatalf("inconsistent after day %d", day)
		}
	}
	t.Logf("%d answers (%d repeats), %d undos, %d drills over %d days", answers, repeats, undos, drills, days)
	if answers < 1000 && !testing.Short() {
		t.Errorf("only %d answers", answers)
	}
}

func isRetired(err error) bool { return errors.Is(err, ErrUnknownCard) }
