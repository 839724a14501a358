package main

import (
	"errors"
	"fmt"
	"io/fs"
	"math/rand/v2"
	"os"
	"runtime"
	"sync"
	"time"

	"github.com/hone-srs/hone/deck"
	"github.com/hone-srs/hone/decks"
	"github.com/hone-srs/hone/srs"
)

// Options say what collection to build.
type Options struct {
	Cards int     // generated cards; the built-in decks come on top
	Log   int     // review-log entries, exactly
	Decks int     // decks to spread the cards over; 0 picks one per 2,500 cards, 4 to 40
	Due   int     // cards due today; 0 means 200
	Today srs.Day // the day the collection is built for; 0 means today
	Seed  uint64
	Loc   *time.Location // where the learner lives; nil means time.Local
	// Scheduler is the scheduler the collection is built under; the zero
	// value means the default (SM-2).
	Scheduler srs.SchedulerSettings
	// Progress, when set, is told what is being done.
	Progress func(format string, args ...any)
}

// Result is what Build made. Every count is what the database holds.
type Result struct {
	Cards, Builtin  int // generated cards, and built-in cards synced beside them
	Decks, Topics   int // generated decks and their topics
	Log             int // log entries
	Reviews         int // schedule-setting reviews (undone ones included)
	Repeats, Drills int
	Undos           int
	Lapses          int // Again on a learned card
	New             int // generated cards never reviewed
	DueToday        int // learned cards due today or overdue
	DueMin, DueMax  int // the range DueToday is promised to be in
	From, Today     srs.Day
	Timings         map[string]time.Duration
}

// Build creates a new database at path (which must not exist) through the
// store's own code: Import for the decks, SyncFS for the built-in ones and
// Batch for the history. The history is simulated in memory first, with the
// same scheduler, so that the day before today can be arranged to leave
// about Due cards due today.
func Build(path string, o Options) (Result, error) {
	if err := o.defaults(); err != nil {
		return Result{}, err
	}
	res := Result{Today: o.Today, Timings: map[string]time.Duration{}}
	if o.Log > 0 {
		res.DueMin, res.DueMax = o.Due-o.Due/2, o.Due+o.Due/2
	}
	if _, err := os.Lstat(path); !errors.Is(err, fs.ErrNotExist) {
		return res, fmt.Errorf("%s exists; generate into a new file", path)
	}
	step := func(name string, start time.Time) { res.Timings[name] = time.Since(start) }

	start := time.Now()
	o.Progress("writing and parsing %d decks of %d cards", o.Decks, o.Cards)
	items, err := generateDecks(o)
	if err != nil {
		return res, err
	}
	step("decks", start)
	res.Decks = len(items)
	for _, it := range items {
		res.Cards += len(it.Deck.Cards)
		res.Topics += len(it.Deck.Topics)
	}

	start = time.Now()
	o.Progress("importing")
	store, err := srs.Open(path, srs.Options{Clock: func() time.Time { return o.Today.Time(o.Loc).Add(-time.Hour) }})
	if err != nil {
		return res, err
	}
	defer store.Close()
	if res.Builtin, err = importAll(store, o, items); err != nil {
		return res, err
	}
	step("import", start)

	start = time.Now()
	o.Progress("simulating %d log entries", o.Log)
	s, err := simulate(o, items)
	if err != nil {
		return res, err
	}
	step("simulate", start)

	start = time.Now()
	o.Progress("writing the log")
	if err := s.write(store, o.Loc); err != nil {
		return res, err
	}
	step("log", start)

	return res, s.account(store, o, &res)
}

// account fills in what the simulation logged and checks the promise
// about today's due cards against what the store says.
func (s *sim) account(store *srs.Store, o Options, res *Result) error {
	res.Log = len(s.events)
	res.Reviews, res.Repeats, res.Drills, res.Undos, res.Lapses = s.n.reviews, s.n.repeats, s.n.drills, s.n.undos, s.n.lapses
	res.From = s.from
	for _, st := range s.states {
		if st.New {
			res.New++
		}
	}
	counts, err := store.Counts(o.Today)
	if err != nil {
		return err
	}
	for _, c := range counts {
		res.DueToday += c.Due
	}
	if want := s.dueBy(o.Today); res.DueToday != want {
		return fmt.Errorf("the database has %d cards due today, the simulation %d: the two schedulers disagree", res.DueToday, want)
	}
	if res.DueToday < res.DueMin || res.DueToday > res.DueMax {
		return fmt.Errorf("%d cards due today, outside the promised %d–%d; give more cards or log entries", res.DueToday, res.DueMin, res.DueMax)
	}
	return nil
}

