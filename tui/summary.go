package tui

import (
	"fmt"
	"math"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/hone-srs/hone/srs"
)

// summaryScreen closes a session: how it went and what comes next.
type summaryScreen struct {
	c        *common
	sum      sessionSummary
	next     srs.Day
	hasNext  bool
	dueToday int
	loaded   bool
	width    int
	height   int
}

type nextDueMsg struct {
	next     srs.Day
	ok       bool
	dueToday int
}

func newSummaryScreen(c *common, sum sessionSummary) *summaryScreen {
	return &summaryScreen{c: c, sum: sum}
}

func (s *summaryScreen) load() tea.Cmd {
	c := s.c
	return func() tea.Msg {
		today := c.today()
		counts, err := c.store.Counts(today)
		if err != nil {
			return errMsg{err}
		}
		due := 0
		for _, n := range counts {
			due += n.Due
		}
		next, ok, err := c.store.NextDue(today)
		if err != nil {
			return errMsg{err}
		}
		return nextDueMsg{next: next, ok: ok, dueToday: due}
	}
}

func (s *summaryScreen) SetSize(w, h int) { s.width, s.height = w, h }

func (s *summaryScreen) Update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case nextDueMsg:
		s.next, s.hasNext, s.dueToday, s.loaded = msg.next, msg.ok, msg.dueToday, true
	case tea.KeyPressMsg:
		switch {
		case key.Matches(msg, s.c.keys.Quit):
			return func() tea.Msg { return quitMsg{} }
		case key.Matches(msg, s.c.keys.Back):
			return func() tea.Msg { return goHomeMsg{} }
		}
	}
	return nil
}

func (s *summaryScreen) ShortHelp() []key.Binding {
	return []key.Binding{s.c.keys.Back, s.c.keys.Quit}
}

func (s *summaryScreen) FullHelp() [][]key.Binding { return [][]key.Binding{s.ShortHelp()} }

func (s *summaryScreen) View() string {
	st := s.c.styles
	sum := s.sum
	title := "Session done"
	if sum.drill {
		title = "Drill done"
	}
	lines := []string{st.Title.Render(title), ""}
	answers := fmt.Sprintf("%d", sum.answered)
	if sum.cards != sum.answered {
		answers += fmt.Sprintf(" (%d cards; missed cards come back)", sum.cards)
	}
	lines = append(lines,
		fmt.Sprintf("%-10s %s", "Answers", answers),
		fmt.Sprintf("%-10s %s (%d of %d right)", "Accuracy", percent(sum.correct, sum.answered), sum.correct, sum.answered),
		fmt.Sprintf("%-10s %s", "Time", duration(sum.spent)),
	)
	if sum.drill {
		lines = append(lines, "", st.Subtle.Render("Topic accuracy: before → in this drill"))
		for _, t := range sum.topics {
			before := "no data"
			if t.before >= 0 {
				before = fmt.Sprintf("%.0f%%", math.Round(100*t.before))
			}
			lines = append(lines, truncate(fmt.Sprintf("  %s: %s → %s", t.topic, before, percent(t.right, t.answered)), s.width))
		}
	} else if len(sum.topics) > 1 && sum.topics[0].right < sum.topics[0].answered {
		w := sum.topics[0]
		lines = append(lines, truncate(fmt.Sprintf("%-10s %s (%d of %d right)", "Weakest", w.topic, w.right, w.answered), s.width))
	}
	lines = append(lines, "")
	switch {
	case !s.loaded:
	case s.dueToday > 0:
		lines = append(lines, st.Notice.Render(fmt.Sprintf("%d %s still due today.", s.dueToday, plural(s.dueToday, "card is", "cards are"))))
	case s.hasNext:
		lines = append(lines, st.Notice.Render("Next cards are due "+dueWhen(s.next, s.c.today())+"."))
	default:
		lines = append(lines, st.Notice.Render("No cards are scheduled yet."))
	}
	return clip(strings.Join(lines, "\n"), s.height)
}

// percent is part of whole, rounded the same way everywhere it is shown.
func percent(part, whole int) string {
	if whole == 0 {
		return "–"
	}
	return fmt.Sprintf("%.0f%%", math.Round(100*float64(part)/float64(whole)))
}

func duration(d time.Duration) string {
	d = d.Round(time.Second)
	if d < time.Minute {
		return fmt.Sprintf("%ds", int(d.Seconds()))
	}
	return fmt.Sprintf("%dm %02ds", int(d.Minutes()), int(d.Seconds())%60)
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
