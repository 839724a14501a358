package srs

import (
	"path/filepath"
	"testing"
	"time"

	"github.com/hone-srs/hone/deck"
)

// Days of the tests below, counted by hand from 2025-01-01 = day 20089.
const (
	dFeb01 Day = 20120
	dFeb20 Day = 20139
	dFeb21 Day = 20140
	dMar05 Day = 20152
	dMar10 Day = 20157 // t0's day
	dMar11 Day = 20158
	dMar15 Day = 20162
)

func at(day, month, hour int) time.Time {
	return time.Date(2025, time.Month(month), day, hour, 0, 0, 0, time.UTC)
}

func ankiReview(t time.Time, button int, kind deck.ReviewKind) deck.Review {
	return deck.Review{Time: t, Button: button, Kind: kind, Took: 5 * time.Second}
}

// reviewProgress is a card Anki has learned: three answers, interval 10,
// due on 15 March.
func reviewProgress() *deck.Progress {
	return &deck.Progress{Type: deck.AnkiReview, Queue: deck.AnkiQueueReview, Interval: 10, Ease: 2.5, Reps: 3,
		Due: deck.Date{Year: 2025, Month: 3, Day: 15},
		Log: []deck.Review{
			ankiReview(at(20, 2, 9), 3, deck.ReviewLearn),
			ankiReview(at(21, 2, 9), 3, deck.ReviewReview),
			ankiReview(at(5, 3, 9), 3, deck.ReviewReview),
		}}
}

func progressDeck(ps ...*deck.Progress) deck.Deck {
	d := testDeck("anki", len(ps))
	for i := range ps {
		d.Cards[i].Progress = ps[i]
	}
	rehash(&d)
	return d
}

func importAnki(t testing.TB, s *Store, d deck.Deck) SyncResult {
	t.Helper()
	res, err := s.Import([]ImportItem{{Deck: d, Source: "/anki/" + d.Name + ".apkg", Text: []byte(d.Hash)}}, false)
	if err != nil {
		t.Fatalf("import: %v", err)
	}
	return res[0]
}

