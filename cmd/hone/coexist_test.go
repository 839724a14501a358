package main

import (
	"path/filepath"
	"testing"
	"time"

	"github.com/hone-srs/hone/srs"
)

// A review answering in one process must not stop `hone due` (a shell
// prompt) or `hone stats` in another: the store holds the lock only while
// it reads or writes.
func TestDueAndStatsWhileAReviewAnswers(t *testing.T) {
	db := filepath.Join(t.TempDir(), "hone.db")
	if r := hone(t, db, "due"); r.code != 0 {
		t.Fatal(r)
	}
	review, err := srs.Open(db, srs.Options{})
	if err != nil {
		t.Fatal(err)
	}
	items, err := review.Queue(srs.QueueOptions{Today: srs.DayOf(time.Now()), ReviewLimit: 200, NewPerDeck: 40})
	if err != nil || len(items) < 30 {
		t.Fatalf("queue: %d items, %v", len(items), err)
	}
	done := make(chan error)
	go func() {
		for _, it := range items[:30] {
			if _, err := review.Answer(it.Card.ID, srs.Good, srs.Review, time.Second); err != nil {
				done <- err
				return
			}
		}
		done <- nil
	}()
	for i := 0; i < 10; i++ {
		for _, cmd := range [][]string{{"due"}, {"stats", "--json"}} {
			if r := hone(t, db, cmd...); r.code != 0 {
				t.Fatalf("hone %v during a review: %+v", cmd, r)
			}
		}
	}
	if err := <-done; err != nil {
		t.Fatalf("the review failed beside the readers: %v", err)
	}
}
