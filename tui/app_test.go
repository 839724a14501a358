package tui

import (
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/golden"

	"github.com/hone-srs/hone/deck"
	"github.com/hone-srs/hone/srs"
)

const testDeck = `---
deck: Test deck
description: cards for the UI tests
---
# Alpha
## What is one?
The first number.

## What is **two**?
- one more than one
- ` + "`2`" + ` in code

# Beta
## Which letter is a vowel?
A short story about letters.
- [ ] A: B
- [x] B: E
- [ ] C: K
> **E** is a vowel; B and K are consonants.
<!-- id: vowel -->
`

// clock is a settable fixed clock.
type clock struct{ t time.Time }

func (c *clock) now() time.Time          { return c.t }
func (c *clock) advance(d time.Duration) { c.t = c.t.Add(d) }
func newClock() *clock                   { return &clock{t: time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)} }
func keyPress(s string) tea.KeyPressMsg  { return tea.KeyPressMsg(keyOf(s)) }
func size(w, h int) tea.WindowSizeMsg    { return tea.WindowSizeMsg{Width: w, Height: h} }
func plainView(a *App) string            { return ansi.Strip(a.View().Content) }
func openTestStore(t *testing.T, clk *clock) *srs.Store {
	t.Helper()
	return openStoreWith(t, clk, testDeck)
}

func openStoreWith(t *testing.T, clk *clock, src string) *srs.Store {
	t.Helper()
	s, err := srs.Open(filepath.Join(t.TempDir(), "hone.db"), srs.Options{Clock: clk.now})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	d, diags := deck.ParseBytes("test.md", []byte(src))
	if err := diags.Err(); err != nil {
		t.Fatal(err)
	}
	if _, err := s.SyncDeck(d, "test.md", false); err != nil {
		t.Fatal(err)
	}
	return s
}

func keyOf(s string) tea.Key {
	switch s {
	case "enter":
		return tea.Key{Code: tea.KeyEnter}
	case "space":
		return tea.Key{Code: tea.KeySpace, Text: " "}
	case "esc":
		return tea.Key{Code: tea.KeyEscape}
	case "up":
		return tea.Key{Code: tea.KeyUp}
	case "down":
		return tea.Key{Code: tea.KeyDown}
	case "pgdown":
		return tea.Key{Code: tea.KeyPgDown}
	case "ctrl+c":
		return tea.Key{Code: 'c', Mod: tea.ModCtrl}
	}
	r := []rune(s)
	return tea.Key{Code: r[0], Text: s}
}

// run feeds msg to the app and then every message its commands produce,
// the way the program would, until nothing is left to do.
func run(a *App, msg tea.Msg) {
	queue := []tea.Msg{msg}
	for len(queue) > 0 {
		m := queue[0]
		queue = queue[1:]
		if b, ok := m.(tea.BatchMsg); ok {
			for _, c := range b {
				if c != nil {
					queue = append(queue, c())
				}
			}
			continue
		}
		if _, ok := m.(tea.QuitMsg); ok || m == nil {
			continue
		}
		_, cmd := a.Update(m)
		if cmd != nil {
			queue = append(queue, cmd())
		}
	}
}

func press(a *App, keys ...string) {
	for _, k := range keys {
		run(a, keyPress(k))
	}
}

// pick presses the key of the shown option whose text is text: options are
// shuffled, so a test names the option, not its letter.
func pick(t testing.TB, a *App, text string) {
	t.Helper()
	for _, line := range strings.Split(plainView(a), "\n") {
		for i := range len(optionKeys) {
			if strings.Contains(line, fmt.Sprintf("%s) %s ", shownLetter(i), text)) {
				press(a, optionKeys[i:i+1])
				return
			}
		}
	}
	t.Fatalf("no option %q on screen:\n%s", text, plainView(a))
}

func newTestApp(t *testing.T, w, h int) (*App, *srs.Store, *clock) {
	clk := newClock()
	store := openTestStore(t, clk)
	a := New(Options{Store: store, Now: clk.now, Limits: Limits{Reviews: 200, NewPerDeck: 20}})
	run(a, size(w, h))
	run(a, a.Init()())
	return a, store, clk
}

