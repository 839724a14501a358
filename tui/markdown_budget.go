package tui

import (
	"fmt"
	"strings"
	"time"
)

// Bounds on formatting one card. Past them a card is shown as plain text,
// and they are checked before it is parsed, in one pass over the text:
// goldmark's parse of deeply nested quotes and lists grows faster than the
// text, and so does its parse of some inline text (links left open,
// emphasis that never closes) within a paragraph or a line. Bounding the
// card, each run of lines without a blank one, and the nesting keeps the
// parse within a constant factor of the text.
const (
	maxFormatBytes = 16 << 10 // far more than a flashcard holds
	maxFormatRun   = 8 << 10  // lines in a row without a blank one
	maxFormatDepth = 20       // quotes and lists inside one another
	// formatBudget is how long a card may take to format before it is
	// shown as plain text: the UI waits no longer than this for it.
	formatBudget = 50 * time.Millisecond
	// maxQuickBytes is the size under which a card is formatted without a
	// time budget: at most a few milliseconds whatever the text (a quarter
	// of maxFormatBytes, so a sixteenth of the slowest inputs' time).
	maxQuickBytes = 4 << 10
	// maxPlainBytes bounds even the plain text shown: a card stored before
	// the import limits could be any size.
	maxPlainBytes = 64 << 10
)

// overBudget says why src is not formatted, or "" when it may be.
func overBudget(src string) string {
	if len(src) > maxFormatBytes {
		return fmt.Sprintf("Shown as plain text: at %s, the card is over the %d KB that hone formats.", byteSize(len(src)), maxFormatBytes>>10)
	}
	run := 0
	for len(src) > 0 {
		line := src
		if i := strings.IndexByte(src, '\n'); i >= 0 {
			line, src = src[:i], src[i+1:]
		} else {
			src = ""
		}
		if lineDepth(line, maxFormatDepth) > maxFormatDepth {
			return fmt.Sprintf("Shown as plain text: the card nests quotes or lists more than %d deep.", maxFormatDepth)
		}
		if strings.Trim(line, " \t>") == "" {
			run = 0
			continue
		}
		if run += len(line) + 1; run > maxFormatRun {
			return fmt.Sprintf("Shown as plain text: the card has over %d KB of lines without a blank line between them.", maxFormatRun>>10)
		}
	}
	return ""
}

// lineDepth bounds from above the depth of quotes and lists a line reaches.
// A line that opens a container continues every container around it: with
// a ">" for a quote, and with two columns of indentation or more for a
// list. So the markers at the start of the line, plus half the indentation
// before each of them, are at least its depth. Each byte is read a bounded
// number of times.
// It stops counting past limit.
func lineDepth(line string, limit int) int {
	depth, cols := 0, 0
	opens := func(next int) int {
		depth += cols/2 + 1
		cols = 0
		return skipOneSpace(line, next)
	}
	for i := 0; i < len(line) && depth <= limit; {
		switch c := line[i]; {
		case c == ' ':
			cols++
			i++
		case c == '\t':
			cols += 4
			i++
		case c == '>':
			i = opens(i + 1)
		case (c == '-' || c == '*' || c == '+') && markerEnds(line, i+1):
			if isRule(line[i:]) {
				return depth
			}
			i = opens(i + 1)
		default:
			j := i
			for j < len(line) && j-i < 10 && line[j] >= '0' && line[j] <= '9' {
				j++
			}
			if j == i || j == len(line) || (line[j] != '.' && line[j] != ')') || !markerEnds(line, j+1) {
				return depth
			}
			i = opens(j + 1)
		}
	}
	return depth
}

// markerEnds tells whether a list marker ends at i: at the end of the line
// or before a space.
func markerEnds(line string, i int) bool {
	return i >= len(line) || line[i] == ' ' || line[i] == '\t'
}

// skipOneSpace passes the one space that belongs to a marker.
func skipOneSpace(line string, i int) int {
	if i < len(line) && line[i] == ' ' {
		return i + 1
	}
	return i
}

// isRule tells a thematic break ("- - -", "***") from list markers.
func isRule(s string) bool {
	c, n := s[0], 0
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case c:
			n++
		case ' ', '\t':
		default:
			return false
		}
	}
	return n >= 3
}
