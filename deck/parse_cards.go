package deck

import (
	"bytes"
	"fmt"
	"strings"

	"github.com/yuin/goldmark/ast"
)

// walker reads the cards of a deck chunk by chunk: `#` opens a topic, `##`
// a card, and everything up to the next such heading is the card's body.
type walker struct {
	p          *parser
	d          *Deck
	seen       map[string]int // card id → line of its first use
	cards      cardList
	topic      *Topic
	topicLine  int
	topicCards int
}

func newWalker(p *parser, d *Deck) *walker {
	return &walker{p: p, d: d, seen: map[string]int{}, cards: cardList{emit: p.emit}}
}

// chunk walks the top-level blocks of one chunk, whose lines end at last.
func (w *walker) chunk(blocks []block, last int) {
	p := w.p
	for i := 0; i < len(blocks) && !p.stopped; {
		b := blocks[i]
		switch p.heading(b) {
		case 1:
			w.openTopic(p.headingText(b), b.first)
			i = p.skipLoose(blocks, i+1, b.first, "under a topic before its first card")
		case 2:
			j := i + 1
			for j < len(blocks) && p.heading(blocks[j]) == 0 {
				j++
			}
			end := last
			if j < len(blocks) {
				end = blocks[j].first - 1
			}
			w.card(b, blocks[i+1:j], end)
			i = j
		default:
			i = p.skipLoose(blocks, i, 0, "before the first topic")
		}
	}
}

func (w *walker) openTopic(name string, line int) {
	w.endTopic()
	if name == "" {
		w.p.errorf(line, "topic heading is empty; write the topic's name after #")
	}
	tags, _ := w.p.tagsAfter(line)
	w.d.Topics = append(w.d.Topics, Topic{Name: name, Tags: tags})
	w.topic, w.topicLine, w.topicCards = &w.d.Topics[len(w.d.Topics)-1], line, 0
}

func (w *walker) card(h block, body []block, last int) {
	p, d := w.p, w.d
	w.topicCards++
	if w.topic == nil {
		p.errorf(h.first, "card comes before any topic; add a # topic heading above it")
		p.card(Topic{}, h, body, last, w.seen)
		return
	}
	c, ok := p.card(*w.topic, h, body, last, w.seen)
	if !ok {
		return
	}
	c.Deck = d.Name
	if c.ID == "" {
		c.ID = DerivedID(d.Name, c.Topic, c.Front)
		p.checkID(c.ID, c.Line, w.seen, func(first int) string {
			return fmt.Sprintf("a card with the same front is at line %d in this topic; reword one front or give one an <!-- id: --> comment", first)
		})
	}
	if !p.budget.take(p.clozes(c, w.seen, &w.cards)) {
		p.errorf(c.Line, "%s", p.budget.tooMany())
		p.stopped = true
	}
}

// refused takes note of a chunk that was refused before it was parsed: its
// heading still opens a topic or counts as a card of one.
func (w *walker) refused(line int) {
	switch level, name := splitHeading(w.p.line(line)); level {
	case 1:
		w.openTopic(strings.Clone(name), line)
	case 2:
		w.topicCards++
	}
}

func (w *walker) endTopic() {
	if w.topic != nil && w.topic.Name != "" && w.topicCards == 0 {
		w.p.warnf(w.topicLine, "topic %q has no cards; add ## cards under it or remove it", w.topic.Name)
	}
}

// end finishes the deck after its last chunk.
func (w *walker) end() {
	w.endTopic()
	n := w.cards.n
	w.d.Cards = w.cards.slice()
	if n == 0 && len(w.p.diags.Errors()) == 0 {
		w.p.warnf(1, "deck has no cards; add a # topic and ## cards under it")
	}
}

// skipLoose passes over blocks that belong to no card, warning once, and
// returns the index of the next heading.
func (p *parser) skipLoose(blocks []block, i, headingLine int, where string) int {
	warned := false
	for ; i < len(blocks) && p.heading(blocks[i]) == 0; i++ {
		b := blocks[i]
		if b.first == headingLine+1 && headingLine > 0 {
			if _, ok := p.tagsAfter(headingLine); ok && b.last == b.first {
				continue
			}
		}
		if !warned {
			p.warnf(b.first, "text %s is not part of any card and is ignored", where)
			warned = true
		}
	}
	return i
}

