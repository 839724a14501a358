// mkv4 writes srs/testdata/v4.db (cd srs/testdata && go run mkv4.go v4.db) with hone's main at 071ff8d (schema v4):
// siblings, leeches, suspends, buries, flags and resets among the answers.
package main

import (
	"fmt"
	"math/rand/v2"
	"os"
	"sort"
	"time"

	"github.com/hone-srs/hone/deck"
	"github.com/hone-srs/hone/srs"
)

func main() {
	path := os.Args[1]
	now := time.Date(2025, 3, 1, 9, 0, 0, 0, time.UTC)
	s, err := srs.Open(path, srs.Options{Clock: func() time.Time { return now }, LeechLapses: 3})
	if err != nil {
		panic(err)
	}
	src, err := os.ReadFile("marks.md")
	if err != nil {
		panic(err)
	}
	d, diags := deck.ParseBytes("marks.md", src)
	if err := diags.Err(); err != nil {
		panic(err)
	}
	if _, err := s.SyncDeck(d, "marks.md", false); err != nil {
		panic(err)
	}
	r := rand.New(rand.NewPCG(5, 6))
	grades := []srs.Quality{srs.Again, srs.Again, srs.Hard, srs.Good, srs.Easy}
	for day := 0; day < 30; day++ {
		now = time.Date(2025, 3, 1+day, 9, 0, 0, 0, time.UTC)
		items, err := s.Queue(srs.QueueOptions{Today: srs.DayOf(now), ReviewLimit: 100, NewPerDeck: 3})
		if err != nil {
			panic(err)
		}
		for _, it := range items {
			now = now.Add(30 * time.Second)
			res, err := s.Answer(it.Card.ID, grades[r.IntN(len(grades))], srs.Review, 5*time.Second)
			if err != nil {
				continue // buried or suspended by an earlier answer today
			}
			if r.IntN(9) == 0 {
				if _, err := s.Undo(res.Entry.Seq); err != nil {
					panic(err)
				}
			}
			if r.IntN(6) == 0 {
				m := srs.Mark{Kind: srs.Suspend + srs.EntryKind(r.IntN(6))}
				m.Until = srs.DayOf(now).Add(2)
				m.Flag = srs.Flag(1 + r.IntN(3))
				res, err := s.Mark(it.Card.ID, m)
				if err == nil && r.IntN(4) == 0 {
					if _, err := s.Undo(res.Entry.Seq); err != nil {
						panic(err)
					}
				}
			}
		}
	}
	states, err := s.Cards()
	if err != nil {
		panic(err)
	}
	ids := make([]string, 0, len(states))
	for id := range states {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	for _, id := range ids {
		fmt.Printf("%q: %#v,\n", id, states[id])
	}
}
