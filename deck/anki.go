package deck

import (
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
	return parseAnki(file, deckName, src, nil, nil)
}

// parseAnki is ParseAnki that stops at the card that passes budget, and
// hands each full block of cards to drain when it is set.
func parseAnki(file, deckName string, src []byte, budget *cardBudget, drain func([]Card)) (Deck, Diagnostics) {
	return parseAnkiText(file, deckName, string(src), SourceHash(src), budget, drain)
}

// parseAnkiText is parseAnki of a text whose SourceHash is hash.
func parseAnkiText(file, deckName, src, hash string, budget *cardBudget, drain func([]Card)) (Deck, Diagnostics) {
	im := newImporter(file, deckName)
	im.budget, im.drain = budget, drain
	text, ok := im.prepare(src, hash)
	if !ok {
		if im.deck.Name == "" {
			im.deck.Name = deckNameOf(file)
		}
		return im.finishPrepared("")
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
	// One card a row is the rule; clozes and reversed notes make more.
	room := maxPrealloc
	if drain != nil {
		room = cardBlock
	}
	im.deck.Cards = make([]Card, 0, min(strings.Count(body, "\n")+1, room))
	p.rows(body, offset)
	return im.finishPrepared("write one note per line: front, a separator, back")
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
	r := newAnkiRecords(body, sep)
	score, width := 0, 0
	for range 20 {
		rec, _, err := r.next()
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
