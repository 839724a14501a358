package deck

import (
	"regexp"
	"slices"
	"strings"
)

// ParseOSR reads a markdown note written for Obsidian's spaced-repetition
// plugin:
//
//   - "Question::Answer" on one line is a card, and "Question:::Answer" is
//     two, one each way;
//   - question lines, a line holding only "?", and answer lines up to a
//     blank line or a heading are a card, and "??" makes it two;
//   - a heading sets the topic of the cards under it, and cards above the
//     first heading take the deck's name;
//   - #tags on a line of their own tag the cards below them until the next
//     such line; inside an answer, or at the end of a card's line, they tag
//     that card only; front matter tags: tag every card;
//   - fenced code blocks are card text, never card syntax;
//   - a paragraph with ==highlights== and no card syntax is a cloze note,
//     one card per highlight (the plugin's ==2;;text;;hint== numbers a
//     deletion and gives it a hint), and styles turns on the plugin's
//     **bold** and {{curly}} clozes, which it leaves off by default;
//   - a note that ends cards with a "+++" line keeps blank lines inside
//     its multi-line cards and clozes, as the plugin does with that end
//     marker set.
//
// deckName "" names the deck after the file. The plugin's scheduling
// comments (<!--SR:...-->) are dropped: hone keeps its own schedule.
func ParseOSR(file, deckName string, src []byte, styles OSRClozes) (Deck, Diagnostics) {
	return parseOSR(file, deckName, src, styles, nil, nil)
}

// parseOSR is ParseOSR that stops at the card that passes budget, and
// hands each full block of cards to drain when it is set.
func parseOSR(file, deckName string, src []byte, styles OSRClozes, budget *cardBudget, drain func([]Card)) (Deck, Diagnostics) {
	return parseOSRText(file, deckName, string(src), SourceHash(src), styles, budget, drain)
}

// parseOSRText is parseOSR of a text whose SourceHash is hash.
func parseOSRText(file, deckName, src, hash string, styles OSRClozes, budget *cardBudget, drain func([]Card)) (Deck, Diagnostics) {
	if deckName == "" {
		deckName = deckNameOf(file)
	}
	im := newImporter(file, deckName)
	im.budget, im.drain = budget, drain
	if text, ok := im.prepare(src, hash); ok {
		s := &osrScanner{im: im, topic: deckName, cloze: styles.syntax()}
		s.scan(strings.Split(text, "\n"))
	}
	return im.finishPrepared(`write cards as "Question::Answer", or as question lines, a "?" line and answer lines`)
}

// osrSchedule is the plugin's review record, written after a card.
var osrSchedule = regexp.MustCompile(`<!--SR:[^>]*-->`)

// osrListMarker is a list bullet before a one-line card, which belongs to
// the note's layout rather than to the question.
var osrListMarker = regexp.MustCompile(`^\s*(?:[-*+]|\d{1,9}[.)])\s+`)

type osrLine struct {
	n    int // 1-based line number
	text string
	code bool // inside a fenced code block: no tags, no syntax
}

// osrCard is a multi-line card whose answer is being read.
type osrCard struct {
	question []osrLine
	answer   []osrLine
	tags     []string
	reversed bool
	mark     int  // line of its "?" or "??"
	bad      bool // already reported: its lines are read and dropped
}

type osrScanner struct {
	im       *importer
	fileTags []string // from front matter: every card
	baseTags []string // fileTags and those of the last tag line: the cards below it
	topic    string
	pending  []osrLine // lines since the last break, which a "?" makes a question
	card     *osrCard
	fence    osrFence

	cloze        clozeSyntax
	pendingCloze bool // a pending line marks a deletion
	endMarker    bool // "+++" ends cards, and blank lines do not
}

func (s *osrScanner) scan(lines []string) {
	start := 0
	if end := frontMatterEnd(lines); end > 0 {
		s.fileTags = osrFrontMatterTags(lines[1:end])
		s.baseTags = s.fileTags
		start = end + 1
	}
	s.endMarker = hasOSREndMarker(lines[start:])
	for i := start; i < len(lines) && !s.im.full; i++ {
		s.line(i+1, lines[i])
	}
	s.endBlock()
	if s.fence.open {
		s.im.warnf(s.fence.line, "code block is never closed, so the rest of the file was read as code; close it with %s", strings.Repeat(string(s.fence.char), s.fence.size))
	}
}

