package srs

import (
	"fmt"

	bolt "go.etcd.io/bbolt"
)

// Backup writes a consistent copy of the database to path while other hone
// processes go on reading and answering: it holds only a read transaction,
// and the copy is synced and renamed into place so that path never holds a
// half-written file.
func (s *Store) Backup(path string) error {
	err := s.run(true, func(db *bolt.DB) error {
		return db.View(func(tx *bolt.Tx) error { return writeCopy(tx, path) })
	})
	if err != nil {
		return fmt.Errorf("back up %s to %s: %w", s.path, path, err)
	}
	return nil
}

// MigrationBackup is the backup Open wrote before it upgraded an older
// database, or "" when it did not need to.
func (s *Store) MigrationBackup() string { return s.migrated }
