package srs

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"syscall"
)

// openBlobFile opens a blob file of the sync folder: a regular file of at
// most maxBlob bytes. What is not one is never opened as it stands (a
// fifo would block the open), and the file opened is checked again.
func openBlobFile(path string) (*os.File, error) {
	if err := isBlobFile(path, os.Stat); err != nil {
		return nil, err
	}
	f, err := os.OpenFile(path, os.O_RDONLY|syscall.O_NONBLOCK, 0)
	if err != nil {
		return nil, err
	}
	if err := isBlobFile(path, func(string) (os.FileInfo, error) { return f.Stat() }); err != nil {
		f.Close()
		return nil, err
	}
	return f, nil
}

// isBlobFile says what stat tells of path: a regular file of at most
// maxBlob bytes.
func isBlobFile(path string, stat func(string) (os.FileInfo, error)) error {
	fi, err := stat(path)
	if err == nil && (!fi.Mode().IsRegular() || fi.Size() > maxBlob) {
		err = fmt.Errorf("%s: not a regular file of at most %d bytes", path, maxBlob)
	}
	return err
}

// hashBlobFile is blobHash of a blob file, read a buffer at a time.
func hashBlobFile(path string) (string, error) {
	f, err := openBlobFile(path)
	if err != nil {
		return "", err
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, io.LimitReader(f, maxBlob)); err != nil {
		return "", err
	}
	return hex.EncodeToString(h.Sum(nil)[:16]), nil
}

// putBlobFile stores the blob file at path, which must hash to hash, in
// chunks.
func (t *txn) putBlobFile(hash, path string) error {
	f, err := openBlobFile(path)
	if err != nil {
		return fmt.Errorf("deck blob %.64q: %w", hash, err)
	}
	defer f.Close()
	return t.putBlobFrom(hash, io.LimitReader(f, maxBlob))
}
