//go:build unix

package srs

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// A deck blob in the sync folder that is not a plain file of the right
// bytes makes the other device wait for it: it never hangs the sync, and
// nothing of it is stored.
func TestSyncHostileBlobFile(t *testing.T) {
	for _, tc := range []struct {
		name  string
		put   func(path string, whole []byte) error
		waits bool
	}{
		{"fifo", func(path string, _ []byte) error { return syscall.Mkfifo(path, 0o644) }, true},
		{"directory", func(path string, _ []byte) error { return os.Mkdir(path, 0o755) }, true},
		{"wrong bytes", func(path string, whole []byte) error {
			b := []byte(string(whole))
			b[len(b)-1] ^= 1
			return os.WriteFile(path, b, 0o644)
		}, true},
		{"too large", func(path string, _ []byte) error {
			f, err := os.Create(path)
			if err == nil {
				err = f.Truncate(maxBlob + 1)
				f.Close()
			}
			return err
		}, true},
		{"symlink to the blob", func(path string, whole []byte) error {
			real := filepath.Join(filepath.Dir(path), "..", "real")
			if err := os.WriteFile(real, whole, 0o644); err != nil {
				return err
			}
			return os.Symlink(real, path)
		}, false},
	} {
		a, b, dir, _ := syncPair(t)
		mustSyncDir(t, a, dir)
		blobs, _ := filepath.Glob(filepath.Join(dir, deviceOf(t, a).String(), "decks", "*"+blobExt))
		if len(blobs) != 1 {
			t.Fatalf("blobs %v", blobs)
		}
		whole, _ := os.ReadFile(blobs[0])
		if err := os.Remove(blobs[0]); err != nil {
			t.Fatal(err)
		}
		if err := tc.put(blobs[0], whole); err != nil {
			t.Fatal(err)
		}
		done := make(chan SyncReport, 1)
		go func() { done <- mustSyncDir(t, b, dir) }()
		var rep SyncReport
		select {
		case rep = <-done:
		case <-time.After(20 * time.Second):
			unblock(blobs[0], done)
			t.Errorf("%s: the sync hung on the blob file", tc.name)
			continue
		}
		waiting := len(rep.Problems) == 1 && strings.Contains(rep.Problems[0], "waiting for deck \"go\"")
		if waiting != tc.waits || (answersFrom(rep) == 0) != tc.waits {
			t.Errorf("%s: %+v", tc.name, rep)
		}
		assertConsistent(t, b)
	}
}

// unblock opens the fifo at path for writing, again and again, until done
// has a value, so that a reader stuck on it goes on.
func unblock(path string, done <-chan SyncReport) {
	for {
		select {
		case <-done:
			return
		case <-time.After(10 * time.Millisecond):
			if f, err := os.OpenFile(path, os.O_WRONLY|syscall.O_NONBLOCK, 0); err == nil {
				f.Close()
			}
		}
	}
}
