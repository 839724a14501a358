package srs

import (
	"encoding/binary"
	"fmt"
	"maps"
	"slices"
)

// maxProblems keeps a badly damaged file from producing a flood.
const maxProblems = 100

// Check checks the file's structure (every page, as bbolt lays them out)
// and, when it is sound, hone's invariants: indexes and deck counters agree
// with the cards, every card has its content, the stored states and day
// counters equal what the log replays to. It returns the problems found,
// one line each; none means all is well. It never crashes on a damaged
// file. It reads everything, so it is for `hone check` and tests, not for
// start-up.
func (s *Store) Check() ([]string, error) {
	c, err := s.inspect()
	return c.problems, err
}

// inspect is Check, telling damage from drift.
func (s *Store) inspect() (*checker, error) {
	c := &checker{}
	structural, err := s.checkStructureLocked(true)
	if err != nil {
		return c, err
	}
	if len(structural) > 0 {
		c.problems, c.damaged = structural, true
		return c, nil
	}
	err = s.view(func(t *txn) error { return t.invariants(c) })
	if err != nil {
		return c, fmt.Errorf("check database: %w", err)
	}
	return c, nil
}

// checker collects problems. Damage is what no hone writes: records that
// do not decode, keys of the wrong shape, content gone. Drift is what a bug
// could leave: counters and indexes that disagree with the cards or the
// log. A write refuses a file with damage; drift only gets reported.
type checker struct {
	problems []string
	damaged  bool
}

func (c *checker) drift(format string, args ...any) {
	if len(c.problems) < maxProblems {
		c.problems = append(c.problems, fmt.Sprintf(format, args...))
	}
}

func (c *checker) damage(format string, args ...any) {
	c.damaged = true
	c.drift(format, args...)
}

// invariants runs hone's own checks on the records of one transaction.
func (t *txn) invariants(c *checker) error {
	cards, err := t.checkCards(c)
	if err != nil {
		return err
	}
	t.checkIndexes(cards, c)
	t.checkMarkIndexes(cards, c)
	if err := t.checkDecks(cards, c); err != nil {
		return err
	}
	if err := t.checkSync(c); err != nil {
		return err
	}
	if err := t.checkPendingMarks(c); err != nil {
		return err
	}
	t.checkChunkRecords(c)
	if err := t.checkLog(cards, c); err != nil {
		return err
	}
	if c.damaged {
		return nil // the recount would stop at the first damaged record
	}
	return t.checkCounters(c)
}

func (t *txn) checkCards(chk *checker) (map[string]cardRec, error) {
	cards := map[string]cardRec{}
	c := t.cards.Cursor()
	for k, v := c.First(); k != nil; k, v = c.Next() {
		id := string(k)
		r, err := decodeCard(v)
		if err != nil {
			chk.damage("card %.64q: %v", id, err)
			continue
		}
		cards[id] = r
		if _, err := t.cardContent(id); err != nil {
			chk.damage("card %.64q: %v", id, err)
		}
		if t.members.Get(memberKey(r.Deck, id)) == nil {
			chk.drift("card %.64q: not a member of its deck %.64q", id, r.Deck)
		}
		switch {
		case r.Retired || r.State.Suspended:
		case r.State.New && t.new.Get(newKey(r.Deck, r.Ordinal, id)) == nil:
			chk.drift("card %.64q: new but not in the new index", id)
		case !r.State.New && t.due.Get(dueKey(r.State.Due, id)) == nil:
			chk.drift("card %.64q: due %s but not in the due index", id, r.State.Due)
		}
	}
	return cards, nil
}

func (t *txn) checkIndexes(cards map[string]cardRec, chk *checker) {
	c := t.due.Cursor()
	for k, v := c.First(); k != nil; k, v = c.Next() {
		d, ok := keyDay(k)
		if !ok {
			chk.damage("due index: short key %.64x", k)
			continue
		}
		id := string(k[4:])
		r, ok := cards[id]
		deckName, note, err := decodeDueRef(v)
		switch {
		case err != nil:
			chk.damage("due index: card %.64q: %v", id, err)
		case !ok || r.Retired || r.State.Suspended || r.State.New || r.State.Due != d:
			chk.drift("due index: stray entry %s for card %.64q", d, id)
		case deckName != r.Deck || note != r.Note:
			chk.drift("due index: entry of card %.64q says deck %.64q note %.64q, the card %.64q note %.64q", id, deckName, note, r.Deck, r.Note)
		}
	}
	c = t.new.Cursor()
	for k, v := c.First(); k != nil; k, v = c.Next() {
		i := slices.Index(k, 0)
		if i < 0 || len(k) < i+5 {
			chk.damage("new index: bad key %.64x", k)
			continue
		}
		deckName, ord, id := string(k[:i]), binary.BigEndian.Uint32(k[i+1:]), string(k[i+5:])
		r, ok := cards[id]
		if !ok || r.Retired || r.State.Suspended || !r.State.New || r.Deck != deckName || r.Ordinal != ord || r.Note != string(v) {
			chk.drift("new index: stray entry for card %.64q in deck %.64q", id, deckName)
		}
	}
	c = t.members.Cursor()
	for k, _ := c.First(); k != nil; k, _ = c.Next() {
		i := slices.Index(k, 0)
		if i < 0 {
			chk.damage("members: bad key %.64x", k)
			continue
		}
		if r, ok := cards[string(k[i+1:])]; !ok || r.Deck != string(k[:i]) {
			chk.drift("members: stray entry for card %.64q in deck %.64q", k[i+1:], k[:i])
		}
	}
}

