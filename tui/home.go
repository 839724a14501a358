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
	cursor  int
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
		var rows []deckRow
		for _, d := range decks {
			if d.Hidden {
				continue
			}
			n := counts[d.Name]
			fresh := n.NewAvailable(c.limits.NewPerDeck)
			rows = append(rows, deckRow{info: d, due: n.Due, fresh: fresh, learned: n.Learned, all: n.Total})
		}
		return overviewMsg{rows: rows, streak: streak, next: next, hasNext: ok}
	}
}

func (h *homeScreen) SetSize(w, ht int) { h.width, h.height, h.view = w, ht, "" }

func (h *homeScreen) Update(msg tea.Msg) tea.Cmd {
	h.view = ""
	k := h.c.keys
	switch msg := msg.(type) {
	case overviewMsg:
		h.rows, h.streak, h.next, h.hasNext, h.loaded = msg.rows, msg.streak, msg.next, msg.hasNext, true
		h.cursor = min(h.cursor, max(len(h.rows)-1, 0))
	case tea.KeyPressMsg:
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
		}
	}
	return nil
}

func (h *homeScreen) ShortHelp() []key.Binding {
	k := h.c.keys
	return []key.Binding{k.Open, k.ReviewAll, k.Drill, k.Stats, k.Quit, k.Help}
}

func (h *homeScreen) FullHelp() [][]key.Binding {
	k := h.c.keys
	return [][]key.Binding{{k.Up, k.Down, k.Open}, {k.ReviewAll, k.Drill, k.Stats}, {k.Quit, k.Help}}
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
	var b strings.Builder
	title := s.Title.Render("hone")
	streak := s.Subtle.Render(streakText(h.streak))
	b.WriteString(spread(title, streak, h.width))
	b.WriteString("\n\n")
	compact := h.width < 40 || h.height < 10
	totalDue, totalNew := 0, 0
	var lines []string
	for i, r := range h.rows {
		totalDue += r.due
		totalNew += r.fresh
		name := r.info.Name
		marker := "  "
		nameStyle := lipgloss.NewStyle()
		if i == h.cursor {
			marker = s.Cursor.Render("> ")
			nameStyle = s.Selected
		}
		counts := s.Due.Render(fmt.Sprintf("%d due", r.due)) + " " + s.New.Render(fmt.Sprintf("%d new", r.fresh))
		if !compact {
			counts += " " + s.Count.Render(fmt.Sprintf("%d learned", r.learned))
		}
		room := h.width - 2 - lipgloss.Width(counts) - 1
		lines = append(lines, marker+spread(nameStyle.Render(truncate(name, max(room, 4))), counts, h.width-2))
		if !compact {
			lines = append(lines, "    "+s.Subtle.Render(truncate(strings.Join(r.info.Topics, " · "), h.width-4)))
			if r.info.Description != "" && i == h.cursor {
				lines = append(lines, "    "+s.Muted.Render(truncate(r.info.Description, h.width-4)))
			}
		}
	}
	if len(h.rows) == 0 {
		lines = append(lines, s.Subtle.Render("No decks yet. Import one with: hone import FILE"))
	}
	b.WriteString(strings.Join(lines, "\n"))
	b.WriteString("\n\n")
	switch {
	case totalDue+totalNew > 0:
		b.WriteString(s.Subtle.Render(fmt.Sprintf("Today: %d due, %d new.", totalDue, totalNew)))
	case h.hasNext:
		b.WriteString(s.Notice.Render("Nothing due. Next cards are due " + dueWhen(h.next, h.c.today()) + "."))
	default:
		b.WriteString(s.Notice.Render("Nothing due."))
	}
	return clip(b.String(), h.height)
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
