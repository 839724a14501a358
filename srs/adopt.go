package srs

import "math"

// Adoption is the schedule another program (Anki) had for a card when it
// was imported, as facts of that program, not of a hone scheduler: an
// Adopt entry carries it, and each scheduler makes its own record of the
// card from it (adopt). It follows the program's answers to the card,
// logged as Imported entries, so that replay gives the card the memory
// they build and then the schedule the program had.
type Adoption struct {
	// New: the program had the card as new (never studied, or reset).
	New bool
	// Learning: the card was in learning or relearning steps, not yet
	// graduated to day-long intervals.
	Learning bool
	// Suspended and BuriedUntil are the marks the program had on the card:
	// a bury lasts until BuriedUntil begins (0: not buried).
	Suspended   bool
	BuriedUntil Day
	// Due is the day the card comes back, and LastDay the day of its last
	// answer there (both 0 for a new card).
	Due, LastDay Day
	// Interval is the program's interval in days (0 in learning), Ease its
	// ease as SM-2's EF (0 when it had none).
	Interval int
	Ease     float64
	// Reviews and Lapses are the program's counts of answers and lapses.
	Reviews, Lapses int
}

// valid reports whether a decoded adoption holds values a card can take.
func (a Adoption) valid() bool {
	ease := !math.IsNaN(a.Ease) && a.Ease >= 0 && a.Ease <= efMaxCents/100.0
	if a.New {
		return ease && a.Due == 0 && a.LastDay == 0 && !a.Learning
	}
	return ease && a.Due > a.LastDay
}

// adopted is the bookkeeping every scheduler's adopt shares: the card
// takes the program's counts, days and marks, with memory m (a new card,
// none). The user's flag and leech mark stay.
func (s CardState) adopted(m Memory, a Adoption) CardState {
	n := s
	if a.New {
		n = NewCardState()
		n.Flag, n.Leech = s.Flag, s.Leech
	} else {
		n.New, n.Memory = false, m
		n.Due, n.LastDay = a.Due, a.LastDay
		n.Reviews, n.Lapses = min(max(a.Reviews, 1), maxCount), min(max(a.Lapses, 0), maxCount)
	}
	n.Suspended, n.BuriedUntil = a.Suspended, a.BuriedUntil
	return n
}

// adopt under SM-2: the program's ease and interval. SM-2's count of
// passes in a row only tells its first two steps (1 day, 6 days) from the
// rest, where the interval grows by the ease: a graduated card is past
// them, as in Anki; a card still in learning starts again from 1 day.
func (sm2Scheduler) adopt(s CardState, a Adoption) CardState {
	m := NewSM2()
	if a.Ease > 0 {
		m.EF = float64(efCents(a.Ease)) / 100
	}
	m.Interval = min(max(a.Interval, 1), MaxInterval)
	if !a.Learning {
		m.Reps = 2
	}
	return s.adopted(m, a)
}

// adopt under FSRS: the memory replay built from the program's answers
// (stability and difficulty), due when the program had the card due. A
// card whose answers did not come along gets a memory from its schedule:
// its interval as stability, and a difficulty from its ease.
func (x fsrsScheduler) adopt(s CardState, a Adoption) CardState {
	m, ok := s.Memory.(FSRSState)
	if !ok || !(m.Stability > 0) {
		m = x.f.memoryFromSchedule(a)
	}
	m.LastReview = a.LastDay
	m.Interval = int(min(max(int64(a.Due)-int64(a.LastDay), 1), MaxInterval))
	m.Lapses = min(max(a.Lapses, 0), maxCount)
	return s.adopted(m, a)
}

// memoryFromSchedule is FSRS's memory of a card known only by its SM-2
// schedule: the interval is taken as the days to 90% recall, and the ease
// maps linearly onto difficulty, 1.3 (the lowest) to 10 and 3.7 and above
// to 1; a card without them is one answered Good once.
func (f FSRS) memoryFromSchedule(a Adoption) FSRSState {
	m := FSRSState{Stability: f.initStability(3), Difficulty: clamp(f.initDifficulty(3), 1, 10)}
	if !a.Learning && a.Interval > 0 {
		m.Stability = clamp(float64(a.Interval), fsrsMinStability, fsrsMaxStability)
	}
	if a.Ease > 0 {
		m.Difficulty = clamp(10-(a.Ease-1.3)*3.75, 1, 10)
	}
	return m
}
