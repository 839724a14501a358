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

	"github.com/hone-srs/hone/srs"
)

// Options configure a run of the app.
type Options struct {
	Store    Store
	Now      func() time.Time // nil: time.Now
	DayStart srs.DayStart     // when a day begins
	Limits   Limits
	// Theme is "dark" or "light" to fix the colours, or "" (or "auto") to
	// follow the terminal's background.
	Theme string
	// Start, when set, opens a session straight away instead of the home
	// screen, and the app quits when that session is over.
	Start *Scope
	// Browse, when set, opens the card browser on this search instead of
	// the home screen, and the app quits when the browser is left.
	Browse *string
	// Editor is the command that `e` runs on a card's file, with its
	// arguments: $VISUAL or $EDITOR, split into words.
	Editor []string
	// Reimport imports a deck's file again after it was edited, and says
	// what changed.
	Reimport func(path, deckName string) (string, error)
	// Notice is news to show in the footer as the app opens, such as what
	// a sync brought: "synced 12 answers from desktop".
	Notice string
}

// NoticeMsg is news from outside the app, such as a sync that finished
// after the app opened, for the footer. The home screen counts again.
type NoticeMsg struct{ Text string }

// Scope narrows a session to a deck or a topic, and says whether it drills.
type Scope struct {
	Deck, Topic string
	Drill       bool
	Size        int // drill size
	// More is study more: new cards beyond the day's limit (MoreNew) or
	// reviews ahead of time (MoreAhead); 0 for the day's queue.
	More StudyMore
}

// StudyMore is what a study-more session takes.
type StudyMore int

// The kinds of study more.
const (
	MoreNone StudyMore = iota
	MoreNew
	MoreAhead
)

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
	browsePage
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
	browse   *browseScreen
	help     help.Model
	fullHelp bool
	err      error
	start    *Scope
	theme    string
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
	dark := o.Theme != "light"
	c := &common{
		store: safeStore{o.Store}, now: now, dayStart: o.DayStart, limits: o.Limits,
		styles: newStyles(dark), keys: defaultKeyMap(), md: &markdown{},
		standalone: o.Start != nil || o.Browse != nil, editor: o.Editor, reimport: o.Reimport, exec: tea.ExecProcess,
	}
	a := &App{c: c, help: help.New(), start: o.Start, theme: o.Theme}
	if o.Notice != "" {
		a.err = noticef("%s", o.Notice)
	}
	a.home = newHomeScreen(c)
	if o.Browse != nil {
		a.browse = newBrowseScreen(c, *o.Browse)
		a.page = browsePage
	}
	a.help.Styles = help.DefaultStyles(dark)
	return a
}

// fixedTheme reports whether the colours were chosen, not detected.
func (a *App) fixedTheme() bool { return a.theme == "dark" || a.theme == "light" }

// Init asks for the background colour, to pick light or dark styles, and
// loads the first screen's data.
func (a *App) Init() tea.Cmd {
	first := a.home.load()
	switch {
	case a.start != nil:
		first = startSession(a.c, *a.start)
	case a.page == browsePage:
		first = a.browse.load()
	}
	if a.fixedTheme() {
		return first
	}
	return tea.Batch(tea.RequestBackgroundColor, first)
}

func (a *App) active() screen {
	switch a.page {
	case reviewPage:
		return a.review
	case summaryPage:
		return a.summary
	case statsPage:
		return a.stats
	case browsePage:
		return a.browse
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
		if !a.fixedTheme() {
			a.c.styles = newStyles(msg.IsDark())
			a.help.Styles = help.DefaultStyles(msg.IsDark())
			a.layout()
		}
		return a, nil
	case tea.KeyPressMsg:
		if cmd, done := a.key(msg); done {
			return a, cmd
		}
	case errMsg:
		a.err = msg.err
		a.layout()
		return a, nil
	case NoticeMsg:
		if msg.Text == "" {
			return a, nil
		}
		a.err = noticef("%s", msg.Text)
		a.layout()
		if a.page == homePage {
			return a, a.home.load()
		}
		return a, nil
	}
	if cmd, done := a.navigate(msg); done {
		return a, cmd
	}
	return a, a.active().Update(msg)
}

