//go:build !linux

package srs

import bolt "go.etcd.io/bbolt"

// dropMapped does nothing where hone does not ask the kernel to drop
// mapped pages (see mapped_linux.go).
func dropMapped(*bolt.Tx) {}