func (s *osrScanner) line(n int, raw string) {
	text := osrSchedule.ReplaceAllString(raw, "")
	if s.fence.open {
		s.fence.closes(text)
		s.push(osrLine{n, text, true})
		return
	}
	trimmed := strings.TrimSpace(text)
	switch {
	case trimmed == "" && strings.TrimSpace(raw) != "":
		// Only a scheduling comment: not a blank line, so the card goes on.
	case trimmed == "" && s.endMarker && (s.card != nil || s.pendingCloze):
		s.push(osrLine{n, text, false}) // the card goes on to its "+++"
	case trimmed == "" || (trimmed == osrEndMarker && s.endMarker):
		s.endBlock()
	case s.fence.opens(text, n):
		s.push(osrLine{n, text, true})
	case isOSRHeading(text):
		s.endBlock()
		s.topic = osrHeadingTitle(text)
		if s.topic == "" {
			s.topic = s.im.deck.Name
		}
	case osrTagLine(trimmed) != nil:
		if s.card != nil {
			s.card.tags = append(s.card.tags, osrTagLine(trimmed)...) // endBlock drops repeats
		} else {
			s.baseTags = addTags(slices.Clone(s.fileTags), osrTagLine(trimmed)...)
		}
	case (trimmed == "?" || trimmed == "??") && s.card == nil:
		s.startAnswer(n, trimmed)
	case s.card != nil:
		s.card.answer = append(s.card.answer, osrLine{n, text, false})
	default:
		if q, a, sep, ok := splitInlineCard(text); ok {
			s.pending, s.pendingCloze = nil, false
			s.inline(n, q, a, sep)
			return
		}
		s.pending = append(s.pending, osrLine{n, text, false})
		s.pendingCloze = s.pendingCloze || s.marksDeletion(text)
	}
}

// push adds a line to the answer being read, or else to the pending lines.
func (s *osrScanner) push(l osrLine) {
	if s.card != nil {
		s.card.answer = append(s.card.answer, l)
		return
	}
	s.pending = append(s.pending, l)
}

func (s *osrScanner) startAnswer(n int, mark string) {
	s.card = &osrCard{question: s.pending, reversed: mark == "??", mark: n}
	s.pending, s.pendingCloze = nil, false
	if q, _ := joinOSRLines(s.card.question); q == "" {
		s.im.errorf(n, "%q has no question above it; write the question on the lines just above it", mark)
		s.card.bad = true
	}
}

// endBlock ends what a blank line or heading ends: the card being read and
// any lines that never became a question.
func (s *osrScanner) endBlock() {
	c, pending, cloze := s.card, s.pending, s.pendingCloze
	s.card, s.pending, s.pendingCloze = nil, nil, false
	if c == nil && cloze {
		s.clozeNote(pending)
	}
	if c == nil || c.bad {
		return
	}
	q, qTags := joinOSRLines(c.question)
	a, aTags := joinOSRLines(c.answer)
	if a == "" {
		mark := "?"
		if c.reversed {
			mark = "??"
		}
		s.im.errorf(c.mark, "%q has no answer below it; write the answer on the lines just below it", mark)
		return
	}
	tags := addTags(addTags(addTags(nil, qTags...), c.tags...), aTags...)
	line := c.question[0].n
	if !c.reversed {
		s.emit(line, q, a, tags, "")
		return
	}
	note := s.cardID(q)
	s.emit(line, q, a, tags, note)
	s.emit(line, a, q, tags, note)
}

func (s *osrScanner) inline(n int, q, a, sep string) {
	q = strings.TrimSpace(osrListMarker.ReplaceAllString(q, ""))
	a, tags := osrTrailingTags(a)
	a = strings.TrimSpace(a)
	switch {
	case q == "" && a == "":
		return // a row of colons is not a card
	case q == "":
		s.im.errorf(n, "card has no question before %q; write it as Question%sAnswer", sep, sep)
		return
	case a == "":
		s.im.errorf(n, "card has no answer after %q; write it as Question%sAnswer", sep, sep)
		return
	}
	if sep != ":::" {
		s.emit(n, q, a, tags, "")
		return
	}
	note := s.cardID(q)
	s.emit(n, q, a, tags, note)
	s.emit(n, a, q, tags, note)
}

// emit adds a card; note names the pair it is one direction of.
func (s *osrScanner) emit(line int, question, answer string, cardTags []string, note string) {
	front, prompt := splitFront(question)
	s.im.add(Card{
		ID:     s.cardID(question),
		Note:   note,
		Topic:  s.topic,
		Front:  front,
		Prompt: prompt,
		Back:   trimBlankLines(answer),
		Line:   line,
	}, s.baseTags, cardTags...)
}

// cardID is the id of the card that asks question.
func (s *osrScanner) cardID(question string) string {
	front, prompt := splitFront(question)
	return DerivedID(s.im.deck.Name, s.topic, questionKey(front, prompt))
}

// joinOSRLines is the text of a card side, with the tags at the ends of its
// lines taken out.
func joinOSRLines(lines []osrLine) (string, []string) {
	var tags []string
	texts := make([]string, len(lines))
	for i, l := range lines {
		texts[i] = l.text
		if !l.code {
			var t []string
			texts[i], t = osrTrailingTags(l.text)
			tags = append(tags, t...)
		}
	}
	return trimBlankLines(strings.Join(texts, "\n")), addTags(nil, tags...)
}
