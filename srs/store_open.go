package srs

import (
	"fmt"
	"os"
	"path/filepath"

	bolt "go.etcd.io/bbolt"
)

// fileLook is what Open learns before it writes anything.
type fileLook struct {
	version   int
	uncounted bool // a v5 file from before the counters: migrateV5 completes it
	// importing: an import is under way, or was interrupted. A deck from
	// another device that a sync was taking in is left to the next sync
	// (or import), which rolls it back and takes it in again: rolled back
	// here, it would hold up a session's start for seconds.
	importing bool
}

// undoForeign, in the undo bucket, is the event key of the deck from
// another device that the import under way takes in.
const undoForeign = "f"

// look reads the schema and what Open must finish, under the shared lock:
// only a file already known to be ours is ever opened read-write.
func (s *Store) look() (fileLook, error) {
	var l fileLook
	err := s.run(true, func(db *bolt.DB) error {
		return db.View(func(tx *bolt.Tx) error {
			if err := s.checkSize(tx); err != nil {
				return err
			}
			v, err := s.schemaOf(tx)
			b := tx.Bucket([]byte(bImport))
			l.version, l.importing = v, b != nil && b.Get([]byte(undoForeign)) == nil
			l.uncounted = v == schemaVersion && tx.Bucket([]byte(bTopics)) == nil
			return err
		})
	})
	return l, err
}

// create writes a new database under a temporary name and links it into
// place, so that a crash never leaves a half-made file at path that the next
// start would have to refuse.
func (s *Store) create() error {
	dir := filepath.Dir(s.path)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return fmt.Errorf("create database directory %s: %w", dir, err)
	}
	f, err := os.CreateTemp(dir, "."+filepath.Base(s.path)+".new-*")
	if err != nil {
		return fmt.Errorf("create database %s: %w", s.path, err)
	}
	tmp := f.Name()
	defer os.Remove(tmp)
	if err := f.Close(); err != nil {
		return fmt.Errorf("create database %s: %w", s.path, err)
	}
	db, err := bolt.Open(tmp, 0o600, &bolt.Options{Timeout: s.timeout})
	if err != nil {
		return fmt.Errorf("create database %s: %w", s.path, err)
	}
	err = db.Update(func(tx *bolt.Tx) error { return migrate(tx, 0) })
	if cerr := db.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("create database %s: %w", s.path, err)
	}
	if err := os.Link(tmp, s.path); err != nil {
		if _, serr := os.Lstat(s.path); serr == nil {
			return nil // another hone created it first; Open inspects that one
		}
		if err := os.Rename(tmp, s.path); err != nil {
			return fmt.Errorf("create database %s: %w", s.path, err)
		}
	}
	return syncDir(dir)
}
