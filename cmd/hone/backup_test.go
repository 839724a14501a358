package main

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// `hone backup FILE` replaced whatever FILE was, by rename: /dev/null (as
// root), symlinks and FIFOs, and it overwrote existing files silently.
func TestBackupRefusesWhatItShouldNotReplace(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "hone.db")
	if r := hone(t, db, "due"); r.code != 0 {
		t.Fatal(r)
	}
	existing := filepath.Join(dir, "existing.db")
	os.WriteFile(existing, []byte("precious"), 0o600)
	fifo := filepath.Join(dir, "fifo")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(dir, "link")
	os.Symlink(existing, link)
	targets := map[string]string{
		existing: "the file exists; pass --force",
		fifo:     "not a regular file",
		link:     "symbolic link",
		dir:      "directory",
		db:       "the database itself",
	}
	device := filepath.Join(dir, "null")
	if err := syscall.Mknod(device, syscall.S_IFCHR|0o600, 1<<8|3); err == nil {
		targets[device] = "not a regular file"
	}
	for target, why := range targets {
		before, _ := os.Lstat(target)
		for _, args := range [][]string{{"backup", target}, {"backup", "--force", target}} {
			if target == existing && len(args) == 3 {
				continue
			}
			r := hone(t, db, args...)
			if r.code != 1 || !strings.Contains(r.stderr, why) || strings.Count(r.stderr, "\n") != 1 {
				t.Errorf("hone %v: %+v, want a refusal saying %q", args, r, why)
			}
		}
		after, err := os.Lstat(target)
		if err != nil || after.Mode() != before.Mode() || (!after.IsDir() && after.Size() != before.Size()) {
			t.Errorf("%s was replaced", target)
		}
	}
	if data, _ := os.ReadFile(existing); string(data) != "precious" {
		t.Errorf("the existing file was overwritten")
	}
	if r := hone(t, db, "backup", "--force", existing); r.code != 0 {
		t.Errorf("backup --force over a regular file: %+v", r)
	}
	if r := hone(t, existing, "check"); r.code != 0 {
		t.Errorf("the backup does not check: %+v", r)
	}
}
