package srs

import (
	"bufio"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"syscall"
	"testing"
	"time"

	"github.com/hone-srs/hone/deck"
)

const importKillChildEnv = "HONE_SRS_IMPORT_KILL_CHILD"

// killDecks are the deck the store has before the killed import (none for
// a new deck), and the deck imported: trial 0 a new deck, 1 a re-import,
// 2 a new deck whose cards bring Anki progress, 3 that deck again with
// more answers.
func killDecks(trial int) (before, imported ImportItem) {
	base := testDeck("big", 3000, "a", "b")
	switch trial % 4 {
	case 0:
		return ImportItem{}, importItem(base)
	case 1:
		return importItem(base), importItem(reworked(base, 400, 500, 300))
	}
	withProgress := func(more bool) ImportItem {
		d := testDeck("big", 3000, "a", "b")
		for i := range d.Cards {
			d.Cards[i].Progress, _ = mixedProgress(i)
			if p := d.Cards[i].Progress; more && i%4 == 0 {
				p.Log = append(p.Log, ankiReview(at(8, 3, 9), 3, deck.ReviewReview))
			}
		}
		d.Hash += fmt.Sprint(more)
		return importItem(d)
	}
	if trial%4 == 2 {
		return ImportItem{}, withProgress(false)
	}
	return withProgress(false), withProgress(true)
}

// TestImportKilledBetweenPieces SIGKILLs a child process in the middle of
// a large import, at a random piece. The next Open rolls the import back:
// every record is as before it, the file checks clean, and the import then
// runs whole.
func TestImportKilledBetweenPieces(t *testing.T) {
	if os.Getenv(importKillChildEnv) != "" {
		t.Skip("child")
	}
	r := rand.New(rand.NewPCG(uint64(time.Now().UnixNano()), 17))
	for trial := range 4 {
		reimport := trial%2 == 1
		before, imported := killDecks(trial)
		path := filepath.Join(t.TempDir(), "hone.db")
		s := openAt(t, path, newClock(t0))
		if reimport {
			if _, err := s.Import([]ImportItem{before}, false); err != nil {
				t.Fatal(err)
			}
			mustAnswer(t, s, "big-1000", Good, Review)
		}
		want := logSnapshot(t, s)
		s.Close()

		stop := 1 + r.IntN(110) // of 1 + 60 + 66 pieces for the re-import
		cmd := exec.Command(os.Args[0], "-test.run=^TestImportKillChild$", "-test.count=1")
		cmd.Env = append(os.Environ(), importKillChildEnv+"="+path, "HONE_SRS_IMPORT_KILL_TRIAL="+strconv.Itoa(trial))
		out, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		lines, seen := bufio.NewScanner(out), 0
		for seen < stop && lines.Scan() {
			if _, err := fmt.Sscanf(lines.Text(), "piece %d", &seen); err != nil {
				t.Fatalf("child said %q", lines.Text())
			}
		}
		cmd.Process.Signal(syscall.SIGKILL)
		cmd.Wait()
		if seen < stop || seen == 100000 {
			t.Fatalf("trial %d: the child stopped at piece %d, not %d", trial, seen, stop)
		}

		s = openAt(t, path, newClock(t0))
		assertSameRecords(t, fmt.Sprintf("trial %d (re-import %v), killed after piece %d", trial, reimport, stop), logSnapshot(t, s), want)
		assertConsistent(t, s)
		res, err := s.Import([]ImportItem{imported}, false)
		if err != nil {
			t.Fatalf("trial %d: the import again: %v", trial, err)
		}
		if decks, _ := s.Decks(); len(decks) != 1 || decks[0].Cards != len(imported.Deck.Cards) {
			t.Errorf("trial %d: decks %+v after %+v", trial, decks, res)
		}
		assertConsistent(t, s)
		s.Close()
	}
}

// TestImportKillChild is the child of TestImportKilledBetweenPieces: it
// imports in pieces of 50 cards, with real fsyncs, saying each piece.
func TestImportKillChild(t *testing.T) {
	path := os.Getenv(importKillChildEnv)
	if path == "" {
		t.Skip("run by TestImportKilledBetweenPieces")
	}
	s, err := Open(path, Options{Clock: newClock(t0).Now})
	if err != nil {
		t.Fatal(err)
	}
	s.pieces = pieceSize{cards: 50, min: 10, budget: time.Hour, gap: 10 * time.Millisecond}
	n := 0
	s.pieces.afterPiece = func(int) { n++; fmt.Printf("piece %d\n", n) }
	trial, err := strconv.Atoi(os.Getenv("HONE_SRS_IMPORT_KILL_TRIAL"))
	if err != nil {
		t.Fatal(err)
	}
	_, imported := killDecks(trial)
	if _, err := s.Import([]ImportItem{imported}, false); err != nil {
		t.Fatal(err)
	}
	fmt.Println("piece 100000") // done: the parent's kill comes too late
	time.Sleep(time.Minute)
}
