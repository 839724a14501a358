package tui

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/hone-srs/hone/deck"
	"github.com/hone-srs/hone/srs"
)

// Benchmarks of the screens at 200×60, and of an answer from the grade key
// to the next card's frame. They need no generated collection: `View` only
// draws what is on screen, so its cost follows the screen, not the store.
//
//	go test -bench . -run '^$' ./tui

// benchCards are cards as long as real ones: a back with a paragraph and a
// list, a long question split by `?`, and a scenario with four options.
const benchCards = `
## What does deployment management do?
It moves new or changed **hardware, software, documentation and processes**
into live environments, and into test and staging ones on the way. It is the
technical practice that physically puts a change in place; deciding whether
the change may happen is change enablement, and making it available to users
is release management.

- deploys ` + "`builds`" + ` through the pipeline, from test to production
- keeps deployments **repeatable**, automated where it can be
- works with release management, which plans what goes out together

## A monitoring tool raises an event every night at 02:00.
The event says a disk on a database server is 91% full. By morning it is back
to 60%, after the backup job has moved its files away.
?
This is an **informational event** turned warning by a static threshold. Tune
the threshold, or correlate the event with the backup job, instead of raising
an incident every night.

## Which practice is this?
A team pushes a tested build to production at night, with a script that
copies the new version to every server in turn and checks that each one
answers before it moves to the next.
- [ ] A: Change enablement
- [x] B: Deployment management
- [ ] C: Release management
- [ ] D: Service validation and testing
> **B.** Moving a tested build into live is deployment management. Change
> enablement authorized it beforehand, and release management decides when
> users get the new features.
`

// benchDeck is a deck of n cards, the three above in turn.
func benchDeck(name string, n int) deck.Deck {
	var b strings.Builder
	fmt.Fprintf(&b, "---\ndeck: %s\ndescription: a deck for benchmarks\n---\n", name)
	parts := strings.Split(strings.TrimSpace(benchCards), "\n## ")
	for i := range n {
		if i%30 == 0 {
			fmt.Fprintf(&b, "# Topic %d\n\n", i/30+1)
		}
		p := strings.TrimPrefix(parts[i%len(parts)], "## ")
		front, rest, _ := strings.Cut(p, "\n")
		fmt.Fprintf(&b, "## %s (%d)\n%s\n\n", front, i, rest)
	}
	d, diags := deck.ParseBytes(name+".md", []byte(b.String()))
	if err := diags.Err(); err != nil {
		panic(err)
	}
	return d
}

// benchStore is a store in a temporary directory with decks of cards; its
// answers are synced to disk like hone's.
func benchStore(b *testing.B, clk *clock, decks, cards int) *srs.Store {
	b.Helper()
	s, err := srs.Open(filepath.Join(b.TempDir(), "hone.db"), srs.Options{Clock: clk.now})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { s.Close() })
	for i := range decks {
		if _, err := s.SyncDeck(benchDeck(fmt.Sprintf("Deck %02d: technical management", i+1), cards), fmt.Sprintf("bench%d.md", i), false); err != nil {
			b.Fatal(err)
		}
	}
	return s
}

// benchDrive feeds msg to the app and every message its commands produce,
// as the program would.
func benchDrive(a *App, msg tea.Msg) {
	queue := []tea.Msg{msg}
	for len(queue) > 0 {
		m := queue[0]
		queue = queue[1:]
		if batch, ok := m.(tea.BatchMsg); ok {
			for _, c := range batch {
				if c != nil {
					queue = append(queue, c())
				}
			}
			continue
		}
		if _, ok := m.(tea.QuitMsg); ok || m == nil {
			continue
		}
		if _, cmd := a.Update(m); cmd != nil {
			queue = append(queue, cmd())
		}
	}
}

func benchKey(s string) tea.KeyPressMsg {
	switch s {
	case "enter":
		return tea.KeyPressMsg{Code: tea.KeyEnter}
	case "space":
		return tea.KeyPressMsg{Code: tea.KeySpace, Text: " "}
	}
	return tea.KeyPressMsg{Code: []rune(s)[0], Text: s}
}

func benchPress(a *App, keys ...string) {
	for _, k := range keys {
		benchDrive(a, benchKey(k))
	}
}

// benchStats is a busy learner's stats: a full heatmap and forty topics.
func benchStats(today srs.Day) srs.Stats {
	st := srs.Stats{Today: today, ReviewsToday: 180, DueToday: 212, NewAvailable: 40, Streak: 400,
		Retention: 0.91, HasRetention: true, Heatmap: map[srs.Day]int{}}
	for i := range st.Forecast {
		st.Forecast[i] = 150 + 37*i%90
	}
	for d := range srs.HeatmapDays {
		st.Heatmap[today.Add(-d)] = 50 + 31*d%300
	}
	for i := range 40 {
		st.Topics = append(st.Topics, srs.TopicStats{Deck: "Deck", Topic: fmt.Sprintf("Topic %d: monitoring and event management", i),
			Cards: 250, Seen: 200, Answers: 300, Right: 250 - i, Lapses: 30 + i, Recall: 0.93, Weakness: 0.3, Enough: i < 30})
	}
	return st
}

