package tui

import (
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/exp/golden"

	"github.com/hone-srs/hone/srs"
)

// moreApp is the test app with a limit of one new card a day, its day's
// work done.
func moreApp(t *testing.T, w, h int) (*App, *srs.Store, *clock) {
	clk := newClock()
	store := openTestStore(t, clk)
	a := New(Options{Store: store, Now: clk.now, Limits: Limits{Reviews: 200, NewPerDeck: 1}})
	run(a, size(w, h))
	run(a, a.Init()())
	press(a, "enter", "space", "3", "enter")
	return a, store, clk
}

// After the day's work, home offers study more; n takes new cards beyond
// the day's limit, and they count as the day's new cards.
func TestStudyMoreNew(t *testing.T) {
	a, store, clk := moreApp(t, 80, 24)
	if got := plainView(a); !strings.Contains(got, "All done for today: m to study more. Next cards are due tomorrow.") {
		t.Fatalf("home after the day's work:\n%s", got)
	}
	t.Run("home", func(t *testing.T) { golden.RequireEqual(t, checkFits(t, a, 80, 24)) })
	press(a, "m")
	t.Run("panel", func(t *testing.T) { golden.RequireEqual(t, checkFits(t, a, 80, 24)) })
	press(a, "esc")
	if a.home.more {
		t.Fatal("esc did not close the panel")
	}
	press(a, "m", "n")
	if got := plainView(a); !strings.Contains(got, "What is two?") || !strings.Contains(got, "2 new · 0 learning") {
		t.Fatalf("study more, new cards:\n%s", got)
	}
	press(a, "space", "3")
	pick(t, a, "E")
	press(a, "enter", "enter")
	counts, err := store.Counts(srs.DayOf(clk.now()))
	if err != nil {
		t.Fatal(err)
	}
	if n := counts["Test deck"]; n.NewToday != 3 || n.NewUnseen != 0 {
		t.Fatalf("counts after study more: %+v", n)
	}
}

// r reviews ahead: the cards due soonest, logged as early reviews and
// scheduled from the day they were given.
func TestStudyMoreAhead(t *testing.T) {
	a, store, clk := moreApp(t, 80, 24)
	clk.advance(24 * time.Hour)
	press(a, "a", "space", "3", "q", "enter") // one: due again in 6 days
	clk.advance(2 * 24 * time.Hour)
	press(a, "m", "r")
	if got := plainView(a); !strings.Contains(got, "What is one?") || !strings.Contains(got, "0 new · 0 learning · 1 review") {
		t.Fatalf("review ahead:\n%s", got)
	}
	press(a, "space", "3")
	today := srs.DayOf(clk.now())
	states, _ := store.Cards()
	want := srs.CardState{Memory: srs.SM2{Reps: 3, Interval: 15, EF: 2.5}, Due: today.Add(15), LastDay: today, Reviews: 3}
	for id, st := range states {
		if st.Reviews == 3 && st != want {
			t.Fatalf("card %s after an early review: %+v, want %+v", id, st, want)
		}
	}
	press(a, "enter", "m", "r")
	if got := plainView(a); !strings.Contains(got, `no cards to review ahead in "Test deck"`) {
		t.Fatalf("nothing left ahead:\n%s", got)
	}
}

func TestStudyMoreNarrow(t *testing.T) {
	a, _, _ := moreApp(t, 40, 12)
	press(a, "m")
	golden.RequireEqual(t, checkFits(t, a, 40, 12))
}
