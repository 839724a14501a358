package srs

// repeatGap is how many other cards come between a card graded below Good
// and its same-day repeat (SM-2 step 7): enough that the answer just read
// has left short-term memory, a minute or so of other cards.
const repeatGap = 6

// Session orders one sitting's cards. It is pure and in memory: the store
// records the answers, the Session only decides what comes next.
type Session struct {
	items []Item
	pos   int
	steps []sessionStep
}

// sessionStep is what Record did, so Undo can take it back exactly.
type sessionStep struct {
	prev     CardState
	repeatAt int // index of the repeat it scheduled, -1 if none
}

// NewSession starts a sitting over items, in their order.
func NewSession(items []Item) *Session {
	return &Session{items: append([]Item(nil), items...)}
}

// Current is the card to show, false when the sitting is over.
func (s *Session) Current() (Item, bool) {
	if s.pos >= len(s.items) {
		return Item{}, false
	}
	return s.items[s.pos], true
}

// Record moves past the current card, which must be id (a stale answer for
// another card is ignored and returns false). A grade below Good brings the
// card back after repeatGap other cards, or at the end if fewer remain.
func (s *Session) Record(id string, after CardState, q Quality) bool {
	cur, ok := s.Current()
	if !ok || cur.Card.ID != id {
		return false
	}
	step := sessionStep{prev: cur.State, repeatAt: -1}
	s.items[s.pos].State = after
	if q < Good {
		at := min(s.pos+1+repeatGap, len(s.items))
		s.items = append(s.items, Item{})
		copy(s.items[at+1:], s.items[at:])
		s.items[at] = Item{Card: cur.Card, State: after}
		step.repeatAt = at
	}
	s.pos++
	s.steps = append(s.steps, step)
	return true
}

// Undo steps back to the previous card, removing the repeat its answer
// scheduled; false when there is nothing to undo.
func (s *Session) Undo() bool {
	if len(s.steps) == 0 {
		return false
	}
	step := s.steps[len(s.steps)-1]
	s.steps = s.steps[:len(s.steps)-1]
	if step.repeatAt >= 0 {
		s.items = append(s.items[:step.repeatAt], s.items[step.repeatAt+1:]...)
	}
	s.pos--
	s.items[s.pos].State = step.prev
	return true
}

// Drop takes a card out of what is left of the sitting, repeats and all:
// it was removed from its deck meanwhile. Answers already taken stay.
func (s *Session) Drop(id string) {
	for j := len(s.items) - 1; j >= s.pos; j-- {
		if s.items[j].Card.ID != id {
			continue
		}
		s.items = append(s.items[:j], s.items[j+1:]...)
		for k := range s.steps {
			switch st := &s.steps[k]; {
			case st.repeatAt == j:
				st.repeatAt = -1
			case st.repeatAt > j:
				st.repeatAt--
			}
		}
	}
}

// Remaining is what is left of a sitting, counted as Anki's header does:
// cards never seen, cards being learned (answered today, repeats included)
// and reviews.
type Remaining struct{ New, Learning, Review int }

// Left counts the cards from the current one on.
func (s *Session) Left(today Day) Remaining {
	var l Remaining
	for _, it := range s.items[s.pos:] {
		switch {
		case it.State.New:
			l.New++
		case it.State.LastDay >= today:
			l.Learning++
		default:
			l.Review++
		}
	}
	return l
}

// Done is how many answers the sitting has taken.
func (s *Session) Done() int { return s.pos }

// Total is the number of cards to answer, repeats included; it grows as
// repeats are scheduled.
func (s *Session) Total() int { return len(s.items) }

// Finished says whether every card has been answered.
func (s *Session) Finished() bool { return s.pos >= len(s.items) }
