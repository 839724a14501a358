package main

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"time"

	"github.com/hone-srs/hone/deck"
	"github.com/hone-srs/hone/srs"
)

// event is one log entry to write: an answer, or the undo of the entry just
// before it.
type event struct {
	at   int64 // unix seconds
	card int32
	q    int8
	kind srs.EntryKind
	undo bool
	took uint8 // seconds
}

type counts struct{ reviews, repeats, drills, undos, lapses int }

type sim struct {
	r       *rand.Rand
	loc     *time.Location
	ids     []string
	choice  []bool
	states  []srs.CardState
	sch     srs.Scheduler
	passed  []bool  // the card's last schedule-setting grade was Hard or better
	intro   []int32 // never-reviewed cards in the order they are introduced
	learned []int32 // cards reviewed at least once
	buckets map[srs.Day][]int32
	pending []int32 // learned cards due by the current day, most overdue first
	events  []event
	n       counts
	from    srs.Day

	// the day being simulated and its clock
	day     srs.Day
	at      time.Time
	noLapse bool // grades of Hard and better only, from settle on
	// the last answer, for an undo right after it
	last       int32
	lastState  srs.CardState
	lastPassed bool
}

// Grade mixes, as cumulative shares of Again, Hard, Good (Easy is the rest).
var (
	mixNew    = [3]float64{0.15, 0.30, 0.85}
	mixReview = [3]float64{0.10, 0.25, 0.85}
	mixRepeat = [3]float64{0.15, 0.30, 1}
	mixDrill  = [3]float64{0.15, 0.35, 0.85}
)

const (
	undoShare  = 0.01 // answers taken back at once and given another grade
	perDay     = 400  // the log's entries per day decide how far back it goes...
	maxSpan    = 1095 // ...up to three years
	minSpan    = 30
	maxRepeats = 3 // same-day repeats of a card, at most
)

// simulate plans the whole log. It first spends the budget day by day and
// then arranges the day before today; if that arrangement needs more than
// the reserve left for it, it plans again with a larger reserve.
func simulate(o Options, items []srs.ImportItem) (*sim, error) {
	reserve := 2*o.Due + 10
	for range 6 {
		s := newSim(o, items)
		if o.Log == 0 {
			return s, nil
		}
		if err := s.run(o, reserve); err != nil {
			return nil, err
		}
		if len(s.events) <= o.Log {
			s.pad(o.Log - len(s.events))
			return s, nil
		}
		reserve += len(s.events) - o.Log + o.Due/2
	}
	return nil, errors.New("could not fit the history into -log entries; give more entries or a smaller -due")
}

func newSim(o Options, items []srs.ImportItem) *sim {
	sch, _ := o.Scheduler.Scheduler() // checked by defaults
	s := &sim{r: rand.New(rand.NewPCG(o.Seed, 0)), loc: o.Loc, buckets: map[srs.Day][]int32{}, sch: sch}
	// New cards are introduced deck by deck in turn, each deck in its own
	// order, as the daily queue does.
	var perDeck [][]int32
	for _, it := range items {
		var idx []int32
		for _, c := range it.Deck.Cards {
			idx = append(idx, int32(len(s.ids)))
			s.ids = append(s.ids, c.ID)
			s.choice = append(s.choice, c.Kind == deck.Choice)
			s.states = append(s.states, srs.NewCardState())
			s.passed = append(s.passed, false)
		}
		perDeck = append(perDeck, idx)
	}
	for i := 0; len(s.intro) < len(s.ids); i++ {
		for _, idx := range perDeck {
			if i < len(idx) {
				s.intro = append(s.intro, idx[i])
			}
		}
	}
	return s
}

func (s *sim) run(o Options, reserve int) error {
	span := min(max((o.Log+perDay-1)/perDay, minSpan), maxSpan)
	s.from = o.Today.Add(-span)
	yesterday := o.Today.Add(-1)
	budget := max(o.Log-reserve, 0)
	newPerDay := int(math.Ceil(float64(len(s.ids)) / (0.75 * float64(span-1))))
	for d := s.from; d < yesterday; d = d.Add(1) {
		s.startDay(d)
		quota := (budget - len(s.events)) / int(yesterday-d)
		if d == yesterday.Add(-1) {
			s.settle()
		}
		s.dayOfWork(quota, newPerDay)
	}
	s.startDay(yesterday)
	return s.arrange(o.Today, o.Due)
}

