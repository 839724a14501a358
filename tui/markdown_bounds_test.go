package tui

import (
	"strings"
	"testing"
	"time"
)

// renderWithin renders src and fails the test if that takes longer than
// limit: a hostile card must never hold the UI.
func renderWithin(t *testing.T, src string, width int, limit time.Duration) string {
	t.Helper()
	done := make(chan string, 1)
	go func() { done <- (&markdown{}).render(src, width, true) }()
	select {
	case out := <-done:
		return out
	case <-time.After(limit):
		t.Fatalf("rendering %d bytes took longer than %v", len(src), limit)
		return ""
	}
}

// Issue 17 §1: a back with 80 nested quotes hung hone on reveal.
func TestRenderDeepQuotesIsBounded(t *testing.T) {
	src := strings.Repeat(">", 80) + " deep\n"
	out := renderWithin(t, src, 60, 2*time.Second)
	if !strings.Contains(out, "deep") {
		t.Errorf("the card's text is lost:\n%s", out)
	}
}

// Issue 17 §1: a 60,000-`>` card took seconds to parse.
func TestRenderHugeQuoteRunIsBounded(t *testing.T) {
	src := strings.Repeat(">", 60000) + " end\n"
	out := renderWithin(t, src, 60, 2*time.Second)
	if !strings.Contains(out, "end") {
		t.Errorf("the card's text is lost")
	}
}
