package srs

import (
	"bytes"
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/hone-srs/hone/deck"
)

// ingestEvents files events from other devices and applies them in their
// order. When one lands before an event already applied, every event from
// it on is applied again, in order: each change takes a deck, a card, a
// device's name or the scheduler to what its event says, so the last event
// in the order is what every device ends with, whatever order they came in.
// From a large deck's import on, events are left to apply once the ingest
// is done, that deck in pieces (sync_pending.go). It returns a line for
// each event it could not apply.
func (t *txn) ingestEvents(fresh []event) ([]string, error) {
	if len(fresh) == 0 {
		return nil, nil
	}
	st := t.sy
	slices.SortFunc(fresh, func(a, b event) int { return bytes.Compare(a.key(), b.key()) })
	isFresh := map[string]bool{}
	for i := range fresh {
		k := fresh[i].key()
		isFresh[string(k)] = true
		if err := st.events.Put(k, encodeEvent(fresh[i])); err != nil {
			return nil, err
		}
	}
	// Everything from the first fresh event, or the first deck import
	// still to apply in pieces, on, in order.
	from := fresh[0].key()
	if pend := t.pendingMarks(); len(pend) > 0 && bytes.Compare(pend[0], from) < 0 {
		from = pend[0]
	}
	var todo []event
	c := st.events.Cursor()
	for k, v := c.Seek(from); k != nil; k, v = c.Next() {
		ev, err := decodeEvent(v)
		if err != nil {
			return nil, fmt.Errorf("event %.64x: %w", k, err)
		}
		todo = append(todo, ev)
	}
	var problems []string
	var sched *event
	later, err := t.deferredEvents(todo)
	if err != nil {
		return nil, err
	}
	for i := range todo {
		ev := &todo[i]
		if ev.Kind == evScheduler {
			sched = ev
			continue
		}
		problem, err := t.applyOrDefer(ev, later[i])
		if err != nil {
			return nil, fmt.Errorf("%s of %.64q from %s: %w", ev.Kind, ev.Deck, ev.ID.Device, err)
		}
		if problem != "" && isFresh[string(ev.key())] {
			problems = append(problems, problem)
		}
	}
	if sched != nil {
		if err := t.applyScheduler(sched.Settings); err != nil {
			return nil, err
		}
	}
	return problems, nil
}

// applyEvent makes the change an event records. A change that cannot be
// made here is skipped with a line that says why.
func (t *txn) applyEvent(ev *event) (string, error) {
	switch ev.Kind {
	case evDeckImport:
		return t.applyImport(ev)
	case evDeckRemove:
		return "", t.applyRemove(ev.Deck)
	case evDeckHide, evDeckShow:
		// Whether or not the deck is here now: the flag is the last
		// event's on every device, for when the deck comes back.
		dr, err := t.deck(ev.Deck)
		if err != nil {
			return "", err
		}
		dr.Hidden = ev.Kind == evDeckHide
	case evDeviceName:
		dev, err := t.sy.device(ev.Device)
		if err != nil {
			return "", err
		}
		dev.Name = cleanName(ev.Name)
	}
	return "", nil
}

func (t *txn) applyImport(ev *event) (string, error) {
	raw, err := t.readBlob(ev.Blob)
	if err != nil {
		return "", err
	}
	d, text, err := decodeBlob(raw)
	if err != nil {
		return "", err
	}
	if refused, err := t.refusedDeck(ev, d); err != nil || refused != "" {
		return notTakenIn(ev, refused), err
	}
	claimed, err := t.claimCards(d)
	if err != nil {
		return "", err
	}
	res := SyncResult{Deck: d.Name}
	if err := t.syncDeck(d, ev.Source, false, ev.Time, &res); err != nil {
		return "", err
	}
	if err := t.reviveClaimed(d, claimed, &res); err != nil {
		return "", err
	}
	if err := t.putText(d.Name, bytes.NewReader(text)); err != nil {
		return "", err
	}
	return "", t.adoptOrphans(d)
}

