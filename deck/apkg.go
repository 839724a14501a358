package deck

import (
	"archive/zip"
	"bufio"
	"errors"
	"fmt"
	"io"
	"path"
	"strings"
	"unicode/utf8"

	"github.com/klauspost/compress/zstd"
)

// An Anki package (.apkg, or a whole collection as .colpkg) is a zip. It
// holds the collection as SQLite, in the newest form the exporting Anki
// wrote: collection.anki21b (zstd-compressed, schema 18) from Anki 2.1.50
// on, beside a one-note "please update" stub in collection.anki2; before
// that collection.anki21, or collection.anki2. Media files are numbered
// entries ("0", "1", …), named by the "media" entry: JSON in old packages,
// zstd-compressed protobuf in new ones, whose files are compressed too.

// Limits on what a package may expand into. A zip says how big its files
// are, and may lie: every read goes through the limit as well.
const (
	MaxPackageCollection = 1 << 30  // the collection's SQLite, uncompressed
	maxPackageSmallEntry = 64 << 20 // the media map and the meta entry
	MaxMediaFile         = 512 << 20
)

// collectionNames are the collection entries, newest first.
var collectionNames = []string{"collection.anki21b", "collection.anki21", "collection.anki2"}

// errBadPackage marks what makes a file no Anki package hone can read.
var errBadPackage = errors.New("not an Anki package hone can read")

func badPackage(format string, args ...any) error {
	return fmt.Errorf("%w: %s", errBadPackage, oneLine(fmt.Sprintf(format, args...), 300))
}

// oneLine folds a message onto one line, no longer than limit bytes: an
// error from SQLite may quote a damaged schema, newlines and all.
func oneLine(s string, limit int) string {
	s = strings.Join(strings.Fields(s), " ")
	if len(s) <= limit {
		return s
	}
	cut := limit
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + "…"
}

// ankiZip is an opened package.
type ankiZip struct {
	zr      *zip.Reader
	entries map[string]*zip.File
	latest  bool  // the package's media are zstd-compressed and mapped by protobuf
	limit   int64 // how big the collection may be uncompressed
}

// openAnkiZip reads a package's directory and checks its entry names: a
// package holds plain file names only, so a path such as ../../x marks a
// file made to escape.
func openAnkiZip(r io.ReaderAt, size int64) (*ankiZip, error) {
	zr, err := zip.NewReader(r, size)
	if err != nil {
		return nil, badPackage("it is not a zip file (%v)", err)
	}
	z := &ankiZip{zr: zr, entries: map[string]*zip.File{}, limit: MaxPackageCollection}
	for _, f := range zr.File {
		if !safeEntryName(f.Name) {
			return nil, badPackage("it holds a file named %q, which is not a plain file name", f.Name)
		}
		if f.Mode()&^0o777 != 0 && !f.Mode().IsRegular() {
			return nil, badPackage("its entry %q is not a regular file", f.Name)
		}
		z.entries[f.Name] = f
	}
	return z, nil
}

// safeEntryName accepts one plain file name: no directories, no "..", no
// absolute paths or drive letters, no control characters.
func safeEntryName(name string) bool {
	if name == "" || name == "." || name == ".." || len(name) > 255 || path.Base(name) != name {
		return false
	}
	return !strings.ContainsAny(name, `/\:`) && !strings.ContainsFunc(name, func(r rune) bool { return r < 0x20 || r == 0x7f })
}

// newestCollection is the package's newest collection entry.
func (z *ankiZip) newestCollection() (*zip.File, error) {
	for _, name := range collectionNames {
		if f, ok := z.entries[name]; ok {
			z.latest = name == "collection.anki21b"
			return f, nil
		}
	}
	return nil, badPackage("it holds no Anki collection (collection.anki21b, .anki21 or .anki2)")
}

// read returns an entry's bytes, unzstd'ed when zstd says so, and refuses
// more than limit of them.
func (z *ankiZip) read(f *zip.File, limit int64, zstded bool) ([]byte, error) {
	var buf *keptText
	err := z.copyEntry(f, limit, zstded, func(room uint64) io.Writer {
		// The size the entry claims is its room to start with, so that
		// reading does not copy it again and again as it grows; a claim
		// is only trusted up to maxRoom, past which the room grows as it
		// fills.
		buf = &keptText{b: make([]byte, 0, min(room, maxRoom)+1)}
		return buf
	})
	if err != nil {
		return nil, err
	}
	return buf.b, nil
}

