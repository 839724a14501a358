package deck

import (
	"bytes"
	"fmt"
	"io"
	"io/fs"
	"slices"
)

// PackageMedia is the media files an Anki package holds, for extracting
// them. Every name is a plain file name (openAnkiZip and mediaMap refuse
// a package with any other), so each can go into one directory.
type PackageMedia struct {
	Names   []string // sorted
	entries map[string]string
	z       *ankiZip
	file    io.Closer
}

// OpenPackageMedia opens the media of the package at p in fsys. Close it
// when done.
func OpenPackageMedia(fsys fs.FS, p string) (*PackageMedia, error) {
	f, err := fsys.Open(p)
	if err != nil {
		return nil, err
	}
	info, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, err
	}
	r, ok := f.(io.ReaderAt)
	size := info.Size()
	if !ok {
		data, err := io.ReadAll(io.LimitReader(f, maxPackageInMemory))
		if err != nil {
			f.Close()
			return nil, err
		}
		r, size = bytes.NewReader(data), int64(len(data))
	}
	z, err := openAnkiZip(r, size)
	if err == nil {
		z.latest = z.entries["collection.anki21b"] != nil // the media's format
	}
	var names map[string]string
	if err == nil {
		names, err = z.mediaMap()
	}
	if err != nil {
		f.Close()
		return nil, err
	}
	m := &PackageMedia{entries: map[string]string{}, z: z, file: f}
	for entry, name := range names {
		m.entries[name] = entry
		m.Names = append(m.Names, name)
	}
	slices.Sort(m.Names)
	return m, nil
}

// Open reads the media file called name, uncompressed.
func (m *PackageMedia) Open(name string) (io.ReadCloser, error) {
	entry, ok := m.entries[name]
	if !ok {
		return nil, fmt.Errorf("the package holds no media file %q", name)
	}
	return m.z.openMedia(entry)
}

// Close closes the package file.
func (m *PackageMedia) Close() error { return m.file.Close() }
