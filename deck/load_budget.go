package deck

import "fmt"

// cardBudget is how many cards the files of one import may still make, so
// that a parse stops at the card that passes the import's cap instead of
// reading the rest of a huge file; limit is the cap, which the error
// names. A nil budget has no limit.
type cardBudget struct {
	left, limit int
}

func newCardBudget(limit int) *cardBudget {
	return &cardBudget{left: limit, limit: limit}
}

// take counts n more cards and tells whether they fit.
func (b *cardBudget) take(n int) bool {
	if b == nil {
		return true
	}
	b.left -= n
	return b.left >= 0
}

// spent tells whether a parse has passed the cap.
func (b *cardBudget) spent() bool { return b != nil && b.left < 0 }

// tooMany is the error for the card that passed the cap.
func (b *cardBudget) tooMany() string {
	return fmt.Sprintf("the import holds more than %d cards; import fewer files at once, or raise the limit with --max-cards", b.limit)
}
