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
// topic, wrong answers per card, and retention of mature cards: reviews
// that came 21 days or more after the card's previous answer.
type window struct {
	topics    map[topicKey]*tally
	wrong     map[string]int
	retention tally
}

// matureInterval is the gap since the previous answer from which a review
// counts as one of a mature card, for retention. (The interval the
// scheduler had set is not in the log, which holds only what happened;
// the gap is what was actually tested.)
const matureInterval = 21

// scanWindow reads the log backwards from its end until it passes from,
// and matureInterval days further for the answers before the window's
// reviews, so its cost follows the entries of those days, not the whole
// history.
func (t *txn) scanWindow(from Day) (window, error) {
	w := window{topics: map[topicKey]*tally{}, wrong: map[string]int{}}
	cards := map[string]cardInfo{}
	answers := map[string][]answerAt{} // each card's answers in the scan, newest first
	var reviews []Entry
	ext := from.Add(-matureInterval)
	err := t.entriesBack(func(e Entry) (bool, error) {
		if e.Day < ext {
			return false, nil
		}
		if !e.Kind.IsAnswer() {
			return true, nil // a suspend, a bury, a flag or a reset
		}
		if e.Kind.IsReview() {
			answers[e.CardID] = append(answers[e.CardID], answerAt{e.Seq, e.Day, e.Kind != Repeat})
		}
		if e.Day < from {
			return true, nil
		}
		ci, ok := cards[e.CardID]
		if !ok {
			r, err := t.card(e.CardID)
			if err != nil {
				return false, err
			}
			if r != nil {
				ci = cardInfo{topicKey{r.Deck, r.Topic}, r.State.Reviews}
			}
			cards[e.CardID] = ci
		}
		right := e.Quality.Correct()
		if ci.topic.deck != "" {
			tl := w.topics[ci.topic]
			if tl == nil {
				tl = &tally{}
				w.topics[ci.topic] = tl
			}
			tl.add(right)
		}
		if !right {
			w.wrong[e.CardID]++
		}
		if e.Kind == Review || e.Kind == Early || e.Kind == Imported {
			reviews = append(reviews, e)
		}
		return true, nil
	})
	if err != nil {
		return w, err
	}
	for _, e := range reviews {
		if matureReview(e, answers[e.CardID], cards[e.CardID].reviews) {
			w.retention.add(e.Quality > Again)
		}
	}
	return w, nil
}

type cardInfo struct {
	topic   topicKey
	reviews int // the card's schedule-setting reviews, all told
}

type answerAt struct {
	seq    uint64
	day    Day
	review bool
}

// matureReview says whether review e came matureInterval days or more
// after the card's previous answer. answers are the card's answers that
// the scan read, newest first, back to matureInterval days before the
// window; when the previous one is not among them it is older still, and
// exists if the card has more reviews than the scan read.
func matureReview(e Entry, answers []answerAt, reviews int) bool {
	seen := 0
	for _, a := range answers {
		if a.review {
			seen++
		}
		if a.seq < e.Seq {
			return int64(e.Day)-int64(a.day) >= matureInterval
		}
	}
	return reviews > seen
}

// topicStats gathers every visible topic's numbers, weakest first, the
// topics without enough data last, from the topic counters and the
// topic answers of the window's days (counters.go); only the predicted
// recall reads the cards.
func (t *txn) topicStats(today Day) ([]TopicStats, tally, error) {
	answers, retention, err := t.windowAnswers(today.Add(1-AccuracyWindow), today)
	if err != nil {
		return nil, retention, err
	}
	visible, err := t.visibleDecks()
	if err != nil {
		return nil, retention, err
	}
	show := map[string]bool{}
	for _, d := range visible {
		show[d] = true
	}
	recall, err := t.topicRecall(today, show)
	if err != nil {
		return nil, retention, err
	}
	var out []TopicStats
	c := t.topics.Cursor()
	for k, v := c.First(); k != nil; k, v = c.Next() {
		tk, ok := parseTopicKey(k)
		if !ok || !show[tk.deck] {
			continue
		}
		r, err := decodeTopic(v)
		if err != nil {
			return nil, retention, fmt.Errorf("topic %.64q of deck %.64q: %w", tk.topic, tk.deck, err)
		}
		if r.Cards <= 0 {
			continue
		}
		ts := TopicStats{Deck: tk.deck, Topic: tk.topic, Cards: r.Cards, Seen: r.Seen, Lapses: r.Lapses}
		if ts.Seen > 0 {
			ts.Recall = recall[tk] / float64(ts.Seen)
		}
		ts.Answers, ts.Right = answers[tk].answers, answers[tk].right
		ts.Enough = ts.Answers >= MinAnswers
		ts.Weakness = TopicWeakness(ts)
		out = append(out, ts)
	}
	rankTopics(out)
	return out, retention, nil
}

// windowAnswers sums the topic answers of the days from..today, and the
// retention of mature cards over all of them.
func (t *txn) windowAnswers(from, today Day) (map[topicKey]tally, tally, error) {
	out := map[topicKey]tally{}
	var retention tally
	c := t.topicDays.Cursor()
	for k, v := c.Seek(dayKey(from)); k != nil; k, v = c.Next() {
		d, ok := keyDay(k)
		if !ok {
			return nil, retention, &damagedRecord{what: "topic answers", msg: "short key"}
		}
		if d > today {
			break
		}
		tk, ok := parseTopicKey(k[4:])
		if !ok {
			return nil, retention, &damagedRecord{what: "topic answers", msg: "key without a separator"}
		}
		w, err := decodeWindow(v)
		if err != nil {
			return nil, retention, fmt.Errorf("topic %.64q of deck %.64q on %s: %w", tk.topic, tk.deck, d, err)
		}
		tl := out[tk]
		tl.answers += w.Answers
		tl.right += w.Right
		out[tk] = tl
		retention.answers += w.Mature
		retention.right += w.MatureRight
	}
	return out, retention, nil
}

// topicRecall sums the predicted recall today of each visible topic's
// seen active cards. It is the one part of the stats that reads every
// card: recall depends on each card's own memory and last review.
func (t *txn) topicRecall(today Day, show map[string]bool) (map[topicKey]float64, error) {
	sch, err := t.scheduler()
	if err != nil {
		return nil, err
	}
	out := map[topicKey]float64{}
	return out, t.eachCard(func(_ string, r *cardRec) error {
		if !r.Retired && !r.State.New && show[r.Deck] {
			out[topicKey{r.Deck, r.Topic}] += sch.Recall(r.State, today)
		}
		return nil
	})
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
			return fmt.Errorf("card %.64q: %w", k, err)
		}
		if err := fn(string(k), &r); err != nil {
			return err
		}
	}
	return nil
}
