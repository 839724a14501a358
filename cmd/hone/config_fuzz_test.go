package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// FuzzConfig: no settings file makes hone panic, and every problem names
// the file.
func FuzzConfig(f *testing.F) {
	for _, s := range []string{
		"", "new_per_deck = 5\n", "theme = \"light\"\nday_starts_at = 23\n",
		"[deck.\"Go idioms\"]\nnew_per_day = 1\nmax_reviews = 2\n",
		"new_per_dek = 3\n", "day_starts_at = -1\n", "theme = [\n", "[deck]\nx = 1\n",
		"max_reviews = 99999999999999999999\n", "[deck.\"a\"]\nnew_per_day = \"x\"\n",
	} {
		f.Add([]byte(s))
	}
	dir := f.TempDir()
	path := filepath.Join(dir, "config.toml")
	e := env{getenv: func(k string) string {
		if k == "HONE_CONFIG" {
			return path
		}
		return ""
	}}
	f.Fuzz(func(t *testing.T, data []byte) {
		if err := os.WriteFile(path, data, 0o600); err != nil {
			t.Fatal(err)
		}
		c, err := loadConfig(e)
		if err != nil {
			if !strings.Contains(err.Error(), path) {
				t.Fatalf("an error that does not name the file: %v", err)
			}
			return
		}
		if !c.found {
			t.Fatal("a file that is there was not found")
		}
		c.perDeck()
	})
}
