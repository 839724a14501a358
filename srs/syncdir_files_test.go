package srs

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// syncPair is two collections and a folder; a has a deck and answers.
func syncPair(t *testing.T) (a, b *Store, dir string, c *clock) {
	t.Helper()
	dir = t.TempDir()
	c = newClock(t0)
	a = openAt(t, filepath.Join(t.TempDir(), "a.db"), c)
	b = openAt(t, filepath.Join(t.TempDir(), "b.db"), c)
	mustImport(t, a, testDeck("go", 6, "x"), "# go\n")
	for i := range 6 {
		mustAnswer(t, a, "go-"+string(rune('0'+i)), Good, Review)
	}
	return a, b, dir, c
}

// onlyBlobFile is the one deck blob s wrote into the folder.
func onlyBlobFile(t testing.TB, dir string, s *Store) string {
	t.Helper()
	blobs, _ := filepath.Glob(filepath.Join(dir, deviceOf(t, s).String(), "decks", "*"+blobExt))
	if len(blobs) != 1 {
		t.Fatalf("blobs %v", blobs)
	}
	return blobs[0]
}

func deviceOf(t testing.TB, s *Store) DeviceID {
	t.Helper()
	var id DeviceID
	err := s.view(func(tx *txn) error {
		st, err := tx.sync()
		if err == nil {
			id = st.me
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return id
}

func onlySegment(t testing.TB, dir string, dev DeviceID) string {
	t.Helper()
	names, err := ownSegmentNames(filepath.Join(dir, dev.String()))
	if err != nil || len(names) != 1 {
		t.Fatalf("segments of %s: %v, %v", dev, names, err)
	}
	return filepath.Join(dir, dev.String(), names[0])
}

func answersFrom(rep SyncReport) int {
	n := 0
	for _, d := range rep.From {
		n += d.Answers
	}
	return n
}

// A segment cut in the middle of a record (a sync engine still copying
// it, a hone killed while writing) gives its whole records; the rest comes
// once the file is whole, and nothing twice.
func TestSyncTornSegment(t *testing.T) {
	a, b, dir, _ := syncPair(t)
	mustSyncDir(t, a, dir)
	seg := onlySegment(t, dir, deviceOf(t, a))
	whole, err := os.ReadFile(seg)
	if err != nil {
		t.Fatal(err)
	}
	recs, err := parseRecords(whole[segHeaderLen:], segHeaderLen, deviceOf(t, a), 0)
	if err != nil || len(recs) < 8 {
		t.Fatalf("%d records, %v", len(recs), err)
	}
	cut := recs[4].end + 5 // five records and a few bytes of the sixth
	if err := os.WriteFile(seg, whole[:cut], 0o644); err != nil {
		t.Fatal(err)
	}
	first := mustSyncDir(t, b, dir)
	if got, err := b.Decks(); err != nil || len(got) != 1 {
		t.Fatalf("after the torn read, decks %v, %v", got, err)
	}
	// A torn record of the same length as a whole one, its bytes not yet
	// written (zeros), is not whole either.
	zeros := append(whole[:cut:cut], make([]byte, recs[5].end-cut)...)
	if err := os.WriteFile(seg, zeros, 0o644); err != nil {
		t.Fatal(err)
	}
	second := mustSyncDir(t, b, dir)
	if answersFrom(second) != 0 {
		t.Errorf("a record of zeros was taken in: %+v", second)
	}
	if err := os.WriteFile(seg, whole, 0o644); err != nil {
		t.Fatal(err)
	}
	third := mustSyncDir(t, b, dir)
	if n := answersFrom(first) + answersFrom(third); n != 6 {
		t.Errorf("answers taken in %d + %d, want 6 in all", answersFrom(first), answersFrom(third))
	}
	sameCollections(t, a, b)
	assertConsistent(t, b)
}

// Syncthing's and Dropbox's conflict copies of a segment are read as the
// device's segment they are: their records come in once, whichever copy
// has more.
func TestSyncConflictCopies(t *testing.T) {
	a, b, dir, c := syncPair(t)
	mustSyncDir(t, a, dir)
	seg := onlySegment(t, dir, deviceOf(t, a))
	older, _ := os.ReadFile(seg)
	c.Advance(time.Hour)
	mustAnswer(t, a, "go-1", Again, Review)
	mustAnswer(t, a, "go-2", Again, Review)
	mustSyncDir(t, a, dir)
	newer, _ := os.ReadFile(seg)
	// The engine kept the older version under the segment's name, and the
	// newer one as a conflict copy; a Dropbox copy holds the older too.
	base := strings.TrimSuffix(filepath.Base(seg), segExt)
	own := filepath.Dir(seg)
	for name, data := range map[string][]byte{
		filepath.Base(seg): older,
		base + ".sync-conflict-20250310-110000-ABCDEFG" + segExt: newer,
		base + " (Alice's conflicted copy 2025-03-10)" + segExt:  older,
		".syncthing." + base + segExt + ".tmp":                   newer[:len(newer)-3],
	} {
		if err := os.WriteFile(filepath.Join(own, name), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	rep := mustSyncDir(t, b, dir)
	if answersFrom(rep) != 8 || len(rep.Problems) != 0 {
		t.Errorf("report %+v, want 8 answers and no problem", rep)
	}
	if rep := mustSyncDir(t, b, dir); len(rep.From) != 0 {
		t.Errorf("read again: %+v", rep)
	}
	sameCollections(t, a, b)
	assertConsistent(t, b)
	// a goes on appending to its segment, as the engine left it.
	mustAnswer(t, a, "go-3", Hard, Review)
	mustSyncDir(t, a, dir)
	if rep := mustSyncDir(t, b, dir); answersFrom(rep) != 1 {
		t.Errorf("after more answers: %+v", rep)
	}
	sameCollections(t, a, b)
}

// A device that has not synced for months catches up over many segments,
// and a file of its own copied to another machine starts a device of its
// own there.
func TestSyncCatchUpAndCopies(t *testing.T) {
	defer func(n int64) { segmentLimit = n }(segmentLimit)
	segmentLimit = 600 // a new segment every few records
	a, b, dir, c := syncPair(t)
	mustSyncDir(t, b, dir)
	for day := range 120 {
		c.Advance(24 * time.Hour)
		for i := range 6 {
			mustAnswer(t, a, "go-"+string(rune('0'+i)), Grades[(day+i)%4], Review)
		}
		if day%10 == 0 {
			mustSyncDir(t, a, dir)
		}
	}
	mustSyncDir(t, a, dir)
	names, _ := ownSegmentNames(filepath.Join(dir, deviceOf(t, a).String()))
	if len(names) < 10 {
		t.Fatalf("only %d segments", len(names))
	}
	if rep := mustSyncDir(t, b, dir); answersFrom(rep) != 726 {
		t.Errorf("caught up on %d answers, want 726", answersFrom(rep))
	}
	sameCollections(t, a, b)
	assertConsistent(t, b)

	// A copy of a's file answers on its own; it is a device of its own.
	cp := filepath.Join(t.TempDir(), "copy.db")
	copyFile(t, a.Path(), cp)
	d := openAt(t, cp, c)
	mustAnswer(t, d, "go-0", Easy, Review)
	mustAnswer(t, a, "go-0", Again, Review)
	if deviceOf(t, d) == deviceOf(t, a) {
		t.Fatal("the copy writes as the original's device")
	}
	converge(t, dir, a, b, d)
}

// converge syncs the collections twice round, then wants them the same,
// consistent, with no entry twice.
func converge(t *testing.T, dir string, stores ...*Store) {
	t.Helper()
	for range 2 {
		for _, s := range stores {
			mustSyncDir(t, s, dir)
		}
	}
	for _, s := range stores {
		sameCollections(t, stores[0], s)
		assertConsistent(t, s)
		entryIDs(t, s)
	}
}

// Two hone processes of one collection syncing at once (here two stores
// on one file, which lock it as two processes do) write each record once.
func TestSyncTwoProcessesAtOnce(t *testing.T) {
	a, b, dir, c := syncPair(t)
	a2 := openAt(t, a.Path(), c)
	errs := make(chan error, 2)
	for i, s := range []*Store{a, a2} {
		go func() {
			for k := range 30 {
				if _, err := s.Answer("go-"+string(rune('0'+(k+i)%6)), Grades[k%4], Drill, time.Second); err != nil {
					errs <- err
					return
				}
				if _, err := s.Sync(dir); err != nil {
					errs <- err
					return
				}
			}
			errs <- nil
		}()
	}
	for range 2 {
		if err := <-errs; err != nil {
			t.Fatal(err)
		}
	}
	whole, err := os.ReadFile(onlySegment(t, dir, deviceOf(t, a)))
	if err != nil {
		t.Fatal(err)
	}
	recs, err := parseRecords(whole[segHeaderLen:], segHeaderLen, deviceOf(t, a), 0)
	if err != nil {
		t.Fatalf("the segment does not read to its end: %v", err)
	}
	dev, _ := a.Devices()
	if uint64(len(recs)) != dev[0].Last {
		t.Errorf("%d records written, the device has %d", len(recs), dev[0].Last)
	}
	if rep := mustSyncDir(t, b, dir); answersFrom(rep) != 66 {
		t.Errorf("%d answers taken in, want 66", answersFrom(rep))
	}
	sameCollections(t, a, b)
	assertConsistent(t, b)
}

// Answers to a deck whose blob has not arrived wait for it, and so does
// the rest of that device's changes; then they all come.
func TestSyncWaitsForDeckBlob(t *testing.T) {
	a, b, dir, _ := syncPair(t)
	mustSyncDir(t, a, dir)
	blob := onlyBlobFile(t, dir, a)
	whole, _ := os.ReadFile(blob)
	os.WriteFile(blob, whole[:len(whole)/2], 0o644) // still being copied
	rep := mustSyncDir(t, b, dir)
	if answersFrom(rep) != 0 || len(rep.Problems) != 1 || !strings.Contains(rep.Problems[0], "waiting for deck \"go\"") {
		t.Errorf("with half a blob: %+v", rep)
	}
	os.WriteFile(blob, whole, 0o644)
	if rep := mustSyncDir(t, b, dir); answersFrom(rep) != 6 {
		t.Errorf("with the blob: %+v", rep)
	}
	sameCollections(t, a, b)
	assertConsistent(t, b)
}

// A scheduler switch, a removal, a re-import and hiding travel; the last
// change of each wins on both sides.
func TestSyncSettingsTravel(t *testing.T) {
	a, b, dir, c := syncPair(t)
	mustSyncDir(t, a, dir)
	mustSyncDir(t, b, dir)
	useScheduler(t, b, DefaultFSRSSettings())
	if err := b.SetHidden("go", true); err != nil {
		t.Fatal(err)
	}
	c.Advance(time.Minute)
	if _, err := a.RemoveDeck("go"); err != nil {
		t.Fatal(err)
	}
	for range 2 {
		mustSyncDir(t, a, dir)
		mustSyncDir(t, b, dir)
	}
	for _, s := range []*Store{a, b} {
		if sch, _ := s.Scheduler(); sch.Settings() != DefaultFSRSSettings() {
			t.Errorf("%s: scheduler %v", s.Path(), sch.Settings())
		}
		if decks, _ := s.Decks(); len(decks) != 0 {
			t.Errorf("%s: decks %v after the removal", s.Path(), decks)
		}
	}
	sameCollections(t, a, b)
	c.Advance(time.Minute)
	d := testDeck("go", 7, "x")
	mustImport(t, b, d, "# go again\n")
	mustSyncDir(t, b, dir)
	mustSyncDir(t, a, dir)
	decks, _ := a.Decks()
	if len(decks) != 1 || decks[0].Cards != 7 || !decks[0].Hidden {
		t.Errorf("re-imported deck on a: %+v", decks)
	}
	if text, _ := a.DeckText("go"); string(text) != "# go again\n" {
		t.Errorf("deck text %q", text)
	}
	sameCollections(t, a, b)
	assertConsistent(t, a)
	assertConsistent(t, b)
}

// Recover keeps the device, its counter and what it knew of the others.
func TestRecoverKeepsDevice(t *testing.T) {
	a, b, dir, _ := syncPair(t)
	mustSyncDir(t, a, dir)
	mustSyncDir(t, b, dir)
	mustAnswer(t, b, "go-1", Again, Review)
	mustSyncDir(t, b, dir)
	mustSyncDir(t, a, dir)
	out := filepath.Join(t.TempDir(), "recovered.db")
	if _, err := Recover(b.Path(), out); err != nil {
		t.Fatal(err)
	}
	r := openAt(t, out, newClock(t0.Add(time.Hour)))
	assertConsistent(t, r)
	before, _ := b.Devices()
	after, _ := r.Devices()
	if len(before) != len(after) {
		t.Fatalf("devices %+v, then %+v", before, after)
	}
	for i := range before {
		if before[i].ID != after[i].ID || before[i].Last != after[i].Last || before[i].This != after[i].This {
			t.Errorf("device %+v became %+v", before[i], after[i])
		}
	}
	if got, want := entryIDs(t, r), entryIDs(t, b); !sameIDs(got, want) {
		t.Errorf("recovered entries %d, had %d", len(got), len(want))
	}
	// The recovered file syncs on without sending or taking anything twice.
	mustAnswer(t, r, "go-2", Good, Review)
	if rep := mustSyncDir(t, r, dir); rep.Sent != 1 || len(rep.From) != 0 {
		t.Errorf("first sync of the recovered file: %+v", rep)
	}
	mustSyncDir(t, a, dir)
	sameCollections(t, a, r)
}

// A collection moved to a new disk (or copied to a new machine) before it
// ever synced takes a new device id, and still sends the history it had:
// the original may never sync again.
func TestSyncCopyNeverSynced(t *testing.T) {
	a, b, dir, c := syncPair(t)
	moved := filepath.Join(t.TempDir(), "moved.db")
	copyFile(t, a.Path(), moved)
	original := deviceOf(t, a)
	a.Close()
	m := openAt(t, moved, c)
	mustAnswer(t, m, "go-0", Easy, Review)
	if deviceOf(t, m) == original {
		t.Fatal("the moved file kept its device id")
	}
	rep := mustSyncDir(t, m, dir)
	if rep.Sent < 9 { // a's name, deck and six answers, then m's name and answer
		t.Errorf("sent %d", rep.Sent)
	}
	if rep := mustSyncDir(t, b, dir); answersFrom(rep) != 7 {
		t.Errorf("b took in %+v, want 7 answers", rep)
	}
	sameCollections(t, m, b)
	assertConsistent(t, b)
	// The original comes back and syncs too: nothing doubles.
	a = openAt(t, a.Path(), c)
	mustAnswer(t, a, "go-5", Again, Review)
	converge(t, dir, a, m, b)
}
