package srs

import (
	"io"
	"maps"
	"path/filepath"
	"testing"
	"time"
)

// testdata/v3-history.db was written by main at a050a5b, schema v3: decks v3deck
// (imported, with its text) and other (built in), 30 days of answers with
// repeats, drills and undos, and a switch to FSRS on day 15. The states
// below are what that code stored.
func TestMigrateV3HistoryFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "hone.db")
	copyFile(t, "testdata/v3-history.db", path)
	s := openAt(t, path, newClock(time.Date(2025, 3, 31, 10, 0, 0, 0, time.UTC)))
	if s.MigrationBackup() != path+".v3.bak" || schemaOfFile(t, path+".v3.bak") != 3 || schemaOfFile(t, path) != schemaVersion {
		t.Fatalf("backup %q is not the v3 file", s.MigrationBackup())
	}
	fsrs := func(interval int, stab, diff float64, lapses int, last Day) FSRSState {
		return FSRSState{Interval: interval, Stability: stab, Difficulty: diff, Lapses: lapses, LastReview: last}
	}
	want := map[string]CardState{
		"other-0":  {Due: 20180, LastDay: 20176, Lapses: 3, Reviews: 19, Memory: fsrs(4, 2.77952373, 9.81740995, 3, 20176)},
		"other-1":  {Due: 20177, LastDay: 20176, Lapses: 3, Reviews: 13, Memory: fsrs(1, 1.00666678, 9.87639489, 3, 20176)},
		"other-2":  NewCardState(),
		"v3deck-0": {Due: 20180, LastDay: 20176, Lapses: 7, Reviews: 20, Memory: fsrs(4, 1.78387947, 9.92687252, 7, 20176)},
		"v3deck-1": {Due: 20179, LastDay: 20177, Lapses: 8, Reviews: 17, Memory: fsrs(2, 2.0301556, 9.9383893, 8, 20177)},
		"v3deck-2": {Due: 20201, LastDay: 20177, Lapses: 1, Reviews: 16, Memory: fsrs(24, 23.10789589, 9.12975854, 1, 20177)},
		"v3deck-3": {Due: 20178, LastDay: 20177, Lapses: 6, Reviews: 17, Memory: fsrs(1, 0.2259691, 9.96742581, 6, 20177)},
		"v3deck-4": {Due: 20180, LastDay: 20177, Lapses: 9, Reviews: 21, Memory: fsrs(3, 2.18600584, 9.92585696, 9, 20177)},
		"v3deck-5": {Due: 20178, LastDay: 20175, Lapses: 3, Reviews: 19, Memory: fsrs(3, 1.32798205, 9.74842946, 3, 20175)},
	}
	got, err := s.Cards()
	if err != nil {
		t.Fatal(err)
	}
	if !maps.Equal(got, want) {
		t.Fatalf("migrated states\n%+v\nwant\n%+v", got, want)
	}
	assertConsistent(t, s)

	// Every entry is this device's, its seq its counter, stamped with its
	// time; every card has its history; the scheduler is an event.
	var me DeviceID
	var n, events int
	err = s.view(func(tx *txn) error {
		st, err := tx.sync()
		if err != nil {
			return err
		}
		me = st.me
		if st.origin != st.me || st.through != 241 {
			t.Errorf("origin %s, through %d; want this device, 241", st.origin, st.through)
		}
		dev, _ := st.device(st.me)
		if dev.High != 243 { // the entries, the scheduler event, the device's name
			t.Errorf("device counter %d, want 243", dev.High)
		}
		err = tx.forEachEntry(func(e Entry) error {
			n++
			if e.ID != (EntryID{me, e.Seq}) || e.Stamp != stampOf(e.Time) {
				t.Errorf("entry %d: id %s, stamp %d", e.Seq, e.ID, e.Stamp)
			}
			if e.Kind == Undo && e.UndoesID != (EntryID{me, e.Undoes}) {
				t.Errorf("undo %d names %s", e.Seq, e.UndoesID)
			}
			return nil
		})
		if err != nil {
			return err
		}
		return tx.forEachEvent(func(_ []byte, ev event) error {
			events++
			sched := ev.Kind == evScheduler && ev.Settings == DefaultFSRSSettings() && ev.ID == (EntryID{me, 242})
			named := ev.Kind == evDeviceName && ev.Device == me && ev.ID == (EntryID{me, 243})
			if !sched && !named {
				t.Errorf("event %+v", ev)
			}
			return nil
		})
	})
	if err != nil {
		t.Fatal(err)
	}
	if n != 241 || events != 2 {
		t.Errorf("%d entries and %d events, want 241 and 2", n, events)
	}

	// The collection goes on: a new entry takes the next counter and a
	// stamp past every one before.
	e := mustAnswer(t, s, "v3deck-2", Good, Review)
	if e.ID != (EntryID{me, 244}) {
		t.Errorf("new entry %s", e.ID)
	}
	if _, err := s.Undo(e.Seq); err != nil {
		t.Fatal(err)
	}
	if st, _ := s.Cards(); st["v3deck-2"] != want["v3deck-2"] {
		t.Errorf("undo after migration: %+v", st["v3deck-2"])
	}
	assertConsistent(t, s)
}

