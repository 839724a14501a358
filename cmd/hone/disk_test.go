package main

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// After a failed import on a full disk, the file had grown by 2 MiB. A
// write that fails keeps the file's size; a large import, though, commits
// in pieces (issue 17 §5), and the pages its pieces took before the disk
// filled stay in the file, free for later writes, when it is rolled back
// (bbolt never shrinks a file). What must hold: one line, nothing stored,
// and a whole file.
func TestFailedImportOnAFullDiskStoresNothing(t *testing.T) {
	dir := t.TempDir()
	if err := syscall.Mount("tmpfs", dir, "tmpfs", 0, "size=3m"); err != nil {
		t.Skipf("cannot mount a small file system here: %v", err)
	}
	t.Cleanup(func() { syscall.Unmount(dir, 0) })
	db := filepath.Join(dir, "hone.db")
	if r := hone(t, db, "due"); r.code != 0 {
		t.Fatal(r)
	}
	deckFile := filepath.Join(t.TempDir(), "big.md")
	if err := os.WriteFile(deckFile, []byte(bigDeck("Big", 20000)), 0o600); err != nil {
		t.Fatal(err)
	}
	r := hone(t, db, "import", deckFile)
	if r.code != 1 || !strings.Contains(r.stderr, "no space left on device") || strings.Count(r.stderr, "\n") != 1 {
		t.Fatalf("import on a full disk: %+v", r)
	}
	if r := hone(t, db, "decks"); r.code != 0 || strings.Contains(r.stdout, "Big") {
		t.Errorf("decks after the failed import: %+v", r)
	}
	if r := hone(t, db, "check"); r.code != 0 {
		t.Errorf("check after the failed import: %+v", r)
	}
}
