package tui

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/progress"
	"charm.land/bubbles/v2/viewport"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"github.com/hone-srs/hone/deck"
	"github.com/hone-srs/hone/srs"
)

// reviewScreen runs one session: flashcards and choice cards, one at a time,
// each answer saved through the store before the next card shows.
type reviewScreen struct {
	c       *common
	scope   Scope
	kind    srs.EntryKind
	session *srs.Session
	before  map[string]float64

	cur      srs.Item
	has      bool
	repeat   bool // cur was already answered in this session
	revealed bool // flashcard: back shown
	cursor   int  // choice: option under the cursor
	picked   int  // choice: option picked, -1 before
	// pending is a choice card's answer, saved but not yet passed: the
	// learner may still override its grade.
	pending *answer
	anchors anchors
	busy    bool // a store call is under way
	shownAt time.Time
	started time.Time
	history []answer // answers of this session, for undo and the summary
	seen    map[string]int
	// texts holds the cards read so far; loading is the id being read.
	texts   map[string]deck.Card
	loading string

	vp     viewport.Model
	bar    progress.Model
	width  int
	height int
	// box is the card drawn in its border, kept from one View to the next
	// until refresh changes the text or the viewport scrolls: wrapping and
	// bordering a screenful of text is most of what a frame costs.
	box    string
	boxTop int
}

// answer is one saved answer of the session.
type answer struct {
	entry srs.Entry
	item  srs.Item
	q     srs.Quality
}

type (
	answeredMsg struct {
		entry srs.Entry
		q     srs.Quality
		err   error
	}
	regradedMsg struct {
		entry srs.Entry
		q     srs.Quality
		err   error
		kept  bool // the undo failed, so the first answer stands
	}
	undoneMsg struct {
		entry srs.Entry
		err   error
	}
	contentMsg struct {
		id   string
		card deck.Card
		err  error
	}
)

func newReviewScreen(c *common, items []srs.Item, scope Scope, before map[string]float64) *reviewScreen {
	r := &reviewScreen{
		c: c, scope: scope, kind: srs.Review, before: before,
		session: srs.NewSession(items),
		picked:  -1,
		seen:    map[string]int{},
		texts:   map[string]deck.Card{},
		started: c.now(),
		vp:      viewport.New(),
		bar:     progress.New(progress.WithoutPercentage(), progress.WithFillCharacters('━', '─')),
	}
	if scope.Drill {
		r.kind = srs.Drill
	}
	for _, it := range items {
		if it.Card.Front != "" { // a drill plan comes with the text
			r.texts[it.Card.ID] = it.Card
		}
	}
	return r
}

// Init shows the first card.
func (r *reviewScreen) Init() tea.Cmd { return r.advance() }

// advance moves to the session's current card, or ends the session.
func (r *reviewScreen) advance() tea.Cmd {
	item, ok := r.session.Current()
	if !ok {
		r.has = false
		return r.finish()
	}
	card, known := r.texts[item.Card.ID]
	if !known {
		// The queue carries no text; read this card's now, off the UI path.
		r.has, r.loading = false, item.Card.ID
		store, id := r.c.store, item.Card.ID
		return func() tea.Msg {
			c, err := store.Content(id)
			return contentMsg{id: id, card: c, err: err}
		}
	}
	item.Card = card
	r.show(item)
	return nil
}

// show puts a card, text and all, on screen, fresh.
func (r *reviewScreen) show(item srs.Item) {
	r.cur, r.has, r.loading = item, true, ""
	// A card already graded today, here or in an earlier sitting, is a
	// repeat: its grade no longer moves the schedule.
	r.repeat = r.seen[r.cur.Card.ID] > 0 || (!r.cur.State.New && r.cur.State.LastDay >= r.c.today())
	r.revealed, r.cursor, r.picked, r.pending = false, 0, -1, nil
	r.shownAt = r.c.now()
	r.refresh()
	r.vp.GotoTop()
}

func (r *reviewScreen) finish() tea.Cmd {
	sum := summarize(r.history, elapsed(r.started, r.c.now()), r.scope.Drill, r.before)
	return func() tea.Msg { return sessionDoneMsg{summary: sum} }
}

