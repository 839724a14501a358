package tui

import (
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"

	"github.com/hone-srs/hone/srs"
)

func TestTerminalSafe(t *testing.T) {
	tests := []struct{ in, want string }{
		{"plain\ntext", "plain\ntext"},
		{"\x1b[1;38;2;1;2;3mbold\x1b[m \x1b[4:3mcurly\x1b[0m", "\x1b[1;38;2;1;2;3mbold\x1b[m \x1b[4:3mcurly\x1b[0m"},
		{"\x1b]8;;https://evil\x07bank.com\x1b]8;;\x07", "bank.com"},
		{"a\x1b]0;title\x1b\\b", "ab"},
		{"a\x1b[2Jb\x1b[?1049lc", "abc"},
		{"a\u009b2Jb\u009d0;t\u009cc", "abc"},
		{"a\x07\x08\rb\x9bc", "abc"},
		{"abc\u202edcb\u2066", "abcdcb"},
		{"\x1b[31", ""},
	}
	for _, tt := range tests {
		if got := terminalSafe(tt.in); got != tt.want {
			t.Errorf("terminalSafe(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// A topic whose escapes were stripped misaligned the stats table: the
// numbers of every row start in the same column, whatever the names hold.
func TestStatsTableAlignsHostileTopics(t *testing.T) {
	st := srs.Stats{Topics: []srs.TopicStats{
		{Deck: "D", Topic: "plain", Cards: 1},
		{Deck: "D", Topic: "T\x1b[31mred\x1b[0m\x1b]0;x\x07", Cards: 2},
		{Deck: "D", Topic: "wide 漢字テスト", Cards: 3},
		{Deck: "D", Topic: "bidi \u202eabc", Cards: 4},
		{Deck: "D", Topic: "zero\u200bwidth", Cards: 5},
	}}
	out := ansi.Strip(RenderStats(st, 80, true))
	lines := strings.Split(out, "\n")
	var rows []string
	for _, l := range lines {
		if strings.Contains(l, "n/a") && !strings.HasPrefix(l, "n/a") {
			rows = append(rows, l)
		}
	}
	if len(rows) != len(st.Topics) {
		t.Fatalf("%d topic rows in\n%s", len(rows), out)
	}
	for i, row := range rows {
		col := ansi.StringWidth(row[:strings.Index(row, "n/a")])
		want := ansi.StringWidth(rows[0][:strings.Index(rows[0], "n/a")])
		if col != want {
			t.Errorf("row %d %q: n/a at column %d, want %d", i, row, col, want)
		}
		if ansi.StringWidth(row) > 80 {
			t.Errorf("row %d is %d wide", i, ansi.StringWidth(row))
		}
	}
	if i, r, bad := unsafeRune(out); bad {
		t.Errorf("stats printed %U at %d", r, i)
	}
}

func unsafeRune(s string) (int, rune, bool) {
	for i, r := range s {
		if r != '\n' && (r < 0x20 || r == 0x7f || (r >= 0x80 && r <= 0x9f) || (r >= 0x202a && r <= 0x202e) || (r >= 0x2066 && r <= 0x2069)) {
			return i, r, true
		}
	}
	return 0, 0, false
}

// After the clock went backwards, the summary showed "Time -172796s", and
// the answer was logged as taking a negative time.
func TestDurationsNeverNegativeAfterAClockJump(t *testing.T) {
	a, _, clk := newTestApp(t, 80, 24)
	press(a, "enter")
	clk.advance(-48 * time.Hour)
	press(a, "space", "3", "q")
	if got := plainView(a); !strings.Contains(got, "Time       0s") {
		t.Errorf("summary after the clock went back:\n%s", got)
	}
}
