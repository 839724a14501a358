package srs

import (
	"cmp"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime/debug"
	"sync"
	"syscall"
	"time"

	"github.com/adrg/xdg"
	bolt "go.etcd.io/bbolt"
	berrors "go.etcd.io/bbolt/errors"
)

// Sentinel errors, for errors.Is. The errors returned carry a one-line message
// that names the file and says what to do.
var (
	ErrInUse       = errors.New("database in use")
	ErrNotHone     = errors.New("not a hone database")
	ErrNewerSchema = errors.New("database written by a newer hone")
	ErrDamaged     = errors.New("database damaged")
	ErrClosed      = errors.New("store closed")
	ErrUnknownCard = errors.New("no such card")
	ErrReadOnly    = errors.New("database read-only")
	ErrCannotUndo  = errors.New("cannot undo")
)

// fileError is a sentinel with a message written for the user.
type fileError struct {
	kind  error
	msg   string
	cause error
}

func (e *fileError) Error() string { return e.msg }
func (e *fileError) Unwrap() []error {
	if e.cause == nil {
		return []error{e.kind}
	}
	return []error{e.kind, e.cause}
}

// damagedRecord is a record that does not decode.
type damagedRecord struct{ what, msg string }

func (e *damagedRecord) Error() string { return "damaged " + e.what + ": " + e.msg }
func (e *damagedRecord) Unwrap() error { return ErrDamaged }

// Options tune a Store; the zero value is what hone uses.
type Options struct {
	Clock   func() time.Time // nil → time.Now
	Timeout time.Duration    // how long to wait for the file lock; 0 → 10s
	// AnswerWait is how long an answer or an undo waits for the lock while
	// another hone holds it (a large import): long, so that no answer fails
	// for it; the review shows it is saving meanwhile. 0 → 10 minutes.
	AnswerWait time.Duration
	// DayStart is when a day begins, for the day an answer is logged on;
	// the zero value is 04:00.
	DayStart DayStart
	// LeechLapses is how many lapses make a card a leech, suspended as it
	// lapses; 0 means DefaultLeechLapses and a negative number never.
	LeechLapses int

	noSync bool // tests only: long simulated sessions without an fsync per answer
}

// Store is hone's database. It keeps no file open between operations: each
// call opens the file, runs one transaction and closes it, so that another
// hone process can read or answer between our calls. A Store is safe for
// concurrent use; calls from one process are serialized here rather than
// fighting over the file lock.
type Store struct {
	path       string
	clock      func() time.Time
	days       DayStart
	timeout    time.Duration
	answerWait time.Duration
	noSync     bool
	leech      int       // lapses that make a leech; 0: never
	pieces     pieceSize // how a large import commits: see import_pieces.go
	// beforeBlobFile, in tests, is told whether a sync folder's blob file
	// is written in a write transaction.
	beforeBlobFile func(writable bool)

	mu     sync.RWMutex
	closed bool
	// migrated is the backup written before this Open upgraded the file.
	migrated string
}

// DefaultPath is $XDG_DATA_HOME/hone/hone.db (HONE_DB and --db are the
// caller's business).
func DefaultPath() (string, error) {
	if xdg.DataHome == "" {
		return "", errors.New("no data directory: set XDG_DATA_HOME or HOME")
	}
	return filepath.Join(xdg.DataHome, "hone", "hone.db"), nil
}

// Open checks the database at path, creating it (and its directory) if it
// does not exist. A file that is not a hone database, is damaged or has a
// newer schema is refused and never written to.
func Open(path string, opt Options) (*Store, error) {
	if path == "" {
		return nil, errors.New("open database: empty path")
	}
	s := &Store{path: path, clock: opt.Clock, days: opt.DayStart, timeout: opt.Timeout, answerWait: opt.AnswerWait, noSync: opt.noSync,
		leech: leechThreshold(opt.LeechLapses)}
	if s.clock == nil {
		s.clock = time.Now
	}
	if s.timeout <= 0 {
		s.timeout = defaultLockWait
	}
	if s.answerWait <= 0 {
		s.answerWait = defaultAnswerWait
	}
	if _, err := os.Lstat(path); errors.Is(err, fs.ErrNotExist) {
		if err := s.create(); err != nil {
			return nil, err
		}
	}
	look, err := s.look()
	if err != nil {
		return nil, err
	}
	if look.version < schemaVersion || look.uncounted {
		// A migration rewrites the file: it walks all of it first.
		problems, err := s.checkStructureLocked(true)
		if err != nil {
			return nil, err
		}
		if len(problems) > 0 {
			return nil, s.damagedFile(problems)
		}
		if err := s.migrate(look.version); err != nil {
			return nil, err
		}
	}
	if look.importing {
		if err := s.rollbackInterrupted(false); err != nil {
			return nil, err
		}
	}
	return s, nil
}

