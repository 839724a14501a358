package srs

import (
	"errors"
	"strings"
	"testing"
)

// A sync between the pieces of a large import would apply other devices'
// deck events to cards the import has saved for its rollback, and the
// import's last piece would then write a deck record planned before them.
// So a sync waits its turn: refused while a live import runs, fine after.
func TestSyncRefusedDuringLargeImport(t *testing.T) {
	clk := newClock(t0)
	s := testStore(t, clk)
	dir := t.TempDir()
	var during []error
	smallPieces(s, func(n int) {
		if n == 2 {
			_, err := s.Sync(dir)
			during = append(during, err)
		}
	})
	if _, err := s.Import([]ImportItem{importItem(testDeck("big", 30))}, false); err != nil {
		t.Fatal(err)
	}
	if len(during) != 1 {
		t.Fatalf("the sync ran %d times during the import, want 1", len(during))
	}
	if !errors.Is(during[0], ErrInUse) || !errors.Is(during[0], errImportUnderWay) {
		t.Errorf("sync during an import: %v, want the import-under-way error", during[0])
	}
	s.pieces.afterPiece = nil
	rep, err := s.Sync(dir)
	if err != nil {
		t.Fatalf("sync after the import: %v", err)
	}
	if rep.Sent == 0 {
		t.Errorf("sync after the import sent nothing")
	}
}

// A deck's blob file is as large as the deck: sync writes it under the
// shared lock, before the write transaction that appends the records
// naming it, so answers never wait for it. Then the other device reads it.
func TestSyncWritesBlobFilesOutsideTheWriteLock(t *testing.T) {
	dir := t.TempDir()
	a := testStore(t, newClock(t0))
	var writable []bool
	a.beforeBlobFile = func(w bool) { writable = append(writable, w) }
	mustImport(t, a, testDeck("big", 40), strings.Repeat("text of big\n", 200_000))
	mustImport(t, a, testDeck("small", 5), "small")
	mustSyncDir(t, a, dir)
	if len(writable) != 2 {
		t.Fatalf("%d blob files written, want 2", len(writable))
	}
	for i, w := range writable {
		if w {
			t.Errorf("blob file %d was written in a write transaction", i)
		}
	}
	b := testStore(t, newClock(t0))
	mustSyncDir(t, b, dir)
	sameCollections(t, a, b)
}
