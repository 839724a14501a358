package main

import (
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/hone-srs/hone/deck"
)

// extractMedia writes the media files of the Anki packages among sources
// into dir. Names are plain file names (deck refuses a package with any
// other), and every write goes through an os.Root, so nothing lands
// outside dir, not even through a symlink there.
func extractMedia(dir string, sources []deck.Source) (int, error) {
	done := map[string]bool{}
	n := 0
	for _, s := range sources {
		if s.Package == "" || done[s.Package] {
			continue
		}
		done[s.Package] = true
		k, err := extractPackageMedia(dir, filepath.FromSlash(s.Package))
		n += k
		if err != nil {
			return n, fmt.Errorf("extract the media of %s into %s: %w", s.Package, dir, err)
		}
	}
	return n, nil
}

func extractPackageMedia(dir, pkg string) (int, error) {
	abs, err := filepath.Abs(pkg)
	if err != nil {
		return 0, err
	}
	m, err := deck.OpenPackageMedia(os.DirFS(filepath.Dir(abs)), filepath.Base(abs))
	if err != nil {
		return 0, err
	}
	defer m.Close()
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return 0, err
	}
	root, err := os.OpenRoot(dir)
	if err != nil {
		return 0, err
	}
	defer root.Close()
	for i, name := range m.Names {
		if err := extractOne(root, m, name); err != nil {
			return i, fmt.Errorf("%s: %w", name, err)
		}
	}
	return len(m.Names), nil
}

// extractOne writes one file beside its final name and renames it into
// place, which replaces a symlink of that name rather than following it.
func extractOne(root *os.Root, m *deck.PackageMedia, name string) error {
	src, err := m.Open(name)
	if err != nil {
		return err
	}
	defer src.Close()
	tmp := "." + name + ".hone-partial"
	f, err := root.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o644)
	if err != nil {
		return err
	}
	_, err = io.Copy(f, src)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = root.Rename(tmp, name)
	}
	if err != nil {
		root.Remove(tmp)
	}
	return err
}
