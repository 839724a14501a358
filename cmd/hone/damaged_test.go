package main

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
	"io/fs"
	"math/rand"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/hone-srs/hone/deck"
	"github.com/hone-srs/hone/decks"
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

// `hone check` crashed with "fatal error: fault" and a 220-line goroutine
// dump, exit 2, on a file whose page 2 claimed 2^30 overflow pages: bbolt's
// check faults in a goroutine of its own. It runs as a child process here,
// so that a crash is seen as one.
func TestCheckNeverCrashes(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join(dir, "good.db")
	deckFile := filepath.Join(dir, "go.md")
	os.WriteFile(deckFile, []byte(goDeck), 0o600)
	if r := hone(t, good, "import", deckFile); r.code != 0 {
		t.Fatal(r)
	}
	data, err := os.ReadFile(good)
	if err != nil {
		t.Fatal(err)
	}
	for _, off := range []int{2*4096 + 12, 2*4096 + 32} {
		bad := filepath.Join(dir, fmt.Sprintf("bad-%d.db", off))
		d := bytes.Clone(data)
		binary.LittleEndian.PutUint32(d[off:], binary.LittleEndian.Uint32(d[off:])+0x40000000)
		os.WriteFile(bad, d, 0o600)
		var stdout bytes.Buffer
		cmd, stderr := honeProcessTo(t, &stdout, bad, "check")
		hung := time.AfterFunc(30*time.Second, func() { cmd.Process.Kill() })
		err := cmd.Wait()
		hung.Stop()
		var exit *exec.ExitError
		if !errors.As(err, &exit) || exit.ExitCode() != 1 || strings.Count(stderr.String(), "\n") != 1 {
			t.Errorf("check with page 2 damaged at %d: %v, stderr %.300q", off, err, stderr.String())
		}
		if stdout.Len() == 0 && !strings.Contains(stderr.String(), "damaged") {
			t.Errorf("check with page 2 damaged at %d reported nothing", off)
		}
	}
}

// A read command that meets damage says so, exits 1, and says what to do;
// hone recover then saves what can be read.
func TestReadCommandsMeetingDamageAndRecover(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "hone.db")
	deckFile := filepath.Join(dir, "go.md")
	os.WriteFile(deckFile, []byte(goDeck), 0o600)
	if r := hone(t, db, "import", deckFile); r.code != 0 {
		t.Fatal(r)
	}
	bdb, err := bolt.Open(db, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	err = bdb.Update(func(tx *bolt.Tx) error {
		return tx.Bucket([]byte("decks")).Put([]byte("Go idioms"), []byte{0xff, 1, 2})
	})
	bdb.Close()
	if err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{{"due"}, {"decks"}, {"stats"}} {
		r := hone(t, db, args...)
		if r.code != 1 || strings.Count(r.stderr, "\n") != 1 || !strings.Contains(r.stderr, "damaged") ||
			!strings.Contains(r.stderr, "hone check") || !strings.Contains(r.stderr, "hone recover") {
			t.Errorf("hone %v on a damaged file: %+v", args, r)
		}
	}
	out := filepath.Join(dir, "recovered.db")
	r := hone(t, db, "recover", out)
	cards := builtinCards(t) + 3 // the built-in decks and goDeck's three
	if want := fmt.Sprintf("Recovered %d cards, %d texts", cards, cards); r.code != 0 ||
		!strings.Contains(r.stdout, "lost: decks: 1 records did not decode") || !strings.Contains(r.stdout, want) {
		t.Fatalf("recover: %+v", r)
	}
	if r := hone(t, out, "check"); r.code != 0 {
		t.Errorf("check of the recovered file: %+v", r)
	}
	if r := hone(t, out, "import", deckFile); r.code != 0 || !strings.Contains(r.stdout, `deck "Go idioms"`) {
		t.Errorf("importing the lost deck again: %+v", r)
	}
}

// builtinCards counts the cards of the built-in decks, which every
// database holds.
func builtinCards(t *testing.T) int {
	t.Helper()
	paths, err := fs.Glob(decks.FS, "*.md")
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, p := range paths {
		d, diags := deck.ParseFS(decks.FS, p)
		if diags.Err() != nil {
			t.Fatal(diags.Err())
		}
		n += len(d.Cards)
	}
	return n
}
