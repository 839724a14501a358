package tui

import (
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/exp/golden"

	"github.com/hone-srs/hone/deck"
	"github.com/hone-srs/hone/srs"
)

const scenarioDeck = `---
deck: Practices
---
# Incident management
## Which practice restores service fastest?
A story about an outage.
- [ ] A: Problem management
- [x] B: Incident management
- [ ] C: Change enablement
> Incident management restores service; problem management finds causes.
<!-- id: which -->

## What does incident management do?
It restores normal service as quickly as possible.
`

// The header names the deck and, once the card is answered, its topic:
// "Incident management" over "Which practice…?" would give the answer away.
func TestTopicAfterAnswer(t *testing.T) {
	a, _, _ := newAppOn(t, scenarioDeck, 80, 24)
	press(a, "enter")
	header := func() string { return strings.SplitN(plainView(a), "\n", 2)[0] }
	if h := header(); strings.Contains(h, "Incident management") || !strings.Contains(h, "Practices") {
		t.Fatalf("choice card before answering: %q", h)
	}
	pick(t, a, "Incident management")
	if h := header(); !strings.Contains(h, "Practices · Incident management") {
		t.Fatalf("choice card answered: %q", h)
	}
	press(a, "enter")
	if h := header(); strings.Contains(h, "Incident management") {
		t.Fatalf("flashcard front: %q", h)
	}
	press(a, "space")
	if h := header(); !strings.Contains(h, "Practices · Incident management") {
		t.Fatalf("flashcard revealed: %q", h)
	}
}

// A choice card picked wrong and then graded Good is scheduled as Good but
// counts as wrong on the summary: the summary tells what was picked.
func TestChoiceRightFollowsPick(t *testing.T) {
	a, store, _ := newAppOn(t, scenarioDeck, 80, 24)
	press(a, "enter")
	pick(t, a, "Problem management")
	press(a, "3") // regrade: Good
	press(a, "space", "3")
	got := plainView(a)
	if !strings.Contains(got, "Accuracy   50% (1 of 2 right)") {
		t.Fatalf("summary after a wrong pick graded Good:\n%s", got)
	}
	states, _ := store.Cards()
	if st := states["which"]; st.Memory != (srs.SM2{Reps: 1, Interval: 1, EF: 2.5}) {
		t.Fatalf("the regrade did not schedule Good: %+v", st)
	}
}

// openLeechStore is a store whose leech threshold is 2, with one card
// that lapsed once and is due again today.
func openLeechStore(t *testing.T, clk *clock) *srs.Store {
	t.Helper()
	s, err := srs.Open(filepath.Join(t.TempDir(), "hone.db"), srs.Options{Clock: clk.now, LeechLapses: 2})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	d, diags := deck.ParseBytes("test.md", []byte(scenarioDeck))
	if err := diags.Err(); err != nil {
		t.Fatal(err)
	}
	if _, err := s.SyncDeck(d, "test.md", false); err != nil {
		t.Fatal(err)
	}
	id := d.Cards[1].ID
	for _, q := range []srs.Quality{srs.Good, srs.Again, srs.Good} {
		if _, err := s.Answer(id, q, srs.Review, time.Second); err != nil {
			t.Fatal(err)
		}
		clk.advance(24 * time.Hour)
	}
	return s
}

// A card that lapses as often as leech_lapses says is suspended with its
// answer; it does not come back in the sitting, and the summary says so.
func TestLeechOnSummary(t *testing.T) {
	clk := newClock()
	store := openLeechStore(t, clk)
	a := New(Options{Store: store, Now: clk.now, Limits: Limits{Reviews: 200, NewPerDeck: 0}})
	run(a, size(80, 24))
	run(a, a.Init()())
	press(a, "enter", "space", "1")
	got := plainView(a)
	if !strings.Contains(got, "1 card lapsed too often and was suspended as a leech:") ||
		!strings.Contains(got, "What does incident management do?") {
		t.Fatalf("no leech on the summary:\n%s", got)
	}
	golden.RequireEqual(t, checkFits(t, a, 80, 24))
	// Undo from the summary brings the card back, unsuspended.
	press(a, "u")
	states, _ := store.Cards()
	for id, st := range states {
		if st.Suspended || st.Leech {
			t.Fatalf("card %s after undo: %+v", id, st)
		}
	}
}

