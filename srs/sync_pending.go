package srs

import (
	"bytes"
	"context"
	"fmt"
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
	key := pendingDeckKey(ev.key())
	if later {
		return "", t.meta.Put(key, nil)
	}
	if err := t.meta.Delete(key); err != nil {
		return "", err
	}
	return t.applyEvent(ev)
}

// applyPendingEvent applies the event at key, if it is still to apply: a
// large deck's import in pieces, any other in one short transaction.
func (s *Store) applyPendingEvent(ctx context.Context, key []byte) (string, error) {
	var large, marked bool
	err := s.view(func(t *txn) error {
		if marked = t.meta.Get(pendingDeckKey(key)) != nil; !marked {
			return nil // another sync applied it
		}
		ev, err := t.pendingChange(key)
		if err != nil || ev.Kind != evDeckImport {
			return err
		}
		t.deferDecks = s.deferDecks()
		large, err = t.deferrable(&ev)
		return err
	})
	switch {
	case err != nil || !marked:
		return "", err
	case large:
		return s.applyPendingDeck(ctx, key)
	}
	var problem string
	err = s.update(func(t *txn) error {
		if t.meta.Get(pendingDeckKey(key)) == nil {
			return nil
		}
		ev, err := t.pendingChange(key)
		if err != nil {
			return err
		}
		if problem, err = t.applyOrDefer(&ev, false); err != nil {
			return fmt.Errorf("%s of %.64q from %s: %w", ev.Kind, ev.Deck, ev.ID.Device, err)
		}
		return nil
	})
	return problem, err
}

// pendingChange is the event at key, which a mark says is still to apply.
func (t *txn) pendingChange(key []byte) (event, error) {
	st, err := t.sync()
	if err != nil {
		return event{}, err
	}
	raw := st.events.Get(key)
	if raw == nil {
		return event{}, &damagedRecord{what: "events", msg: fmt.Sprintf("no event %.64x for a change still to apply", key)}
	}
	return decodeEvent(raw)
}
