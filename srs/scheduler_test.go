package srs

import (
	"bytes"
	"fmt"
	"io"
	"maps"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"
)

// dayOn is the hone day of a date.
func dayOn(t testing.TB, date string) Day {
	d, err := time.Parse(time.DateOnly, date)
	if err != nil {
		t.Fatal(err)
	}
	return DayOf(d.Add(12 * time.Hour))
}

// testdata/v2.db was written by hone at b4caf23, the last release with
// schema v2: a six-card deck answered over 40 days, with same-day repeats,
// drills and undos. The states below are what that release printed for it.
func TestMigrateV2File(t *testing.T) {
	path := filepath.Join(t.TempDir(), "hone.db")
	copyFile(t, "testdata/v2.db", path)
	s := openAt(t, path, newClock(time.Date(2025, 4, 20, 10, 0, 0, 0, time.UTC)))
	if s.MigrationBackup() != path+".v2.bak" || schemaOfFile(t, path+".v2.bak") != 2 || schemaOfFile(t, path) != schemaVersion {
		t.Fatalf("backup %q is not the v2 file", s.MigrationBackup())
	}
	want := map[string]CardState{
		"deffb5a2abfde111": {Memory: SM2{2, 6, 1.3}, Due: dayOn(t, "2025-04-24"), LastDay: dayOn(t, "2025-04-18"), Lapses: 4, Reviews: 14},
		"4d196c66b68b0bfd": {Memory: SM2{2, 6, 1.4}, Due: dayOn(t, "2025-04-24"), LastDay: dayOn(t, "2025-04-18"), Lapses: 6, Reviews: 20},
		"ec4853e2e0d1cf05": {Memory: SM2{4, 15, 1.62}, Due: dayOn(t, "2025-04-20"), LastDay: dayOn(t, "2025-04-05"), Lapses: 1, Reviews: 8},
		"9b6f04d1dee9a120": {Memory: SM2{4, 28, 2.02}, Due: dayOn(t, "2025-04-30"), LastDay: dayOn(t, "2025-04-02"), Lapses: 1, Reviews: 6},
		"35f6d7aa82d2c23f": {Memory: SM2{4, 42, 2.6}, Due: dayOn(t, "2025-05-16"), LastDay: dayOn(t, "2025-04-04"), Lapses: 0, Reviews: 4},
		"4b226b2d6138d9c6": {Memory: SM2{4, 39, 2.32}, Due: dayOn(t, "2025-05-13"), LastDay: dayOn(t, "2025-04-04"), Lapses: 0, Reviews: 4},
	}
	got, err := s.Cards()
	if err != nil {
		t.Fatal(err)
	}
	if !maps.Equal(got, want) {
		t.Fatalf("migrated states\n%+v\nwant\n%+v", got, want)
	}
	sch, err := s.Scheduler()
	if err != nil || sch.Settings() != DefaultSettings() {
		t.Fatalf("scheduler after migration %+v, %v", sch, err)
	}
	kinds, versions := map[EntryKind]int{}, map[byte]int{}
	err = s.view(func(tx *txn) error {
		tx.log.ForEach(func(_, v []byte) error { versions[v[0]]++; return nil })
		return tx.forEachEntry(func(e Entry) error { kinds[e.Kind]++; return nil })
	})
	if err != nil {
		t.Fatal(err)
	}
	if kinds[Review] != 59 || kinds[Repeat] != 22 || kinds[Drill] != 17 || kinds[Undo] != 5 {
		t.Fatalf("log entries by kind %v", kinds)
	}
	// The log is left as v2 wrote it; new entries are of the current version.
	if versions[recV1] != 103 || len(versions) != 1 {
		t.Fatalf("log record versions %v", versions)
	}
	assertConsistent(t, s)
	// The migrated collection goes on: answer the card due today, undo it.
	e := mustAnswer(t, s, "ec4853e2e0d1cf05", Good, Review)
	if _, err := s.Undo(e.Seq); err != nil {
		t.Fatal(err)
	}
	if st, _ := s.Cards(); st["ec4853e2e0d1cf05"] != want["ec4853e2e0d1cf05"] {
		t.Fatalf("undo after migration: %+v", st["ec4853e2e0d1cf05"])
	}
	s.view(func(tx *txn) error {
		if v := tx.log.Get(seqKey(e.Seq))[0]; v != recV4 {
			t.Errorf("a new entry has record version %d", v)
		}
		return nil
	})
	assertConsistent(t, s)
}

