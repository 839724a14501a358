//go:build unix

package main

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// A large deck from another device that a sync could not take in yet, as
// another hone held the import lock, is named by sync --status and decks
// until the next sync takes it in.
func TestStatusSaysDeckStillToArrive(t *testing.T) {
	folder := t.TempDir()
	a := filepath.Join(t.TempDir(), "a.db")
	b := filepath.Join(t.TempDir(), "b.db")
	deckFile := filepath.Join(t.TempDir(), "big.md")
	if err := os.WriteFile(deckFile, []byte(bigDeck("Big", 2500)), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{{"import", deckFile}, {"sync", folder}} {
		if r := hone(t, a, args...); r.code != 0 {
			t.Fatalf("%q: %+v", args, r)
		}
	}
	lock, err := os.OpenFile(b+".import-lock", os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		t.Fatal(err)
	}
	defer lock.Close()
	if err := syscall.Flock(int(lock.Fd()), syscall.LOCK_SH); err != nil {
		t.Fatal(err)
	}
	if r := hone(t, b, "sync", folder); r.code != 0 || !strings.Contains(r.stdout+r.stderr, "left for the next sync") {
		t.Fatalf("sync with the lock held: %+v", r)
	}
	syscall.Flock(int(lock.Fd()), syscall.LOCK_UN)
	want := `1 deck from another device is still being taken in: "Big" (2,500 cards); the next sync finishes it`
	for _, args := range [][]string{{"sync", "--status", folder}, {"decks"}} {
		if r := hone(t, b, args...); r.code != 0 || !strings.Contains(r.stdout, want+"\n") {
			t.Errorf("%q: %+v, want %q", args, r, want)
		}
	}
	if r := hone(t, b, "sync", folder); r.code != 0 || r.stdout != `took in deck "Big" (2,500 cards) from another device`+"\n" {
		t.Fatalf("the next sync: %+v", r)
	}
	for _, args := range [][]string{{"sync", "--status", folder}, {"decks"}} {
		if r := hone(t, b, args...); r.code != 0 || strings.Contains(r.stdout, "still being taken in") || (args[0] == "decks" && !strings.Contains(r.stdout, "Big ")) {
			t.Errorf("after the next sync, %q: %+v", args, r)
		}
	}
}
