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
	Lapses      int     // Again on a learned card, over the topic's whole history
	AvgEF       float64 // mean easiness factor of the seen cards; 0 when none
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
//	weakness = 0.6 × (1 − accuracy) + 0.25 × lapse rate + 0.15 × EF gap
//
// where the lapse rate is lapses per seen card, capped at 1, and the EF gap
// is how far the mean EF has fallen from SM-2's starting 2.5 towards its
// floor of 1.3, from 0 to 1. Recent accuracy weighs most because it is what
// the learner sees; lapses and EF carry the longer memory of the schedule.
func TopicWeakness(t TopicStats) float64 {
	lapseRate := 0.0
	if t.Seen > 0 {
		lapseRate = min(float64(t.Lapses)/float64(t.Seen), 1)
	}
	return 0.6*(1-t.Accuracy()) + 0.25*lapseRate + 0.15*efGap(t.AvgEF, t.Seen > 0)
}

// CardWeakness ranks cards within a topic for a drill: a low EF, lapses, and
// wrong answers in the window (a choice card picked wrong counts here) each
// push a card up. Unseen cards score 0.
//
//	weakness = EF gap + lapses/(lapses+1) + min(wrong, 2)/2
func CardWeakness(s CardState, wrongRecently int) float64 {
	if s.New {
		return 0
	}
	lapses := float64(max(s.Lapses, 0))
	return efGap(s.EF, true) + lapses/(lapses+1) + float64(min(max(wrongRecently, 0), 2))/2
}

func efGap(ef float64, known bool) float64 {
	if !known {
		return 0
	}
	return min(max((2.5-ef)/(2.5-1.3), 0), 1)
}