func schemaOfFile(t testing.TB, path string) int {
	t.Helper()
	db, err := bolt.Open(path, 0o600, &bolt.Options{ReadOnly: true, Timeout: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	v := 0
	db.View(func(tx *bolt.Tx) error {
		if raw := tx.Bucket([]byte(bMeta)).Get([]byte(metaSchemaKey)); len(raw) == 4 {
			v = int(raw[3])
		}
		return nil
	})
	return v
}

func copyFile(t testing.TB, from, to string) {
	t.Helper()
	in, err := os.Open(from)
	if err != nil {
		t.Fatal(err)
	}
	defer in.Close()
	out, err := os.OpenFile(to, os.O_CREATE|os.O_WRONLY|os.O_EXCL, 0o600)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := io.Copy(out, in); err != nil {
		t.Fatal(err)
	}
	if err := out.Close(); err != nil {
		t.Fatal(err)
	}
}

// bucketBytes is every key and value of a bucket, for byte comparisons.
func bucketBytes(t testing.TB, s *Store, name string) []byte {
	t.Helper()
	var out bytes.Buffer
	err := s.view(func(tx *txn) error {
		return tx.tx.Bucket([]byte(name)).ForEach(func(k, v []byte) error {
			fmt.Fprintf(&out, "%x=%x\n", k, v)
			return nil
		})
	})
	if err != nil {
		t.Fatal(err)
	}
	return out.Bytes()
}

// randomHistory answers, repeats, drills and undoes at random over days,
// as a learner would, through the store.
func randomHistory(t testing.TB, s *Store, c *clock, r *rand.Rand, cards, steps int) {
	t.Helper()
	var live []uint64
	for range steps {
		switch x := r.IntN(20); {
		case x < 3:
			c.Advance(time.Duration(1+r.IntN(9)) * 24 * time.Hour)
		case x == 3:
			c.Advance(-time.Duration(r.IntN(30)) * time.Hour) // a clock gone back
		case x == 4 && len(live) > 0:
			if _, err := s.Undo(live[len(live)-1]); err != nil {
				t.Fatal(err)
			}
			live = live[:len(live)-1]
		default:
			kind := Review
			if x < 7 {
				kind = Drill
			}
			q := []Quality{0, Again, 2, Hard, Good, Easy}[r.IntN(6)]
			e := mustAnswer(t, s, fmt.Sprintf("d-%d", r.IntN(cards)), q, kind)
			live = append(live, e.Seq)
		}
		c.Advance(time.Duration(r.IntN(600)) * time.Second)
	}
}

// Replaying any log gives what answering it step by step gave, under
// either scheduler: random histories of answers, same-day repeats, drills,
// undos and clock jumps, checked after every history.
func TestReplayEqualsAnswers(t *testing.T) {
	seeds := 60
	if testing.Short() {
		seeds = 15
	}
	for _, c := range []SchedulerSettings{DefaultSettings(), DefaultFSRSSettings(), {Name: SchedulerFSRS, Retention: 0.8}} {
		t.Run(fmt.Sprintf("%s-%v", c.Name, c.Retention), func(t *testing.T) {
			for seed := range uint64(seeds) {
				clk := newClock(t0)
				s := testStore(t, clk)
				mustSync(t, s, testDeck("d", 6))
				useScheduler(t, s, c)
				randomHistory(t, s, clk, rand.New(rand.NewPCG(seed, 3)), 6, 80)
				assertConsistent(t, s)
				if t.Failed() {
					t.Fatalf("seed %d", seed)
				}
			}
		})
	}
}

// SM-2 → FSRS → SM-2 gives back the very same bytes: cards, indexes, day
// counters. And the switch says how many due days moved.
func TestSwitchRoundTrip(t *testing.T) {
	clk := newClock(t0)
	s := testStore(t, clk)
	mustSync(t, s, testDeck("d", 12))
	// A day whose only answer was undone keeps a record at zero.
	e := mustAnswer(t, s, "d-0", Good, Review)
	if _, err := s.Undo(e.Seq); err != nil {
		t.Fatal(err)
	}
	clk.Advance(24 * time.Hour)
	randomHistory(t, s, clk, rand.New(rand.NewPCG(7, 7)), 12, 400)
	buckets := []string{bCards, bDue, bNew, bDays, bDecks, bLog}
	before := map[string][]byte{}
	for _, b := range buckets {
		before[b] = bucketBytes(t, s, b)
	}
	sm2States, _ := s.Cards()

	res := useScheduler(t, s, DefaultFSRSSettings())
	if res.From != DefaultSettings() || res.To != DefaultFSRSSettings() || res.Cards == 0 || res.Changed == 0 || res.Changed > res.Cards {
		t.Fatalf("switch to FSRS: %+v", res)
	}
	fsrsStates, _ := s.Cards()
	changed := 0
	for id, st := range fsrsStates {
		if !st.New {
			if _, ok := st.Memory.(FSRSState); !ok {
				t.Fatalf("card %s has no FSRS record: %+v", id, st)
			}
		}
		if st.Due != sm2States[id].Due {
			changed++
		}
	}
	if changed != res.Changed {
		t.Errorf("%d due days moved, the switch says %d", changed, res.Changed)
	}
	assertConsistent(t, s)
	if !bytes.Equal(bucketBytes(t, s, bLog), before[bLog]) {
		t.Error("the switch changed the log")
	}

	back := useScheduler(t, s, DefaultSettings())
	if back.Changed != res.Changed {
		t.Errorf("back to SM-2 moved %d due days, there %d", back.Changed, res.Changed)
	}
	for _, b := range buckets {
		if got := bucketBytes(t, s, b); !bytes.Equal(got, before[b]) {
			t.Errorf("bucket %s differs after SM-2 → FSRS → SM-2", b)
		}
	}
	assertConsistent(t, s)
}

func TestSchedulerSettings(t *testing.T) {
	for _, tt := range []struct {
		name string
		ret  float64
		ok   bool
		want SchedulerSettings
	}{
		{"sm2", 0, true, SchedulerSettings{Name: "sm2"}},
		{"fsrs", 0, true, SchedulerSettings{Name: "fsrs", Retention: 0.9}},
		{"fsrs", 0.85, true, SchedulerSettings{Name: "fsrs", Retention: 0.85}},
		{"fsrs", 0.69, false, SchedulerSettings{}},
		{"fsrs", 1, false, SchedulerSettings{}},
		{"sm2", 0.9, false, SchedulerSettings{}},
		{"anki", 0, false, SchedulerSettings{}},
	} {
		got, err := SettingsFor(tt.name, tt.ret)
		if (err == nil) != tt.ok || (tt.ok && got != tt.want) {
			t.Errorf("SettingsFor(%q, %v) = %+v, %v", tt.name, tt.ret, got, err)
		}
		if sch, err := got.Scheduler(); tt.ok && (err != nil || sch.Settings() != got) {
			t.Errorf("%+v: scheduler %v, %v", got, sch, err)
		}
	}
	for _, c := range []SchedulerSettings{DefaultSettings(), DefaultFSRSSettings(), {Name: "fsrs", Retention: 0.77}} {
		if got, err := decodeSettings(encodeSettings(c)); err != nil || got != c {
			t.Errorf("settings round trip %+v: %+v, %v", c, got, err)
		}
	}
	if _, err := decodeSettings(encodeSettings(SchedulerSettings{Name: "fsrs", Retention: 2})); err == nil {
		t.Error("retention 2 decoded")
	}
}

// The queue carries the scheduler in force, so the hints preview it: under
// FSRS the four intervals differ.
func TestQueueHintsFollowScheduler(t *testing.T) {
	clk := newClock(t0)
	s := testStore(t, clk)
	mustSync(t, s, testDeck("d", 2))
	today := DayOf(t0)
	q := mustQueue(t, s, QueueOptions{Today: today, ReviewLimit: 10, NewPerDeck: 10})
	if got := q[0].Intervals(today); got != [4]int{1, 1, 1, 1} {
		t.Errorf("SM-2 hints for a new card %v", got)
	}
	useScheduler(t, s, DefaultFSRSSettings())
	q = mustQueue(t, s, QueueOptions{Today: today, ReviewLimit: 10, NewPerDeck: 10})
	if got := q[0].Intervals(today); got != [4]int{1, 2, 3, 8} {
		t.Errorf("FSRS hints for a new card %v", got)
	}
	res := mustAnswerR(t, s, q[0].Card.ID, Good, Review)
	if res.State.Due != today+3 {
		t.Errorf("answer under FSRS %+v", res.State)
	}
}

// A v3 file without scheduler settings is damaged, and says so.
func TestMissingSchedulerSettings(t *testing.T) {
	path := filepath.Join(t.TempDir(), "hone.db")
	s := openAt(t, path, newClock(t0))
	mustSync(t, s, testDeck("d", 1))
	s.Close()
	db, err := bolt.Open(path, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	err = db.Update(func(tx *bolt.Tx) error { return tx.Bucket([]byte(bMeta)).Delete([]byte(metaSchedulerKey)) })
	db.Close()
	if err != nil {
		t.Fatal(err)
	}
	s = openAt(t, path, newClock(t0))
	if _, err := s.Answer("d-0", Good, Review, 0); err == nil || !strings.Contains(err.Error(), "scheduler") {
		t.Errorf("answer without settings: %v", err)
	}
}
