package srs

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/hone-srs/hone/deck"
)

func sessionItems(ids ...string) []Item {
	var items []Item
	for _, id := range ids {
		items = append(items, Item{Card: deck.Card{ID: id}, State: NewCardState()})
	}
	return items
}

// order lists what the session will show from now on, with repeats.
func order(s *Session) string {
	var out []string
	for _, it := range s.items[s.pos:] {
		out = append(out, it.Card.ID)
	}
	return strings.Join(out, " ")
}

func TestSession(t *testing.T) {
	type op struct {
		undo bool
		id   string
		q    Quality
	}
	ans := func(id string, q Quality) op { return op{id: id, q: q} }
	undo := op{undo: true}
	tests := []struct {
		name      string
		cards     []string
		ops       []op
		wantOrder string // remaining order after the ops
		wantDone  int
		wantTotal int
	}{
		{"all good", []string{"a", "b", "c"}, []op{ans("a", Good), ans("b", Easy), ans("c", Good)}, "", 3, 3},
		{"again comes back after 6 others", []string{"a", "b", "c", "d", "e", "f", "g", "h", "i"}, []op{ans("a", Again)}, "b c d e f g a h i", 1, 10},
		{"hard repeats too", []string{"a", "b", "c", "d", "e", "f", "g", "h"}, []op{ans("a", Hard)}, "b c d e f g a h", 1, 9},
		{"few left: repeat at the end", []string{"a", "b", "c", "d", "e"}, []op{ans("a", Again)}, "b c d e a", 1, 6},
		{"last card: repeat at once", []string{"a"}, []op{ans("a", Again)}, "a", 1, 2},
		{"repeat fails again", []string{"a"}, []op{ans("a", Again), ans("a", Again), ans("a", Good)}, "", 3, 3},
		{"stale id ignored", []string{"a", "b"}, []op{ans("b", Good)}, "a b", 0, 2},
		{"undo removes the repeat", []string{"a", "b", "c", "d", "e"}, []op{ans("a", Again), undo}, "a b c d e", 0, 5},
		{"undo twice", []string{"a", "b", "c", "d", "e"}, []op{ans("a", Again), ans("b", Again), undo, undo}, "a b c d e", 0, 5},
		{"undo one of two", []string{"a", "b", "c", "d", "e", "f", "g", "h"}, []op{ans("a", Again), ans("b", Again), undo}, "b c d e f g a h", 1, 9},
		{"undo at start does nothing", []string{"a", "b"}, []op{undo}, "a b", 0, 2},
		{"two repeats interleave", []string{"a", "b", "c", "d", "e", "f", "g", "h", "i"}, []op{ans("a", Again), ans("b", Again)}, "c d e f g a b h i", 2, 11},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := NewSession(sessionItems(tt.cards...))
			for _, o := range tt.ops {
				if o.undo {
					s.Undo()
					continue
				}
				cur, _ := s.Current()
				after := sm2Review(cur.State, o.q, 1)
				s.Record(o.id, after, o.q)
			}
			if got := order(s); got != tt.wantOrder {
				t.Errorf("order %q, want %q", got, tt.wantOrder)
			}
			if s.Done() != tt.wantDone || s.Total() != tt.wantTotal {
				t.Errorf("done %d/%d, want %d/%d", s.Done(), s.Total(), tt.wantDone, tt.wantTotal)
			}
			if s.Finished() != (tt.wantOrder == "") {
				t.Errorf("finished %v", s.Finished())
			}
		})
	}
}

func TestSessionStatesAndUndo(t *testing.T) {
	s := NewSession(sessionItems("a", "b", "c", "d", "e", "f", "g", "h"))
	a, _ := s.Current()
	after := sm2Review(a.State, Again, 10)
	s.Record("a", after, Again)
	// The repeat carries the state after the answer.
	if s.items[7].Card.ID != "a" || s.items[7].State != after {
		t.Fatalf("repeat item %+v", s.items[7])
	}
	if !s.Undo() {
		t.Fatal("undo refused")
	}
	if cur, _ := s.Current(); cur.Card.ID != "a" || cur.State != NewCardState() {
		t.Fatalf("after undo current is %+v", cur)
	}
	// The caller's slice is not touched.
	items := sessionItems("x", "y")
	s = NewSession(items)
	s.Record("x", sm2Review(NewCardState(), Good, 1), Good)
	if items[0].State != NewCardState() {
		t.Fatal("NewSession aliases its input")
	}
}

