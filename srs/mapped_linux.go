//go:build linux

package srs

import (
	"syscall"

	bolt "go.etcd.io/bbolt"
)

// dropMapped lets go of the pages of the database that this process has
// mapped in by reading it, so that a transaction that reads the whole of
// a large deck in an order the B+tree does not keep (the blob build reads
// its cards by position, not by id) does not hold every page it touched in
// its resident memory until the file is closed. The pages stay in the
// kernel's cache, and a later read maps them in again unchanged: bbolt maps
// the file shared and read-only, and never writes to a page that a live
// transaction can see, so this changes what is resident, never what is read.
func dropMapped(tx *bolt.Tx) {
	data, size := tx.DB().Info().Data, tx.Size()
	if data == 0 || size <= 0 {
		return
	}
	// The mapping starts on a page; the kernel rounds the length up.
	_, _, _ = syscall.Syscall(syscall.SYS_MADVISE, data, uintptr(size), syscall.MADV_DONTNEED)
}
