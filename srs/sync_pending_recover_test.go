package srs

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"
)

// markStrays adds to s two marks of changes still to apply: one that no
// sync could apply, with no event, and one whose event hides a deck, which
// a sync applies as any change after a large deck. It returns their event
// keys.
func markStrays(t *testing.T, s *Store) (noEvent, hide []byte) {
	t.Helper()
	if err := s.SetHidden("held", true); err != nil {
		t.Fatal(err)
	}
	noEvent = make([]byte, 16)
	noEvent[7] = 1
	err := s.update(func(tx *txn) error {
		st, err := tx.sync()
		if err != nil {
			return err
		}
		c := st.events.Cursor()
		for k, v := c.Last(); k != nil; k, v = c.Prev() {
			if ev, err := decodeEvent(v); err == nil && ev.Kind == evDeckHide {
				hide = append(hide, k...)
				break
			}
		}
		if hide == nil {
			t.Fatal("no hide event")
		}
		for _, k := range [][]byte{noEvent, hide} {
			if err := tx.meta.Put(pendingKey(k), nil); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return noEvent, hide
}

// check says nothing of a change still to apply, and one line for a mark
// no sync could apply.
func TestCheckPendingMarks(t *testing.T) {
	b, _ := pendingScene(t, false)
	if problems, err := b.Check(); err != nil || len(problems) > 0 {
		t.Fatalf("with a deck still to apply: %q (%v)", problems, err)
	}
	markStrays(t, b)
	problems, err := b.Check()
	if err != nil || len(problems) != 1 {
		t.Fatalf("with a stray mark and a hide to apply: %q (%v), want one line", problems, err)
	}
	for _, p := range problems {
		if !strings.Contains(p, "still to apply") {
			t.Errorf("line %q does not say what the mark is", p)
		}
	}
}

// recover keeps the marks of changes still to apply, so that the next
// sync applies them, and drops, saying so, a mark no sync could apply.
func TestRecoverKeepsPendingDecks(t *testing.T) {
	b, dir := pendingScene(t, false)
	noEvent, hide := markStrays(t, b)
	out := filepath.Join(t.TempDir(), "recovered.db")
	rep, err := Recover(b.Path(), out)
	if err != nil {
		t.Fatal(err)
	}
	// Only the marks: the answers to big that came before it wait for
	// it, as they did, and are not cards whose records are lost.
	lost := rep.Lost
	joined := strings.Join(lost, "\n")
	if len(lost) != 1 || !strings.Contains(joined, fmt.Sprintf("%x", noEvent)) {
		t.Errorf("lost %q, want a line for the stray mark", rep.Lost)
	}
	t.Logf("lost %q", lost)
	r := openAt(t, out, newClock(t0))
	var kept bool
	if err := r.view(func(tx *txn) error { kept = tx.meta.Get(pendingKey(hide)) != nil; return nil }); err != nil || !kept {
		t.Errorf("the mark of the hide to apply is lost (%v)", err)
	}
	if problems, err := r.Check(); err != nil || len(problems) > 0 {
		t.Fatalf("the recovered file: %q (%v)", problems, err)
	}
	smallPieces(r, nil)
	mustSyncDir(t, r, dir)
	decks, err := r.Decks()
	if err != nil {
		t.Fatal(err)
	}
	var big int
	for _, d := range decks {
		if d.Name == "big" {
			big = d.Cards
		}
	}
	if big != 40 {
		t.Errorf("after the recover and a sync, big has %d cards, want 40: %+v", big, decks)
	}
	assertConsistent(t, r)
}

// PendingDecks lists the decks from other devices still to take in, with
// their cards, until a sync takes them in; a stray mark and one of a hide
// are left out, and the sync drops the stray one, saying so.
func TestPendingDecks(t *testing.T) {
	b, dir := pendingScene(t, false)
	got, err := b.PendingDecks()
	if err != nil || len(got) != 1 || got[0].Name != "big" || got[0].Cards != 40 || got[0].Device.IsZero() {
		t.Fatalf("pending %+v (%v), want big with 40 cards", got, err)
	}
	markStrays(t, b)
	if got, err := b.PendingDecks(); err != nil || len(got) != 1 {
		t.Errorf("with stray marks: %+v (%v), want big alone", got, err)
	}
	rep := mustSyncDir(t, b, dir)
	if len(rep.Problems) != 1 || !strings.Contains(rep.Problems[0], "dropped") {
		t.Errorf("the sync said %q, want the stray mark dropped", rep.Problems)
	}
	if n := pendingCount(t, b); n != 0 {
		t.Errorf("%d marks left after the sync", n)
	}
	if len(rep.TookIn) != 1 || rep.TookIn[0].Name != "big" || rep.TookIn[0].Cards != 40 {
		t.Errorf("the sync took in %+v, want big with 40 cards", rep.TookIn)
	}
	if got, err := b.PendingDecks(); err != nil || len(got) != 0 {
		t.Errorf("after the next sync: %+v (%v), want none", got, err)
	}
}
