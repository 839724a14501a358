package deck

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"runtime"

	"github.com/ncruces/go-sqlite3/util/ioutil"
)

// maxCollectionInMemory is the most of a collection kept in memory: a
// larger one is spooled to a temporary file, which SQLite reads from.
const maxCollectionInMemory = 8 << 20

// ankiPackage is an opened package: its zip, the names of its media, and
// its collection, open for reading.
type ankiPackage struct {
	z     *ankiZip
	media map[string]string // zip entry → file name
	col   *ankiCollection
	hash  string // sha256 of the uncompressed collection, in hex
	spool *collectionSpool
	file  io.Closer // the package's file, when openPackage opened it
}

// openAnkiPackage opens the package in r, of size bytes, whose collection
// may be limit bytes uncompressed; a large collection is spooled to a
// temporary file in o.TempDir. Close it when done.
func openAnkiPackage(r io.ReaderAt, size int64, limit int64, o LoadOptions) (*ankiPackage, error) {
	z, err := openAnkiZip(r, size)
	if err != nil {
		return nil, err
	}
	z.limit = limit
	if err := z.checkVersion(); err != nil {
		return nil, err
	}
	f, err := z.newestCollection()
	if err != nil {
		return nil, err
	}
	spool := &collectionSpool{dir: o.TempDir, max: maxCollectionInMemory}
	if o.spoolAbove > 0 {
		spool.max = o.spoolAbove
	}
	pkg := &ankiPackage{z: z, spool: spool}
	sum := sha256.New()
	err = z.copyEntry(f, z.limit, z.latest, func(room uint64) io.Writer {
		pkg.spool.expect(room)
		return io.MultiWriter(pkg.spool, sum)
	})
	if err == nil {
		pkg.hash = hex.EncodeToString(sum.Sum(nil))
		pkg.media, err = z.mediaMap()
	}
	if err == nil {
		pkg.col, err = openAnkiCollection(ioutil.NewSizeReaderAt(pkg.spool.reader()))
	}
	if err != nil {
		pkg.Close()
		return nil, err
	}
	return pkg, nil
}

// Close closes the collection and removes its spool.
func (pkg *ankiPackage) Close() error {
	var err error
	if pkg.col != nil {
		err = pkg.col.Close()
	}
	err = errors.Join(err, pkg.spool.close())
	if pkg.file != nil {
		err = errors.Join(err, pkg.file.Close())
	}
	return err
}

// collectionSpool keeps a collection as it is uncompressed: in memory up
// to max bytes, then in a temporary file in dir whose name is
// removed at once where an open file can lose it, so that nothing is left
// behind.
type collectionSpool struct {
	dir  string
	max  int64 // the most kept in memory
	mem  []byte
	f    *os.File
	name string
	n    int64
}

func (s *collectionSpool) Write(p []byte) (int, error) {
	if s.f == nil && (s.mem == nil || int64(len(s.mem)+len(p)) > s.max) {
		if err := s.toFile(); err != nil {
			return 0, &writeError{err}
		}
	}
	if s.f == nil {
		s.mem = append(s.mem, p...)
		s.n += int64(len(p))
		return len(p), nil
	}
	n, err := s.f.Write(p)
	s.n += int64(n)
	if err != nil {
		return n, &writeError{fmt.Errorf("cannot spool the collection to %.64q: %w", s.name, err)}
	}
	return n, nil
}

// expect makes room for a collection that says it is room bytes long, in
// memory up to max; a longer one goes to a file from the start.
func (s *collectionSpool) expect(room uint64) {
	if room <= uint64(s.max) {
		s.mem = make([]byte, 0, room+1)
	}
}

// toFile moves the spool to a temporary file.
func (s *collectionSpool) toFile() error {
	f, err := os.CreateTemp(s.dir, ".hone-apkg-*")
	if err != nil {
		return fmt.Errorf("cannot spool the collection: %w", err)
	}
	s.f, s.name = f, f.Name()
	if runtime.GOOS != "windows" {
		if err := os.Remove(s.name); err != nil {
			return fmt.Errorf("cannot spool the collection: %w", err)
		}
		s.name = ""
	}
	if _, err := f.Write(s.mem); err != nil {
		return fmt.Errorf("cannot spool the collection to %.64q: %w", f.Name(), err)
	}
	s.mem = nil
	return nil
}

// reader reads the spooled collection.
func (s *collectionSpool) reader() *io.SectionReader {
	if s.f != nil {
		return io.NewSectionReader(s.f, 0, s.n)
	}
	return io.NewSectionReader(bytes.NewReader(s.mem), 0, s.n)
}

func (s *collectionSpool) close() error {
	s.mem = nil
	if s.f == nil {
		return nil
	}
	err := s.f.Close()
	if s.name != "" {
		err = errors.Join(err, os.Remove(s.name))
	}
	s.f = nil
	return err
}
