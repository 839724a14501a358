package srs

import (
	"bytes"
	"fmt"
	"io"
	"maps"
	"math"
	"slices"
	"strings"
)

// A deck import that another device logged and whose deck is large is not
// applied in the transaction that takes it in: the event is filed as any
// other, and a mark in the meta bucket says it is still to apply. Once
// the sync's transactions are done, the sync applies it in pieces, as a
// large local import (import_foreign.go); its last piece deletes the mark.
// A sync that stops before leaves the mark, and the next sync applies it.

// metaPendingDeck prefixes the mark of a deck import still to apply:
// metaPendingDeck + the event's key (16) → empty.
const metaPendingDeck = "pendingdeck:"

func pendingDeckKey(evKey []byte) []byte {
	return append([]byte(metaPendingDeck), evKey...)
}

// pendingDecks is the keys of the deck imports still to apply, in order.
func (t *txn) pendingDecks() [][]byte {
	var out [][]byte
	c := t.meta.Cursor()
	prefix := []byte(metaPendingDeck)
	for k, _ := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, _ = c.Next() {
		if len(k) == len(prefix)+16 {
			out = append(out, bytes.Clone(k[len(prefix):]))
		}
	}
	return out
}

// deferrable reports whether the deck import ev is large enough to apply
// in pieces: its blob holds at least t.deferDecks cards.
func (t *txn) deferrable(ev *event) (bool, error) {
	r, err := t.blobReader(ev.Blob)
	if err != nil {
		return false, err
	}
	s, _, err := openBlobStream(r)
	if err != nil {
		return false, fmt.Errorf("deck blob %.64q: %w", ev.Blob, err)
	}
	return s.left >= t.deferDecks, nil
}

// deferredImports says which deck imports of todo are left to apply in
// pieces: large ones at its end, after which come only other such imports
// (of other decks), device names, and hiding or showing other decks; so
// applying them after the rest of todo keeps the order. A scheduler
// change in todo defers none.
func (t *txn) deferredImports(todo []event) ([]bool, error) {
	out := make([]bool, len(todo))
	if t.deferDecks <= 0 {
		return out, nil
	}
	for i := range todo {
		if todo[i].Kind == evScheduler {
			return out, nil
		}
	}
	seen := map[string]bool{}
	for i := len(todo) - 1; i >= 0; i-- {
		ev := &todo[i]
		switch ev.Kind {
		case evDeviceName:
			continue
		case evDeckHide, evDeckShow:
			seen[ev.Deck] = true
			continue
		case evDeckImport:
			if seen[ev.Deck] {
				return out, nil
			}
			seen[ev.Deck] = true
			later, err := t.deferrable(ev)
			if err != nil || !later {
				return out, err
			}
			out[i] = true
			continue
		}
		return out, nil
	}
	return out, nil
}

// applyOrDefer applies ev, or marks it to apply in pieces (later); an
// event that applies here has its mark, if any, deleted.
func (t *txn) applyOrDefer(ev *event, later bool) (string, error) {
	key := pendingDeckKey(ev.key())
	if later {
		return "", t.meta.Put(key, nil)
	}
	if err := t.meta.Delete(key); err != nil {
		return "", err
	}
	return t.applyEvent(ev)
}

// pendingProblem says why no sync could apply the deck import marked
// still to apply at key: no such event, not a deck import, or its blob
// gone; "" when a sync can.
func (t *txn) pendingProblem(key []byte) (string, error) {
	st, err := t.sync()
	if err != nil {
		return "", err
	}
	what := fmt.Sprintf("a deck import marked still to apply (event %x)", key)
	raw := st.events.Get(key)
	if raw == nil {
		return what + " has no event", nil
	}
	ev, err := decodeEvent(raw)
	switch {
	case err != nil:
		return what + ": its event does not decode", nil
	case ev.Kind != evDeckImport:
		return fmt.Sprintf("%s: its event is not a deck import but a %s", what, ev.Kind), nil
	}
	_, _, ok, err := t.blobRecord(ev.Blob)
	switch {
	case err != nil:
		return fmt.Sprintf("%s: the blob of deck %.64q: %v", what, ev.Deck, err), nil
	case !ok:
		return fmt.Sprintf("%s: the blob of deck %.64q is missing", what, ev.Deck), nil
	}
	return "", nil
}

// checkPendingMarks reports each mark of a deck import still to apply
// that no sync could apply, as drift: the next sync drops it, and so
// does recover.
func (t *txn) checkPendingMarks(chk *checker) error {
	for _, k := range t.pendingDecks() {
		problem, err := t.pendingProblem(k)
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
		key, ok := strings.CutPrefix(k, metaPendingDeck)
		if !ok || len(key) != 16 {
			continue
		}
		problem, err := t.pendingProblem([]byte(key))
		if err != nil {
			return err
		}
		if problem != "" {
			rep.Lost = append(rep.Lost, problem+"; it is dropped, and that deck is not taken in here")
			continue
		}
		if err := t.meta.Put(pendingDeckKey([]byte(key)), nil); err != nil {
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
		for _, k := range t.pendingDecks() {
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
// there is no such mark, or no sync could apply it.
func (t *txn) pendingDeck(key []byte) (PendingDeck, bool, error) {
	if t.meta.Get(pendingDeckKey(key)) == nil {
		return PendingDeck{}, false, nil
	}
	problem, err := t.pendingProblem(key)
	if err != nil || problem != "" {
		return PendingDeck{}, false, err
	}
	ev, err := t.pendingEvent(key)
	if err != nil {
		return PendingDeck{}, false, err
	}
	return PendingDeck{Name: ev.Deck, Device: ev.ID.Device, Cards: t.blobCards(ev.Blob)}, true, nil
}

// blobCards is how many cards the blob's head says it holds; -1 if it
// cannot be read. A blob stored whole is read in place, not copied.
func (t *txn) blobCards(hash string) int {
	whole, h, ok, err := t.blobRecord(hash)
	if err != nil || !ok {
		return -1
	}
	var r io.Reader = &blobChunks{t: t, head: h}
	if whole != nil {
		r = bytes.NewReader(whole)
	}
	s, _, err := openBlobStream(r)
	if err != nil || s.left > math.MaxInt32 {
		return -1
	}
	return int(s.left)
}
