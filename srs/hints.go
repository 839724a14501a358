package srs

import "github.com/hone-srs/hone/deck"

// Item is a card with its state, as a session shows it. Items from Queue
// carry the card's id and deck (and, for cards already seen, its topic) but
// not its text: Content reads that for the card on screen. Scheduler is
// the scheduler in force when the item was queued, for the grade hints.
type Item struct {
	Card      deck.Card
	State     CardState
	Scheduler Scheduler
}

// Intervals are the days until the next review that Again, Hard, Good and
// Easy would give the card if answered today: the grade keys' hints. Under
// FSRS the four always differ. Without a Scheduler it previews the default.
func (it Item) Intervals(today Day) [4]int {
	sch := it.Scheduler
	if sch == nil {
		sch = DefaultScheduler()
	}
	var out [4]int
	for i, s := range Preview(sch, it.State, today) {
		out[i] = s.Interval(today)
	}
	return out
}

// Hint is what a grade key tells before it is pressed.
type Hint struct {
	Days int // days from today until the card is due again
	// InSession: the grade brings the card back in this sitting, as SM-2
	// repeats a card graded below Good the same day.
	InSession bool
	Facts     []Fact // the card's memory after the grade (Scheduler.Describe)
}

// Hints are the grade keys' hints for the card answered today, and the
// facts of its memory before the answer, against which a grade's facts
// read as changes. Without a Scheduler it previews the default.
func (it Item) Hints(today Day) (hints [4]Hint, before []Fact) {
	sch := it.Scheduler
	if sch == nil {
		sch = DefaultScheduler()
	}
	for i, s := range Preview(sch, it.State, today) {
		hints[i] = Hint{Days: s.Interval(today), InSession: Grades[i] < Good, Facts: sch.Describe(s)}
	}
	return hints, sch.Describe(it.State)
}