// copyEntry copies an entry, unzstd'ed when zstd says so, to the writer
// to makes once it knows how big the entry says it is, and refuses more
// than limit bytes.
func (z *ankiZip) copyEntry(f *zip.File, limit int64, zstded bool, to func(room uint64) io.Writer) error {
	if !zstded && f.UncompressedSize64 > uint64(limit) {
		return badPackage("%s is %d MB uncompressed; hone reads at most %d MB", f.Name, f.UncompressedSize64>>20, limit>>20)
	}
	rc, err := f.Open()
	if err != nil {
		return badPackage("cannot open %s: %v", f.Name, err)
	}
	defer rc.Close()
	var src io.Reader = rc
	room := min(f.UncompressedSize64, uint64(limit))
	if zstded {
		br := bufio.NewReader(rc)
		room = zstdContentSize(br, uint64(limit))
		d, err := zstd.NewReader(br, zstd.WithDecoderConcurrency(1), zstd.WithDecoderMaxMemory(uint64(limit)), zstd.WithDecoderMaxWindow(64<<20))
		if err != nil {
			return badPackage("cannot read %s: %v", f.Name, err)
		}
		defer d.Close()
		src = d
	}
	n, err := io.Copy(to(room), io.LimitReader(src, limit+1))
	var werr *writeError
	switch {
	case errors.As(err, &werr):
		return werr.err
	case err != nil && !errors.Is(err, zstd.ErrDecoderSizeExceeded):
		return badPackage("%s is damaged: %v", f.Name, err)
	case n > limit || err != nil:
		return badPackage("%s is more than %d MB uncompressed; hone reads at most that", f.Name, limit>>20)
	}
	return nil
}

// writeError is a failure to keep what was read, told apart from a
// damaged entry.
type writeError struct{ err error }

func (e *writeError) Error() string { return e.err.Error() }

// maxRoom is the most room read takes for an entry before reading it.
const maxRoom = 64 << 20

// zstdContentSize is the size a zstd stream says it decompresses to, at
// most limit, or 0 when its frame header does not say.
func zstdContentSize(r *bufio.Reader, limit uint64) uint64 {
	head, _ := r.Peek(zstd.HeaderMaxSize)
	var h zstd.Header
	if h.Decode(head) != nil || !h.HasFCS {
		return 0
	}
	return min(h.FrameContentSize, limit)
}

// mediaMap reads the names of the package's media files, by entry.
func (z *ankiZip) mediaMap() (map[string]string, error) {
	f, ok := z.entries["media"]
	if !ok {
		return map[string]string{}, nil
	}
	data, err := z.read(f, maxPackageSmallEntry, z.latest)
	if err != nil {
		return nil, err
	}
	var names map[string]string
	if z.latest {
		names, err = decodeMediaEntries(data)
	} else {
		names, err = decodeLegacyMedia(data)
	}
	if err != nil {
		return nil, badPackage("its media list is damaged: %v", err)
	}
	for entry, name := range names {
		if !safeEntryName(name) {
			return nil, badPackage("it names a media file %q, which is not a plain file name", name)
		}
		if _, ok := z.entries[entry]; !ok {
			delete(names, entry) // listed, never packed: cards show its name only
		}
	}
	return names, nil
}

// openMedia opens the media file in entry, uncompressed, and no longer
// than MaxMediaFile.
func (z *ankiZip) openMedia(entry string) (io.ReadCloser, error) {
	f, ok := z.entries[entry]
	if !ok {
		return nil, fmt.Errorf("no entry %q", entry)
	}
	if !z.latest && f.UncompressedSize64 > MaxMediaFile {
		return nil, fmt.Errorf("media file %s is %d MB; hone extracts at most %d MB", entry, f.UncompressedSize64>>20, MaxMediaFile>>20)
	}
	rc, err := f.Open()
	if err != nil {
		return nil, err
	}
	if !z.latest {
		return limitedReadCloser{io.LimitReader(rc, MaxMediaFile), rc}, nil
	}
	d, err := zstd.NewReader(rc, zstd.WithDecoderConcurrency(1), zstd.WithDecoderMaxWindow(64<<20))
	if err != nil {
		rc.Close()
		return nil, err
	}
	return limitedReadCloser{io.LimitReader(d, MaxMediaFile), closers{d.IOReadCloser(), rc}}, nil
}

type limitedReadCloser struct {
	io.Reader
	io.Closer
}

type closers []io.Closer

func (cs closers) Close() error {
	var errs []error
	for _, c := range cs {
		errs = append(errs, c.Close())
	}
	return errors.Join(errs...)
}