// logKinds counts the log's entries by kind.
func logKinds(t testing.TB, s *Store) map[EntryKind]int {
	t.Helper()
	n := map[EntryKind]int{}
	err := s.view(func(tx *txn) error {
		return tx.forEachEntry(func(e Entry) error { n[e.Kind]++; return nil })
	})
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func TestImportProgress(t *testing.T) {
	learning := &deck.Progress{Type: deck.AnkiLearning, Queue: deck.AnkiQueueLearning, Reps: 1,
		Due: deck.Date{Year: 2025, Month: 3, Day: 10}, DueAt: at(10, 3, 10).Add(30 * time.Minute),
		Log: []deck.Review{ankiReview(at(10, 3, 9), 1, deck.ReviewLearn)}}
	relearning := &deck.Progress{Type: deck.AnkiRelearning, Queue: deck.AnkiQueueLearning, Interval: 3, Ease: 2.3, Reps: 6, Lapses: 1,
		Due: deck.Date{Year: 2025, Month: 3, Day: 10}, DueAt: at(10, 3, 9).Add(10 * time.Minute),
		Log: []deck.Review{ankiReview(at(5, 3, 9), 3, deck.ReviewReview), ankiReview(at(10, 3, 9), 1, deck.ReviewReview)}}
	reset := &deck.Progress{Type: deck.AnkiNew, Queue: deck.AnkiQueueNew, Log: []deck.Review{
		ankiReview(at(1, 2, 9), 4, deck.ReviewLearn), {Time: at(2, 2, 9), Kind: deck.ReviewManual}}}
	suspended := reviewProgress()
	suspended.Suspended, suspended.Queue = true, deck.AnkiQueueSuspended
	buried := reviewProgress()
	buried.Buried, buried.Queue = true, deck.AnkiQueueUserBuried
	noLog := reviewProgress()
	noLog.Log = nil
	reviewed := CardState{Due: dMar15, LastDay: dMar05, Reviews: 3, Memory: SM2{Reps: 2, Interval: 10, EF: 2.5}}
	cases := []struct {
		name    string
		p       *deck.Progress
		want    CardState
		answers int
		days    map[Day]DayCounts
	}{
		{"review card", reviewProgress(), reviewed, 3, map[Day]DayCounts{
			dFeb20: {Reviews: 1, Correct: 1, New: map[string]int{"anki": 1}},
			dFeb21: {Reviews: 1, Correct: 1},
			dMar05: {Reviews: 1, Correct: 1}}},
		// A learning step due later today comes back tomorrow, and today
		// as a relearn of a card failed today.
		{"learning card", learning, CardState{Due: dMar11, LastDay: dMar10, Reviews: 1, Memory: SM2{Interval: 1, EF: 2.5}}, 1,
			map[Day]DayCounts{dMar10: {Reviews: 1, New: map[string]int{"anki": 1}}}},
		{"relearning card", relearning, CardState{Due: dMar11, LastDay: dMar10, Reviews: 6, Lapses: 1, Memory: SM2{Interval: 3, EF: 2.3}}, 2,
			map[Day]DayCounts{dMar05: {Reviews: 1, Correct: 1, New: map[string]int{"anki": 1}}, dMar10: {Reviews: 1, Lapses: 1}}},
		// Reset in Anki: new again, its answer still in the history.
		{"new card with history", reset, NewCardState(), 1,
			map[Day]DayCounts{dFeb01: {Reviews: 1, Correct: 1, New: map[string]int{"anki": 1}}}},
		{"suspended", suspended, withMarks(reviewed, true, 0), 3, nil},
		{"buried", buried, withMarks(reviewed, false, dMar11), 3, nil},
		// No answers came along: the schedule alone.
		{"schedule without log", noLog, CardState{Due: dMar15, LastDay: dMar05, Reviews: 3, Memory: SM2{Reps: 2, Interval: 10, EF: 2.5}}, 0, nil},
		{"fresh", nil, NewCardState(), 0, nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			s := testStore(t, newClock(t0))
			res := importAnki(t, s, progressDeck(tc.p))
			st, _ := s.Cards()
			if got := st["anki-0"]; got != tc.want {
				t.Errorf("state %+v, want %+v", got, tc.want)
			}
			kinds := logKinds(t, s)
			if kinds[Imported] != tc.answers || res.Progress.Answers != tc.answers {
				t.Errorf("%d imported answers logged, %d counted; want %d", kinds[Imported], res.Progress.Answers, tc.answers)
			}
			if wantAdopt := btoi(tc.p != nil); kinds[Adopt] != wantAdopt || res.Progress.Cards != wantAdopt {
				t.Errorf("%d adopt entries, %d counted; want %d", kinds[Adopt], res.Progress.Cards, wantAdopt)
			}
			if tc.days != nil {
				days, _ := s.Days(0, dMar15)
				for d, want := range tc.days {
					if !sameCounts(days[d], want) {
						t.Errorf("day %s: %+v, want %+v", d, days[d], want)
					}
				}
				if len(days) != len(tc.days) {
					t.Errorf("days %v, want %d of them", days, len(tc.days))
				}
			}
			assertConsistent(t, s)
		})
	}
}

func withMarks(s CardState, suspended bool, buriedUntil Day) CardState {
	s.Suspended, s.BuriedUntil = suspended, buriedUntil
	return s
}

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}