// Path is the database file.
func (s *Store) Path() string { return s.path }

// Close ends the Store; there is no open file to release, but later calls
// fail instead of quietly reopening.
func (s *Store) Close() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.closed = true
	return nil
}

func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return fmt.Errorf("sync directory %s: %w", dir, err)
	}
	defer d.Close()
	if err := d.Sync(); err != nil && !errors.Is(err, fs.ErrInvalid) {
		return fmt.Errorf("sync directory %s: %w", dir, err)
	}
	return nil
}

// run opens the file, calls fn and closes it. It turns bbolt's panics on a
// damaged file, and the faults of reading past the end of a truncated
// mapping, into ErrDamaged.
func (s *Store) run(readOnly bool, fn func(*bolt.DB) error) error {
	return s.runWith(access{write: !readOnly}, fn)
}

// How long hone waits for another hone's lock: a command, and an answer.
const (
	defaultLockWait   = 10 * time.Second
	defaultAnswerWait = 10 * time.Minute
)

// access says how runWith opens the file.
type access struct {
	write bool
	wait  time.Duration // how long to wait for the lock; 0: the store's timeout
	// mapSize maps the file that many bytes from the start (0: bbolt's
	// default, which grows the mapping by doubling). A write that outgrows
	// its mapping remaps the file and copies every node it touched, which
	// a big import did a dozen times over.
	mapSize int
}

// runWith is run, opening the file as a says. Before any write the file's
// structure is checked (see guardWrite), and a write that fails leaves the
// file the size it was.
func (s *Store) runWith(a access, fn func(*bolt.DB) error) (err error) {
	readOnly := !a.write
	if readOnly {
		s.mu.RLock()
		defer s.mu.RUnlock()
	} else {
		s.mu.Lock()
		defer s.mu.Unlock()
	}
	if s.closed {
		return fmt.Errorf("database %s: %w", s.path, ErrClosed)
	}
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	var db *bolt.DB
	defer func() {
		if p := recover(); p != nil {
			err = s.damaged(fmt.Sprint(p), nil)
			if db != nil {
				closeAfterPanic(db)
			}
		}
	}()
	if err := s.checkFile(); err != nil {
		return err
	}
	db, err = bolt.Open(s.path, 0o600, &bolt.Options{
		Timeout:         cmp.Or(a.wait, s.timeout),
		ReadOnly:        readOnly,
		NoSync:          s.noSync,
		OpenFile:        openNoCreate,
		InitialMmapSize: a.mapSize,
	})
	if err != nil {
		return s.openError(err)
	}
	if a.write {
		size, gerr := s.guardWrite()
		if gerr != nil {
			closeAfterPanic(db)
			return gerr
		}
		defer func() {
			if err != nil {
				s.restoreSize(size)
			}
		}()
	}
	err = fn(db)
	if cerr := db.Close(); err == nil && cerr != nil {
		err = fmt.Errorf("close database %s: %w", s.path, cerr)
	}
	return err
}

func closeAfterPanic(db *bolt.DB) {
	defer func() { _ = recover() }()
	_ = db.Close()
}

// openNoCreate keeps bbolt from creating a file that vanished between two of
// our operations: that would silently start an empty collection.
func openNoCreate(name string, flag int, perm os.FileMode) (*os.File, error) {
	return os.OpenFile(name, flag&^os.O_CREATE, perm)
}

// checkFile refuses what bbolt would mishandle: it initializes a zero-byte
// file in place, which would write to a file that is not ours.
func (s *Store) checkFile() error {
	fi, err := os.Stat(s.path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return fmt.Errorf("database %s does not exist (was it moved?): %w", s.path, err)
	case err != nil:
		return fmt.Errorf("open database %s: %w", s.path, err)
	case fi.IsDir():
		return &fileError{kind: ErrNotHone, msg: fmt.Sprintf("%s is a directory, not a hone database; pass a file path with --db or HONE_DB", s.path)}
	case !fi.Mode().IsRegular():
		return &fileError{kind: ErrNotHone, msg: fmt.Sprintf("%s is not a regular file, so not a hone database; pass another path with --db or HONE_DB", s.path)}
	case fi.Size() == 0:
		return s.damaged("the file is empty (0 bytes)", nil)
	}
	return nil
}

