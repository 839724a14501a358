// mkv3 writes srs/testdata/v3.db with hone's main at a050a5b (schema v3).
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

const src = `---
deck: Migration deck
description: cards answered over forty days by schema v3
---
# Alpha
## What is one?
The first number.

## What is two?
One more than one.

## What is three?
Two more than one.

# Beta
## Which letter is a vowel?
A short story about letters.
- [ ] A: B
- [x] B: E
- [ ] C: K
> E is a vowel.
<!-- id: vowel -->

## What is four?
Two twos.

## What is five?
A hand.
`

func main() {
	path := os.Args[1]
	now := time.Date(2025, 3, 1, 9, 0, 0, 0, time.UTC)
	s, err := srs.Open(path, srs.Options{Clock: func() time.Time { return now }})
	if err != nil {
		panic(err)
	}
	d, diags := deck.ParseBytes("migration.md", []byte(src))
	if err := diags.Err(); err != nil {
		panic(err)
	}
	if _, err := s.SyncDeck(d, "migration.md", false); err != nil {
		panic(err)
	}
	r := rand.New(rand.NewPCG(3, 4))
	grades := []srs.Quality{srs.Again, srs.Hard, srs.Good, srs.Good, srs.Easy}
	for day := 0; day < 40; day++ {
		now = time.Date(2025, 3, 1+day, 9, 0, 0, 0, time.UTC)
		items, err := s.Queue(srs.QueueOptions{Today: srs.DayOf(now), ReviewLimit: 100, NewPerDeck: 3})
		if err != nil {
			panic(err)
		}
		sess := srs.NewSession(items)
		for !sess.Finished() {
			cur, _ := sess.Current()
			now = now.Add(30 * time.Second)
			q := grades[r.IntN(len(grades))]
			res, err := s.Answer(cur.Card.ID, q, srs.Review, 5*time.Second)
			if err != nil {
				panic(err)
			}
			if r.IntN(9) == 0 {
				if _, err := s.Undo(res.Entry.Seq); err != nil {
					panic(err)
				}
				continue
			}
			sess.Record(cur.Card.ID, res.State, q)
			if r.IntN(5) == 0 {
				if _, err := s.Answer(cur.Card.ID, grades[r.IntN(5)], srs.Drill, time.Second); err != nil {
					panic(err)
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
		st := states[id]
		fmt.Printf("%q: {Memory: %#v, Due: %s, LastDay: %s, Lapses: %d, Reviews: %d, New: %v}\n", id, st.Memory, st.Due, st.LastDay, st.Lapses, st.Reviews, st.New)
	}
}
