package srs

import (
	"cmp"
	"fmt"
	"slices"

	"github.com/hone-srs/hone/deck"
)

// DrillOptions choose what a drill practises.
type DrillOptions struct {
	Today       Day
	Deck, Topic string // "" for the weakest topics
	Size        int    // cards in the drill; 0 means DefaultDrillSize
}

// DefaultDrillSize is the length of a drill when none is asked for, and
// drillTopics how many of the weakest topics a drill without a topic takes.
const (
	DefaultDrillSize = 20
	drillTopics      = 3
)

// DrillPlan is a drill session's cards and, for its summary, the accuracy each
// drilled topic had before it (keyed by deck, NUL, topic; absent when the
// topic had no answers in the window).
type DrillPlan struct {
	Items  []Item
	Before map[string]float64
}

// DrillKey keys DrillPlan.Before.
func DrillKey(deckName, topic string) string { return deckName + "\x00" + topic }

// DrillPlan builds a drill: the weakest cards of the weakest topics (or of the
// topic asked for), due or not, with the topics' scenario cards mixed in.
// Drill answers are logged as Drill and never move the schedule.
func (s *Store) DrillPlan(o DrillOptions) (DrillPlan, error) {
	if o.Size <= 0 {
		o.Size = DefaultDrillSize
	}
	var dr DrillPlan
	err := s.view(func(t *txn) error {
		topics, _, err := t.topicStats(o.Today)
		if err != nil {
			return err
		}
		w, err := t.scanWindow(o.Today.Add(1 - AccuracyWindow)) // each card's wrong answers
		if err != nil {
			return err
		}
		chosen := chooseDrillTopics(topics, o.Deck, o.Topic)
		if len(chosen) == 0 {
			return nil
		}
		dr.Before = map[string]float64{}
		want := map[topicKey]bool{}
		for _, ts := range chosen {
			want[topicKey{ts.Deck, ts.Topic}] = true
			if ts.Answers > 0 {
				dr.Before[DrillKey(ts.Deck, ts.Topic)] = ts.Accuracy()
			}
		}
		sch, err := t.scheduler()
		if err != nil {
			return err
		}
		cands, cards, states, err := t.drillCandidates(want, sch, o.Today, w.wrong)
		if err != nil {
			return err
		}
		for _, c := range pickDrill(cands, o.Size) {
			dr.Items = append(dr.Items, Item{Card: cards[c.id], State: states[c.id], Scheduler: sch})
		}
		return nil
	})
	if err != nil {
		return DrillPlan{}, fmt.Errorf("build drill: %w", err)
	}
	return dr, nil
}

// drillCandidates are the active, unsuspended cards of the wanted topics,
// with their content and state, weighed by how weak each is.
func (t *txn) drillCandidates(want map[topicKey]bool, sch Scheduler, today Day, wrong map[string]int) ([]drillCandidate, map[string]deck.Card, map[string]CardState, error) {
	var cands []drillCandidate
	cards := map[string]deck.Card{}
	states := map[string]CardState{}
	err := t.eachCard(func(id string, r *cardRec) error {
		if r.Retired || r.State.Suspended || !want[topicKey{r.Deck, r.Topic}] {
			return nil
		}
		c, err := t.cardContent(id)
		if err != nil {
			return err
		}
		cards[id], states[id] = c, r.State
		cands = append(cands, drillCandidate{
			id: id, choice: c.Kind == deck.Choice, seen: !r.State.New,
			weakness: CardWeakness(r.State, sch.Recall(r.State, today), wrong[id]), order: len(cands),
		})
		return nil
	})
	return cands, cards, states, err
}

// chooseDrillTopics picks the named topic, or else the weakest ranked
// topics; with none ranked yet, the topics that have any answers or seen
// cards, weakest first.
func chooseDrillTopics(ranked []TopicStats, deckName, topic string) []TopicStats {
	var pool []TopicStats
	for _, ts := range ranked {
		if deckName != "" && ts.Deck != deckName {
			continue
		}
		if topic != "" {
			if ts.Topic == topic {
				pool = append(pool, ts)
			}
			continue
		}
		pool = append(pool, ts)
	}
	if topic != "" {
		return pool
	}
	var enough, some []TopicStats
	for _, ts := range pool {
		switch {
		case ts.Enough:
			enough = append(enough, ts)
		case ts.Answers > 0 || ts.Seen > 0:
			some = append(some, ts)
		}
	}
	if len(enough) == 0 {
		enough = some
		slices.SortStableFunc(enough, func(a, b TopicStats) int { return cmp.Compare(b.Weakness, a.Weakness) })
	}
	return enough[:min(len(enough), drillTopics)]
}

type drillCandidate struct {
	id       string
	choice   bool
	seen     bool
	weakness float64
	order    int // deck order, to break ties
}

// pickDrill chooses up to n cards: about a third scenario (choice) cards,
// the rest the weakest seen flashcards; a short pool is filled from the
// other, then from unseen flashcards. Scenario cards are spread through the
// drill, every third card.
func pickDrill(cands []drillCandidate, n int) []drillCandidate {
	weakest := func(a, b drillCandidate) int {
		if c := cmp.Compare(b.weakness, a.weakness); c != 0 {
			return c
		}
		if a.seen != b.seen {
			if a.seen {
				return -1
			}
			return 1
		}
		return cmp.Compare(a.order, b.order)
	}
	var basic, choice, unseen []drillCandidate
	for _, c := range cands {
		switch {
		case c.choice:
			choice = append(choice, c)
		case c.seen:
			basic = append(basic, c)
		default:
			unseen = append(unseen, c)
		}
	}
	slices.SortStableFunc(basic, weakest)
	slices.SortStableFunc(choice, weakest)
	slices.SortStableFunc(unseen, weakest)

	nChoice := min(len(choice), max(n/3, 1))
	nBasic := min(len(basic), n-nChoice)
	nChoice = min(len(choice), n-nBasic)
	nUnseen := min(len(unseen), n-nBasic-nChoice)
	flash := append(basic[:nBasic:nBasic], unseen[:nUnseen]...)
	scen := choice[:nChoice]

	out := make([]drillCandidate, 0, len(flash)+len(scen))
	for len(flash) > 0 || len(scen) > 0 {
		if len(scen) > 0 && (len(out)%3 == 2 || len(flash) == 0) {
			out, scen = append(out, scen[0]), scen[1:]
			continue
		}
		out, flash = append(out, flash[0]), flash[1:]
	}
	return out
}
