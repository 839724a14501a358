package srs

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/hone-srs/hone/deck"
)

// testdata/v5.db was written by main at 63beeaa, schema v5 (mkv5.go): the
// marks deck imported with its text, its blob and its text whole records.
// This hone reads them as they are, checks them, syncs them byte for byte,
// and replaces them with chunks when the deck is imported again.
func TestV5WholeRecordsAreRead(t *testing.T) {
	src, err := os.ReadFile("testdata/marks.md")
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "hone.db")
	copyFile(t, "testdata/v5.db", path)
	s := openAt(t, path, newClock(t0))
	if s.MigrationBackup() != path+".v5.bak" || schemaOfFile(t, path) != schemaVersion {
		t.Fatalf("migration: backup %q, schema %d", s.MigrationBackup(), schemaOfFile(t, path))
	}
	hash, whole := v5Blob(t, s)
	if text, err := s.DeckText("Marks deck"); err != nil || !bytes.Equal(text, src) {
		t.Fatalf("text %q, %v", text, err)
	}
	assertConsistent(t, s)

	// Sync writes the whole blob as it is; another collection takes it in.
	dir := t.TempDir()
	if _, err := s.Sync(dir); err != nil {
		t.Fatal(err)
	}
	file, err := os.ReadFile(filepath.Join(dir, deviceOf(t, s).String(), "decks", hash+blobExt))
	if err != nil || !bytes.Equal(file, whole) {
		t.Fatalf("blob file of %d bytes differs from the record of %d: %v", len(file), len(whole), err)
	}
	other := testStore(t, newClock(t0))
	if _, err := other.Sync(dir); err != nil {
		t.Fatal(err)
	}
	if text, err := other.DeckText("Marks deck"); err != nil || !bytes.Equal(text, src) {
		t.Errorf("synced text %q, %v", text, err)
	}
	assertConsistent(t, other)
	reimportV5(t, s, src, other, dir)

	// Recover keeps the whole blob and the chunked one.
	dst := filepath.Join(t.TempDir(), "recovered.db")
	rep, err := Recover(path, dst)
	if err != nil || len(rep.Lost) != 0 {
		t.Fatalf("recover: %+v, %v", rep, err)
	}
	assertConsistent(t, openAt(t, dst, newClock(t0)))
}

// v5Blob is the hash and the whole record of the v5 file's blob.
func v5Blob(t *testing.T, s *Store) (hash string, whole []byte) {
	t.Helper()
	err := s.view(func(tx *txn) error {
		if tx.texts.Get([]byte("Marks deck")) == nil {
			t.Error("the v5 text is not whole in texts")
		}
		return tx.forEachEvent(func(_ []byte, ev event) error {
			hash = ev.Blob
			whole = bytes.Clone(tx.sy.blobs.Get([]byte(hash)))
			return nil
		})
	})
	if err != nil || !bytes.HasPrefix(whole, []byte(blobMagic)) || blobHash(whole) != hash {
		t.Fatalf("the v5 blob %s is not whole (%d bytes): %v", hash, len(whole), err)
	}
	return hash, whole
}

// reimportV5 imports the deck of the v5 file again, changed: its text and
// blob go in as chunks, and sync takes them to other.
func reimportV5(t *testing.T, s *Store, src []byte, other *Store, dir string) {
	t.Helper()
	// Imported again, changed: chunks in place of the whole text.
	changed := append(bytes.Clone(src), "\n# Gamma\n## What is five?\nFour and one.\n"...)
	d, diags := deck.ParseBytes("marks.md", changed)
	if err := diags.Err(); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Import([]ImportItem{{Deck: d, Source: "marks.md", Text: changed}}, false); err != nil {
		t.Fatal(err)
	}
	if text, err := s.DeckText("Marks deck"); err != nil || !bytes.Equal(text, changed) {
		t.Errorf("re-imported text %q, %v", text, err)
	}
	err := s.view(func(tx *txn) error {
		_, chunked, err := tx.textHead("Marks deck")
		if tx.texts.Get([]byte("Marks deck")) != nil || !chunked {
			t.Errorf("after the re-import: whole text kept, or no chunked one (%v)", err)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := lastBlob(t, s, "Marks deck"), encodeBlob(d, changed); !bytes.Equal(got, want) {
		t.Errorf("re-imported blob of %d bytes, want %d", len(got), len(want))
	}
	assertConsistent(t, s)
	if _, err := s.Sync(dir); err != nil {
		t.Fatal(err)
	}
	if _, err := other.Sync(dir); err != nil {
		t.Fatal(err)
	}
	if text, err := other.DeckText("Marks deck"); err != nil || !bytes.Equal(text, changed) {
		t.Errorf("synced re-imported text %q, %v", text, err)
	}
	assertConsistent(t, other)
}
