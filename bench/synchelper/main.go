// Command synchelper stands in for a learner in the sync benchmarks: it
// answers cards of a collection without a terminal, and compares two
// collections state by state.
//
//	go build -o /tmp/synchelper ./bench/synchelper
//	synchelper answer -db a.db -n 20      # answer 20 cards, due ones first
//	synchelper compare a.db b.db          # exit 0 when they hold the same
package main

import (
	"errors"
	"flag"
	"fmt"
	"maps"
	"math/rand/v2"
	"os"
	"time"

	"github.com/hone-srs/hone/srs"
)

func main() {
	if err := run(os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, "synchelper:", err)
		os.Exit(1)
	}
}

func run(args []string) error {
	if len(args) == 0 {
		return errors.New("usage: synchelper answer -db PATH -n N | synchelper compare A.db B.db")
	}
	switch args[0] {
	case "answer":
		fs := flag.NewFlagSet("answer", flag.ContinueOnError)
		db := fs.String("db", "", "database")
		n := fs.Int("n", 20, "answers to give")
		seed := fs.Uint64("seed", uint64(time.Now().UnixNano()), "random seed")
		if err := fs.Parse(args[1:]); err != nil {
			return err
		}
		return answer(*db, *n, *seed)
	case "compare":
		if len(args) != 3 {
			return errors.New("usage: synchelper compare A.db B.db")
		}
		return compare(args[1], args[2])
	}
	return fmt.Errorf("unknown command %q", args[0])
}

// answer gives n answers: the cards a session would show first, then any.
func answer(db string, n int, seed uint64) error {
	s, err := srs.Open(db, srs.Options{})
	if err != nil {
		return err
	}
	defer s.Close()
	today := srs.DayOf(time.Now())
	items, err := s.Queue(srs.QueueOptions{Today: today, ReviewLimit: n, NewPerDeck: n})
	if err != nil {
		return err
	}
	r := rand.New(rand.NewPCG(seed, 7))
	for i := range n {
		id := ""
		if i < len(items) {
			id = items[i].Card.ID
		} else {
			cards, err := s.Cards()
			if err != nil || len(cards) == 0 {
				return err
			}
			ids := make([]string, 0, len(cards))
			for id := range maps.Keys(cards) {
				ids = append(ids, id)
			}
			id = ids[r.IntN(len(ids))]
		}
		if _, err := s.Answer(id, srs.Grades[r.IntN(4)], srs.Review, time.Duration(r.IntN(9))*time.Second); err != nil && !errors.Is(err, srs.ErrUnknownCard) {
			return err
		}
	}
	return nil
}

// compare fails unless the two collections hold the same card states and
// day counters, and check finds nothing wrong with either.
func compare(a, b string) error {
	var cards [2]map[string]srs.CardState
	var days [2]map[srs.Day]srs.DayCounts
	for i, path := range []string{a, b} {
		s, err := srs.Open(path, srs.Options{})
		if err != nil {
			return err
		}
		problems, err := s.Check()
		if err == nil && len(problems) > 0 {
			err = fmt.Errorf("%s: %d problems, the first: %s", path, len(problems), problems[0])
		}
		if err == nil {
			cards[i], err = s.Cards()
		}
		if err == nil {
			days[i], err = s.Days(-1<<30, 1<<30)
		}
		s.Close()
		if err != nil {
			return err
		}
	}
	if !maps.Equal(cards[0], cards[1]) {
		diff := 0
		for id, st := range cards[0] {
			if cards[1][id] != st {
				diff++
			}
		}
		return fmt.Errorf("%d of %d cards differ", diff, len(cards[0]))
	}
	for d, c := range days[0] {
		o := days[1][d]
		if c.Reviews != o.Reviews || c.Repeats != o.Repeats || c.Drills != o.Drills || c.Lapses != o.Lapses {
			return fmt.Errorf("day %s differs", d)
		}
	}
	fmt.Printf("same: %d cards\n", len(cards[0]))
	return nil
}
