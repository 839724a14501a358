package tui

import (
	"fmt"
	"strings"
	"time"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/hone-srs/hone/deck"
	"github.com/hone-srs/hone/srs"
)

// RenderStats draws the stats as text of the given width: numbers, a
// two-week forecast, a heatmap of the last 20 weeks and the topics, weakest
// first. Charts use block and shading characters, so they read the same
// with colour off. `hone stats` prints it; the stats screen scrolls it.
func RenderStats(st srs.Stats, width int, dark bool) string {
	s := newStyles(dark)
	var b strings.Builder
	retention := "no reviews of mature cards in the last 30 days"
	if st.HasRetention {
		retention = fmt.Sprintf("%.0f%% of reviews of mature cards (21+ days) in the last 30 days", 100*st.Retention)
	}
	rows := [][2]string{
		{"Today", fmt.Sprintf("%d answered · %d due · %d new available", st.ReviewsToday, st.DueToday, st.NewAvailable)},
		{"Streak", streakText(st.Streak)},
		{"Retention", retention},
	}
	for _, r := range rows {
		b.WriteString(truncate(s.Subtle.Render(fmt.Sprintf("%-10s ", r[0]))+r[1], width) + "\n")
	}
	// Each day takes four columns; a narrow window shows the first week.
	days := srs.ForecastDays
	if width < 4*srs.ForecastDays {
		days = min(max(width/4, 1), 7)
	}
	b.WriteString("\n" + s.Title.Render(fmt.Sprintf("Due in the next %d days", days)) + "\n")
	b.WriteString(forecastChart(st, s, days) + "\n")
	if width >= 50 {
		b.WriteString("\n" + s.Title.Render("Answers, last 20 weeks") + "\n")
		b.WriteString(heatmap(st, s) + "\n")
	}
	b.WriteString("\n" + s.Title.Render("Topics, weakest first") + "\n")
	b.WriteString(topicTable(st.Topics, s, width))
	return strings.TrimRight(b.String(), "\n")
}

// eighths are the partial blocks a bar's top is drawn with.
var eighths = []rune(" ▁▂▃▄▅▆▇█")

const chartRows = 5

func forecastChart(st srs.Stats, s Styles, days int) string {
	forecast := st.Forecast[:days]
	peak := 0
	for _, n := range forecast {
		peak = max(peak, n)
	}
	var lines []string
	for row := chartRows - 1; row >= 0; row-- {
		var line strings.Builder
		for _, n := range forecast {
			// Height in eighths of a row; any due card shows at least one.
			h := 0
			if peak > 0 && n > 0 {
				h = max(n*chartRows*8/peak, 1)
			}
			fill := min(max(h-row*8, 0), 8)
			line.WriteString(" " + strings.Repeat(string(eighths[fill]), 2) + " ")
		}
		lines = append(lines, s.Due.Render(strings.TrimRight(line.String(), " ")))
	}
	var counts, names strings.Builder
	for i, n := range forecast {
		counts.WriteString(fmt.Sprintf("%3d ", n))
		t := st.Today.Add(i).Time(time.UTC)
		names.WriteString(fmt.Sprintf(" %s ", t.Weekday().String()[:2]))
	}
	lines = append(lines, s.Count.Render(strings.TrimRight(counts.String(), " ")), s.Subtle.Render(strings.TrimRight(names.String(), " ")))
	return strings.Join(lines, "\n")
}

// shades go from no answers to the busiest days.
var shades = []string{"·", "░", "▒", "▓", "█"}

func heatmap(st srs.Stats, s Styles) string {
	peak := 0
	for _, n := range st.Heatmap {
		peak = max(peak, n)
	}
	// Columns are weeks starting on Monday; the last column holds today.
	weekday := (int(st.Today.Time(time.UTC).Weekday()) + 6) % 7
	start := st.Today.Add(-weekday - 19*7)
	names := []string{"Mon", "", "Wed", "", "Fri", "", "Sun"}
	var lines []string
	for row := range 7 {
		var line strings.Builder
		line.WriteString(s.Subtle.Render(fmt.Sprintf("%-4s", names[row])))
		for week := range 20 {
			d := start.Add(week*7 + row)
			if d > st.Today {
				break
			}
			n := st.Heatmap[d]
			level := 0
			if n > 0 && peak > 0 {
				level = 1 + min((n*4-1)/peak, 3)
			}
			line.WriteString(lipgloss.NewStyle().Foreground(s.Heat[level]).Render(shades[level]) + " ")
		}
		lines = append(lines, strings.TrimRight(line.String(), " "))
	}
	return strings.Join(lines, "\n")
}

func topicTable(topics []srs.TopicStats, s Styles, width int) string {
	if len(topics) == 0 {
		return s.Subtle.Render("no topics yet")
	}
	const nums = " cards  seen  acc.  lapses    EF  weak"
	nameW := max(width-len(nums)-1, 8)
	lines := []string{s.Subtle.Render(fmt.Sprintf("%-*s %s", nameW, "topic", nums))}
	for _, t := range topics {
		// Names are padded by the cells they take, not by their bytes or
		// runes, so wide and zero-width characters keep the columns.
		name := truncate(deck.SanitizeLine(t.Topic), nameW)
		name += strings.Repeat(" ", max(nameW-ansi.StringWidth(name), 0))
		acc, ef, weak := "  –", "   –", "   –"
		if t.Answers > 0 {
			acc = fmt.Sprintf("%4s", percent(t.Right, t.Answers))
		}
		if t.Seen > 0 {
			ef = fmt.Sprintf("%.2f", t.AvgEF)
		}
		if t.Enough {
			weak = fmt.Sprintf("%.2f", t.Weakness)
		} else {
			weak = "n/a"
		}
		line := fmt.Sprintf("%s %6d %5d %5s %7d %5s %5s", name, t.Cards, t.Seen, acc, t.Lapses, ef, weak)
		if !t.Enough {
			line = s.Muted.Render(line)
		}
		lines = append(lines, truncate(line, width))
	}
	if !topics[len(topics)-1].Enough {
		lines = append(lines, s.Subtle.Render(truncate(fmt.Sprintf("n/a: fewer than %d answers in %d days, not enough data to rank", srs.MinAnswers, srs.AccuracyWindow), width)))
	}
	return strings.Join(lines, "\n")
}
