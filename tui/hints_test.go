package tui

import (
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/hone-srs/hone/srs"
)

func ease(v float64) []srs.Fact { return []srs.Fact{{Name: "ease", Short: "Ease", Value: v}} }

func stabDiff(s, d float64) []srs.Fact {
	return []srs.Fact{{Name: "stability", Short: "Stab", Value: s, Days: true}, {Name: "difficulty", Short: "Diff", Value: d}}
}

// The grade hints: Again says today; grades with one interval say it once
// and what else differs between them; different intervals stand alone.
func TestHintRuns(t *testing.T) {
	for _, c := range []struct {
		name   string
		hints  [4]srs.Hint
		before []srs.Fact
		want   []hintRun
	}{
		{"SM-2, a new card", [4]srs.Hint{{Days: 1, Facts: ease(1.96)}, {Days: 1, Facts: ease(2.36)}, {Days: 1, Facts: ease(2.5)}, {Days: 1, Facts: ease(2.6)}},
			ease(math.NaN()),
			[]hintRun{{0, 0, "today", ""}, {1, 3, "1d", "ease 2.36/2.50/2.60"}}},
		{"SM-2, a learned card", [4]srs.Hint{{Days: 1, Facts: ease(1.96)}, {Days: 6, Facts: ease(2.36)}, {Days: 6, Facts: ease(2.5)}, {Days: 6, Facts: ease(2.6)}},
			ease(2.5),
			[]hintRun{{0, 0, "today", ""}, {1, 3, "6d", "ease −0.14/±0/+0.10"}}},
		{"FSRS, four intervals", [4]srs.Hint{{Days: 1, Facts: stabDiff(0.2, 7)}, {Days: 3, Facts: stabDiff(1.3, 6)}, {Days: 8, Facts: stabDiff(2.3, 5)}, {Days: 70, Facts: stabDiff(8.3, 3)}},
			stabDiff(math.NaN(), math.NaN()),
			[]hintRun{{0, 0, "today", ""}, {1, 1, "3d", ""}, {2, 2, "8d", ""}, {3, 3, "2mo", ""}}},
		{"two alike, stability differs", [4]srs.Hint{{Days: 1, Facts: stabDiff(0.5, 7)}, {Days: 2, Facts: stabDiff(2.4, 6)}, {Days: 2, Facts: stabDiff(2.6, 6)}, {Days: 9, Facts: stabDiff(9, 5)}},
			stabDiff(2, 6),
			[]hintRun{{0, 0, "today", ""}, {1, 2, "2d", "stability +0.4d/+0.6d"}, {3, 3, "9d", ""}}},
		{"alike in everything", [4]srs.Hint{{Days: 1, Facts: ease(2.5)}, {Days: 4, Facts: ease(2.5)}, {Days: 4, Facts: ease(2.5)}, {Days: 5, Facts: ease(2.5)}},
			ease(2.5),
			[]hintRun{{0, 0, "today", ""}, {1, 2, "4d", ""}, {3, 3, "5d", ""}}},
	} {
		if got := hintRuns(c.hints, c.before); !slices.Equal(got, c.want) {
			t.Errorf("%s:\n got %+v\nwant %+v", c.name, got, c.want)
		}
	}
}

// The hints say as much as fits: at 80 columns the ease changes, at 60 the
// intervals alone, in a narrow window the keys.
func TestHintsFit(t *testing.T) {
	for _, c := range []struct {
		w    int
		want string
	}{
		{80, "1 Again · today  2 Hard  3 Good  4 Easy · 1d · ease 2.36/2.50/2.60"},
		{60, "1 Again · today  2 Hard  3 Good  4 Easy · 1d"},
		{44, "1 Again  2 Hard  3 Good  4 Easy"},
	} {
		a, _, _ := newTestApp(t, c.w, 24)
		press(a, "enter", "space")
		if got := plainView(a); !strings.Contains(got, c.want+" ") && !strings.Contains(got, c.want+"\n") {
			t.Errorf("%d columns: no %q in\n%s", c.w, c.want, got)
		}
	}
}