func (r *reviewScreen) SetSize(w, h int) {
	r.width, r.height = w, h
	r.refresh()
}

func (r *reviewScreen) compact() bool { return r.width < 40 || r.height < 10 }

func (r *reviewScreen) Update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case answeredMsg:
		r.busy = false
		if msg.err != nil {
			r.picked = -1
			r.refresh()
			return errCmd(fmt.Errorf("answer not saved: %w", msg.err))
		}
		a := answer{entry: msg.entry, item: r.cur, q: msg.q}
		r.history = append(r.history, a)
		if r.cur.Card.Kind == deck.Choice {
			r.pending = &r.history[len(r.history)-1]
			r.refresh()
			// Show the marks, the verdict and the explanation; the story
			// above was just read.
			r.vp.SetYOffset(r.anchors.answer)
			return nil
		}
		return r.pass(a)
	case regradedMsg:
		r.busy = false
		if msg.kept {
			return errCmd(fmt.Errorf("grade not changed: %w", msg.err))
		}
		if msg.err != nil {
			// The first answer was undone; the card is back to unanswered.
			r.history = r.history[:len(r.history)-1]
			r.pending, r.picked = nil, -1
			r.refresh()
			return errCmd(fmt.Errorf("new grade not saved: %w", msg.err))
		}
		a := answer{entry: msg.entry, item: r.cur, q: msg.q}
		r.history[len(r.history)-1] = a
		return r.pass(a)
	case undoneMsg:
		r.busy = false
		if msg.err != nil {
			return errCmd(fmt.Errorf("undo failed: %w", msg.err))
		}
		last := r.history[len(r.history)-1]
		r.history = r.history[:len(r.history)-1]
		if r.pending != nil {
			r.pending, r.picked = nil, -1
			r.refresh()
			return nil
		}
		r.seen[last.item.Card.ID]--
		r.session.Undo()
		return r.advance()
	case contentMsg:
		if msg.id != r.loading {
			return nil // a card left behind by undo or quit
		}
		if msg.err != nil {
			return errCmd(fmt.Errorf("cannot show the next card: %w", msg.err))
		}
		r.texts[msg.id] = msg.card
		item, _ := r.session.Current()
		item.Card = msg.card
		r.show(item)
		return nil
	case tea.KeyPressMsg:
		return r.key(msg)
	}
	return nil
}

// pass records a final answer in the session and moves on.
func (r *reviewScreen) pass(a answer) tea.Cmd {
	r.seen[a.item.Card.ID]++
	r.session.Record(a.item.Card.ID, a.entry.After, a.q)
	return r.advance()
}

func (r *reviewScreen) key(msg tea.KeyPressMsg) tea.Cmd {
	k := r.c.keys
	switch {
	case key.Matches(msg, k.Quit):
		return r.finish()
	case key.Matches(msg, k.PageUp):
		r.vp.PageUp()
		return nil
	case key.Matches(msg, k.PageDn):
		r.vp.PageDown()
		return nil
	}
	if r.busy || !r.has {
		return nil
	}
	if key.Matches(msg, k.Undo) {
		return r.undo()
	}
	if r.cur.Card.Kind == deck.Choice {
		return r.choiceKey(msg)
	}
	switch {
	case !r.revealed && key.Matches(msg, k.Reveal):
		r.revealed = true
		r.refresh()
		r.vp.EnsureVisible(r.anchors.answer, 0, 0)
	case key.Matches(msg, k.Up):
		r.vp.ScrollUp(1)
	case key.Matches(msg, k.Down):
		r.vp.ScrollDown(1)
	case r.revealed:
		if q, ok := r.grade(msg); ok {
			return r.answer(q)
		}
	}
	return nil
}

