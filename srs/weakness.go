package srs

// How weakness is judged. A topic needs MinAnswers answers within the last
// AccuracyWindow days before it is ranked at all: below that, one unlucky
// answer would put it at the top.
const (
	AccuracyWindow = 30
	MinAnswers     = 5
)

// TopicStats is how a learner does in one topic.
type TopicStats struct {
	Deck, Topic string
	Cards       int     // active cards
	Seen        int     // cards reviewed at least once
	Answers     int     // answers in the window: reviews, repeats and drills, less any undone
	Right       int     // of those, graded Hard or better
	Lapses      int     // lapses over the topic's whole history, as the scheduler counts them
	Recall      float64 // mean predicted chance of recall today of the seen cards; 0 when none
	Weakness    float64 // 0 (strong) to 1 (weak); meaningful only when Enough
	Enough      bool    // enough answers in the window to judge
}

// Accuracy is the share of the window's answers that were right; 0 with none.
func (t TopicStats) Accuracy() float64 {
	if t.Answers == 0 {
		return 0
	}
	return float64(t.Right) / float64(t.Answers)
}

// TopicWeakness combines what is known of a topic into one score from 0 to 1:
//
//	weakness = 0.6 × (1 − accuracy) + 0.25 × lapse rate + 0.15 × forgetting
//
// where the lapse rate is lapses per seen card, capped at 1, and forgetting
// is 1 − the mean predicted recall today of the seen cards, from the
// scheduler in force: the share of them the learner is expected to have
// forgotten by now. Recent accuracy weighs most because it is what the
// learner sees; lapses and predicted recall carry the longer memory of the
// schedule. None of the three depends on which scheduler is in force.
func TopicWeakness(t TopicStats) float64 {
	lapseRate, forgetting := 0.0, 0.0
	if t.Seen > 0 {
		lapseRate = min(float64(t.Lapses)/float64(t.Seen), 1)
		forgetting = 1 - clamp(t.Recall, 0, 1)
	}
	return 0.6*(1-t.Accuracy()) + 0.25*lapseRate + 0.15*forgetting
}

// CardWeakness ranks cards within a topic for a drill: the chance of having
// forgotten the card by now (1 − recall, its predicted recall today),
// lapses, and wrong answers in the window (a choice card picked wrong
// counts here) each push a card up. Unseen cards score 0.
//
//	weakness = (1 − recall) + lapses/(lapses+1) + min(wrong, 2)/2
func CardWeakness(s CardState, recall float64, wrongRecently int) float64 {
	if s.New {
		return 0
	}
	lapses := float64(max(s.Lapses, 0))
	return (1 - clamp(recall, 0, 1)) + lapses/(lapses+1) + float64(min(max(wrongRecently, 0), 2))/2
}
