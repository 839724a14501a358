package srs

import (
	"math"
	"slices"
	"testing"
	"time"

	"github.com/hone-srs/hone/deck"
)

func TestTopicWeakness(t *testing.T) {
	tests := []struct {
		name string
		in   TopicStats
		want float64
	}{
		// 0.6×(1−1) + 0.25×0 + 0.15×(1−1)
		{"perfect", TopicStats{Answers: 10, Right: 10, Seen: 5, Recall: 1}, 0},
		// 0.6×(1−0.5) + 0.25×(2/4) + 0.15×(1−0.8) = 0.3 + 0.125 + 0.03
		{"half right", TopicStats{Answers: 10, Right: 5, Seen: 4, Lapses: 2, Recall: 0.8}, 0.455},
		// lapse rate capped at 1, nothing recalled: 0.6 + 0.25 + 0.15
		{"worst", TopicStats{Answers: 6, Right: 0, Seen: 2, Lapses: 9, Recall: 0}, 1},
		// nothing seen: no lapse rate or forgetting; all from accuracy 0
		{"no answers", TopicStats{}, 0.6},
	}
	for _, tt := range tests {
		if got := TopicWeakness(tt.in); math.Abs(got-tt.want) > 1e-9 {
			t.Errorf("%s: weakness %v, want %v", tt.name, got, tt.want)
		}
	}
}

func TestCardWeakness(t *testing.T) {
	learned := sm2Review(NewCardState(), Good, 10)
	tests := []struct {
		name   string
		state  CardState
		recall float64
		wrong  int
		want   float64
	}{
		{"new card", NewCardState(), 0, 3, 0},
		// recalled for sure; no lapses; no wrong answers
		{"learned", learned, 1, 0, 0},
		// forgetting 1−0.8 = 0.2; lapses 1/(1+1) = 0.5; wrong min(3,2)/2 = 1
		{"struggling", CardState{Memory: SM2{EF: 1.7, Reps: 0, Interval: 1}, Lapses: 1}, 0.8, 3, 0.2 + 0.5 + 1},
	}
	for _, tt := range tests {
		if got := CardWeakness(tt.state, tt.recall, tt.wrong); math.Abs(got-tt.want) > 1e-9 {
			t.Errorf("%s: weakness %v, want %v", tt.name, got, tt.want)
		}
	}
}

// statsFixture is a store with three topics of four cards each, answered so
// that topic "b" is weak, "a" strong and "c" has too few answers to judge.
func statsFixture(t *testing.T) (*Store, *clock, deck.Deck) {
	c := newClock(t0)
	s := testStore(t, c)
	d := testDeck("d", 12, "a", "b", "c")
	mustSync(t, s, d)
	byTopic := map[string][]string{}
	for _, card := range d.Cards {
		byTopic[card.Topic] = append(byTopic[card.Topic], card.ID)
	}
	for _, id := range byTopic["a"] {
		mustAnswer(t, s, id, Good, Review)
	}
	mustAnswer(t, s, byTopic["a"][0], Good, Drill)
	for i, id := range byTopic["b"] {
		q := Again
		if i == 0 {
			q = Good
		}
		mustAnswer(t, s, id, q, Review)
	}
	mustAnswer(t, s, byTopic["b"][1], Again, Drill)
	mustAnswer(t, s, byTopic["c"][0], Again, Review) // one answer: not enough
	return s, c, d
}

func TestStatsRankTopicsAndCutOff(t *testing.T) {
	s, _, _ := statsFixture(t)
	st, err := s.Stats(DayOf(t0), Limits{NewPerDeck: 20})
	if err != nil {
		t.Fatal(err)
	}
	var order []string
	for _, ts := range st.Topics {
		order = append(order, ts.Topic)
	}
	if !slices.Equal(order, []string{"b", "a", "c"}) {
		t.Fatalf("topic order %v, want [b a c]", order)
	}
	b, a, c := st.Topics[0], st.Topics[1], st.Topics[2]
	// b: 5 answers (4 reviews + 1 drill), 1 right; 4 seen; no lapses yet (the
	// Agains were on new cards); all reviewed today, so recalled for sure.
	if b.Answers != 5 || b.Right != 1 || b.Seen != 4 || b.Cards != 4 || b.Lapses != 0 || !b.Enough || b.Recall != 1 {
		t.Errorf("topic b: %+v", b)
	}
	if a.Answers != 5 || a.Right != 5 || !a.Enough || a.Weakness != 0 {
		t.Errorf("topic a: %+v", a)
	}
	if c.Answers != 1 || c.Enough {
		t.Errorf("topic c should lack data: %+v", c)
	}
	// 12 cards, 9 introduced: 3 left, under the limit of 20 − 9. Due: the
	// four cards failed today (three in b, one in c) are due again today.
	if st.ReviewsToday != 11 || st.DueToday != 4 || st.NewAvailable != 3 {
		t.Errorf("today: %d reviews, %d due, %d new available", st.ReviewsToday, st.DueToday, st.NewAvailable)
	}
	if st.HasRetention {
		t.Errorf("retention with no mature reviews: %v", st.Retention)
	}
	// 9 cards reviewed, all today: recall is certain.
	if st.Seen != 9 || st.Recall != 1 {
		t.Errorf("predicted recall %v over %d cards", st.Recall, st.Seen)
	}
}

