package deck

import "strings"

// MaxNesting is how deep block quotes and lists may nest in a card. Past
// it a card is more likely an accident or an attack than a note, and
// goldmark's work and the renderer's grow with the depth.
const MaxNesting = 20

// chunkSlack is how far past MaxCardSize a chunk's raw text may go before
// it is refused unparsed: its heading, tags and id lines and blank lines
// are not card text, so the exact check is made on the parsed card.
const chunkSlack = 4 << 10

// chunkWithinLimits checks lines first..last before goldmark builds a tree
// of them: nesting deeper than MaxNesting is refused where it happens, and
// a chunk that is surely one card (a ## heading and no other heading) is
// refused when it is far too big.
func (p *parser) chunkWithinLimits(first, last int) bool {
	if line, depth := nestingTooDeep(p.lw.span(first, last)); line > 0 {
		p.errorf(first+line-1, "block quotes and lists nest %d deep here; hone reads at most %d levels, so flatten the card", depth, MaxNesting)
		return false
	}
	size := len(p.lw.span(first, last))
	if size <= MaxCardSize+chunkSlack {
		return true
	}
	if level, _ := splitHeading(p.line(first)); level != 2 || p.hasInnerHeading(first+1, last) {
		return true // more than one card may be here: parse it and check each
	}
	p.errorf(first, "card is %d KB; the limit is %d KB, so split it into smaller cards", size>>10, MaxCardSize>>10)
	return false
}

// hasInnerHeading tells whether a line of first..last may be a `#` or `##`
// heading: indented, or in what goldmark will show is not code.
func (p *parser) hasInnerHeading(first, last int) bool {
	for l := first; l <= last; l++ {
		t := strings.TrimLeft(p.line(l), " ")
		if len(p.line(l))-len(t) > 3 {
			continue
		}
		if level, _ := splitHeading(t); level > 0 {
			return true
		}
	}
	return false
}

// nestingTooDeep returns the first line of text (1-based) where block
// quotes and lists nest deeper than MaxNesting, and how deep; 0 when none
// does.
func nestingTooDeep(text string) (int, int) {
	var s nestScanner
	for i := 1; text != ""; i++ {
		l, rest, _ := strings.Cut(text, "\n")
		if d := s.depth(l); d > MaxNesting {
			return i, d
		}
		text = rest
	}
	return 0, 0
}

// nestScanner follows the block quotes and list items open at each line,
// as CommonMark opens and closes them, closely enough to bound their depth:
// quotes are counted by their markers on the line, list items by a stack
// of the columns their content starts at.
type nestScanner struct {
	items     []int // content column of each open list item, innermost last
	paragraph bool  // the last line was paragraph text, which lazy lines continue
	fence     osrFence
}

func (s *nestScanner) depth(line string) int {
	quotes, rest := quoteMarkers(line)
	if s.fence.open {
		s.fence.closes(rest)
		return quotes + len(s.items)
	}
	indent, pos := leadingColumns(rest)
	if pos == len(rest) {
		s.paragraph = false // a blank line keeps list items open
		return quotes + len(s.items)
	}
	marker := listMarkerWidth(rest[pos:]) > 0
	if !s.paragraph || marker || quotes > 0 {
		for len(s.items) > 0 && indent < s.items[len(s.items)-1] {
			s.items = s.items[:len(s.items)-1]
		}
	}
	quotes += s.openItems(rest, indent, pos)
	s.paragraph = true
	if _, _, fence := fenceOpen(strings.TrimLeft(rest, " ")); fence {
		s.fence.opens(strings.TrimLeft(rest, " "), 0)
		s.paragraph = false
	}
	return quotes + len(s.items)
}

// openItems pushes the list items whose markers open the line, one inside
// the next ("- - x"), and returns the block quote markers after them.
func (s *nestScanner) openItems(rest string, indent, pos int) int {
	quotes := 0
	for {
		base := 0
		if len(s.items) > 0 {
			base = s.items[len(s.items)-1]
		}
		if indent-base > 3 {
			return quotes // indented code, or text inside the item
		}
		if w := listMarkerWidth(rest[pos:]); w > 0 {
			s.items = append(s.items, indent+w)
			indent, pos = indent+w, min(pos+w, len(rest))
			continue
		}
		if pos < len(rest) && rest[pos] == '>' {
			q, r := quoteMarkers(rest[pos:])
			quotes += q
			rest, pos = r, 0
			indent2, p2 := leadingColumns(rest)
			indent, pos = indent+indent2, p2
			continue
		}
		return quotes
	}
}

// quoteMarkers counts the `>` markers that open a line, each after up to
// three spaces, and returns the text after them.
func quoteMarkers(line string) (int, string) {
	n := 0
	for {
		t := line
		for i := 0; i < 3 && strings.HasPrefix(t, " "); i++ {
			t = t[1:]
		}
		if !strings.HasPrefix(t, ">") {
			return n, line
		}
		n++
		line = strings.TrimPrefix(t[1:], " ")
	}
}

// leadingColumns measures a line's indentation in columns (a tab goes to
// the next multiple of 4) and returns it with the offset of the first
// other byte.
func leadingColumns(s string) (cols, pos int) {
	for pos < len(s) {
		switch s[pos] {
		case ' ':
			cols++
		case '\t':
			cols += 4 - cols%4
		default:
			return cols, pos
		}
		pos++
	}
	return cols, pos
}

// listMarkerWidth returns the width of a list marker at the start of s
// with the spaces after it (1 to 4, or 1 when more: the rest is code), or
// 0 when s does not start with one.
func listMarkerWidth(s string) int {
	n := 0
	switch {
	case s != "" && (s[0] == '-' || s[0] == '*' || s[0] == '+'):
		n = 1
	default:
		for n < len(s) && n < 9 && s[n] >= '0' && s[n] <= '9' {
			n++
		}
		if n == 0 || n == len(s) || s[n] != '.' && s[n] != ')' {
			return 0
		}
		n++
	}
	if n == len(s) {
		return n + 1
	}
	if s[n] != ' ' && s[n] != '\t' {
		return 0
	}
	spaces, _ := leadingColumns(s[n:])
	if spaces > 4 || strings.TrimSpace(s[n:]) == "" {
		spaces = 1
	}
	return n + spaces
}
