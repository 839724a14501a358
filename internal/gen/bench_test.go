package main

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/hone-srs/hone/deck"
	"github.com/hone-srs/hone/srs"
)

// Benchmarks at scale, on a collection this package generates. They are
// slow to set up (a 100k-card, 1M-entry collection takes about a minute to
// build, more on a busy machine), so they run only under -bench:
//
//	go test -bench . -run '^$' ./internal/gen
//
// HONE_BENCH_DB=path points them at a collection built beforehand with
// `go run ./internal/gen -cards 100000 -log 1000000 -db path`; they only
// read it, except BenchmarkScaleAnswer, which works on a copy.

// tempDirs are removed when the tests and benchmarks are done.
var tempDirs []string

func tempDir() (string, error) {
	dir, err := os.MkdirTemp("", "hone-bench-")
	if err == nil {
		tempDirs = append(tempDirs, dir)
	}
	return dir, err
}

func TestMain(m *testing.M) {
	code := m.Run()
	for _, dir := range tempDirs {
		os.RemoveAll(dir)
	}
	os.Exit(code)
}

// scale is the collection the benchmarks below share: built once per
// process (or taken from HONE_BENCH_DB), with the day it was built for.
var scale = sync.OnceValues(func() (string, error) {
	if p := os.Getenv("HONE_BENCH_DB"); p != "" {
		return p, nil
	}
	dir, err := tempDir()
	if err != nil {
		return "", err
	}
	path := filepath.Join(dir, "hone.db")
	_, err = Build(path, Options{Cards: 100_000, Log: 1_000_000, Decks: 20, Seed: 1})
	return path, err
})

func scaleStore(b *testing.B) (*srs.Store, srs.Day) {
	b.Helper()
	path, err := scale()
	if err != nil {
		b.Fatal(err)
	}
	s, err := srs.Open(path, srs.Options{})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { s.Close() })
	// The day the collection was built for: the day after its last entry,
	// so that the same ~200 cards are due however old the file is.
	return s, lastDay(b, s).Add(1)
}

func lastDay(b *testing.B, s *srs.Store) srs.Day {
	b.Helper()
	d := lastDayOf(s)
	if d == 0 {
		b.Fatal("the collection has no history")
	}
	return d
}

// lastDayOf is the last day with answers in the last ten years, 0 if none.
func lastDayOf(s *srs.Store) srs.Day {
	var last srs.Day
	today := srs.DayOf(time.Now())
	for d := today; d > today.Add(-3660); d = d.Add(-30) {
		days, err := s.Days(d.Add(-29), d)
		if err != nil {
			return 0
		}
		for day := range days {
			last = max(last, day)
		}
		if last != 0 {
			return last
		}
	}
	return 0
}

// BenchmarkScaleQueue builds the day's review queue (200 due, 20 new cards
// a deck) from 100k cards and 1M log entries: what `hone review` reads
// before its first card.
func BenchmarkScaleQueue(b *testing.B) {
	s, today := scaleStore(b)
	b.ReportAllocs()
	for b.Loop() {
		items, err := s.Queue(srs.QueueOptions{Today: today, ReviewLimit: srs.DefaultReviewLimit, NewPerDeck: srs.DefaultNewPerDeck})
		if err != nil || len(items) == 0 {
			b.Fatalf("%d items, %v", len(items), err)
		}
	}
}

// BenchmarkScaleCounts is the home screen's numbers at the same scale.
func BenchmarkScaleCounts(b *testing.B) {
	s, today := scaleStore(b)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := s.Counts(today); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkScaleStats is `hone stats` without the process: Store.Stats at
// 100k cards and 1M log entries.
func BenchmarkScaleStats(b *testing.B) {
	s, today := scaleStore(b)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := s.Stats(today, srs.Limits{Reviews: srs.DefaultReviewLimit, NewPerDeck: srs.DefaultNewPerDeck}); err != nil {
			b.Fatal(err)
		}
	}
}

// answerCopy is a copy of the collection for BenchmarkScaleAnswer to write
// to, made once per process, and the queue it had before any answer.
var answerCopy = sync.OnceValues(func() (copied, error) {
	src, err := scale()
	if err != nil {
		return copied{}, err
	}
	dir, err := tempDir()
	if err != nil {
		return copied{}, err
	}
	raw, err := os.ReadFile(src)
	if err != nil {
		return copied{}, err
	}
	c := copied{path: filepath.Join(dir, "hone.db")}
	if err := os.WriteFile(c.path, raw, 0o600); err != nil {
		return c, err
	}
	s, err := srs.Open(c.path, srs.Options{})
	if err != nil {
		return c, err
	}
	defer s.Close()
	c.today = lastDayOf(s).Add(1)
	c.items, err = s.Queue(srs.QueueOptions{Today: c.today, ReviewLimit: srs.DefaultReviewLimit, NewPerDeck: srs.DefaultNewPerDeck})
	if err == nil && len(c.items) == 0 {
		err = errors.New("nothing due in the collection")
	}
	return c, err
})

