//go:build unix

package srs

import (
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// A change made here while received changes wait to apply (another hone
// held the import lock at the sync's end) is not undone when they apply:
// a received new version of a deck, which sorts before its removal here,
// does not bring the removed deck back, as the whole path does not, and
// both devices end the same.
func TestSyncLocalChangeWhilePendingStays(t *testing.T) {
	var stores []*Store
	for _, split := range []bool{false, true} {
		dir := t.TempDir()
		c := newClock(t0)
		a := openAt(t, filepath.Join(t.TempDir(), "a.db"), c)
		bPath := filepath.Join(t.TempDir(), "b.db")
		b := openAt(t, bPath, c)
		mustImport(t, a, testDeck("small", 3), "# small\n")
		mustSyncDir(t, a, dir)
		mustSyncDir(t, b, dir)
		c.Advance(time.Hour)
		mustImport(t, a, testDeck("big", 40, "x", "y"), strings.Repeat("# big\n", 10))
		mustImport(t, a, testDeck("small", 4), "# small v2\n")
		mustSyncDir(t, a, dir)
		if split {
			smallPieces(b, nil)
		}
		rep := syncWhileLocked(t, b, dir)
		if split && len(rep.Problems) == 0 {
			t.Errorf("no line says changes wait: %+v", rep)
		}
		c.Advance(time.Minute)
		// Here, the user removes the deck, after a's new version of it.
		if _, err := b.RemoveDeck("small"); err != nil {
			t.Fatal(err)
		}
		mustSyncDir(t, b, dir)
		mustSyncDir(t, a, dir)
		assertConsistent(t, b)
		if n := pendingCount(t, b); n != 0 {
			t.Errorf("split %v: %d changes left to apply", split, n)
		}
		for name, s := range map[string]*Store{"a": a, "b": b} {
			decks, err := s.Decks()
			if err != nil {
				t.Fatal(err)
			}
			var names []string
			for _, d := range decks {
				names = append(names, d.Name)
			}
			if got := strings.Join(names, ","); got != "big" {
				t.Errorf("split %v: %s has decks %s, want big", split, name, got)
			}
		}
		stores = append(stores, b)
	}
	sameCollections(t, stores[0], stores[1])
}

// A deck imported here under the name of a large deck still to take in
// from another device: once both devices sync, they hold the same.
func TestSyncLocalDeckOfAPendingName(t *testing.T) {
	a, b, dir := bigLeftPending(t, func(a *Store) { mustAnswer(t, a, "big-1", Good, Review) })
	mine := testDeck("big", 5)
	mine.Cards[0].Back = "my own"
	rehash(&mine)
	if _, err := b.Import([]ImportItem{{Deck: mine, Source: "/mine/big.md", Text: []byte("# mine\n")}}, false); err != nil {
		t.Fatal(err)
	}
	mustAnswer(t, b, "big-0", Again, Review)
	mustSyncDir(t, b, dir)
	mustSyncDir(t, a, dir)
	mustSyncDir(t, b, dir)
	assertConsistent(t, a)
	assertConsistent(t, b)
	sameCollections(t, a, b)
	if n := pendingCount(t, b); n != 0 {
		t.Errorf("%d changes left to apply", n)
	}
}

// A large deck imported here while a large deck from another device waits
// is applied again after it, in pieces: its answers stay, and both devices
// end the same.
func TestSyncLargeLocalImportWhilePending(t *testing.T) {
	a, b, dir := bigLeftPending(t, func(*Store) {})
	mustImport(t, b, testDeck("local", 30), "# local\n")
	mustAnswer(t, b, "local-1", Again, Review)
	rep := mustSyncDir(t, b, dir)
	if len(rep.TookIn) != 1 || rep.TookIn[0].Name != "big" {
		t.Errorf("took in %+v, want big alone", rep.TookIn)
	}
	mustSyncDir(t, a, dir)
	mustSyncDir(t, b, dir)
	assertConsistent(t, a)
	assertConsistent(t, b)
	sameCollections(t, a, b)
	if st, _ := b.Cards(); st["local-1"].Reviews != 1 {
		t.Errorf("answer lost: local-1 %+v", st["local-1"])
	}
}

// A deck imported here, marked to apply again after the changes still to
// apply, is not listed as a deck from another device still to take in.
func TestPendingDecksLeaveOutOwnImports(t *testing.T) {
	b := openAt(t, filepath.Join(t.TempDir(), "b.db"), newClock(t0))
	mustImport(t, b, testDeck("local", 3), "# local\n")
	err := b.update(func(tx *txn) error {
		st, err := tx.sync()
		if err != nil {
			return err
		}
		k, _ := st.events.Cursor().Last()
		return tx.meta.Put(pendingKey(k), nil)
	})
	if err != nil {
		t.Fatal(err)
	}
	if got, err := b.PendingDecks(); err != nil || len(got) != 0 {
		t.Errorf("pending %+v (%v), want none", got, err)
	}
}

// syncWhileLocked syncs s while another hone holds its import lock shared
// (a sync of its own), so that the changes left to apply in pieces wait.
func syncWhileLocked(t *testing.T, s *Store, dir string) SyncReport {
	t.Helper()
	unlock, ok, err := shareImportLock(importLockPath(s.Path()))
	if err != nil || !ok {
		t.Fatalf("share the lock: %v %v", ok, err)
	}
	defer unlock()
	rep, err := s.Sync(dir)
	if err != nil {
		t.Fatal(err)
	}
	return rep
}

// bigLeftPending has a import a large deck (then do more) and sync it to
// dir, and b, in small pieces, take it in while another hone holds b's
// import lock, so that the deck is left pending; a minute passes.
func bigLeftPending(t *testing.T, more func(a *Store)) (a, b *Store, dir string) {
	t.Helper()
	dir, c := t.TempDir(), newClock(t0)
	a = openAt(t, filepath.Join(t.TempDir(), "a.db"), c)
	b = openAt(t, filepath.Join(t.TempDir(), "b.db"), c)
	mustSyncDir(t, b, dir)
	c.Advance(time.Hour)
	laterStamps(t, a)
	mustImport(t, a, testDeck("big", 40, "x", "y"), strings.Repeat("# big\n", 10))
	more(a)
	mustSyncDir(t, a, dir)
	smallPieces(b, nil)
	syncWhileLocked(t, b, dir)
	c.Advance(time.Minute)
	return a, b, dir
}
