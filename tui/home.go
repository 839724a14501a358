package tui

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"github.com/hone-srs/hone/srs"
)

// homeScreen lists the decks with what each has for today.
type homeScreen struct {
	c       *common
	rows    []deckRow
	streak  int
	next    srs.Day
	hasNext bool
	loaded  bool
	hidden  int // decks hidden with hone decks hide
	cursor  int
	offset  int  // the first row on screen, when the list scrolls
	more    bool // the study-more panel is open
	width   int
	height  int
	// view is the screen drawn, kept until an update or a resize.
	view string
}

type deckRow struct {
	info         srs.DeckInfo
	due, fresh   int // fresh: new cards available today
	learned, all int
}

type overviewMsg struct {
	rows    []deckRow
	hidden  int
	streak  int
	next    srs.Day
	hasNext bool
}

func newHomeScreen(c *common) *homeScreen { return &homeScreen{c: c} }

// load reads the overview in a command, off the UI's path.
func (h *homeScreen) load() tea.Cmd {
	c := h.c
	return func() tea.Msg {
		today := c.today()
		decks, err := c.store.Decks()
		if err != nil {
			return errMsg{err}
		}
		counts, err := c.store.Counts(today)
		if err != nil {
			return errMsg{err}
		}
		streak, err := c.store.Streak(today)
		if err != nil {
			return errMsg{err}
		}
		next, ok, err := c.store.NextDue(today)
		if err != nil {
			return errMsg{err}
		}
		msg := overviewMsg{streak: streak, next: next, hasNext: ok}
		for _, d := range decks {
			if d.Hidden {
				msg.hidden++
				continue
			}
			n := counts[d.Name]
			fresh := n.NewAvailable(c.limits.NewFor(d.Name))
			msg.rows = append(msg.rows, deckRow{info: d, due: n.Due, fresh: fresh, learned: n.Learned, all: n.Total})
		}
		return msg
	}
}

func (h *homeScreen) SetSize(w, ht int) { h.width, h.height, h.view = w, ht, "" }

func (h *homeScreen) Update(msg tea.Msg) tea.Cmd {
	h.view = ""
	k := h.c.keys
	switch msg := msg.(type) {
	case overviewMsg:
		h.rows, h.hidden, h.streak, h.next, h.hasNext, h.loaded = msg.rows, msg.hidden, msg.streak, msg.next, msg.hasNext, true
		h.cursor = min(h.cursor, max(len(h.rows)-1, 0))
	case tea.KeyPressMsg:
		if h.more {
			return h.moreKey(msg)
		}
		switch {
		case key.Matches(msg, k.Quit):
			return func() tea.Msg { return quitMsg{} }
		case key.Matches(msg, k.Up):
			h.cursor = max(h.cursor-1, 0)
		case key.Matches(msg, k.Down):
			h.cursor = min(h.cursor+1, max(len(h.rows)-1, 0))
		case key.Matches(msg, k.Open):
			if h.cursor < len(h.rows) {
				return startSession(h.c, Scope{Deck: h.rows[h.cursor].info.Name})
			}
		case key.Matches(msg, k.ReviewAll):
			return startSession(h.c, Scope{})
		case key.Matches(msg, k.Drill):
			return startSession(h.c, Scope{Drill: true})
		case key.Matches(msg, k.Stats):
			return func() tea.Msg { return openStatsMsg{} }
		case key.Matches(msg, k.Browse):
			return func() tea.Msg { return openBrowseMsg{} }
		case key.Matches(msg, k.StudyMore) && len(h.rows) > 0:
			h.more = true
		}
	}
	return nil
}

func (h *homeScreen) ShortHelp() []key.Binding {
	k := h.c.keys
	if h.more {
		return []key.Binding{k.MoreNew, k.Ahead, k.Cancel, k.Quit}
	}
	// Short words, so that every key fits a line of 80 columns; the full
	// help (?) says more.
	return []key.Binding{short(k.Open, "review"), short(k.ReviewAll, "all"), short(k.Drill, "drill"), short(k.Browse, "browse"),
		short(k.StudyMore, "more"), k.Stats, k.Quit, k.Help}
}

func (h *homeScreen) FullHelp() [][]key.Binding {
	k := h.c.keys
	if h.more {
		return [][]key.Binding{{k.MoreNew, k.Ahead, k.Cancel}, {k.Quit, k.Help}}
	}
	return [][]key.Binding{{k.Up, k.Down, k.Open}, {k.ReviewAll, k.Drill, k.StudyMore}, {k.Browse, k.Stats}, {k.Quit, k.Help}}
}

func (h *homeScreen) View() string {
	if h.view == "" {
		h.view = h.draw()
	}
	return h.view
}

