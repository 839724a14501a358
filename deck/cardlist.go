package deck

// cardList collects a parse's cards in blocks of a fixed size, so that a
// long deck is not copied each time a slice outgrows its room, touching
// ever larger new memory; slice joins the blocks once, at the end. It is
// also where a parse could hand its cards on a block at a time.
type cardList struct {
	full []([]Card)
	last []Card
	n    int
}

// cardBlock is how many cards a block holds.
const cardBlock = 1024

func (l *cardList) add(c Card) {
	if len(l.last) == cap(l.last) {
		if l.last != nil {
			l.full = append(l.full, l.last)
		}
		l.last = make([]Card, 0, cardBlock)
	}
	l.last = append(l.last, c)
	l.n++
}

// slice is every card added, in order, in one slice; the list is emptied.
func (l *cardList) slice() []Card {
	if len(l.full) == 0 {
		out := l.last
		*l = cardList{}
		return out
	}
	out := make([]Card, 0, l.n)
	for _, b := range l.full {
		out = append(out, b...)
	}
	out = append(out, l.last...)
	*l = cardList{}
	return out
}
