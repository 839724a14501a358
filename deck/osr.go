package deck

import (
	"regexp"
	"slices"
	"strings"
	"unicode"
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
//   - fenced code blocks are card text, never card syntax.
//
// deckName "" names the deck after the file. The plugin's scheduling
// comments (<!--SR:...-->) are dropped: hone keeps its own schedule.
func ParseOSR(file, deckName string, src []byte) (Deck, Diagnostics) {
	if deckName == "" {
		deckName = deckNameOf(file)
	}
	im := newImporter(file, deckName)
	if text, ok := im.prepare(src); ok {
		s := &osrScanner{im: im, topic: deckName}
		s.scan(strings.Split(text, "\n"))
	}
	return im.finish(src, `write cards as "Question::Answer", or as question lines, a "?" line and answer lines`)
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
}

func (s *osrScanner) scan(lines []string) {
	start := 0
	if end := frontMatterEnd(lines); end > 0 {
		s.fileTags = osrFrontMatterTags(lines[1:end])
		s.baseTags = s.fileTags
		start = end + 1
	}
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
	case trimmed == "":
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
			s.pending = nil
			s.inline(n, q, a, sep)
			return
		}
		s.pending = append(s.pending, osrLine{n, text, false})
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
	s.pending = nil
	if q, _ := joinOSRLines(s.card.question); q == "" {
		s.im.errorf(n, "%q has no question above it; write the question on the lines just above it", mark)
		s.card.bad = true
	}
}

// endBlock ends what a blank line or heading ends: the card being read and
// any lines that never became a question.
func (s *osrScanner) endBlock() {
	c := s.card
	s.card, s.pending = nil, nil
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
	s.emit(line, q, a, tags)
	if c.reversed {
		s.emit(line, a, q, tags)
	}
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
	s.emit(n, q, a, tags)
	if sep == ":::" {
		s.emit(n, a, q, tags)
	}
}