// claimCards moves the cards of d that another deck holds into d, retired,
// for the import to revive: on the device that imported d they were d's.
// It returns their positions in d.
func (t *txn) claimCards(d deck.Deck) (claimed []int, err error) {
	for k, c := range d.Cards {
		r, err := t.card(c.ID)
		if err != nil {
			return nil, err
		}
		if r == nil || r.Deck == d.Name {
			continue
		}
		claimed = append(claimed, k)
		if err := t.detach(c.ID, r); err != nil {
			return nil, err
		}
		if err := t.members.Delete(memberKey(r.Deck, c.ID)); err != nil {
			return nil, err
		}
		if err := t.members.Put(memberKey(d.Name, c.ID), nil); err != nil {
			return nil, err
		}
		r.Deck, r.Retired = d.Name, true
		dr, err := t.deck(d.Name)
		if err != nil {
			return nil, err
		}
		dr.Retired++
		if err := t.putCard(c.ID, r); err != nil {
			return nil, err
		}
	}
	return claimed, nil
}

// reviveClaimed brings back the cards d claimed (at positions claimed)
// when the import of d was skipped, its source unchanged: its file holds
// them, and a device where d was new has them live.
func (t *txn) reviveClaimed(d deck.Deck, claimed []int, res *SyncResult) error {
	if !res.Skipped || len(claimed) == 0 {
		return nil
	}
	slices.SortFunc(claimed, func(a, b int) int { return strings.Compare(d.Cards[a].ID, d.Cards[b].ID) })
	return t.syncCards(d, claimed, map[string]bool{d.Name: true}, res)
}

// applyRemove is RemoveDeck's change.
func (t *txn) applyRemove(name string) error {
	dr, err := t.deck(name)
	if err != nil || dr.Source == "" || dr.Builtin {
		return err
	}
	var res SyncResult
	if err := t.retireMissing(name, nil, &res); err != nil {
		return err
	}
	if err := t.sources.Delete([]byte(dr.Source)); err != nil {
		return err
	}
	dr.Source, dr.Hash = "", ""
	return t.deleteText(name)
}

// applyScheduler puts the scheduler of the last scheduler event in force.
func (t *txn) applyScheduler(c SchedulerSettings) error {
	cur, err := t.scheduler()
	if err != nil || cur.Settings() == c {
		return err
	}
	sch, err := c.Scheduler()
	if err != nil {
		return err
	}
	var res SwitchResult
	return t.switchTo(c, sch, &res)
}

// adoptOrphans gives the cards of d that had entries before they had a
// record (their answers arrived before their deck) the state their
// history replays to.
func (t *txn) adoptOrphans(d deck.Deck) error {
	st, err := t.sync()
	if err != nil {
		return err
	}
	if k, _ := st.orphans.Cursor().First(); k == nil {
		return nil
	}
	for _, c := range d.Cards {
		if st.orphans.Get([]byte(c.ID)) == nil {
			continue
		}
		if err := st.orphans.Delete([]byte(c.ID)); err != nil {
			return err
		}
		if err := t.recomputeCard(c.ID, nil, nil); err != nil {
			return err
		}
	}
	return nil
}

// maxNameLen bounds a device name, in bytes.
const maxNameLen = 64

// cleanName keeps a device name from another device to one line of
// printable text, as the sanitizer shows it, of at most maxNameLen bytes.
func cleanName(s string) string {
	s = strings.TrimSpace(deck.SanitizeLine(s))
	for len(s) > maxNameLen {
		_, size := utf8.DecodeLastRuneInString(s)
		s = s[:len(s)-size]
	}
	return s
}

// refusedDeck is why deck d, the blob of ev from another device, is not
// taken in here: it is another deck than ev names (the device that wrote
// it is at fault, not this store), it does not validate, or a built-in
// deck here has its name; "" when it is taken in.
func (t *txn) refusedDeck(ev *event, d deck.Deck) (string, error) {
	if d.Name != ev.Deck {
		return fmt.Sprintf("its blob %.64s holds deck %.64q", ev.Blob, d.Name), nil
	}
	if err := validateDeck(d, ev.Source); err != nil {
		return err.Error(), nil
	}
	dr, err := t.deck(d.Name)
	if err != nil {
		return "", err
	}
	if dr.Builtin {
		return "a built-in deck here has that name", nil
	}
	return "", nil
}

// notTakenIn is the line of a deck from another device refused here.
func notTakenIn(ev *event, why string) string {
	if why == "" {
		return ""
	}
	return fmt.Sprintf("deck %.64q from %s was not taken in: %s", ev.Deck, ev.ID.Device, why)
}
