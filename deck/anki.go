package deck

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"
)

// ParseAnki reads an Anki text export, or any CSV or TSV file of notes.
//
// Anki's header lines at the top (#separator:, #html:, #columns:, #deck:,
// #notetype:, #tags:, and #tags/#notetype/#guid/#deck column:) say how to
// read the rows. Without them the separator is guessed from the first rows,
// and a first row naming its columns (Front, Back, Tags…) is read as such.
// Fields may be HTML, which becomes plain text. A note with cloze deletions
// ({{c1::…}}) makes one card per c-number.
//
// Ids are "anki-" and the note's GUID when a GUID column gives one, and
// otherwise derived from the deck, topic and question. The topic is the
// subdeck (the last part of "Deck::Sub" in a deck column), else the note
// type, else the deck's name. deckName "" takes the #deck: header, else the
// file's name.
func ParseAnki(file, deckName string, src []byte) (Deck, Diagnostics) {
	im := newImporter(file, deckName)
	text, ok := im.prepare(src)
	if !ok {
		if im.deck.Name == "" {
			im.deck.Name = deckNameOf(file)
		}
		return im.finish(src, "")
	}
	p := &ankiParser{im: im, layout: newAnkiLayout()}
	body, offset := p.headers(text)
	switch {
	case deckName != "":
	case p.deckName != "":
		im.deck.Name = p.deckName
	default:
		im.deck.Name = deckNameOf(file)
	}
	if p.sep == 0 {
		p.sep = guessSeparator(body, filepath.Ext(file))
	}
	if p.columns != nil {
		p.layout.name(strings.Split(*p.columns, string(p.sep)))
	}
	p.rows(body, offset)
	return im.finish(src, "write one note per line: front, a separator, back")
}

// ankiGUIDPrefix marks ids that come from an Anki GUID.
const ankiGUIDPrefix = "anki-"

// maxRowErrors stops a file that is not CSV at all from listing every line.
const maxRowErrors = 20

type htmlMode uint8

const (
	htmlGuess htmlMode = iota // no #html: header: each field says by its look
	htmlOn
	htmlOff
)

type ankiParser struct {
	im       *importer
	sep      rune // 0 until a header gives it or it is guessed
	html     htmlMode
	columns  *string // #columns: names, split once the separator is known
	deckName string
	notetype string   // #notetype: the note type of every row
	tags     []string // #tags: tags for every note
	layout   ankiLayout
}

// ankiHeaderLine is Anki's "#key:value"; keys are words and spaces.
var ankiHeaderLine = regexp.MustCompile(`^#([A-Za-z][A-Za-z ]*):(.*)$`)

// headers reads the header lines at the top and returns the text after
// them and how many lines they took.
func (p *ankiParser) headers(text string) (string, int) {
	n := 0
	for text != "" {
		line, rest, _ := strings.Cut(text, "\n")
		m := ankiHeaderLine.FindStringSubmatch(line)
		if m == nil {
			break
		}
		n++
		p.header(n, strings.ToLower(strings.Join(strings.Fields(m[1]), " ")), m[2])
		text = rest
	}
	p.tags = addTags(nil, p.tags...)
	return text, n
}

func (p *ankiParser) header(line int, key, value string) {
	trimmed := strings.TrimSpace(value)
	switch key {
	case "separator":
		sep, ok := ankiSeparator(value)
		if !ok {
			p.im.errorf(line, "#separator:%s is not a separator; use tab, comma, semicolon, pipe, space or one character", value)
			return
		}
		p.sep = sep
	case "html":
		switch strings.ToLower(trimmed) {
		case "true":
			p.html = htmlOn
		case "false":
			p.html = htmlOff
		default:
			p.im.warnf(line, "#html:%s is neither true nor false; each field is read as HTML if it looks like HTML", value)
		}
	case "columns":
		p.columns = &value
	case "deck":
		p.deckName = trimmed
	case "notetype":
		p.notetype = trimmed
	case "tags":
		p.tags = append(p.tags, strings.Fields(value)...) // headers drops repeats
	case "tags column", "guid column", "notetype column", "deck column":
		col, err := strconv.Atoi(trimmed)
		if err != nil || col < 1 || col > 1000 {
			p.im.errorf(line, "#%s:%s is not a column number; columns count from 1", key, value)
			return
		}
		*p.layout.special(strings.TrimSuffix(key, " column")) = col - 1
	default:
		p.im.warnf(line, "unknown header #%s: is ignored", key)
	}
}

