package srs

import (
	"cmp"
	"fmt"
	"slices"
)

// topicKey names a topic across decks.
type topicKey struct{ deck, topic string }

// tally counts answers and the right ones among them.
type tally struct{ answers, right int }

func (t *tally) add(right bool) {
	t.answers++
	if right {
		t.right++
	}
}

// window is what the log says about the days from..today: answers per
// topic, wrong answers per card, and retention of mature cards.
type window struct {
	topics    map[topicKey]*tally
	wrong     map[string]int
	retention tally
}

// matureInterval is the interval from which a card counts as mature for
// retention.
const matureInterval = 21

// scanWindow reads the log backwards from its end until it passes from, so
// its cost follows the entries of the window, not the whole history.
func (t *txn) scanWindow(from Day) (window, error) {
	w := window{topics: map[topicKey]*tally{}, wrong: map[string]int{}}
	topics := map[string]topicKey{}
	err := t.entriesBack(func(e Entry) (bool, error) {
		if e.Day < from {
			return false, nil
		}
		tk, ok := topics[e.CardID]
		if !ok {
			r, err := t.card(e.CardID)
			if err != nil {
				return false, err
			}
			if r != nil {
				tk = topicKey{r.Deck, r.Topic}
			}
			topics[e.CardID] = tk
		}
		right := e.Quality.Correct()
		if tk.deck != "" {
			tl := w.topics[tk]
			if tl == nil {
				tl = &tally{}
				w.topics[tk] = tl
			}
			tl.add(right)
		}
		if !right {
			w.wrong[e.CardID]++
		}
		if e.Kind == Review && e.Before.Interval >= matureInterval {
			w.retention.add(e.Quality > Again)
		}
		return true, nil
	})
	if err != nil {
		return w, err
	}
	return w, nil
}

// topicStats gathers every visible topic's numbers, weakest first, the
// topics without enough data last.
func (t *txn) topicStats(today Day) ([]TopicStats, window, error) {
	w, err := t.scanWindow(today.Add(1 - AccuracyWindow))
	if err != nil {
		return nil, w, err
	}
	visible, err := t.visibleDecks()
	if err != nil {
		return nil, w, err
	}
	show := map[string]bool{}
	for _, d := range visible {
		show[d] = true
	}
	byTopic := map[topicKey]*TopicStats{}
	var order []topicKey
	efSum := map[topicKey]float64{}
	err = t.eachCard(func(_ string, r *cardRec) error {
		if r.Retired || !show[r.Deck] {
			return nil
		}
		tk := topicKey{r.Deck, r.Topic}
		ts := byTopic[tk]
		if ts == nil {
			ts = &TopicStats{Deck: r.Deck, Topic: r.Topic}
			byTopic[tk] = ts
			order = append(order, tk)
		}
		ts.Cards++
		if !r.State.New {
			ts.Seen++
			efSum[tk] += r.State.EF
			ts.Lapses += max(r.State.Lapses, 0)
		}
		return nil
	})
	if err != nil {
		return nil, w, err
	}
	out := make([]TopicStats, 0, len(order))
	for _, tk := range order {
		ts := byTopic[tk]
		if ts.Seen > 0 {
			ts.AvgEF = efSum[tk] / float64(ts.Seen)
		}
		if tl := w.topics[tk]; tl != nil {
			ts.Answers, ts.Right = tl.answers, tl.right
		}
		ts.Enough = ts.Answers >= MinAnswers
		ts.Weakness = TopicWeakness(*ts)
		out = append(out, *ts)
	}
	rankTopics(out)
	return out, w, nil
}

// rankTopics sorts weakest first; topics without enough data go last, in
// their deck order.
func rankTopics(ts []TopicStats) {
	slices.SortStableFunc(ts, func(a, b TopicStats) int {
		switch {
		case a.Enough != b.Enough && a.Enough:
			return -1
		case a.Enough != b.Enough:
			return 1
		case a.Enough:
			return cmp.Compare(b.Weakness, a.Weakness)
		}
		return 0
	})
}

// eachCard calls fn for every card record.
func (t *txn) eachCard(fn func(id string, r *cardRec) error) error {
	c := t.cards.Cursor()
	for k, v := c.First(); k != nil; k, v = c.Next() {
		r, err := decodeCard(v)
		if err != nil {
			return fmt.Errorf("card %q: %w", k, err)
		}
		if err := fn(string(k), &r); err != nil {
			return err
		}
	}
	return nil
}
