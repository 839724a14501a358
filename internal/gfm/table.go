package gfm

import (
	"bytes"

	gast "github.com/yuin/goldmark/ast"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// tableParagraph turns a paragraph that holds a header row, a delimiter
// row ("| --- | :-: |") and body rows into a table. Lines before the header
// stay a paragraph. It reads each line a bounded number of times.
type tableParagraph struct{}

func (tableParagraph) Transform(p *gast.Paragraph, reader text.Reader, _ parser.Context) {
	lines := p.Lines()
	src := reader.Source()
	for i := 1; i < lines.Len(); i++ {
		delim := lines.At(i)
		aligns := delimiterRow(delim.Value(src))
		if aligns == nil {
			continue
		}
		header := splitRow(src, lines.At(i-1))
		if len(header) > len(aligns) {
			return
		}
		table := east.NewTable()
		table.Alignments = aligns
		table.AppendChild(table, east.NewTableHeader(tableRow(header, aligns)))
		for j := i + 1; j < lines.Len(); j++ {
			table.AppendChild(table, tableRow(splitRow(src, lines.At(j)), aligns))
		}
		parent := p.Parent()
		if i == 1 {
			parent.ReplaceChild(parent, p, table)
			return
		}
		lines.SetSliced(0, i-1)
		parent.InsertAfter(parent, p, table)
		return
	}
}

// tableRow makes a row of exactly len(aligns) cells: extra cells are
// dropped, and missing ones are left empty (and unaligned).
func tableRow(cells []text.Segment, aligns []east.Alignment) *east.TableRow {
	row := east.NewTableRow(aligns)
	for i, a := range aligns {
		cell := east.NewTableCell()
		if i < len(cells) {
			cell.Alignment = a
			cell.Lines().Append(cells[i])
		}
		row.AppendChild(row, cell)
	}
	return row
}

// delimiterRow reads the alignments of a delimiter row, or returns nil if
// line is not one: indented by at most three columns, pipes parting cells
// that each hold hyphens with an optional colon at either end, and not
// hyphens alone (a thematic break or a heading's underline).
func delimiterRow(line []byte) []east.Alignment {
	dashes := true
	for _, c := range line {
		switch {
		case c == '-':
		case c == '|' || c == ':' || util.IsSpace(c):
			dashes = false
		default:
			return nil
		}
	}
	if dashes || leadingWidth(line) > 3 {
		return nil
	}
	cols := bytes.Split(line, []byte{'|'})
	if isBlank(cols[0]) {
		cols = cols[1:]
	}
	if len(cols) > 0 && isBlank(cols[len(cols)-1]) {
		cols = cols[:len(cols)-1]
	}
	if len(cols) == 0 {
		return nil
	}
	aligns := make([]east.Alignment, 0, len(cols))
	for _, col := range cols {
		a, ok := alignment(col)
		if !ok {
			return nil
		}
		aligns = append(aligns, a)
	}
	return aligns
}

// leadingWidth is the width of a line's indentation, tabs to stops of four.
func leadingWidth(line []byte) int {
	w := 0
	for _, c := range line {
		switch c {
		case ' ':
			w++
		case '\t':
			w += 4 - w%4
		default:
			return w
		}
	}
	return w
}

func isBlank(b []byte) bool {
	for _, c := range b {
		if !util.IsSpace(c) {
			return false
		}
	}
	return true
}

// alignment reads one delimiter cell (":--", "--:", ":-:", "---").
func alignment(cell []byte) (east.Alignment, bool) {
	s, e := 0, len(cell)
	for s < e && util.IsSpace(cell[s]) {
		s++
	}
	for e > s && util.IsSpace(cell[e-1]) {
		e--
	}
	cell = cell[s:e]
	left := len(cell) > 0 && cell[0] == ':'
	right := len(cell) > 1 && cell[len(cell)-1] == ':'
	dashes := cell
	if left {
		dashes = dashes[1:]
	}
	if right {
		dashes = dashes[:len(dashes)-1]
	}
	if len(dashes) == 0 {
		return east.AlignNone, false
	}
	for _, c := range dashes {
		if c != '-' {
			return east.AlignNone, false
		}
	}
	switch {
	case left && right:
		return east.AlignCenter, true
	case left:
		return east.AlignLeft, true
	case right:
		return east.AlignRight, true
	}
	return east.AlignNone, true
}

// trimRow is where a row's text starts and ends, without the white space
// (and line ending) around it.
func trimRow(line []byte) (int, int) {
	start, end := 0, len(line)
	for end > 0 && util.IsSpace(line[end-1]) {
		end--
	}
	for start < end && util.IsSpace(line[start]) {
		start++
	}
	return start, end
}

// splitRow cuts a row into cells at the pipes that are not escaped, and
// returns each cell's text, trimmed, as a segment of the source.
func splitRow(src []byte, seg text.Segment) []text.Segment {
	line := seg.Value(src)
	// A segment may begin with padding (a tab expanded to spaces) that is
	// not in the source: offsets in line count it.
	at := func(i int) int { return seg.Start + max(i-seg.Padding, 0) }
	start, end := trimRow(line)
	if start < end && line[start] == '|' {
		start++
	}
	if end > start && line[end-1] == '|' {
		end--
	}
	var cells []text.Segment
	for cell := start; cell < end; {
		stop := cell
		for stop < end && (line[stop] != '|' || stop > 0 && line[stop-1] == '\\') {
			stop++
		}
		s, e := cell, stop
		for s < e && util.IsSpace(line[s]) {
			s++
		}
		for e > s && util.IsSpace(line[e-1]) {
			e--
		}
		cells = append(cells, text.NewSegment(at(s), at(e)))
		cell = stop + 1
	}
	return cells
}
