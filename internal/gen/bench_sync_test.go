package main

import (
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/hone-srs/hone/srs"
)

// The sync benchmarks, on the scale collection (100k cards, 1M entries;
// HONE_BENCH_DB as above):
//
//	go test -bench 'Sync' -benchtime 1x -count 3 -run '^$' ./internal/gen
//
// A copy of the collection sends everything once into a folder (not
// timed, reported in the log); BenchmarkSyncMillion then times an empty
// collection taking all of it in; BenchmarkSyncHundred times a collection
// that has it all taking in 100 new answers from the other.

// syncSetup is the sending collection and the folder it wrote, made once
// per process.
type syncSetup struct {
	dir, sender string
	sendTime    time.Duration
	sent        int
}

var syncFolder = sync.OnceValues(func() (syncSetup, error) {
	src, err := scale()
	if err != nil {
		return syncSetup{}, err
	}
	dir, err := tempDir()
	if err != nil {
		return syncSetup{}, err
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
	b.Logf("sending the whole collection (%d records) took %.1f s", st.sent, st.sendTime.Seconds())
	for i := range b.N {
		b.StopTimer()
		path := filepath.Join(b.TempDir(), fmt.Sprintf("empty-%d.db", i))
		s, err := srs.Open(path, srs.Options{})
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		rep, err := s.Sync(st.dir)
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
	today := lastDayOf(sender).Add(1)
	items, err := sender.Queue(srs.QueueOptions{Today: today, ReviewLimit: 10_000, NewPerDeck: 100})
	if err != nil || len(items) < 100 {
		b.Fatalf("%d cards to answer, %v", len(items), err)
	}
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
		rep, err := r.Sync(st.dir)
		b.StopTimer()
		if err != nil || len(rep.From) != 1 || rep.From[0].Answers != 100 {
			b.Fatalf("took in %+v, %v", rep, err)
		}
	}
}
