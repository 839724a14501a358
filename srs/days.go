package srs

import "fmt"

// DayCounts are the counters kept per hone day, so that daily limits,
// streaks and heatmaps never scan the log.
type DayCounts struct {
	Reviews      int            // schedule-setting reviews
	Correct      int            // reviews not graded below Hard
	Lapses       int            // reviews that counted a lapse (the scheduler's call)
	Repeats      int            // same-day repeats
	Drills       int            // drill answers
	DrillCorrect int            // drill answers not graded below Hard
	New          map[string]int // cards introduced (first reviewed), per deck
}

// add counts entry e, which had effect eff (sign +1), or takes it back
// (sign -1, for an undo).
func (c *DayCounts) add(e Entry, eff effect, sign int) {
	deckName := e.Deck
	bump := func(n *int) { *n = max(*n+sign, 0) }
	correct := e.Quality.Correct()
	switch eff.kind {
	case Review:
		bump(&c.Reviews)
		if correct {
			bump(&c.Correct)
		}
		if eff.lapse {
			bump(&c.Lapses)
		}
		if eff.first {
			if c.New == nil {
				c.New = map[string]int{}
			}
			n := c.New[deckName]
			bump(&n)
			if n == 0 {
				delete(c.New, deckName)
			} else {
				c.New[deckName] = n
			}
		}
	case Repeat:
		bump(&c.Repeats)
	case Drill:
		bump(&c.Drills)
		if correct {
			bump(&c.DrillCorrect)
		}
	}
}

// empty says whether the day counts nothing.
func (c *DayCounts) empty() bool {
	return c.Reviews == 0 && c.Correct == 0 && c.Lapses == 0 && c.Repeats == 0 && c.Drills == 0 && c.DrillCorrect == 0 && len(c.New) == 0
}

// Days returns the counters of the days from..to (inclusive) that have any.
func (s *Store) Days(from, to Day) (map[Day]DayCounts, error) {
	out := map[Day]DayCounts{}
	err := s.view(func(t *txn) error {
		c := t.days.Cursor()
		for k, v := c.Seek(dayKey(from)); k != nil; k, v = c.Next() {
			d, ok := keyDay(k)
			if !ok {
				return &damagedRecord{what: "day index", msg: "short key"}
			}
			if d > to {
				break
			}
			dc, err := decodeDay(v)
			if err != nil {
				return fmt.Errorf("day %s: %w", d, err)
			}
			out[d] = dc
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("read day counters: %w", err)
	}
	return out, nil
}