func (r *reviewScreen) choiceKey(msg tea.KeyPressMsg) tea.Cmd {
	k := r.c.keys
	opts := r.cur.Card.Options
	if r.pending != nil {
		switch {
		case key.Matches(msg, k.Next):
			return r.pass(*r.pending)
		case key.Matches(msg, k.Up):
			r.vp.ScrollUp(1)
		case key.Matches(msg, k.Down):
			r.vp.ScrollDown(1)
		default:
			if q, ok := r.grade(msg); ok {
				if q == r.pending.q {
					return r.pass(*r.pending)
				}
				return r.regrade(q)
			}
		}
		return nil
	}
	switch {
	case key.Matches(msg, k.Up):
		r.cursor = max(r.cursor-1, 0)
		r.refresh()
		r.vp.EnsureVisible(r.anchors.options[r.cursor], 0, 0)
	case key.Matches(msg, k.Down):
		r.cursor = min(r.cursor+1, len(opts)-1)
		r.refresh()
		r.vp.EnsureVisible(r.anchors.options[r.cursor], 0, 0)
	case key.Matches(msg, k.Choose):
		return r.pick(r.cursor)
	case key.Matches(msg, k.Pick):
		if i := strings.Index(optionKeys, msg.String()); i >= 0 && i < len(opts) {
			return r.pick(i)
		}
	}
	return nil
}

func (r *reviewScreen) grade(msg tea.KeyPressMsg) (srs.Quality, bool) {
	k := r.c.keys
	switch {
	case key.Matches(msg, k.Again):
		return srs.Again, true
	case key.Matches(msg, k.Hard):
		return srs.Hard, true
	case key.Matches(msg, k.Good):
		return srs.Good, true
	case key.Matches(msg, k.Easy):
		return srs.Easy, true
	}
	return 0, false
}

// pick answers a choice card: right is Good, wrong is Again.
func (r *reviewScreen) pick(i int) tea.Cmd {
	r.picked = i
	q := srs.Again
	if i == r.cur.Card.Correct {
		q = srs.Good
	}
	return r.answer(q)
}

func (r *reviewScreen) answer(q srs.Quality) tea.Cmd {
	r.busy = true
	store, id, kind, took := r.c.store, r.cur.Card.ID, r.kind, elapsed(r.shownAt, r.c.now())
	return func() tea.Msg {
		res, err := store.Answer(id, q, kind, took)
		return answeredMsg{entry: res.Entry, q: q, err: err}
	}
}

// regrade replaces a choice card's automatic grade: the saved answer is
// undone and the new grade saved, so the log tells what happened.
func (r *reviewScreen) regrade(q srs.Quality) tea.Cmd {
	r.busy = true
	store, seq, id, kind, took := r.c.store, r.pending.entry.Seq, r.cur.Card.ID, r.kind, r.pending.entry.Took
	return func() tea.Msg {
		if _, err := store.Undo(seq); err != nil {
			return regradedMsg{err: err, kept: true}
		}
		res, err := store.Answer(id, q, kind, took)
		return regradedMsg{entry: res.Entry, q: q, err: err}
	}
}

func (r *reviewScreen) undo() tea.Cmd {
	if len(r.history) == 0 {
		return errCmd(errors.New("nothing to undo yet in this session"))
	}
	r.busy = true
	store, seq := r.c.store, r.history[len(r.history)-1].entry.Seq
	return func() tea.Msg {
		e, err := store.Undo(seq)
		return undoneMsg{entry: e, err: err}
	}
}

func errCmd(err error) tea.Cmd { return func() tea.Msg { return errMsg{err} } }

func (r *reviewScreen) ShortHelp() []key.Binding {
	k := r.c.keys
	switch {
	case r.has && r.cur.Card.Kind == deck.Choice && r.pending == nil:
		return []key.Binding{k.Pick, k.Choose, k.Undo, k.Quit, k.Help}
	case r.has && r.cur.Card.Kind == deck.Choice:
		return []key.Binding{k.Next, k.Regrade, k.Undo, k.Quit, k.Help}
	case r.revealed:
		// The line above the help already labels the grade keys.
		return []key.Binding{k.Undo, k.Quit, k.Help}
	}
	return []key.Binding{k.Reveal, k.Undo, k.Quit, k.Help}
}

func (r *reviewScreen) FullHelp() [][]key.Binding {
	k := r.c.keys
	return [][]key.Binding{
		{k.Reveal, k.Again, k.Hard, k.Good, k.Easy},
		{k.Pick, k.Choose, k.Next, k.Regrade},
		{k.Up, k.Down, k.PageUp, k.PageDn},
		{k.Undo, k.Quit, k.Help},
	}
}