// importAll imports the generated decks, one transaction per 10k cards or
// so (bbolt gets slow on huge transactions of scattered keys), then the
// built-in ones; it returns how many built-in cards came in.
func importAll(store *srs.Store, o Options, items []srs.ImportItem) (int, error) {
	if o.Scheduler != srs.DefaultSettings() {
		if _, err := store.SetScheduler(o.Scheduler); err != nil {
			return 0, err
		}
	}
	for lo := 0; lo < len(items); {
		hi, n := lo, 0
		for hi < len(items) && (n == 0 || n+len(items[hi].Deck.Cards) <= 10_000) {
			n += len(items[hi].Deck.Cards)
			hi++
		}
		if _, err := store.Import(items[lo:hi], false); err != nil {
			return 0, err
		}
		lo = hi
	}
	synced, err := store.SyncFS(decks.FS, true)
	if err != nil {
		return 0, err
	}
	builtin := 0
	for _, r := range synced {
		builtin += r.Added
	}
	return builtin, nil
}

func (o *Options) defaults() error {
	if o.Progress == nil {
		o.Progress = func(string, ...any) {}
	}
	if o.Loc == nil {
		o.Loc = time.Local
	}
	if o.Today == 0 {
		o.Today = srs.DayOf(time.Now().In(o.Loc))
	}
	if o.Due == 0 {
		o.Due = 200
	}
	if o.Scheduler == (srs.SchedulerSettings{}) {
		o.Scheduler = srs.DefaultSettings()
	}
	if _, err := o.Scheduler.Scheduler(); err != nil {
		return err
	}
	if o.Decks == 0 {
		o.Decks = min(max(o.Cards/2500, 4), 40)
	}
	o.Decks = min(o.Decks, o.Cards)
	switch {
	case o.Cards < 1:
		return errors.New("-cards must be 1 or more")
	case o.Log < 0, o.Due < 0:
		return errors.New("-log and -due must be 0 or more")
	case o.Log > 0 && o.Log < 2*o.Due:
		return fmt.Errorf("-log %d is too short to leave %d cards due: give at least %d entries, or a smaller -due", o.Log, o.Due, 2*o.Due)
	case o.Log > 0 && o.Cards < 2*o.Due:
		return fmt.Errorf("%d cards are too few to leave %d due: give at least %d, or a smaller -due", o.Cards, o.Due, 2*o.Due)
	}
	return nil
}

// generateDecks writes the decks' markdown and parses it, as an import
// would, on every core.
func generateDecks(o Options) ([]srs.ImportItem, error) {
	items := make([]srs.ImportItem, o.Decks)
	errs := make([]error, o.Decks)
	r := rand.New(rand.NewPCG(o.Seed, 1))
	// Deck sizes vary by up to half either way around the mean.
	sizes := make([]int, o.Decks)
	weights := make([]float64, o.Decks)
	total := 0.0
	for i := range weights {
		weights[i] = 0.5 + r.Float64()
		total += weights[i]
	}
	left := o.Cards
	for i := range sizes {
		sizes[i] = max(int(float64(o.Cards)*weights[i]/total), 1)
		if i == len(sizes)-1 {
			sizes[i] = left
		}
		left -= sizes[i]
	}
	var wg sync.WaitGroup
	sem := make(chan struct{}, runtime.GOMAXPROCS(0))
	for i := range items {
		wg.Go(func() {
			sem <- struct{}{}
			defer func() { <-sem }()
			dr := rand.New(rand.NewPCG(o.Seed, uint64(i)+2))
			name := fmt.Sprintf("Generated %02d: %s %s", i+1, pick(dr, adjectives), pick(dr, nouns))
			topics := 5 + dr.IntN(26)
			src := writeDeck(dr, name, sizes[i], topics)
			file := fmt.Sprintf("gen-%02d.md", i+1)
			d, diags := deck.ParseBytes(file, src)
			if err := diags.Err(); err != nil {
				errs[i] = fmt.Errorf("generated deck %s does not parse: %w", file, err)
				return
			}
			items[i] = srs.ImportItem{Deck: d, Source: "/generated/" + file, Text: src}
		})
	}
	wg.Wait()
	return items, errors.Join(errs...)
}

// --- the simulated learner ---
