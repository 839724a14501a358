package srs

// failedToday lists, oldest failure first, the cards whose latest answer
// today, in a review or a same-day repeat, was below Good. SM-2 repeats an
// item the same day until it scores at least 4, and a learner who left a
// session before the repeat came round should still get it. It reads only
// today's end of the log.
func (t *txn) failedToday(today Day) ([]string, error) {
	last := map[string]Quality{}
	var order []string
	err := t.entriesBack(func(e Entry) (bool, error) {
		if e.Day < today {
			return false, nil
		}
		if e.Day == today && e.Kind.IsReview() {
			if _, seen := last[e.CardID]; !seen {
				last[e.CardID] = e.Quality
				order = append(order, e.CardID)
			}
		}
		return true, nil
	})
	var failed []string
	for i := len(order) - 1; i >= 0; i-- { // the log was read newest first
		if last[order[i]] < Good {
			failed = append(failed, order[i])
		}
	}
	return failed, err
}

// eachFailedToday calls fn for the active cards failedToday lists that are
// still being learned: not suspended, buried or reset since.
func (t *txn) eachFailedToday(today Day, fn func(id string, r *cardRec) error) error {
	ids, err := t.failedToday(today)
	if err != nil {
		return err
	}
	for _, id := range ids {
		r, err := t.card(id)
		if err != nil {
			return err
		}
		if r == nil || r.Retired || r.State.Suspended || r.State.Buried(today) || r.State.New {
			continue
		}
		if err := fn(id, r); err != nil {
			return err
		}
	}
	return nil
}

// relearn appends the cards failed today to a queue, after its due cards.
func (t *txn) relearn(o QueueOptions, decks []string, q *queued) error {
	return t.eachFailedToday(o.Today, func(id string, r *cardRec) error {
		if !q.has(id) && t.wanted(r, o, decks) && q.takes(r, o.Today) {
			q.add(id, r)
		}
		return nil
	})
}
