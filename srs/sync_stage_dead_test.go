package srs

import (
	"bytes"
	"path/filepath"
	"strings"
	"testing"
)

// A sync that dies after it staged a whole blob, before the ingest that
// names it, leaves a file that check and recover accept, and the next
// sync takes the deck in from the stored blob.
func TestSyncStagedBlobThenDied(t *testing.T) {
	dir, c := t.TempDir(), newClock(t0)
	text, blob := bigBlobDeck(t, dir, c)
	b := openAt(t, filepath.Join(t.TempDir(), "b.db"), c)
	st := &blobStage{s: b, hash: strings.TrimSuffix(filepath.Base(blob), blobExt), r: bytes.NewReader(mustReadFile(t, blob))}
	if err := st.run(); err != nil {
		t.Fatal(err)
	}
	assertConsistent(t, b)
	out := filepath.Join(t.TempDir(), "out.db")
	rep, err := Recover(b.Path(), out)
	if err != nil {
		t.Fatal(err)
	}
	r := openAt(t, out, c)
	if problems, err := r.Check(); err != nil || len(problems) > 0 {
		t.Errorf("recovered: check %q (%v); recover said %+v", problems, err, rep)
	}
	for _, s := range []*Store{b, r} {
		mustSyncDir(t, s, dir)
		if got, err := s.DeckText("big"); err != nil || string(got) != text {
			t.Errorf("%s: text of big: %d bytes (%v), want %d", s.Path(), len(got), err, len(text))
		}
		assertNoStrayChunks(t, s)
		assertConsistent(t, s)
	}
}
