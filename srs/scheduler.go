package srs

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
)

// Scheduler decides when a card comes back. hone has two, SM-2 (the
// default) and FSRS-6; this file, sm2.go and fsrs.go are the only ones that
// know which is which. The store, the replay of the log, the queue, the
// drill, the stats and the TUI's grade hints all go through this interface.
type Scheduler interface {
	// Settings name the scheduler and its parameters; they are what the
	// store keeps in its meta bucket.
	Settings() SchedulerSettings
	// Review is the state after the day's first, schedule-setting answer
	// of a card: it updates the card's Memory and the bookkeeping (Due,
	// LastDay, Reviews, Lapses). It is pure.
	Review(s CardState, q Quality, day Day) CardState
	// Recall is the predicted chance, 0 to 1, that the card is recalled on
	// day; 0 for a card never reviewed.
	Recall(s CardState, day Day) float64
	// Describe is what the scheduler keeps of the card's memory, as facts
	// people can read: always the same facts, in the same order, so that
	// they make columns; a card it has no record of has them unknown.
	Describe(s CardState) []Fact
	// adopt is the state after an Adopt entry: the schedule another
	// program had for the card, on top of what replay made of that
	// program's answers (see adopt.go).
	adopt(s CardState, a Adoption) CardState
}

// Fact is one number a scheduler keeps of a card's memory: SM-2's ease,
// FSRS's stability and difficulty. Nothing outside the schedulers needs to
// know which is which to show them.
type Fact struct {
	Name  string  // in words: "ease", "stability", "difficulty"
	Short string  // as a column heading: "Ease", "Stab", "Diff"
	Value float64 // NaN when unknown (a new card)
	Days  bool    // the value is a number of days
}

// Known reports whether the fact has a value.
func (f Fact) Known() bool { return !math.IsNaN(f.Value) }

// String is the value as the browser shows it: "2.50", "12.3d", "–".
func (f Fact) String() string {
	switch {
	case !f.Known():
		return "–"
	case f.Days && f.Value >= 100:
		return fmt.Sprintf("%.0fd", f.Value)
	case f.Days:
		return fmt.Sprintf("%.1fd", f.Value)
	case f.Name == "ease":
		return fmt.Sprintf("%.2f", f.Value)
	}
	return fmt.Sprintf("%.1f", f.Value)
}

// Change words how the fact moves from from to f: "+0.10", "−0.14",
// "±0", "+2.1d"; f's value alone when from is unknown.
func (f Fact) Change(from Fact) string {
	if !from.Known() || !f.Known() {
		return f.String()
	}
	d := f.Value - from.Value
	prec := 1
	if f.Name == "ease" {
		prec = 2
	}
	unit := ""
	if f.Days {
		unit = "d"
	}
	switch s := strconv.FormatFloat(math.Abs(d), 'f', prec, 64); {
	case strings.Trim(s, "0.") == "":
		return "±0"
	case d < 0:
		return "−" + s + unit
	default:
		return "+" + s + unit
	}
}

// Memory is a scheduler's own record of a card, tagged by its type: SM2
// under SM-2, FSRSState under FSRS. A card never reviewed has none (nil).
// Every Memory is a comparable value, so CardStates compare with ==.
type Memory interface {
	// scheduler is the name of the scheduler the record belongs to.
	scheduler() string
	encode(e *enc)
}

// Scheduler names, as `hone scheduler` takes them.
const (
	SchedulerSM2  = "sm2"
	SchedulerFSRS = "fsrs"
)

// Memory record tags in the card codec.
const (
	memoryNone byte = iota
	memorySM2
	memoryFSRS
)

// SchedulerSettings choose a scheduler and its parameters.
type SchedulerSettings struct {
	Name string // SchedulerSM2 or SchedulerFSRS
	// Retention is FSRS's desired retention, the chance of recall it aims
	// for when a card comes due (MinRetention to MaxRetention); 0 for SM-2.
	Retention float64
}

