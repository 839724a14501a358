package deck

import (
	"fmt"
	"time"
)

// Progress is what another program (today: Anki) knew about a card when it
// was imported: where its schedule stood and every review it had. It is
// plain data, as Anki stored it; the store decides how to take it over.
type Progress struct {
	Type  AnkiCardType
	Queue AnkiQueue
	// Interval is the days between the last two reviews of a review card;
	// 0 for new and learning cards.
	Interval int
	// Ease is Anki's ease factor as SM-2's EF: factor/1000, so 2.5 for
	// 250%; 0 when Anki had none (a new card).
	Ease         float64
	Reps, Lapses int
	// Due is the day the card is due on, as Anki's calendar counts days
	// (its day starts at the collection's rollover hour); zero for new
	// cards, whose due is only their place in the new queue.
	Due Date
	// DueAt is when an intraday learning card is due again; zero for any
	// other card.
	DueAt time.Time
	// Suspended cards stay out of reviews until the learner brings them
	// back; buried ones until the next day.
	Suspended, Buried bool
	Log               []Review // oldest first
}

// AnkiCardType is what a card is in Anki's scheduler.
type AnkiCardType int8

const (
	AnkiNew AnkiCardType = iota
	AnkiLearning
	AnkiReview
	AnkiRelearning
)

// AnkiQueue is the queue an Anki card waits in; below zero it waits in
// none.
type AnkiQueue int8

const (
	AnkiQueueUserBuried  AnkiQueue = -3
	AnkiQueueSchedBuried AnkiQueue = -2
	AnkiQueueSuspended   AnkiQueue = -1
	AnkiQueueNew         AnkiQueue = 0
	AnkiQueueLearning    AnkiQueue = 1 // due at a moment today
	AnkiQueueReview      AnkiQueue = 2
	AnkiQueueDayLearning AnkiQueue = 3 // a learning step of a day or more
	AnkiQueuePreview     AnkiQueue = 4
)

// Review is one answer from a card's history.
type Review struct {
	Time time.Time
	// Button is the answer: 1 again, 2 hard, 3 good, 4 easy; 0 for an
	// entry that was not an answer (a card rescheduled by hand).
	Button int
	// Interval is the interval the answer gave, and LastInterval the one
	// before: whole days for review cards, seconds for learning steps.
	Interval, LastInterval time.Duration
	Ease                   float64 // factor/1000 after the answer; 0 in learning
	Took                   time.Duration
	Kind                   ReviewKind
}

// ReviewKind says what kind of review an answer was, as Anki logs it.
type ReviewKind int8

const (
	ReviewLearn ReviewKind = iota
	ReviewReview
	ReviewRelearn
	ReviewFiltered // in a filtered deck, ahead of time or cramming
	ReviewManual   // rescheduled or reset by hand, not an answer
	ReviewRescheduled
)

func (k ReviewKind) String() string {
	switch k {
	case ReviewLearn:
		return "learn"
	case ReviewReview:
		return "review"
	case ReviewRelearn:
		return "relearn"
	case ReviewFiltered:
		return "filtered"
	case ReviewManual:
		return "manual"
	case ReviewRescheduled:
		return "rescheduled"
	}
	return fmt.Sprintf("kind %d", int(k))
}

// Date is a calendar day.
type Date struct {
	Year  int
	Month time.Month
	Day   int
}

// DateOf is the calendar day of t where t is.
func DateOf(t time.Time) Date {
	y, m, d := t.Date()
	return Date{y, m, d}
}

// IsZero reports whether d is no day.
func (d Date) IsZero() bool { return d == Date{} }

func (d Date) String() string {
	if d.IsZero() {
		return "none"
	}
	return fmt.Sprintf("%04d-%02d-%02d", d.Year, int(d.Month), d.Day)
}
