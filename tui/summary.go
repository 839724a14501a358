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
	c       *common
	sum     sessionSummary
	next    srs.Day
	hasNext bool
	due     int // cards still due today
	fresh   int // new cards still waiting today
	loaded  bool
	width   int
	height  int
}

type nextDueMsg struct {
	next       srs.Day
	ok         bool
	due, fresh int
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
		due, fresh := srs.Today(counts, c.limits)
		next, ok, err := c.store.NextDue(today)
		if err != nil {
			return errMsg{err}
		}
		return nextDueMsg{next: next, ok: ok, due: due, fresh: fresh}
	}
}

func (s *summaryScreen) SetSize(w, h int) { s.width, s.height = w, h }

func (s *summaryScreen) Update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case nextDueMsg:
		s.next, s.hasNext, s.due, s.fresh, s.loaded = msg.next, msg.ok, msg.due, msg.fresh, true
	case tea.KeyPressMsg:
		switch {
		case key.Matches(msg, s.c.keys.Quit):
			return func() tea.Msg { return quitMsg{} }
		case key.Matches(msg, s.c.keys.Undo):
			return func() tea.Msg { return backToReviewMsg{} }
		case key.Matches(msg, s.c.keys.Back):
			return func() tea.Msg { return goHomeMsg{} }
		}
	}
	return nil
}

// ShortHelp says where enter goes: home, or out of hone when the session
// was started from the command line.
func (s *summaryScreen) ShortHelp() []key.Binding {
	k := s.c.keys
	undo := k.Undo
	undo.SetHelp("u", "undo last answer")
	if s.c.standalone {
		back := k.Back
		back.SetHelp("enter", "quit")
		return []key.Binding{back, undo}
	}
	return []key.Binding{k.Back, undo, k.Quit}
}

func (s *summaryScreen) FullHelp() [][]key.Binding { return [][]key.Binding{s.ShortHelp()} }

func (s *summaryScreen) title() string {
	what := "Session"
	if s.sum.drill {
		what = "Drill"
	}
	if s.sum.left > 0 {
		return fmt.Sprintf("%s ended with %d %s to go", what, s.sum.left, plural(s.sum.left, "card", "cards"))
	}
	return what + " done"
}

func (s *summaryScreen) View() string {
	st := s.c.styles
	sum := s.sum
	lines := []string{st.Title.Render(truncate(s.title(), s.width)), ""}
	answers := fmt.Sprintf("%d", sum.answered)
	if sum.cards != sum.answered {
		answers += fmt.Sprintf(" (%d cards; missed cards come back)", sum.cards)
	}
	lines = append(lines,
		fmt.Sprintf("%-10s %s", "Answers", answers),
		fmt.Sprintf("%-10s %s (%d of %d right)", "Accuracy", percent(sum.correct, sum.answered), sum.correct, sum.answered),
		fmt.Sprintf("%-10s %s", "Time", duration(sum.spent)),
	)
	lines = append(lines, s.topicLines()...)
	lines = append(lines, s.leechLines()...)
	if sum.problem != nil {
		style := st.Error
		if isNotice(sum.problem) {
			style = st.Notice
		}
		lines = append(lines, "", style.Width(s.width).Render(sum.problem.Error()))
	}
	lines = append(lines, "")
	if s.loaded {
		lines = append(lines, st.Notice.Width(s.width).Render(s.whatsNext()))
	}
	return clip(strings.Join(lines, "\n"), s.height)
}

func (s *summaryScreen) topicLines() []string {
	sum := s.sum
	if sum.drill {
		lines := []string{"", s.c.styles.Subtle.Render("Topic accuracy: before → in this drill")}
		for _, t := range sum.topics {
			before := "no data"
			if t.before >= 0 {
				before = fmt.Sprintf("%.0f%%", math.Round(100*t.before))
			}
			lines = append(lines, truncate(fmt.Sprintf("  %s: %s → %s", t.topic, before, percent(t.right, t.answered)), s.width))
		}
		return lines
	}
	if len(sum.topics) > 1 && sum.topics[0].right < sum.topics[0].answered {
		w := sum.topics[0]
		return []string{truncate(fmt.Sprintf("%-10s %s (%d of %d right)", "Weakest", w.topic, w.right, w.answered), s.width)}
	}
	return nil
}

// leechLines tell which cards became leeches: they lapsed too often and
// were suspended, as Anki does, until the learner rewrites or resets them.
func (s *summaryScreen) leechLines() []string {
	n := len(s.sum.leeches)
	if n == 0 {
		return nil
	}
	st := s.c.styles
	head := fmt.Sprintf("%d %s lapsed too often and %s suspended as %s:", n, plural(n, "card", "cards"), plural(n, "was", "were"), plural(n, "a leech", "leeches"))
	lines := []string{"", st.Notice.Width(s.width).Render(head)}
	for _, front := range s.sum.leeches {
		lines = append(lines, truncate("  "+strings.Join(strings.Fields(plain(front)), " "), s.width))
	}
	where := "the browser (b on the home screen, then is:leech)"
	if s.c.standalone {
		where = "the browser: hone browse is:leech"
	}
	return append(lines, st.Subtle.Width(s.width).Render(fmt.Sprintf("Rewrite or reset %s in %s.", plural(n, "it", "them"), where)))
}

// whatsNext says what is left for today, new cards included, or when the
// next cards are due.
func (s *summaryScreen) whatsNext() string {
	switch {
	case s.due > 0 && s.fresh > 0:
		return fmt.Sprintf("%d due and %d new %s still waiting today.", s.due, s.fresh, plural(s.due+s.fresh, "card", "cards"))
	case s.due > 0:
		return fmt.Sprintf("%d %s still due today.", s.due, plural(s.due, "card is", "cards are"))
	case s.fresh > 0:
		return fmt.Sprintf("%d new %s still waiting today.", s.fresh, plural(s.fresh, "card is", "cards are"))
	case s.hasNext:
		return "Next cards are due " + dueWhen(s.next, s.c.today()) + "."
	}
	return "No cards are scheduled yet."
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
