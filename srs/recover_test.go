package srs

import (
	"maps"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"
)

func TestRecoverASoundFileKeepsEverything(t *testing.T) {
	clk := newClock(t0)
	s := testStore(t, clk)
	d := testDeck("d", 30)
	mustSync(t, s, d)
	for i := range 10 {
		e := mustAnswer(t, s, d.Cards[i].ID, Quality(i%6), Review)
		if i == 9 {
			if _, err := s.Undo(e.Seq); err != nil {
				t.Fatal(err)
			}
		}
		clk.Advance(time.Hour)
	}
	// Under FSRS, so that the replay must use the scheduler in force.
	if _, err := s.SetScheduler(SchedulerSettings{Name: SchedulerFSRS, Retention: 0.9}); err != nil {
		t.Fatal(err)
	}
	want, err := s.Cards()
	if err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "recovered.db")
	rep, err := Recover(s.Path(), out)
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Lost) > 0 || rep.Fixed != 0 || rep.Kept[bCards] != 30 || rep.Kept[bLog] != 11 || rep.Kept[bContent] != 30 {
		t.Errorf("report %+v", rep)
	}
	r := openAt(t, out, clk)
	if problems, err := r.Check(); err != nil || len(problems) > 0 {
		t.Fatalf("the recovered file: %v %v", problems, err)
	}
	got, err := r.Cards()
	if err != nil || !maps.Equal(got, want) {
		t.Errorf("recovered states differ: %v", err)
	}
	// Answers go on where the log left off.
	e := mustAnswer(t, r, d.Cards[20].ID, Good, Review)
	if e.Seq != 12 {
		t.Errorf("the next answer has seq %d, want 12", e.Seq)
	}
	if _, err := Recover(s.Path(), out); err == nil {
		t.Error("recover over an existing file")
	}
}

// On every damaged copy of the sweep, recover either says in one line why
// nothing can be read, or writes a file that checks clean.
func TestRecoverEveryDamagedCopy(t *testing.T) {
	flips := 40
	if n, err := strconv.Atoi(os.Getenv("HONE_SWEEP_FLIPS")); err == nil {
		flips = n
	}
	data := sweepFixture(t)
	dir := t.TempDir()
	recovered := 0
	for i, c := range damagedCopies(data, flips, 2) {
		src := filepath.Join(dir, "src.db")
		os.WriteFile(src, c.data, 0o600)
		out := filepath.Join(dir, "out.db")
		os.Remove(out)
		_, err := Recover(src, out)
		if err != nil {
			assertOneLine(t, c.name, err)
			continue
		}
		recovered++
		r := openAt(t, out, newClock(t0))
		if problems, err := r.Check(); err != nil || len(problems) > 0 {
			t.Errorf("%s (%d): the recovered file has problems: %v %v", c.name, i, problems, err)
		}
		r.Close()
	}
	if recovered == 0 {
		t.Error("nothing was recovered")
	}
	t.Logf("%d of %d damaged copies recovered into files that check clean; the rest refused in one line", recovered, flips+len(data)/4096)
}

func assertOneLine(t *testing.T, what string, err error) {
	t.Helper()
	for _, c := range err.Error() {
		if c == '\n' {
			t.Errorf("%s: error on two lines: %q", what, err)
			return
		}
	}
}