type copied struct {
	path  string
	today srs.Day
	items []srs.Item
}

// BenchmarkScaleAnswer is one answer, committed and synced, on a copy of
// the 100k-card collection: it shows whether opening a big file for writing
// costs more than a small one (compare srs's BenchmarkAnswer).
func BenchmarkScaleAnswer(b *testing.B) {
	c, err := answerCopy()
	if err != nil {
		b.Fatal(err)
	}
	at := c.today.Time(time.Local).Add(8 * time.Hour)
	s, err := srs.Open(c.path, srs.Options{Clock: func() time.Time { return at }})
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	b.ResetTimer()
	for i := range b.N {
		if _, err := s.Answer(c.items[i%len(c.items)].Card.ID, srs.Good, srs.Review, time.Second); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkImport is `hone import` of a 50,000-card markdown file into a
// new collection, in its two parts and whole: parse, then one transaction.
func BenchmarkImport(b *testing.B) {
	for _, n := range []int{10_000, 50_000} {
		src := MarkdownDeck(n, 1)
		name := "hone-" + strconv.Itoa(n) + ".md"
		parse := func(b *testing.B) deck.Deck {
			d, diags := deck.ParseBytes(name, src)
			if err := diags.Err(); err != nil {
				b.Fatal(err)
			}
			return d
		}
		store := func(b *testing.B, d deck.Deck) {
			b.StopTimer()
			s, err := srs.Open(filepath.Join(b.TempDir(), fmt.Sprint(time.Now().UnixNano(), ".db")), srs.Options{})
			if err != nil {
				b.Fatal(err)
			}
			b.StartTimer()
			if _, err := s.Import([]srs.ImportItem{{Deck: d, Source: "/bench/" + name, Text: src}}, false); err != nil {
				b.Fatal(err)
			}
		}
		b.Run(fmt.Sprintf("parse/%d", n), func(b *testing.B) {
			b.SetBytes(int64(len(src)))
			for range b.N {
				parse(b)
			}
		})
		b.Run(fmt.Sprintf("store/%d", n), func(b *testing.B) {
			d := parse(b)
			b.ResetTimer()
			for range b.N {
				store(b, d)
			}
		})
		b.Run(fmt.Sprintf("whole/%d", n), func(b *testing.B) {
			for range b.N {
				store(b, parse(b))
			}
		})
	}
}

// BenchmarkScaleBrowseFirstPage is the card browser's first page with no
// search at 100k cards: one pass over the card records, then the text of
// the first page's cards.
func BenchmarkScaleBrowseFirstPage(b *testing.B) { benchBrowse(b, "", 50) }

// BenchmarkScaleBrowseState is a search that the card records answer.
func BenchmarkScaleBrowseState(b *testing.B) { benchBrowse(b, "is:review lapses>2", 1) }

// BenchmarkScaleBrowseText is a text search that matches no card at 100k
// cards: every card's text is looked at once.
func BenchmarkScaleBrowseText(b *testing.B) { benchBrowse(b, "zzyzx-nowhere", 0) }

// BenchmarkScaleBrowseTextCommon is a text search for a word many cards
// hold, each of which is decoded to be sure.
func BenchmarkScaleBrowseTextCommon(b *testing.B) { benchBrowse(b, "does", 50) }

// benchBrowse runs a search and reads its first page: at least least rows
// (0: none may match).
func benchBrowse(b *testing.B, query string, least int) {
	s, today := scaleStore(b)
	q, err := srs.ParseQuery(query)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		sr, err := s.Search(q, today)
		if err != nil {
			b.Fatal(err)
		}
		var rows []srs.BrowseRow
		for at := 0; at < len(sr.IDs) && len(rows) < 50; at += srs.BrowsePage {
			more, err := s.Rows(sr, sr.IDs[at:min(at+srs.BrowsePage, len(sr.IDs))])
			if err != nil {
				b.Fatal(err)
			}
			rows = append(rows, more...)
		}
		if len(rows) < least || (least == 0 && len(rows) > 0) {
			b.Fatalf("%d rows of %d cards for %q", len(rows), len(sr.IDs), query)
		}
	}
}
