package srs

import (
	"bytes"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/hone-srs/hone/deck"
)

// An imported card's progress elsewhere (deck.Progress: today, Anki's)
// comes into the log as ordinary entries, which sync and replay like any
// other: an Imported entry per answer it had there, then one Adopt entry
// that sets the schedule it had there (see Adoption). Importing again adds
// only the answers not yet in the log, known by their moment (an Anki
// review's id is its time in milliseconds), and adopts the schedule again
// only when it changed. A card with entries of hone's own (an answer, a
// mark, an undo) keeps them: its progress elsewhere is no longer taken in.

// ProgressResult counts what an import took in of the cards' progress
// elsewhere.
type ProgressResult struct {
	Cards   int // cards that took the schedule they had there
	Answers int // answers from their history, newly in the log
	Kept    int // cards left as they were, for their answers or marks in hone
}

// progressPlan is what the import does to one card: its new answers, and
// the schedule to adopt after them.
type progressPlan struct {
	id      string
	answers []Entry
	adopt   Adoption
	state   CardState // the card's state after the answers
	last    uint64    // the card's latest entry, for the next one's Prev
	// unindexed: the import just added the card and left it out of the
	// indexes for this (see syncDeck), to put it where its state says.
	unindexed bool
}

// importProgress takes in the progress of d's cards, which the import has
// just stored, in one go (progressRun).
func (t *txn) importProgress(d deck.Deck, now time.Time, res *ProgressResult) error {
	run, err := t.startProgress(now, res)
	if err != nil {
		return err
	}
	if err := run.answers(d.Cards); err != nil {
		return err
	}
	return run.end()
}

// progressRun takes in the progress of cards the transaction has just
// stored, in one or more calls to answers, then end. The answers of every
// card come first, as one range of the log (their days lie in the past:
// see merged.go); the Adopt entries, of today, follow at end. Cards go in
// id order, and the ones just added into the indexes in key order at the
// end: bbolt splits a node only at commit, so keys put out of order in one
// big transaction each cost a memmove that grows with the node. A large
// import runs one per piece (import_take.go).
type progressRun struct {
	t     *txn
	sch   Scheduler
	now   time.Time
	today Day
	res   *ProgressResult
	runs  mergedRuns
	plans []progressPlan // the cards whose schedule end sets
}

func (t *txn) startProgress(now time.Time, res *ProgressResult) (*progressRun, error) {
	sch, err := t.scheduler()
	if err != nil {
		return nil, err
	}
	return &progressRun{t: t, sch: sch, now: now, today: t.dayStart.Of(now), res: res, runs: mergedRuns{t: t}}, nil
}

// answers logs the answers of the cards that carry progress.
func (run *progressRun) answers(cards []deck.Card) error {
	t := run.t
	order := make([]int, 0, len(cards))
	for i := range cards {
		if cards[i].Progress != nil {
			order = append(order, i)
		}
	}
	slices.SortFunc(order, func(a, b int) int { return strings.Compare(cards[a].ID, cards[b].ID) })
	for _, i := range order {
		p, ok, err := t.planProgress(&cards[i], run.today)
		if err != nil {
			return err
		}
		run.res.count(p, ok)
		if !ok {
			continue
		}
		if err := t.logAnswers(run.sch, &p, &run.runs); err != nil {
			return err
		}
		if p.answers != nil || p.adopt != (Adoption{}) || p.unindexed {
			p.answers = nil // logged: only the state after them is needed
			run.plans = append(run.plans, p)
		}
	}
	return nil
}

// end closes the range of answers, logs the Adopt entries and indexes the
// cards just added.
func (run *progressRun) end() error {
	t := run.t
	if err := run.runs.end(); err != nil {
		return err
	}
	var added []string
	for i := range run.plans {
		p := &run.plans[i]
		if err := t.adoptSchedule(run.sch, p, run.now, run.today); err != nil {
			return err
		}
		if p.unindexed {
			added = append(added, p.id)
		}
	}
	run.plans = nil
	return t.indexAdded(added)
}

