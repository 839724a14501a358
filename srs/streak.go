package srs

// Streak is the number of consecutive days, up to today, with at least one
// answer. A day with no answer yet does not break the streak until it is
// over, so the count that greets a learner in the morning is yesterday's.
// It reads one day record per day of the streak.
func (s *Store) Streak(today Day) (int, error) {
	streak := 0
	err := s.view(func(t *txn) error {
		c := t.days.Cursor()
		k, _ := c.Seek(dayKey(today.Add(1)))
		var v []byte
		if k == nil {
			k, v = c.Last()
		} else {
			k, v = c.Prev()
		}
		want := today
		for ; k != nil; k, v = c.Prev() {
			d, ok := keyDay(k)
			if !ok {
				return &damagedRecord{what: "day index", msg: "short key"}
			}
			dc, err := decodeDay(v)
			if err != nil {
				return err
			}
			active := dc.Reviews+dc.Repeats+dc.Drills > 0
			if want == today && d < today {
				want = today.Add(-1) // today is not over yet
			}
			switch {
			case d == want && active:
				streak++
				want = want.Add(-1)
			case d == today:
				want = today.Add(-1) // today is not over yet
			default:
				return nil
			}
		}
		return nil
	})
	return streak, err
}
