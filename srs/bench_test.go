package srs

import (
	"fmt"
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"
)

// cpuPerOp reports this process's CPU time (user+sys) per op beside the wall
// clock, so that figures stay meaningful on a machine busy with other work.
// Call it after setup; it reports when the returned func runs.
func cpuPerOp(b *testing.B) func() {
	start := cpuTime()
	b.ResetTimer()
	return func() {
		b.StopTimer()
		b.ReportMetric(float64((cpuTime()-start).Nanoseconds())/float64(b.N), "cpu-ns/op")
	}
}

func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// benchAnswer answers distinct cards, a day later for each pass over the
// deck, so that every answer is a schedule-setting review.
func benchAnswer(b *testing.B, noSync bool) {
	c := newClock(t0)
	s, err := Open(filepath.Join(b.TempDir(), "hone.db"), Options{Clock: c.Now, noSync: noSync})
	if err != nil {
		b.Fatal(err)
	}
	const n = 1000
	mustSync(b, s, testDeck("d", n))
	defer cpuPerOp(b)()
	for i := range b.N {
		if i%n == 0 && i > 0 {
			c.Advance(24 * time.Hour)
		}
		if _, err := s.Answer(fmt.Sprint("d-", i%n), Good, Review, time.Second); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkAnswer is one answer: open, one write transaction with its two
// fdatasyncs, close.
func BenchmarkAnswer(b *testing.B) { benchAnswer(b, false) }

// BenchmarkAnswerNoSync is the same without fsync: what an answer costs
// apart from the disk.
func BenchmarkAnswerNoSync(b *testing.B) { benchAnswer(b, true) }

// BenchmarkFsync is the disk's own price: a 4 KiB write and fdatasync on the
// same file system, for comparison with BenchmarkAnswer.
func BenchmarkFsync(b *testing.B) {
	f, err := os.Create(filepath.Join(b.TempDir(), "sync"))
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	page := make([]byte, 4096)
	defer cpuPerOp(b)()
	for i := range b.N {
		if _, err := f.WriteAt(page, int64(i%64)*4096); err != nil {
			b.Fatal(err)
		}
		if err := f.Sync(); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkOpenClose is Open (which inspects the file read-only) and Close
// on an existing database.
func BenchmarkOpenClose(b *testing.B) {
	path := filepath.Join(b.TempDir(), "hone.db")
	s := openAt(b, path, newClock(t0))
	mustSync(b, s, testDeck("d", 1000))
	defer cpuPerOp(b)()
	for range b.N {
		s, err := Open(path, Options{})
		if err != nil {
			b.Fatal(err)
		}
		s.Close()
	}
}

// BenchmarkReadOp is the short-lock overhead of a read: open read-only, one
// tiny transaction (NextDue), close.
func BenchmarkReadOp(b *testing.B) {
	s := testStore(b, newClock(t0))
	mustSync(b, s, testDeck("d", 1000))
	defer cpuPerOp(b)()
	for range b.N {
		if _, _, err := s.NextDue(0); err != nil {
			b.Fatal(err)
		}
	}
}

// bigStore builds cards decks of cards/decks each: all learned except
// newPerDeck per deck, with due cards due today or before and the rest
// spread over the next year. One transaction per deck sync, one for states.
func bigStore(b *testing.B, cards, decks, due, newPerDeck int) (*Store, Day) {
	b.Helper()
	c := newClock(t0)
	s := testStore(b, c)
	today := DayOf(t0)
	per := cards / decks
	for i := range decks {
		mustSync(b, s, testDeck(fmt.Sprint("deck", i), per, "t1", "t2", "t3", "t4"))
	}
	// One transaction per deck: bbolt splits nodes only at commit, so one
	// huge transaction of random-order keys is quadratic.
	n := 0
	for i := range decks {
		err := s.update(func(t *txn) error {
			for j := newPerDeck; j < per; j++ {
				id := fmt.Sprintf("deck%d-%d", i, j)
				r, err := t.card(id)
				if err != nil {
					return err
				}
				if err := t.unindex(id, r); err != nil {
					return err
				}
				st := CardState{Memory: SM2{Reps: 3, Interval: 15, EF: 2.5}, Reviews: 3, LastDay: today - 15}
				if n < due {
					st.Due = today - Day(n%30)
				} else {
					st.Due = today + 1 + Day(n%365)
				}
				n++
				r.State = st
				if err := t.index(id, r); err != nil {
					return err
				}
				if err := t.putCard(id, r); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			b.Fatal(err)
		}
	}
	return s, today
}

// BenchmarkQueue100k builds a day's queue from 100k cards with 200 due: the
// cost follows the due (and new) cards taken, not the collection; compare
// BenchmarkQueue10k.
func BenchmarkQueue100k(b *testing.B) { benchQueue(b, 100_000) }

// BenchmarkQueue10k is BenchmarkQueue100k with a tenth of the cards and the
// same due and new counts.
func BenchmarkQueue10k(b *testing.B) { benchQueue(b, 10_000) }

func benchQueue(b *testing.B, cards int) {
	s, today := bigStore(b, cards, 10, 200, 100)
	for _, bc := range []struct {
		name string
		o    QueueOptions
		want int
	}{
		{"due-only", QueueOptions{Today: today, ReviewLimit: 200}, 200},
		{"due+new", QueueOptions{Today: today, ReviewLimit: 200, NewPerDeck: 20}, 400},
	} {
		b.Run(bc.name, func(b *testing.B) {
			defer cpuPerOp(b)()
			for range b.N {
				items, err := s.Queue(bc.o)
				if err != nil || len(items) != bc.want {
					b.Fatalf("%d items, %v", len(items), err)
				}
			}
		})
	}
	b.Run("counts", func(b *testing.B) {
		defer cpuPerOp(b)()
		for range b.N {
			if _, err := s.Counts(today); err != nil {
				b.Fatal(err)
			}
		}
	})
}
