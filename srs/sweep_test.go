package srs

import (
	"bytes"
	"errors"
	"fmt"
	"math/rand"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// sweepFixture is a small, busy database: two decks, answers, an undo.
func sweepFixture(t *testing.T) []byte {
	t.Helper()
	clk := newClock(t0)
	s := testStore(t, clk)
	d := testDeck("d", 40, "a", "b", "c")
	mustSync(t, s, d)
	mustSync(t, s, testDeck("e", 10))
	for i := range 25 {
		e := mustAnswer(t, s, d.Cards[i].ID, Quality(i%6), Review)
		if i == 24 {
			if _, err := s.Undo(e.Seq); err != nil {
				t.Fatal(err)
			}
		}
		clk.Advance(time.Hour)
	}
	s.Close()
	data, err := os.ReadFile(s.Path())
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// damagedCopies are the fixture with each page inverted in turn, then
// flips random bit flips of 1 to 8 bits each.
func damagedCopies(data []byte, flips int, seed int64) []struct {
	name string
	data []byte
} {
	var out []struct {
		name string
		data []byte
	}
	const ps = 4096
	for p := 0; p*ps < len(data); p++ {
		d := bytes.Clone(data)
		for i := p * ps; i < min((p+1)*ps, len(d)); i++ {
			d[i] = ^d[i]
		}
		out = append(out, struct {
			name string
			data []byte
		}{fmt.Sprintf("page %d inverted", p), d})
	}
	rng := rand.New(rand.NewSource(seed))
	for i := range flips {
		d := bytes.Clone(data)
		for range 1 + rng.Intn(8) {
			at := rng.Intn(len(d))
			d[at] ^= 1 << rng.Intn(8)
		}
		out = append(out, struct {
			name string
			data []byte
		}{fmt.Sprintf("bit flips %d", i), d})
	}
	return out
}

// The sweep: on every damaged copy, check never crashes and says
// each problem in one line; a file found damaged is never written by an
// import or copied by a backup; reads either work or say the file is
// damaged. HONE_SWEEP_FLIPS sets how many bit-flipped copies to try
// (default 150, a few seconds).
func TestDamagedFileSweep(t *testing.T) {
	flips := 150
	if n, err := strconv.Atoi(os.Getenv("HONE_SWEEP_FLIPS")); err == nil {
		flips = n
	}
	data := sweepFixture(t)
	dir := t.TempDir()
	var stats sweepStats
	for i, c := range damagedCopies(data, flips, 1) {
		path := filepath.Join(dir, fmt.Sprintf("%d.db", i))
		if err := os.WriteFile(path, c.data, 0o600); err != nil {
			t.Fatal(err)
		}
		sweepOne(t, c.name, path, &stats)
		os.Remove(path)
	}
	t.Logf("%d copies: %d refused at open, %d found damaged by check, %d with drift only, %d sound; %d imports and %d backups refused",
		stats.copies, stats.refusedAtOpen, stats.damaged, stats.drift, stats.sound, stats.importsRefused, stats.backupsRefused)
}

type sweepStats struct {
	copies, refusedAtOpen, damaged, drift, sound, importsRefused, backupsRefused int
}

func sweepOne(t *testing.T, name, path string, st *sweepStats) {
	t.Helper()
	st.copies++
	before := fileSum(t, path)
	s, err := Open(path, Options{Clock: newClock(t0).Now, noSync: true, Timeout: time.Second})
	if err != nil {
		assertFileError(t, name+": open", err, ErrDamaged, ErrNotHone, ErrNewerSchema)
		st.refusedAtOpen++
		if fileSum(t, path) != before {
			t.Errorf("%s: a refused open changed the file", name)
		}
		return
	}
	defer s.Close()
	chk, err := s.inspect()
	if err != nil {
		assertFileError(t, name+": check", err, ErrDamaged)
	}
	for _, p := range chk.problems {
		if strings.Contains(p, "\n") {
			t.Errorf("%s: a problem on two lines: %q", name, p)
		}
	}
	damaged := err != nil || chk.damaged
	switch {
	case damaged:
		st.damaged++
	case len(chk.problems) > 0:
		st.drift++
	default:
		st.sound++
	}
	for _, read := range []func() error{
		func() error { _, err := s.Counts(DayOf(t0)); return err },
		func() error { _, err := s.Stats(DayOf(t0), Limits{Reviews: 200, NewPerDeck: 20}); return err },
		func() error { _, err := s.Decks(); return err },
		func() error {
			_, err := s.Queue(QueueOptions{Today: DayOf(t0), ReviewLimit: 100, NewPerDeck: 20})
			return err
		},
	} {
		if err := read(); err != nil {
			assertFileError(t, name+": read", err, ErrDamaged)
		}
	}
	if !damaged {
		return
	}
	_, err = s.Import([]ImportItem{{Deck: testDeck("new", 3), Source: "/src/new.md", Text: []byte("x")}}, false)
	if err == nil {
		t.Errorf("%s: import wrote to a damaged file", name)
	} else {
		st.importsRefused++
	}
	backup := path + ".bak"
	if err := s.Backup(backup, false); err == nil {
		t.Errorf("%s: backup copied a damaged file", name)
	} else {
		st.backupsRefused++
	}
	if _, err := os.Stat(backup); err == nil {
		t.Errorf("%s: a refused backup left %s", name, backup)
	}
	if fileSum(t, path) != before {
		t.Errorf("%s: the damaged file was written to", name)
	}
}

// assertFileError wants err to be one of kinds, in one line.
func assertFileError(t *testing.T, what string, err error, kinds ...error) {
	t.Helper()
	for _, k := range kinds {
		if errors.Is(err, k) {
			if strings.Contains(err.Error(), "\n") {
				t.Errorf("%s: error on two lines: %q", what, err)
			}
			return
		}
	}
	t.Errorf("%s: %v is none of %v", what, err, kinds)
}
