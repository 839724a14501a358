package deck

import (
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"testing/fstest"
	"time"
)

// within runs fn and fails the test if it takes longer than d: the bugs
// here were hangs.
func within(t *testing.T, d time.Duration, fn func()) {
	t.Helper()
	done := make(chan struct{})
	go func() { fn(); close(done) }()
	select {
	case <-done:
	case <-time.After(d):
		t.Fatalf("still running after %v", d)
	}
}

func mkfifo(t *testing.T, path string) {
	t.Helper()
	if err := syscall.Mkfifo(path, 0o600); err != nil {
		t.Skipf("mkfifo: %v", err)
	}
}

const smallDeck = "---\ndeck: Small\n---\n# T\n## Q?\nA\n"

// `hone import fifo.md` blocked forever, and so did a directory holding a
// FIFO named *.md.
func TestLoadNeverOpensAFIFO(t *testing.T) {
	dir := t.TempDir()
	mkfifo(t, filepath.Join(dir, "fifo.md"))
	os.WriteFile(filepath.Join(dir, "good.md"), []byte(smallDeck), 0o600)
	within(t, 2*time.Second, func() {
		_, diags := Load(os.DirFS(dir), "fifo.md", "fifo.md", LoadOptions{})
		if len(diags.Errors()) != 1 || !strings.Contains(diags.Error(), "fifo.md: error: skipped: a named pipe (FIFO)") {
			t.Errorf("fifo named on its own: %v", diags)
		}
	})
	within(t, 2*time.Second, func() {
		sources, diags := Load(os.DirFS(dir), ".", "vault", LoadOptions{})
		if len(sources) != 1 || sources[0].Deck.Name != "Small" || diags.Err() != nil {
			t.Fatalf("directory: %d sources, %v", len(sources), diags)
		}
		if w := diags.Warnings(); len(w) != 1 || !strings.Contains(w[0].String(), "vault/fifo.md: warning: skipped: a named pipe") {
			t.Errorf("warnings: %v", w)
		}
	})
}

// `hone import /dev/zero` grew without limit.
func TestLoadRefusesDevicesQuickly(t *testing.T) {
	if _, err := os.Stat("/dev/zero"); err != nil {
		t.Skip("no /dev/zero")
	}
	within(t, 2*time.Second, func() {
		_, diags := Load(os.DirFS("/dev"), "zero", "/dev/zero", LoadOptions{})
		if !strings.Contains(diags.Error(), "/dev/zero: error: skipped: a device") {
			t.Errorf("diags: %v", diags)
		}
	})
}

// endless is a file that says it is small and never ends.
type endless struct{ fstest.MapFS }

func (e endless) Open(name string) (fs.File, error) {
	f, err := e.MapFS.Open(name)
	if err != nil {
		return nil, err
	}
	return endlessFile{f}, nil
}

type endlessFile struct{ fs.File }

func (endlessFile) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = '#'
	}
	return len(p), nil
}

// The 50 MB limit was checked against the size the file had when looked
// at, then the file was read to its end, however far that was.
func TestLoadReadsThroughALimit(t *testing.T) {
	fsys := endless{fstest.MapFS{"grows.md": {Data: []byte(smallDeck)}}}
	within(t, 10*time.Second, func() {
		_, diags := Load(fsys, "grows.md", "grows.md", LoadOptions{})
		if !strings.Contains(diags.Error(), "grows.md: error: file is larger than 50 MB") {
			t.Errorf("diags: %v", diags)
		}
	})
	data, _ := io.ReadAll(io.LimitReader(endlessFile{}, 3))
	if string(data) != "###" {
		t.Fatal("endlessFile does not read")
	}
}

func deckOf(name string, n int) string {
	var b strings.Builder
	fmt.Fprintf(&b, "---\ndeck: %s\n---\n# T\n", name)
	for i := range n {
		fmt.Fprintf(&b, "## Q%d?\nA\n\n", i)
	}
	return b.String()
}

func TestLoadCapsCardsPerImport(t *testing.T) {
	fsys := fstest.MapFS{
		"a.md": {Data: []byte(deckOf("A", 15))},
		"b.md": {Data: []byte(deckOf("B", 15))},
		"c.md": {Data: []byte(deckOf("C", 15))},
	}
	_, diags := Load(fsys, "a.md", "a.md", LoadOptions{MaxCards: 10})
	// The 11th card, at line 35, passes the cap.
	if !strings.Contains(diags.Error(), "a.md:35: error: the import holds more than 10 cards") || !strings.Contains(diags.Error(), "--max-cards") {
		t.Errorf("one file over the cap: %v", diags)
	}
	if _, diags := Load(fsys, "a.md", "a.md", LoadOptions{MaxCards: 15}); diags.Err() != nil {
		t.Errorf("at the cap: %v", diags)
	}
	_, diags = Load(fsys, ".", "dir", LoadOptions{MaxCards: 20})
	if errs := diags.Errors(); len(errs) != 1 || !strings.Contains(errs[0].String(), "dir/b.md:20: error: the import holds more than 20 cards") {
		t.Errorf("a directory over the cap stops at the file that passes it: %v", diags)
	}
	if _, diags := Load(fsys, ".", "dir", LoadOptions{}); diags.Err() != nil {
		t.Errorf("the default cap: %v", diags)
	}
}
