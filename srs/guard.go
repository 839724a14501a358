package srs

import (
	"fmt"
	"os"
	"strings"
)

// guardWrite runs before every write, holding the file's lock: a file that
// fails the structure check is refused and never written to. Every write
// takes the cheap look (the meta pages, the root, the freelist); full asks
// for the walk of every page. It returns the file's size, which a failed
// write goes back to.
func (s *Store) guardWrite(full bool) (int64, error) {
	fi, err := os.Stat(s.path)
	if err != nil {
		return 0, fmt.Errorf("open database %s: %w", s.path, err)
	}
	problems, err := checkStructure(s.path, full)
	if err != nil {
		return 0, fmt.Errorf("check database %s: %w", s.path, err)
	}
	if len(problems) > 0 {
		return 0, s.damagedFile(problems)
	}
	return fi.Size(), nil
}

// damagedFile is the one-line refusal of a file with structural problems.
func (s *Store) damagedFile(problems []string) error {
	more := ""
	if n := len(problems) - 1; n > 0 {
		more = fmt.Sprintf(" and %d more", n)
	}
	return &fileError{kind: ErrDamaged, msg: fmt.Sprintf(
		"database %s is damaged (%s%s), so hone will not write to it; hone check lists the damage, and hone recover NEW.db saves what can be read",
		s.path, strings.TrimSuffix(problems[0], "."), more)}
}

// restoreSize takes a file that a failed write grew (bbolt grows it before
// it writes the pages, so a full disk leaves it longer) back to size. It
// runs under the write lock, and never cuts a page that a meta page on disk
// points at: were the commit's meta page written after all, its pages stay.
func (s *Store) restoreSize(size int64) {
	f, err := os.OpenFile(s.path, os.O_RDWR, 0)
	if err != nil {
		return
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil || fi.Size() <= size {
		return
	}
	for _, m := range readMetas(f, fi.Size()) {
		if m.err == "" {
			size = max(size, int64(m.high)*int64(m.pageSize))
		}
	}
	if size < fi.Size() && f.Truncate(size) == nil {
		_ = f.Sync()
	}
}
