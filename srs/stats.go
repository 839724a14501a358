package srs

import "fmt"

// Shape of the stats: a two-week forecast and a 20-week heatmap.
const (
	ForecastDays = 14
	HeatmapDays  = 20 * 7
)

// Stats is the state of a learner's collection on one day.
type Stats struct {
	Today        Day
	ReviewsToday int // answers today: reviews, repeats and drills
	DueToday     int // learned cards due today or overdue
	NewAvailable int // new cards the daily limits still allow today
	Streak       int
	// Retention is the share of reviews of mature cards (interval of 21
	// days or more) in the last 30 days that were not Again. HasRetention is
	// false when there were none.
	Retention    float64
	HasRetention bool
	// Recall is the mean predicted chance of recall today, by the scheduler
	// in force, of the Seen active cards of the visible decks.
	Recall   float64
	Seen     int
	Forecast [ForecastDays]int // due cards per day from today; overdue count as today
	Heatmap  map[Day]int       // answers per day over the last HeatmapDays days
	Topics   []TopicStats      // weakest first; topics without enough data last
}

// Stats gathers the numbers for the stats screen from counters: the
// topic counters and answers (counters.go), the day counters for the
// heatmap and the streak, the due index's values for the forecast. Only
// the topics' predicted recall reads the cards.
func (s *Store) Stats(today Day, limits Limits) (Stats, error) {
	st := Stats{Today: today, Heatmap: map[Day]int{}}
	err := s.view(func(t *txn) error {
		topics, retention, err := t.topicStats(today)
		if err != nil {
			return err
		}
		st.Topics = topics
		for _, ts := range topics {
			st.Recall += ts.Recall * float64(ts.Seen)
			st.Seen += ts.Seen
		}
		if st.Seen > 0 {
			st.Recall /= float64(st.Seen)
		}
		if retention.answers > 0 {
			st.HasRetention = true
			st.Retention = float64(retention.right) / float64(retention.answers)
		}
		return t.forecast(today, &st.Forecast)
	})
	if err != nil {
		return st, fmt.Errorf("gather stats: %w", err)
	}
	st.DueToday = st.Forecast[0]
	days, err := s.Days(today.Add(1-HeatmapDays), today)
	if err != nil {
		return st, err
	}
	for d, c := range days {
		if n := c.Reviews + c.Repeats + c.Drills; n > 0 {
			st.Heatmap[d] = n
		}
	}
	st.ReviewsToday = st.Heatmap[today]
	if st.Streak, err = s.Streak(today); err != nil {
		return st, err
	}
	counts, err := s.Counts(today)
	if err != nil {
		return st, err
	}
	due, fresh := Today(counts, limits)
	st.NewAvailable = fresh
	// Counts adds the cards failed today, which the due index has for
	// tomorrow; today's figure and today's bar say the same.
	st.DueToday = max(st.DueToday, due)
	st.Forecast[0] = st.DueToday
	return st, nil
}

// CardRecall is one card's predicted recall.
type CardRecall struct {
	ID, Deck, Topic string
	Due             Day
	Recall          float64 // the chance of recall on the day asked for, by the scheduler in force
}

// CardRecalls lists the predicted recall on today of every active card
// that has been reviewed, in id order. It reads every card.
func (s *Store) CardRecalls(today Day) ([]CardRecall, error) {
	var out []CardRecall
	err := s.view(func(t *txn) error {
		sch, err := t.scheduler()
		if err != nil {
			return err
		}
		return t.eachCard(func(id string, r *cardRec) error {
			if !r.Retired && !r.State.New {
				out = append(out, CardRecall{ID: id, Deck: r.Deck, Topic: r.Topic, Due: r.State.Due, Recall: sch.Recall(r.State, today)})
			}
			return nil
		})
	})
	if err != nil {
		return nil, fmt.Errorf("predict recall: %w", err)
	}
	return out, nil
}

// forecast counts the due index up to the last forecast day. Hidden decks'
// cards are in the index too; they are skipped like in the queue.
// Suspended cards are in no index.
func (t *txn) forecast(today Day, out *[ForecastDays]int) error {
	visible, err := t.visibleDecks()
	if err != nil {
		return err
	}
	show := map[string]bool{}
	for _, d := range visible {
		show[d] = true
	}
	buried, err := t.buriedUntil(today)
	if err != nil {
		return err
	}
	return t.dueRefsUpTo(today.Add(ForecastDays-1), func(ref dueRef) (bool, error) {
		// A buried card comes when its bury ends.
		if at := int(max(ref.due, buried[ref.id]) - today); show[ref.deck] && at < ForecastDays {
			out[max(at, 0)]++
		}
		return true, nil
	})
}
