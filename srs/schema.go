package srs

import (
	"encoding/binary"
	"fmt"
	"os"
	"path/filepath"

	bolt "go.etcd.io/bbolt"
)

// schemaVersion is the layout this code reads and writes. A file with a
// higher number was written by a newer hone and is refused untouched.
const schemaVersion = 6

// hone's marker in the meta bucket tells our files from other bbolt files.
const (
	metaMagicKey  = "magic"
	metaMagic     = "hone srs database"
	metaSchemaKey = "schema"
	// Added by schema v3: the scheduler in force and its settings.
	metaSchedulerKey = "scheduler"
)

// Buckets of schema v1.
const (
	bMeta    = "meta"
	bCards   = "cards"   // id → cardRec
	bContent = "content" // id → deck.Card, read only for cards shown
	bDue     = "due"     // dayKey(due) + id → empty, learned active cards
	bNew     = "new"     // deck 0x00 ordinal(4) id → the card's note (v4), unreviewed active cards
	bMembers = "members" // deck 0x00 id → empty, every card a deck ever had
	bLog     = "log"     // seq(8) → Entry; append-only, the source of truth
	bUndone  = "undone"  // seq(8) of an undone entry → seq(8) of its undo
	bDays    = "days"    // dayKey(day) → DayCounts
	bDecks   = "decks"   // name → deckRec
	bSources = "sources" // source → sourceRec
)

// Added by schema v2.
const (
	bTexts = "texts" // deck name → the source text of an imported deck
)

// Added by schema v4.
const (
	bNotes  = "notes"  // note 0x00 id → empty, every card with a note: its siblings
	bBuried = "buried" // dayKey(until) + id → empty, active unsuspended cards with a bury
)

func bucketsV1() []string {
	return []string{bMeta, bCards, bContent, bDue, bNew, bMembers, bLog, bUndone, bDays, bDecks, bSources}
}

// schemaOf reads the schema version, refusing files that are not ours.
func (s *Store) schemaOf(tx *bolt.Tx) (int, error) {
	meta := tx.Bucket([]byte(bMeta))
	if meta == nil || string(meta.Get([]byte(metaMagicKey))) != metaMagic {
		return 0, &fileError{kind: ErrNotHone, msg: fmt.Sprintf("%s is a database of another program, not hone's; pass another path with --db or HONE_DB", s.path)}
	}
	raw := meta.Get([]byte(metaSchemaKey))
	if len(raw) != 4 {
		return 0, s.damaged("its schema version is unreadable", nil)
	}
	v := int(binary.BigEndian.Uint32(raw))
	switch {
	case v > schemaVersion:
		return v, &fileError{kind: ErrNewerSchema, msg: fmt.Sprintf("database %s has schema v%d, newer than this hone understands (v%d); upgrade hone", s.path, v, schemaVersion)}
	case v < 1:
		return v, s.damaged(fmt.Sprintf("its schema version %d is invalid", v), nil)
	}
	return v, nil
}

// migrate brings a tx from schema from to schemaVersion, in one transaction
// so that a crash leaves either layout whole. Version 0 is an empty file.
func migrate(tx *bolt.Tx, from int) error {
	for v := from + 1; v <= schemaVersion; v++ {
		if err := migrationTo(v)(tx); err != nil {
			return fmt.Errorf("migrate to schema v%d: %w", v, err)
		}
	}
	meta, err := tx.CreateBucketIfNotExists([]byte(bMeta))
	if err != nil {
		return err
	}
	if err := meta.Put([]byte(metaMagicKey), []byte(metaMagic)); err != nil {
		return err
	}
	return meta.Put([]byte(metaSchemaKey), binary.BigEndian.AppendUint32(nil, schemaVersion))
}

// migrationTo is the step that produces schema v from v-1.
func migrationTo(v int) func(*bolt.Tx) error {
	switch v {
	case 1:
		return func(tx *bolt.Tx) error {
			for _, name := range bucketsV1() {
				if _, err := tx.CreateBucketIfNotExists([]byte(name)); err != nil {
					return err
				}
			}
			return nil
		}
	case 2:
		return func(tx *bolt.Tx) error {
			_, err := tx.CreateBucketIfNotExists([]byte(bTexts))
			return err
		}
	case 3:
		return migrateV3
	case 4:
		return migrateV4
	case 5:
		return migrateV5
	case 6:
		return migrateV6
	}
	return func(*bolt.Tx) error { return fmt.Errorf("no migration to schema v%d", v) }
}

// migrate upgrades an older hone file, after writing a backup beside it.
func (s *Store) migrate(from int) error {
	backup := fmt.Sprintf("%s.v%d.bak", s.path, from)
	err := s.run(true, func(db *bolt.DB) error {
		return db.View(func(tx *bolt.Tx) error { return writeCopy(tx, backup) })
	})
	if err != nil {
		return fmt.Errorf("back up %s before migrating to %s: %w", s.path, backup, err)
	}
	s.migrated = backup
	return s.run(false, func(db *bolt.DB) error {
		return db.Update(func(tx *bolt.Tx) error {
			v, err := s.schemaOf(tx)
			switch {
			case err != nil:
				return err
			case v < schemaVersion:
				return migrate(tx, v)
			case tx.Bucket([]byte(bTopics)) == nil:
				return migrateV5(tx) // written at v5 before the counters came in
			}
			return nil // someone else migrated it meanwhile
		})
	})
}

// writeCopy writes a consistent copy of the database as seen by tx to path,
// through a temporary file that is synced and renamed into place, so that a
// crash never leaves a half-written copy under the final name. (bbolt's own
// CopyFile goes through the store's no-create file opener.)
func writeCopy(tx *bolt.Tx, path string) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if _, err := tx.WriteTo(tmp); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Chmod(0o600); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	if err := verifyCopy(tmp.Name()); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}
