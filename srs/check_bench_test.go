package srs

import (
	"os"
	"testing"
)

// BenchmarkCheckLargeFile measures the checks an import, a backup and a
// migration run first, on the file HONE_BENCH_DB names (made with
// go run ./internal/gen -decks 20 -cards 100000 -log 1000000 -db FILE).
func BenchmarkCheckLargeFile(b *testing.B) {
	path := os.Getenv("HONE_BENCH_DB")
	if path == "" {
		b.Skip("HONE_BENCH_DB names no database")
	}
	s, err := Open(path, Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	b.Run("cheap", func(b *testing.B) {
		for b.Loop() {
			if p, err := checkStructure(path, false); err != nil || len(p) > 0 {
				b.Fatal(p, err)
			}
		}
	})
	b.Run("structure", func(b *testing.B) {
		for b.Loop() {
			if p, err := checkStructure(path, true); err != nil || len(p) > 0 {
				b.Fatal(p, err)
			}
		}
	})
	b.Run("before-import", func(b *testing.B) {
		for b.Loop() {
			if err := s.checkBeforeCopy(); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("all", func(b *testing.B) {
		for b.Loop() {
			if p, err := s.Check(); err != nil || len(p) > 0 {
				b.Fatal(p, err)
			}
		}
	})
}
