// Package srs is hone's engine for spaced repetition: the schedulers, the
// bbolt store that keeps every answer, and the daily queue. It is the only
// package that touches the database.
//
// # Schedulers
//
// Everything outside scheduler.go, sm2.go and fsrs.go goes through the
// [Scheduler] interface. SM-2 is the default; FSRS-6 ([FSRS]) is the other.
// A card's [CardState] holds the bookkeeping both share and a [Memory]
// tagged with its scheduler. The scheduler in force is kept in the
// database ([Store.SetScheduler] switches it by replaying the log).
//
// # The log
//
// An [Entry] records what happened: card, grade, day, time, kind. It holds
// no scheduler state, so the log replays under any scheduler. applyEntry
// is the one function that applies an entry to a card's state: an answer
// sets the schedule when it is the card's first on its day (the card is new
// or was last reviewed on an earlier day), and is a repeat otherwise,
// whatever it was logged as. A new kind of entry is one case there. Undo
// rebuilds a card's state by replaying its chain of live entries (Prev).
//
// # SM-2
//
// SM-2 is as Wozniak published it in 1990. The published text
// leaves three choices open; hone makes them as the widely used reference
// implementations do:
//
//  1. EF' = EF + (0.1 − (5−q)(0.08 + (5−q)·0.02)), floored at 1.3, is applied
//     after every review, failures included.
//  2. For q ≥ 3 the interval is 1 after the first successful repetition and 6
//     after the second. After that it is round(previous interval × EF), with
//     the EF as it was before this review's update, rounded half away from
//     zero.
//  3. For q < 3 repetitions restart: Reps = 0, Interval = 1.
//
// Every EF delta is a multiple of 0.02, so EF is kept to hundredths and the
// interval product is computed in integer hundredths: 15 × 2.3 is exactly
// 34.5 and rounds to 35, with no floating-point drift deciding the day. An
// interval is capped at MaxInterval (100 years) so that long runs of perfect
// grades cannot overflow a day number.
//
// hone's answer keys map to qualities Again = 1, Hard = 3, Good = 4, Easy = 5.
// SM-2 repeats items graded below 4 on the same day (hone does so under
// either scheduler); the first grade of a day sets the schedule, later
// grades that day are repeats and change nothing (see [Session] for the
// in-sitting order).
//
// # Days
//
// A hone day starts at 04:00 local time unless Options.DayStart says
// otherwise, so a late-night session counts as the evening's day.
// [DayStart.Of] is the only place that boundary is computed.
//
// # Storage
//
// The review log is the source of truth: [Store.Replay] rebuilds every card's
// state from it. The store holds the database lock only for the length of one
// operation, so a second hone (a shell prompt running `hone due`) works while a
// review runs; each answer is one write transaction.
package srs
