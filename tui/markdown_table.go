package tui

import (
	"slices"
	"strings"

	"github.com/charmbracelet/x/ansi"
	east "github.com/yuin/goldmark/extension/ast"
)

// tableCell is one cell's text and how it is aligned.
type tableCell struct {
	pieces []piece
	align  east.Alignment
	width  int // on one line
}

// Columns are parted by " │ "; the table has no outer border, so that it
// takes no more room than its text.
const (
	colSepW  = 3
	minSqzed = 8 // the narrowest a column is squeezed before the table is drawn as records
)

// table draws a table as a grid when its columns fit the width, squeezing
// the widest ones, and as one record per row ("Header: value" lines) when
// they cannot be squeezed enough to stay readable.
func (w *cardWriter) table(t *east.Table, width int) []string {
	rows, header := w.tableRows(t)
	cols := 0
	for _, r := range rows {
		cols = max(cols, len(r))
	}
	if cols == 0 {
		return nil
	}
	natural := make([]int, cols)
	for _, r := range rows {
		for i, c := range r {
			natural[i] = max(natural[i], c.width)
		}
	}
	widths, ok := fitColumns(natural, width-colSepW*(cols-1))
	if !ok {
		return w.records(rows, header, width)
	}
	return w.grid(rows, header, widths)
}

// tableRows reads the cells, the header's first when there is one.
func (w *cardWriter) tableRows(t *east.Table) (rows [][]tableCell, header bool) {
	for r := t.FirstChild(); r != nil; r = r.NextSibling() {
		l := look(0)
		if r.Kind() == east.KindTableHeader {
			header, l = true, lookTableHeader
		}
		var row []tableCell
		for c := r.FirstChild(); c != nil; c = c.NextSibling() {
			if w.stopped() {
				return rows, header
			}
			cell := tableCell{pieces: w.pieces(c, l, nil)}
			if tc, ok := c.(*east.TableCell); ok {
				cell.align = tc.Alignment
			}
			cell.width = piecesWidth(cell.pieces)
			row = append(row, cell)
		}
		rows = append(rows, row)
	}
	return rows, header
}

// piecesWidth is the width of the longest line of pieces.
func piecesWidth(pieces []piece) int {
	widest, line := 0, 0
	for _, pc := range pieces {
		if pc.text == "\n" {
			line = 0
			continue
		}
		line += ansi.StringWidth(pc.text)
		widest = max(widest, line)
	}
	return widest
}

// fitColumns shares room among columns: each gets its natural width if it
// can, and the widest share what is left evenly. It fails when a column
// would be squeezed below minSqzed (or below its text, if shorter).
func fitColumns(natural []int, room int) ([]int, bool) {
	widths := slices.Clone(natural)
	order := make([]int, len(natural))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int { return natural[a] - natural[b] })
	left := room
	for k, i := range order {
		share := left / (len(order) - k)
		widths[i] = min(natural[i], share)
		if widths[i] < min(natural[i], minSqzed) || widths[i] < 1 && natural[i] > 0 {
			return nil, false
		}
		left -= widths[i]
	}
	return widths, true
}

// grid draws the rows as columns of the given widths, each cell wrapped in
// its column and aligned as the table says.
func (w *cardWriter) grid(rows [][]tableCell, header bool, widths []int) []string {
	sep := " " + w.p.painted(lookBorder, "│") + " "
	var out []string
	for r, row := range rows {
		cells := make([][]string, len(widths))
		height := 1
		for i := range widths {
			if i < len(row) && widths[i] > 0 {
				cells[i] = wrapPieces(w.p, row[i].pieces, widths[i])
			}
			height = max(height, len(cells[i]))
		}
		for l := 0; l < height; l++ {
			var b strings.Builder
			for i, cw := range widths {
				if i > 0 {
					b.WriteString(sep)
				}
				text, align := "", east.AlignNone
				if l < len(cells[i]) {
					text, align = cells[i][l], row[i].align
				}
				b.WriteString(alignCell(text, cw, align))
			}
			out = append(out, strings.TrimRight(b.String(), " "))
		}
		if r == 0 && header {
			parts := make([]string, len(widths))
			for i, cw := range widths {
				parts[i] = strings.Repeat("─", cw)
			}
			out = append(out, w.p.painted(lookBorder, strings.Join(parts, "─┼─")))
		}
	}
	return out
}

func alignCell(text string, width int, align east.Alignment) string {
	gap := max(width-ansi.StringWidth(text), 0)
	switch align {
	case east.AlignRight:
		return strings.Repeat(" ", gap) + text
	case east.AlignCenter:
		return strings.Repeat(" ", gap/2) + text + strings.Repeat(" ", gap-gap/2)
	}
	return text + strings.Repeat(" ", gap)
}

// records draws each row as "Header: value" lines, for a table too wide to
// read as a grid.
func (w *cardWriter) records(rows [][]tableCell, header bool, width int) []string {
	var names []tableCell
	if header {
		names, rows = rows[0], rows[1:]
	}
	var out []string
	for r, row := range rows {
		if r > 0 {
			out = append(out, w.p.painted(lookBorder, strings.Repeat("─", min(width, 3))))
		}
		for i, cell := range row {
			var pieces []piece
			if i < len(names) && len(names[i].pieces) > 0 {
				pieces = append(pieces, names[i].pieces...)
				pieces = append(pieces, piece{": ", lookTableHeader})
			}
			pieces = append(pieces, cell.pieces...)
			out = append(out, wrapPieces(w.p, pieces, width)...)
		}
	}
	return out
}