// logAnswers logs plan p's answers, counts them in their days, and moves
// the plan's state past them; runs grows to cover their seqs and days.
func (t *txn) logAnswers(sch Scheduler, p *progressPlan, runs *mergedRuns) error {
	r, err := t.card(p.id)
	if err != nil {
		return err
	}
	for j := range p.answers {
		e := &p.answers[j]
		if err := t.logProgress(e, &p.last); err != nil {
			return err
		}
		if err := runs.add(*e, false); err != nil {
			return err
		}
		var eff effect
		p.state, eff = applyEntry(sch, p.state, *e)
		if err := t.countEntry(*e, eff, r, 1); err != nil {
			return err
		}
	}
	return nil
}

// planProgress reads card c's history and decides what to log: false when
// the card has entries of hone's own. A plan with no answers and a zero
// adopt has nothing to do.
func (t *txn) planProgress(c *deck.Card, today Day) (progressPlan, bool, error) {
	r, err := t.card(c.ID)
	if err != nil || r == nil {
		return progressPlan{}, false, err
	}
	return t.planProgressOf(c, r, today)
}

// countProgress is what importProgress counts of card c, for a dry run
// that does not store it: r is its record, nil for a card the import would
// add.
func (t *txn) countProgress(c *deck.Card, r *cardRec, today Day, res *ProgressResult) error {
	if c.Progress == nil {
		return nil
	}
	if r == nil {
		r = &cardRec{State: NewCardState()}
	}
	p, ok, err := t.planProgressOf(c, r, today)
	if err == nil {
		res.count(p, ok)
	}
	return err
}

// count adds what plan p does to the result, for the import and its dry
// run alike: a card with entries of hone's own (!ok) is kept as it is.
func (res *ProgressResult) count(p progressPlan, ok bool) {
	if !ok {
		res.Kept++
		return
	}
	res.Answers += len(p.answers)
	if p.adopt != (Adoption{}) {
		res.Cards++
	}
}

// planProgressOf is planProgress for card c with record r.
func (t *txn) planProgressOf(c *deck.Card, r *cardRec, today Day) (progressPlan, bool, error) {
	tl, err := t.timeline(c.ID)
	if err != nil {
		return progressPlan{}, false, err
	}
	known := map[int64]bool{}
	var adopted *Adoption
	for i, e := range tl {
		switch {
		case e.Kind == Imported:
			known[e.Time.UnixMilli()] = true
		case e.Kind == Undo || t.isUndone(e.Seq):
		case e.Kind == Adopt:
			adopted = &tl[i].Adopted
		default:
			return progressPlan{}, false, nil // the card was studied or marked in hone
		}
	}
	p := progressPlan{id: c.ID, state: r.State, last: r.LastSeq}
	if t.isOrphan(c.ID) {
		// Its entries came before its record, which a large import added
		// with a new card's state: they replay to its state (the last
		// piece adopts it, see adoptDeckOrphans).
		sch, err := t.scheduler()
		if err != nil {
			return progressPlan{}, false, err
		}
		p.state, p.last = replayTimeline(sch, tl, func(e Entry) bool { return t.isUndone(e.Seq) }, nil)
	}
	p.unindexed = len(tl) == 0 && r.State == NewCardState() && !r.Retired && t.new.Get(newKey(r.Deck, r.Ordinal, c.ID)) == nil
	for _, rv := range c.Progress.Log {
		q, ok := importedQuality(rv.Button)
		if !ok || known[rv.Time.UnixMilli()] {
			continue
		}
		known[rv.Time.UnixMilli()] = true
		p.answers = append(p.answers, Entry{CardID: c.ID, Deck: r.Deck, Kind: Imported, Quality: q,
			Time: rv.Time, Day: t.dayStart.Of(rv.Time), Took: max(rv.Took, 0)})
	}
	slices.SortStableFunc(p.answers, func(a, b Entry) int { return a.Time.Compare(b.Time) })
	a := t.adoptionOf(c.Progress, today)
	if p.answers == nil && adopted != nil && *adopted == a {
		a = Adoption{} // as adopted before: nothing to do
	}
	p.adopt = a
	return p, true, nil
}