// The heatmap, the streak and the queue see the imported history and
// schedule.
func TestImportProgressStats(t *testing.T) {
	c := newClock(at(5, 3, 20))
	s := testStore(t, c)
	p := reviewProgress()
	p.Log = append(p.Log[:2], ankiReview(at(4, 3, 9), 1, deck.ReviewReview), p.Log[2])
	importAnki(t, s, progressDeck(p, nil))
	st, err := s.Stats(dMar05, Limits{})
	if err != nil {
		t.Fatal(err)
	}
	if st.Heatmap[dFeb20] != 1 || st.Heatmap[dMar05] != 1 || st.Heatmap[dMar05-1] != 1 || st.Streak != 2 {
		t.Errorf("heatmap %v, streak %d", st.Heatmap, st.Streak)
	}
	if len(st.Topics) != 1 || st.Topics[0].Answers != 4 || st.Topics[0].Right != 3 {
		t.Errorf("topics %+v: four answers in the last 30 days, three right", st.Topics)
	}
	c.Set(at(15, 3, 10))
	if q := ids(mustQueue(t, s, QueueOptions{Today: dMar15, ReviewLimit: 10, NewPerDeck: 10})); len(q) != 2 || q[0] != "anki-0" {
		t.Errorf("queue on the due day %v", q)
	}
}

func TestImportProgressAgain(t *testing.T) {
	c := newClock(t0)
	s := testStore(t, c)
	d := progressDeck(reviewProgress(), reviewProgress())
	importAnki(t, s, d)
	before, _ := s.Cards()
	// The same package: skipped whole.
	if res := importAnki(t, s, d); !res.Skipped || res.Progress != (ProgressResult{}) {
		t.Errorf("same package %+v", res)
	}
	// Changed text, same progress: nothing new in the log.
	d.Cards[1].Back = "changed"
	rehash(&d)
	if res := importAnki(t, s, d); res.Updated != 1 || res.Progress != (ProgressResult{}) {
		t.Errorf("changed text %+v", res)
	}
	if k := logKinds(t, s); k[Imported] != 6 || k[Adopt] != 2 {
		t.Errorf("log %v after importing twice", k)
	}
	if after, _ := s.Cards(); after["anki-0"] != before["anki-0"] || after["anki-1"] != before["anki-1"] {
		t.Errorf("states changed: %+v, were %+v", after, before)
	}
	// A day later: card 0 answered in hone; card 1 answered again in Anki.
	c.Set(at(15, 3, 10))
	mustAnswer(t, s, "anki-0", Good, Review)
	hone, _ := s.Cards()
	for i := range 2 {
		p := d.Cards[i].Progress
		p.Log = append(p.Log, ankiReview(at(15, 3, 8), 4, deck.ReviewReview))
		p.Interval, p.Ease, p.Reps, p.Due = 28, 2.65, 4, deck.Date{Year: 2025, Month: 4, Day: 12}
	}
	d.Hash = "another package" // the progress is in the package's bytes
	res := importAnki(t, s, d)
	if res.Progress != (ProgressResult{Cards: 1, Answers: 1, Kept: 1}) {
		t.Errorf("re-import %+v", res.Progress)
	}
	st, _ := s.Cards()
	if st["anki-0"] != hone["anki-0"] {
		t.Errorf("card answered in hone %+v, was %+v", st["anki-0"], hone["anki-0"])
	}
	want := CardState{Due: dMar15 + 28, LastDay: dMar15, Reviews: 4, Memory: SM2{Reps: 2, Interval: 28, EF: 2.65}}
	if st["anki-1"] != want {
		t.Errorf("card answered in Anki %+v, want %+v", st["anki-1"], want)
	}
	if k := logKinds(t, s); k[Imported] != 7 || k[Adopt] != 3 || k[Review] != 1 {
		t.Errorf("log %v", k)
	}
	assertConsistent(t, s)
}

