// Command gen builds a large, realistic hone collection for benchmarks: a
// database of many decks with years of review history, and single-file
// markdown decks to import.
//
//	go run ./internal/gen -cards 100000 -log 1000000 -db /tmp/hone-100k.db
//	go run ./internal/gen -md /tmp/decks -md-cards 10000,50000
//
// The database is written through hone's own store code (Import, SyncFS for
// the built-in decks, and Batch for the log), so it is exactly what years of
// use would leave, and `hone check` finds nothing wrong with it. The history
// spreads over up to three years, about 400 entries a day, with reviews,
// same-day repeats, lapses, drills and undos; the day before today is
// arranged so that -due cards (±50%, exactly when the collection allows)
// are due today.
package main

import (
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"runtime/pprof"
	"strconv"
	"strings"
	"time"

	"math/rand/v2"

	"github.com/hone-srs/hone/srs"
)

func main() {
	if err := run(os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
}

func run(args []string) error {
	fs := flag.NewFlagSet("gen", flag.ContinueOnError)
	var o Options
	var db, md, mdCards, today, sched string
	var retention float64
	fs.IntVar(&o.Cards, "cards", 10_000, "generated cards")
	fs.IntVar(&o.Log, "log", 100_000, "review-log entries")
	fs.IntVar(&o.Decks, "decks", 0, "decks (default: one per 2,500 cards, 4 to 40)")
	fs.IntVar(&o.Due, "due", 200, "cards due today")
	fs.Uint64Var(&o.Seed, "seed", 1, "random seed")
	fs.StringVar(&sched, "scheduler", srs.DefaultSettings().Name, "scheduler to build the history under: sm2 or fsrs")
	fs.Float64Var(&retention, "retention", 0, "desired retention, for schedulers that have one (0: the scheduler's default)")
	fs.StringVar(&today, "today", "", "build for this day, YYYY-MM-DD (default: today)")
	fs.StringVar(&db, "db", "", "database to create (must not exist)")
	fs.StringVar(&md, "md", "", "directory to write markdown decks to")
	fs.StringVar(&mdCards, "md-cards", "10000,50000", "card counts of the markdown decks, comma-separated")
	quiet := fs.Bool("q", false, "print only the result")
	cpuprofile := fs.String("cpuprofile", "", "write a CPU profile of the build to this file")
	if err := fs.Parse(args); errors.Is(err, flag.ErrHelp) {
		return nil
	} else if err != nil {
		return err
	}
	var err error
	if o.Scheduler, err = srs.SettingsFor(sched, retention); err != nil {
		return err
	}
	if db == "" && md == "" {
		return fmt.Errorf("nothing to do: give -db PATH, -md DIR or both")
	}
	if today != "" {
		t, err := time.ParseInLocation(time.DateOnly, today, time.Local)
		if err != nil {
			return fmt.Errorf("-today: %w", err)
		}
		o.Today = srs.DayOf(t.Add(12 * time.Hour))
	}
	if !*quiet {
		t0 := time.Now()
		o.Progress = func(format string, args ...any) {
			fmt.Fprintf(os.Stderr, "gen: %6.2fs "+format+"\n", append([]any{time.Since(t0).Seconds()}, args...)...)
		}
	}
	if md != "" {
		if err := writeMarkdown(md, mdCards, o.Seed); err != nil {
			return err
		}
	}
	if db == "" {
		return nil
	}
	if *cpuprofile != "" {
		stop, err := startProfile(*cpuprofile)
		if err != nil {
			return err
		}
		defer stop()
	}
	return buildAndReport(db, o, *quiet)
}

// startProfile starts a CPU profile into path; stop ends it.
func startProfile(path string) (stop func(), err error) {
	f, err := os.Create(path)
	if err != nil {
		return nil, err
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		f.Close()
		return nil, err
	}
	return func() { pprof.StopCPUProfile(); f.Close() }, nil
}

// buildAndReport builds the collection and prints what it holds.
func buildAndReport(db string, o Options, quiet bool) error {
	start := time.Now()
	res, err := Build(db, o)
	if err != nil {
		return err
	}
	fi, err := os.Stat(db)
	if err != nil {
		return err
	}
	fmt.Printf("%s: %d cards in %d decks (%d topics) + %d built-in; %d log entries from %s to %s "+
		"(%d reviews, %d repeats, %d lapses, %d drills, %d undos); %d never seen; %d due on %s; %.1f MB; built in %s\n",
		db, res.Cards, res.Decks, res.Topics, res.Builtin, res.Log, res.From, res.Today.Add(-1),
		res.Reviews, res.Repeats, res.Lapses, res.Drills, res.Undos, res.New, res.DueToday, res.Today,
		float64(fi.Size())/(1<<20), time.Since(start).Round(time.Millisecond))
	if !quiet {
		for _, k := range []string{"decks", "import", "simulate", "log"} {
			fmt.Fprintf(os.Stderr, "gen: %-8s %s\n", k, res.Timings[k].Round(time.Millisecond))
		}
	}
	return nil
}

// writeMarkdown writes one single-deck file per count, hone-N.md.
func writeMarkdown(dir, list string, seed uint64) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	for _, f := range strings.Split(list, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil || n < 1 {
			return fmt.Errorf("-md-cards: %q is not a card count", f)
		}
		path := filepath.Join(dir, fmt.Sprintf("hone-%d.md", n))
		src := MarkdownDeck(n, seed)
		if err := os.WriteFile(path, src, 0o644); err != nil {
			return err
		}
		fmt.Fprintf(os.Stderr, "gen: wrote %s (%d cards, %.1f MB)\n", path, n, float64(len(src))/(1<<20))
	}
	return nil
}

// MarkdownDeck is the single-file deck of n cards that -md writes: one
// deck, a topic per 200 cards.
func MarkdownDeck(n int, seed uint64) []byte {
	r := rand.New(rand.NewPCG(seed, uint64(n)))
	return writeDeck(r, fmt.Sprintf("Generated %d cards", n), n, max(n/200, 1))
}