// checkID records id as used at line, or reports it as used before; msg
// words the report given the line of the first use.
func (p *parser) checkID(id string, line int, seen map[string]int, msg func(first int) string) {
	if first, dup := seen[id]; dup {
		p.errorf(line, "%s", msg(first))
		return
	}
	seen[id] = line
}

// card builds one card from its heading and body blocks; last is the final
// line of its body.
func (p *parser) card(topic Topic, h block, body []block, last int, seen map[string]int) (Card, bool) {
	errs := len(p.diags.Errors())
	c := Card{Topic: topic.Name, Front: p.headingText(h), Line: h.first, Tags: append([]string(nil), topic.Tags...)}
	if c.Front == "" {
		p.errorf(h.first, "card heading is empty; write the question after ##")
	}
	first := h.first + 1
	if tags, ok := p.tagsAfter(h.first); ok {
		c.Tags = appendNew(c.Tags, tags...)
		first++
	}
	skip := map[int]bool{}
	var kept []block
	for _, b := range body {
		id, ok := p.idOf(b)
		if !ok {
			kept = append(kept, b)
			continue
		}
		for l := b.first; l <= b.last; l++ {
			skip[l] = true
		}
		switch {
		case id == "":
			p.errorf(b.first, "id comment names no id; write <!-- id: some-name -->")
		case c.ID != "":
			p.errorf(b.first, "card has a second id %q; keep one <!-- id: --> per card", id)
		default:
			c.ID = id
			p.checkID(id, b.first, seen, func(first int) string {
				return fmt.Sprintf("card id %q is already used at line %d; give this card another id", id, first)
			})
		}
	}
	if choice := p.choiceIndex(kept); choice >= 0 {
		p.choiceCard(&c, kept, choice, first, skip)
	} else {
		p.basicCard(&c, kept, first, last, skip)
	}
	if size := len(c.Front) + len(c.Prompt) + len(c.Back) + len(c.Explanation); size > MaxCardSize {
		p.errorf(h.first, "card is %d KB; the limit is %d KB, so split it into smaller cards", size>>10, MaxCardSize>>10)
	}
	return c, len(p.diags.Errors()) == errs
}

func (p *parser) choiceIndex(body []block) int {
	for i, b := range body {
		if p.isChoiceList(b) {
			return i
		}
	}
	return -1
}

// basicCard splits the body at a line holding only `?`, if there is one:
// what comes before continues the question.
func (p *parser) basicCard(c *Card, body []block, first, last int, skip map[int]bool) {
	split := p.questionMark(body)
	if split > 0 {
		c.Prompt = p.textSkipping(first, split-1, skip)
		c.Back = p.textSkipping(split+1, last, skip)
		if c.Back == "" && !isClozeText(questionKey(c.Front, c.Prompt)) {
			p.errorf(split, "card has no answer after its ? line; write the answer below it")
		}
		return
	}
	c.Back = p.textSkipping(first, last, skip)
	if c.Back == "" && !isClozeText(c.Front) {
		p.errorf(c.Line, "card has no answer; write the back below the heading")
	}
}

// questionMark finds the first paragraph line that holds only "?". Looking
// only at paragraphs keeps a "?" in a code block part of the answer.
func (p *parser) questionMark(body []block) int {
	for _, b := range body {
		if _, ok := b.node.(*ast.Paragraph); !ok {
			continue
		}
		lines := b.node.Lines()
		for i := 0; i < lines.Len(); i++ {
			if seg := lines.At(i); string(bytes.TrimSpace(seg.Value(p.src))) == "?" {
				return p.lineOf(lines.At(i).Start)
			}
		}
	}
	return 0
}

