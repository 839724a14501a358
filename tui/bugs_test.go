package tui

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/hone-srs/hone/deck"
	"github.com/hone-srs/hone/srs"
)

// newAppOn opens the app on a store holding the given deck source.
func newAppOn(t *testing.T, src string, w, h int) (*App, *srs.Store, *clock) {
	t.Helper()
	clk := newClock()
	store := openStoreWith(t, clk, src)
	a := New(Options{Store: store, Now: clk.now, Limits: Limits{Reviews: 200, NewPerDeck: 20}})
	run(a, size(w, h))
	run(a, a.Init()())
	return a, store, clk
}

// A choice card with more options than keys (the parser refuses one, but a
// store may hold it) shows only the options it has keys for, the right one
// among them, and no key reaches past them.
func TestMoreOptionsThanKeys(t *testing.T) {
	var opts []deck.Option
	for i := range 9 {
		opts = append(opts, deck.Option{Letter: string(rune('A' + i)), Text: fmt.Sprintf("option %d", i+1)})
	}
	d := deck.Deck{Name: "Nine", Topics: []deck.Topic{{Name: "T"}}, Cards: []deck.Card{{
		ID: "nine", Deck: "Nine", Topic: "T", Kind: deck.Choice, Front: "Which?",
		Options: opts, Correct: 8, Explanation: "**I** is right.",
	}}}
	clk := newClock()
	store := openStoreWith(t, clk, testDeck)
	if _, err := store.SyncDeck(d, "nine.md", false); err != nil {
		t.Fatal(err)
	}
	a := New(Options{Store: store, Now: clk.now, Limits: Limits{Reviews: 200, NewPerDeck: 20}})
	run(a, size(80, 24))
	run(a, a.Init()())
	press(a, "enter")
	view := plainView(a)
	if !strings.Contains(view, "Which?") || !strings.Contains(view, "press a–h to answer") {
		t.Fatalf("the card is not shown with its eight keys:\n%s", view)
	}
	if strings.Contains(view, "I) ") || !strings.Contains(view, "option 9") {
		t.Fatalf("more than eight options drawn, or the right one left out:\n%s", view)
	}
	press(a, "i") // past the last key: nothing
	if strings.Contains(plainView(a), "Not quite") || strings.Contains(plainView(a), "Right.") {
		t.Fatalf("a key past the options answered:\n%s", plainView(a))
	}
	pick(t, a, "option 9")
	if !strings.Contains(plainView(a), "✓ Right.") {
		t.Fatalf("the right option was not right:\n%s", plainView(a))
	}
}

// A back with tabs keeps the card's box whole: every line as wide as the
// window at most, and the right border on every line of the box.
func TestTabsKeepTheBox(t *testing.T) {
	src := "---\ndeck: Tabs\n---\n# Go\n## A loop?\n```go\nfor {\n\tif done() {\n\t\treturn\n\t}\n}\n```\n\nA line\twith a tab.\n"
	for _, sz := range [][2]int{{80, 24}, {40, 12}} {
		a, _, _ := newAppOn(t, src, sz[0], sz[1])
		press(a, "enter", "space")
		view := checkFits(t, a, sz[0], sz[1])
		if !strings.Contains(view, "return") {
			t.Fatalf("%dx%d: the back is not shown:\n%s", sz[0], sz[1], view)
		}
		if sz[0] < 80 {
			continue // no box in a compact window
		}
		inBox := false
		for _, l := range strings.Split(view, "\n") {
			l = strings.TrimRight(l, " ")
			switch {
			case strings.Contains(l, "╭"):
				inBox = true
			case strings.Contains(l, "╰"):
				inBox = false
			case inBox && !strings.HasSuffix(l, "│"):
				t.Errorf("%dx%d: a line of the box lost its border: %q", sz[0], sz[1], l)
			}
		}
	}
}

