package srs

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"strings"
	"testing"

	"github.com/hone-srs/hone/deck"
)

// openSpools counts the spool files this process holds open (on Linux,
// where /proc/self/fd shows them, unlinked or not).
func openSpools(t testing.TB) int {
	t.Helper()
	if runtime.GOOS != "linux" {
		return 0
	}
	fds, err := os.ReadDir("/proc/self/fd")
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, fd := range fds {
		target, err := os.Readlink(filepath.Join("/proc/self/fd", fd.Name()))
		if err == nil && strings.Contains(target, spoolPattern[:len(spoolPattern)-1]) {
			n++
		}
	}
	return n
}

func assertNoSpool(t testing.TB) {
	t.Helper()
	if n := openSpools(t); n != 0 {
		t.Fatalf("%d spool files still open", n)
	}
}

// A streamed import spools its cards: the spool is open (and has no name)
// while the pieces are written, and closed when the import ends, whether
// it succeeds, fails, or is cancelled.
func TestImportStreamSpoolIsRemoved(t *testing.T) {
	for _, tt := range []struct {
		name   string
		cancel int // cancel after this many pieces; 0: never
	}{
		{"success", 0},
		{"cancelled", 3},
	} {
		t.Run(tt.name, func(t *testing.T) {
			s := testStore(t, newClock(t0))
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			open := -1
			smallPieces(s, func(n int) {
				if n == 2 {
					open = openSpools(t)
				}
				if n == tt.cancel {
					cancel()
				}
			})
			st := streamOf([]ImportItem{importItem(testDeck("big", 40, "a"))}, 3, nil)
			_, err := s.ImportStream(ctx, st, false)
			if (err != nil) != (tt.cancel != 0) {
				t.Fatalf("error %v", err)
			}
			if runtime.GOOS == "linux" && open != 1 {
				t.Fatalf("%d spool files open while the pieces were written, want 1", open)
			}
			assertNoSpool(t)
			names, err := filepath.Glob(filepath.Join(filepath.Dir(s.path), spoolPattern))
			if err != nil || len(names) != 0 {
				t.Fatalf("spool files left by name: %v (%v)", names, err)
			}
		})
	}
}

// What the spool holds comes back as it went in: every field an import
// stores.
func TestSpoolRoundTrip(t *testing.T) {
	cards := []deck.Card{
		{ID: "a1", Deck: "D", Topic: "T", Tags: []string{"x", "y"}, Kind: deck.Choice, Front: "F", Prompt: "P",
			Options: []deck.Option{{Letter: "a", Text: "one"}, {Letter: "b", Text: "two"}}, Correct: 1, Explanation: "E", Note: "n1", Line: 42},
		{ID: "b2", Kind: deck.Cloze, Front: "x ==[...]==", Back: "x ==y==", Note: "n2", Line: 7},
		{ID: "c3", Front: "q", Back: "a\n\tb"},
	}
	sp, err := newSpool(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer sp.close()
	for i, c := range cards {
		if err := sp.add(0, uint32(i), c); err != nil {
			t.Fatal(err)
		}
	}
	got, err := sp.read(sp.index, nil)
	if err != nil {
		t.Fatal(err)
	}
	for i := range cards {
		if !reflect.DeepEqual(got[i], cards[i]) {
			t.Errorf("card %d: got %+v, want %+v", i, got[i], cards[i])
		}
	}
}

// A deck removed while a streamed import reads its files (nothing is
// stored until they are read) voids the plan the import made: it stops
// before storing anything, and says to run it again.
func TestImportStreamStoreChangedMeanwhile(t *testing.T) {
	s := testStore(t, newClock(t0))
	pieces := smallPieces(s, nil)
	before := testDeck("big", 40, "a")
	if _, err := s.Import([]ImportItem{importItem(before)}, false); err != nil {
		t.Fatal(err)
	}
	var want map[string]map[string]string
	st := streamOf([]ImportItem{importItem(reworked(before, 5, 5, 5))}, 3, func(i, b int) error {
		if b != 5 {
			return nil
		}
		if _, err := s.RemoveDeck("big"); err != nil {
			return err
		}
		want = snapshot(t, s)
		*pieces = 0
		return nil
	})
	_, err := s.ImportStream(context.Background(), st, false)
	if !errors.Is(err, errChangedMeanwhile) {
		t.Fatalf("error %v, want %v", err, errChangedMeanwhile)
	}
	if *pieces != 0 {
		t.Fatalf("%d pieces stored", *pieces)
	}
	assertNoSpool(t)
	assertSameRecords(t, "after the import stopped", snapshot(t, s), want)
	assertConsistent(t, s)
}

// ctx cancelled while a streamed import reads its files (SIGTERM) stops
// the reading at the next block, with nothing stored.
func TestImportStreamCancelWhileReading(t *testing.T) {
	s := testStore(t, newClock(t0))
	pieces := smallPieces(s, nil)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	after := 0
	st := streamOf([]ImportItem{importItem(testDeck("big", 60, "a"))}, 3, func(i, b int) error {
		if b == 6 {
			cancel()
		}
		if b > 6 {
			after++
		}
		return nil
	})
	_, err := s.ImportStream(ctx, st, false)
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("error %v", err)
	}
	if after > 1 || *pieces != 0 {
		t.Fatalf("%d blocks read after the cancel, %d pieces stored", after, *pieces)
	}
	assertNoSpool(t)
}
