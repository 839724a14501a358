package srs

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"
)

// A deck import that another device logged and whose deck is large is not
// applied in the transaction that takes it in, nor is any event after it:
// the events are filed as any other, and a mark in the meta bucket says
// each is still to apply. Once the sync's transactions are done, the sync
// applies them in their order, the large deck in pieces, as a large local
// import (import_foreign.go), each deleting its mark as it applies. A sync
// that stops before leaves the marks, and the next sync applies them.

// metaPending prefixes the mark of an event still to apply: metaPending +
// the event's key (16) → empty.
const metaPending = "pending:"

func pendingKey(evKey []byte) []byte {
	return append([]byte(metaPending), evKey...)
}

// pendingMarks is the keys of the events still to apply, in order.
func (t *txn) pendingMarks() [][]byte { return t.metaSuffixes(metaPending, 16) }

// metaSuffixes is, in order, the rest of each meta key that starts with
// prefix and has n bytes after it.
func (t *txn) metaSuffixes(prefix string, n int) [][]byte {
	var out [][]byte
	c := t.meta.Cursor()
	for k, _ := c.Seek([]byte(prefix)); k != nil && bytes.HasPrefix(k, []byte(prefix)); k, _ = c.Next() {
		if len(k) == len(prefix)+n {
			out = append(out, bytes.Clone(k[len(prefix):]))
		}
	}
	return out
}

// markLaterEvents marks still to apply every event after the first one
// marked, but scheduler switches, and returns the marks in order: an event
// logged here (or taken in) since the ingest sorts after the changes still
// to apply, and must apply after them again, as the ingest would have
// applied it, or a received change would undo it.
func (t *txn) markLaterEvents() ([][]byte, error) {
	st, err := t.sync()
	if err != nil {
		return nil, err
	}
	var first []byte // the first mark of an event (a stray one is dropped)
	for _, k := range t.pendingMarks() {
		if st.events.Get(k) != nil {
			first = k
			break
		}
	}
	c := st.events.Cursor()
	for k, v := c.Seek(first); first != nil && k != nil; k, v = c.Next() {
		ev, err := decodeEvent(v)
		if err != nil {
			return nil, fmt.Errorf("event %.64x: %w", k, err)
		}
		if ev.Kind == evScheduler || t.meta.Get(pendingKey(k)) != nil {
			continue
		}
		if err := t.meta.Put(pendingKey(k), nil); err != nil {
			return nil, err
		}
	}
	return t.pendingMarks(), nil
}

// deferBlobBytes is how large a deck's blob is for sync to apply it in
// pieces, whatever its cards: a few chunks, as a piece writes.
const deferBlobBytes = chunksPerPiece * chunkSize

// deferrable reports whether the deck import ev is large enough to apply
// in pieces: its blob holds at least t.deferDecks cards, or is over
// deferBlobBytes (its text is large).
func (t *txn) deferrable(ev *event) (bool, error) {
	_, h, ok, err := t.blobRecord(ev.Blob)
	if err != nil || (ok && h.length > deferBlobBytes) {
		return ok, err
	}
	n, err := t.blobCardCount(ev.Blob)
	return n >= t.deferDecks, err
}

// deferredEvents says which events of todo are left to apply once the
// ingest is done: the first large deck import, and every event after it
// but scheduler switches (the last of which the ingest applies at its end,
// wherever it falls: it replays every card). Applied then in their order,
// they end as applying them all here would.
func (t *txn) deferredEvents(todo []event) ([]bool, error) {
	out := make([]bool, len(todo))
	if t.deferDecks <= 0 {
		return out, nil
	}
	for i := range todo {
		if todo[i].Kind != evDeckImport {
			continue
		}
		large, err := t.deferrable(&todo[i])
		if err != nil || !large {
			if err != nil {
				return out, err
			}
			continue
		}
		for j := i; j < len(todo); j++ {
			out[j] = todo[j].Kind != evScheduler
		}
		return out, nil
	}
	return out, nil
}

// applyOrDefer applies ev, or marks it to apply in pieces (later); an
// event that applies here has its mark, if any, deleted.
func (t *txn) applyOrDefer(ev *event, later bool) (string, error) {
	key := pendingKey(ev.key())
	if later {
		return "", t.meta.Put(key, nil)
	}
	if err := t.meta.Delete(key); err != nil {
		return "", err
	}
	return t.applyEvent(ev)
}

// applyPendingEvent applies the event at key, if it is still to apply: a
// large deck's import in pieces, any other in one short transaction. The
// caller holds the import lock alone: no other sync applies it meanwhile.
func (s *Store) applyPendingEvent(ctx context.Context, key []byte) (string, error) {
	var ev event
	var large, marked bool
	var stray string
	err := s.view(func(t *txn) (err error) {
		if marked = t.meta.Get(pendingKey(key)) != nil; !marked {
			return nil // a sync before this one applied it
		}
		if ev, stray, err = t.pendingEvent(key); err != nil || stray != "" || ev.Kind != evDeckImport {
			return err
		}
		t.deferDecks = s.deferDecks()
		large, err = t.deferrable(&ev)
		return err
	})
	switch {
	case err != nil || !marked:
		return "", err
	case stray != "":
		return stray + "; it is dropped", s.dropPending(key)
	case large:
		return s.applyPendingDeck(ctx, key, &ev)
	}
	var problem string
	err = s.update(func(t *txn) (err error) {
		if problem, err = t.applyOrDefer(&ev, false); err != nil {
			return fmt.Errorf("%s of %.64q from %s: %w", ev.Kind, ev.Deck, ev.ID.Device, err)
		}
		return nil
	})
	return problem, err
}

