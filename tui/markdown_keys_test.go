package tui

import (
	"strings"
	"testing"
	"time"

	"github.com/hone-srs/hone/deck"
)

// Issue 17 §1: revealing a card with 80 nested quotes froze hone, and keys
// went unread. Now the reveal takes no longer than a frame or two, and q
// still leaves. The parser refuses such a card today, but a database
// written before it did may hold one, so it goes into the store directly.
func TestHostileCardKeepsKeysResponsive(t *testing.T) {
	src := "---\ndeck: Hostile\n---\n# T\n## How deep?\ndeep\n"
	clk := newClock()
	store := openStoreWith(t, clk, src)
	d, _ := deck.ParseBytes("test.md", []byte(src))
	d.Cards[0].Back = strings.Repeat(">", 80) + " deep"
	d.Hash = "changed"
	if _, err := store.SyncDeck(d, "test.md", false); err != nil {
		t.Fatal(err)
	}
	a := New(Options{Store: store, Now: clk.now, Limits: Limits{Reviews: 200, NewPerDeck: 20}})
	run(a, size(100, 30))
	run(a, a.Init()())
	press(a, "enter")
	start := time.Now()
	press(a, "space")
	if took := time.Since(start); took > raceSlowdown*100*time.Millisecond {
		t.Errorf("revealing the card took %v", took)
	}
	if got := plainView(a); !strings.Contains(got, "Shown as plain text") || !strings.Contains(got, "deep") {
		t.Fatalf("the card is not shown as plain text:\n%s", got)
	}
	press(a, "q")
	if a.page != homePage {
		t.Errorf("q did not leave the card: page %v", a.page)
	}
}
