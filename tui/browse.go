package tui

import (
	"fmt"

	"charm.land/bubbles/v2/table"
	"charm.land/bubbles/v2/textinput"
	"charm.land/bubbles/v2/viewport"
	tea "charm.land/bubbletea/v2"

	"github.com/hone-srs/hone/deck"
	"github.com/hone-srs/hone/srs"
)

// browseScreen is the card browser: a search field, a table of the cards
// that match, and on a card its text and what can be done to it. This file
// is its flow; browse_keys.go reads its keys, browse_store.go holds its
// store commands, browse_view.go draws it and browse_rows.go makes the
// table's rows.
//
// A search reads every card's small record once, then the text of the
// matching cards a chunk at a time, only as far as the table has been
// scrolled: at 100,000 cards the first page shows after one pass over the
// records, and a text search that matches little fills its page chunk by
// chunk, each a command of its own, so keys are never held up.
type browseScreen struct {
	c     *common
	input textinput.Model
	table table.Model
	sch   srs.Scheduler

	query   string     // the search in force
	search  srs.Search // its cards, by their records
	next    int        // the first card of search.IDs whose text is not read yet
	rows    []srs.BrowseRow
	loading bool // a search or a chunk is being read
	gen     int  // the search in force; older answers are dropped
	toEnd   bool // read to the end, then go to the last row
	status  string
	problem error // what went wrong last, shown above the table

	viewing bool // the card under the cursor is open
	card    deck.Card
	vp      viewport.Model
	confirm bool     // R was pressed: reset asks first
	changes []change // this visit's changes, for undo

	width, height int
}

// change is one change the browser made, to undo.
type change struct {
	seq  uint64
	id   string
	what string
}

func newBrowseScreen(c *common, query string) *browseScreen {
	in := textinput.New()
	in.Prompt = "/ "
	in.Placeholder = `deck:NAME tag:x is:leech lapses>3 words`
	in.CharLimit = 1000
	in.SetStyles(c.styles.Input)
	in.SetValue(query)
	t := table.New(table.WithStyles(c.styles.Table), table.WithFocused(true), table.WithKeyMap(tableKeys(c.keys)))
	return &browseScreen{c: c, input: in, table: t, query: query, vp: viewport.New()}
}

// load starts the search in force.
func (b *browseScreen) load() tea.Cmd {
	b.gen++
	b.loading, b.rows, b.next, b.search, b.problem = true, nil, 0, srs.Search{}, nil
	b.setRows()
	b.status = "searching…"
	return b.runSearch(b.gen, b.query)
}

func (b *browseScreen) SetSize(w, h int) {
	b.width, b.height = w, h
	b.input.SetWidth(max(w-len(b.input.Prompt)-1, 1))
	b.table.SetColumns(b.columns())
	b.table.SetWidth(w)
	b.table.SetHeight(max(h-2, 2))
	b.setRows()
	b.vp.SetWidth(w)
	b.vp.SetHeight(max(h-2, 1))
	if b.viewing {
		b.vp.SetContent(b.cardText())
	}
}

func (b *browseScreen) Update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case searchedMsg:
		return b.searched(msg)
	case rowsMsg:
		return b.rowsRead(msg)
	case markedMsg:
		return b.marked(msg)
	case unmarkedMsg:
		return b.unmarked(msg)
	case cardMsg:
		b.cardRead(msg)
	case tea.KeyPressMsg:
		return b.key(msg)
	}
	return nil
}

func (b *browseScreen) searched(msg searchedMsg) tea.Cmd {
	if msg.gen != b.gen {
		return nil
	}
	if msg.err != nil {
		b.loading, b.problem, b.status = false, msg.err, ""
		return nil
	}
	if msg.sch != nil {
		b.sch = msg.sch
		b.table.SetColumns(b.columns())
	}
	b.search = msg.search
	b.loading = false
	b.setStatus()
	return b.more()
}

func (b *browseScreen) rowsRead(msg rowsMsg) tea.Cmd {
	if msg.gen != b.gen {
		return nil
	}
	b.loading = false
	if msg.err != nil {
		b.problem = msg.err
		return nil
	}
	b.rows = append(b.rows, msg.rows...)
	b.next = msg.upto
	b.setRows()
	b.setStatus()
	if b.toEnd && b.next >= len(b.search.IDs) {
		b.toEnd = false
		b.table.GotoBottom()
	}
	return b.more()
}

// more reads the next chunk when the table needs it: while fewer rows are
// read than reach two screens past the cursor, or to the end when asked.
func (b *browseScreen) more() tea.Cmd {
	if b.loading || b.next >= len(b.search.IDs) {
		return nil
	}
	if !b.toEnd && len(b.rows) > b.table.Cursor()+2*max(b.table.Height(), 10) {
		return nil
	}
	b.loading = true
	from, upto := b.next, min(b.next+srs.BrowsePage, len(b.search.IDs))
	return b.readRows(b.gen, b.search, from, upto)
}

// setStatus says how many cards match.
func (b *browseScreen) setStatus() {
	total := len(b.search.IDs)
	b.status = fmt.Sprintf("%s %s", Thousands(total), plural(total, "card", "cards"))
	if b.query != "" {
		b.status += plural(total, " matches", " match")
	}
}

// current is the row under the cursor; false when there is none.
func (b *browseScreen) current() (srs.BrowseRow, int, bool) {
	i := b.table.Cursor()
	if i < 0 || i >= len(b.rows) {
		return srs.BrowseRow{}, i, false
	}
	return b.rows[i], i, true
}