// choiceCard reads the story before the options, the options and the
// explanation after them.
func (p *parser) choiceCard(c *Card, body []block, at, first int, skip map[int]bool) {
	c.Kind = Choice
	list := body[at]
	c.Prompt = p.textSkipping(first, list.first-1, skip)
	p.options(c, list)
	if at+1 >= len(body) {
		p.errorf(list.last, "choice card has no explanation; add a > blockquote right after the options saying why the answer is right")
		return
	}
	quote := body[at+1]
	if _, ok := quote.node.(*ast.Blockquote); !ok {
		p.errorf(quote.first, "choice card needs its explanation right after the options; start it with >")
		return
	}
	c.Explanation = p.unquote(quote.first, quote.last)
	if c.Explanation == "" {
		p.errorf(quote.first, "choice card's explanation is empty; say why the answer is right")
	}
	if at+2 >= len(body) {
		return
	}
	// Only the first block after the explanation is reported: one line
	// says what is wrong with the card.
	if b := body[at+2]; p.isChoiceList(b) {
		p.errorf(b.first, "card has a second list of options; split it into two cards")
	} else {
		p.errorf(b.first, "text after a choice card's explanation; move it into the > blockquote or into the story above the options")
	}
}

// maxOptions is how many options a choice card may have: one per answer
// key, A to H.
const maxOptions = 8

func (p *parser) options(c *Card, list block) {
	var checked []string
	items, malformed := 0, false
	for it := list.node.FirstChild(); it != nil; it = it.NextSibling() {
		items++
		line := list.first
		if lines := it.FirstChild(); lines != nil && lines.Lines().Len() > 0 {
			line = p.lineOf(lines.Lines().At(0).Start)
		}
		opt, isChecked, ok := p.option(it)
		if !ok {
			p.errorf(line, "option %d is not of the form - [ ] %c: text; every option needs a box, a letter and a colon", len(c.Options)+1, 'A'+len(c.Options)%26)
			malformed = true
			continue
		}
		opt.Letter = strings.ToUpper(opt.Letter)
		want := string(rune('A' + len(c.Options)%26))
		if opt.Letter != want {
			p.errorf(line, "option is lettered %s where %s was expected; letter the options A, B, C… in order", opt.Letter, want)
		}
		if opt.Text == "" {
			p.errorf(line, "option %s has no text", opt.Letter)
		}
		if isChecked {
			checked = append(checked, opt.Letter)
			c.Correct = len(c.Options)
		}
		c.Options = append(c.Options, opt)
	}
	switch {
	case items > maxOptions:
		p.errorf(list.first, "choice card has %d options; hone answers with A to %c, so give it at most %d", items, 'A'+maxOptions-1, maxOptions)
	case items < 2:
		p.errorf(list.first, "choice card has %d option; give it at least two", items)
	case malformed:
		// Which box was meant is unclear until the options are fixed.
	case len(checked) == 0:
		p.errorf(list.first, "choice card has no checked option; mark the right one with [x]")
	case len(checked) > 1:
		p.errorf(list.first, "choice card has %d checked options (%s); check exactly one", len(checked), strings.Join(checked, ", "))
	}
}

// unquote returns a blockquote's lines without their `>` markers.
func (p *parser) unquote(first, last int) string {
	var out []string
	for l := first; l <= last && p.has(l); l++ {
		line := strings.TrimLeft(p.line(l), " ")
		if rest, ok := strings.CutPrefix(line, ">"); ok {
			line = strings.TrimPrefix(rest, " ")
		}
		out = append(out, line)
	}
	// Join returns a single line as it is: copy it out of the window.
	return strings.Clone(strings.Trim(strings.Join(out, "\n"), "\n \t"))
}

// textSkipping is text for lines first..last, leaving out the lines in skip.
func (p *parser) textSkipping(first, last int, skip map[int]bool) string {
	if len(skip) == 0 {
		return p.text(first, last)
	}
	var out []string
	for l := max(first, 1); l <= last && p.has(l); l++ {
		if !skip[l] {
			out = append(out, p.line(l))
		}
	}
	// Join returns a single line as it is: copy it out of the window.
	return strings.Clone(strings.Trim(strings.Join(out, "\n"), "\n \t"))
}

func appendNew(tags []string, more ...string) []string {
	for _, t := range more {
		dup := false
		for _, have := range tags {
			dup = dup || have == t
		}
		if !dup {
			tags = append(tags, t)
		}
	}
	return tags
}
