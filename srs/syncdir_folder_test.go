package srs

import (
	"bytes"
	"encoding/binary"
	"hash/crc32"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// A segment longer than one read window is read to its end in one sync:
// a record cut by the window's end is not a torn tail. (The window is a
// few records here; it is 5 MB in use, and a segment can grow to 8 MB, as
// a new machine's first sync of a big collection showed.)
func TestSyncReadsPastTheWindow(t *testing.T) {
	defer func(n int64) { readWindow = n }(readWindow)
	readWindow = 300
	a, b, dir, c := syncPair(t)
	for day := range 10 {
		c.Advance(24 * time.Hour)
		for i := range 6 {
			mustAnswer(t, a, "go-"+string(rune('0'+i)), Grades[(day+i)%4], Review)
		}
	}
	mustSyncDir(t, a, dir)
	if size := fileSize(t, onlySegment(t, dir, deviceOf(t, a))); size < 5*readWindow {
		t.Fatalf("the segment has %d bytes, too few for the test", size)
	}
	if rep := mustSyncDir(t, b, dir); answersFrom(rep) != 66 {
		t.Errorf("one sync took in %d answers, want 66", answersFrom(rep))
	}
	sameCollections(t, a, b)
	assertConsistent(t, b)
}

func fileSize(t testing.TB, path string) int64 {
	t.Helper()
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	return fi.Size()
}

// A sync that finds nothing new and has nothing to send leaves the
// database as it was: no write, no commit to wait for.
func TestSyncNothingNewWritesNothing(t *testing.T) {
	a, b, dir, _ := syncPair(t)
	mustSyncDir(t, a, dir)
	mustSyncDir(t, b, dir)
	mustSyncDir(t, a, dir) // b's name
	for _, s := range []*Store{a, b} {
		before, err := os.ReadFile(s.Path())
		if err != nil {
			t.Fatal(err)
		}
		if rep := mustSyncDir(t, s, dir); len(rep.From) != 0 || rep.Sent != 0 {
			t.Fatalf("a sync after a sync did %+v", rep)
		}
		after, err := os.ReadFile(s.Path())
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(before, after) {
			t.Errorf("%s changed", s.Path())
		}
	}
}

// A folder that does not exist, or that cannot be written, is one line.
func TestSyncFolderProblems(t *testing.T) {
	a, _, dir, _ := syncPair(t)
	_, err := a.Sync(filepath.Join(dir, "missing"))
	if err == nil || !strings.Contains(err.Error(), "does not exist") || strings.Contains(err.Error(), "\n") {
		t.Errorf("missing folder: %v", err)
	}
	if _, err := os.Stat(filepath.Join(dir, "missing")); err == nil {
		t.Error("the missing folder was created")
	}
	for _, cause := range []error{fs.ErrPermission, syscall.EROFS, syscall.EACCES} {
		err := folderError("/x", &fs.PathError{Op: "mkdir", Path: "/x/y", Err: cause})
		if !strings.Contains(err.Error(), "sync folder /x is not writable") {
			t.Errorf("%v: %v", cause, err)
		}
	}
	if os.Geteuid() != 0 { // root writes anywhere
		ro := filepath.Join(dir, "ro")
		os.Mkdir(ro, 0o555)
		_, err := a.Sync(ro)
		if err == nil || !strings.Contains(err.Error(), "not writable") {
			t.Errorf("read-only folder: %v", err)
		}
		// A folder hone wrote to before, made read-only since.
		mustSyncDir(t, a, dir)
		own := filepath.Join(dir, deviceOf(t, a).String())
		os.Chmod(onlySegment(t, dir, deviceOf(t, a)), 0o444)
		os.Chmod(own, 0o555)
		defer os.Chmod(own, 0o755)
		mustAnswer(t, a, "go-0", Good, Review)
		_, err = a.Sync(dir)
		if err == nil || !strings.Contains(err.Error(), "sync folder "+dir+" is not writable") {
			t.Errorf("a folder made read-only: %v", err)
		}
	}
}

// A segment from a newer hone is refused by name; the devices it does
// not concern still sync, and its own records up to it too.
func TestSyncNewerSegment(t *testing.T) {
	a, b, dir, _ := syncPair(t)
	c := openAt(t, filepath.Join(t.TempDir(), "c.db"), newClock(t0))
	mustImport(t, c, testDeck("rust", 2), "# rust\n")
	mustSyncDir(t, a, dir)
	mustSyncDir(t, c, dir)
	// c's segment gets a record of a type this hone does not know, then
	// another answer; a's gets a second segment of a newer format.
	segC := onlySegment(t, dir, deviceOf(t, c))
	appendFile(t, segC, appendRecord(nil, 'X', []byte("from the future")))
	newer := encodeSegHeader(segHeader{device: deviceOf(t, a), after: 100})
	newer[8] = segVersion + 1
	binary.BigEndian.PutUint32(newer[28:], crc32.Checksum(newer[:28], castagnoli))
	newerPath := filepath.Join(dir, deviceOf(t, a).String(), "0000000000000064"+segExt)
	if err := os.WriteFile(newerPath, newer, 0o644); err != nil {
		t.Fatal(err)
	}
	rep := mustSyncDir(t, b, dir)
	var sawC, sawA bool
	for _, p := range rep.Problems {
		sawC = sawC || strings.Contains(p, segC) && strings.Contains(p, "newer hone")
		sawA = sawA || strings.Contains(p, newerPath) && strings.Contains(p, "newer hone")
	}
	if !sawC || !sawA {
		t.Errorf("problems %q do not name both newer files", rep.Problems)
	}
	decks, _ := b.Decks()
	if len(decks) != 2 || answersFrom(rep) != 6 {
		t.Errorf("decks %v, report %+v: the rest did not sync", decks, rep)
	}
	assertConsistent(t, b)
}

// Answers to a card whose deck has not arrived (it comes from another
// device's files) wait as an orphan's history; a switch of scheduler
// meanwhile, here or from another device, replays the rest and leaves
// the orphan waiting, and check finds nothing wrong. (Found by
// TestSyncConverges, seeds 96 and 100: "damaged log: entries for unknown
// card".)
func TestSyncSwitchWithOrphans(t *testing.T) {
	a, b, dir, c := syncPair(t)
	other := openAt(t, filepath.Join(t.TempDir(), "c.db"), c)
	mustSyncDir(t, a, dir)
	mustSyncDir(t, other, dir)
	mustAnswer(t, other, "go-1", Hard, Review)
	mustSyncDir(t, other, dir)
	// b sees only other's files: its answer, not a's deck.
	only := t.TempDir()
	dev := deviceOf(t, other).String()
	os.Mkdir(filepath.Join(only, dev), 0o755)
	copyFile(t, onlySegment(t, dir, deviceOf(t, other)), filepath.Join(only, dev, filepath.Base(onlySegment(t, dir, deviceOf(t, other)))))
	if rep := mustSyncDir(t, b, only); answersFrom(rep) != 1 {
		t.Fatalf("took in %+v", rep)
	}
	if problems, err := b.Check(); err != nil || len(problems) > 0 {
		t.Errorf("check with an orphan: %v %v", problems, err)
	}
	if _, err := b.SetScheduler(DefaultFSRSSettings()); err != nil {
		t.Fatalf("switch with an orphan: %v", err)
	}
	if problems, err := b.Check(); err != nil || len(problems) > 0 {
		t.Errorf("check after the switch: %v %v", problems, err)
	}
	converge(t, dir, a, b, other)
}
