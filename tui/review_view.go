package tui

import (
	"fmt"
	"strings"

	"charm.land/lipgloss/v2"

	"github.com/hone-srs/hone/deck"
	"github.com/hone-srs/hone/srs"
)

// readableWidth is the widest a card's text runs: longer lines are hard to
// read, so on a wide terminal the card stays this wide, centred.
const readableWidth = 100

// boxWidth is the width of the card with its border.
func (r *reviewScreen) boxWidth() int {
	if r.compact() {
		return r.width
	}
	return min(r.width, readableWidth+r.c.styles.Card.GetHorizontalFrameSize())
}

// textWidth is the width of the card's text.
func (r *reviewScreen) textWidth() int {
	if r.compact() {
		return max(r.width, 1)
	}
	return max(r.boxWidth()-r.c.styles.Card.GetHorizontalFrameSize(), 1)
}

func (r *reviewScreen) View() string {
	if !r.has {
		if r.loading != "" {
			return r.c.styles.Subtle.Render("loading…")
		}
		return ""
	}
	s := r.c.styles
	w := r.boxWidth()
	actions := r.actions()
	if more := s.Notice.Render("  ↓ more: pgdn"); !r.vp.AtBottom() && lipgloss.Width(actions+more) <= w {
		actions += more
	}
	actions = truncate(actions, w)
	if r.compact() {
		return lipgloss.JoinVertical(lipgloss.Left, r.header(w), r.vp.View(), actions)
	}
	total := max(r.session.Total(), 1)
	bar := r.bar.ViewAs(float64(r.session.Done()) / float64(total))
	if r.box == "" || r.boxTop != r.vp.YOffset() {
		r.box, r.boxTop = s.Card.Width(w).Render(r.vp.View()), r.vp.YOffset()
	}
	// The root pads every line to one width, so a plain join does what
	// JoinVertical would, without measuring every line once more.
	return indent(r.header(w)+"\n"+bar+"\n"+r.box+"\n"+actions, (r.width-w)/2)
}

// indent moves every line of s right by n spaces.
func indent(s string, n int) string {
	if n <= 0 {
		return s
	}
	pad := strings.Repeat(" ", n)
	return pad + strings.ReplaceAll(s, "\n", "\n"+pad)
}

// header names the deck the card comes from (and its topic, once
// answered) and counts what is left, as Anki does: new, learning and review cards, each in its colour. The arrows say
// the card goes on beyond the view.
func (r *reviewScreen) header(w int) string {
	s := r.c.styles
	// The topic can give the answer away ("Which practice…?" under
	// "Incident management"), so it shows once the card is answered.
	where := r.cur.item.Card.Deck
	if t := r.cur.item.Card.Topic; t != "" && (r.cur.view.revealed || r.cur.view.answered) {
		where += " · " + t
	}
	if r.kind == srs.Drill {
		where = "drill · " + where
	}
	left := r.session.Left(r.c.today())
	parts := []struct {
		n     int
		label string
		style lipgloss.Style
	}{{left.New, " new", s.New}, {left.Learning, " learning", s.Learning}, {left.Review, " review", s.Right}}
	var counts []string
	for _, p := range parts {
		c := p.style.Render(fmt.Sprint(p.n))
		if !r.compact() {
			c += s.Count.Render(p.label)
		}
		counts = append(counts, c)
	}
	count := strings.Join(counts, s.Count.Render(" · "))
	switch up, down := !r.vp.AtTop(), !r.vp.AtBottom(); {
	case up && down:
		count = s.Count.Render("↑↓ ") + count
	case up:
		count = s.Count.Render("↑ ") + count
	case down:
		count = s.Count.Render("↓ ") + count
	}
	return spread(s.Subtle.Render(truncate(where, w-lipgloss.Width(count)-1)), count, w)
}

// actions is the line under the card: what the keys will do now.
func (r *reviewScreen) actions() string {
	s := r.c.styles
	c := r.cur.item.Card
	switch {
	case r.leaving:
		return s.Subtle.Render("saving, then leaving…")
	case r.busy:
		return s.Subtle.Render("saving…")
	case c.Kind == deck.Choice && r.cur.pending == nil:
		n := len(r.cur.view.order)
		return s.Subtle.Render(fmt.Sprintf("press %s–%s to answer", optionKeys[:1], optionKeys[n-1:n]))
	case c.Kind == deck.Choice && r.compact():
		return r.grades(r.cur.pending.q, r.boxWidth())
	case c.Kind == deck.Choice:
		next := "enter next · "
		return s.Subtle.Render(next) + r.grades(r.cur.pending.q, r.boxWidth()-len(next))
	case !r.cur.view.revealed:
		return s.Subtle.Render("space to reveal")
	case r.cur.repeat && r.kind == srs.Review && !r.compact():
		// A same-day repeat: the day's first grade set the schedule.
		note := "  · repeat, schedule already set"
		return r.grades(0, r.boxWidth()-len(note)) + s.Subtle.Render(note)
	}
	return r.grades(0, r.boxWidth())
}

// grades labels the four grade keys with what each would do, or marks the
// automatic grade of a choice card. The hints say as much as fits: the
// intervals and what else differs where grades share one, then the
// intervals alone, then the keys.
func (r *reviewScreen) grades(auto srs.Quality, room int) string {
	var runs []hintRun
	if r.kind == srs.Review && !r.cur.repeat && !r.compact() {
		runs = hintRuns(r.cur.item.Hints(r.c.today()))
	}
	line := r.gradeLine(auto, runs, true)
	if lipgloss.Width(line) > room {
		line = r.gradeLine(auto, runs, false)
	}
	if lipgloss.Width(line) > room {
		line = r.gradeLine(auto, nil, false)
	}
	return line
}

// gradeLine draws the grade keys, in runs that share a hint when runs are
// given, with what differs within a run when detail is set.
func (r *reviewScreen) gradeLine(auto srs.Quality, runs []hintRun, detail bool) string {
	s := r.c.styles
	key := func(i int) string {
		q := srs.Grades[i]
		label := s.GradeKey.Render(fmt.Sprint(i+1)) + " " + s.Grade.Render(gradeNames[q])
		if q == auto {
			label = s.Selected.Render("[") + label + s.Selected.Render("]")
		}
		return label
	}
	if runs == nil {
		runs = []hintRun{{from: 0, to: 0}, {from: 1, to: 1}, {from: 2, to: 2}, {from: 3, to: 3}}
	}
	var out []string
	for _, run := range runs {
		var keys []string
		for i := run.from; i <= run.to; i++ {
			keys = append(keys, key(i))
		}
		part := strings.Join(keys, "  ")
		if run.when != "" {
			part += s.Grade.Render(" · " + run.when)
		}
		if detail && run.differs != "" {
			part += s.Grade.Render(" · " + run.differs)
		}
		out = append(out, part)
	}
	return strings.Join(out, "  ")
}

var gradeNames = map[srs.Quality]string{srs.Again: "Again", srs.Hard: "Hard", srs.Good: "Good", srs.Easy: "Easy"}

// interval words a number of days briefly.
func interval(days int) string {
	switch {
	case days < 60:
		return fmt.Sprintf("%dd", days)
	case days < 365:
		return fmt.Sprintf("%dmo", (days+15)/30)
	}
	return fmt.Sprintf("%.1fy", float64(days)/365)
}