// A log whose clock went back has its entries replayed in stamp order: the
// migration moves the cards it reorders to their replayed state.
func TestMigrateV5ClockWentBack(t *testing.T) {
	c := newClock(t0)
	path := filepath.Join(t.TempDir(), "hone.db")
	s := openAt(t, path, c)
	mustSync(t, s, testDeck("d", 1))
	c.Advance(10 * 24 * time.Hour)
	mustAnswer(t, s, "d-0", Good, Review)
	c.Set(t0) // ten days back: a repeat, as the log has it
	if r := mustAnswerR(t, s, "d-0", Again, Review); r.Entry.Kind != Repeat || r.State.Reviews != 1 {
		t.Fatalf("answer after the clock went back: %+v", r)
	}
	downgradeToV4(t, s)
	s.Close()
	s = openAt(t, path, c)
	// In stamp order the Again comes first and sets the schedule, then the
	// Good ten days later sets it again.
	st, err := s.Cards()
	if err != nil {
		t.Fatal(err)
	}
	want := sm2Review(sm2Review(NewCardState(), Again, DayOf(t0)), Good, DayOf(t0)+10)
	if st["d-0"] != want {
		t.Errorf("reordered card %+v, want %+v", st["d-0"], want)
	}
	assertConsistent(t, s)
}

// downgradeToV4 makes a file look as schema v4 left it: entries without
// identity, no v5 buckets or meta keys.
func downgradeToV4(t testing.TB, s *Store) {
	t.Helper()
	err := s.update(func(tx *txn) error {
		err := tx.forEachEntry(func(e Entry) error {
			return tx.log.Put(seqKey(e.Seq), encodeEntryV3(e))
		})
		if err != nil {
			return err
		}
		if err := wholeTexts(tx); err != nil {
			return err
		}
		for _, name := range append(bucketsV5(), bChunks, bTextChunks) {
			if err := tx.tx.DeleteBucket([]byte(name)); err != nil {
				return err
			}
		}
		for _, k := range []string{metaDeviceKey, metaOriginKey, metaThroughKey, metaClockKey, metaHomeKey} {
			if err := tx.meta.Delete([]byte(k)); err != nil {
				return err
			}
		}
		tx.sy = nil
		return tx.meta.Put([]byte(metaSchemaKey), []byte{0, 0, 0, 4})
	})
	if err != nil {
		t.Fatal(err)
	}
}

// wholeTexts puts the chunked texts back whole in texts, as files before
// schema v6 keep them.
func wholeTexts(tx *txn) error {
	var names []string
	err := tx.tx.Bucket([]byte(bTextChunks)).ForEach(func(k, _ []byte) error {
		names = append(names, string(k))
		return nil
	})
	if err != nil {
		return err
	}
	for _, name := range names {
		r, err := tx.textReader(name)
		if err != nil {
			return err
		}
		text, err := io.ReadAll(r)
		if err != nil {
			return err
		}
		if err := tx.texts.Put([]byte(name), text); err != nil {
			return err
		}
	}
	return nil
}
