//go:build unix

package srs

import (
	"errors"
	"fmt"
	"os"
	"syscall"
)

// importLockWorks: flock tells a live import from a dead one, so large
// imports may commit in pieces.
const importLockWorks = true

// lockImport takes the lock file at path without waiting; false when
// another process holds it. The lock goes with the process, so a killed
// import leaves it free. The file stays: removing it could race with a
// hone that has just opened it.
func lockImport(path string) (unlock func(), ok bool, err error) {
	return flockImport(path, syscall.LOCK_EX)
}

// shareImportLock takes the lock file at path shared, as a sync does:
// syncs run side by side, and no large import runs with them.
func shareImportLock(path string) (unlock func(), ok bool, err error) {
	return flockImport(path, syscall.LOCK_SH)
}

func flockImport(path string, how int) (unlock func(), ok bool, err error) {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, false, fmt.Errorf("import lock: %w", err)
	}
	if err := syscall.Flock(int(f.Fd()), how|syscall.LOCK_NB); err != nil {
		f.Close()
		if errors.Is(err, syscall.EWOULDBLOCK) {
			return nil, false, nil
		}
		return nil, false, fmt.Errorf("import lock %s: %w", path, err)
	}
	return func() {
		_ = syscall.Flock(int(f.Fd()), syscall.LOCK_UN)
		_ = f.Close()
	}, true, nil
}