func (s *osrScanner) emit(line int, question, answer string, cardTags []string) {
	front, prompt := splitFront(question)
	s.im.add(Card{
		ID:     DerivedID(s.im.deck.Name, s.topic, questionKey(front, prompt)),
		Topic:  s.topic,
		Front:  front,
		Prompt: prompt,
		Back:   trimBlankLines(answer),
		Line:   line,
	}, s.baseTags, cardTags...)
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

// splitInlineCard finds the first "::" or ":::" outside inline code, so
// that `std::vector` in backticks stays in the question.
func splitInlineCard(text string) (q, a, sep string, ok bool) {
	if !strings.Contains(text, "::") {
		return "", "", "", false
	}
	runs := backtickRuns(text)
	for i := 0; i < len(text); i++ {
		switch {
		case text[i] == '`':
			// A code span ends at the next run of as many backticks; an
			// opening run with none is plain text.
			n := runs.length(i)
			if end := runs.next(n, i+n); end >= 0 {
				i = end + n - 1
			} else {
				i += n - 1
			}
		case strings.HasPrefix(text[i:], ":::"):
			return text[:i], text[i+3:], ":::", true
		case strings.HasPrefix(text[i:], "::"):
			return text[:i], text[i+2:], "::", true
		}
	}
	return "", "", "", false
}

// osrRuns indexes a line's backtick runs by length, so that finding each
// code span's end does not rescan the line: starts[n] lists where runs of n
// backticks start, in order, and is consumed from the front.
type osrRuns struct {
	lengths map[int]int   // run start → length
	starts  map[int][]int // length → run starts
}

func backtickRuns(text string) osrRuns {
	r := osrRuns{lengths: map[int]int{}, starts: map[int][]int{}}
	for i := 0; i < len(text); {
		if text[i] != '`' {
			i++
			continue
		}
		j := i
		for j < len(text) && text[j] == '`' {
			j++
		}
		r.lengths[i] = j - i
		r.starts[j-i] = append(r.starts[j-i], i)
		i = j
	}
	return r
}

func (r osrRuns) length(start int) int { return r.lengths[start] }

// next returns the start of the first run of n backticks at or after from,
// or -1. Calls come with growing from, so dropping passed runs is safe.
func (r osrRuns) next(n, from int) int {
	s := r.starts[n]
	for len(s) > 0 && s[0] < from {
		s = s[1:]
	}
	r.starts[n] = s
	if len(s) == 0 {
		return -1
	}
	return s[0]
}

// isOSRHeading tells a markdown heading ("# Title", "## Title") from a tag
// ("#title"), as CommonMark does: the #s are followed by a space or nothing.
func isOSRHeading(line string) bool {
	t := strings.TrimLeft(line, " ")
	if len(line)-len(t) > 3 {
		return false
	}
	n := 0
	for n < len(t) && t[n] == '#' {
		n++
	}
	return n >= 1 && n <= 6 && (n == len(t) || t[n] == ' ' || t[n] == '\t')
}

// osrHeadingTitle is a heading's text without its #s, before or after.
func osrHeadingTitle(line string) string {
	t := strings.TrimSpace(strings.TrimLeft(strings.TrimSpace(line), "#"))
	if strings.Trim(t, "#") == "" {
		return ""
	}
	if end := strings.TrimRight(t, "#"); end != t && (strings.HasSuffix(end, " ") || strings.HasSuffix(end, "\t")) {
		t = strings.TrimSpace(end)
	}
	return t
}

// osrTagLine returns the tags of a line made of #tags only, or nil.
func osrTagLine(trimmed string) []string {
	fields := strings.Fields(trimmed)
	for i, f := range fields {
		if !isOSRTag(f) {
			return nil
		}
		fields[i] = f[1:]
	}
	return addTags(nil, fields...)
}

// osrTrailingTags takes the #tags off the end of a line. A line that would be
// left empty keeps them: "#golang" may well be the answer.
func osrTrailingTags(line string) (string, []string) {
	rest := strings.TrimRight(line, " \t")
	var tags []string
	for {
		i := strings.LastIndexAny(rest, " \t")
		if i < 0 || !isOSRTag(rest[i+1:]) {
			break
		}
		tags = append(tags, rest[i+1:][1:])
		rest = strings.TrimRight(rest[:i], " \t")
	}
	if strings.TrimSpace(rest) == "" || tags == nil {
		return line, nil
	}
	slices.Reverse(tags) // they were read from the end
	return rest, addTags(nil, tags...)
}

// isOSRTag is Obsidian's rule: # and then letters, digits, _, - or /, not all
// digits ("#1" is not a tag).
func isOSRTag(tok string) bool {
	if len(tok) < 2 || tok[0] != '#' {
		return false
	}
	digits := true
	for _, r := range tok[1:] {
		switch {
		case unicode.IsDigit(r):
		case unicode.IsLetter(r) || r == '_' || r == '-' || r == '/':
			digits = false
		default:
			return false
		}
	}
	return !digits
}

// osrFrontMatterTags reads `tags:` from front matter in the forms Obsidian
// writes: "tags: [a, b]", "tags: a b", or a "- a" list below the key.
func osrFrontMatterTags(lines []string) []string {
	var tags []string
	inList := false
	for _, l := range lines {
		key, value, ok := strings.Cut(l, ":")
		switch {
		case inList && strings.HasPrefix(strings.TrimSpace(l), "- "):
			tags = append(tags, osrCleanTag(strings.TrimSpace(l)[2:]))
		case ok && !strings.HasPrefix(l, " ") && strings.TrimSpace(key) == "tags":
			inList = strings.TrimSpace(value) == ""
			value = strings.Trim(strings.TrimSpace(value), "[]")
			for _, t := range strings.FieldsFunc(value, func(r rune) bool { return r == ',' || unicode.IsSpace(r) }) {
				tags = append(tags, osrCleanTag(t))
			}
		default:
			inList = false
		}
	}
	return addTags(nil, tags...)
}

func osrCleanTag(t string) string {
	return strings.TrimPrefix(strings.Trim(strings.TrimSpace(t), `"'`), "#")
}

// osrFence tracks a fenced code block, whose lines are never card syntax.
type osrFence struct {
	open bool
	char byte
	size int
	line int
}

func (f *osrFence) opens(text string, n int) bool {
	char, size, ok := fenceOpen(text)
	if ok {
		*f = osrFence{open: true, char: char, size: size, line: n}
	}
	return ok
}

func (f *osrFence) closes(text string) {
	t := strings.TrimLeft(text, " ")
	if len(text)-len(t) > 3 {
		return
	}
	n := 0
	for n < len(t) && t[n] == f.char {
		n++
	}
	if n >= f.size && strings.TrimSpace(t[n:]) == "" {
		f.open = false
	}
}

// fenceOpen reads a CommonMark code fence opener: up to three spaces, then
// three or more ` or ~; a ` fence's info string holds no `.
func fenceOpen(text string) (char byte, size int, ok bool) {
	t := strings.TrimLeft(text, " ")
	if len(text)-len(t) > 3 || len(t) < 3 || (t[0] != '`' && t[0] != '~') {
		return 0, 0, false
	}
	char = t[0]
	for size < len(t) && t[size] == char {
		size++
	}
	if size < 3 || (char == '`' && strings.Contains(t[size:], "`")) {
		return 0, 0, false
	}
	return char, size, true
}