// importedQuality is hone's grade for an Anki answer button; false for a
// log line that was no answer (a card rescheduled or reset by hand).
func importedQuality(button int) (Quality, bool) {
	switch button {
	case 1:
		return Again, true
	case 2:
		return Hard, true
	case 3:
		return Good, true
	case 4:
		return Easy, true
	}
	return 0, false
}

// adoptionOf is the schedule of p as hone days. A card is due the day
// after its last answer at the earliest, as after any review in hone (a
// learning step due later that day comes back as a relearn, see
// failedToday); one with no answers logged was last answered an interval
// before it is due.
func (t *txn) adoptionOf(p *deck.Progress, today Day) Adoption {
	a := Adoption{Suspended: p.Suspended, Interval: p.Interval, Ease: p.Ease, Reviews: p.Reps, Lapses: p.Lapses}
	if p.Buried {
		a.BuriedUntil = today.Add(1)
	}
	if p.Type == deck.AnkiNew {
		a.New = true
		a.Interval, a.Reviews, a.Lapses = 0, 0, 0
		return a
	}
	a.Learning = p.Type == deck.AnkiLearning || p.Type == deck.AnkiRelearning
	a.Due = today
	if !p.Due.IsZero() {
		a.Due = dayOfDate(p.Due)
	}
	a.LastDay = a.Due.Add(-max(p.Interval, 1))
	for i := len(p.Log) - 1; i >= 0; i-- {
		if _, ok := importedQuality(p.Log[i].Button); ok {
			a.LastDay = t.dayStart.Of(p.Log[i].Time)
			break
		}
	}
	a.Due = max(a.Due, a.LastDay.Add(1))
	return a
}

// dayOfDate is the hone day of a calendar date.
func dayOfDate(d deck.Date) Day {
	return DayOf(time.Date(d.Year, d.Month, d.Day, 12, 0, 0, 0, time.UTC))
}

// logProgress logs one entry of an import's progress, chained to the
// card's entry before it, and files it in the card's history. The card's
// record is the caller's.
func (t *txn) logProgress(e *Entry, prev *uint64) error {
	e.Prev = *prev
	if err := t.logEntry(e); err != nil {
		return err
	}
	*prev = e.Seq
	return nil
}

// adoptSchedule logs plan p's Adopt entry and gives its card the state
// after the answers and the adoption. The card's record is as it was
// before the import's answers, which changed its history alone. A card
// the import just added goes into the indexes later (indexAdded).
func (t *txn) adoptSchedule(sch Scheduler, p *progressPlan, now time.Time, today Day) error {
	r, err := t.card(p.id)
	if err != nil {
		return err
	}
	after := p.state
	if p.adopt != (Adoption{}) {
		e := Entry{CardID: p.id, Deck: r.Deck, Kind: Adopt, Time: now, Day: today, Adopted: p.adopt}
		after, _ = applyEntry(sch, p.state, e)
		if !p.unindexed {
			e.Prev = p.last
			return t.append(&e, r, after)
		}
		if err := t.logProgress(&e, &p.last); err != nil {
			return err
		}
	}
	r.State, r.LastSeq = after, p.last
	return t.putCard(p.id, r)
}

// indexAdded puts the cards an import just added with their progress into
// the indexes their states call for, in key order.
func (t *txn) indexAdded(ids []string) error {
	type keyed struct {
		key []byte
		id  string
		r   *cardRec
	}
	all := make([]keyed, 0, len(ids))
	for _, id := range ids {
		r, err := t.card(id)
		if err != nil {
			return err
		}
		k := keyed{id: id, r: r}
		switch {
		case r.State.Suspended:
		case r.State.New:
			k.key = append([]byte{'n'}, newKey(r.Deck, r.Ordinal, id)...)
		default:
			k.key = append([]byte{'d'}, dueKey(r.State.Due, id)...)
		}
		all = append(all, k)
	}
	slices.SortFunc(all, func(a, b keyed) int { return bytes.Compare(a.key, b.key) })
	for _, k := range all {
		if err := t.index(k.id, k.r); err != nil {
			return fmt.Errorf("card %.64q: %w", k.id, err)
		}
	}
	return nil
}