// key handles the keys that mean the same on every screen; done is false
// when the active screen should have the key.
func (a *App) key(msg tea.KeyPressMsg) (tea.Cmd, bool) {
	k := a.c.keys
	switch {
	case key.Matches(msg, k.ForceQuit):
		a.quitting, a.interrupted = true, true
		return tea.Quit, true
	case key.Matches(msg, k.Suspend):
		return tea.Suspend, true
	case a.tooSmall() && !key.Matches(msg, k.Quit):
		return nil, true // nothing on screen to act on
	case a.typing():
		return nil, false // ? is a letter in a text field
	case key.Matches(msg, k.Help):
		a.fullHelp = !a.fullHelp
		a.layout()
		return nil, true
	}
	a.err = nil
	return nil, false
}

// navigate moves between screens; done is false for the messages that are
// the active screen's.
func (a *App) navigate(msg tea.Msg) (tea.Cmd, bool) {
	switch msg := msg.(type) {
	case sessionMsg:
		return a.startReview(msg), true
	case sessionDoneMsg:
		return a.endReview(msg.summary), true
	case backToReviewMsg:
		a.page = reviewPage
		a.layout()
		return a.review.undo(), true
	case goHomeMsg:
		if a.c.standalone {
			return a.quit(), true
		}
		return a.open(homePage), true
	case openBrowseMsg:
		a.browse = newBrowseScreen(a.c, msg.query)
		return a.open(browsePage), true
	case openStatsMsg:
		a.stats = newStatsScreen(a.c)
		return a.open(statsPage), true
	case quitMsg:
		return a.quit(), true
	}
	return nil, false
}

// open shows a page, sized, and loads what it shows.
func (a *App) open(p page) tea.Cmd {
	a.page = p
	a.layout()
	switch p {
	case homePage:
		return a.home.load()
	case statsPage:
		return a.stats.load()
	case summaryPage:
		return a.summary.load()
	case reviewPage:
		return a.review.Init()
	case browsePage:
		return a.browse.load()
	}
	return nil
}

// typing reports whether the active screen has a text field taking keys.
func (a *App) typing() bool { return a.page == browsePage && a.browse.typing() }

func (a *App) startReview(msg sessionMsg) tea.Cmd {
	if msg.err != nil {
		a.err = msg.err
		a.layout()
		return nil
	}
	if len(msg.items) == 0 {
		a.err = noticef("%s", nothingToDo(msg.scope))
		if a.start != nil {
			return a.quit()
		}
		return a.open(homePage)
	}
	a.c.sources = msg.sources
	a.review = newReviewScreen(a.c, msg.items, msg.scope, msg.before)
	return a.open(reviewPage)
}

// endReview shows how the session went, or leaves when nothing was
// answered.
func (a *App) endReview(sum sessionSummary) tea.Cmd {
	if sum.answered == 0 {
		if sum.problem != nil {
			a.err = sum.problem
		}
		if a.start != nil {
			return a.quit()
		}
		return a.open(homePage)
	}
	a.summary = newSummaryScreen(a.c, sum)
	return a.open(summaryPage)
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

func (a *App) quit() tea.Cmd {
	a.quitting = true
	return tea.Quit
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
	switch {
	case a.err != nil && isNotice(a.err):
		parts = append(parts, a.c.styles.Notice.Width(width).Render(truncate(a.err.Error(), width)))
	case a.err != nil:
		parts = append(parts, a.c.styles.Error.Width(width).Render(truncate("! "+a.err.Error(), width)))
	}
	// The help model lets an item overflow when its ellipsis does not fit;
	// the window's width is the last word.
	help := a.help.ShortHelpView(a.active().ShortHelp())
	if a.fullHelp {
		help = a.help.FullHelpView(a.active().FullHelp())
	}
	for _, l := range strings.Split(help, "\n") {
		parts = append(parts, truncate(l, width))
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
