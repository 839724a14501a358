package deck

// cardList collects a parse's cards in blocks of a fixed size, so that a
// long deck is not copied each time a slice outgrows its room, touching
// ever larger new memory; slice joins the blocks once, at the end. With
// emit set, each full block is handed on instead of kept (a streamed
// load), and slice hands on the last one.
type cardList struct {
	full []([]Card)
	last []Card
	n    int
	emit func([]Card)
}

// cardBlock is how many cards a block holds.
const cardBlock = 1024

func (l *cardList) add(c Card) {
	if len(l.last) == cap(l.last) {
		switch {
		case l.last == nil:
		case l.emit != nil:
			l.emit(l.last)
		default:
			l.full = append(l.full, l.last)
		}
		l.last = make([]Card, 0, cardBlock)
	}
	l.last = append(l.last, c)
	l.n++
}

// slice is every card added, in order, in one slice; the list is emptied.
// A list that emits hands on its last block and returns nil.
func (l *cardList) slice() []Card {
	if l.emit != nil {
		if len(l.last) > 0 {
			l.emit(l.last)
		}
		l.last = nil
		return nil
	}
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
