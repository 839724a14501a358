package srs

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// bigBlobDeck has a collection import a deck whose blob is over four
// chunks (its text is) and sync it out to dir: the text and the blob file.
func bigBlobDeck(t *testing.T, dir string, c *clock) (text, blob string) {
	t.Helper()
	a := openAt(t, filepath.Join(t.TempDir(), "a.db"), c)
	text = strings.Repeat("# big\n"+strings.Repeat("words ", 100)+"\n", 15000) // 9 MB
	mustImport(t, a, testDeck("big", 30, "x", "y"), text)
	mustSyncDir(t, a, dir)
	return text, onlyBlobFile(t, dir, a)
}

// stagedCount is how many blobs marks say are being staged.
func stagedCount(t *testing.T, s *Store) int {
	t.Helper()
	var n int
	if err := s.view(func(tx *txn) error { n = len(tx.stagedSets()); return nil }); err != nil {
		t.Fatal(err)
	}
	return n
}

// A large blob from the sync folder is stored in short transactions
// before the ingest, and an answer commits between two of them (#17 §5).
func TestSyncStagesALargeBlob(t *testing.T) {
	dir, c := t.TempDir(), newClock(t0)
	text, _ := bigBlobDeck(t, dir, c)
	b := openAt(t, filepath.Join(t.TempDir(), "b.db"), c)
	mustImport(t, b, testDeck("mine", 3), "# mine\n")
	smallPieces(b, nil)
	steps, answered := 0, false
	sz := b.pieces
	sz.afterStage = func() {
		steps++
		if steps == 1 {
			if n := stagedCount(t, b); n != 1 {
				t.Errorf("after the first step: %d staging marks, want 1", n)
			}
			mustAnswer(t, b, "mine-0", Good, Review)
			answered = true
		}
	}
	b.pieces = sz
	mustSyncDir(t, b, dir)
	if steps < 3 || !answered {
		t.Errorf("the 9 MB blob went in %d transaction(s) (answered between: %v), want at least 3", steps, answered)
	}
	if got, err := b.DeckText("big"); err != nil || string(got) != text {
		t.Errorf("text of big: %d bytes (%v), want %d", len(got), err, len(text))
	}
	if n := stagedCount(t, b); n != 0 {
		t.Errorf("%d staging marks left", n)
	}
	assertNoStrayChunks(t, b)
	assertConsistent(t, b)
}

// A sync that dies while staging leaves chunks that check accepts, that
// recover drops, and that the next sync deletes before it stages again.
func TestSyncStageLeftByADeadSync(t *testing.T) {
	dir, c := t.TempDir(), newClock(t0)
	text, blob := bigBlobDeck(t, dir, c)
	b := openAt(t, filepath.Join(t.TempDir(), "b.db"), c)
	st := &blobStage{s: b, hash: strings.TrimSuffix(filepath.Base(blob), blobExt), r: bytes.NewReader(mustReadFile(t, blob))}
	if err := b.update(st.step); err != nil { // one step, then the sync dies
		t.Fatal(err)
	}
	if n := stagedCount(t, b); n != 1 {
		t.Fatalf("%d staging marks after one step, want 1", n)
	}
	assertConsistent(t, b)

	out := filepath.Join(t.TempDir(), "out.db")
	if _, err := Recover(b.Path(), out); err != nil {
		t.Fatal(err)
	}
	r := openAt(t, out, c)
	if n := stagedCount(t, r); n != 0 {
		t.Errorf("recover kept %d staging marks", n)
	}
	assertNoStrayChunks(t, r)
	assertConsistent(t, r)

	// A live sync elsewhere may be staging: the marks stay.
	unlock, ok, err := shareImportLock(importLockPath(b.Path()))
	if err != nil || !ok {
		t.Fatalf("share the lock: %v %v", ok, err)
	}
	if err := b.settleStages(); err != nil || stagedCount(t, b) != 1 {
		t.Errorf("with another sync live: %d marks (%v), want 1", stagedCount(t, b), err)
	}
	unlock()

	mustSyncDir(t, b, dir)
	if n := stagedCount(t, b); n != 0 {
		t.Errorf("%d staging marks after the next sync", n)
	}
	assertNoStrayChunks(t, b)
	if got, err := b.DeckText("big"); err != nil || string(got) != text {
		t.Errorf("text of big: %d bytes (%v), want %d", len(got), err, len(text))
	}
	assertConsistent(t, b)
}

// A blob file whose bytes are not its blob is not stored, nothing staged
// is left of it, and the deck waits for a good copy.
func TestSyncStageRefusesABlobFileThatIsNotTheBlob(t *testing.T) {
	dir, c := t.TempDir(), newClock(t0)
	_, blob := bigBlobDeck(t, dir, c)
	b := openAt(t, filepath.Join(t.TempDir(), "b.db"), c)
	raw := mustReadFile(t, blob)
	raw[len(raw)/2] ^= 1
	if err := os.WriteFile(blob, raw, 0o600); err != nil {
		t.Fatal(err)
	}
	rep, err := b.Sync(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Problems) != 1 || !strings.Contains(rep.Problems[0], "waiting for deck") {
		t.Errorf("problems %q, want one: waiting for deck", rep.Problems)
	}
	if n := stagedCount(t, b); n != 0 {
		t.Errorf("%d staging marks left", n)
	}
	assertNoStrayChunks(t, b)
	var blobs int
	err = b.view(func(tx *txn) error {
		st, err := tx.sync()
		if err == nil {
			blobs = st.blobs.Stats().KeyN
		}
		return err
	})
	if err != nil || blobs != 0 {
		t.Errorf("%d blobs stored (%v), want none", blobs, err)
	}
	assertConsistent(t, b)
}

func mustReadFile(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// A deck of few cards but a large text is applied in pieces too: its text
// alone would make the ingest's transaction long.
func TestSyncDeckWithALargeTextGoesInPieces(t *testing.T) {
	dir, c := t.TempDir(), newClock(t0)
	text, _ := bigBlobDeck(t, dir, c) // 30 cards, 9 MB of text
	b := openAt(t, filepath.Join(t.TempDir(), "b.db"), c)
	pieces := 0
	b.pieces = pieceSize{afterPiece: func(int) { pieces++ }} // 2,000 cards make a large deck
	mustSyncDir(t, b, dir)
	if pieces < 2 {
		t.Errorf("the deck went in %d piece(s), want more than one", pieces)
	}
	if got, err := b.DeckText("big"); err != nil || string(got) != text {
		t.Errorf("text of big: %d bytes (%v), want %d", len(got), err, len(text))
	}
	assertNoStrayChunks(t, b)
	assertConsistent(t, b)
}
