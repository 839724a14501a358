package main

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/hone-srs/hone/decks"
	"github.com/hone-srs/hone/srs"
)

func TestSchedulerCommand(t *testing.T) {
	db := filepath.Join(t.TempDir(), "hone.db")
	// A collection with some history: the first ten built-in cards
	// answered on two days.
	now := time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC)
	store, err := srs.Open(db, srs.Options{Clock: func() time.Time { return now }})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := store.SyncFS(decks.FS, true); err != nil {
		t.Fatal(err)
	}
	items, err := store.Queue(srs.QueueOptions{Today: srs.DayOf(now), ReviewLimit: -1, NewPerDeck: 5})
	if err != nil || len(items) < 10 {
		t.Fatalf("queue: %d items, %v", len(items), err)
	}
	for day := range 2 {
		for i, it := range items[:10] {
			if _, err := store.Answer(it.Card.ID, srs.Grades[(i+day)%4], srs.Review, time.Second); err != nil {
				t.Fatal(err)
			}
		}
		now = now.Add(24 * time.Hour)
	}
	store.Close()

	for _, tt := range []struct {
		args   []string
		code   int
		stdout []string
		stderr string
	}{
		{[]string{"scheduler"}, 0, []string{"Scheduler: SM-2"}, ""},
		{[]string{"scheduler", "fsrs", "--retention", "0.85"}, 0, []string{
			"Scheduler: FSRS-6, default weights, desired retention 0.85",
			"Replayed the history of 10 cards: ", " now fall due on another day.",
			"hone scheduler sm2 switches back."}, ""},
		{[]string{"scheduler"}, 0, []string{"Scheduler: FSRS-6, default weights, desired retention 0.85, maximum interval 36500 days"}, ""},
		{[]string{"scheduler", "fsrs", "--retention", "0.85"}, 0, []string{"already in force; 10 cards replayed, none moved"}, ""},
		{[]string{"scheduler", "fsrs", "--retention", "0.5"}, 2, nil, "hone: bad scheduler settings: desired retention 0.5 is not between 0.70 and 0.99"},
		{[]string{"scheduler", "anki"}, 2, nil, `hone: bad scheduler settings: no scheduler "anki" (there are sm2 and fsrs)`},
		{[]string{"scheduler", "--retention", "0.8"}, 2, nil, "hone: --retention goes with a scheduler to switch to"},
		{[]string{"scheduler", "sm2", "fsrs"}, 2, nil, "hone: accepts at most 1 arg(s), received 2"},
		{[]string{"scheduler", "sm2"}, 0, []string{"Scheduler: SM-2", "hone scheduler fsrs --retention 0.85 switches back."}, ""},
		{[]string{"check"}, 0, []string{"all is well"}, ""},
	} {
		r := hone(t, db, tt.args...)
		if r.code != tt.code || !strings.HasPrefix(r.stderr, tt.stderr) || (tt.stderr == "" && r.stderr != "") {
			t.Errorf("hone %v: exit %d, stderr %q", tt.args, r.code, r.stderr)
		}
		for _, want := range tt.stdout {
			if !strings.Contains(r.stdout, want) {
				t.Errorf("hone %v: stdout %q lacks %q", tt.args, r.stdout, want)
			}
		}
	}
}

func TestStatsCards(t *testing.T) {
	db := filepath.Join(t.TempDir(), "hone.db")
	if r := hone(t, db, "stats", "--cards"); r.code != 2 || !strings.Contains(r.stderr, "--cards goes with --json") {
		t.Errorf("--cards alone: %+v", r)
	}
	var got struct {
		Recall *float64 `json:"predicted_recall"`
		Cards  []struct {
			ID     string
			Due    string
			Recall float64
		}
	}
	r := hone(t, db, "stats", "--json", "--cards")
	if err := json.Unmarshal([]byte(r.stdout), &got); err != nil || r.code != 0 || got.Recall != nil || got.Cards != nil {
		t.Fatalf("nothing reviewed: %+v, %v", got, err)
	}
	// Two cards learned with Good two days before the test's clock: SM-2
	// gives them a day, and two days on recall is R(2, 1) =
	// (1 + 0.98034649·2)^−0.1542 = 0.84588465.
	then := time.Date(2026, 11, 21, 9, 0, 0, 0, time.UTC)
	store, err := srs.Open(db, srs.Options{Clock: func() time.Time { return then }})
	if err != nil {
		t.Fatal(err)
	}
	items, err := store.Queue(srs.QueueOptions{Today: srs.DayOf(then), ReviewLimit: -1, NewPerDeck: 1})
	if err != nil || len(items) < 2 {
		t.Fatalf("queue %v %v", items, err)
	}
	for _, it := range items[:2] {
		if _, err := store.Answer(it.Card.ID, srs.Good, srs.Review, time.Second); err != nil {
			t.Fatal(err)
		}
	}
	store.Close()
	r = hone(t, db, "stats", "--json", "--cards")
	if err := json.Unmarshal([]byte(r.stdout), &got); err != nil || len(got.Cards) != 2 || got.Recall == nil || *got.Recall != 0.84588465 {
		t.Fatalf("two cards: %s, %v", r.stdout, err)
	}
	for _, c := range got.Cards {
		if c.Recall != 0.84588465 || c.Due != "2026-11-22" {
			t.Errorf("card %+v", c)
		}
	}
}
