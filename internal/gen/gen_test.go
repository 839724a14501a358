package main

import (
	"path/filepath"
	"strings"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/hone-srs/hone/deck"
	"github.com/hone-srs/hone/srs"
)

// today is a fixed day for the tests: 2026-11-23.
var today = srs.DayOf(time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC))

// keyCount counts the keys of a bucket, read straight from the file, so the
// test does not take the store's word for what it holds.
func keyCount(t *testing.T, path, bucket string) int {
	t.Helper()
	db, err := bolt.Open(path, 0o600, &bolt.Options{ReadOnly: true, Timeout: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	n := 0
	err = db.View(func(tx *bolt.Tx) error {
		n = tx.Bucket([]byte(bucket)).Stats().KeyN
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func TestBuildKeepsItsPromises(t *testing.T) {
	for _, o := range []Options{
		{Cards: 1500, Log: 6000, Decks: 5, Due: 60, Seed: 1},
		{Cards: 800, Log: 400, Due: 100, Seed: 2}, // a short log: the last day does most of the work
		{Cards: 300, Log: 0, Seed: 3},             // no history at all
		{Cards: 1500, Log: 6000, Decks: 5, Due: 60, Seed: 1, Scheduler: srs.DefaultFSRSSettings()},
		{Cards: 800, Log: 400, Due: 100, Seed: 2, Scheduler: srs.DefaultFSRSSettings()},
	} {
		o.Today, o.Loc = today, time.UTC
		path := filepath.Join(t.TempDir(), "hone.db")
		res, err := Build(path, o)
		if err != nil {
			t.Fatalf("%+v: %v", o, err)
		}
		if res.Cards != o.Cards || res.Log != o.Log {
			t.Errorf("%+v: result says %d cards and %d entries", o, res.Cards, res.Log)
		}
		if n := keyCount(t, path, "log"); n != o.Log {
			t.Errorf("%+v: %d log entries in the database", o, n)
		}
		if n := keyCount(t, path, "undone"); n != res.Undos {
			t.Errorf("%+v: %d undone entries in the database, %d promised", o, n, res.Undos)
		}
		if res.Reviews+res.Repeats+res.Drills+res.Undos != res.Log {
			t.Errorf("%+v: %d reviews, %d repeats, %d drills and %d undos do not add up to %d entries",
				o, res.Reviews, res.Repeats, res.Drills, res.Undos, res.Log)
		}

		s, err := srs.Open(path, srs.Options{})
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		infos, err := s.Decks()
		if err != nil {
			t.Fatal(err)
		}
		cards, fresh, generated := 0, 0, 0
		for _, d := range infos {
			if d.Builtin {
				continue
			}
			generated++
			cards += d.Cards
			fresh += d.New
		}
		if generated != res.Decks || cards != o.Cards || fresh != res.New {
			t.Errorf("%+v: the store has %d decks, %d cards, %d new; promised %d, %d, %d", o, generated, cards, fresh, res.Decks, o.Cards, res.New)
		}
		counts, err := s.Counts(today)
		if err != nil {
			t.Fatal(err)
		}
		due := 0
		for _, c := range counts {
			due += c.Due
		}
		if due != res.DueToday || due < res.DueMin || due > res.DueMax {
			t.Errorf("%+v: %d due today; promised %d in %d–%d", o, due, res.DueToday, res.DueMin, res.DueMax)
		}
		if o.Log > 0 && due != o.Due {
			t.Errorf("%+v: %d due today, not exactly %d", o, due, o.Due)
		}
		if o.Log > 0 && res.From != today.Add(-minSpan) {
			t.Errorf("%+v: history starts %s", o, res.From)
		}
		if problems, err := s.Check(); err != nil || len(problems) > 0 {
			t.Errorf("%+v: check: %v %v", o, err, problems)
		}
	}
}

func TestBuildRefusesWhatItCannotPromise(t *testing.T) {
	dir := t.TempDir()
	for _, o := range []Options{
		{Cards: 100, Log: 1000, Due: 200}, // too few cards to leave 200 due
		{Cards: 1000, Log: 100, Due: 200}, // too short a log
		{Cards: 0, Log: 0},
	} {
		if _, err := Build(filepath.Join(dir, "x.db"), o); err == nil {
			t.Errorf("%+v: no error", o)
		}
	}
}

func TestMarkdownDeckParses(t *testing.T) {
	src := MarkdownDeck(1000, 1)
	d, diags := deck.ParseBytes("hone-1000.md", src)
	if len(diags) > 0 {
		t.Fatalf("diagnostics: %v", diags)
	}
	if len(d.Cards) != 1000 || len(d.Topics) != 5 {
		t.Errorf("%d cards in %d topics", len(d.Cards), len(d.Topics))
	}
	kinds := map[deck.Kind]int{}
	prompts := 0
	for _, c := range d.Cards {
		kinds[c.Kind]++
		if c.Kind == deck.Basic && c.Prompt != "" {
			prompts++
		}
		if strings.TrimSpace(c.Back+c.Explanation) == "" {
			t.Fatalf("card %q has no answer", c.Front)
		}
	}
	if kinds[deck.Choice] < 100 || kinds[deck.Choice] > 200 || prompts < 20 {
		t.Errorf("a dull mix: %v, %d long questions", kinds, prompts)
	}
}
