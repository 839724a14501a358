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
	fail := func(msg string, args ...any) ([]Source, Diagnostics) {
		return nil, Diagnostics{{File: display, Msg: fmt.Sprintf(msg, args...)}}
	}
	f, err := fsys.Open(p)
	if err != nil {
		return fail("cannot read: %v", unwrapPathError(err))
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return fail("cannot read: %v", unwrapPathError(err))
	}
	if !info.Mode().IsRegular() {
		return fail("not a regular file; hone reads Anki packages from files")
	}
	r, ok := f.(io.ReaderAt)
	size := info.Size()
	if !ok {
		data, err := io.ReadAll(io.LimitReader(f, maxPackageInMemory+1))
		if err != nil {
			return fail("cannot read: %v", unwrapPathError(err))
		}
		if len(data) > maxPackageInMemory {
			return fail("package is larger than %d MB", maxPackageInMemory>>20)
		}
		r, size = bytes.NewReader(data), int64(len(data))
	}
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
