package deck

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"slices"
	"sort"
	"strings"
	"unicode/utf8"
)

// run parses the deck that r streams. Text that is not UTF-8 or holds a
// NUL byte is refused with that one error, since every later step and the
// terminal assume text; so is a read that fails.
func (p *parser) run(r io.Reader) Deck {
	p.lw = newLineWindow(r, p.readAhead)
	d := p.parse()
	if lw := p.lw; lw.bad > 0 {
		line := lw.bad
		if lw.badNUL {
			line = lw.firstInvalidUTF8()
		}
		if line > 0 {
			p.diags = Diagnostics{{File: p.file, Line: line, Msg: "text is not valid UTF-8; save the file as UTF-8"}}
		} else {
			p.diags = Diagnostics{{File: p.file, Line: lw.bad, Msg: "text holds a NUL byte; is this a binary file?"}}
		}
		return Deck{}
	}
	if p.lw.err != nil {
		p.diags = Diagnostics{{File: p.file, Msg: fmt.Sprintf("cannot read deck: %v", p.lw.err)}}
		return Deck{}
	}
	slices.SortStableFunc(p.diags, func(a, b Diagnostic) int { return a.Line - b.Line })
	return d
}

// has tells whether line n exists; line is its text without the "\n".
func (p *parser) has(n int) bool    { return p.lw.has(n) }
func (p *parser) line(n int) string { return p.lw.at(n) }
func (p *parser) lastLine() int     { return p.lw.count() }
func (p *parser) blank(n int) bool  { return strings.TrimSpace(p.lw.at(n)) == "" }

// lineOf maps a byte offset in the chunk being read to its 1-based line.
func (p *parser) lineOf(off int) int {
	return p.lw.lineAt(p.lw.offset(p.chunkFirst) + off)
}

// invalidUTF8Line returns the 1-based line of the first invalid UTF-8
// sequence in s, or 0 if s is valid UTF-8.
func invalidUTF8Line(s string) int {
	if utf8.ValidString(s) {
		return 0
	}
	line := 1
	for i, r := range s {
		if r == utf8.RuneError {
			if _, size := utf8.DecodeRuneInString(s[i:]); size == 1 {
				return line
			}
		}
		if r == '\n' {
			line++
		}
	}
	return 0
}

// lineWindow reads a deck's lines from a stream and keeps a window of
// them: the lines from the chunk being parsed on, and whatever was read
// ahead. Lines the parser is done with are dropped at the next read, so
// memory holds a few cards, not the file. The window is an immutable
// string, so lines handed out stay valid after later reads; what goes
// into a card is copied out of it, so that no card holds a window alive.
//
// Lines are the file's lines split at "\n" as strings.Split splits them:
// a file ending in a newline has an empty last line. A "\r" before a "\n"
// is dropped, and so is a byte-order mark at the start.
type lineWindow struct {
	r      *bufio.Reader
	text   string // lines first.. joined by the "\n"s that end them
	first  int    // number of text's first line
	starts []int  // starts[i] is the offset in text of line first+i
	keep   int    // lines before keep may be dropped at the next read
	total  int    // how many lines the file has; 0 until the end is read
	// bad is the first line that is not UTF-8 or holds a NUL; the
	// window ends before it, and the parse reports it alone.
	bad     int
	badNUL  bool
	err     error // a read that failed, not at the end of the file
	scratch []byte
	ahead   int // the least a read adds; readAhead unless a test says
}

// readAhead is the least a read adds to the window, so that reading
// line by line through a long chunk is linear, not quadratic.
const readAhead = 16 << 10

func newLineWindow(r io.Reader, ahead int) *lineWindow {
	if ahead <= 0 {
		ahead = readAhead
	}
	return &lineWindow{r: bufio.NewReaderSize(r, readAhead), first: 1, keep: 1, ahead: ahead}
}

// has tells whether line n exists, reading up to it.
func (w *lineWindow) has(n int) bool {
	for n >= w.first+len(w.starts) {
		if w.total > 0 {
			return false
		}
		w.read(n)
	}
	return n >= 1
}

