package srs

import "time"

// --- decks bucket ---

// deckRec is a deck's record; Cards and New are kept up to date by every
// write so that counts never need a scan of the cards.
type deckRec struct {
	Description string
	Source      string
	Hash        string
	Builtin     bool
	Hidden      bool
	SyncedAt    time.Time
	Topics      []string
	Cards       int // active cards
	New         int // active cards never reviewed, in the new pile
	Retired     int
	// NewSuspended are active cards never reviewed that are suspended:
	// out of the new pile and New, still among Cards (version 2).
	NewSuspended int
	// NewSiblings are the cards of the new pile that have a sibling before
	// them in it: a note with k cards there counts k-1, since a day takes
	// one card of a note (version 2).
	NewSiblings int
}

const (
	deckBuiltin = 1 << iota
	deckHidden
)

func encodeDeck(r deckRec) []byte {
	var e enc
	e.byte(recV2)
	var flags byte
	if r.Builtin {
		flags |= deckBuiltin
	}
	if r.Hidden {
		flags |= deckHidden
	}
	e.byte(flags)
	e.str(r.Description)
	e.str(r.Source)
	e.str(r.Hash)
	e.time(r.SyncedAt)
	e.count(len(r.Topics))
	for _, t := range r.Topics {
		e.str(t)
	}
	e.count(r.Cards)
	e.count(r.New)
	e.count(r.Retired)
	e.count(r.NewSuspended)
	e.count(r.NewSiblings)
	return e.b
}

func decodeDeck(b []byte) (deckRec, error) {
	d := dec{what: "deck record", b: b}
	var r deckRec
	v := d.byte()
	if d.err == nil && v != recV1 && v != recV2 {
		d.fail("unknown record version %d", v)
	}
	flags := d.flags(deckBuiltin|deckHidden, "deck")
	r.Builtin = flags&deckBuiltin != 0
	r.Hidden = flags&deckHidden != 0
	r.Description = d.str()
	r.Source = d.str()
	r.Hash = d.str()
	r.SyncedAt = d.time()
	if n := d.length(); n > 0 {
		r.Topics = make([]string, 0, n)
		for range n {
			r.Topics = append(r.Topics, d.str())
		}
	}
	r.Cards = d.count()
	r.New = d.count()
	r.Retired = d.count()
	if v == recV2 {
		r.NewSuspended = d.count()
		r.NewSiblings = d.count()
	}
	return r, d.done()
}