func (t *txn) checkDecks(cards map[string]cardRec, chk *checker) error {
	want := map[string]*deckRec{}
	for _, r := range cards {
		d := want[r.Deck]
		if d == nil {
			d = &deckRec{}
			want[r.Deck] = d
		}
		switch {
		case r.Retired:
			d.Retired++
		case r.State.New && r.State.Suspended:
			d.Cards++
			d.NewSuspended++
		case r.State.New:
			d.Cards++
			d.New++
		default:
			d.Cards++
		}
	}
	pileSiblings(cards, want)
	for _, name := range slices.Sorted(maps.Keys(want)) {
		got, err := t.deck(name)
		if err != nil {
			chk.damage("%v", err)
			continue
		}
		if w := want[name]; got.NewSuspended != w.NewSuspended || got.NewSiblings != w.NewSiblings {
			chk.drift("deck %.64q: counters say %d suspended new cards and %d siblings in the new pile; the cards say %d and %d",
				name, got.NewSuspended, got.NewSiblings, w.NewSuspended, w.NewSiblings)
		}
		if w := want[name]; got.Cards != w.Cards || got.New != w.New || got.Retired != w.Retired {
			chk.drift("deck %.64q: counters say %d cards, %d new, %d retired; the cards say %d, %d, %d",
				name, got.Cards, got.New, got.Retired, w.Cards, w.New, w.Retired)
		}
	}
	return nil
}

func (t *txn) checkLog(cards map[string]cardRec, chk *checker) error {
	states, days, err := t.replay()
	if err != nil {
		chk.damage("log: %v", err)
		return nil
	}
	for _, id := range slices.Sorted(maps.Keys(states)) {
		r, ok := cards[id]
		if !ok && t.isOrphan(id) {
			continue // answers that came before their deck: they wait for it
		}
		if !ok {
			chk.drift("log: entries for unknown card %.64q", id)
			continue
		}
		if r.State != states[id] && !t.adoptionWaits(id) {
			chk.drift("card %.64q: stored state %+v, the log replays to %+v", id, r.State, states[id])
		}
	}
	t.checkDays(days, chk)
	undone := map[uint64]bool{}
	err = t.forEachEntry(func(e Entry) error {
		if e.Kind == Undo {
			undone[e.Undoes] = true
			if t.undone.Get(seqKey(e.Undoes)) == nil {
				chk.drift("log: undo %d of %d is not in the undone index", e.Seq, e.Undoes)
			}
		}
		return nil
	})
	if err != nil {
		chk.damage("log: %v", err)
	}
	c := t.undone.Cursor()
	for k, _ := c.First(); k != nil; k, _ = c.Next() {
		if len(k) != 8 || !undone[binary.BigEndian.Uint64(k)] {
			chk.drift("undone index: stray key %.64x", k)
		}
	}
	return nil
}

// checkDays compares the stored day counters with those the log replays to.
func (t *txn) checkDays(days map[Day]*DayCounts, chk *checker) {
	stored := map[Day]DayCounts{}
	c := t.days.Cursor()
	for k, v := c.First(); k != nil; k, v = c.Next() {
		d, _ := keyDay(k)
		dc, err := decodeDay(v)
		if err != nil {
			chk.damage("day %s: %v", d, err)
			continue
		}
		stored[d] = dc
	}
	for d, want := range days {
		if !sameCounts(stored[d], *want) {
			chk.drift("day %s: counters %+v, the log says %+v", d, stored[d], *want)
		}
	}
	for d, got := range stored {
		if _, ok := days[d]; !ok && !sameCounts(got, DayCounts{}) {
			chk.drift("day %s: counters %+v with no answers in the log", d, got)
		}
	}
}

func sameCounts(a, b DayCounts) bool {
	nz := func(m map[string]int) map[string]int {
		out := map[string]int{}
		for k, v := range m {
			if v != 0 {
				out[k] = v
			}
		}
		return out
	}
	return a.Reviews == b.Reviews && a.Correct == b.Correct && a.Lapses == b.Lapses &&
		a.Repeats == b.Repeats && a.Drills == b.Drills && a.DrillCorrect == b.DrillCorrect &&
		maps.Equal(nz(a.New), nz(b.New))
}

// adoptionWaits says whether card id is one that the import under way (or
// interrupted) has written while its answers, come before their deck, are
// still orphans: the import's last piece adopts them, and a rollback
// deletes the card.
func (t *txn) adoptionWaits(id string) bool {
	b := t.tx.Bucket([]byte(bImport))
	return b != nil && t.isOrphan(id) && b.Get(append([]byte("c"), id...)) != nil
}
