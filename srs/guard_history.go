package srs

import "fmt"

// historyTally is what the log says each card's history must list: how
// many entries, and a sum of their mixed seqs. The check before a write
// gathers it in its one pass over the log and compares it with the
// history records in its pass over those, so that a log entry that no
// longer matches its card's history (a bit flipped in its card id) is
// found without reading any record twice.
type historyTally map[string]tallySum

type tallySum struct {
	n   int
	sum uint64
}

func (h historyTally) add(card string, seq uint64) {
	s := h[card]
	s.n++
	s.sum += mixSeq(seq)
	h[card] = s
}

// matches reports whether a card's history record lists what the log
// holds for it, and forgets the card.
func (h historyTally) matches(card string, r historyRec) error {
	want := h[card]
	delete(h, card)
	var got tallySum
	for _, seq := range r.Seqs {
		got.n++
		got.sum += mixSeq(seq)
	}
	if got != want {
		return fmt.Errorf("it lists %d entries, and the log holds %d others for the card", got.n, want.n)
	}
	return nil
}

// mixSeq spreads a seq over 64 bits (splitmix64's finaliser), so that sums
// of different sets of seqs differ.
func mixSeq(x uint64) uint64 {
	x ^= x >> 30
	x *= 0xbf58476d1ce4e5b9
	x ^= x >> 27
	x *= 0x94d049bb133111eb
	return x ^ x>>31
}