func (h *homeScreen) draw() string {
	s := h.c.styles
	if !h.loaded {
		return s.Subtle.Render("loading…")
	}
	title := s.Title.Render("hone")
	streak := s.Subtle.Render(streakText(h.streak))
	top := spread(title, streak, h.width)
	// The list gets what the title, the lines around it and the totals
	// leave; those lines say when there are more decks above or below.
	foot := h.totals()
	if h.more {
		foot = h.morePanel()
	}
	list, above, below := h.list(max(h.height-3-lipgloss.Height(foot), 1))
	up, down := "", ""
	if above {
		up = s.Notice.Render("  ↑ more")
	}
	if below {
		down = s.Notice.Render("  ↓ more")
	}
	return clip(top+"\n"+up+"\n"+list+"\n"+down+"\n"+foot, h.height)
}

func (h *homeScreen) compact() bool { return h.width < 40 || h.height < 10 }

// list draws the decks that fit in room lines, scrolled so that the cursor
// is on screen, and says whether decks are left out above or below.
func (h *homeScreen) list(room int) (text string, above, below bool) {
	s := h.c.styles
	if len(h.rows) == 0 {
		if h.hidden > 0 {
			return s.Subtle.Render(truncate(fmt.Sprintf("All %d %s hidden. Show one again with: hone decks unhide NAME", h.hidden, plural(h.hidden, "deck is", "decks are")), h.width)), false, false
		}
		return s.Subtle.Render(truncate("No decks yet. Import one with: hone import FILE", h.width)), false, false
	}
	blocks := make([][]string, len(h.rows))
	for i := range h.rows {
		blocks[i] = h.row(i)
	}
	h.offset = scrollTo(blocks, h.cursor, h.offset, room)
	var lines []string
	for i := h.offset; i < len(blocks) && len(lines)+len(blocks[i]) <= room; i++ {
		lines = append(lines, blocks[i]...)
	}
	if len(lines) == 0 { // a row taller than the room: its first lines
		lines = blocks[h.cursor][:min(room, len(blocks[h.cursor]))]
	}
	shown := h.offset + countBlocks(blocks[h.offset:], room)
	return strings.Join(lines, "\n"), h.offset > 0, shown < len(blocks)
}

// scrollTo is the first row to show so that row cursor fits in room lines,
// moving as little as it can from offset.
func scrollTo(blocks [][]string, cursor, offset, room int) int {
	offset = min(offset, cursor)
	for offset < cursor {
		used := 0
		for i := offset; i <= cursor; i++ {
			used += len(blocks[i])
		}
		if used <= room {
			break
		}
		offset++
	}
	return offset
}

// countBlocks is how many blocks fit whole in room lines.
func countBlocks(blocks [][]string, room int) int {
	n, used := 0, 0
	for _, b := range blocks {
		if used+len(b) > room {
			break
		}
		used += len(b)
		n++
	}
	return max(n, 1)
}

// row draws deck i: its name and counts, and on a roomy screen its topics
// and, for the selected deck, its description.
func (h *homeScreen) row(i int) []string {
	s := h.c.styles
	r := h.rows[i]
	marker := "  "
	nameStyle := lipgloss.NewStyle()
	if i == h.cursor {
		marker = s.Cursor.Render("> ")
		nameStyle = s.Selected
	}
	counts := s.Due.Render(fmt.Sprintf("%d due", r.due)) + " " + s.New.Render(fmt.Sprintf("%d new", r.fresh))
	if !h.compact() {
		counts += " " + s.Count.Render(fmt.Sprintf("%d learned", r.learned))
	}
	room := h.width - 2 - lipgloss.Width(counts) - 1
	lines := []string{marker + spread(nameStyle.Render(truncate(r.info.Name, max(room, 4))), counts, h.width-2)}
	if h.compact() {
		return lines
	}
	lines = append(lines, "    "+s.Subtle.Render(truncate(strings.Join(r.info.Topics, " · "), h.width-4)))
	if r.info.Description != "" && i == h.cursor {
		lines = append(lines, "    "+s.Muted.Render(truncate(r.info.Description, h.width-4)))
	}
	return lines
}

// totals is the line under the list: today's work, or when the next is.
func (h *homeScreen) totals() string {
	s := h.c.styles
	totalDue, totalNew := 0, 0
	for _, r := range h.rows {
		totalDue += r.due
		totalNew += r.fresh
	}
	switch {
	case totalDue+totalNew > 0:
		return s.Subtle.Render(truncate(fmt.Sprintf("Today: %d due, %d new.", totalDue, totalNew), h.width))
	case h.hasNext:
		return s.Notice.Render(truncate("All done for today: m to study more. Next cards are due "+dueWhen(h.next, h.c.today())+".", h.width))
	case len(h.rows) > 0:
		return s.Notice.Render(truncate("All done for today: m to study more.", h.width))
	}
	return s.Notice.Render("Nothing due.")
}

func streakText(days int) string {
	switch days {
	case 0:
		return "no streak yet"
	case 1:
		return "1-day streak"
	}
	return fmt.Sprintf("%d-day streak", days)
}

// dueWhen words a due day relative to today.
func dueWhen(d, today srs.Day) string {
	switch n := int(d - today); {
	case n <= 0:
		return "today"
	case n == 1:
		return "tomorrow"
	case n < 14:
		return fmt.Sprintf("in %d days (%s)", n, d)
	default:
		return "on " + d.String()
	}
}
