package tui

import (
	"fmt"

	"github.com/hone-srs/hone/srs"
)

// Messages between the screens and the root.
type (
	errMsg          struct{ err error }
	backToReviewMsg struct{} // undo from the summary
	goHomeMsg       struct{}
	openStatsMsg    struct{}
	quitMsg         struct{}
	sessionDoneMsg  struct{ summary sessionSummary }
	sessionMsg      struct {
		items  []srs.Item
		scope  Scope
		before map[string]float64 // drill: each topic's accuracy before it
		// sources are the markdown files of the decks imported from one,
		// by deck name, for editing a card.
		sources map[string]string
		err     error
	}
)

func nothingToDo(s Scope) string {
	in := "any deck"
	if s.Deck != "" {
		in = fmt.Sprintf("%q", s.Deck)
	}
	switch {
	case s.More == MoreNew:
		return "no more new cards can come today in " + in
	case s.More == MoreAhead:
		return "no cards to review ahead in " + in
	case s.Drill:
		return "nothing to drill yet: review some cards first"
	case s.Topic != "":
		return fmt.Sprintf("nothing due in topic %q today", s.Topic)
	case s.Deck != "":
		return fmt.Sprintf("nothing due in %q today", s.Deck)
	}
	return "nothing due today"
}