// With more decks than fit, the home list scrolls with the cursor, and
// enter opens the deck that is shown selected.
func TestHomeListScrolls(t *testing.T) {
	var src strings.Builder
	clk := newClock()
	store := openStoreWith(t, clk, testDeck)
	for i := range 30 {
		src.Reset()
		fmt.Fprintf(&src, "---\ndeck: Deck %02d\n---\n# Topic\n## Card of deck %02d\nBack.\n", i+1, i+1)
		d, diags := deck.ParseBytes("d.md", []byte(src.String()))
		if err := diags.Err(); err != nil {
			t.Fatal(err)
		}
		if _, err := store.SyncDeck(d, fmt.Sprintf("d%02d.md", i), false); err != nil {
			t.Fatal(err)
		}
	}
	a := New(Options{Store: store, Now: clk.now, Limits: Limits{Reviews: 200, NewPerDeck: 20}})
	run(a, size(100, 30))
	run(a, a.Init()())
	for range 30 {
		press(a, "j")
	}
	view := checkFits(t, a, 100, 30)
	if !strings.Contains(view, "> Test deck") {
		t.Fatalf("the selected deck (the last) is not on screen:\n%s", view)
	}
	if !strings.Contains(view, "↑ more") || strings.Contains(view, "Deck 01") {
		t.Fatalf("the list did not scroll, or says nothing of the decks above:\n%s", view)
	}
	for range 5 {
		press(a, "k")
	}
	view = plainView(a)
	if !strings.Contains(view, "> Deck 26") {
		t.Fatalf("moving up lost the cursor:\n%s", view)
	}
	press(a, "enter")
	if got := plainView(a); !strings.Contains(got, "Card of deck 26") {
		t.Fatalf("enter did not open the deck shown selected:\n%s", got)
	}
}

// gatedStore holds each answer until the test lets it through, so that a
// key can arrive while an answer is being saved.
type gatedStore struct {
	*srs.Store
	fail bool
}

func (g gatedStore) Answer(id string, q srs.Quality, k srs.EntryKind, took time.Duration) (srs.AnswerResult, error) {
	if g.fail {
		return srs.AnswerResult{}, errors.New("disk full")
	}
	return g.Store.Answer(id, q, k, took)
}

// q while an answer is being saved waits for it: the summary counts it, or
// says that it failed.
func TestQuitWhileSaving(t *testing.T) {
	for _, fail := range []bool{false, true} {
		clk := newClock()
		store := gatedStore{openTestStore(t, clk), fail}
		a := New(Options{Store: store, Now: clk.now, Limits: Limits{Reviews: 200, NewPerDeck: 20}})
		run(a, size(80, 24))
		run(a, a.Init()())
		press(a, "enter", "space")
		_, save := a.Update(keyPress("3")) // the answer is on its way
		run(a, keyPress("q"))
		if !strings.Contains(plainView(a), "saving, then leaving") {
			t.Fatalf("fail=%v: q during the save did not wait:\n%s", fail, plainView(a))
		}
		run(a, save())
		got := plainView(a)
		switch {
		case !fail && (!strings.Contains(got, "Answers    1") || !strings.Contains(got, "ended with 2 cards to go")):
			t.Fatalf("the summary does not count the answer saved while leaving:\n%s", got)
		case fail && !strings.Contains(got, "answer not saved: disk full"):
			t.Fatalf("a failed save on the way out is not shown:\n%s", got)
		}
	}
}

// A card taken out of its deck while it is on screen (a re-import in
// another window) is said so in words, and the session goes on.
func TestCardRemovedUnderReview(t *testing.T) {
	a, store, _ := newTestApp(t, 80, 24)
	press(a, "enter", "space")
	d, _ := deck.ParseBytes("test.md", []byte(testDeck))
	d.Cards, d.Hash = d.Cards[1:], "" // "What is one?" is gone
	if _, err := store.SyncDeck(d, "test.md", false); err != nil {
		t.Fatal(err)
	}
	press(a, "3")
	got := plainView(a)
	if !strings.Contains(got, "“What is one?” was taken out of its deck") || !strings.Contains(got, "What is two?") {
		t.Fatalf("the removed card was not explained and passed:\n%s", got)
	}
	if strings.Contains(got, d.Cards[0].ID[:8]) || strings.Contains(got, "answer card") {
		t.Fatalf("an internal id or message leaked:\n%s", got)
	}
}

// The summary's footer says what its keys do: after `hone review` enter
// leaves hone; after q mid-session it does not say the session is done;
// and what is still waiting counts new cards.
func TestSummaryTellsTheTruth(t *testing.T) {
	clk := newClock()
	store := openTestStore(t, clk)
	a := New(Options{Store: store, Now: clk.now, Limits: Limits{Reviews: 200, NewPerDeck: 20}, Start: &Scope{}})
	run(a, size(80, 24))
	run(a, a.Init()())
	press(a, "space", "3", "q")
	got := plainView(a)
	for _, want := range []string{"Session ended with 2 cards to go", "2 new cards are still waiting today.", "enter quit", "u undo last answer"} {
		if !strings.Contains(got, want) {
			t.Errorf("summary after q in `hone review` lacks %q:\n%s", want, got)
		}
	}
	if strings.Contains(got, "Session done") || strings.Contains(got, "enter home") {
		t.Errorf("summary says what is not so:\n%s", got)
	}
}

