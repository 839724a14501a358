package srs

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"os"
)

// openBlobFile opens a blob file of the sync folder: a regular file of at
// most maxBlob bytes.
func openBlobFile(path string) (*os.File, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	fi, err := f.Stat()
	if err == nil && (!fi.Mode().IsRegular() || fi.Size() > maxBlob) {
		err = fmt.Errorf("%s: not a regular file of at most %d bytes", path, maxBlob)
	}
	if err != nil {
		f.Close()
		return nil, err
	}
	return f, nil
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