// Under FSRS the imported answers make the memory, and Anki's due stays;
// switching to SM-2 and back gives the same states.
func TestImportProgressFSRS(t *testing.T) {
	s := testStore(t, newClock(t0))
	useScheduler(t, s, DefaultFSRSSettings())
	p := reviewProgress()
	importAnki(t, s, progressDeck(p, func() *deck.Progress { q := reviewProgress(); q.Log = nil; return q }()))
	f := NewFSRS()
	m := f.Review(FSRSState{}, dFeb20, 3)
	m = f.Review(m, dFeb21, 3)
	m = f.Review(m, dMar05, 3)
	m.Interval = 10
	st, _ := s.Cards()
	want := CardState{Due: dMar15, LastDay: dMar05, Reviews: 3, Memory: m}
	if st["anki-0"] != want {
		t.Errorf("state %+v, want %+v", st["anki-0"], want)
	}
	noLog := FSRSState{Interval: 10, Stability: 10, Difficulty: 5.5, LastReview: dMar05}
	if got := st["anki-1"].Memory; got != noLog {
		t.Errorf("without answers: memory %+v, want %+v", got, noLog)
	}
	assertConsistent(t, s)
	useScheduler(t, s, DefaultSettings())
	sm2, _ := s.Cards()
	if want := (SM2{Reps: 2, Interval: 10, EF: 2.5}); sm2["anki-0"].Memory != want || sm2["anki-0"].Due != dMar15 {
		t.Errorf("under SM-2 %+v", sm2["anki-0"])
	}
	assertConsistent(t, s)
	useScheduler(t, s, DefaultFSRSSettings())
	if back, _ := s.Cards(); back["anki-0"] != st["anki-0"] || back["anki-1"] != st["anki-1"] {
		t.Errorf("round trip %+v, was %+v", back, st)
	}
	assertConsistent(t, s)
}

// Imported entries travel like any other: a second collection ends the
// same, its stats with the same history.
func TestImportProgressSync(t *testing.T) {
	dir := t.TempDir()
	c := newClock(t0)
	a := openAt(t, filepath.Join(t.TempDir(), "a.db"), c)
	b := openAt(t, filepath.Join(t.TempDir(), "b.db"), c)
	suspended := reviewProgress()
	suspended.Suspended = true
	importAnki(t, a, progressDeck(reviewProgress(), suspended, nil))
	mustSyncDir(t, a, dir)
	rep := mustSyncDir(t, b, dir)
	if len(rep.From) != 1 || rep.From[0].Answers != 6 {
		t.Fatalf("report %+v", rep)
	}
	sameCollections(t, a, b)
	assertConsistent(t, b)
	if k := logKinds(t, b); k[Imported] != 6 || k[Adopt] != 2 {
		t.Errorf("b's log %v", k)
	}
	st, _ := b.Cards()
	if !st["anki-1"].Suspended || st["anki-0"].Due != dMar15 {
		t.Errorf("b's states %+v", st)
	}
}

// Answers imported from long ago sit at the log's end: the scans of its
// recent end read past them to the answers given before the import, also
// in a file recover rebuilt.
func TestImportProgressOldHistory(t *testing.T) {
	c := newClock(t0)
	s := testStore(t, c)
	mustSync(t, s, testDeck("mine", 1))
	mustAnswer(t, s, "mine-0", Again, Review)
	p := reviewProgress()
	for i := range p.Log {
		p.Log[i].Time = p.Log[i].Time.AddDate(-1, 0, 0)
	}
	importAnki(t, s, progressDeck(p))
	check := func(s *Store) {
		t.Helper()
		st, err := s.Stats(dMar10, Limits{})
		if err != nil {
			t.Fatal(err)
		}
		mine := -1
		for _, tp := range st.Topics {
			if tp.Deck == "mine" {
				mine = tp.Answers
			}
		}
		if mine != 1 {
			t.Errorf("topics %+v: today's answer before the import not counted", st.Topics)
		}
		err = s.view(func(tx *txn) error {
			failed, err := tx.failedToday(dMar10)
			if len(failed) != 1 || failed[0] != "mine-0" {
				t.Errorf("failed today %v", failed)
			}
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	check(s)
	out := filepath.Join(t.TempDir(), "recovered.db")
	if _, err := Recover(s.Path(), out); err != nil {
		t.Fatal(err)
	}
	r := openAt(t, out, c)
	check(r)
	assertConsistent(t, r)
}