// BenchmarkView draws every screen at 200×60 from its steady state: what a
// frame costs the program after an update.
func BenchmarkView(b *testing.B) {
	clk := newClock()
	store := benchStore(b, clk, 20, 60)
	newApp := func() *App {
		a := New(Options{Store: store, Now: clk.now, Limits: Limits{Reviews: 200, NewPerDeck: 20}})
		benchDrive(a, tea.WindowSizeMsg{Width: 200, Height: 60})
		benchDrive(a, a.Init()())
		return a
	}
	bench := func(name string, a *App, want string) {
		if got := plainView(a); !strings.Contains(got, want) {
			b.Fatalf("%s: the screen does not show %q:\n%s", name, want, got)
		}
		b.Run(name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				_ = a.View()
			}
		})
	}

	a := newApp()
	bench("home", a, "Deck 20")
	benchPress(a, "enter")
	bench("flashcard-front", a, "space to reveal")
	benchPress(a, "space")
	bench("flashcard-back", a, "moves new or changed")
	benchPress(a, "3", "space")
	bench("long-question-back", a, "informational event")
	benchPress(a, "3")
	pick(b, a, "Change enablement")
	bench("choice-answered", a, "Not quite")
	benchPress(a, "enter", "q")
	bench("summary", a, "Session ended with")

	a = newApp()
	benchDrive(a, openStatsMsg{})
	benchDrive(a, statsMsg{benchStats(srs.DayOf(clk.now()))})
	bench("stats", a, "Topics, weakest first")
}

// answerStore is the store with Answer made free, to separate the UI's part
// of an answer from the disk's.
type answerStore struct{ *srs.Store }

func (answerStore) Answer(id string, q srs.Quality, kind srs.EntryKind, took time.Duration) (srs.AnswerResult, error) {
	return srs.AnswerResult{Entry: srs.Entry{CardID: id, Quality: q, Kind: kind}, State: srs.DefaultScheduler().Review(srs.NewCardState(), q, 20000)}, nil
}

// BenchmarkAnswer is one answer as the program runs it, from the grade key
// to the next card's frame: Update with the key, the command (Store.Answer:
// open, one write transaction, commit with its fsyncs, close), Update with
// its result, which renders the next card, and View. "ui" is the same with
// a store whose Answer costs nothing; the difference is the store's, and
// srs's BenchmarkFsync is the disk's own share of that.
func BenchmarkAnswer(b *testing.B) {
	for _, bc := range []struct {
		name string
		wrap func(*srs.Store) Store
	}{
		{"disk", func(s *srs.Store) Store { return s }},
		{"ui", func(s *srs.Store) Store { return answerStore{s} }},
	} {
		b.Run(bc.name, func(b *testing.B) {
			clk := newClock()
			store := benchStore(b, clk, 0, 0)
			var basic deck.Deck
			for _, c := range benchDeck("Answers", 3000).Cards {
				if c.Kind == deck.Basic {
					basic.Cards = append(basic.Cards, c)
				}
			}
			basic.Name, basic.Topics = "Answers", []deck.Topic{{Name: "Topic 1"}}
			for i := range basic.Cards {
				basic.Cards[i].Topic = "Topic 1"
			}
			if _, err := store.SyncDeck(basic, "answers.md", false); err != nil {
				b.Fatal(err)
			}
			var a *App
			start := func() {
				clk.advance(400 * 24 * time.Hour) // every card answered so far is due again
				a = New(Options{Store: bc.wrap(store), Now: clk.now, Limits: Limits{Reviews: 200, NewPerDeck: -1}})
				benchDrive(a, tea.WindowSizeMsg{Width: 200, Height: 60})
				benchDrive(a, a.Init()())
				benchPress(a, "a")
			}
			start()
			b.ReportAllocs()
			b.ResetTimer()
			for range b.N {
				b.StopTimer()
				if a.page != reviewPage {
					start()
				}
				benchPress(a, "space")
				b.StartTimer()
				benchPress(a, "3")
				_ = a.View()
			}
			b.StopTimer()
			if a.page == reviewPage && a.review.session.Done() == 0 {
				b.Fatal("no answer was taken")
			}
		})
	}
}

// BenchmarkMarkdown renders a card's back: "cold" builds glamour's renderer
// first, as the first card of a run does; "warm" reuses it for a text not
// rendered before, as every later card does.
func BenchmarkMarkdown(b *testing.B) {
	back := benchDeck("Markdown", 1).Cards[0].Back
	b.Run("cold", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			(&markdown{}).render(back, 96, true)
		}
	})
	b.Run("warm", func(b *testing.B) {
		m := &markdown{}
		m.render(back, 96, true)
		texts := make([]string, 64)
		for i := range texts {
			texts[i] = fmt.Sprintf("%s (%d)", back, i)
		}
		b.ReportAllocs()
		i := 0
		for b.Loop() {
			m.render(texts[i%len(texts)], 96, true)
			i++
		}
	})
}
