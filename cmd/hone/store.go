package main

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/hone-srs/hone/decks"
	"github.com/hone-srs/hone/srs"
)

// dbPath picks the database: --db, then $HONE_DB, then the data directory.
// A path the user gave must be in a directory that exists: a typo should
// not quietly start a new, empty collection somewhere else. The default
// data directory is created on first use.
func dbPath(e env, f *flags) (string, error) {
	p, how := f.db, "--db"
	if p == "" {
		p, how = e.getenv("HONE_DB"), "HONE_DB"
	}
	if p == "" {
		return srs.DefaultPath()
	}
	dir := filepath.Dir(p)
	if info, err := os.Stat(dir); err != nil || !info.IsDir() {
		return "", fmt.Errorf("the directory of %s (from %s) does not exist; create it first, or check the path", p, how)
	}
	return p, nil
}

// openStore opens the collection for a command that saves to it: a
// read-only file is refused before anything starts. It brings the built-in
// decks up to date; an unchanged deck costs a hash, not a parse.
func openStore(e env, f *flags) (*srs.Store, error) { return openCollection(e, f, true) }

// openToRead opens the collection for a command that only reads it. A
// read-only file is read as it is, without updating the built-in decks.
func openToRead(e env, f *flags) (*srs.Store, error) { return openCollection(e, f, false) }

func openCollection(e env, f *flags, write bool) (*srs.Store, error) {
	path, err := dbPath(e, f)
	if err != nil {
		return nil, err
	}
	s, err := openPlain(e, f, path)
	if err != nil {
		return nil, err
	}
	if err := s.CheckWritable(); err != nil {
		if write || !errors.Is(err, srs.ErrReadOnly) {
			s.Close()
			return nil, err
		}
		return s, nil
	}
	if _, err := s.SyncFS(decks.FS, true); err != nil {
		s.Close()
		return nil, fmt.Errorf("load built-in decks: %w", err)
	}
	return s, nil
}

// openPlain opens the database without touching the decks, for the commands
// that only read or copy it; it says so when it upgraded the file.
func openPlain(e env, f *flags, path string) (*srs.Store, error) {
	s, err := srs.Open(path, srs.Options{Clock: e.now, DayStart: f.dayStart, LeechLapses: f.cfg.leechLapses()})
	if err != nil {
		return nil, err
	}
	if b := s.MigrationBackup(); b != "" {
		fmt.Fprintf(e.stderr, "hone: upgraded %s to the current format; the old file is saved as %s\n", path, b)
	}
	return s, nil
}

// withStore runs fn on the collection, opened with its decks up to date,
// and closes it after.
func withStore(e env, f *flags, fn func(*srs.Store) error) error {
	s, err := openToRead(e, f)
	if err != nil {
		return err
	}
	defer s.Close()
	return fn(s)
}

// withPlainStore is withStore for the commands that only check or copy the
// file, and must not change it by syncing decks.
func withPlainStore(e env, f *flags, fn func(path string, s *srs.Store) error) error {
	path, err := dbPath(e, f)
	if err != nil {
		return err
	}
	s, err := openPlain(e, f, path)
	if err != nil {
		return err
	}
	defer s.Close()
	return fn(path, s)
}
