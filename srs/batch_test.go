package srs

import (
	"testing"
	"time"
)

func TestBatchMatchesSingleAnswers(t *testing.T) {
	c := newClock(t0)
	single, batched := testStore(t, c), testStore(t, c)
	d := testDeck("d", 5)
	mustSync(t, single, d)
	mustSync(t, batched, d)
	type step struct {
		card int
		q    Quality
		kind EntryKind
		days int
		undo bool
	}
	steps := []step{{0, Good, Review, 0, false}, {1, Again, Review, 0, false}, {1, Good, Review, 0, false},
		{2, Easy, Drill, 0, false}, {0, Good, Review, 1, false}, {0, 0, 0, 1, true}, {3, Hard, Review, 7, false}}
	var lastSingle, lastBatch uint64
	err := batched.Batch(func(b *Batch) error {
		for _, s := range steps {
			at := t0.Add(time.Duration(s.days) * 24 * time.Hour)
			c.Set(at)
			if s.undo {
				if _, err := single.Undo(lastSingle); err != nil {
					return err
				}
				_, err := b.Undo(lastBatch, at)
				if err != nil {
					return err
				}
				continue
			}
			lastSingle = mustAnswer(t, single, d.Cards[s.card].ID, s.q, s.kind).Seq
			e, err := b.Answer(d.Cards[s.card].ID, s.q, s.kind, at, time.Second)
			if err != nil {
				return err
			}
			lastBatch = e.Entry.Seq
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	a, _ := single.Cards()
	b, _ := batched.Cards()
	for id, st := range a {
		if b[id] != st {
			t.Errorf("card %s: batch %+v, single %+v", id, b[id], st)
		}
	}
	if problems, err := batched.Check(); err != nil || len(problems) > 0 {
		t.Errorf("check after batch: %v %v", problems, err)
	}
	if err := batched.Batch(func(b *Batch) error {
		_, err := b.Answer("nope", Good, Review, t0, 0)
		return err
	}); err == nil {
		t.Error("batch with an unknown card succeeded")
	}
}
