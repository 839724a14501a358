package deck

import (
	"bytes"
	"fmt"
	"io"
	"io/fs"
)

// maxPackageInMemory bounds a package read whole, when its file system
// gives no random access.
const maxPackageInMemory = 1 << 30

// loadPackage reads an Anki package: a source for each hone deck it makes,
// each known by the package's path and the deck's name, since the store
// keeps one deck per source.
func loadPackage(fsys fs.FS, p, display string, o LoadOptions) ([]Source, Diagnostics) {
	r, size, closer, problem := openPackageFile(fsys, p)
	if problem != "" {
		return nil, Diagnostics{{File: display, Msg: problem}}
	}
	defer closer.Close()
	decks, diags := ParseAnkiPackage(display, r, size, o)
	if diags.Err() != nil {
		return nil, diags
	}
	var sources []Source
	for _, d := range decks {
		sources = append(sources, Source{Path: display + "#" + d.Name, Deck: d, Package: display})
	}
	return sources, diags
}

// openPackageFile opens the package at p for random access, or says why
// it cannot. Close the closer when done.
func openPackageFile(fsys fs.FS, p string) (io.ReaderAt, int64, io.Closer, string) {
	fail := func(err error) (io.ReaderAt, int64, io.Closer, string) {
		return nil, 0, nil, fmt.Sprintf("cannot read: %v", unwrapPathError(err))
	}
	f, err := fsys.Open(p)
	if err != nil {
		return fail(err)
	}
	info, err := f.Stat()
	if err != nil {
		f.Close()
		return fail(err)
	}
	if !info.Mode().IsRegular() {
		f.Close()
		return nil, 0, nil, "not a regular file; hone reads Anki packages from files"
	}
	if r, ok := f.(io.ReaderAt); ok {
		return r, info.Size(), f, ""
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, maxPackageInMemory+1))
	if err != nil {
		return fail(err)
	}
	if len(data) > maxPackageInMemory {
		return nil, 0, nil, fmt.Sprintf("package is larger than %d MB", maxPackageInMemory>>20)
	}
	return bytes.NewReader(data), int64(len(data)), io.NopCloser(nil), ""
}