// pendingEvent is the event at key, which a mark says is still to apply,
// and why no sync could apply it ("" when one can): there is no such
// event, or it is a deck import whose blob is gone.
func (t *txn) pendingEvent(key []byte) (ev event, problem string, err error) {
	st, err := t.sync()
	if err != nil {
		return ev, "", err
	}
	what := fmt.Sprintf("a change marked still to apply (event %x)", key)
	raw := st.events.Get(key)
	if raw == nil {
		return ev, what + " has no event", nil
	}
	ev, err = decodeEvent(raw)
	switch {
	case err != nil:
		return ev, what + ": its event does not decode", nil
	case ev.Kind != evDeckImport:
		return ev, "", nil
	}
	_, _, ok, err := t.blobRecord(ev.Blob)
	switch {
	case err != nil:
		return ev, fmt.Sprintf("%s: the blob of deck %.64q: %v", what, ev.Deck, err), nil
	case !ok:
		return ev, fmt.Sprintf("%s: the blob of deck %.64q is missing", what, ev.Deck), nil
	}
	return ev, "", nil
}

// checkPendingMarks reports each mark of a deck import still to apply
// that no sync could apply, as drift: the next sync drops it, and so
// does recover.
func (t *txn) checkPendingMarks(chk *checker) error {
	for _, k := range t.pendingMarks() {
		_, problem, err := t.pendingEvent(k)
		if err != nil {
			return err
		}
		if problem != "" {
			chk.drift("meta: %s", problem)
		}
	}
	return nil
}

// keepPendingDecks, in a recovered file, marks again the deck imports the
// salvaged meta bucket had still to apply, so that the next sync applies
// them; a mark no sync could apply is dropped, with a line that says so.
func (t *txn) keepPendingDecks(meta map[string][]byte, rep *RecoverReport) error {
	for _, k := range slices.Sorted(maps.Keys(meta)) {
		key, ok := strings.CutPrefix(k, metaPending)
		if !ok || len(key) != 16 {
			continue
		}
		_, problem, err := t.pendingEvent([]byte(key))
		if err != nil {
			return err
		}
		if problem != "" {
			rep.Lost = append(rep.Lost, problem+"; it is dropped, and that deck is not taken in here")
			continue
		}
		if err := t.meta.Put(pendingKey([]byte(key)), nil); err != nil {
			return err
		}
	}
	return nil
}

// PendingDeck is a deck that another device imported, still to take in
// here: the next sync finishes it.
type PendingDeck struct {
	Name   string
	Device DeviceID // the device that imported it
	Cards  int      // from its blob's head; -1 if that cannot be read
}

// PendingDecks lists the decks from other devices still to take in, in
// one read transaction whose cost grows with their number, not with their
// cards: each blob's head is read, not its cards. A mark no sync could
// apply is left out (check reports it).
func (s *Store) PendingDecks() ([]PendingDeck, error) {
	var out []PendingDeck
	err := s.view(func(t *txn) error {
		for _, k := range t.pendingMarks() {
			p, ok, err := t.pendingDeck(k)
			if err != nil {
				return err
			}
			if ok {
				out = append(out, p)
			}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("decks still to take in: %w", err)
	}
	return out, nil
}

// pendingDeck is the deck import marked still to apply at key; false if
// there is no such mark, no sync could apply it, or this device logged it
// (markLaterEvents marks it to apply again).
func (t *txn) pendingDeck(key []byte) (PendingDeck, bool, error) {
	if t.meta.Get(pendingKey(key)) == nil {
		return PendingDeck{}, false, nil
	}
	ev, problem, err := t.pendingEvent(key)
	if err != nil || problem != "" || ev.Kind != evDeckImport {
		return PendingDeck{}, false, err
	}
	if st, err := t.sync(); err != nil || ev.ID.Device == st.me {
		return PendingDeck{}, false, err // applied again after those, not from elsewhere
	}
	return PendingDeck{Name: ev.Deck, Device: ev.ID.Device, Cards: t.blobCards(ev.Blob)}, true, nil
}

// blobCards is blobCardCount, -1 if the head cannot be read.
func (t *txn) blobCards(hash string) int {
	n, err := t.blobCardCount(hash)
	if err != nil {
		return -1
	}
	return n
}

// blobCardCount is how many cards the head of blob hash says it holds,
// read without its cards; a blob stored whole is read in place.
func (t *txn) blobCardCount(hash string) (int, error) {
	whole, h, ok, err := t.blobRecord(hash)
	switch {
	case err != nil:
		return 0, err
	case !ok:
		return 0, &damagedRecord{what: "deck blob", msg: "missing: " + hash}
	}
	var r io.Reader = t.chunkReader(h)
	if whole != nil {
		r = bytes.NewReader(whole)
	}
	s, _, err := openBlobStream(r)
	if err != nil {
		return 0, fmt.Errorf("deck blob %.64q: %w", hash, err)
	}
	return s.left, nil // at most maxCount
}
