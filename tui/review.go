package tui

import (
	"errors"
	"fmt"
	"time"

	"charm.land/bubbles/v2/progress"
	"charm.land/bubbles/v2/viewport"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"github.com/hone-srs/hone/deck"
	"github.com/hone-srs/hone/srs"
)

// reviewScreen runs one session: flashcards and choice cards, one at a time,
// each answer saved through the store before the next card shows. This file
// is its flow; review_keys.go reads its keys, review_store.go holds its
// store commands, review_view.go draws it and cardview.go draws the card.
type reviewScreen struct {
	c       *common
	scope   Scope
	kind    srs.EntryKind
	session *srs.Session
	before  map[string]float64

	cur     onCard
	has     bool   // cur is on screen
	loading string // the id whose text is being read
	busy    bool   // a store call is under way
	leaving bool   // q was pressed while busy: finish once the call is back
	started time.Time
	history []answer // answers of this session, for undo and the summary
	seen    map[string]int
	texts   map[string]deck.Card // the cards read so far
	anchors anchors

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

// onCard is everything about the card on screen; showing the next card
// replaces it whole.
type onCard struct {
	item    srs.Item
	view    cardState
	repeat  bool    // already graded today: the grade no longer moves the schedule
	pending *answer // choice: the saved answer, whose grade may still change
	shownAt time.Time
}

// answer is one saved answer of the session.
type answer struct {
	entry srs.AnswerResult
	item  srs.Item
	q     srs.Quality
	// right is what the summary counts: for a choice card, whether the
	// option picked was the right one, whatever grade was given after;
	// for a flashcard, whether the grade says it was recalled.
	right bool
}

func newReviewScreen(c *common, items []srs.Item, scope Scope, before map[string]float64) *reviewScreen {
	r := &reviewScreen{
		c: c, scope: scope, kind: srs.Review, before: before,
		session: srs.NewSession(items),
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
		return r.readContent(item.Card.ID)
	}
	item.Card = card
	r.show(item)
	return nil
}

// show puts a card, text and all, on screen, fresh.
func (r *reviewScreen) show(item srs.Item) {
	now := r.c.now()
	// A card already graded today, here or in an earlier sitting, is a
	// repeat: its grade no longer moves the schedule.
	repeat := r.seen[item.Card.ID] > 0 || (!item.State.New && item.State.LastDay >= r.c.today())
	r.cur = onCard{item: item, repeat: repeat, shownAt: now, view: cardState{picked: -1, order: optionOrder(item.Card, uint64(now.UnixNano()))}}
	r.has, r.loading = true, ""
	r.refresh()
	r.vp.GotoTop()
}

// finish ends the session with what it has.
func (r *reviewScreen) finish() tea.Cmd { return r.finishWith(nil) }

// finishWith ends the session, with a problem to tell on its summary.
func (r *reviewScreen) finishWith(problem error) tea.Cmd {
	sum := summarize(r.history, elapsed(r.started, r.c.now()), r.scope.Drill, r.before)
	sum.left = r.session.Total() - r.session.Done()
	sum.problem = problem
	r.leaving = false
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
		return r.answered(msg)
	case regradedMsg:
		return r.regraded(msg)
	case undoneMsg:
		return r.undone(msg)
	case contentMsg:
		return r.contentRead(msg)
	case editedMsg:
		return r.edited(msg)
	case tea.KeyPressMsg:
		return r.key(msg)
	}
	return nil
}

// answered takes a saved answer: a flashcard moves on; a choice card shows
// its marks, verdict and explanation and waits.
func (r *reviewScreen) answered(msg answeredMsg) tea.Cmd {
	r.busy = false
	if msg.err != nil {
		r.cur.view.picked, r.cur.view.answered = -1, false
		r.refresh()
		return r.saveFailed(msg.err, "answer not saved")
	}
	a := answer{entry: msg.entry, item: r.cur.item, q: msg.q, right: msg.q.Correct()}
	if r.cur.item.Card.Kind == deck.Choice {
		a.right = r.cur.view.pickedRight(r.cur.item.Card)
	}
	r.history = append(r.history, a)
	if r.cur.item.Card.Kind == deck.Choice && !r.leaving {
		r.cur.pending = &r.history[len(r.history)-1]
		r.cur.view.answered = true
		r.refresh()
		// Show the marks, the verdict and the explanation; the story above
		// was just read.
		r.vp.SetYOffset(r.anchors.answer)
		return nil
	}
	return r.pass(a)
}