// ankiSeparator reads #separator:'s value: a name as Anki writes it, or the
// one character itself.
func ankiSeparator(value string) (rune, bool) {
	switch strings.ToLower(strings.TrimSpace(value)) {
	case "tab":
		return '\t', true
	case "comma":
		return ',', true
	case "semicolon":
		return ';', true
	case "pipe":
		return '|', true
	case "space":
		return ' ', true
	}
	r, size := utf8.DecodeRuneInString(value)
	if size != len(value) || !validSeparator(r) {
		return 0, false
	}
	return r, true
}

// validSeparator is what encoding/csv accepts as Comma.
func validSeparator(r rune) bool {
	return r != 0 && r != '"' && r != '\r' && r != '\n' && r != utf8.RuneError
}

// guessSeparator picks tab, comma or semicolon by reading the first rows
// with each: the one that splits them alike into two or more fields wins,
// and the file's extension breaks ties.
func guessSeparator(body, ext string) rune {
	order := []rune{'\t', ',', ';'}
	if strings.EqualFold(ext, ".csv") {
		order = []rune{',', ';', '\t'}
	}
	best, bestScore := order[0], 0
	for _, sep := range order {
		if score := separatorScore(body, sep); score > bestScore {
			best, bestScore = sep, score
		}
	}
	return best
}

func separatorScore(body string, sep rune) int {
	r := newAnkiReader(body, sep)
	score, width := 0, 0
	for range 20 {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			score -= 5
			continue
		}
		if width == 0 {
			width = len(rec)
		}
		if len(rec) >= 2 && len(rec) == width {
			score++
		}
	}
	return score
}

func newAnkiReader(body string, sep rune) *csv.Reader {
	r := csv.NewReader(strings.NewReader(body))
	r.Comma = sep
	r.FieldsPerRecord = -1
	r.LazyQuotes = false
	return r
}

// rows reads the notes; offset is the number of header lines above body,
// so that every line number is the file's.
func (p *ankiParser) rows(body string, offset int) {
	r := newAnkiReader(body, p.sep)
	first, bad := true, 0
	for !p.im.full {
		rec, err := r.Read()
		if err == io.EOF {
			return
		}
		var perr *csv.ParseError
		if errors.As(err, &perr) {
			p.badRow(perr, offset)
			if bad++; bad == maxRowErrors {
				p.im.errorf(perr.Line+offset, "too many malformed rows; stopped reading here (is the separator right? set it with a #separator: line at the top)")
				return
			}
			continue
		}
		if err != nil {
			p.im.errorf(0, "cannot read rows: %v", err)
			return
		}
		line, _ := r.FieldPos(0)
		line += offset
		if first && p.columns == nil && isAnkiHeaderRow(rec) {
			p.layout.name(rec)
			first = false
			continue
		}
		first = false
		p.note(line, rec)
	}
}

// badRow reports a row encoding/csv could not read, where it starts, and
// how to mend the usual cause.
func (p *ankiParser) badRow(perr *csv.ParseError, offset int) {
	msg := fmt.Errorf("malformed row: %w", perr.Err).Error()
	if perr.Line != perr.StartLine {
		msg += fmt.Sprintf(" (at line %d)", perr.Line+offset)
	}
	switch {
	case errors.Is(perr.Err, csv.ErrBareQuote):
		msg += `; put a field that holds " in double quotes, and double the " inside`
	case errors.Is(perr.Err, csv.ErrQuote):
		msg += `; a quoted field must end with " before the next separator`
	}
	p.im.errorf(perr.StartLine+offset, "%s", msg)
}

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
		if nodes := parseCloze(front); len(clozeNumbers(nodes)) > 0 {
			p.cloze(n, nodes, joinParagraphs(back, extras))
			return
		}
		back = joinParagraphs(back, extras)
		if back == "" {
			p.im.errorf(line, "back is empty; fill in the second field or remove the row")
			return
		}
		p.card(n, front, back, "")
		if strings.Contains(strings.ToLower(n.notetype), "and reversed") {
			p.card(n, back, front, "#r")
		}
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