// Siblings: answering one card of a note buries the other until tomorrow,
// so the home screen's count of new cards drops by both.
func TestSiblingsBuried(t *testing.T) {
	clk := newClock()
	store := openStoreWith(t, clk, testDeck)
	d := deck.Deck{Name: "Pairs", Topics: []deck.Topic{{Name: "words"}}, Cards: []deck.Card{
		{ID: "fwd", Deck: "Pairs", Topic: "words", Front: "cat", Back: "chat", Note: "n1"},
		{ID: "rev", Deck: "Pairs", Topic: "words", Front: "chat", Back: "cat", Note: "n1"},
		{ID: "solo", Deck: "Pairs", Topic: "words", Front: "dog", Back: "chien"},
	}}
	if _, err := store.SyncDeck(d, "pairs.md", false); err != nil {
		t.Fatal(err)
	}
	a := New(Options{Store: store, Now: clk.now, Limits: Limits{Reviews: 200, NewPerDeck: 20}})
	run(a, size(80, 24))
	run(a, a.Init()())
	press(a, "enter") // Pairs: fwd, then solo; rev waits
	if got := plainView(a); !strings.Contains(got, "2 new · 0 learning") {
		t.Fatalf("the session holds both siblings:\n%s", got)
	}
	press(a, "space", "3", "q", "enter")
	if got := plainView(a); !strings.Contains(got, "0 due 1 new") {
		t.Fatalf("home after a sibling's answer:\n%s", got)
	}
}

const clozeDeck = `---
deck: Biology
---
# Cells
## The ==mitochondria== is the ==powerhouse== of the cell
Both words come up in exams.

## What is a cell?
The smallest unit of life.
`

// A cloze shows its text with a blank, then, revealed, the same text with
// the answer marked in its place; its siblings (the other deletion, the
// pair's other direction) wait for another day.
func TestClozeAndPairs(t *testing.T) {
	a, store, _ := newAppOn(t, clozeDeck, 80, 24)
	press(a, "enter")
	t.Run("front", func(t *testing.T) { golden.RequireEqual(t, checkFits(t, a, 80, 24)) })
	got := plainView(a)
	if !strings.Contains(got, "[...]") || strings.Contains(got, "powerhouse") && strings.Contains(got, "mitochondria") {
		t.Fatalf("the cloze's front gives its answer away:\n%s", got)
	}
	press(a, "space")
	t.Run("back", func(t *testing.T) { golden.RequireEqual(t, checkFits(t, a, 80, 24)) })
	if got := plainView(a); strings.Count(got, "the cell") != 1 || !strings.Contains(got, "mitochondria") {
		t.Fatalf("the revealed cloze is not its text with the answer once:\n%s", got)
	}
	counts, err := store.Counts(srs.DayOf(time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)))
	if err != nil {
		t.Fatal(err)
	}
	if n := counts["Biology"]; n.Total != 3 || n.NewUnseen != 2 {
		t.Fatalf("counts: %+v, want one new card per note", n)
	}
}

// The cloze and the leech summary at 40×12.
func TestNarrowClozeAndLeech(t *testing.T) {
	a, _, _ := newAppOn(t, clozeDeck, 40, 12)
	press(a, "enter", "space")
	t.Run("cloze", func(t *testing.T) { golden.RequireEqual(t, checkFits(t, a, 40, 12)) })
	clk := newClock()
	store := openLeechStore(t, clk)
	a = New(Options{Store: store, Now: clk.now, Limits: Limits{Reviews: 200, NewPerDeck: 0}})
	run(a, size(40, 12))
	run(a, a.Init()())
	press(a, "enter", "space", "1")
	t.Run("leech", func(t *testing.T) { golden.RequireEqual(t, checkFits(t, a, 40, 12)) })
}