// at is line n, without its "\n"; has(n) must be true.
func (w *lineWindow) at(n int) string {
	i := n - w.first
	end := len(w.text)
	if i+1 < len(w.starts) {
		end = w.starts[i+1] - 1
	}
	return w.text[w.starts[i]:end]
}

// offset is where line n starts in the window's text; for the line after
// the last, the end of the text.
func (w *lineWindow) offset(n int) int {
	if i := n - w.first; i < len(w.starts) {
		return w.starts[i]
	}
	return len(w.text)
}

// span is the text of lines first..last with the "\n"s that end them;
// has(last) must be true.
func (w *lineWindow) span(first, last int) string {
	more := w.has(last + 1) // may read, which moves every offset
	end := len(w.text)
	if more {
		end = w.offset(last + 1)
	}
	return w.text[w.offset(first):end]
}

// lineAt is the number of the line that holds the byte at off, an offset
// in the window's text.
func (w *lineWindow) lineAt(off int) int {
	i := sort.Search(len(w.starts), func(i int) bool { return w.starts[i] > off })
	return w.first + max(i-1, 0)
}

// count is the number of lines in the file, reading to its end.
func (w *lineWindow) count() int {
	for w.total == 0 {
		w.read(w.first + len(w.starts))
	}
	return w.total
}

// read drops the lines before keep and reads lines until line n is in the
// window and at least readAhead (or as much as the window holds) more
// bytes were read, or the file ends.
func (w *lineWindow) read(n int) {
	drop := min(max(w.keep-w.first, 0), len(w.starts))
	kept := w.text[w.offset(w.first+drop):]
	var b strings.Builder
	want := max(w.ahead, len(kept))
	b.Grow(len(kept) + want + 256)
	b.WriteString(kept)
	w.shift(drop, len(w.text)-len(kept))
	for w.total == 0 && (w.first+len(w.starts) <= n || b.Len()-len(kept) < want) {
		w.readLine(&b)
	}
	w.text = b.String()
}

// shift forgets the first drop lines, whose text was cut bytes long.
func (w *lineWindow) shift(drop, cut int) {
	n := copy(w.starts, w.starts[drop:])
	w.starts = w.starts[:n]
	for i := range w.starts {
		w.starts[i] -= cut
	}
	w.first += drop
}

// readLine adds one line to b, or notes that the file ended.
func (w *lineWindow) readLine(b *strings.Builder) {
	line, err := w.readRaw()
	number := w.first + len(w.starts)
	if number == 1 {
		line = bytes.TrimPrefix(line, []byte("\uFEFF"))
	}
	if bytes.HasSuffix(line, []byte("\r\n")) {
		line = append(line[:len(line)-2], '\n')
	}
	if !utf8.Valid(line) || bytes.IndexByte(line, 0) >= 0 {
		w.bad, w.badNUL = number, utf8.Valid(line)
		w.total = number - 1
		return
	}
	w.starts = append(w.starts, b.Len())
	b.Write(line)
	if err != nil && err != io.EOF {
		w.err = err
	}
	if err != nil {
		w.total = number // the last line, with no "\n" and maybe empty
	}
}

// readRaw reads the next line with its "\n", if it has one, into the
// scratch buffer; the error is non-nil at the end of the file.
func (w *lineWindow) readRaw() ([]byte, error) {
	w.scratch = w.scratch[:0]
	for {
		part, err := w.r.ReadSlice('\n')
		w.scratch = append(w.scratch, part...)
		if err != bufio.ErrBufferFull {
			return w.scratch, err
		}
	}
}

// firstInvalidUTF8 reads the rest of the file for a line that is not
// UTF-8, after a NUL byte stopped the window: the parse reports that line
// rather than the NUL, as the worse problem. It returns 0 when there is
// none.
func (w *lineWindow) firstInvalidUTF8() int {
	for n := w.bad + 1; ; n++ {
		line, err := w.readRaw()
		if !utf8.Valid(line) {
			return n
		}
		if err != nil {
			return 0
		}
	}
}
