// Package sim runs a simulated learner through daily reviews under a
// scheduler, to compare schedulers on hone itself: how many reviews they
// ask for and how much the learner remembers.
//
// The learner's true memory follows FSRS-6's model with its default
// weights: each card has a stability S (days until recall falls to 90%)
// and a difficulty D of its own, drawn at random and hidden from the
// schedulers. A review t days after the last one is recalled with the
// chance R(t, S) of FSRS-6's forgetting curve; the grade is Again when it
// is not, and Hard, Good or Easy when it is. After the review S moves as
// FSRS-6's recall or forget stability says, with the card's hidden D.
// Grades below Good are repeated the same day until Good, as hone's
// sessions do; repeats change no memory (there is no short-term model).
//
// This world is FSRS-shaped, which favours FSRS: its model is the true
// one, up to the hidden difficulty it has to estimate from grades.
package sim

import (
	"math"
	"math/rand/v2"

	"github.com/hone-srs/hone/srs"
)

// Config is one run.
type Config struct {
	Scheduler  srs.SchedulerSettings
	Cards      int // the deck
	NewPerDay  int
	Days       int
	Seed       uint64
	RepeatPass float64 // chance a same-day repeat is answered Good
}

// Defaults: the deck and year.
func Defaults(sch srs.SchedulerSettings, seed uint64) Config {
	return Config{Scheduler: sch, Cards: 1000, NewPerDay: 20, Days: 365, Seed: seed, RepeatPass: 0.8}
}

// Result is what a run measured.
type Result struct {
	Reviews int // schedule-setting reviews (the first answer of a card on a day)
	Repeats int // same-day repeats of cards graded below Good
	// Remembered is the expected number of cards recalled on the day after
	// the last: the sum of their true recall chances.
	Remembered float64
	// RecallShare is the expected share of the introduced cards recalled on
	// a random day: each day's mean true recall at the start of the day,
	// averaged over the days.
	RecallShare float64
}

// Total is every answer: reviews and repeats.
func (r Result) Total() int { return r.Reviews + r.Repeats }

// PerRemembered is answers per card remembered at the end.
func (r Result) PerRemembered() float64 { return float64(r.Total()) / r.Remembered }

// card is one card: the scheduler's view and the learner's true memory.
type card struct {
	state      srs.CardState
	trueMem    srs.FSRSState // Stability and LastReview are the truth; Difficulty is the hidden D
	introduced bool
}

// Run simulates cfg.Days days.
func Run(cfg Config) (Result, error) {
	sch, err := cfg.Scheduler.Scheduler()
	if err != nil {
		return Result{}, err
	}
	model := srs.NewFSRS()
	cardRNG := rand.New(rand.NewPCG(cfg.Seed, 1))
	learner := rand.New(rand.NewPCG(cfg.Seed, 2))
	cards := make([]card, cfg.Cards)
	for i := range cards {
		// Hidden difficulty: mostly middling, some easy, some hard.
		d := min(max(5+2*cardRNG.NormFloat64(), 1), 10)
		cards[i] = card{state: srs.NewCardState(), trueMem: srs.FSRSState{Difficulty: d}}
	}
	var res Result
	next := 0
	for day := srs.Day(0); day < srs.Day(cfg.Days); day++ {
		res.RecallShare += meanRecall(model, cards, day)
		var again []int
		for i := range cards {
			c := &cards[i]
			if c.introduced && c.state.Due <= day {
				if q := review(model, sch, c, day, learner); q < srs.Good {
					again = append(again, i)
				}
				res.Reviews++
			}
		}
		for n := 0; n < cfg.NewPerDay && next < len(cards); n++ {
			c := &cards[next]
			c.introduced = true
			if q := review(model, sch, c, day, learner); q < srs.Good {
				again = append(again, next)
			}
			res.Reviews++
			next++
		}
		for range again {
			res.Repeats++
			for learner.Float64() >= cfg.RepeatPass {
				res.Repeats++
			}
		}
	}
	res.RecallShare /= float64(cfg.Days)
	for i := range cards {
		res.Remembered += trueRecall(model, &cards[i], srs.Day(cfg.Days))
	}
	return res, nil
}

// review is the day's first answer of a card: the learner recalls it or
// not, grades it, the scheduler schedules it and the true memory moves.
func review(model srs.FSRS, sch srs.Scheduler, c *card, day srs.Day, r *rand.Rand) srs.Quality {
	var q srs.Quality
	if c.trueMem.Stability == 0 {
		q = firstGrade(c.trueMem.Difficulty, r)
	} else {
		q = grade(r.Float64() < trueRecall(model, c, day), r)
	}
	c.state = sch.Review(c.state, q, day)
	d := c.trueMem.Difficulty
	next := model.Review(c.trueMem, day, rating(q))
	c.trueMem = srs.FSRSState{Stability: next.Stability, Difficulty: d, LastReview: day}
	return q
}

// firstGrade is the grade of a card seen for the first time: the harder
// the card, the likelier Again.
func firstGrade(d float64, r *rand.Rand) srs.Quality {
	return grade(r.Float64() >= 0.1+0.5*(d-1)/9, r)
}

// grade turns a recall into a grade: Again when forgotten; when recalled,
// Hard 15%, Good 75%, Easy 10%.
func grade(recalled bool, r *rand.Rand) srs.Quality {
	if !recalled {
		return srs.Again
	}
	switch x := r.Float64(); {
	case x < 0.15:
		return srs.Hard
	case x < 0.9:
		return srs.Good
	}
	return srs.Easy
}

func rating(q srs.Quality) int {
	for i, g := range srs.Grades {
		if q == g {
			return i + 1
		}
	}
	return 1
}

func trueRecall(model srs.FSRS, c *card, day srs.Day) float64 {
	if !c.introduced {
		return 0
	}
	return model.Retrievability(c.trueMem, day)
}

func meanRecall(model srs.FSRS, cards []card, day srs.Day) float64 {
	sum, n := 0.0, 0
	for i := range cards {
		if cards[i].introduced {
			sum += trueRecall(model, &cards[i], day)
			n++
		}
	}
	if n == 0 {
		return 0
	}
	return sum / float64(n)
}

// Median is the middle of xs (the mean of the two middle ones for an even
// count); xs is sorted in place.
func Median(xs []float64) float64 {
	if len(xs) == 0 {
		return math.NaN()
	}
	for i := 1; i < len(xs); i++ {
		for j := i; j > 0 && xs[j] < xs[j-1]; j-- {
			xs[j], xs[j-1] = xs[j-1], xs[j]
		}
	}
	m := len(xs) / 2
	if len(xs)%2 == 1 {
		return xs[m]
	}
	return (xs[m-1] + xs[m]) / 2
}