// Chrome around the card: header and bar above, actions below, and the
// card's border.
func (r *reviewScreen) chrome() (above, below int) {
	if r.compact() {
		return 1, 1
	}
	return 2 + r.c.styles.Card.GetVerticalFrameSize(), 1
}

func (r *reviewScreen) cardWidth() int {
	if r.compact() {
		return max(r.width, 1)
	}
	return max(r.width-r.c.styles.Card.GetHorizontalFrameSize(), 1)
}

// refresh renders the card's text for its current state. Rendering happens
// here, on a change, so that View only assembles.
func (r *reviewScreen) refresh() {
	if !r.has || r.width == 0 {
		return
	}
	above, below := r.chrome()
	w := r.cardWidth()
	content := r.content(w)
	// The card is as tall as its text, up to the room there is; longer
	// text scrolls.
	r.vp.SetWidth(w)
	r.vp.SetHeight(max(min(lipgloss.Height(content), r.height-above-below), 1))
	r.vp.SetContent(content)
	r.box = ""
	r.bar.SetWidth(max(r.width, 1))
	r.bar.FullColor, r.bar.EmptyColor = r.c.styles.BarFull, r.c.styles.BarEmpty
}

// content renders the card and notes where its parts start, so that the
// view can scroll to what just changed.
func (r *reviewScreen) content(w int) string {
	s, c, md := r.c.styles, r.cur.Card, r.c.md
	var b strings.Builder
	line := 0
	add := func(part string) int {
		if b.Len() > 0 {
			b.WriteString("\n\n")
			line += 2
		}
		at := line
		b.WriteString(part)
		line += strings.Count(part, "\n")
		return at
	}
	r.anchors = anchors{}
	add(s.Front.Width(w).Render(plain(c.Front)))
	if c.Prompt != "" {
		add(md.render(c.Prompt, w, s.dark))
	}
	if c.Kind == deck.Choice {
		opts, offsets := r.options(w)
		at := add(opts)
		for _, off := range offsets {
			r.anchors.options = append(r.anchors.options, at+off)
		}
		if r.pending != nil {
			r.anchors.answer = at
			add(r.verdict())
			add(md.render(c.Explanation, w, s.dark))
		}
	} else if r.revealed {
		r.anchors.answer = add(s.Divider.Render(strings.Repeat("─", w)))
		add(md.render(c.Back, w, s.dark))
	}
	return b.String()
}

// anchors are the content lines where a card's parts begin.
type anchors struct {
	options []int // each option's first line
	answer  int   // the back, or a choice card's options once answered
}

// options draws the lettered options with their marks; wrapped text hangs
// under the option's first word. It returns each option's first line.
func (r *reviewScreen) options(w int) (string, []int) {
	s, c := r.c.styles, r.cur.Card
	var lines []string
	var offsets []int
	for i, o := range c.Options {
		mark, style := "  ", lipgloss.NewStyle()
		switch {
		case r.pending != nil && i == c.Correct:
			mark, style = "✓ ", s.Right
		case r.pending != nil && i == r.picked:
			mark, style = "✗ ", s.Wrong
		case r.pending == nil && i == r.cursor:
			mark, style = "› ", s.Cursor
		}
		lead := mark + o.Letter + ") "
		text := lipgloss.NewStyle().Width(max(w-lipgloss.Width(lead), 1)).Render(plain(o.Text))
		offsets = append(offsets, len(lines))
		block := style.Render(lipgloss.JoinHorizontal(lipgloss.Top, lead, text))
		lines = append(lines, strings.Split(block, "\n")...)
	}
	return strings.Join(lines, "\n"), offsets
}

func (r *reviewScreen) verdict() string {
	s, c := r.c.styles, r.cur.Card
	if r.picked == c.Correct {
		return s.Right.Render("✓ Right.")
	}
	return s.Wrong.Render(fmt.Sprintf("✗ Not quite: the answer is %s.", c.Options[c.Correct].Letter))
}

