package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"

	"github.com/hone-srs/hone/deck"
	"github.com/hone-srs/hone/srs"
)

// importDeck writes src to dir/name and imports it into db.
func importDeck(t *testing.T, db, name, src string) string {
	t.Helper()
	file := filepath.Join(filepath.Dir(db), name)
	if err := os.WriteFile(file, []byte(src), 0o600); err != nil {
		t.Fatal(err)
	}
	if r := hone(t, db, "import", file); r.code != 0 {
		t.Fatalf("import %s: %+v", name, r)
	}
	return file
}

// Without a terminal, `decks rm` does not answer its own question: it asks
// for --yes and leaves the deck.
func TestDecksRmWithoutTerminal(t *testing.T) {
	db := filepath.Join(t.TempDir(), "hone.db")
	importDeck(t, db, "go.md", goDeck)
	r := hone(t, db, "decks", "rm", "Go idioms")
	if r.code != 2 || !strings.Contains(r.stderr, "--yes") || strings.Contains(r.stdout, "[y/N]") {
		t.Fatalf("rm without a terminal: %+v", r)
	}
	if r := hone(t, db, "decks"); !strings.Contains(r.stdout, "Go idioms") {
		t.Fatalf("the deck was removed: %s", r.stdout)
	}
}

// `hone decks` lines up wide names and shows due counts within the review
// limit.
func TestDecksTable(t *testing.T) {
	db := filepath.Join(t.TempDir(), "hone.db")
	importDeck(t, db, "jp.md", "---\ndeck: 日本語の単語\n---\n# 語\n## 犬\ndog\n\n## 猫\ncat\n\n## 鳥\nbird\n")
	store, err := srs.Open(db, srs.Options{Clock: func() time.Time { return time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC) }})
	if err != nil {
		t.Fatal(err)
	}
	d, _ := deck.ParseBytes("jp.md", []byte("---\ndeck: 日本語の単語\n---\n# 語\n## 犬\ndog\n\n## 猫\ncat\n\n## 鳥\nbird\n"))
	for _, c := range d.Cards {
		if _, err := store.Answer(c.ID, srs.Good, srs.Review, time.Second); err != nil {
			t.Fatal(err)
		}
	}
	store.Close()
	r := hone(t, db, "--max-reviews", "2", "decks")
	if r.code != 0 {
		t.Fatalf("decks: %+v", r)
	}
	lines := strings.Split(strings.TrimRight(r.stdout, "\n"), "\n")
	// The second column starts at the same place on screen on every line.
	col := -1
	for _, l := range lines {
		i := strings.Index(l, "  ")
		j := i + len(l[i:]) - len(strings.TrimLeft(l[i:], " "))
		if w := ansi.StringWidth(l[:j]); col >= 0 && w != col {
			t.Errorf("columns do not line up (%d, then %d):\n%s", col, w, r.stdout)
		} else {
			col = w
		}
	}
	for _, l := range lines {
		if strings.HasPrefix(l, "日本語の単語") {
			if f := strings.Fields(l); len(f) < 4 || f[1] != "3" || f[2] != "2" {
				t.Errorf("due is not capped at --max-reviews 2: %q", l)
			}
		}
	}
}

// Ratios are printed rounded to 8 decimals, never with float noise such as
// 2.4170000000000003.
func TestStatsJSONRounds(t *testing.T) {
	db := filepath.Join(t.TempDir(), "hone.db")
	importDeck(t, db, "go.md", goDeck)
	d, _ := deck.ParseBytes("go.md", []byte(goDeck))
	day := time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)
	store, err := srs.Open(db, srs.Options{Clock: func() time.Time { return day }})
	if err != nil {
		t.Fatal(err)
	}
	for i, q := range []srs.Quality{srs.Hard, srs.Good, srs.Again} {
		if _, err := store.Answer(d.Cards[i].ID, q, srs.Review, time.Second); err != nil {
			t.Fatal(err)
		}
	}
	store.Close()
	r := hone(t, db, "stats", "--json", "--cards")
	// Two of three right: the accuracy 0.6666… prints as 0.66666667.
	if !strings.Contains(r.stdout, `"accuracy": 0.66666667,`) {
		t.Fatalf("accuracy not rounded to 8 decimals:\n%s", r.stdout)
	}
	if long := regexp.MustCompile(`\d\.\d{9,}`).FindString(r.stdout); long != "" {
		t.Fatalf("%s has more than 8 decimals:\n%s", long, r.stdout)
	}
}

