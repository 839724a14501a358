package srs

import (
	"bytes"
	"path/filepath"
	"strings"
	"testing"
)

// Every older file, moved to v6, takes a large import with a text of
// chunks, syncs to a new collection, drops a deck and takes it again, and
// recovers, each time clean and with no chunk astray.
func TestOlderFilesTakeChunks(t *testing.T) {
	for _, fixture := range []string{"v3.db", "v3-history.db", "v4.db", "v5.db"} {
		path := filepath.Join(t.TempDir(), "hone.db")
		copyFile(t, filepath.Join("testdata", fixture), path)
		s := openAt(t, path, newClock(t0))
		assertConsistent(t, s)
		assertNoStrayChunks(t, s)
		smallPieces(s, nil)
		it := importItem(testDeck("big", 30, "a"))
		it.Text = []byte(strings.Repeat("t", 2*chunkSize+1))
		if _, err := s.Import([]ImportItem{it}, false); err != nil {
			t.Fatalf("%s: import: %v", fixture, err)
		}
		if got := lastBlob(t, s, "big"); !bytes.Equal(got, encodeBlob(it.Deck, it.Text)) {
			t.Errorf("%s: the blob is not encodeBlob's", fixture)
		}
		dir := t.TempDir()
		if _, err := s.Sync(dir); err != nil {
			t.Fatalf("%s: sync: %v", fixture, err)
		}
		other := testStore(t, newClock(t0))
		if _, err := other.Sync(dir); err != nil {
			t.Fatalf("%s: sync in: %v", fixture, err)
		}
		if text, err := other.DeckText("big"); err != nil || !bytes.Equal(text, it.Text) {
			t.Errorf("%s: synced text of %d bytes, %v", fixture, len(text), err)
		}
		if _, err := s.RemoveDeck("big"); err != nil {
			t.Fatalf("%s: rm: %v", fixture, err)
		}
		if text, err := s.DeckText("big"); err != nil || len(text) != 0 {
			t.Errorf("%s: removed deck's text of %d bytes, %v", fixture, len(text), err)
		}
		assertNoStrayChunks(t, s)
		if _, err := s.Import([]ImportItem{it}, false); err != nil {
			t.Fatalf("%s: import again: %v", fixture, err)
		}
		if text, err := s.DeckText("big"); err != nil || !bytes.Equal(text, it.Text) {
			t.Errorf("%s: text again of %d bytes, %v", fixture, len(text), err)
		}
		assertConsistent(t, s)
		// other holds answers to the decks of before sync, which it never
		// gets (replay has their cards, the store not): Check alone.
		if problems, err := other.Check(); err != nil || len(problems) > 0 {
			t.Errorf("%s: check of the synced copy: %q, %v", fixture, problems, err)
		}
		for _, st := range []*Store{s, other} {
			assertNoStrayChunks(t, st)
		}
		dst := filepath.Join(t.TempDir(), "recovered.db")
		if rep, err := Recover(path, dst); err != nil || len(rep.Lost) != 0 {
			t.Fatalf("%s: recover: %+v, %v", fixture, rep, err)
		}
		r := openAt(t, dst, newClock(t0))
		assertConsistent(t, r)
		assertNoStrayChunks(t, r)
		if text, err := r.DeckText("big"); err != nil || !bytes.Equal(text, it.Text) {
			t.Errorf("%s: recovered text of %d bytes, %v", fixture, len(text), err)
		}
	}
}
