// Package tui is hone's terminal interface: a Bubble Tea root model that
// switches between plain screen structs (home, review, summary, stats). Only
// the root is a tea.Model; screens take messages, return commands and draw
// strings, and every store call runs in a tea.Cmd.
package tui

import (
	"fmt"
	"strings"
	"time"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/hone-srs/hone/srs"
)

// Options configure a run of the app.
type Options struct {
	Store  Store
	Now    func() time.Time // nil: time.Now
	Limits Limits
	// Start, when set, opens a session straight away instead of the home
	// screen, and the app quits when that session is over.
	Start *Scope
}

// Scope narrows a session to a deck or a topic, and says whether it drills.
type Scope struct {
	Deck, Topic string
	Drill       bool
	Size        int // drill size
}

// screen is one page of the app. Screens are plain structs: the root hands
// them messages and their size, and asks them for their view and their keys.
type screen interface {
	Update(msg tea.Msg) tea.Cmd
	View() string
	SetSize(width, height int)
	ShortHelp() []key.Binding
	FullHelp() [][]key.Binding
}

type page int

const (
	homePage page = iota
	reviewPage
	summaryPage
	statsPage
)

// Smaller than this and there is no room for a card at all.
const minWidth, minHeight = 20, 6

// App is the root model.
type App struct {
	c        *common
	page     page
	home     *homeScreen
	review   *reviewScreen
	summary  *summaryScreen
	stats    *statsScreen
	help     help.Model
	fullHelp bool
	err      error
	start    *Scope
	quitting bool
	// interrupted is set by ctrl+c, which leaves like q but exits 130.
	interrupted bool
}

// Interrupted reports whether the user left with ctrl+c.
func (a *App) Interrupted() bool { return a.interrupted }

// New builds the app around a store.
func New(o Options) *App {
	now := o.Now
	if now == nil {
		now = time.Now
	}
	c := &common{store: safeStore{o.Store}, now: now, limits: o.Limits, styles: newStyles(true), keys: defaultKeyMap(), md: &markdown{}}
	a := &App{c: c, help: help.New(), start: o.Start}
	a.home = newHomeScreen(c)
	a.help.Styles = help.DefaultStyles(true)
	return a
}

// Init asks for the background colour, to pick light or dark styles, and
// loads the first screen's data.
func (a *App) Init() tea.Cmd {
	if a.start != nil {
		return tea.Batch(tea.RequestBackgroundColor, startSession(a.c, *a.start))
	}
	return tea.Batch(tea.RequestBackgroundColor, a.home.load())
}

func (a *App) active() screen {
	switch a.page {
	case reviewPage:
		return a.review
	case summaryPage:
		return a.summary
	case statsPage:
		return a.stats
	}
	return a.home
}

// Update routes app-wide messages and hands the rest to the active screen.
func (a *App) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		a.c.width, a.c.height = msg.Width, msg.Height
		a.layout()
		return a, nil
	case tea.BackgroundColorMsg:
		a.c.styles = newStyles(msg.IsDark())
		a.help.Styles = help.DefaultStyles(msg.IsDark())
		a.layout()
		return a, nil
	case tea.KeyPressMsg:
		switch {
		case key.Matches(msg, a.c.keys.ForceQuit):
			a.quitting, a.interrupted = true, true
			return a, tea.Quit
		case key.Matches(msg, a.c.keys.Suspend):
			return a, tea.Suspend
		case a.tooSmall() && !key.Matches(msg, a.c.keys.Quit):
			return a, nil // nothing on screen to act on
		case key.Matches(msg, a.c.keys.Help):
			a.fullHelp = !a.fullHelp
			a.layout()
			return a, nil
		}
		a.err = nil
	case errMsg:
		a.err = msg.err
		a.layout()
		return a, nil
	case sessionMsg:
		if msg.err != nil {
			return a.fail(msg.err)
		}
		if len(msg.items) == 0 {
			a.err = fmt.Errorf("%s", nothingToDo(msg.scope))
			if a.start != nil {
				return a.quit()
			}
			a.page = homePage
			a.layout()
			return a, a.home.load()
		}
		a.review = newReviewScreen(a.c, msg.items, msg.scope, msg.before)
		a.page = reviewPage
		a.layout()
		return a, a.review.Init()
	case sessionDoneMsg:
		if msg.summary.answered == 0 {
			if a.start != nil {
				return a.quit()
			}
			return a.goHome()
		}
		a.summary = newSummaryScreen(a.c, msg.summary)
		a.page = summaryPage
		a.layout()
		return a, a.summary.load()
	case goHomeMsg:
		if a.start != nil {
			return a.quit()
		}
		return a.goHome()
	case openStatsMsg:
		a.stats = newStatsScreen(a.c)
		a.page = statsPage
		a.layout()
		return a, a.stats.load()
	case quitMsg:
		return a.quit()
	}
	return a, a.active().Update(msg)
}

