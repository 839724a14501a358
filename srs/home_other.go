//go:build !unix

package srs

import (
	"os"
	"path/filepath"
)

// fileHome says where a file lives: without inodes, the machine and the
// file's absolute path.
func fileHome(path string) string {
	abs, err := filepath.Abs(path)
	if err != nil {
		return ""
	}
	host, _ := os.Hostname()
	return host + ":" + abs
}
