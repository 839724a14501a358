package tui

import (
	"hash/fnv"
	"math/rand/v2"
	"strings"

	"github.com/hone-srs/hone/deck"
)

// optionOrder is the order a choice card's options are shown in this
// review: shuffled, so that a learner remembers the answer and not its
// place, and never more options than there are keys to pick them with (the
// right one always among them). Cards whose options point at each other
// ("all of the above") keep their order. seed varies per review.
func optionOrder(c deck.Card, seed uint64) []int {
	order := make([]int, len(c.Options))
	for i := range order {
		order[i] = i
	}
	if !pointsAtOthers(c.Options) {
		h := fnv.New64a()
		h.Write([]byte(c.ID))
		rng := rand.New(rand.NewPCG(seed, h.Sum64()))
		rng.Shuffle(len(order), func(i, j int) { order[i], order[j] = order[j], order[i] })
	}
	if len(order) <= len(optionKeys) {
		return order
	}
	order = order[:len(optionKeys)]
	for _, i := range order {
		if i == c.Correct {
			return order
		}
	}
	order[len(order)-1] = c.Correct
	return order
}

// pointsAtOthers reports whether an option only makes sense in its place.
func pointsAtOthers(opts []deck.Option) bool {
	for _, o := range opts {
		t := strings.ToLower(o.Text)
		for _, w := range []string{"above", "below", "of these", "both "} {
			if strings.Contains(t, w) {
				return true
			}
		}
	}
	return false
}

// relabel rewrites the options an explanation names in bold (**B**, **B.**)
// from the letters of the deck to the letters shown, so that "**B** is
// right" still points at the right option after a shuffle.
func relabel(text string, c deck.Card, order []int) string {
	shown := map[byte]byte{}
	for pos, i := range order {
		if l := c.Options[i].Letter; len(l) == 1 {
			shown[l[0]] = shownLetter(pos)[0]
		}
	}
	var b strings.Builder
	b.Grow(len(text))
	for i := 0; i < len(text); i++ {
		if strings.HasPrefix(text[i:], "**") && i+3 < len(text) {
			if to, ok := shown[text[i+2]]; ok && boldLetterEnds(text[i+3:]) {
				b.WriteString("**")
				b.WriteByte(to)
				i += 2
				continue
			}
		}
		b.WriteByte(text[i])
	}
	return b.String()
}

// boldLetterEnds reports whether rest closes a bold single letter: "**",
// or one of ".):" then "**".
func boldLetterEnds(rest string) bool {
	if len(rest) > 0 && strings.ContainsRune(".):", rune(rest[0])) {
		rest = rest[1:]
	}
	return strings.HasPrefix(rest, "**")
}
