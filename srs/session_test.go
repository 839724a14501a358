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
		{"again comes back after 3 others", []string{"a", "b", "c", "d", "e"}, []op{ans("a", Again)}, "b c d a e", 1, 6},
		{"hard repeats too", []string{"a", "b", "c", "d", "e"}, []op{ans("a", Hard)}, "b c d a e", 1, 6},
		{"few left: repeat at the end", []string{"a", "b", "c"}, []op{ans("a", Again)}, "b c a", 1, 4},
		{"last card: repeat at once", []string{"a"}, []op{ans("a", Again)}, "a", 1, 2},
		{"repeat fails again", []string{"a"}, []op{ans("a", Again), ans("a", Again), ans("a", Good)}, "", 3, 3},
		{"stale id ignored", []string{"a", "b"}, []op{ans("b", Good)}, "a b", 0, 2},
		{"undo removes the repeat", []string{"a", "b", "c", "d", "e"}, []op{ans("a", Again), undo}, "a b c d e", 0, 5},
		{"undo twice", []string{"a", "b", "c", "d", "e"}, []op{ans("a", Again), ans("b", Again), undo, undo}, "a b c d e", 0, 5},
		{"undo one of two", []string{"a", "b", "c", "d", "e"}, []op{ans("a", Again), ans("b", Again), undo}, "b c d a e", 1, 6},
		{"undo at start does nothing", []string{"a", "b"}, []op{undo}, "a b", 0, 2},
		{"two repeats interleave", []string{"a", "b", "c", "d", "e", "f"}, []op{ans("a", Again), ans("b", Again)}, "c d a b e f", 2, 8},
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
	s := NewSession(sessionItems("a", "b", "c", "d", "e"))
	a, _ := s.Current()
	after := sm2Review(a.State, Again, 10)
	s.Record("a", after, Again)
	// The repeat carries the state after the answer.
	if s.items[4].Card.ID != "a" || s.items[4].State != after {
		t.Fatalf("repeat item %+v", s.items[4])
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
