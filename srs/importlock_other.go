//go:build !unix

package srs

// importLockWorks: without flock here, a live import cannot be told from a
// dead one, so every import is one transaction; an undo bucket found here
// came from elsewhere and is rolled back.
const importLockWorks = false

func lockImport(string) (unlock func(), ok bool, err error)      { return func() {}, true, nil }
func shareImportLock(string) (unlock func(), ok bool, err error) { return func() {}, true, nil }