// plain drops the markdown markers an option's one line may carry; options
// are short and drawn as lines, not as rendered blocks.
func plain(s string) string {
	return strings.NewReplacer("**", "", "__", "", "`", "").Replace(s)
}

func (r *reviewScreen) View() string {
	if !r.has {
		if r.loading != "" {
			return r.c.styles.Subtle.Render("loading…")
		}
		return ""
	}
	s := r.c.styles
	where := r.cur.Card.Deck + " · " + r.cur.Card.Topic
	if r.kind == srs.Drill {
		where = "drill · " + where
	}
	// The count is the card on screen among all; the arrows say the card
	// goes on beyond the view.
	count := fmt.Sprintf("%d/%d", min(r.session.Done()+1, r.session.Total()), r.session.Total())
	switch up, down := !r.vp.AtTop(), !r.vp.AtBottom(); {
	case up && down:
		count = "↑↓ " + count
	case up:
		count = "↑ " + count
	case down:
		count = "↓ " + count
	}
	header := spread(s.Subtle.Render(truncate(where, r.width-len(count)-1)), s.Count.Render(count), r.width)
	actions := r.actions()
	if more := s.Notice.Render("  ↓ more: pgdn"); !r.vp.AtBottom() && lipgloss.Width(actions+more) <= r.width {
		actions += more
	}
	actions = truncate(actions, r.width)
	if r.compact() {
		return lipgloss.JoinVertical(lipgloss.Left, header, r.vp.View(), actions)
	}
	total := max(r.session.Total(), 1)
	bar := r.bar.ViewAs(float64(r.session.Done()) / float64(total))
	if r.box == "" || r.boxTop != r.vp.YOffset() {
		r.box, r.boxTop = s.Card.Width(r.width).Render(r.vp.View()), r.vp.YOffset()
	}
	// The root pads every line to one width, so a plain join does what
	// JoinVertical would, without measuring every line once more.
	return header + "\n" + bar + "\n" + r.box + "\n" + actions
}

// actions is the line under the card: what the keys will do now.
func (r *reviewScreen) actions() string {
	s := r.c.styles
	c := r.cur.Card
	switch {
	case r.busy:
		return s.Subtle.Render("saving…")
	case c.Kind == deck.Choice && r.pending == nil:
		return s.Subtle.Render(fmt.Sprintf("press %s–%s to answer", optionKeys[:1], optionKeys[len(c.Options)-1:len(c.Options)]))
	case c.Kind == deck.Choice && r.compact():
		return r.grades(r.pending.q)
	case c.Kind == deck.Choice:
		return s.Subtle.Render("enter next · ") + r.grades(r.pending.q)
	case !r.revealed:
		return s.Subtle.Render("space to reveal")
	case r.repeat && r.kind == srs.Review && !r.compact():
		// A same-day repeat: the day's first grade set the schedule.
		return r.grades(0) + s.Subtle.Render("  · repeat, schedule already set")
	}
	return r.grades(0)
}

// grades labels the four grade keys with the interval each would give, or
// marks the automatic grade of a choice card.
func (r *reviewScreen) grades(auto srs.Quality) string {
	s := r.c.styles
	today := r.c.today()
	var out []string
	for i, q := range []srs.Quality{srs.Again, srs.Hard, srs.Good, srs.Easy} {
		label := s.GradeKey.Render(fmt.Sprint(i+1)) + " " + s.Grade.Render(gradeNames[q])
		if r.kind == srs.Review && !r.repeat && !r.compact() {
			label += s.Grade.Render(" · " + interval(r.cur.State.Apply(q, today).Interval))
		}
		if q == auto {
			label = s.Selected.Render("[") + label + s.Selected.Render("]")
		}
		out = append(out, label)
	}
	return strings.Join(out, "  ")
}

var gradeNames = map[srs.Quality]string{srs.Again: "Again", srs.Hard: "Hard", srs.Good: "Good", srs.Easy: "Easy"}

// interval words a number of days briefly.
func interval(days int) string {
	switch {
	case days < 60:
		return fmt.Sprintf("%dd", days)
	case days < 365:
		return fmt.Sprintf("%dmo", (days+15)/30)
	}
	return fmt.Sprintf("%.1fy", float64(days)/365)
}
