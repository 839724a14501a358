package srs

import (
	"path/filepath"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"
)

// A clock that went backwards between showing a card and its answer made
// a negative time; the log never holds one.
func TestAnswerNeverLogsANegativeTime(t *testing.T) {
	s := testStore(t, newClock(t0))
	mustSync(t, s, testDeck("D", 1))
	res, err := s.Answer("D-0", Good, Review, -48*time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	if res.Entry.Took != 0 {
		t.Errorf("logged took %v, want 0", res.Entry.Took)
	}
}

// During a large import in another process, answers failed with "database
// … in use", and so did some `hone due` polls: the lock was held longer
// than the one second they waited. Answers now wait for as long as it
// takes, and reads for ten seconds.
func TestAnswersAndReadsWaitForAnotherHonesLock(t *testing.T) {
	path := filepath.Join(t.TempDir(), "hone.db")
	s, err := Open(path, Options{Clock: newClock(t0).Now, noSync: true})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	mustSync(t, s, testDeck("D", 3))
	for _, op := range []struct {
		name string
		do   func() error
	}{
		{"answer", func() error { _, err := s.Answer("D-0", Good, Review, 0); return err }},
		{"counts", func() error { _, err := s.Counts(DayOf(t0)); return err }},
	} {
		held, err := bolt.Open(path, 0o600, &bolt.Options{Timeout: time.Second})
		if err != nil {
			t.Fatal(err)
		}
		time.AfterFunc(1500*time.Millisecond, func() { held.Close() })
		start := time.Now()
		if err := op.do(); err != nil {
			t.Errorf("%s while another hone held the lock for 1.5s: %v", op.name, err)
		}
		if d := time.Since(start); d < 1400*time.Millisecond {
			t.Errorf("%s did not wait for the lock: %v", op.name, d)
		}
	}
}