// settle prepares the day before yesterday for arrange: no grade below
// Hard today, and every due card that failed its last review is reviewed
// whatever the quota. So every card due by today has been
// recalled at least once, and a Good tomorrow moves it past today.
func (s *sim) settle() {
	s.noLapse = true
	var rest []int32
	for _, i := range s.pending {
		if !s.passed[i] {
			s.review(i, mixReview)
		} else {
			rest = append(rest, i)
		}
	}
	s.pending = rest
}

// startDay moves the clock to a morning and collects the cards due.
func (s *sim) startDay(d srs.Day) {
	s.day = d
	s.at = d.Time(s.loc).Add(3*time.Hour + time.Duration(s.r.IntN(240))*time.Minute)
	for _, i := range s.buckets[d] {
		if st := s.states[i]; !st.New && !st.Suspended && st.Due == d {
			s.pending = append(s.pending, i)
		}
	}
	delete(s.buckets, d)
}

// dayOfWork reviews what is due, then introduces new cards, then drills,
// within about quota entries; cards graded below Good come back the same
// day.
func (s *sim) dayOfWork(quota, newPerDay int) {
	used := len(s.events)
	var again []int32
	n := 0
	for ; n < len(s.pending) && len(s.events)-used < quota; n++ {
		i := s.pending[n]
		if s.review(i, mixReview) < srs.Good {
			again = append(again, i)
		}
	}
	s.pending = append(s.pending[:0], s.pending[n:]...)
	fresh := min(newPerDay, int(float64(quota-(len(s.events)-used))/1.4), len(s.intro))
	for _, i := range s.intro[:max(fresh, 0)] {
		s.learned = append(s.learned, i)
		if s.review(i, mixNew) < srs.Good {
			again = append(again, i)
		}
	}
	s.intro = s.intro[max(fresh, 0):]
	for _, i := range again {
		for range maxRepeats {
			if s.answer(i, s.grade(i, mixRepeat), srs.Review) >= srs.Good {
				break
			}
		}
	}
	for len(s.events)-used < quota && len(s.learned) > 0 {
		i := s.learned[s.r.IntN(len(s.learned))]
		s.answer(i, s.grade(i, mixDrill), srs.Drill)
	}
}

// review gives card i its day's schedule-setting grade and files it under
// its next due day.
func (s *sim) review(i int32, mix [3]float64) srs.Quality {
	q := s.answer(i, s.grade(i, mix), srs.Review)
	st := s.states[i]
	s.buckets[st.Due] = append(s.buckets[st.Due], i)
	return q
}

// grade draws a grade; a choice card is either right (Good) or wrong.
func (s *sim) grade(i int32, mix [3]float64) srs.Quality {
	x := s.r.Float64()
	if s.noLapse {
		x = mix[0] + x*(1-mix[0])
	}
	if s.choice[i] {
		if x < mix[0]*1.5 && !s.noLapse {
			return srs.Again
		}
		return srs.Good
	}
	switch {
	case x < mix[0]:
		return srs.Again
	case x < mix[1]:
		return srs.Hard
	case x < mix[2]:
		return srs.Good
	}
	return srs.Easy
}

// answer logs a grade as Batch.Answer will and moves the mirrored state;
// now and then the answer is undone at once and given another grade, which
// is returned.
func (s *sim) answer(i int32, q srs.Quality, kind srs.EntryKind) srs.Quality {
	s.put(i, q, kind)
	if s.r.Float64() < undoShare && !s.noLapse {
		s.tick()
		s.events = append(s.events, event{at: s.at.Unix(), card: i, undo: true})
		s.n.undos++
		s.states[i], s.passed[i] = s.lastState, s.lastPassed
		q = other(q, s.choice[i])
		s.put(i, q, kind)
	}
	return q
}