func (a *App) tooSmall() bool { return a.c.width < minWidth || a.c.height < minHeight }

// Notice is the message the app ended on, such as "nothing due today" when
// a session started from the command line had nothing to show.
func (a *App) Notice() string {
	if a.err == nil {
		return ""
	}
	return a.err.Error()
}

func (a *App) fail(err error) (tea.Model, tea.Cmd) {
	a.err = err
	a.layout()
	return a, nil
}

func (a *App) quit() (tea.Model, tea.Cmd) {
	a.quitting = true
	return a, tea.Quit
}

func (a *App) goHome() (tea.Model, tea.Cmd) {
	a.page = homePage
	a.layout()
	return a, a.home.load()
}

// layout sizes the active screen to what is left after the help and the
// error line.
func (a *App) layout() {
	w := max(a.c.width-a.c.styles.App.GetHorizontalFrameSize(), 0)
	a.help.SetWidth(w)
	h := a.c.height - lipgloss.Height(a.footer(w))
	a.active().SetSize(w, max(h, 0))
}

func (a *App) footer(width int) string {
	var parts []string
	if a.err != nil {
		parts = append(parts, a.c.styles.Error.Width(width).Render(truncate("! "+a.err.Error(), width)))
	}
	if a.fullHelp {
		parts = append(parts, a.help.FullHelpView(a.active().FullHelp()))
	} else {
		parts = append(parts, a.help.ShortHelpView(a.active().ShortHelp()))
	}
	return strings.Join(parts, "\n")
}

// View draws the active screen above the footer, or a single line when the
// window is too small to hold anything useful.
func (a *App) View() tea.View {
	v := tea.NewView("")
	v.AltScreen = true
	v.WindowTitle = "hone"
	if a.quitting {
		return v
	}
	if a.tooSmall() {
		if a.c.width > 0 {
			v.Content = truncate(fmt.Sprintf("window too small: %d×%d at least", minWidth, minHeight), a.c.width)
		}
		return v
	}
	w := a.c.width - a.c.styles.App.GetHorizontalFrameSize()
	body := a.active().View()
	footer := a.footer(w)
	gap := a.c.height - lipgloss.Height(body) - lipgloss.Height(footer)
	if gap > 0 {
		body += strings.Repeat("\n", gap)
	}
	v.Content = terminalSafe(padLines(body+"\n"+footer, a.c.styles.App.GetPaddingLeft(), a.c.styles.App.GetPaddingRight()))
	return v
}

// Messages between the screens and the root.
type (
	errMsg         struct{ err error }
	goHomeMsg      struct{}
	openStatsMsg   struct{}
	quitMsg        struct{}
	sessionDoneMsg struct{ summary sessionSummary }
	sessionMsg     struct {
		items  []srs.Item
		scope  Scope
		before map[string]float64 // drill: each topic's accuracy before it
		err    error
	}
)

func nothingToDo(s Scope) string {
	switch {
	case s.Drill:
		return "nothing to drill yet: review some cards first"
	case s.Topic != "":
		return fmt.Sprintf("nothing due in topic %q today", s.Topic)
	case s.Deck != "":
		return fmt.Sprintf("nothing due in %q today", s.Deck)
	}
	return "nothing due today"
}

// padLines draws text in the App style, which is padding only, as its
// Render would: every line padded to the widest, then by left and right
// spaces. It measures each line once; Render measures every line of the
// screen twice and wraps it, which was most of a frame's cost at 200×60.
func padLines(s string, left, right int) string {
	s = strings.ReplaceAll(s, "\t", "    ") // as Render does
	lines := strings.Split(s, "\n")
	widths := make([]int, len(lines))
	widest := 0
	for i, l := range lines {
		widths[i] = ansi.StringWidth(l)
		widest = max(widest, widths[i])
	}
	var b strings.Builder
	b.Grow(len(s) + len(lines)*(left+right+1))
	for i, l := range lines {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(strings.Repeat(" ", left))
		b.WriteString(l)
		b.WriteString(strings.Repeat(" ", widest-widths[i]+right))
	}
	return b.String()
}
