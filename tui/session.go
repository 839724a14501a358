package tui

import (
	"path/filepath"
	"sort"
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/hone-srs/hone/srs"
)

// startSession builds a session's queue in a command.
func startSession(c *common, s Scope) tea.Cmd {
	return func() tea.Msg {
		sources, err := markdownSources(c.store)
		if err != nil {
			return sessionMsg{err: err}
		}
		switch s.More {
		case MoreNew:
			items, err := c.store.MoreNew(srs.MoreOptions{Today: c.today(), Deck: s.Deck})
			return sessionMsg{items: items, scope: s, sources: sources, err: err}
		case MoreAhead:
			items, err := c.store.Ahead(srs.MoreOptions{Today: c.today(), Deck: s.Deck})
			return sessionMsg{items: items, scope: s, sources: sources, err: err}
		}
		if s.Drill {
			plan, err := c.store.DrillPlan(srs.DrillOptions{Today: c.today(), Deck: s.Deck, Topic: s.Topic, Size: s.Size})
			return sessionMsg{items: plan.Items, scope: s, before: plan.Before, sources: sources, err: err}
		}
		items, err := c.store.Queue(srs.QueueOptions{
			Today: c.today(), Deck: s.Deck, Topic: s.Topic,
			ReviewLimit: c.limits.Reviews, NewPerDeck: c.limits.NewPerDeck, PerDeck: c.limits.PerDeck,
		})
		return sessionMsg{items: items, scope: s, sources: sources, err: err}
	}
}

// markdownSources maps each deck the user imported from a markdown file to
// that file: the decks whose cards `e` can open in an editor.
func markdownSources(store Store) (map[string]string, error) {
	decks, err := store.Decks()
	if err != nil {
		return nil, err
	}
	out := map[string]string{}
	for _, d := range decks {
		ext := strings.ToLower(filepath.Ext(d.Source))
		if !d.Builtin && (ext == ".md" || ext == ".markdown") {
			out[d.Name] = d.Source
		}
	}
	return out, nil
}

// sessionSummary is what the summary screen tells about a finished session.
type sessionSummary struct {
	answered, correct int
	cards             int // distinct cards answered
	spent             time.Duration
	topics            []topicResult // weakest first
	drill             bool
	left              int      // cards the session still had when it ended
	problem           error    // why the session ended short, if it did
	leeches           []string // fronts of the cards that became leeches
}

type topicResult struct {
	deck, topic     string
	answered, right int
	before          float64 // drill: accuracy before, -1 when unknown
}

func (t topicResult) accuracy() float64 { return float64(t.right) / float64(max(t.answered, 1)) }

// summarize counts a session's answers. A card answered twice (a same-day
// repeat) counts twice: the summary tells how the sitting went.
func summarize(history []answer, spent time.Duration, drill bool, before map[string]float64) sessionSummary {
	sum := sessionSummary{answered: len(history), spent: spent, drill: drill}
	distinct := map[string]bool{}
	for _, a := range history {
		distinct[a.item.Card.ID] = true
		if a.entry.Leech {
			sum.leeches = append(sum.leeches, a.item.Card.Front)
		}
	}
	sum.cards = len(distinct)
	byTopic := map[string]*topicResult{}
	var order []string
	for _, a := range history {
		c := a.item.Card
		key := srs.DrillKey(c.Deck, c.Topic)
		t, ok := byTopic[key]
		if !ok {
			b, known := before[key]
			if !known {
				b = -1
			}
			t = &topicResult{deck: c.Deck, topic: c.Topic, before: b}
			byTopic[key] = t
			order = append(order, key)
		}
		t.answered++
		if a.right {
			t.right++
			sum.correct++
		}
	}
	for _, k := range order {
		sum.topics = append(sum.topics, *byTopic[k])
	}
	sort.SliceStable(sum.topics, func(i, j int) bool { return sum.topics[i].accuracy() < sum.topics[j].accuracy() })
	return sum
}

// elapsed is the time from from to to, never negative: a clock set back
// during a session must not show "Time -172796s".
func elapsed(from, to time.Time) time.Duration { return max(to.Sub(from), 0) }
