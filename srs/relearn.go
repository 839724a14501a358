package srs

// relearn appends the cards whose latest answer today, in a review or a
// same-day repeat, was below Good: SM-2 repeats an item the same day until
// it scores at least 4, and a learner who left a session before the repeat
// came round should still get it. It reads only today's end of the log.
func (t *txn) relearn(o QueueOptions, decks []string, items *[]Item) error {
	last := map[string]Quality{}
	var order []string
	err := t.entriesBack(func(e Entry) (bool, error) {
		if e.Day < o.Today {
			return false, nil
		}
		if e.Day == o.Today && (e.Kind == Review || e.Kind == Repeat) {
			if _, seen := last[e.CardID]; !seen {
				last[e.CardID] = e.Quality
				order = append(order, e.CardID)
			}
		}
		return true, nil
	})
	if err != nil {
		return err
	}
	queued := make(map[string]bool, len(*items))
	for _, it := range *items {
		queued[it.Card.ID] = true
	}
	// The log was read newest first; the oldest failure comes back first.
	for i := len(order) - 1; i >= 0; i-- {
		id := order[i]
		if last[id] >= Good || queued[id] {
			continue
		}
		r, err := t.card(id)
		if err != nil {
			return err
		}
		if r == nil || r.Retired || !t.wanted(r, o, decks) {
			continue
		}
		if err := t.addItem(items, id, r); err != nil {
			return err
		}
	}
	return nil
}