// Undo from the summary takes the last answer back, in the store too, and
// shows its card again.
func TestUndoFromSummary(t *testing.T) {
	a, store, _ := newTestApp(t, 80, 24)
	press(a, "enter", "space", "3", "space", "3")
	pick(t, a, "E")
	press(a, "enter")
	if !strings.Contains(plainView(a), "Session done") {
		t.Fatalf("no summary:\n%s", plainView(a))
	}
	press(a, "u")
	got := plainView(a)
	if !strings.Contains(got, "Which letter is a vowel?") || strings.Contains(got, "Right.") {
		t.Fatalf("undo from the summary did not bring the last card back unanswered:\n%s", got)
	}
	states, err := store.Cards()
	if err != nil {
		t.Fatal(err)
	}
	if !states["vowel"].New {
		t.Fatalf("the undone answer is still in the store: %+v", states["vowel"])
	}
	pick(t, a, "E")
	press(a, "enter")
	if got := plainView(a); !strings.Contains(got, "Session done") || !strings.Contains(got, "Answers    3") {
		t.Fatalf("the session did not end again with three answers:\n%s", got)
	}
}

// Hidden decks count for nothing on home.
func TestHomeWithEveryDeckHidden(t *testing.T) {
	clk := newClock()
	store := openTestStore(t, clk)
	a := New(Options{Store: store, Now: clk.now, Limits: Limits{Reviews: 200, NewPerDeck: 20}})
	run(a, size(80, 24))
	run(a, a.Init()())
	press(a, "enter", "space", "3", "q", "enter") // one card learned, due tomorrow
	if err := store.SetHidden("Test deck", true); err != nil {
		t.Fatal(err)
	}
	run(a, a.home.load()())
	got := plainView(a)
	if !strings.Contains(got, "All 1 deck is hidden") || strings.Contains(got, "No decks yet") || strings.Contains(got, "Next cards are due") {
		t.Fatalf("home counts a hidden deck:\n%s", got)
	}
}

// The footer names only the keys the card on screen has: a-c for three
// options, and no choice keys in a flashcard's full help.
func TestHelpMatchesTheCard(t *testing.T) {
	a, _, _ := newTestApp(t, 80, 24)
	press(a, "enter", "?")
	full := plainView(a)
	for _, no := range []string{"answer", "choose", "change grade", "next"} {
		if strings.Contains(full, no) {
			t.Errorf("a flashcard's full help lists %q:\n%s", no, full)
		}
	}
	press(a, "?", "space", "3", "space", "3")
	if got := plainView(a); !strings.Contains(got, "a-c answer") || strings.Contains(got, "a-d") {
		t.Errorf("a three-option card's footer:\n%s", got)
	}
}

// At 40 columns the stats keep the weak column, and the footnote wraps
// between words.
func TestNarrowStats(t *testing.T) {
	a, _, _ := newTestApp(t, 80, 24)
	reviewAll(t, a)
	run(a, size(40, 40))
	press(a, "s")
	view := checkFits(t, a, 40, 40)
	if !strings.Contains(view, "weak") || !strings.Contains(view, "acc.") {
		t.Fatalf("narrow stats dropped the weak or accuracy column:\n%s", view)
	}
	words := map[string]bool{}
	for _, w := range strings.Fields("n/a: fewer than 5 answers in 30 days, not enough data to rank") {
		words[w] = true
	}
	var note []string
	for _, l := range strings.Split(view, "\n") {
		if f := strings.Fields(l); len(f) > 0 && (strings.HasPrefix(f[0], "n/a:") || len(note) > 0 && words[f[0]] && !strings.Contains(l, "↓")) {
			note = append(note, f...)
		}
	}
	for _, w := range note {
		if !words[w] {
			t.Errorf("the footnote was cut inside a word: %q in\n%s", w, view)
		}
	}
	if strings.Join(note, " ") != "n/a: fewer than 5 answers in 30 days, not enough data to rank" {
		t.Errorf("footnote %q", strings.Join(note, " "))
	}
}