func TestHomeView(t *testing.T) {
	a, _, _ := newTestApp(t, 80, 24)
	golden.RequireEqual(t, plainView(a))
}

func TestReviewViews(t *testing.T) {
	a, _, clk := newTestApp(t, 80, 24)
	press(a, "enter")
	t.Run("front", func(t *testing.T) { golden.RequireEqual(t, plainView(a)) })
	press(a, "space")
	t.Run("back", func(t *testing.T) { golden.RequireEqual(t, plainView(a)) })
	clk.advance(5 * time.Second)
	press(a, "3", "space")
	t.Run("markdown", func(t *testing.T) { golden.RequireEqual(t, plainView(a)) })
	press(a, "3")
	t.Run("choice", func(t *testing.T) { golden.RequireEqual(t, plainView(a)) })
	pick(t, a, "B")
	t.Run("choice-wrong", func(t *testing.T) { golden.RequireEqual(t, plainView(a)) })
	raw := a.View().Content
	if !strings.Contains(raw, colourOf(a.c.styles.Right.Render("x"))) || !strings.Contains(raw, colourOf(a.c.styles.Wrong.Render("x"))) {
		t.Errorf("the right and the wrong option are not coloured")
	}
	press(a, "enter")
	// The wrong answer comes back at the end: it is the only card left.
	if got := plainView(a); !strings.Contains(got, "Which letter is a vowel?") || !strings.Contains(got, "0 new · 1 learning · 0 review") {
		t.Fatalf("the missed card did not come back:\n%s", got)
	}
	pick(t, a, "E")
	press(a, "enter")
	t.Run("summary", func(t *testing.T) { golden.RequireEqual(t, plainView(a)) })
}

// colourOf is the escape sequence a style opens its text with.
func colourOf(rendered string) string { return rendered[:strings.Index(rendered, "x")] }

func TestWholeSessionIsSaved(t *testing.T) {
	a, store, clk := newTestApp(t, 80, 24)
	press(a, "enter")
	press(a, "space", "4") // one: Easy
	clk.advance(3 * time.Second)
	press(a, "space", "1") // two: Again, comes back
	pick(t, a, "K")        // vowel: wrong, Again
	press(a, "enter")
	press(a, "u") // undo the vowel answer: it shows again
	if got := plainView(a); !strings.Contains(got, "Which letter is a vowel?") || strings.Contains(got, "Not quite") {
		t.Fatalf("undo did not bring the card back unanswered:\n%s", got)
	}
	pick(t, a, "E") // right this time
	press(a, "enter")
	if got := plainView(a); !strings.Contains(got, "What is two?") {
		t.Fatalf("the missed card did not come back:\n%s", got)
	}
	press(a, "q")
	if got := plainView(a); !strings.Contains(got, "Session ended with 1 card to go") || !strings.Contains(got, "Answers    3") {
		t.Fatalf("no summary after q:\n%s", got)
	}

	states, err := store.Cards()
	if err != nil {
		t.Fatal(err)
	}
	d, _ := deck.ParseBytes("test.md", []byte(testDeck))
	one, two := d.Cards[0].ID, d.Cards[1].ID
	today := srs.DayOf(clk.now())
	sch := srs.DefaultScheduler()
	want := map[string]srs.CardState{
		one:     sch.Review(srs.NewCardState(), srs.Easy, today),
		two:     sch.Review(srs.NewCardState(), srs.Again, today),
		"vowel": sch.Review(srs.NewCardState(), srs.Good, today),
	}
	for id, w := range want {
		if got := states[id]; got != w {
			t.Errorf("card %s: state %+v, want %+v", id, got, w)
		}
	}
	replayed, err := store.Replay()
	if err != nil {
		t.Fatal(err)
	}
	for id := range want {
		if replayed[id] != states[id] {
			t.Errorf("card %s: replayed %+v, stored %+v", id, replayed[id], states[id])
		}
	}
}

