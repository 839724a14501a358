package deck

import (
	"fmt"
	"slices"
	"strings"
)

// isClozeText tells whether a hone card's question marks deletions, which
// make it a cloze card.
func isClozeText(question string) bool {
	return mayMarkCloze(question) && len(clozeNumbers(parseCloze(question, honeCloze))) > 0
}

// mayMarkCloze is a quick look for the marks of a deletion.
func mayMarkCloze(s string) bool {
	return strings.Contains(s, clozeMark) || strings.Contains(s, "{{c")
}

// clozes adds c to cards, or, when it is a basic card whose question
// (heading and prompt) marks deletions, one cloze card per deletion: the
// card's id is their note, and its back goes below the revealed text. It
// returns how many cards it added.
func (p *parser) clozes(c Card, seen map[string]int, cards *cardList) int {
	if c.Kind != Basic || !mayMarkCloze(c.Front) && !mayMarkCloze(c.Prompt) {
		cards.add(c)
		return 1
	}
	nodes := parseCloze(questionKey(c.Front, c.Prompt), honeCloze)
	if len(clozeNumbers(nodes)) == 0 {
		cards.add(c)
		return 1
	}
	var out []Card
	for _, cc := range clozeCards(nodes, c.ID, c.Back) {
		if cc.Back == "" {
			continue // a deletion of nothing in a text of nothing asks nothing
		}
		cc.Deck, cc.Topic, cc.Line = c.Deck, c.Topic, c.Line
		cc.Tags = slices.Clone(c.Tags)
		p.checkID(cc.ID, c.Line, seen, func(first int) string {
			return fmt.Sprintf("cloze card id %q is already used at line %d; give this card another id", cc.ID, first)
		})
		out = append(out, cc)
	}
	if len(out) == 0 {
		p.errorf(c.Line, "cloze card hides nothing; put the words to hide between == and ==")
	}
	for _, cc := range out {
		cards.add(cc)
	}
	return len(out)
}