func TestDrillLeavesScheduleAlone(t *testing.T) {
	s, c, _ := statsFixture(t)
	before, err := s.Cards()
	if err != nil {
		t.Fatal(err)
	}
	c.Advance(time.Hour)
	plan, err := s.DrillPlan(DrillOptions{Today: DayOf(c.Now()), Size: 6})
	if err != nil {
		t.Fatal(err)
	}
	if len(plan.Items) != 6 {
		t.Fatalf("drill of %d cards, want 6", len(plan.Items))
	}
	// b and a are ranked; c lacks data and is left out.
	for _, it := range plan.Items {
		if it.Card.Topic == "c" {
			t.Errorf("drill took card %s of a topic without enough data", it.Card.ID)
		}
	}
	if got := plan.Before[DrillKey("d", "b")]; math.Abs(got-0.2) > 1e-9 {
		t.Errorf("topic b accuracy before the drill: %v, want 0.2", got)
	}
	for _, it := range plan.Items {
		mustAnswer(t, s, it.Card.ID, Again, Drill)
		mustAnswer(t, s, it.Card.ID, Easy, Drill)
	}
	after, err := s.Cards()
	if err != nil {
		t.Fatal(err)
	}
	for id, st := range before {
		if after[id] != st {
			t.Errorf("card %s: drill moved the state from %+v to %+v", id, st, after[id])
		}
	}
}

func TestPickDrill(t *testing.T) {
	cands := []drillCandidate{
		{id: "b1", seen: true, weakness: 0.1, order: 0},
		{id: "b2", seen: true, weakness: 0.9, order: 1},
		{id: "b3", seen: true, weakness: 0.5, order: 2},
		{id: "c1", choice: true, seen: true, weakness: 0.2, order: 3},
		{id: "c2", choice: true, weakness: 0, order: 4},
		{id: "u1", weakness: 0, order: 5},
	}
	tests := []struct {
		n    int
		want []string
	}{
		// a third are choice cards (2 of 6), placed every third card
		{6, []string{"b2", "b3", "c1", "b1", "u1", "c2"}},
		// n/3 = 1 choice card; the weakest two flashcards
		{3, []string{"b2", "b3", "c1"}},
		// at least one choice card even in a drill of one
		{1, []string{"c1"}},
		// more than there are: everything, unseen flashcards last
		{10, []string{"b2", "b3", "c1", "b1", "u1", "c2"}},
	}
	for _, tt := range tests {
		var got []string
		for _, c := range pickDrill(cands, tt.n) {
			got = append(got, c.id)
		}
		if !slices.Equal(got, tt.want) {
			t.Errorf("n=%d: %v, want %v", tt.n, got, tt.want)
		}
	}
}

