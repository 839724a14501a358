package srs

// Limits are the daily caps: one for all decks, and each deck's own where
// the user set one. A negative limit means none.
type Limits struct {
	Reviews    int // reviews a day, all decks together
	NewPerDeck int // new cards a day, in each deck
	PerDeck    map[string]DeckLimits
}

// DeckLimits are one deck's own daily caps; nil keeps the global one.
type DeckLimits struct {
	New     *int // new cards a day in this deck
	Reviews *int // reviews a day in this deck, within the global cap
}

// NewFor is the new-card limit of deck name.
func (l Limits) NewFor(name string) int {
	if d, ok := l.PerDeck[name]; ok && d.New != nil {
		return *d.New
	}
	return l.NewPerDeck
}

// ReviewsFor is the review limit of deck name: its own, else the global one.
func (l Limits) ReviewsFor(name string) int {
	if d, ok := l.PerDeck[name]; ok && d.Reviews != nil {
		if l.Reviews < 0 {
			return *d.Reviews
		}
		return min(*d.Reviews, l.Reviews)
	}
	return l.Reviews
}

// deckReviewCaps reports whether any deck has its own review cap.
func deckReviewCaps(per map[string]DeckLimits) bool {
	for _, d := range per {
		if d.Reviews != nil {
			return true
		}
	}
	return false
}

// reviewRooms is how many more reviews each deck with its own cap may take
// today: its cap less the reviews of learned cards it had today. Only then
// does it read today's end of the log; first reviews of new cards count
// against the new-card limit, as in Queue.
func (t *txn) reviewRooms(today Day, dc DayCounts, per map[string]DeckLimits) (map[string]int, error) {
	if !deckReviewCaps(per) {
		return nil, nil
	}
	done := map[string]int{}
	err := t.entriesBack(func(e Entry) (bool, error) {
		if e.Day < today {
			return false, nil
		}
		if e.Day == today && (e.Kind == Review || e.Kind == Early || e.Kind == Imported) {
			done[e.Deck]++
		}
		return true, nil
	})
	if err != nil {
		return nil, err
	}
	rooms := map[string]int{}
	for name, d := range per {
		if d.Reviews != nil && *d.Reviews >= 0 {
			rooms[name] = max(*d.Reviews-(done[name]-dc.New[name]), 0)
		}
	}
	return rooms, nil
}
