package tui

import (
	"strings"
	"testing"

	"github.com/hone-srs/hone/deck"
)

// What a sync brought shows in the footer as the app opens, and goes with
// the next key.
func TestStartNotice(t *testing.T) {
	clk := newClock()
	store := openTestStore(t, clk)
	a := New(Options{Store: store, Now: clk.now, Limits: Limits{Reviews: 200, NewPerDeck: 20}, Notice: "synced 12 answers from desktop"})
	run(a, size(100, 30))
	run(a, a.Init()())
	if !strings.Contains(plainView(a), "synced 12 answers from desktop") {
		t.Fatalf("no notice:\n%s", plainView(a))
	}
	press(a, "j")
	if strings.Contains(plainView(a), "synced 12 answers") {
		t.Errorf("the notice stayed after a key:\n%s", plainView(a))
	}
}

// A sync that ends after the app opened says so, and the home screen
// counts again: a deck it brought is listed.
func TestNoticeMsgReloadsHome(t *testing.T) {
	a, store, _ := newTestApp(t, 100, 30)
	if strings.Contains(plainView(a), "Synced deck") {
		t.Fatal("the deck is there before the sync")
	}
	d := deck.Deck{Name: "Synced deck", Cards: []deck.Card{{ID: "s1", Deck: "Synced deck", Topic: "t", Front: "front", Back: "back"}}}
	if _, err := store.SyncDeck(d, "/elsewhere/synced.md", false); err != nil {
		t.Fatal(err)
	}
	run(a, NoticeMsg{Text: "synced 1 deck or setting change from desktop"})
	view := plainView(a)
	if !strings.Contains(view, "synced 1 deck or setting change from desktop") || !strings.Contains(view, "Synced deck") {
		t.Errorf("after the notice:\n%s", view)
	}
}
