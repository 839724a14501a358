package srs

import (
	"fmt"
	"maps"
	"slices"
)

// The scheduler in force is kept in the meta bucket, so that every answer,
// whichever process gives it, is scheduled by it.

func encodeSettings(c SchedulerSettings) []byte {
	var e enc
	e.byte(recV1)
	e.str(c.Name)
	e.float(c.Retention)
	return e.b
}

func decodeSettings(b []byte) (SchedulerSettings, error) {
	d := dec{what: "scheduler settings", b: b}
	var c SchedulerSettings
	d.version(recV1)
	c.Name = d.str()
	c.Retention = d.float()
	if err := d.done(); err != nil {
		return c, err
	}
	if _, err := c.Scheduler(); err != nil {
		return c, &damagedRecord{what: "scheduler settings", msg: err.Error()}
	}
	return c, nil
}

// scheduler is the scheduler in force, read once per transaction.
func (t *txn) scheduler() (Scheduler, error) {
	if t.sched != nil {
		return t.sched, nil
	}
	raw := t.meta.Get([]byte(metaSchedulerKey))
	if raw == nil {
		return nil, &damagedRecord{what: "meta", msg: "no scheduler settings"}
	}
	c, err := decodeSettings(raw)
	if err != nil {
		return nil, err
	}
	if t.sched, err = c.Scheduler(); err != nil {
		return nil, err
	}
	return t.sched, nil
}

// Scheduler is the scheduler in force.
func (s *Store) Scheduler() (Scheduler, error) {
	var sch Scheduler
	err := s.view(func(t *txn) (err error) {
		sch, err = t.scheduler()
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("read scheduler: %w", err)
	}
	return sch, nil
}

// SwitchResult is what a change of scheduler did.
type SwitchResult struct {
	From, To SchedulerSettings
	Cards    int // cards with a history, whose states were replayed
	Changed  int // of those, active cards whose due day moved
}

// SetScheduler puts a scheduler in force: in one transaction it replays the
// whole log under it, gives every card the state that replay gives, and
// rewrites the day counters (what counts as a lapse is the scheduler's
// call). Switching back replays again and gives back the very same states,
// since the log holds only what happened.
func (s *Store) SetScheduler(c SchedulerSettings) (SwitchResult, error) {
	res := SwitchResult{To: c}
	sch, err := c.Scheduler()
	if err != nil {
		return res, err
	}
	now := s.clock()
	err = s.update(func(t *txn) error {
		if err := t.switchTo(c, sch, &res); err != nil || res.From == c {
			return err
		}
		return t.logEvent(&event{Kind: evScheduler, Time: now, Settings: c})
	})
	if err != nil {
		return SwitchResult{}, fmt.Errorf("switch to %s: %w", c.Name, err)
	}
	return res, nil
}

// switchTo puts scheduler sch, of settings c, in force: every card gets
// the state a replay of the log under it gives, and the day counters are
// rewritten.
func (t *txn) switchTo(c SchedulerSettings, sch Scheduler, res *SwitchResult) error {
	old, err := t.scheduler()
	if err != nil {
		return err
	}
	res.From = old.Settings()
	t.sched = sch
	states, days, err := t.replay()
	if err != nil {
		return err
	}
	if err := t.restate(states, res); err != nil {
		return err
	}
	if err := t.rewriteDays(days); err != nil {
		return err
	}
	return t.meta.Put([]byte(metaSchedulerKey), encodeSettings(c))
}

// restate gives every card its replayed state, keeping the indexes in step.
func (t *txn) restate(states map[string]CardState, res *SwitchResult) error {
	for _, id := range slices.Sorted(maps.Keys(states)) {
		st := states[id]
		r, err := t.card(id)
		if err != nil {
			return err
		}
		if r == nil && t.isOrphan(id) {
			continue // its deck has not arrived: it is replayed when it does
		}
		if r == nil {
			return &damagedRecord{what: "log", msg: "entries for unknown card " + id}
		}
		if !st.New {
			res.Cards++
		}
		if r.State == st {
			continue
		}
		if !r.Retired && r.State.Due != st.Due {
			res.Changed++
		}
		if err := t.unindex(id, r); err != nil {
			return err
		}
		r.State = st
		if err := t.index(id, r); err != nil {
			return err
		}
		if err := t.putCard(id, r); err != nil {
			return err
		}
	}
	return nil
}

// rewriteDays replaces the day counters with the replay's. A day the
// replay has no answers for (all of them undone) keeps its record, at
// zero, as an undo leaves it: so a switch and its way back give the same
// bytes.
func (t *txn) rewriteDays(days map[Day]*DayCounts) error {
	for _, k := range prefixKeys(t.days, nil) {
		d, ok := keyDay(k)
		if !ok {
			return &damagedRecord{what: "day index", msg: "short key"}
		}
		t.dayCache[d] = &DayCounts{}
	}
	for d := range t.dayCache { // days this transaction made, not yet written
		t.dayCache[d] = &DayCounts{}
	}
	for d, c := range days {
		t.dayCache[d] = c
	}
	return nil
}