func (s *sim) put(i int32, q srs.Quality, kind srs.EntryKind) {
	s.tick()
	st := s.states[i]
	s.last, s.lastState, s.lastPassed = i, st, s.passed[i]
	switch {
	case kind == srs.Drill:
		s.n.drills++
	case !st.New && st.LastDay >= s.day:
		s.n.repeats++
	default:
		s.n.reviews++
		next := s.sch.Review(st, q, s.day)
		if next.Lapses > st.Lapses {
			s.n.lapses++
			// The store suspends a leech with the answer that makes it.
			if !next.Suspended && srs.LeechAt(next.Lapses, srs.DefaultLeechLapses) {
				next.Suspended, next.Leech = true, true
			}
		}
		s.states[i], s.passed[i] = next, q.Correct()
	}
	s.events = append(s.events, event{at: s.at.Unix(), card: i, q: int8(q), kind: kind, took: uint8(2 + s.r.IntN(40))})
}

// other is the grade a learner meant instead of q.
func other(q srs.Quality, choice bool) srs.Quality {
	switch {
	case choice && q == srs.Good:
		return srs.Again
	case choice, q == srs.Again, q == srs.Good:
		return srs.Hard
	}
	return srs.Good
}

// tick moves the clock on by an answer's time, staying inside the day.
func (s *sim) tick() {
	next := s.at.Add(time.Duration(3+s.r.IntN(13)) * time.Second)
	if srs.DayOf(next) == s.day {
		s.at = next
	}
}

// dueBy lists the learned cards due on day or before.
func (s *sim) dueBy(day srs.Day) int {
	n := 0
	for _, st := range s.states {
		if !st.New && !st.Suspended && st.Due <= day {
			n++
		}
	}
	return n
}

// arrange is the day before today: it answers just enough cards that
// target are due today. Too many due: some are reviewed a day early (Good
// moves a card past tomorrow once it has been recalled before, under
// either scheduler). Too few: some learned cards lapse and some new cards
// are seen for the first time and failed; those that come back tomorrow
// count (SM-2 always brings them back; FSRS may wait longer after a lapse).
func (s *sim) arrange(today srs.Day, target int) error {
	var due, later []int32
	for i, st := range s.states {
		switch {
		case st.New, st.Suspended:
		case st.Due <= today:
			due = append(due, int32(i))
		default:
			later = append(later, int32(i))
		}
	}
	s.pending = nil
	excess := len(due) - target
	for _, i := range due {
		if excess <= 0 {
			break
		}
		if s.passed[i] {
			s.put(i, srs.Good, srs.Review)
			if s.states[i].Due > today {
				excess--
			}
		}
	}
	s.r.Shuffle(len(later), func(a, b int) { later[a], later[b] = later[b], later[a] })
	for k := 0; excess < 0; k++ {
		var i int32
		switch {
		case k%2 == 0 && len(later) > 0:
			i = later[len(later)-1]
			later = later[:len(later)-1]
		case len(s.intro) > 0:
			i = s.intro[0]
			s.intro = s.intro[1:]
			s.learned = append(s.learned, i)
		case len(later) == 0:
			return fmt.Errorf("too few cards to leave %d due today", target)
		default:
			continue
		}
		s.put(i, srs.Again, srs.Review)
		s.put(i, srs.Good, srs.Review) // the same-day repeat
		if s.states[i].Due <= today {
			excess++
		}
	}
	return nil
}

// pad adds n drills on the day before today, to make the log's length
// exact.
func (s *sim) pad(n int) {
	for range n {
		i := s.learned[s.r.IntN(len(s.learned))]
		s.put(i, s.grade(i, mixDrill), srs.Drill)
	}
}

// batchSize keeps each write transaction to about 10k answers: bbolt is
// quadratic on huge transactions with scattered keys.
const batchSize = 10_000

// write stores the planned log through Store.Batch.
func (s *sim) write(store *srs.Store, loc *time.Location) error {
	var lastSeq uint64
	for lo := 0; lo < len(s.events); lo += batchSize {
		chunk := s.events[lo:min(lo+batchSize, len(s.events))]
		err := store.Batch(func(b *srs.Batch) error {
			for _, e := range chunk {
				at := time.Unix(e.at, 0).In(loc)
				if e.undo {
					if _, err := b.Undo(lastSeq, at); err != nil {
						return err
					}
					continue
				}
				entry, err := b.Answer(s.ids[e.card], srs.Quality(e.q), e.kind, at, time.Duration(e.took)*time.Second)
				if err != nil {
					return err
				}
				lastSeq = entry.Seq
			}
			return nil
		})
		if err != nil {
			return fmt.Errorf("write log entries %d–%d: %w", lo+1, lo+len(chunk), err)
		}
	}
	return nil
}
