// mkv5 writes srs/testdata/v5.db (cd srs/testdata && go run mkv5.go v5.db) with hone's main at 63beeaa (schema v5):
// the marks deck imported with its text, so that its sync blob and its text are whole records, and a few answers.
package main

import (
	"os"
	"time"

	"github.com/hone-srs/hone/deck"
	"github.com/hone-srs/hone/srs"
)

func main() {
	path := os.Args[1]
	now := time.Date(2025, 3, 1, 9, 0, 0, 0, time.UTC)
	s, err := srs.Open(path, srs.Options{Clock: func() time.Time { return now }})
	if err != nil {
		panic(err)
	}
	src, err := os.ReadFile("marks.md")
	if err != nil {
		panic(err)
	}
	d, diags := deck.ParseBytes("marks.md", src)
	if err := diags.Err(); err != nil {
		panic(err)
	}
	if _, err := s.Import([]srs.ImportItem{{Deck: d, Source: "marks.md", Text: src}}, false); err != nil {
		panic(err)
	}
	for i, c := range d.Cards[:3] {
		now = now.Add(time.Duration(i+1) * time.Minute)
		if _, err := s.Answer(c.ID, srs.Good, srs.Review, 5*time.Second); err != nil {
			panic(err)
		}
	}
	if err := s.Close(); err != nil {
		panic(err)
	}
}