func TestSmallWindows(t *testing.T) {
	a, _, _ := newTestApp(t, 80, 24)
	press(a, "enter")
	for _, sz := range [][2]int{{19, 5}, {20, 6}, {39, 9}, {40, 12}, {100, 30}} {
		run(a, size(sz[0], sz[1]))
		view := plainView(a)
		lines := strings.Split(view, "\n")
		if len(lines) > sz[1] {
			t.Errorf("%dx%d: %d lines", sz[0], sz[1], len(lines))
		}
		for _, l := range lines {
			if w := ansi.StringWidth(l); w > sz[0] {
				t.Errorf("%dx%d: line %q is %d wide", sz[0], sz[1], l, w)
			}
		}
		small := sz[0] < minWidth || sz[1] < minHeight
		if small != strings.Contains(view, "window too small") {
			t.Errorf("%dx%d: too-small message wrong:\n%s", sz[0], sz[1], view)
		}
		if !small && !strings.Contains(view, "What is one") {
			t.Errorf("%dx%d: card front missing:\n%s", sz[0], sz[1], view)
		}
	}
}

func TestHelpToggles(t *testing.T) {
	a, _, _ := newTestApp(t, 80, 24)
	short := plainView(a)
	press(a, "?")
	full := plainView(a)
	if short == full || !strings.Contains(full, "review all") || !strings.Contains(full, "↓/j") {
		t.Fatalf("full help not shown:\n%s", full)
	}
	press(a, "?")
	if plainView(a) != short {
		t.Fatalf("help did not toggle back")
	}
}

// failingStore fails every answer, as a full disk would.
type failingStore struct{ *srs.Store }

func (failingStore) Answer(string, srs.Quality, srs.EntryKind, time.Duration) (srs.AnswerResult, error) {
	return srs.AnswerResult{}, errors.New("disk full")
}

func TestStoreErrorIsShown(t *testing.T) {
	clk := newClock()
	store := openTestStore(t, clk)
	a := New(Options{Store: failingStore{store}, Now: clk.now, Limits: Limits{Reviews: 200, NewPerDeck: 20}})
	run(a, size(80, 24))
	run(a, a.Init()())
	press(a, "enter", "space", "3")
	got := plainView(a)
	if !strings.Contains(got, "answer not saved: disk full") || !strings.Contains(got, "What is one?") {
		t.Fatalf("error not shown, or the card was passed:\n%s", got)
	}
}

// reviewAll answers the test deck once: one right, two (one of them the
// scenario) wrong, and leaves the session before the repeats.
func reviewAll(t *testing.T, a *App) {
	press(a, "enter", "space", "3", "space", "1")
	pick(t, a, "K")
	press(a, "enter", "q", "enter")
}

func TestStatsView(t *testing.T) {
	a, _, _ := newTestApp(t, 80, 40)
	reviewAll(t, a)
	press(a, "s")
	golden.RequireEqual(t, plainView(a))
	press(a, "esc")
	if !strings.Contains(plainView(a), "1-day streak") {
		t.Fatalf("esc did not go home:\n%s", plainView(a))
	}
}

func TestDrillFlow(t *testing.T) {
	a, store, clk := newTestApp(t, 80, 24)
	reviewAll(t, a)
	before, err := store.Cards()
	if err != nil {
		t.Fatal(err)
	}
	clk.advance(time.Hour)
	press(a, "d")
	t.Run("card", func(t *testing.T) { golden.RequireEqual(t, plainView(a)) })
	// Three seen cards: the two missed first, the scenario third.
	press(a, "space", "3", "space", "1")
	if got := plainView(a); !strings.Contains(got, "Which letter is a vowel?") {
		t.Fatalf("the scenario card is not third:\n%s", got)
	}
	pick(t, a, "E")
	press(a, "enter")
	press(a, "space", "4") // the card missed in this drill comes back
	t.Run("summary", func(t *testing.T) { golden.RequireEqual(t, plainView(a)) })
	after, err := store.Cards()
	if err != nil {
		t.Fatal(err)
	}
	for id, st := range before {
		if after[id] != st {
			t.Errorf("drill changed card %s: %+v → %+v", id, st, after[id])
		}
	}
}
