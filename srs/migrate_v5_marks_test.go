package srs

import (
	"maps"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/hone-srs/hone/deck"
)

// testdata/v4.db was written by main at 071ff8d, schema v4, by
// testdata/mkv4.go: thirty days of answers with a leech threshold of 3,
// undos, and suspends, buries, flags and resets, some undone. The states
// below are what that code printed. Migrated to v5, the states and marks
// stay; synced to a new collection, they replay there the same.
func TestMigrateV4FileWithMarks(t *testing.T) {
	path := filepath.Join(t.TempDir(), "hone.db")
	copyFile(t, "testdata/v4.db", path)
	c := newClock(time.Date(2025, 3, 31, 10, 0, 0, 0, time.UTC))
	s := openAt(t, path, c)
	if s.MigrationBackup() != path+".v4.bak" || schemaOfFile(t, path+".v4.bak") != 4 || schemaOfFile(t, path) != schemaVersion {
		t.Fatalf("backup %q is not the v4 file", s.MigrationBackup())
	}
	sm2 := func(reps, interval int, ef float64) SM2 { return SM2{Reps: reps, Interval: interval, EF: ef} }
	want := map[string]CardState{
		"130a4dbda3519489#c1": {Due: 20178, LastDay: 20177, Lapses: 2, Reviews: 6, Memory: sm2(0, 1, 1.3), Flag: FlagOrange},
		"130a4dbda3519489#c2": {Due: 20177, LastDay: 20176, Lapses: 2, Reviews: 6, Memory: sm2(1, 1, 1.3), BuriedUntil: 20178},
		"130a4dbda3519489#c3": {New: true, BuriedUntil: 20178},
		"63251ee12585b60b":    {Due: 20151, LastDay: 20150, Reviews: 3, Memory: sm2(0, 1, 1.3), Suspended: true},
		"81b0fb01f0652019":    {Due: 20167, LastDay: 20166, Lapses: 3, Reviews: 11, Memory: sm2(0, 1, 1.3), Suspended: true, Leech: true},
		"8acdd19081284bf7":    {Due: 20179, LastDay: 20169, Lapses: 1, Reviews: 8, Memory: sm2(4, 10, 1.3)},
		"c9f121ee81524a20#c1": {Due: 20178, LastDay: 20177, Lapses: 2, Reviews: 5, Memory: sm2(0, 1, 1.3), Flag: FlagOrange},
		"c9f121ee81524a20#c2": {Due: 20187, LastDay: 20172, Lapses: 1, Reviews: 7, Memory: sm2(4, 15, 1.72)},
		"cd2f662fff0e0955":    {Due: 20172, LastDay: 20171, Lapses: 1, Reviews: 6, Memory: sm2(1, 1, 1.4), Suspended: true, Flag: FlagOrange},
	}
	got, err := s.Cards()
	if err != nil {
		t.Fatal(err)
	}
	if !maps.Equal(got, want) {
		t.Fatalf("migrated states\n%+v\nwant\n%+v", got, want)
	}
	assertConsistent(t, s)

	// Another machine with the same deck takes the whole history in.
	dir := t.TempDir()
	mustSyncDir(t, s, dir)
	b := openAt(t, filepath.Join(t.TempDir(), "b.db"), c)
	text, err := os.ReadFile("testdata/marks.md") // what testdata/mkv4.go answered
	if err != nil {
		t.Fatal(err)
	}
	d, diags := deck.ParseBytes("marks.md", text)
	if err := diags.Err(); err != nil {
		t.Fatal(err)
	}
	if _, err := b.SyncDeck(d, "marks.md", false); err != nil {
		t.Fatal(err)
	}
	mustSyncDir(t, b, dir)
	sameCollections(t, s, b)
	assertConsistent(t, b)

	// An answer there and its undo reach here at the next syncs.
	res := mustAnswerR(t, b, "8acdd19081284bf7", Again, Review)
	if _, err := b.Undo(res.Entry.Seq); err != nil {
		t.Fatal(err)
	}
	mustSyncDir(t, b, dir)
	mustSyncDir(t, s, dir)
	sameCollections(t, s, b)
}
