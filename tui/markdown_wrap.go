package tui

import (
	"strings"
	"unicode/utf8"

	"github.com/charmbracelet/x/ansi"
)

// piece is a run of inline text in one look. A piece whose text is "\n" ends
// the line.
type piece struct {
	text string
	look look
}

// wrapper fills lines of at most width cells from pieces, breaking at
// spaces and around wide (CJK, emoji) characters, and inside a word only
// when the word alone is wider than a line. Widths are x/ansi's, by grapheme
// cluster, as the terminal draws them.
type wrapper struct {
	p     *palette
	width int
	lines []string

	line  []piece // the line being filled
	lineW int
	word  []piece // the word being read
	wordW int
	space *piece // a space between the line and the word, if any
	// glued: the word may not be parted from the line (no space or wide
	// character between them).
	glued bool
}

func wrapPieces(p *palette, pieces []piece, width int) []string {
	w := &wrapper{p: p, width: max(width, 1)}
	for _, pc := range pieces {
		w.add(pc)
	}
	w.endWord()
	w.endLine()
	return w.lines
}

func (w *wrapper) add(pc piece) {
	if pc.text == "\n" {
		w.endWord()
		w.endLine()
		return
	}
	s := pc.text
	run := -1 // where the word's text in s begins
	flush := func(end int) {
		if run >= 0 && end > run {
			w.word = append(w.word, piece{s[run:end], pc.look})
		}
		run = -1
	}
	for i := 0; i < len(s); {
		g, gw := nextGrapheme(s[i:])
		switch {
		case g == " ":
			flush(i)
			w.endWord()
			if w.lineW > 0 {
				w.space = &piece{" ", pc.look}
			}
			w.glued = false
		case gw >= 2 && !closesCJK(g):
			// A wide character stands alone: a line may break on either
			// side of it.
			flush(i)
			w.endWord()
			w.glued = false
			w.word = append(w.word, piece{g, pc.look})
			w.wordW += gw
			w.endWord()
		default:
			if run < 0 && len(w.word) == 0 && w.space == nil && w.lineW > 0 && closesCJK(g) {
				w.glued = true // punctuation right after a wide character
			}
			if run < 0 {
				run = i
			}
			w.wordW += gw
		}
		i += len(g)
	}
	flush(len(s))
}

// nextGrapheme is the first grapheme cluster of s and its width, with a
// quick path for plain ASCII.
func nextGrapheme(s string) (string, int) {
	if c := s[0]; c < utf8.RuneSelf && (len(s) == 1 || s[1] < utf8.RuneSelf) {
		return s[:1], 1
	}
	return ansi.FirstGraphemeCluster(s, ansi.GraphemeWidth)
}

// closesCJK tells the wide punctuation that belongs to the text before it
// and must not begin a line.
func closesCJK(g string) bool {
	return strings.Contains("，。、！？：；）」』】〉》〕｝％", g)
}

// endWord places the word read so far on the line, or on a new one.
func (w *wrapper) endWord() {
	if len(w.word) == 0 {
		return
	}
	gap := 0
	if w.space != nil {
		gap = 1
	}
	fits := w.lineW+gap+w.wordW <= w.width
	switch {
	case fits:
		if w.space != nil {
			w.line = append(w.line, *w.space)
			w.lineW++
		}
	case w.glued:
		// Nowhere to break: the word is split where the line ends.
		w.splitInto(w.word)
		w.word, w.wordW, w.space, w.glued = w.word[:0], 0, nil, false
		return
	default:
		if w.lineW > 0 {
			w.endLine()
		}
	}
	if w.wordW > w.width-w.lineW {
		w.splitInto(w.word)
	} else {
		w.line = append(w.line, w.word...)
		w.lineW += w.wordW
	}
	w.word, w.wordW, w.space, w.glued = w.word[:0], 0, nil, false
}

// splitInto places a word too long for the room left, a grapheme at a time.
func (w *wrapper) splitInto(word []piece) {
	for _, pc := range word {
		s := pc.text
		for len(s) > 0 {
			g, gw := nextGrapheme(s)
			s = s[len(g):]
			if w.lineW+gw > w.width && w.lineW > 0 {
				w.endLine()
			}
			w.line = append(w.line, piece{g, pc.look})
			w.lineW += gw
		}
	}
}

// endLine draws the line, merging neighbours of one look.
func (w *wrapper) endLine() {
	var b strings.Builder
	for i := 0; i < len(w.line); {
		j := i + 1
		for j < len(w.line) && w.line[j].look == w.line[i].look {
			j++
		}
		if j == i+1 {
			w.p.paint(&b, w.line[i].look, w.line[i].text)
		} else {
			var run strings.Builder
			for _, pc := range w.line[i:j] {
				run.WriteString(pc.text)
			}
			w.p.paint(&b, w.line[i].look, run.String())
		}
		i = j
	}
	w.lines = append(w.lines, b.String())
	w.line, w.lineW, w.space, w.glued = w.line[:0], 0, nil, false
}

// cleanText drops what must never reach the terminal from card text: C0 and
// C1 control characters (ESC among them) and DEL, bidi overrides and
// isolates, and bytes that are not UTF-8. A tab becomes a space; a newline
// stays when keepNewlines is set and becomes a space otherwise.
func cleanText(s string, keepNewlines bool) string {
	if isClean(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for i, r := range s {
		switch {
		case r == '\n' && keepNewlines:
			b.WriteByte('\n')
		case r == '\t' || r == '\n':
			b.WriteByte(' ')
		case r == utf8.RuneError && isBadByte(s, i):
			b.WriteRune(utf8.RuneError)
		case isControl(r):
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

func isBadByte(s string, i int) bool {
	_, n := utf8.DecodeRuneInString(s[i:])
	return n <= 1
}

// isClean is the quick test that lets most text through without a copy:
// printable ASCII, and valid UTF-8 with no character cleanText drops.
func isClean(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c == 0x7f {
			return false
		} else if c >= utf8.RuneSelf {
			return isCleanUTF8(s[i:])
		}
	}
	return true
}

func isCleanUTF8(s string) bool {
	for i, r := range s {
		if r == '\t' || r == '\n' || isControl(r) || (r == utf8.RuneError && isBadByte(s, i)) {
			return false
		}
	}
	return true
}

func isControl(r rune) bool {
	switch {
	case r < 0x20, r >= 0x7f && r < 0xa0:
		return true
	case r >= 0x202a && r <= 0x202e, r >= 0x2066 && r <= 0x2069:
		return true // bidi embeddings, overrides and isolates
	}
	return false
}

// cutLine cuts a line into pieces of at most width cells, spaces and all,
// as code is: without looking for words.
func cutLine(line string, width int) []string {
	if line == "" {
		return []string{""}
	}
	var out []string
	start, w := 0, 0
	for i := 0; i < len(line); {
		g, gw := nextGrapheme(line[i:])
		if w+gw > width && w > 0 {
			out = append(out, line[start:i])
			start, w = i, 0
		}
		i += len(g)
		w += gw
	}
	return append(out, line[start:])
}

// expandTabs replaces the tabs of one line of code with spaces to the next
// stop of four columns.
func expandTabs(line string) string {
	if !strings.Contains(line, "\t") {
		return line
	}
	var b strings.Builder
	col := 0
	for len(line) > 0 {
		g, gw := nextGrapheme(line)
		line = line[len(g):]
		if g == "\t" {
			n := 4 - col%4
			b.WriteString(strings.Repeat(" ", n))
			col += n
			continue
		}
		b.WriteString(g)
		col += gw
	}
	return b.String()
}
