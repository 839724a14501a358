package main

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// terminalUnsafe reports the first rune of out that a terminal would act on
// rather than show: ESC, a C1 control, a C0 control other than newline and
// tab, or a bidi control.
func terminalUnsafe(out string) (int, rune, bool) {
	for i, r := range out {
		switch {
		case r == '\n' || r == '\t':
		case r < 0x20, r == 0x7f, r >= 0x80 && r <= 0x9f,
			r >= 0x202a && r <= 0x202e, r >= 0x2066 && r <= 0x2069, r == 0x200e, r == 0x200f, r == 0x061c:
			return i, r, true
		}
	}
	return 0, 0, false
}

func assertTerminalSafe(t *testing.T, what, out string) {
	t.Helper()
	if i, r, bad := terminalUnsafe(out); bad {
		t.Errorf("%s printed %U at byte %d: %q", what, r, i, out[max(i-40, 0):min(i+40, len(out))])
	}
}

// The reproduction: a deck name that sets the window title and
// writes the clipboard, printed raw by `hone decks`. The same deck puts
// escapes, C1 controls and bidi overrides in its topic, cards and file name.
func TestHostileDeckNeverReachesTheTerminal(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "hone.db")
	file := filepath.Join(dir, "e\x1b]0;file\x07\u202e.md")
	deckText := "---\ndeck: X\x1b]0;pwned\x07\x1b]52;c;aGVsbG8=\x07\n---\n" +
		"# T\x1b[31m\u009b2J\u202eopic\n" +
		"## Q\x1b]8;;https://evil\x07bank\x1b]8;;\x07?\nA\u202e \u200b\u009d0;x\u009c\n"
	if err := os.WriteFile(file, []byte(deckText), 0o600); err != nil {
		t.Fatal(err)
	}
	r := hone(t, db, "import", file)
	if r.code != 0 {
		t.Fatalf("import: %+v", r)
	}
	assertTerminalSafe(t, "import", r.stdout+r.stderr)
	for _, cmd := range [][]string{{"decks"}, {"stats"}, {"stats", "--json"}, {"due"}, {"check"}, {"import", "--dry-run", file}} {
		r := hone(t, db, cmd...)
		if r.code != 0 {
			t.Errorf("hone %v: %+v", cmd, r)
		}
		assertTerminalSafe(t, "hone "+strings.Join(cmd, " "), r.stdout+r.stderr)
	}
	if r := hone(t, db, "decks"); !strings.Contains(r.stdout, "X  ") || !strings.Contains(r.stdout, "<U+202E>.md") {
		t.Errorf("decks should show the name without its escapes and the bidi override visibly:\n%s", r.stdout)
	}
}

// Diagnostics name the file as it was typed, and quote the file's text:
// both are sanitized.
func TestHostileDiagnosticsAreSanitized(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "bad\x1b]0;t\x07\u202e.md")
	if err := os.WriteFile(file, []byte("---\ndeck: D\n---\n# T\n## Q\x1b[2J?\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	r := hone(t, filepath.Join(dir, "hone.db"), "import", file)
	if r.code != 1 {
		t.Fatalf("import of a deck with an empty card: %+v", r)
	}
	assertTerminalSafe(t, "import diagnostics", r.stdout+r.stderr)
	r = hone(t, filepath.Join(dir, "hone.db"), "due", "--deck", "a\x1b]0;t\x07\u202e\nb")
	if r.code != 2 || strings.Count(r.stderr, "\n") != 1 {
		t.Errorf("due --deck with escapes: %+v", r)
	}
	assertTerminalSafe(t, "usage error", r.stderr)
}

// `hone import /dev/zero` and `hone import fifo.md` are refused at once,
// with one line each, and nothing is stored.
func TestImportRefusesWhatIsNotAFile(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "hone.db")
	fifo := filepath.Join(dir, "fifo.md")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Skipf("mkfifo: %v", err)
	}
	for _, arg := range []string{"/dev/zero", fifo} {
		start := time.Now()
		r := hone(t, db, "import", arg)
		if r.code != 1 || !strings.Contains(r.stderr, arg+": error: skipped: ") || time.Since(start) > 2*time.Second {
			t.Errorf("import %s: %+v after %v", arg, r, time.Since(start))
		}
	}
	if r := hone(t, db, "import", "--max-cards", "0", fifo); r.code != 2 {
		t.Errorf("--max-cards 0: %+v", r)
	}
}

// On a read-only database a review opened, and then every answer failed.
// Now it is refused up front with one line; commands that only read still
// work.
func TestReadOnlyDatabaseIsRefusedBeforeAReview(t *testing.T) {
	t.Run("permissions", func(t *testing.T) {
		dir := t.TempDir()
		db := filepath.Join(dir, "hone.db")
		if r := hone(t, db, "due"); r.code != 0 {
			t.Fatal(r)
		}
		if err := os.Chmod(db, 0o400); err != nil {
			t.Fatal(err)
		}
		assertReadOnlyRefused(t, dir, db)
	})
	t.Run("read-only file system", func(t *testing.T) {
		dir := t.TempDir()
		if err := syscall.Mount("tmpfs", dir, "tmpfs", 0, "size=4m"); err != nil {
			t.Skipf("cannot mount a file system here: %v", err)
		}
		t.Cleanup(func() { syscall.Unmount(dir, 0) })
		db := filepath.Join(dir, "hone.db")
		if r := hone(t, db, "due"); r.code != 0 {
			t.Fatal(r)
		}
		if err := syscall.Mount("tmpfs", dir, "tmpfs", syscall.MS_REMOUNT|syscall.MS_RDONLY, ""); err != nil {
			t.Fatal(err)
		}
		assertReadOnlyRefused(t, t.TempDir(), db)
	})
}

func assertReadOnlyRefused(t *testing.T, dir, db string) {
	var out, errb strings.Builder
	e := env{
		stdin: strings.NewReader(""), stdout: &out, stderr: &errb,
		getenv: func(string) string { return "" }, now: fixedNow,
		terminal: func() bool { return true },
	}
	for _, args := range [][]string{{"review"}, {"drill"}, {}} {
		out.Reset()
		errb.Reset()
		codes := make(chan int, 1)
		go func() { codes <- run(append([]string{"--db", db}, args...), e) }()
		var code int
		select {
		case code = <-codes:
		case <-time.After(5 * time.Second):
			t.Fatalf("hone %v opened on a read-only database", args)
		}
		if code != 1 || strings.Count(errb.String(), "\n") != 1 || !strings.Contains(errb.String(), "read-only") || out.Len() != 0 {
			t.Errorf("hone %v on a read-only database: exit %d, stdout %q, stderr %q", args, code, out.String(), errb.String())
		}
	}
	deckFile := filepath.Join(dir, "go.md")
	os.WriteFile(deckFile, []byte(goDeck), 0o600)
	if r := hone(t, db, "import", deckFile); r.code != 1 || !strings.Contains(r.stderr, "read-only") {
		t.Errorf("import: %+v", r)
	}
	for _, args := range [][]string{{"due"}, {"stats"}, {"decks"}} {
		if r := hone(t, db, args...); r.code != 0 {
			t.Errorf("hone %v on a read-only database: %+v", args, r)
		}
	}
}
