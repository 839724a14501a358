package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/hone-srs/hone/srs"
)

// Two collections sync through a folder from the command line: a deck and
// its answers travel, the status lists both devices, names travel.
func TestSyncCommand(t *testing.T) {
	folder := t.TempDir()
	a := filepath.Join(t.TempDir(), "a.db")
	b := filepath.Join(t.TempDir(), "b.db")
	deckFile := filepath.Join(t.TempDir(), "go.md")
	os.WriteFile(deckFile, []byte("---\ndeck: Go\n---\n# Basics\n## What does defer do?\nRuns a call at return.\n"), 0o600)
	if r := hone(t, a, "import", deckFile); r.code != 0 {
		t.Fatal(r)
	}
	if r := hone(t, a, "devices", "rename", "laptop"); r.code != 0 || !strings.Contains(r.stdout, `is now "laptop"`) {
		t.Fatal(r)
	}
	if r := hone(t, a, "sync", folder); r.code != 0 || r.stdout != "sent 3 changes; nothing new from other devices\n" {
		t.Fatalf("first sync: %+v", r)
	}
	r := hone(t, b, "sync", folder)
	if r.code != 0 || !strings.HasPrefix(r.stdout, "synced 3 deck or setting changes from laptop; sent ") {
		t.Fatalf("second collection: %+v", r)
	}
	if r := hone(t, b, "decks"); !strings.Contains(r.stdout, "Go ") {
		t.Errorf("the deck did not travel:\n%s", r.stdout)
	}
	if r := hone(t, b, "sync", folder); r.stdout != "up to date: nothing new here or from other devices\n" {
		t.Errorf("again: %+v", r)
	}
	r = hone(t, b, "sync", "--status", folder)
	if r.code != 0 || !strings.Contains(r.stdout, "laptop ") || !strings.Contains(r.stdout, "(this one)") || !strings.Contains(r.stdout, "LAST ENTRY") {
		t.Errorf("status:\n%s", r.stdout)
	}
}

func TestSyncCommandProblems(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "hone.db")
	tests := []struct {
		args   []string
		code   int
		stderr string
	}{
		{[]string{"sync"}, 2, "hone: sync needs a folder: hone sync DIR, or set sync_dir in the settings file (hone config --help)\n"},
		{[]string{"sync", filepath.Join(dir, "none")}, 1, "hone: sync folder " + filepath.Join(dir, "none") + " does not exist; create it (or fix sync_dir in the settings)\n"},
		{[]string{"devices", "rename", "nobody", "x"}, 1, `hone: no such device "nobody"; hone devices lists them` + "\n"},
		{[]string{"devices", "rename", "a\x1b[31mb"}, 1, ""},
	}
	for _, tt := range tests {
		r := hone(t, db, tt.args...)
		if r.code != tt.code || (tt.stderr != "" && r.stderr != tt.stderr) || strings.Count(r.stderr, "\n") != 1 || strings.Contains(r.stderr, "\x1b") {
			t.Errorf("%q: %d %q, want %d %q", tt.args, r.code, r.stderr, tt.code, tt.stderr)
		}
		if r.stdout != "" { // not "up to date" beside the error
			t.Errorf("%q: stdout %q", tt.args, r.stdout)
		}
	}
	// sync_dir: a relative path is refused; ~/ is the home; hone sync uses it.
	os.WriteFile(filepath.Join(dir, "config.toml"), []byte("sync_dir = \"Sync/hone\"\n"), 0o600)
	if r := hone(t, db, "sync"); r.code != 1 || !strings.Contains(r.stderr, "sync_dir must be an absolute path or start with ~/") {
		t.Errorf("relative sync_dir: %+v", r)
	}
	folder := filepath.Join(dir, "folder")
	os.Mkdir(folder, 0o700)
	os.WriteFile(filepath.Join(dir, "config.toml"), []byte("sync_dir = \""+folder+"\"\n"), 0o600)
	if r := hone(t, db, "sync"); r.code != 0 || !strings.HasPrefix(r.stdout, "sent ") {
		t.Errorf("sync_dir: %+v", r)
	}
	if r := hone(t, db, "config"); !strings.Contains(r.stdout, "sync_dir       "+folder) {
		t.Errorf("config:\n%s", r.stdout)
	}
}

// An answer to a built-in card reaches a collection whose first command is
// hone sync: sync brings the built-in decks in first, so the card is there
// to take the answer.
func TestSyncBuiltinAnswers(t *testing.T) {
	folder := t.TempDir()
	a := filepath.Join(t.TempDir(), "a.db")
	b := filepath.Join(t.TempDir(), "b.db")
	if r := hone(t, a, "due"); r.code != 0 {
		t.Fatal(r)
	}
	s, err := srs.Open(a, srs.Options{})
	if err != nil {
		t.Fatal(err)
	}
	items, err := s.Queue(srs.QueueOptions{Today: srs.DayOf(time.Now()), ReviewLimit: 10, NewPerDeck: 10})
	if err != nil || len(items) == 0 {
		t.Fatalf("queue %d, %v", len(items), err)
	}
	id := items[0].Card.ID
	if _, err := s.Answer(id, srs.Good, srs.Review, time.Second); err != nil {
		t.Fatal(err)
	}
	s.Close()
	hone(t, a, "sync", folder)
	if r := hone(t, b, "sync", folder); r.code != 0 || !strings.Contains(r.stdout, "synced 1 answer") {
		t.Fatalf("b: %+v", r)
	}
	s, err = srs.Open(b, srs.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	cards, _ := s.Cards()
	if st, ok := cards[id]; !ok || st.New {
		t.Errorf("built-in card %s on b: %+v, %v", id, st, ok)
	}
}
