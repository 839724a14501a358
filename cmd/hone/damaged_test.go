package main

import (
	"bytes"
	"crypto/sha256"
	"math/rand"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Every command refuses a file that is not a hone database with one line
// and exit 1, and leaves the file exactly as it was.
func TestDamagedDatabaseIsRefusedUntouched(t *testing.T) {
	dir := t.TempDir()
	random := make([]byte, 5000)
	rand.New(rand.NewSource(7)).Read(random)
	files := map[string][]byte{"empty.db": {}, "random.db": random, "text.db": []byte("not a database\n")}
	for name, data := range files {
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	good := filepath.Join(dir, "good.db")
	if r := hone(t, good, "due"); r.code != 0 {
		t.Fatal(r)
	}
	goodData, _ := os.ReadFile(good)
	// bbolt grows its file ahead of use, and the tail it has not used yet is
	// zeros: cut in the middle of the pages in use, or the file may still be
	// whole.
	used := len(bytes.TrimRight(goodData, "\x00"))
	truncated := filepath.Join(dir, "truncated.db")
	os.WriteFile(truncated, goodData[:used/2], 0o600)
	os.Mkdir(filepath.Join(dir, "a-directory"), 0o700)
	deckFile := filepath.Join(dir, "go.md")
	os.WriteFile(deckFile, []byte(goDeck), 0o600)

	for _, name := range []string{"empty.db", "random.db", "text.db", "truncated.db", "a-directory"} {
		path := filepath.Join(dir, name)
		before := sum(t, path)
		for _, cmd := range [][]string{{"due"}, {"stats", "--json"}, {"decks"}, {"check"}, {"import", deckFile}} {
			r := hone(t, path, cmd...)
			if r.code != 1 || strings.Count(r.stderr, "\n") != 1 || !strings.Contains(r.stderr, path) || r.stdout != "" {
				t.Errorf("%s, hone %v: exit %d, stdout %q, stderr %q", name, cmd, r.code, r.stdout, r.stderr)
			}
		}
		if after := sum(t, path); after != before {
			t.Errorf("%s changed", name)
		}
	}
}

func sum(t *testing.T, path string) [32]byte {
	t.Helper()
	info, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if info.IsDir() {
		return [32]byte{}
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return sha256.Sum256(data)
}
