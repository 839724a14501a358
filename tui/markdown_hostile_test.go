package tui

import (
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// hostileCards are texts built to be slow to parse or draw, each as large as
// the budgets let through: runs of lines just under maxFormatRun, parted by
// blank lines, up to maxFormatBytes in all.
func hostileCards() map[string]string {
	patterns := map[string]string{
		"brackets":        "[",
		"image brackets":  "![",
		"open links":      "[a](",
		"stars":           "*",
		"open emphasis":   "*a ",
		"mixed emphasis":  "a*b_",
		"nested emphasis": "*a **b ",
		"marks":           "a==b ",
		"equals":          "=",
		"backticks":       "`a``",
		"tildes":          "~~a ",
		"angles":          "<a ",
		"references":      "&#",
		"entities":        "&amp;",
		"links":           "[a](b) ",
		"words":           "word ",
		"cjk":             "日本語",
		"emoji":           "👩‍💻",
		"long line":       "x",
		"list items":      "- a\n",
		"deep quotes":     strings.Repeat(">", maxFormatDepth) + " a\n",
		"deep lists":      strings.Repeat("- ", maxFormatDepth) + "a\n",
		"hard breaks":     "a  \n",
		"table rows":      "|x|y|\n",
		"html":            "<div>\n",
	}
	cards := map[string]string{}
	for name, p := range patterns {
		run := strings.Repeat(p, (maxFormatRun-64)/len(p))
		if strings.HasPrefix(name, "table") {
			run = "|a|b|\n|-|-|\n" + run
		}
		var b strings.Builder
		for b.Len()+len(run)+2 <= maxFormatBytes {
			b.WriteString(run)
			b.WriteString("\n\n")
		}
		cards[name] = b.String()
	}
	cards["code"] = "```\n" + strings.Repeat(strings.Repeat("\tx\n", 2000)+"\n", 2) + "```"
	cards["wide table"] = strings.Repeat("|a", 1000) + "\n" + strings.Repeat("|-", 1000) + "\n" + strings.Repeat("|b", 1000)
	return cards
}

// Every hostile card within the budgets is formatted, not refused, and in
// far less than a second: the bounds keep goldmark's slow cases small. (On
// a quiet machine each takes a few milliseconds; BenchmarkMarkdownHostile
// measures them.)
func TestHostileCardsAreFormattedQuickly(t *testing.T) {
	p := newCardParser()
	s := newStyles(true).Markdown
	for name, src := range hostileCards() {
		if why := overBudget(src); why != "" {
			t.Errorf("%s: %d bytes refused: %s", name, len(src), why)
			continue
		}
		start := time.Now()
		out := formatCard(p, src, 40, s, new(atomic.Bool))
		if took := time.Since(start); took > raceSlowdown*500*time.Millisecond {
			t.Errorf("%s: %d bytes took %v", name, len(src), took)
		}
		checkWidth(t, out, 40)
	}
}

func BenchmarkMarkdownHostile(b *testing.B) {
	p := newCardParser()
	s := newStyles(true).Markdown
	for name, src := range hostileCards() {
		b.Run(strings.ReplaceAll(name, " ", "-"), func(b *testing.B) {
			for b.Loop() {
				formatCard(p, src, 40, s, new(atomic.Bool))
			}
		})
	}
}
