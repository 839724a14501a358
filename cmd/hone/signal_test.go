package main

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestMain lets a test run hone itself as a child process, to send it real
// signals: HONE_TEST_MAIN=1 makes the test binary behave as hone.
func TestMain(m *testing.M) {
	if os.Getenv("HONE_TEST_MAIN") == "1" {
		os.Exit(run(os.Args[1:], newEnv()))
	}
	os.Exit(m.Run())
}

// honeProcess starts hone with args as a child process; its output goes
// to out, when given, and its errors to the buffer returned.
func honeProcess(t *testing.T, db string, args ...string) (*exec.Cmd, *bytes.Buffer) {
	t.Helper()
	return honeProcessTo(t, nil, db, args...)
}

func honeProcessTo(t *testing.T, out *bytes.Buffer, db string, args ...string) (*exec.Cmd, *bytes.Buffer) {
	t.Helper()
	cmd := exec.Command(os.Args[0], append([]string{"--db", db}, args...)...)
	cmd.Env = append(os.Environ(), "HONE_TEST_MAIN=1")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if out != nil {
		cmd.Stdout = out
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	return cmd, &stderr
}

func bigDeck(name string, n int) string {
	var b strings.Builder
	fmt.Fprintf(&b, "---\ndeck: %s\n---\n# Topic\n", name)
	for i := range n {
		fmt.Fprintf(&b, "## Question number %d, which is long enough to cost a little?\nAnswer %d, with **some** markdown and `code`.\n\n", i, i)
	}
	return b.String()
}

// SIGTERM and SIGHUP during `hone import` were ignored: the import finished
// and exited 0. Now they cancel it, nothing is stored, and the exit code
// says which signal ended it; SIGQUIT does the same instead of dumping
// goroutines. The test holds the database's lock while it signals, so the
// import cannot have finished first however fast it parses: wherever the
// signal lands (reading, parsing, waiting for the lock), the outcome must be
// the same.
func TestSignalsCancelAnImport(t *testing.T) {
	if testing.Short() {
		t.Skip("starts hone processes")
	}
	dir := t.TempDir()
	file := filepath.Join(dir, "big.md")
	if err := os.WriteFile(file, []byte(bigDeck("Big", 40000)), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, sig := range []syscall.Signal{syscall.SIGTERM, syscall.SIGHUP, syscall.SIGQUIT} {
		db := filepath.Join(dir, sig.String()+".db")
		if r := hone(t, db, "due"); r.code != 0 {
			t.Fatal(r)
		}
		unlock := lockFile(t, db)
		cmd, stderr := honeProcess(t, db, "import", file)
		time.Sleep(500 * time.Millisecond)
		if err := cmd.Process.Signal(sig); err != nil {
			t.Fatal(err)
		}
		time.Sleep(100 * time.Millisecond)
		unlock()
		err := cmd.Wait()
		var exit *exec.ExitError
		if !errors.As(err, &exit) || exit.ExitCode() != 128+int(sig) {
			t.Errorf("%v: %v, stderr %q; want exit %d", sig, err, stderr.String(), 128+int(sig))
		}
		if strings.Count(stderr.String(), "\n") > 1 {
			t.Errorf("%v: stderr %q", sig, stderr.String())
		}
		if r := hone(t, db, "decks"); strings.Contains(r.stdout, "Big") {
			t.Errorf("%v: the import was stored:\n%s", sig, r.stdout)
		}
	}
}

// lockFile takes the exclusive lock a writing hone takes on its database,
// as another hone in the middle of a write would hold it; the function it
// returns lets go.
func lockFile(t *testing.T, path string) func() {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX); err != nil {
		t.Fatal(err)
	}
	return func() { f.Close() }
}