func (r *reviewScreen) regraded(msg regradedMsg) tea.Cmd {
	r.busy = false
	if msg.kept {
		return r.saveFailed(msg.err, "grade not changed")
	}
	if msg.err != nil {
		// The first answer was undone; the card is back to unanswered.
		r.history = r.history[:len(r.history)-1]
		r.cur.pending, r.cur.view.picked, r.cur.view.answered = nil, -1, false
		r.refresh()
		return r.saveFailed(msg.err, "new grade not saved")
	}
	a := answer{entry: msg.entry, item: r.cur.item, q: msg.q, right: r.cur.pending.right}
	r.history[len(r.history)-1] = a
	return r.pass(a)
}

func (r *reviewScreen) undone(msg undoneMsg) tea.Cmd {
	r.busy = false
	if msg.err != nil && !r.has {
		// Undo from the summary: back to it, saying why.
		return r.finishWith(fmt.Errorf("undo failed: %w", msg.err))
	}
	if msg.err != nil {
		return r.saveFailed(msg.err, "undo failed")
	}
	last := r.history[len(r.history)-1]
	r.history = r.history[:len(r.history)-1]
	if r.has && r.cur.pending != nil {
		r.cur.pending, r.cur.view.picked, r.cur.view.answered = nil, -1, false
		r.refresh()
		return nil
	}
	r.seen[last.item.Card.ID]--
	r.session.Undo()
	return r.advance()
}

func (r *reviewScreen) contentRead(msg contentMsg) tea.Cmd {
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
}

// saveFailed tells why a store call failed. A card removed from its deck
// meanwhile (a re-import in another terminal) is said so, in words, and
// skipped. On the way out, the session ends with the failure on its
// summary.
func (r *reviewScreen) saveFailed(err error, what string) tea.Cmd {
	if errors.Is(err, srs.ErrUnknownCard) && r.has {
		front := truncate(r.cur.item.Card.Front, 40)
		r.session.Drop(r.cur.item.Card.ID)
		r.has = false
		note := noticef("“%s” was taken out of its deck meanwhile (another window imported it again), so it was skipped", front)
		if r.leaving {
			return r.finishWith(note)
		}
		return tea.Batch(errCmd(note), r.advance())
	}
	err = fmt.Errorf("%s: %w", what, err)
	if r.leaving {
		return r.finishWith(err)
	}
	return errCmd(err)
}

// pass records a final answer in the session and moves on.
func (r *reviewScreen) pass(a answer) tea.Cmd {
	r.cur.pending = nil
	r.seen[a.item.Card.ID]++
	r.session.Record(a.item.Card.ID, a.entry.State, a.q)
	// A leech was suspended with its answer, and the answer buried the
	// card's siblings: none of them comes again in this sitting.
	if a.entry.Leech {
		r.session.Drop(a.item.Card.ID)
	}
	for _, id := range a.entry.Buried {
		r.session.Drop(id)
	}
	if r.leaving {
		return r.finish()
	}
	return r.advance()
}

// Chrome around the card: header and bar above, actions below, and the
// card's border.
func (r *reviewScreen) chrome() (above, below int) {
	if r.compact() {
		return 1, 1
	}
	return 2 + r.c.styles.Card.GetVerticalFrameSize(), 1
}

// refresh renders the card's text for its current state. Rendering happens
// here, on a change, so that View only assembles.
func (r *reviewScreen) refresh() {
	if !r.has || r.width == 0 {
		return
	}
	above, below := r.chrome()
	w := r.textWidth()
	content, at := cardView(r.c.styles, r.c.md, r.cur.item.Card, r.cur.view, w)
	r.anchors = at
	// The card is as tall as its text, up to the room there is; longer
	// text scrolls.
	r.vp.SetWidth(w)
	r.vp.SetHeight(max(min(lipgloss.Height(content), r.height-above-below), 1))
	r.vp.SetContent(content)
	r.box = ""
	r.bar.SetWidth(max(r.boxWidth(), 1))
	r.bar.FullColor, r.bar.EmptyColor = r.c.styles.BarFull, r.c.styles.BarEmpty
}
