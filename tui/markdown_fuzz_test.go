package tui

import (
	"fmt"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"
)

// FuzzMarkdown renders any text at any width. It must not panic, must take
// a bounded time (the parse and drawing themselves, not only the budget
// that hides a slow one), must keep to the width, and must write no escape
// sequence but the styles' own.
func FuzzMarkdown(f *testing.F) {
	for _, c := range cardConstructs {
		f.Add(c.src, uint8(40))
	}
	f.Add(strings.Repeat(">", 30)+" x", uint8(20))
	f.Add("| a | b |\n| - | - |\n| 日本 | 👩‍💻 |", uint8(3))
	f.Add("- [x] ==**`a`**==\n  > ```\n  > \tb", uint8(1))
	p := newCardParser()
	s := newStyles(true).Markdown
	f.Fuzz(func(t *testing.T, src string, w uint8) {
		width := max(int(w), 2)
		// A hang is a failure too: the fuzzer keeps the input that
		// crashed its worker.
		limit := raceSlowdown * 2 * time.Second
		watchdog := time.AfterFunc(limit, func() {
			panic(fmt.Sprintf("%d bytes at width %d took over %v: %.200q", len(src), width, limit, src))
		})
		defer watchdog.Stop()
		start := time.Now()
		var out string
		if why := overBudget(src); why != "" {
			out = plainCard(src, width, s, why)
		} else {
			out = formatCard(p, src, width, s, new(atomic.Bool))
		}
		if took := time.Since(start); took > raceSlowdown*time.Second {
			t.Fatalf("%d bytes took %v", len(src), took)
		}
		assertOnlyStyles(t, src, out)
		for i, l := range strings.Split(out, "\n") {
			if lw := ansi.StringWidth(l); lw > width {
				t.Fatalf("line %d is %d wide, over %d: %q", i+1, lw, width, ansi.Strip(l))
			}
		}
	})
}
