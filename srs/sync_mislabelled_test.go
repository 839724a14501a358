package srs

import (
	"path/filepath"
	"strings"
	"testing"
)

// A deck import whose blob holds another deck (a folder written by a
// faulty or hostile hone) is one line, and the deck is not taken in; the
// rest of the sync goes on, and the next sync does not fail on it again.
// Before, every sync failed, saying the database was damaged.
func TestSyncDeckWhoseBlobHoldsAnotherDeck(t *testing.T) {
	for _, n := range []int{3, 40} { // whole, and in pieces
		dir, c := t.TempDir(), newClock(t0)
		a := openAt(t, filepath.Join(t.TempDir(), "a.db"), c)
		mustImport(t, a, testDeck("other", n), "# other\n")
		mustImport(t, a, testDeck("big", n), "# big\n")
		relabel(t, a, "big", "other")
		mustAnswer(t, a, "other-0", Good, Review)
		mustSyncDir(t, a, dir)
		b := openAt(t, filepath.Join(t.TempDir(), "b.db"), c)
		smallPieces(b, nil)
		rep, err := b.Sync(dir)
		if err != nil {
			t.Fatalf("%d cards: %v", n, err)
		}
		if len(rep.Problems) != 1 || !strings.Contains(rep.Problems[0], `"big"`) || !strings.Contains(rep.Problems[0], "not taken in") {
			t.Errorf("%d cards: problems %q, want one line that big was not taken in", n, rep.Problems)
		}
		if st, err := b.Cards(); err != nil || st["other-0"].Reviews != 1 {
			t.Errorf("%d cards: other-0 %+v (%v), want its answer", n, st["other-0"], err)
		}
		if rep, err := b.Sync(dir); err != nil || len(rep.Problems) != 0 {
			t.Errorf("%d cards: the next sync: %q (%v)", n, rep.Problems, err)
		}
		if n := pendingCount(t, b); n != 0 {
			t.Errorf("%d marks left", n)
		}
		assertConsistent(t, b)
	}
}

// relabel points the import event of deck name at the blob of deck to.
func relabel(t *testing.T, s *Store, name, to string) {
	t.Helper()
	err := s.update(func(tx *txn) error {
		st, err := tx.sync()
		if err != nil {
			return err
		}
		blobs := map[string]string{}
		keys := map[string][]byte{}
		err = st.events.ForEach(func(k, v []byte) error {
			if ev, err := decodeEvent(v); err == nil && ev.Kind == evDeckImport {
				blobs[ev.Deck], keys[ev.Deck] = ev.Blob, append([]byte(nil), k...)
			}
			return nil
		})
		if err != nil || keys[name] == nil || blobs[to] == "" {
			t.Fatalf("events of %s and %s: %v", name, to, err)
		}
		ev, err := decodeEvent(st.events.Get(keys[name]))
		if err != nil {
			return err
		}
		ev.Blob = blobs[to]
		return st.events.Put(keys[name], encodeEvent(ev))
	})
	if err != nil {
		t.Fatal(err)
	}
}