// The desired retentions FSRS accepts. Below 0.7 reviews come so late that
// most cards are relearned; above 0.99 the workload explodes.
const (
	MinRetention = 0.7
	MaxRetention = 0.99
)

// DefaultSettings are a new collection's: SM-2.
func DefaultSettings() SchedulerSettings { return SchedulerSettings{Name: SchedulerSM2} }

// ErrBadScheduler is returned for settings that name no scheduler or have
// parameters out of range.
var ErrBadScheduler = errors.New("bad scheduler settings")

// Scheduler builds the scheduler the settings describe.
func (c SchedulerSettings) Scheduler() (Scheduler, error) {
	switch c.Name {
	case SchedulerSM2:
		if c.Retention != 0 {
			return nil, fmt.Errorf("%w: SM-2 has no desired retention", ErrBadScheduler)
		}
		return sm2Scheduler{}, nil
	case SchedulerFSRS:
		if math.IsNaN(c.Retention) || c.Retention < MinRetention || c.Retention > MaxRetention {
			return nil, fmt.Errorf("%w: desired retention %v is not between %.2f and %.2f", ErrBadScheduler, c.Retention, MinRetention, MaxRetention)
		}
		f := NewFSRS()
		f.Retention = c.Retention
		return fsrsScheduler{f}, nil
	}
	return nil, fmt.Errorf("%w: no scheduler %.64q (there are %s and %s)", ErrBadScheduler, c.Name, SchedulerSM2, SchedulerFSRS)
}

// String describes the settings for people.
func (c SchedulerSettings) String() string {
	switch c.Name {
	case SchedulerSM2:
		return "SM-2 (SuperMemo 2, 1990)"
	case SchedulerFSRS:
		return fmt.Sprintf("FSRS-6, default weights, desired retention %.2f, maximum interval %d days", c.Retention, MaxInterval)
	}
	return c.Name
}

// DefaultFSRSSettings are FSRS's with its default desired retention.
func DefaultFSRSSettings() SchedulerSettings {
	return SchedulerSettings{Name: SchedulerFSRS, Retention: fsrsDefaultRetention}
}

// SettingsFor checks the settings a user asked for by name; a retention of
// 0 means the scheduler's default.
func SettingsFor(name string, retention float64) (SchedulerSettings, error) {
	c := SchedulerSettings{Name: name, Retention: retention}
	if name == SchedulerFSRS && retention == 0 {
		c.Retention = fsrsDefaultRetention
	}
	_, err := c.Scheduler()
	return c, err
}

// Grades are hone's four answer keys, in key order.
var Grades = [4]Quality{Again, Hard, Good, Easy}

// Preview is the state each of the four grades would give the card if it
// were the day's first answer: what the grade keys are labelled with.
func Preview(sch Scheduler, s CardState, day Day) [4]CardState {
	var out [4]CardState
	for i, q := range Grades {
		out[i] = sch.Review(s, q, day)
	}
	return out
}

// reviewed is the bookkeeping every scheduler's Review shares: the card
// leaves the new pile with memory m, comes due interval days after day, and
// counts a review and, when lapse, a lapse.
func (s CardState) reviewed(m Memory, interval int, lapse bool, day Day) CardState {
	n := s
	n.Memory = m
	n.New = false
	n.Due = day.Add(interval)
	n.LastDay = day
	n.BuriedUntil = 0 // studied: no longer set aside
	n.Reviews = satInc(s.Reviews)
	if lapse {
		n.Lapses = satInc(s.Lapses)
	}
	return n
}

// Interval is the days from day to the card's due day; 0 for a new card.
func (s CardState) Interval(day Day) int {
	if s.New {
		return 0
	}
	return int(int64(s.Due) - int64(day))
}

// forgettingRecall is FSRS-6's forgetting curve with its default decay, for
// a scheduler without a memory model of its own: the chance of recall t
// days after a review that left the card with stability s (the days to 90%).
func forgettingRecall(t int64, s float64) float64 {
	if !(s > 0) {
		return 0
	}
	return NewFSRS().forgettingCurve(float64(max(t, 0)), s)
}
