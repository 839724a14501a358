//go:build unix

package srs

import (
	"path/filepath"
	"strings"
	"testing"
)

// While another hone's sync holds the import lock, a large deck that came
// in stays to apply: the sync says so, and the next sync applies it.
func TestSyncLargeDeckWaitsForTheImportLock(t *testing.T) {
	dir := t.TempDir()
	c := newClock(t0)
	a := openAt(t, filepath.Join(t.TempDir(), "a.db"), c)
	b := openAt(t, filepath.Join(t.TempDir(), "b.db"), c)
	mustImport(t, a, testDeck("big", 30), "# big\n")
	mustSyncDir(t, a, dir)
	pieces := smallPieces(b, nil)
	unlock, ok, err := shareImportLock(importLockPath(b.Path()))
	if err != nil || !ok {
		t.Fatalf("share the lock: %v %v", ok, err)
	}
	rep := mustSyncDir(t, b, dir)
	unlock()
	if len(rep.Problems) != 1 || !strings.Contains(rep.Problems[0], "left for the next sync") {
		t.Errorf("problems %q, want the deck left for the next sync", rep.Problems)
	}
	if decks, err := b.Decks(); err != nil || len(decks) != 0 || *pieces != 0 {
		t.Errorf("with the lock held: decks %+v (%v), %d pieces", decks, err, *pieces)
	}
	rep = mustSyncDir(t, b, dir)
	if len(rep.Problems) != 0 || *pieces < 2 {
		t.Errorf("the next sync: problems %q, %d pieces", rep.Problems, *pieces)
	}
	if decks, err := b.Decks(); err != nil || len(decks) != 1 || decks[0].Cards != 30 {
		t.Errorf("after the next sync: decks %+v (%v)", decks, err)
	}
	assertConsistent(t, b)
}
