package tui

import (
	"fmt"
	"strings"
	"time"

	"github.com/hone-srs/hone/srs"
)

// RenderStats draws the stats as text of the given width, for `hone stats`:
// the stats screen draws the same with its own styles.
func RenderStats(st srs.Stats, width int, dark bool) string {
	return renderStats(st, width, newStyles(dark))
}

// renderStats draws numbers, a two-week forecast, a heatmap of the last 20
// weeks and the topics, weakest first. Charts use block and shading
// characters, so they read the same with colour off.
func renderStats(st srs.Stats, width int, s Styles) string {
	width = min(width, readableWidth) // wider, a topic's numbers drift away from its name
	var b strings.Builder
	retention := "no reviews of mature cards in the last 30 days"
	if st.HasRetention {
		retention = fmt.Sprintf("%.0f%% of reviews of mature cards (21+ days) in the last 30 days", 100*st.Retention)
	}
	recall := "no cards reviewed yet"
	if st.Seen > 0 {
		recall = fmt.Sprintf("%.0f%% predicted today, over the %d cards you have reviewed", 100*st.Recall, st.Seen)
	}
	rows := [][2]string{
		{"Today", fmt.Sprintf("%d answered · %d due · %d new available", st.ReviewsToday, st.DueToday, st.NewAvailable)},
		{"Streak", streakText(st.Streak)},
		{"Retention", retention},
		{"Recall", recall},
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
	if weeks := heatmapWeeks(width); weeks >= 4 {
		b.WriteString("\n" + s.Title.Render(fmt.Sprintf("Answers, last %d weeks", weeks)) + "\n")
		b.WriteString(heatmap(st, s, weeks) + "\n")
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

// heatmapLabel is the width of the weekday names left of the heatmap.
const heatmapLabel = 4

// heatmapWeeks is how many weeks fit in width, two columns each, at most
// the 20 the stats keep.
func heatmapWeeks(width int) int { return min((width-heatmapLabel)/2, srs.HeatmapDays/7) }

// heatmap draws the last weeks, a column each from Monday to Sunday, under
// the months they begin and above a legend of the shades.
func heatmap(st srs.Stats, s Styles, weeks int) string {
	peak := 0
	for _, n := range st.Heatmap {
		peak = max(peak, n)
	}
	// Columns are weeks starting on Monday; the last column holds today.
	weekday := (int(st.Today.Time(time.UTC).Weekday()) + 6) % 7
	start := st.Today.Add(-weekday - (weeks-1)*7)
	names := []string{"Mon", "", "Wed", "", "Fri", "", "Sun"}
	lines := []string{s.Subtle.Render(monthLabels(start, weeks))}
	for row := range 7 {
		var line strings.Builder
		line.WriteString(s.Subtle.Render(fmt.Sprintf("%-*s", heatmapLabel, names[row])))
		for week := range weeks {
			d := start.Add(week*7 + row)
			if d > st.Today {
				break
			}
			level := 0
			if n := st.Heatmap[d]; n > 0 && peak > 0 {
				level = 1 + min((n*4-1)/peak, 3)
			}
			line.WriteString(s.Heat[level].String() + " ")
		}
		lines = append(lines, strings.TrimRight(line.String(), " "))
	}
	legend := make([]string, len(s.Heat))
	for i, h := range s.Heat {
		legend[i] = h.String()
	}
	lines = append(lines, strings.Repeat(" ", heatmapLabel)+s.Subtle.Render("less ")+strings.Join(legend, " ")+s.Subtle.Render(" more"))
	return strings.Join(lines, "\n")
}

// monthLabels names each month over the first week column that starts in
// it, where there is room.
func monthLabels(start srs.Day, weeks int) string {
	line := []byte(strings.Repeat(" ", heatmapLabel+2*weeks))
	prev, free := time.Month(0), 0
	for week := range weeks {
		t := start.Add(week * 7).Time(time.UTC)
		at := heatmapLabel + 2*week
		if t.Month() != prev && at >= free && at+3 <= len(line) {
			copy(line[at:], t.Month().String()[:3])
			free = at + 4
		}
		prev = t.Month()
	}
	return strings.TrimRight(string(line), " ")
}

// footnote wraps a note to the width at word boundaries.
func footnote(s Styles, text string, width int) string {
	return s.Subtle.Width(max(width, 1)).Render(text)
}
