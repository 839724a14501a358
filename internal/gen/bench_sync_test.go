package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime/pprof"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/hone-srs/hone/srs"
)

// The sync benchmarks, on the scale collection (100k cards, 1M entries;
// HONE_BENCH_DB as above):
//
//	go test -bench 'Sync' -benchtime 1x -count 3 -run '^$' ./internal/gen
//
// Beside the wall clock they report the process's CPU time (user+sys) in
// the timed part, cpu-ms/op, which a busy machine does not inflate. The
// hundred's timed sync carries the pprof label timed=hundred: profile it
// with -cpuprofile and pprof -tagfocus=timed=hundred.
//
// A copy of the collection sends everything once into a folder (not
// timed, reported in the log); BenchmarkSyncMillion then times an empty
// collection taking all of it in; BenchmarkSyncHundred times a collection
// that has it all taking in 100 new answers from the other, and
// BenchmarkSyncNothing the same collection finding nothing new.
// HONE_BENCH_SYNC=dir keeps the folder and both collections in dir, and
// later runs start from them (the sender has sent everything, the
// receiver has taken it in).

// syncSetup is the sending collection and the folder it wrote, made once
// per process.
type syncSetup struct {
	dir, sender string
	sendTime    time.Duration
	sent        int
}

var syncFolder = sync.OnceValues(func() (syncSetup, error) {
	dir := os.Getenv("HONE_BENCH_SYNC")
	if dir != "" {
		st := syncSetup{dir: filepath.Join(dir, "folder"), sender: filepath.Join(dir, "sender.db")}
		if _, err := os.Stat(st.sender); err == nil {
			return st, nil // made by an earlier run
		}
	}
	src, err := scale()
	if err != nil {
		return syncSetup{}, err
	}
	if dir == "" {
		if dir, err = tempDir(); err != nil {
			return syncSetup{}, err
		}
	}
	st := syncSetup{dir: filepath.Join(dir, "folder"), sender: filepath.Join(dir, "sender.db")}
	if err := os.Mkdir(st.dir, 0o700); err != nil {
		return st, err
	}
	raw, err := os.ReadFile(src)
	if err != nil {
		return st, err
	}
	if err := os.WriteFile(st.sender, raw, 0o600); err != nil {
		return st, err
	}
	s, err := srs.Open(st.sender, srs.Options{})
	if err != nil {
		return st, err
	}
	defer s.Close()
	start := time.Now()
	rep, err := s.Sync(st.dir)
	st.sendTime, st.sent = time.Since(start), rep.Sent
	return st, err
})

// receiver is a collection that took in everything once, for
// BenchmarkSyncHundred.
var receiver = sync.OnceValues(func() (string, error) {
	st, err := syncFolder()
	if err != nil {
		return "", err
	}
	path := filepath.Join(filepath.Dir(st.sender), "receiver.db")
	if _, err := os.Stat(path); err == nil && os.Getenv("HONE_BENCH_SYNC") != "" {
		return path, nil // made by an earlier run
	}
	s, err := srs.Open(path, srs.Options{})
	if err != nil {
		return "", err
	}
	defer s.Close()
	_, err = s.Sync(st.dir)
	return path, err
})

// BenchmarkSyncMillion is an empty collection taking in a million entries
// (and the decks of 100,000 cards) from the folder: a new machine's first
// sync.
func BenchmarkSyncMillion(b *testing.B) {
	st, err := syncFolder()
	if err != nil {
		b.Fatal(err)
	}
	if st.sent > 0 {
		b.Logf("sending the whole collection (%d records) took %.1f s", st.sent, st.sendTime.Seconds())
	}
	var cpu cpuWatch
	defer cpu.report(b)
	for i := range b.N {
		b.StopTimer()
		path := filepath.Join(b.TempDir(), fmt.Sprintf("empty-%d.db", i))
		s, err := srs.Open(path, srs.Options{})
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		cpu.start()
		rep, err := s.Sync(st.dir)
		cpu.stop()
		b.StopTimer()
		if err != nil || len(rep.Problems) > 0 {
			b.Fatalf("%v %v", err, rep.Problems)
		}
		n := 0
		for _, d := range rep.From {
			n += d.Answers + d.Other
		}
		if n < 1_000_000 {
			b.Fatalf("took in %d entries", n)
		}
		s.Close()
	}
}

// BenchmarkSyncHundred is a collection with the whole history taking in
// the next 100 answers given on the other: the sync at a session's start.
func BenchmarkSyncHundred(b *testing.B) {
	st, err := syncFolder()
	if err != nil {
		b.Fatal(err)
	}
	recv, err := receiver()
	if err != nil {
		b.Fatal(err)
	}
	sender, err := srs.Open(st.sender, srs.Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer sender.Close()
	r, err := srs.Open(recv, srs.Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer r.Close()
	if _, err := r.Sync(st.dir); err != nil { // whatever else is there
		b.Fatal(err)
	}
	today := lastDayOf(sender).Add(1)
	items, err := sender.Queue(srs.QueueOptions{Today: today, ReviewLimit: 10_000, NewPerDeck: 100})
	if err != nil || len(items) < 100 {
		b.Fatalf("%d cards to answer, %v", len(items), err)
	}
	var cpu cpuWatch
	defer cpu.report(b)
	b.ResetTimer()
	for i := range b.N {
		b.StopTimer()
		err := sender.Batch(func(bt *srs.Batch) error {
			for k := range 100 {
				it := items[(i*100+k)%len(items)]
				if _, err := bt.Answer(it.Card.ID, srs.Grades[k%4], srs.Review, time.Now(), time.Second); err != nil {
					return err
				}
			}
			return nil
		})
		if err == nil {
			_, err = sender.Sync(st.dir)
		}
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		cpu.start()
		var rep srs.SyncReport
		pprof.Do(context.Background(), pprof.Labels("timed", "hundred"), func(context.Context) { rep, err = r.Sync(st.dir) })
		cpu.stop()
		b.StopTimer()
		if err != nil || len(rep.From) != 1 || rep.From[0].Answers != 100 || rep.From[0].Other+rep.From[0].Events != 0 {
			b.Fatalf("took in %+v, %v", rep, err)
		}
	}
}

// cpuWatch adds up this process's CPU time (user+sys) over the timed parts
// of a benchmark.
type cpuWatch struct{ from, total time.Duration }

func (w *cpuWatch) start() { w.from = cpuTime() }
func (w *cpuWatch) stop()  { w.total += cpuTime() - w.from }

func (w *cpuWatch) report(b *testing.B) {
	b.ReportMetric(float64(w.total.Microseconds())/1000/float64(b.N), "cpu-ms/op")
}

func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// BenchmarkSyncNothing is the same collection syncing when no device wrote
// anything new: the sync at the start of most sessions.
func BenchmarkSyncNothing(b *testing.B) {
	recv, err := receiver()
	if err != nil {
		b.Fatal(err)
	}
	st, _ := syncFolder()
	r, err := srs.Open(recv, srs.Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer r.Close()
	if _, err := r.Sync(st.dir); err != nil { // whatever was left
		b.Fatal(err)
	}
	var cpu cpuWatch
	defer cpu.report(b)
	b.ResetTimer()
	for range b.N {
		cpu.start()
		rep, err := r.Sync(st.dir)
		cpu.stop()
		if err != nil || len(rep.From) != 0 || rep.Sent != 0 {
			b.Fatalf("%+v, %v", rep, err)
		}
	}
}
