package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// samplePackage is an Anki package the deck tests build and keep.
func samplePackage(t *testing.T, dir string) string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("..", "..", "deck", "testdata", "import", "sample-anki21b.apkg"))
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "Spanish.apkg")
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestImportAnkiPackageWithMedia(t *testing.T) {
	dir := t.TempDir()
	db, pkg, media := filepath.Join(dir, "hone.db"), samplePackage(t, dir), filepath.Join(dir, "media")
	// A symlink where a media file goes must not lead the write elsewhere.
	outside := filepath.Join(dir, "outside.txt")
	os.WriteFile(outside, []byte("keep"), 0o600)
	os.MkdirAll(media, 0o755)
	if err := os.Symlink(outside, filepath.Join(media, "cat.jpg")); err != nil {
		t.Fatal(err)
	}
	r := hone(t, db, "import", pkg, "--media", media)
	want := "2 media files extracted into " + media + "\n" +
		"deck \"Default\": 1 added, 0 updated, 0 retired, 0 unchanged\n" +
		"deck \"Geo\": 2 added, 0 updated, 0 retired, 0 unchanged, 2 scheduled as in Anki with 0 past answers\n" +
		"deck \"Spanish\": 5 added, 0 updated, 0 retired, 0 unchanged, 2 scheduled as in Anki with 3 past answers\n"
	if r.code != 0 || r.stdout != want || r.stderr != "" {
		t.Fatalf("import: %+v", r)
	}
	if b, _ := os.ReadFile(outside); string(b) != "keep" {
		t.Errorf("the write followed a symlink out of the media folder")
	}
	if fi, err := os.Lstat(filepath.Join(media, "cat.jpg")); err != nil || !fi.Mode().IsRegular() {
		t.Errorf("cat.jpg is not a regular file: %v %v", fi, err)
	}
	if b, _ := os.ReadFile(filepath.Join(media, "gato.mp3")); string(b) != "ID3" {
		t.Errorf("gato.mp3 holds %q", b)
	}
	if d := hone(t, db, "decks"); !strings.Contains(d.stdout, "Spanish.apkg#Spanish") {
		t.Errorf("decks:\n%s", d.stdout)
	}
	again := hone(t, db, "import", pkg, "--media", media)
	if again.code != 0 || strings.Contains(again.stdout, "added") && !strings.Contains(again.stdout, "0 added") {
		t.Errorf("re-import: %+v", again)
	}
}

func TestImportBadPackageStoresNothing(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "hone.db")
	bad := filepath.Join(dir, "broken.apkg")
	os.WriteFile(bad, []byte("not a zip at all"), 0o600)
	media := filepath.Join(dir, "media")
	r := hone(t, db, "import", bad, "--media", media)
	if r.code != 1 || strings.Count(r.stderr, "\n") != 2 || !strings.HasPrefix(r.stderr, bad+": error: not an Anki package hone can read: it is not a zip file") {
		t.Fatalf("bad package: %+v", r)
	}
	if _, err := os.Stat(media); !os.IsNotExist(err) {
		t.Errorf("a refused package made the media folder")
	}
	if d := hone(t, db, "decks"); strings.Contains(d.stdout, "broken") {
		t.Errorf("a refused package stored a deck:\n%s", d.stdout)
	}
	if r := hone(t, db, "import", bad, "--osr-cloze", "italic"); r.code != 2 || !strings.Contains(r.stderr, `--osr-cloze: unknown cloze style "italic"`) {
		t.Errorf("a bad --osr-cloze: %+v", r)
	}
}

func TestImportObsidianClozeStyles(t *testing.T) {
	dir := t.TempDir()
	db, note := filepath.Join(dir, "hone.db"), filepath.Join(dir, "bio.md")
	os.WriteFile(note, []byte("The ==cell== is **small**.\n"), 0o600)
	if r := hone(t, db, "import", note, "--dry-run"); r.code != 0 || !strings.HasPrefix(r.stdout, `deck "bio": 1 added`) {
		t.Errorf("highlights only: %+v", r)
	}
	if r := hone(t, db, "import", note, "--osr-cloze", "bold"); r.code != 0 || !strings.HasPrefix(r.stdout, `deck "bio": 2 added`) {
		t.Errorf("with --osr-cloze bold: %+v", r)
	}
}
