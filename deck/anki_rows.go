package deck

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"
)

// ankiRecords reads the rows of a text export one at a time.
type ankiRecords interface {
	// next returns a row and the line it starts on; io.EOF after the last
	// row, and a *csv.ParseError for a row that cannot be read.
	next() ([]string, int, error)
}

// newAnkiRecords reads body as rows split by sep. Tab-separated text is
// read as Anki reads it: a field is quoted only when its quotes enclose
// all of it, so that `The "Cracked" Engineer` keeps its quotes. Other
// separators follow RFC 4180, and a stray quote is an error worth fixing.
func newAnkiRecords(body string, sep rune) ankiRecords {
	if sep == '\t' {
		return &literalTSV{body: body, line: 1}
	}
	r := csv.NewReader(strings.NewReader(body))
	r.Comma = sep
	r.FieldsPerRecord = -1
	return csvRecords{r}
}

type csvRecords struct{ r *csv.Reader }

func (c csvRecords) next() ([]string, int, error) {
	rec, err := c.r.Read()
	if err != nil {
		return nil, 0, err
	}
	line, _ := c.r.FieldPos(0)
	return rec, line, nil
}

// literalTSV splits lines at tabs. A field that opens with a quote is
// quoted when its closing quote comes right before a tab or the end of a
// line; it may then hold tabs, newlines and doubled quotes. Any other field
// is the text as it stands.
type literalTSV struct {
	body string
	pos  int
	line int // the line at pos
	// The next quote at or after quoteFrom is at quoteAt (-1: none), so
	// that a file of unclosed quotes is not searched again and again.
	quoteFrom, quoteAt int
	quoteKnown         bool
}

func (r *literalTSV) next() ([]string, int, error) {
	if r.pos >= len(r.body) {
		return nil, 0, io.EOF
	}
	start := r.line
	var rec []string
	for {
		field, end := r.field()
		rec = append(rec, field)
		if end != '\t' {
			return rec, start, nil
		}
	}
}

// field reads one field and the separator after it: '\t', '\n', or 0 at
// the end of the text.
func (r *literalTSV) field() (string, byte) {
	s := r.body
	if r.pos < len(s) && s[r.pos] == '"' {
		if end, ok := r.closingQuote(r.pos + 1); ok && (end+1 == len(s) || s[end+1] == '\t' || s[end+1] == '\n') {
			inner := s[r.pos+1 : end]
			r.line += strings.Count(inner, "\n")
			r.pos = end + 1
			return strings.ReplaceAll(inner, `""`, `"`), r.separator()
		}
	}
	end := strings.IndexAny(s[r.pos:], "\t\n")
	if end < 0 {
		end = len(s)
	} else {
		end += r.pos
	}
	field := s[r.pos:end]
	r.pos = end
	return field, r.separator()
}

// separator consumes the separator at pos, if any, and returns it.
func (r *literalTSV) separator() byte {
	if r.pos >= len(r.body) {
		return 0
	}
	c := r.body[r.pos]
	r.pos++
	if c == '\n' {
		r.line++
	}
	return c
}

// closingQuote finds the first quote at or after from that is not doubled.
func (r *literalTSV) closingQuote(from int) (int, bool) {
	for {
		q := r.nextQuote(from)
		if q < 0 {
			return 0, false
		}
		if q+1 < len(r.body) && r.body[q+1] == '"' {
			from = q + 2
			continue
		}
		return q, true
	}
}

func (r *literalTSV) nextQuote(from int) int {
	if !r.quoteKnown || from < r.quoteFrom || (r.quoteAt >= 0 && r.quoteAt < from) {
		r.quoteFrom, r.quoteKnown = from, true
		r.quoteAt = strings.IndexByte(r.body[from:], '"')
		if r.quoteAt >= 0 {
			r.quoteAt += from
		}
	}
	return r.quoteAt
}

// rows reads the notes; offset is the number of header lines above body,
// so that every line number is the file's.
func (p *ankiParser) rows(body string, offset int) {
	r := newAnkiRecords(body, p.sep)
	first, bad := true, 0
	for !p.im.full {
		rec, line, err := r.next()
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
