package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// A directory whose first file is large enough to be stored while the
// second is still to be read: an error in the second, found after the
// first's cards went in, leaves the database as it was, and every problem
// is reported with its file and line.
func TestImportStreamLaterErrorStoresNothing(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "hone.db")
	src := filepath.Join(dir, "v")
	os.Mkdir(src, 0o755)
	os.WriteFile(filepath.Join(src, "a.md"), []byte(bigDeck("A", 6000)), 0o600)
	os.WriteFile(filepath.Join(src, "b.md"), []byte("---\ndeck: B\n---\n# T\n## Q?\nA.\n## \nno front\n# \n## R?\nB.\n"), 0o600)
	hone(t, db, "due")
	before := hone(t, db, "decks").stdout
	r := hone(t, db, "import", src)
	if r.code != 1 || !strings.Contains(r.stderr, "v/b.md:7: error:") || !strings.Contains(r.stderr, "v/b.md:9: error:") ||
		!strings.HasSuffix(r.stderr, "hone: nothing imported: 2 errors in 1 file\n") {
		t.Fatalf("import with a later error: %+v", r)
	}
	if d := hone(t, db, "decks"); d.stdout != before {
		t.Fatalf("a failed import changed the decks:\n%s\nwas:\n%s", d.stdout, before)
	}
	// The same files, fixed, import in full.
	os.WriteFile(filepath.Join(src, "b.md"), []byte("---\ndeck: B\n---\n# T\n## Q?\nA.\n"), 0o600)
	if r := hone(t, db, "import", src); r.code != 0 || r.stdout != "deck \"A\": 6000 added, 0 updated, 0 retired, 0 unchanged\ndeck \"B\": 1 added, 0 updated, 0 retired, 0 unchanged\n" {
		t.Fatalf("import: %+v", r)
	}
}