// A random walk keeps the invariants: every card is answered Good at least
// once before the end, and undo brings back the exact previous order.
func TestSessionRandomWalk(t *testing.T) {
	for seed := range 50 {
		n := 1 + seed%9
		var cards []string
		for i := range n {
			cards = append(cards, fmt.Sprint("c", i))
		}
		s := NewSession(sessionItems(cards...))
		var history []string
		for step := 0; !s.Finished() && step < 1000; step++ {
			if (step*7+seed)%5 == 0 && s.Done() > 0 {
				before := history[len(history)-1]
				history = history[:len(history)-1]
				s.Undo()
				if got := fmt.Sprint(s.pos, ids(s.items)); got != before {
					t.Fatalf("seed %d: undo gave %s, want %s", seed, got, before)
				}
				continue
			}
			history = append(history, fmt.Sprint(s.pos, ids(s.items)))
			cur, _ := s.Current()
			q := []Quality{Again, Hard, Good, Easy}[(step*3+seed)%4]
			s.Record(cur.Card.ID, cur.State, q)
		}
		if !s.Finished() {
			t.Fatalf("seed %d: not finished", seed)
		}
		for _, c := range cards {
			if !slices.Contains(ids(s.items), c) {
				t.Fatalf("seed %d: lost %s", seed, c)
			}
		}
	}
}

// Drop takes a removed card out of what is left, its repeats too, and undo
// still takes back exactly the answers that were given.
func TestSessionDrop(t *testing.T) {
	s := NewSession(sessionItems("a", "b", "c", "d", "e", "f", "g", "h", "i"))
	s.Record("a", DefaultScheduler().Review(NewCardState(), Again, 1), Again) // a's repeat after g
	s.Record("b", DefaultScheduler().Review(NewCardState(), Again, 1), Again) // b's repeat after a's
	s.Drop("c")
	if got := order(s); got != "d e f g a b h i" {
		t.Fatalf("after dropping c: %q", got)
	}
	s.Drop("a") // the repeat of a card answered before goes too
	if got := order(s); got != "d e f g b h i" {
		t.Fatalf("after dropping a's repeat: %q", got)
	}
	s.Undo() // b's answer: its repeat goes, b is current again
	if got := order(s); got != "b d e f g h i" {
		t.Fatalf("undo after drops: %q", got)
	}
	s.Undo() // a's answer, whose repeat was dropped: only a comes back
	if got := order(s); got != "a b d e f g h i" {
		t.Fatalf("second undo after drops: %q", got)
	}
}

func TestSessionLeft(t *testing.T) {
	const today Day = 100
	learned := DefaultScheduler().Review(NewCardState(), Good, today-10)
	failedToday := DefaultScheduler().Review(NewCardState(), Again, today)
	items := []Item{
		{Card: deck.Card{ID: "due"}, State: learned},
		{Card: deck.Card{ID: "relearn"}, State: failedToday},
		{Card: deck.Card{ID: "new1"}, State: NewCardState()},
		{Card: deck.Card{ID: "new2"}, State: NewCardState()},
	}
	s := NewSession(items)
	if got, want := s.Left(today), (Remaining{New: 2, Learning: 1, Review: 1}); got != want {
		t.Fatalf("at start: %+v, want %+v", got, want)
	}
	s.Record("due", DefaultScheduler().Review(learned, Again, today), Again) // back as learning, at the end
	if got, want := s.Left(today), (Remaining{New: 2, Learning: 2, Review: 0}); got != want {
		t.Fatalf("after a miss: %+v, want %+v", got, want)
	}
}
