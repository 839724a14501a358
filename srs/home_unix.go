//go:build unix

package srs

import (
	"bytes"
	"fmt"
	"os"
	"syscall"
)

// fileHome says where a file lives: the machine, and the file's device and
// inode, which a copy does not keep and a rename does. "" when it cannot
// tell.
func fileHome(path string) string {
	fi, err := os.Stat(path)
	if err != nil {
		return ""
	}
	st, ok := fi.Sys().(*syscall.Stat_t)
	if !ok {
		return ""
	}
	return fmt.Sprintf("%s:%d:%d", machineID(), uint64(st.Dev), uint64(st.Ino))
}

// machineID names the machine: its machine id where the system has one
// (it stays when the host name changes), else its host name.
func machineID() string {
	for _, p := range []string{"/etc/machine-id", "/var/lib/dbus/machine-id"} {
		if b, err := os.ReadFile(p); err == nil {
			if id := string(bytes.TrimSpace(b)); id != "" && len(id) <= 64 {
				return id
			}
		}
	}
	host, _ := os.Hostname()
	return host
}
