package deck

import "strings"

// note turns one row into its cards.
func (p *ankiParser) note(line int, rec []string) {
	if strings.TrimSpace(strings.Join(rec, "")) == "" {
		return // an empty row is not a note
	}
	get := func(i int) string {
		if i >= 0 && i < len(rec) {
			return rec[i]
		}
		return ""
	}
	frontCol, backCol, extraCols := p.layout.roles(len(rec))
	front, back := p.field(get(frontCol)), p.field(get(backCol))
	var extras []string
	for _, i := range extraCols {
		if t := p.field(get(i)); t != "" {
			extras = append(extras, t)
		}
	}
	n := ankiNote{
		line:     line,
		guid:     strings.TrimSpace(get(p.layout.guid)),
		tags:     strings.Fields(get(p.layout.tags)),
		notetype: strings.TrimSpace(get(p.layout.notetype)),
	}
	if n.notetype == "" {
		n.notetype = p.notetype
	}
	n.topic = p.topic(n.notetype, strings.TrimSpace(get(p.layout.deck)))
	switch {
	case front == "":
		p.im.errorf(line, "front is empty; fill in the first field or remove the row")
	case len(front) > MaxCardSize:
		p.im.errorf(line, "card is %d KB; the limit is %d KB, so split it into smaller cards", len(front)>>10, MaxCardSize>>10)
	default:
		if nodes := parseCloze(front, ankiCloze); len(clozeNumbers(nodes)) > 0 {
			p.cloze(n, front, nodes, joinParagraphs(back, extras))
			return
		}
		back = joinParagraphs(back, extras)
		if back == "" {
			p.im.errorf(line, "back is empty; fill in the second field or remove the row")
			return
		}
		if !strings.Contains(strings.ToLower(n.notetype), "and reversed") {
			p.card(n, front, back, "", "")
			return
		}
		// The two directions are siblings, known by the forward card's id.
		note := p.cardID(n, front)
		p.card(n, front, back, "", note)
		p.card(n, back, front, "#r", note)
	}
}

// ankiNote is what the cards of one row share.
type ankiNote struct {
	line     int
	guid     string
	tags     []string // from the tags column; #tags: come first
	notetype string
	topic    string
}

// cloze makes one card per c-number; text is the note's text and extra
// the back's other fields.
func (p *ankiParser) cloze(n ankiNote, text string, nodes []clozeNode, extra string) {
	base := DerivedID(p.im.deck.Name, n.topic, text)
	if n.guid != "" {
		base = ankiGUIDPrefix + n.guid
	}
	for _, c := range clozeCards(nodes, base, extra) {
		c.Topic, c.Line = n.topic, n.line
		p.im.add(c, p.tags, n.tags...)
		if p.im.full {
			return
		}
	}
}

// card adds one card; suffix tells apart the cards of one note, and note
// names the note when it has more than one card.
func (p *ankiParser) card(n ankiNote, question, back, suffix, note string) {
	front, prompt := splitFront(question)
	p.im.add(Card{ID: p.cardID(n, question) + suffix, Note: note, Topic: n.topic, Front: front, Prompt: prompt, Back: strings.TrimSpace(back), Line: n.line}, p.tags, n.tags...)
}

// cardID is the id of the card that asks question: the note's GUID when
// the row gives one, else derived from the question.
func (p *ankiParser) cardID(n ankiNote, question string) string {
	if n.guid != "" {
		return ankiGUIDPrefix + n.guid
	}
	front, prompt := splitFront(question)
	return DerivedID(p.im.deck.Name, n.topic, questionKey(front, prompt))
}

func (p *ankiParser) topic(notetype, deck string) string {
	if i := strings.LastIndex(deck, "::"); i >= 0 {
		if sub := strings.TrimSpace(deck[i+2:]); sub != "" {
			return sub
		}
	}
	if notetype != "" {
		return notetype
	}
	return p.im.deck.Name
}

// field turns a raw field into card text.
func (p *ankiParser) field(s string) string {
	if p.html == htmlOn || p.html == htmlGuess && looksLikeHTML(s) {
		return htmlToText(s, nil)
	}
	return ankiSoundTags(tidyLines(s, false), nil)
}

func joinParagraphs(first string, more []string) string {
	parts := []string{}
	for _, s := range append([]string{first}, more...) {
		if s != "" {
			parts = append(parts, s)
		}
	}
	return strings.Join(parts, "\n\n")
}
