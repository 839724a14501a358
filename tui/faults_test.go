package tui

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"

	"github.com/hone-srs/hone/srs"
)

// checkFits fails when the view has more lines than the window or a line
// wider than it.
func checkFits(t *testing.T, a *App, w, h int) string {
	t.Helper()
	view := plainView(a)
	lines := strings.Split(view, "\n")
	if len(lines) > h {
		t.Errorf("%dx%d: %d lines", w, h, len(lines))
	}
	for _, l := range lines {
		if lw := ansi.StringWidth(l); lw > w {
			t.Errorf("%dx%d: line %q is %d cells wide", w, h, l, lw)
		}
	}
	return view
}

func TestResizeMidCardAndBack(t *testing.T) {
	a, _, _ := newTestApp(t, 80, 24)
	press(a, "enter", "space")
	before := plainView(a)
	for _, sz := range [][2]int{{20, 6}, {19, 5}, {3, 1}, {1, 1}, {80, 24}} {
		run(a, size(sz[0], sz[1]))
		checkFits(t, a, sz[0], sz[1])
	}
	if after := plainView(a); after != before {
		t.Errorf("the card did not come back as it was:\n%s\nwant:\n%s", after, before)
	}
	press(a, "3") // and the session goes on
	if !strings.Contains(plainView(a), "What is two?") {
		t.Errorf("grading after the resize did not move on:\n%s", plainView(a))
	}
}

func TestHugeAndWideCards(t *testing.T) {
	var huge strings.Builder
	for i := range 5000 {
		fmt.Fprintf(&huge, "line %d\n", i)
	}
	src := "---\ndeck: Big\n---\n# Wide\n## 日本語のカードは幅が二倍です 🎉🎉🎉\n" +
		strings.Repeat("漢字とかなと絵文字🙂が混ざった長い行です。", 20) + "\n\n## Long\n" + huge.String()
	clk := newClock()
	store := openStoreWith(t, clk, src)
	a := New(Options{Store: store, Now: clk.now, Limits: Limits{Reviews: 200, NewPerDeck: 20}})
	for _, sz := range [][2]int{{100, 30}, {40, 12}, {20, 6}} {
		run(a, size(sz[0], sz[1]))
		if a.page == homePage {
			run(a, a.Init()())
			press(a, "enter")
			press(a, "space") // reveal; space again would grade it Good
		}
		view := checkFits(t, a, sz[0], sz[1])
		if sz[0] >= 40 && !strings.Contains(view, "日本語") {
			t.Errorf("%dx%d: wide front missing:\n%s", sz[0], sz[1], view)
		}
	}
	run(a, size(100, 30))
	press(a, "3") // to the 5,000-line card
	press(a, "space")
	view := checkFits(t, a, 100, 30)
	if !strings.Contains(view, "│ line 0 ") || !strings.Contains(view, "more: pgdn") {
		t.Fatalf("long card not shown from its top with a scroll hint:\n%s", view)
	}
	for range 300 {
		press(a, "pgdown")
	}
	if view := checkFits(t, a, 100, 30); !strings.Contains(view, "line 4999") {
		t.Fatalf("paging did not reach the end:\n%s", view)
	}
}

// undoFailingStore refuses every undo.
type undoFailingStore struct{ *srs.Store }

func (undoFailingStore) Undo(uint64) (srs.Entry, error) { return srs.Entry{}, errors.New("disk full") }

// A failed change of grade leaves the answer, its marks and its verdict as
// they were.
func TestFailedRegradeKeepsTheAnswer(t *testing.T) {
	clk := newClock()
	store := openTestStore(t, clk)
	a := New(Options{Store: undoFailingStore{store}, Now: clk.now, Limits: Limits{Reviews: 200, NewPerDeck: 20}})
	run(a, size(80, 24))
	run(a, a.Init()())
	press(a, "enter", "space", "3", "space", "3")
	pick(t, a, "E") // the vowel, right
	before := plainView(a)
	press(a, "1")
	got := plainView(a)
	if !strings.Contains(got, "grade not changed: disk full") || !strings.Contains(got, "✓ Right.") || !strings.Contains(got, "[3 Good") {
		t.Fatalf("a failed regrade changed the card:\n%s\nbefore:\n%s", got, before)
	}
}
