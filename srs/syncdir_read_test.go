package srs

import (
	"bytes"
	"os"
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