// checkSize catches a truncated file before bbolt follows a page pointer past
// its end.
func (s *Store) checkSize(tx *bolt.Tx) error {
	fi, err := os.Stat(s.path)
	if err != nil {
		return fmt.Errorf("open database %s: %w", s.path, err)
	}
	if need := tx.Size(); need > fi.Size() {
		return s.damaged(fmt.Sprintf("the file is truncated: %d bytes of %d", fi.Size(), need), nil)
	}
	return nil
}

func (s *Store) openError(err error) error {
	var pe *fs.PathError
	switch {
	case errors.Is(err, berrors.ErrTimeout):
		return &fileError{kind: ErrInUse, cause: err, msg: fmt.Sprintf("database %s is in use by another hone process; close it and try again", s.path)}
	case errors.As(err, &pe):
		return fmt.Errorf("open database %s: %w", s.path, err)
	}
	return s.damaged(fmt.Sprintf("not a readable database (%v)", err), err)
}

// CheckWritable refuses a database that hone could read but not save to:
// a file whose permissions allow no writes (even to root, who would
// otherwise write it), or one on a read-only file system. Commands that
// save answers ask first, so that no session opens only to fail at every
// answer.
func (s *Store) CheckWritable() error {
	readOnly := func(why string) error {
		return &fileError{kind: ErrReadOnly, msg: fmt.Sprintf("database %s is read-only (%s), so hone could not save answers; make it writable, or use a copy with --db", s.path, why)}
	}
	if err := s.checkFile(); err != nil {
		return err
	}
	fi, err := os.Stat(s.path)
	if err != nil {
		return fmt.Errorf("open database %s: %w", s.path, err)
	}
	if fi.Mode().Perm()&0o222 == 0 {
		return readOnly("its permissions allow no writes")
	}
	f, err := os.OpenFile(s.path, os.O_RDWR, 0)
	switch {
	case errors.Is(err, syscall.EROFS):
		return readOnly("on a read-only file system")
	case errors.Is(err, fs.ErrPermission):
		return readOnly("you may not write to it")
	case err != nil:
		return fmt.Errorf("open database %s: %w", s.path, err)
	}
	return f.Close()
}

func (s *Store) damaged(why string, cause error) error {
	return &fileError{kind: ErrDamaged, cause: cause, msg: fmt.Sprintf("database %s is damaged or not a database: %s; hone check lists the damage, and hone recover NEW.db saves what can be read", s.path, why)}
}

// view runs fn in a read-only transaction on a file opened read-only, so it
// shares the lock with other readers.
func (s *Store) view(fn func(*txn) error) error {
	return s.run(true, func(db *bolt.DB) error {
		return db.View(func(tx *bolt.Tx) error {
			t, err := s.begin(tx)
			if err != nil {
				return err
			}
			return fn(t)
		})
	})
}

// update runs fn in one write transaction, committed (and synced) before it
// returns.
func (s *Store) update(fn func(*txn) error) error { return s.updateWith(access{write: true}, fn) }

// updateWith is update with the file opened as a says: see runWith.
func (s *Store) updateWith(a access, fn func(*txn) error) error {
	return s.runWith(a, func(db *bolt.DB) error {
		return db.Update(func(tx *bolt.Tx) error {
			t, err := s.begin(tx)
			if err != nil {
				return err
			}
			if err := fn(t); err != nil {
				return err
			}
			return t.flush()
		})
	})
}

func (s *Store) begin(tx *bolt.Tx) (*txn, error) {
	if err := s.checkSize(tx); err != nil {
		return nil, err
	}
	v, err := s.schemaOf(tx)
	if err != nil {
		return nil, err
	}
	if v != schemaVersion {
		// Another hone changed the schema since we opened; nothing we do
		// with the old layout would be safe.
		return nil, fmt.Errorf("database %s changed to schema v%d while open; restart hone", s.path, v)
	}
	t, err := newTxn(tx)
	if t != nil {
		t.dayStart, t.path, t.now, t.leech = s.days, s.path, s.clock, s.leech
		t.beforeBlobFile = s.beforeBlobFile
	}
	return t, err
}
