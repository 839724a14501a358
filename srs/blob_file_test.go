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
		blob := onlyBlobFile(t, dir, a)
		whole, _ := os.ReadFile(blob)
		if err := os.Remove(blob); err != nil {
			t.Fatal(err)
		}
		if err := tc.put(blob, whole); err != nil {
			t.Fatal(err)
		}
		done := make(chan SyncReport, 1)
		go func() { done <- mustSyncDir(t, b, dir) }()
		var rep SyncReport
		select {
		case rep = <-done:
		case <-time.After(20 * time.Second):
			unblock(blob, done)
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

// A blob whose chunks were damaged is not written into the sync folder
// under its name: the sync says so, and the other device is not handed
// bytes that do not hash to it.
func TestSyncDamagedBlobIsNotSent(t *testing.T) {
	a, _, dir, _ := syncPair(t)
	var hash string
	err := a.update(func(tx *txn) error {
		return tx.forEachEvent(func(_ []byte, ev event) error {
			if ev.Kind != evDeckImport {
				return nil
			}
			hash = ev.Blob
			_, h, _, err := tx.blobRecord(hash)
			if err != nil {
				return err
			}
			b, _ := tx.chunkBucket()
			v := []byte(string(b.Get(chunkKey(h.set, 0))))
			v[len(v)-1] ^= 1
			return b.Put(chunkKey(h.set, 0), v)
		})
	})
	if err != nil || hash == "" {
		t.Fatalf("damage the blob %q: %v", hash, err)
	}
	_, serr := a.Sync(dir)
	path := filepath.Join(dir, deviceOf(t, a).String(), "decks", hash+blobExt)
	b, rerr := os.ReadFile(path)
	if rerr == nil && blobHash(b) != hash {
		t.Errorf("the folder has %s with bytes that hash to %s (sync: %v)", hash, blobHash(b), serr)
	}
	if serr == nil || !strings.Contains(serr.Error(), hash) {
		t.Errorf("sync of a damaged blob: %v", serr)
	}
	if err := a.view(func(tx *txn) error { _, err := tx.readBlob(hash); return err }); err == nil {
		t.Error("a damaged blob reads")
	}
}
