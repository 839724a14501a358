package srs

import (
	"errors"
	"fmt"
	"io/fs"
	"os"

	bolt "go.etcd.io/bbolt"
)

// Backup writes a consistent copy of the database to path while other hone
// processes go on reading and answering: it holds only a read transaction.
// It refuses a damaged database (the full check runs first), a path that
// is not a regular file, and, unless force, one that exists. The copy is
// synced, checked, and only then renamed into place, so that path never
// holds a half-written or unreadable file.
func (s *Store) Backup(path string, force bool) error {
	if err := s.backupTarget(path, force); err != nil {
		return err
	}
	err := s.checkBeforeCopy()
	if err == nil {
		err = s.run(true, func(db *bolt.DB) error {
			return db.View(func(tx *bolt.Tx) error { return writeCopy(tx, path) })
		})
	}
	if err != nil {
		return fmt.Errorf("back up %s to %.64q: %w", s.path, path, err)
	}
	return nil
}

// ErrBackupTarget is returned for a backup path that is not a new file, or
// an existing regular file the caller allowed replacing.
var ErrBackupTarget = errors.New("cannot back up there")

// backupTarget refuses to replace what is not a regular file (a symlink, a
// named pipe, a device such as /dev/null, a directory), the database
// itself, and an existing file unless force.
func (s *Store) backupTarget(path string, force bool) error {
	refuse := func(why string) error {
		return fmt.Errorf("back up to %.64q: %w: %s", path, ErrBackupTarget, why)
	}
	fi, err := os.Lstat(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil
	case err != nil:
		return fmt.Errorf("back up to %.64q: %w", path, err)
	case fi.Mode()&fs.ModeSymlink != 0:
		return refuse("it is a symbolic link; name the file itself")
	case fi.IsDir():
		return refuse("it is a directory; name a file in it")
	case !fi.Mode().IsRegular():
		return refuse("it is not a regular file (a device, a named pipe or a socket)")
	}
	if db, err := os.Stat(s.path); err == nil && os.SameFile(db, fi) {
		return refuse("it is the database itself")
	}
	if !force {
		return refuse("the file exists; pass --force to replace it")
	}
	return nil
}

// verifyCopy checks a copy before it takes the place of a file: its
// structure is sound and it is a hone database.
func verifyCopy(path string) error {
	problems, err := checkStructure(path, true)
	if err != nil {
		return fmt.Errorf("verify the copy: %w", err)
	}
	if len(problems) > 0 {
		return fmt.Errorf("verify the copy: %s", problems[0])
	}
	db, err := bolt.Open(path, 0o600, &bolt.Options{ReadOnly: true, Timeout: 0})
	if err != nil {
		return fmt.Errorf("verify the copy: %w", err)
	}
	defer db.Close()
	return db.View(func(tx *bolt.Tx) error {
		meta := tx.Bucket([]byte(bMeta))
		if meta == nil || string(meta.Get([]byte(metaMagicKey))) != metaMagic {
			return errors.New("verify the copy: it is not a hone database")
		}
		return nil
	})
}

// MigrationBackup is the backup Open wrote before it upgraded an older
// database, or "" when it did not need to.
func (s *Store) MigrationBackup() string { return s.migrated }
