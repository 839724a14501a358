package tui

import (
	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/viewport"
	tea "charm.land/bubbletea/v2"

	"github.com/hone-srs/hone/srs"
)

// statsScreen shows RenderStats in a scrolling view.
type statsScreen struct {
	c      *common
	st     srs.Stats
	loaded bool
	vp     viewport.Model
	width  int
	height int
	// page is the viewport drawn, kept until the text changes or scrolls.
	page    string
	pageTop int
}

type statsMsg struct{ st srs.Stats }

func newStatsScreen(c *common) *statsScreen {
	return &statsScreen{c: c, vp: viewport.New()}
}

func (s *statsScreen) load() tea.Cmd {
	c := s.c
	return func() tea.Msg {
		st, err := c.store.Stats(c.today(), c.limits)
		if err != nil {
			return errMsg{err}
		}
		return statsMsg{st}
	}
}

func (s *statsScreen) SetSize(w, h int) {
	s.width, s.height = w, h
	s.refresh()
}

func (s *statsScreen) refresh() {
	if !s.loaded || s.width == 0 {
		return
	}
	s.vp.SetWidth(s.width)
	s.vp.SetHeight(max(s.height-2, 1))
	s.vp.SetContent(renderStats(s.st, s.width, s.c.styles))
	s.page = ""
}

func (s *statsScreen) Update(msg tea.Msg) tea.Cmd {
	k := s.c.keys
	switch msg := msg.(type) {
	case statsMsg:
		s.st, s.loaded = msg.st, true
		s.refresh()
	case tea.KeyPressMsg:
		switch {
		case key.Matches(msg, k.Quit), key.Matches(msg, k.Back):
			return func() tea.Msg { return goHomeMsg{} }
		case key.Matches(msg, k.Up):
			s.vp.ScrollUp(1)
		case key.Matches(msg, k.Down):
			s.vp.ScrollDown(1)
		case key.Matches(msg, k.PageUp):
			s.vp.PageUp()
		case key.Matches(msg, k.PageDn):
			s.vp.PageDown()
		}
	}
	return nil
}

func (s *statsScreen) ShortHelp() []key.Binding {
	k := s.c.keys
	return []key.Binding{k.Down, k.PageDn, k.Back, k.Help}
}

func (s *statsScreen) FullHelp() [][]key.Binding {
	k := s.c.keys
	return [][]key.Binding{{k.Up, k.Down, k.PageUp, k.PageDn}, {k.Back, k.Help}}
}

func (s *statsScreen) View() string {
	st := s.c.styles
	if !s.loaded {
		return st.Subtle.Render("loading…")
	}
	if s.page == "" || s.pageTop != s.vp.YOffset() {
		s.page, s.pageTop = s.vp.View(), s.vp.YOffset()
	}
	return st.Title.Render("Stats") + "\n\n" + s.page
}
