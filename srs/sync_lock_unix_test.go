//go:build unix

package srs

import (
	"errors"
	"testing"
)

// Two syncs run side by side (another hone's sync holds the import lock
// shared); a large import holds it alone, and keeps syncs out meanwhile.
func TestSyncSharesTheImportLockWithSyncs(t *testing.T) {
	s := testStore(t, newClock(t0))
	mustSync(t, s, testDeck("d", 3))
	dir := t.TempDir()
	unlock, ok, err := shareImportLock(importLockPath(s.Path()))
	if err != nil || !ok {
		t.Fatalf("share the lock: %v %v", ok, err)
	}
	if _, err := s.Sync(dir); err != nil {
		t.Errorf("sync beside another sync: %v", err)
	}
	if _, err := s.holdImportLock(); !errors.Is(err, errImportUnderWay) {
		t.Errorf("an import beside a sync: %v, want the import-under-way error", err)
	}
	unlock()
	unlock, ok, err = lockImport(importLockPath(s.Path()))
	if err != nil || !ok {
		t.Fatalf("take the lock: %v %v", ok, err)
	}
	defer unlock()
	if _, err := s.Sync(dir); !errors.Is(err, errImportUnderWay) {
		t.Errorf("sync during an import: %v, want the import-under-way error", err)
	}
}