// `hone due` is one number; --all adds the new cards available today, and
// hidden decks count for neither.
func TestDueAll(t *testing.T) {
	db := filepath.Join(t.TempDir(), "hone.db")
	if r := hone(t, db, "due", "--all"); r.code != 0 || r.stdout != "40\n" {
		t.Fatalf("due --all on a fresh database (two built-in decks, 20 new each): %+v", r)
	}
	if r := hone(t, db, "--new", "3", "due", "--all"); r.stdout != "6\n" {
		t.Fatalf("due --all --new 3: %+v", r)
	}
	hone(t, db, "decks", "hide", "ITIL Technical Management function")
	if r := hone(t, db, "due", "--all"); r.stdout != "20\n" {
		t.Fatalf("due --all counts a hidden deck: %+v", r)
	}
	if r := hone(t, db, "due"); r.stdout != "0\n" {
		t.Fatalf("plain due: %+v", r)
	}
}

// The settings file sets the limits, the flags override it, and `hone
// config` says where it is and what is in force.
func TestConfigFile(t *testing.T) {
	db := filepath.Join(t.TempDir(), "hone.db")
	cfg := filepath.Join(filepath.Dir(db), "config.toml")
	r := hone(t, db, "config")
	if r.code != 0 || !strings.Contains(r.stdout, cfg+" (not there; the defaults are in force)") || !strings.Contains(r.stdout, "new_per_deck   20") ||
		!strings.Contains(r.stdout, "leech_lapses   8") {
		t.Fatalf("config without a file: %+v", r)
	}
	write := func(s string) {
		if err := os.WriteFile(cfg, []byte(s), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	write("new_per_deck = 2\nmax_reviews = 50\nday_starts_at = 6\ntheme = \"light\"\nleech_lapses = 4\n\n[deck.\"ITIL Technical Management function\"]\nnew_per_day = 1\n")
	r = hone(t, db, "config")
	for _, want := range []string{cfg + " (read)", "new_per_deck   2", "max_reviews    50", "day_starts_at  6 (a day begins at 06:00)", "theme          light",
		"leech_lapses   4", `deck "ITIL Technical Management function": new_per_day 1, max_reviews 50`} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("config lacks %q:\n%s", want, r.stdout)
		}
	}
	if r := hone(t, db, "due", "--all"); r.stdout != "3\n" {
		t.Errorf("due --all with new_per_deck 2 and one deck at 1: %+v", r)
	}
	if r := hone(t, db, "--new", "5", "due", "--all"); r.stdout != "6\n" {
		t.Errorf("--new 5 overrides the file's global limit, not the deck's own: %+v", r)
	}
	if r := hone(t, db, "--new", "5", "config"); !strings.Contains(r.stdout, "new_per_deck   5") {
		t.Errorf("config does not show the flag in force:\n%s", r.stdout)
	}
	write("new_per_deck = 2\nnew_per_dek = 3\n")
	r = hone(t, db, "due")
	if r.code == 0 || !strings.Contains(r.stderr, cfg+":2: unknown setting \"new_per_dek\"") {
		t.Errorf("a mistyped setting: %+v", r)
	}
	write("day_starts_at = 30\n")
	if r := hone(t, db, "config"); r.code == 0 || !strings.Contains(r.stderr, "day_starts_at") || !strings.Contains(r.stdout, "has a problem") {
		t.Errorf("a bad hour: %+v", r)
	}
	write("leech_lapses = 0\n")
	if r := hone(t, db, "config"); r.code != 0 || !strings.Contains(r.stdout, "leech_lapses   0 (leeches are not suspended)") {
		t.Errorf("leeches off: %+v", r)
	}
	write("leech_lapses = -2\n")
	if r := hone(t, db, "due"); r.code == 0 || !strings.Contains(r.stderr, "leech_lapses must be 0 or more, not -2") {
		t.Errorf("a negative leech threshold: %+v", r)
	}
	write("theme = [\n")
	if r := hone(t, db, "due"); r.code == 0 || !strings.Contains(r.stderr, cfg+":1:") {
		t.Errorf("broken TOML: %+v", r)
	}
}
