package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/hone-srs/hone/deck"
	"github.com/hone-srs/hone/srs"
)

const goDeck = `---
deck: Go idioms
---
# Errors
## How do you wrap an error?
fmt.Errorf with %w

## Which function unwraps?
errors.Unwrap

## What does errors.Is compare?
The chain, against a target.
`

func TestImportReviewChangeReimport(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "hone.db")
	file := filepath.Join(dir, "go.md")
	if err := os.WriteFile(file, []byte(goDeck), 0o600); err != nil {
		t.Fatal(err)
	}
	r := hone(t, db, "import", file)
	if r.code != 0 || r.stdout != "deck \"Go idioms\": 3 added, 0 updated, 0 retired, 0 unchanged\n" {
		t.Fatalf("first import: %+v", r)
	}

	// Review one card, as a session would.
	d, _ := deck.ParseBytes("go.md", []byte(goDeck))
	wrap := d.Cards[0].ID
	store, err := srs.Open(db, srs.Options{Clock: func() time.Time { return time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC) }})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := store.Answer(wrap, srs.Good, srs.Review, time.Second); err != nil {
		t.Fatal(err)
	}
	before, _ := store.Cards()

	// Change the file: edit the reviewed card's back, drop one, add one.
	changed := strings.Replace(goDeck, "fmt.Errorf with %w", "fmt.Errorf(\"...: %w\", err)", 1)
	changed = strings.Replace(changed, "## Which function unwraps?\nerrors.Unwrap\n", "", 1)
	changed += "\n## What does errors.As do?\nFinds the first error of a type.\n"
	if err := os.WriteFile(file, []byte(changed), 0o600); err != nil {
		t.Fatal(err)
	}
	dry := hone(t, db, "import", "--dry-run", file)
	want := "deck \"Go idioms\": 1 added, 1 updated, 1 retired, 1 unchanged\n"
	if dry.code != 0 || dry.stdout != want+"dry run: nothing was stored\n" {
		t.Fatalf("dry run: %+v", dry)
	}
	if text, _ := store.DeckText("Go idioms"); string(text) != goDeck {
		t.Fatalf("the dry run stored the new text")
	}
	if r := hone(t, db, "import", file); r.code != 0 || r.stdout != want {
		t.Fatalf("re-import: %+v", r)
	}
	after, _ := store.Cards()
	if after[wrap] != before[wrap] {
		t.Errorf("the edited card lost its history: %+v → %+v", before[wrap], after[wrap])
	}
	if text, _ := store.DeckText("Go idioms"); string(text) != changed {
		t.Errorf("stored text is not the new file")
	}
}

func TestImportErrorStoresNothing(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "hone.db")
	good := filepath.Join(dir, "good.md")
	bad := filepath.Join(dir, "bad.csv")
	os.WriteFile(good, []byte(goDeck), 0o600)
	os.WriteFile(bad, []byte("front,back\n\"unclosed,quote\n"), 0o600)
	r := hone(t, db, "import", good, bad, filepath.Join(dir, "missing.md"))
	if r.code != 1 || !strings.Contains(r.stderr, bad+":2: error:") || !strings.Contains(r.stderr, "missing.md: error: no such file or directory") ||
		!strings.HasSuffix(r.stderr, "hone: nothing imported: 2 errors in 2 files\n") {
		t.Fatalf("import with errors: %+v", r)
	}
	if d := hone(t, db, "decks"); strings.Contains(d.stdout, "Go idioms") {
		t.Fatalf("a failed import stored a deck:\n%s", d.stdout)
	}
}

func TestDecksRemoveAndHide(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "hone.db")
	file := filepath.Join(dir, "go.md")
	os.WriteFile(file, []byte(goDeck), 0o600)
	hone(t, db, "import", file)
	if r := hone(t, db, "decks", "rm", "ITIL Technical Management function", "--yes"); r.code != 2 || !strings.Contains(r.stderr, "hone decks hide") {
		t.Fatalf("rm of a built-in deck: %+v", r)
	}
	if r := hone(t, db, "decks", "rm", "Go idiom", "--yes"); r.code != 2 || !strings.Contains(r.stderr, `did you mean "Go idioms"?`) {
		t.Fatalf("rm of a misspelt deck: %+v", r)
	}
	if r := hone(t, db, "decks", "rm", "Go idioms", "--yes"); r.code != 0 || r.stdout != "Removed deck \"Go idioms\": 3 cards retired, history kept.\n" {
		t.Fatalf("rm: %+v", r)
	}
	if r := hone(t, db, "decks", "hide", "ITIL Technical Management function"); r.code != 0 {
		t.Fatalf("hide: %+v", r)
	}
	if d := hone(t, db, "decks"); strings.Contains(d.stdout, "Go idioms") || !strings.Contains(d.stdout, "ITIL Technical Management function (hidden)") {
		t.Fatalf("decks after rm and hide:\n%s", d.stdout)
	}
}
