package srs

import "github.com/hone-srs/hone/deck"

// queued is a queue being built: its items, and the notes and cards they
// hold, so that no card comes twice and no two siblings come together.
type queued struct {
	items  []Item
	ids    map[string]bool
	notes  map[string]bool
	buried map[string]bool // the cards buried on the queue's day, once read
}

// buriedOn is the set of cards buried on day, read from the buried index
// on first use.
func (q *queued) buriedOn(t *txn, day Day) (map[string]bool, error) {
	if q.buried != nil {
		return q.buried, nil
	}
	q.buried = map[string]bool{}
	return q.buried, t.eachBuried(day, func(id string, _ *cardRec) error {
		q.buried[id] = true
		return nil
	})
}

// takes reports whether card r may join the queue on day: it is not
// buried then, and no sibling of it is queued already.
func (q *queued) takes(r *cardRec, day Day) bool {
	return !r.State.Buried(day) && (r.Note == "" || !q.notes[r.Note])
}

func (q *queued) has(id string) bool { return q.ids[id] }

// add queues a card by its id, deck, topic and note; its text is read when
// it is shown (Store.Content), so a queue of hundreds of cards reads no
// text at all.
func (q *queued) add(id string, r *cardRec) {
	q.push(Item{Card: deck.Card{ID: id, Deck: r.Deck, Topic: r.Topic, Note: r.Note}, State: r.State})
}

// push queues an item unless a sibling of it is queued already.
func (q *queued) push(it Item) {
	if q.ids == nil {
		q.ids, q.notes = map[string]bool{}, map[string]bool{}
	}
	if n := it.Card.Note; n != "" {
		if q.notes[n] {
			return
		}
		q.notes[n] = true
	}
	q.ids[it.Card.ID] = true
	q.items = append(q.items, it)
}

// schedule gives every item the scheduler in force, for its grade hints.
func (t *txn) schedule(q *queued) error {
	sch, err := t.scheduler()
	if err != nil {
		return err
	}
	for i := range q.items {
		q.items[i].Scheduler = sch
	}
	return nil
}