func TestStreakAcrossFourOClock(t *testing.T) {
	c := newClock(time.Date(2025, 3, 10, 23, 30, 0, 0, time.UTC))
	s := testStore(t, c)
	d := testDeck("d", 6)
	mustSync(t, s, d)
	mustAnswer(t, s, d.Cards[0].ID, Good, Review) // day of 10 March
	c.Set(time.Date(2025, 3, 11, 3, 59, 0, 0, time.UTC))
	mustAnswer(t, s, d.Cards[1].ID, Good, Review) // still 10 March
	streak := func(at time.Time) int {
		n, err := s.Streak(DayOf(at))
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	if n := streak(c.Now()); n != 1 {
		t.Fatalf("03:59 answer: streak %d, want 1 (same hone day)", n)
	}
	c.Set(time.Date(2025, 3, 11, 4, 1, 0, 0, time.UTC))
	if n := streak(c.Now()); n != 1 {
		t.Fatalf("new day, nothing answered yet: streak %d, want 1 (kept until the day ends)", n)
	}
	mustAnswer(t, s, d.Cards[2].ID, Good, Review)
	if n := streak(c.Now()); n != 2 {
		t.Fatalf("answer after 04:00: streak %d, want 2", n)
	}
	if n := streak(time.Date(2025, 3, 13, 12, 0, 0, 0, time.UTC)); n != 0 {
		t.Fatalf("a missed day: streak %d, want 0", n)
	}
}

func TestForecast(t *testing.T) {
	c := newClock(t0)
	s := testStore(t, c)
	d := testDeck("d", 4)
	mustSync(t, s, d)
	today := DayOf(t0)
	mustAnswer(t, s, d.Cards[0].ID, Good, Review) // due in 1 day
	mustAnswer(t, s, d.Cards[1].ID, Good, Review) // due in 1 day
	mustAnswer(t, s, d.Cards[2].ID, Good, Review)
	c.Advance(24 * time.Hour)
	mustAnswer(t, s, d.Cards[2].ID, Good, Review) // second success: due in 6 days from tomorrow
	st, err := s.Stats(today, Limits{NewPerDeck: 20})
	if err != nil {
		t.Fatal(err)
	}
	want := [ForecastDays]int{1: 2, 7: 1}
	if st.Forecast != want {
		t.Fatalf("forecast %v, want %v", st.Forecast, want)
	}
	// Seen from three days later, the two cards due tomorrow are overdue:
	// they count as today.
	st, err = s.Stats(today.Add(3), Limits{NewPerDeck: 20})
	if err != nil {
		t.Fatal(err)
	}
	want = [ForecastDays]int{0: 2, 4: 1}
	if st.Forecast != want || st.DueToday != 2 {
		t.Fatalf("forecast %v (due %d), want %v", st.Forecast, st.DueToday, want)
	}
}

func TestFailedCardsComeBackInALaterSitting(t *testing.T) {
	c := newClock(t0)
	s := testStore(t, c)
	d := testDeck("d", 4)
	mustSync(t, s, d)
	o := QueueOptions{Today: DayOf(t0), ReviewLimit: 10, NewPerDeck: 4}
	mustAnswer(t, s, d.Cards[0].ID, Again, Review)
	mustAnswer(t, s, d.Cards[1].ID, Hard, Review)
	mustAnswer(t, s, d.Cards[2].ID, Again, Review)
	mustAnswer(t, s, d.Cards[2].ID, Good, Review) // repeated until recalled: done
	undone := mustAnswer(t, s, d.Cards[3].ID, Again, Review)
	if _, err := s.Undo(undone.Seq); err != nil {
		t.Fatal(err)
	}
	// The session was left here. A new one brings back cards 0 and 1, oldest
	// failure first, then card 3, still new.
	got := ids(mustQueue(t, s, o))
	want := []string{d.Cards[0].ID, d.Cards[1].ID, d.Cards[3].ID}
	if !slices.Equal(got, want) {
		t.Fatalf("queue %v, want %v", got, want)
	}
	// Tomorrow they are ordinary due cards again.
	c.Advance(24 * time.Hour)
	o.Today++
	if got := ids(mustQueue(t, s, o)); len(got) != 4 {
		t.Fatalf("next day's queue %v", got)
	}
}

func TestCountsIncludeCardsFailedToday(t *testing.T) {
	c := newClock(t0)
	s := testStore(t, c)
	d := testDeck("d", 3)
	mustSync(t, s, d)
	mustAnswer(t, s, d.Cards[0].ID, Again, Review)
	mustAnswer(t, s, d.Cards[1].ID, Good, Review)
	counts, err := s.Counts(DayOf(t0))
	if err != nil {
		t.Fatal(err)
	}
	if n := counts["d"]; n.Due != 1 || n.NewUnseen != 1 || n.Learned != 2 {
		t.Fatalf("counts %+v, want 1 due (the failed card), 1 new, 2 learned", n)
	}
	// Recalled on a repeat: no longer due today.
	mustAnswer(t, s, d.Cards[0].ID, Good, Review)
	counts, _ = s.Counts(DayOf(t0))
	if n := counts["d"]; n.Due != 0 {
		t.Fatalf("counts %+v after the repeat, want none due", n)
	}
}

// Retention counts the reviews that came 21 days or more after the card's
// previous answer, in the last 30 days, whether that answer is in the
// window, before it, or long before (then it is known from the card's
// review count).
func TestRetentionOfMatureReviews(t *testing.T) {
	c := newClock(t0)
	s := testStore(t, c)
	mustSync(t, s, testDeck("d", 6))
	day0 := DayOf(t0)
	at := func(day int, id string, q Quality) {
		c.Set(day0.Add(day).Time(time.UTC).Add(6 * time.Hour))
		mustAnswer(t, s, id, q, Review)
	}
	at(-100, "d-4", Good) // long before the scan
	at(0, "d-0", Good)
	at(0, "d-1", Good)
	at(0, "d-1", Again) // a same-day repeat: the day's answer before day 30's is this
	at(25, "d-2", Good)
	at(30, "d-1", Good)  // 30 days on: mature, right
	at(35, "d-2", Good)  // 10 days on: not mature
	at(35, "d-4", Good)  // 135 days on: mature, right
	at(38, "d-3", Good)  // a first review: not mature
	at(39, "d-3", Good)  // a day on: not mature
	at(40, "d-0", Again) // 40 days on: mature, wrong
	c.Set(day0.Add(40).Time(time.UTC).Add(8 * time.Hour))
	st, err := s.Stats(day0.Add(40), Limits{NewPerDeck: 20})
	if err != nil {
		t.Fatal(err)
	}
	if !st.HasRetention || math.Abs(st.Retention-2.0/3) > 1e-9 {
		t.Errorf("retention %v (%v), want 2/3", st.Retention, st.HasRetention)
	}
}
