package srs

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"testing"
	"time"
)

// A random life with every kind of entry: answers from the day's queue and
// from study more (early reviews), same-day repeats, undos, drills, and
// the user's marks (suspend, unsuspend, bury, unbury, flag, reset) on any
// card, in a deck of sibling pairs with a low leech threshold. At each
// day's end the stored states must equal the log's replay, under either
// scheduler, and every index and counter must agree.
func TestMarksReplay(t *testing.T) {
	for _, c := range []SchedulerSettings{DefaultSettings(), DefaultFSRSSettings()} {
		t.Run(c.Name, func(t *testing.T) { marksLife(t, c, 11) })
	}
}

func marksLife(t *testing.T, sched SchedulerSettings, seed uint64) {
	days := 24
	if testing.Short() {
		days = 6
	}
	r := rand.New(rand.NewPCG(seed, 3))
	c := newClock(t0)
	s, err := Open(filepath.Join(t.TempDir(), "hone.db"), Options{Clock: c.Now, noSync: true, LeechLapses: 3})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	d := testDeck("p", 40, "t1", "t2")
	for i := range d.Cards {
		d.Cards[i].Note = fmt.Sprint("note", i/2) // pairs
	}
	rehash(&d)
	mustSync(t, s, d)
	useScheduler(t, s, sched)
	grades := []Quality{Again, Again, Again, Hard, Good, Good, Easy}
	var done []uint64 // entries not undone, latest last
	count := map[string]int{}
	for day := range days {
		c.Set(DayOf(t0).Add(day).Time(time.UTC).Add(time.Duration(6+r.IntN(12)) * time.Hour))
		today := DayOf(c.Now())
		items := mustQueue(t, s, QueueOptions{Today: today, ReviewLimit: 30, NewPerDeck: 6})
		for len(items) > 0 {
			it := items[0]
			items = items[1:]
			if len(items) == 0 && r.IntN(2) == 0 { // study more: reviews ahead
				more, err := s.Ahead(MoreOptions{Today: today, Size: 3})
				if err != nil {
					t.Fatal(err)
				}
				items = more
			}
			c.Advance(time.Duration(r.IntN(60)) * time.Second)
			switch x := r.IntN(10); {
			case x < 6:
				q := grades[r.IntN(len(grades))]
				res, err := s.Answer(it.Card.ID, q, Review, time.Second)
				if err != nil {
					t.Fatal(err)
				}
				if q < Good && r.IntN(2) == 0 { // the card came back in the sitting
					items = append(items, it)
				}
				done = append(done, res.Seq)
				count[res.Kind.String()]++
				count["buried"] += len(res.Buried)
				if res.Leech {
					count["leech"]++
				}
			case x < 7:
				res, err := s.Answer(it.Card.ID, grades[r.IntN(len(grades))], Drill, time.Second)
				if err != nil {
					t.Fatal(err)
				}
				done = append(done, res.Seq)
			case x < 9:
				if seq, ok := randomMark(t, s, r, today); ok {
					done = append(done, seq)
					count["mark"]++
				}
			default:
				for k := 1 + r.IntN(2); k > 0 && len(done) > 0; k-- {
					last := done[len(done)-1]
					done = done[:len(done)-1]
					// Undos come latest first, so each is its card's
					// latest entry once the entries it caused are undone.
					if _, err := s.Undo(last); err != nil {
						t.Fatalf("day %d: %v", day, err)
					}
					count["undo"]++
				}
			}
		}
		assertConsistent(t, s)
		if t.Failed() {
			t.Fatalf("inconsistent after day %d", day)
		}
	}
	t.Logf("%v", count)
	if !testing.Short() {
		for _, k := range []string{"review", "repeat", "early", "mark", "undo", "buried", "leech"} {
			if count[k] == 0 {
				t.Errorf("the life had no %s", k)
			}
		}
	}
	// Switching scheduler and back replays the whole log.
	other := DefaultFSRSSettings()
	if sched == other {
		other = DefaultSettings()
	}
	before, _ := s.Cards()
	useScheduler(t, s, other)
	assertConsistent(t, s)
	useScheduler(t, s, sched)
	after, _ := s.Cards()
	for id, st := range before {
		if after[id] != st {
			t.Errorf("card %s: %+v before the switch, %+v after", id, st, after[id])
		}
	}
}

// randomMark makes a random change to a random card; false when it
// changed nothing.
func randomMark(t *testing.T, s *Store, r *rand.Rand, today Day) (uint64, bool) {
	t.Helper()
	id := fmt.Sprint("p-", r.IntN(40))
	marks := []Mark{
		{Kind: Suspend}, {Kind: Unsuspend}, {Kind: Unsuspend}, {Kind: Bury, Until: today.Add(1 + r.IntN(3))}, {Kind: Unbury},
		{Kind: SetFlag, Flag: Flag(r.IntN(8))}, {Kind: Reset},
	}
	res, err := s.Mark(id, marks[r.IntN(len(marks))])
	if errors.Is(err, ErrNoChange) {
		return 0, false
	}
	if err != nil {
		t.Fatal(err)
	}
	return res.Seq, true
}