// cloze makes one card per c-number; extra is the back's other fields.
func (p *ankiParser) cloze(n ankiNote, nodes []clozeNode, extra string) {
	for _, num := range clozeNumbers(nodes) {
		back := joinParagraphs(renderCloze(nodes, num, true), []string{extra})
		p.card(n, renderCloze(nodes, num, false), back, fmt.Sprintf("#c%d", num))
		if p.im.full {
			return
		}
	}
}

// card adds one card; suffix tells apart the cards of one note.
func (p *ankiParser) card(n ankiNote, question, back, suffix string) {
	front, prompt := splitFront(question)
	id := DerivedID(p.im.deck.Name, n.topic, questionKey(front, prompt))
	if n.guid != "" {
		id = ankiGUIDPrefix + n.guid
	}
	p.im.add(Card{ID: id + suffix, Topic: n.topic, Front: front, Prompt: prompt, Back: strings.TrimSpace(back), Line: n.line}, p.tags, n.tags...)
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

// ankiLayout says which column holds what; -1 is none.
type ankiLayout struct {
	front, back                int
	tags, guid, notetype, deck int
}

func newAnkiLayout() ankiLayout {
	return ankiLayout{front: -1, back: -1, tags: -1, guid: -1, notetype: -1, deck: -1}
}

func (l *ankiLayout) special(name string) *int {
	switch name {
	case "tags":
		return &l.tags
	case "guid":
		return &l.guid
	case "notetype":
		return &l.notetype
	default:
		return &l.deck
	}
}

// Column names, compared in lower case, that tell a column's role.
var (
	ankiFrontNames = map[string]bool{"front": true, "question": true, "text": true, "term": true}
	ankiBackNames  = map[string]bool{"back": true, "answer": true, "back extra": true, "extra": true, "definition": true}
	ankiOtherNames = map[string]string{"tags": "tags", "tag": "tags", "guid": "guid", "deck": "deck", "notetype": "notetype", "note type": "notetype"}
)

// isAnkiHeaderRow tells a first row that names the columns: it has a
// front's name and a back's name.
func isAnkiHeaderRow(rec []string) bool {
	front, back := false, false
	for _, f := range rec {
		f = strings.ToLower(strings.TrimSpace(f))
		front = front || ankiFrontNames[f]
		back = back || ankiBackNames[f]
	}
	return front && back
}

// name gives roles to named columns; header lines that set a column win.
func (l *ankiLayout) name(names []string) {
	for i, n := range names {
		n = strings.ToLower(strings.TrimSpace(n))
		switch {
		case ankiFrontNames[n] && l.front < 0:
			l.front = i
		case ankiBackNames[n] && l.back < 0:
			l.back = i
		case ankiOtherNames[n] != "":
			if p := l.special(ankiOtherNames[n]); *p < 0 {
				*p = i
			}
		}
	}
}

// roles returns the front and back columns of a row of n fields, and the
// other note fields, whose text goes on the back below the answer.
func (l *ankiLayout) roles(n int) (front, back int, extras []int) {
	front, back = l.front, l.back
	for i := 0; i < n; i++ {
		if i == l.tags || i == l.guid || i == l.notetype || i == l.deck || i == front || i == back {
			continue
		}
		switch {
		case front < 0:
			front = i
		case back < 0:
			back = i
		default:
			extras = append(extras, i)
		}
	}
	return front, back, extras
}
