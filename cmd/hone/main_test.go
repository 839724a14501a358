package main

import (
	"bytes"
	"encoding/json"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"
	"time"
)

type result struct {
	code           int
	stdout, stderr string
}

// hone runs the command line in-process with its own streams and a fixed
// clock, on the database db, with the settings file config.toml beside it.
func hone(t testing.TB, db string, args ...string) result {
	t.Helper()
	var out, errb bytes.Buffer
	config := filepath.Join(filepath.Dir(db), "config.toml")
	e := env{
		stdin: strings.NewReader(""), stdout: &out, stderr: &errb,
		getenv: func(k string) string {
			if k == "HONE_CONFIG" {
				return config
			}
			return ""
		},
		now:      func() time.Time { return time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC) },
		terminal: func() bool { return false },
	}
	code := run(append([]string{"--db", db}, args...), e)
	return result{code, out.String(), errb.String()}
}

func TestExitCodes(t *testing.T) {
	db := filepath.Join(t.TempDir(), "hone.db")
	tests := []struct {
		args   []string
		code   int
		stderr string
	}{
		{[]string{"due"}, 0, ""},
		{[]string{"bogus"}, 2, `hone: unknown command "bogus" for "hone"`},
		{[]string{"--new", "-3", "due"}, 2, "hone: --new must be 0 or more, not -3"},
		{[]string{"due", "--deck", "ITIL 4"}, 2, `hone: no deck named "ITIL 4"; did you mean "ITIL 4 technical management practices"?`},
		{[]string{"review", "--topic", "Deployment managment"}, 2, `hone: no topic named "Deployment managment"; did you mean "Deployment management"?`},
		{[]string{"drill", "-n", "0"}, 2, "hone: -n must be 1 or more, not 0"},
		{[]string{"due", "--frobnicate"}, 2, "hone: unknown flag: --frobnicate"},
		{[]string{"--new", "abc", "due"}, 2, `hone: invalid argument "abc" for "--new": expected a whole number`},
		{[]string{"review", "--deck", "nope"}, 2, `hone: no deck named "nope"; hone decks lists them`},
		{[]string{"review", "--deck", "Deployment management"}, 2, `hone: "Deployment management" is a topic, not a deck; use --topic "Deployment management"`},
		{[]string{"--db", "/nonexistent-dir/x/hone.db", "due"}, 1, "hone: the directory of /nonexistent-dir/x/hone.db (from --db) does not exist"},
		{[]string{"review"}, 1, "hone: this command needs a terminal on stdin and stdout; for scripts, use hone due, hone decks or hone stats --json"},
		{[]string{}, 1, "hone: this command needs a terminal"},
		{[]string{"revew"}, 2, `hone: unknown command "revew" for "hone"; did you mean "review"?`},
		{[]string{"stas"}, 2, `hone: unknown command "stas" for "hone"; did you mean "stats"?`},
		{[]string{"decks", "hid", "x"}, 2, `hone: unknown command "hid" for "hone decks"; did you mean "hide"?`},
		{[]string{"decks", "hid"}, 2, `hone: unknown command "hid" for "hone decks"; did you mean "hide"?`},
		{[]string{"import"}, 2, "hone: hone import needs at least one PATH: hone import PATH..."},
		{[]string{"decks", "rm"}, 2, "hone: hone decks rm needs NAME: hone decks rm NAME"},
		{[]string{"check", "extra"}, 2, `hone: hone check takes no arguments, but was given "extra"`},
		{[]string{"decks", "rm", "ITIL Technical Management function"}, 2, `hone: "ITIL Technical Management function" is built in`},
		{[]string{"browse", "is:sleepy"}, 2, "hone: is:sleepy is not a state; the states are new, due, review, suspended, leech, buried, flagged"},
		{[]string{"browse", `deck:"Go`}, 2, "hone: a quote is not closed"},
		{[]string{"browse", "is:leech"}, 1, "hone: this command needs a terminal"},
	}
	for _, tt := range tests {
		r := hone(t, db, tt.args...)
		if r.code != tt.code || !strings.HasPrefix(r.stderr, tt.stderr) || strings.Count(r.stderr, "\n") > 1 {
			t.Errorf("hone %v: exit %d, stderr %q; want exit %d, stderr %q", tt.args, r.code, r.stderr, tt.code, tt.stderr)
		}
	}
}

func TestDueAndDecks(t *testing.T) {
	db := filepath.Join(t.TempDir(), "hone.db")
	if r := hone(t, db, "due"); r.code != 0 || r.stdout != "0\n" {
		t.Fatalf("due on a fresh database: %+v", r)
	}
	r := hone(t, db, "decks")
	if r.code != 0 || !strings.Contains(r.stdout, "ITIL 4 technical management practices") || !strings.Contains(r.stdout, "built in") {
		t.Fatalf("decks: %+v", r)
	}
}

func TestStatsJSONShape(t *testing.T) {
	db := filepath.Join(t.TempDir(), "hone.db")
	r := hone(t, db, "stats", "--json")
	if r.code != 0 {
		t.Fatalf("stats --json: %+v", r)
	}
	var got map[string]any
	if err := json.Unmarshal([]byte(r.stdout), &got); err != nil {
		t.Fatalf("not one JSON object: %v\n%s", err, r.stdout)
	}
	keys := func(m map[string]any) []string {
		var k []string
		for key := range m {
			k = append(k, key)
		}
		sort.Strings(k)
		return k
	}
	if want := []string{"due_today", "forecast", "heatmap", "new_available", "predicted_recall", "retention", "reviews_today", "streak_days", "topics"}; !reflect.DeepEqual(keys(got), want) {
		t.Errorf("keys %v, want %v", keys(got), want)
	}
	if got["retention"] != nil || got["reviews_today"] != 0.0 || got["new_available"] != 40.0 || got["streak_days"] != 0.0 {
		t.Errorf("fresh values: %v", got)
	}
	if f, ok := got["forecast"].([]any); !ok || len(f) != 14 {
		t.Errorf("forecast %v is not 14 numbers", got["forecast"])
	}
	topics, ok := got["topics"].([]any)
	// The built-in decks have 6 + 2 topics.
	if !ok || len(topics) != 8 {
		t.Fatalf("topics: %v", got["topics"])
	}
	first := topics[0].(map[string]any)
	if want := []string{"accuracy", "avg_ef", "cards", "deck", "lapses", "recall", "seen", "topic", "weakness"}; !reflect.DeepEqual(keys(first), want) {
		t.Errorf("topic keys %v, want %v", keys(first), want)
	}
	if first["accuracy"] != nil || first["weakness"] != nil || first["avg_ef"] != nil || first["recall"] != nil || first["seen"] != 0.0 {
		t.Errorf("an unseen topic: %v", first)
	}
}

// No cobra wording reaches the user, whatever the mistake.
func TestNoCobraWording(t *testing.T) {
	db := filepath.Join(t.TempDir(), "hone.db")
	for _, args := range [][]string{{"import"}, {"decks", "rm"}, {"decks", "rm", "a", "b"}, {"backup"}, {"check", "x"}, {"due", "x"}, {"revew"}} {
		r := hone(t, db, args...)
		for _, raw := range []string{"arg(s)", "only received", "for \"hone check\"", "Run '"} {
			if strings.Contains(r.stderr, raw) {
				t.Errorf("hone %v: %q", args, r.stderr)
			}
		}
		if r.code != 2 {
			t.Errorf("hone %v: exit %d", args, r.code)
		}
	}
}
