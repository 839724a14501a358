package tui

import (
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/exp/golden"

	"github.com/hone-srs/hone/srs"
)

// browserApp is the test app with one card answered, on the browser.
func browserApp(t *testing.T, w, h int) (*App, *srs.Store, *clock) {
	a, store, clk := newTestApp(t, w, h)
	press(a, "enter", "space", "3", "q", "enter")
	clk.advance(time.Hour)
	press(a, "b")
	return a, store, clk
}

func stateOfCard(t *testing.T, store *srs.Store, id string) srs.CardState {
	t.Helper()
	states, err := store.Cards()
	if err != nil {
		t.Fatal(err)
	}
	return states[id]
}

// The browser from the home screen: the table, a search, each change to a
// card and its undo, the card's view, and the way back.
func TestBrowser(t *testing.T) {
	a, store, _ := browserApp(t, 80, 24)
	t.Run("table", func(t *testing.T) { golden.RequireEqual(t, checkFits(t, a, 80, 24)) })
	press(a, "/")
	for _, k := range "vowel" {
		press(a, string(k))
	}
	press(a, "enter")
	if got := plainView(a); !strings.Contains(got, "1 card matches") || strings.Contains(got, "What is one") {
		t.Fatalf("search:\n%s", got)
	}
	press(a, "s")
	if st := stateOfCard(t, store, "vowel"); !st.Suspended {
		t.Fatalf("s did not suspend: %+v", st)
	}
	press(a, "2")
	if st := stateOfCard(t, store, "vowel"); st.Flag != srs.FlagOrange {
		t.Fatalf("2 did not flag orange: %+v", st)
	}
	press(a, "-")
	t.Run("marked", func(t *testing.T) { golden.RequireEqual(t, checkFits(t, a, 80, 24)) })
	press(a, "enter")
	t.Run("card", func(t *testing.T) { golden.RequireEqual(t, checkFits(t, a, 80, 24)) })
	press(a, "R")
	if got := plainView(a); !strings.Contains(got, "to new, forgetting its schedule? y to reset") {
		t.Fatalf("R does not ask:\n%s", got)
	}
	press(a, "y")
	if st := stateOfCard(t, store, "vowel"); st != (srs.CardState{New: true, Flag: srs.FlagOrange}) {
		t.Fatalf("reset: %+v", st)
	}
	press(a, "u")
	if st := stateOfCard(t, store, "vowel"); !st.Suspended || st.BuriedUntil == 0 {
		t.Fatalf("undo of the reset: %+v", st)
	}
	press(a, "esc", "esc")
	if got := plainView(a); !strings.Contains(got, "1-day streak") {
		t.Fatalf("esc did not go home:\n%s", got)
	}
	// Suspended and buried, the card is out of the home screen's count.
	if got := plainView(a); !strings.Contains(got, "0 due 1 new") {
		t.Fatalf("home counts the suspended card:\n%s", got)
	}
}

// The same at 40×12.
func TestBrowserNarrow(t *testing.T) {
	a, _, _ := browserApp(t, 40, 12)
	t.Run("table", func(t *testing.T) { golden.RequireEqual(t, checkFits(t, a, 40, 12)) })
	press(a, "j", "enter")
	t.Run("card", func(t *testing.T) { golden.RequireEqual(t, checkFits(t, a, 40, 12)) })
}

// Keys typed in the search field are letters: ? and q do not leave it.
func TestBrowserTyping(t *testing.T) {
	a, _, _ := browserApp(t, 80, 24)
	press(a, "/", "q", "?")
	if a.fullHelp || a.quitting || a.browse.input.Value() != "q?" {
		t.Fatalf("keys in the search field: value %q, help %v, quit %v", a.browse.input.Value(), a.fullHelp, a.quitting)
	}
	press(a, "esc") // the search as it was
	if a.browse.input.Value() != "" || a.browse.typing() {
		t.Fatalf("esc left %q", a.browse.input.Value())
	}
	press(a, "/")
	for _, k := range "is:sleepy" {
		press(a, string(k))
	}
	press(a, "enter")
	if got := plainView(a); !strings.Contains(got, "is:sleepy is not a state") {
		t.Fatalf("a bad search says nothing:\n%s", got)
	}
}

// hone browse QUERY opens the browser on the search; leaving it quits.
func TestBrowseStart(t *testing.T) {
	clk := newClock()
	store := openTestStore(t, clk)
	query := "is:new"
	a := New(Options{Store: store, Now: clk.now, Browse: &query})
	run(a, size(80, 24))
	run(a, a.Init()())
	if got := plainView(a); !strings.Contains(got, "3 cards match") || !strings.Contains(got, "/ is:new") {
		t.Fatalf("browse is:new:\n%s", got)
	}
	press(a, "esc")
	if !a.quitting {
		t.Fatal("esc did not leave a browser started from the command line")
	}
}
