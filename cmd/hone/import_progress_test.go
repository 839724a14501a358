package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/hone-srs/hone/internal/ankitest"
	"github.com/hone-srs/hone/srs"
)

// progressPackage is a Spanish deck studied in Anki up to the morning of
// 2026-11-23 (hone's clock in these tests): a card lapsed and relearned,
// a suspended one, a buried one, and a new one.
func progressPackage() ankitest.Package {
	crt := time.Date(2026, 11, 1, 12, 0, 0, 0, time.UTC)
	ms := func(day, hour int) int64 { return time.Date(2026, 11, day, hour, 0, 0, 0, time.UTC).UnixMilli() }
	note := func(id int64, front, back string) ankitest.Note {
		return ankitest.Note{ID: id, GUID: "g" + front, Mid: 1, Fields: []string{front, back}}
	}
	return ankitest.Package{Format: "anki21b", Crt: crt.Unix(), Notetypes: []ankitest.Notetype{ankitest.Basic},
		Decks: map[int64]string{1: "Spanish"},
		Notes: []ankitest.Note{note(1, "hola", "hello"), note(2, "gato", "cat"), note(3, "perro", "dog"), note(4, "casa", "house")},
		Cards: []ankitest.Card{
			{ID: 11, Nid: 1, Did: 1, Type: 2, Queue: 2, Due: 29, Ivl: 7, Factor: 2300, Reps: 3, Lapses: 1},
			{ID: 12, Nid: 2, Did: 1, Type: 2, Queue: -1, Due: 40, Ivl: 20, Factor: 2500, Reps: 2},
			{ID: 13, Nid: 3, Did: 1, Type: 0, Queue: 0, Due: 1},
			{ID: 14, Nid: 4, Did: 1, Type: 2, Queue: -3, Due: 25, Ivl: 4, Factor: 2500, Reps: 1},
		},
		Revlog: []ankitest.Rev{
			{ID: ms(21, 8), Cid: 11, Ease: 3, Ivl: 1, Factor: 2500, Took: 6000, Type: 0},
			{ID: ms(22, 8), Cid: 11, Ease: 1, Ivl: -600, LastIvl: 1, Factor: 2300, Took: 9000, Type: 1},
			{ID: ms(23, 8), Cid: 11, Ease: 3, Ivl: 7, LastIvl: -600, Factor: 2300, Took: 4000, Type: 2},
			{ID: ms(2, 8), Cid: 12, Ease: 3, Ivl: 4, Factor: 2500, Took: 3000, Type: 0},
			{ID: ms(6, 8), Cid: 12, Ease: 3, Ivl: 20, LastIvl: 4, Factor: 2500, Took: 3000, Type: 1},
			{ID: ms(22, 9), Cid: 14, Ease: 4, Ivl: 4, Factor: 2500, Took: 2000, Type: 0},
		},
	}
}

func writePackage(t *testing.T, p ankitest.Package, path string) {
	t.Helper()
	if err := os.WriteFile(path, p.Build(t), 0o600); err != nil {
		t.Fatal(err)
	}
}

func statsOf(t *testing.T, db string) statsJSON {
	t.Helper()
	r := hone(t, db, "stats", "--json", "--cards")
	var st statsJSON
	if err := json.Unmarshal([]byte(r.stdout), &st); r.code != 0 || err != nil {
		t.Fatalf("stats: %+v %v", r, err)
	}
	return st
}

func TestImportAnkiProgress(t *testing.T) {
	dir := t.TempDir()
	db, pkg := filepath.Join(dir, "hone.db"), filepath.Join(dir, "Spanish.apkg")
	p := progressPackage()
	writePackage(t, p, pkg)
	r := hone(t, db, "import", pkg)
	want := `deck "Spanish": 4 added, 0 updated, 0 retired, 0 unchanged, 3 scheduled as in Anki with 6 past answers` + "\n"
	if r.code != 0 || r.stdout != want {
		t.Fatalf("import: %+v", r)
	}
	st := statsOf(t, db)
	heat := map[string]int{"2026-11-02": 1, "2026-11-06": 1, "2026-11-21": 1, "2026-11-22": 2, "2026-11-23": 1}
	if len(st.Heatmap) != len(heat) || st.StreakDays != 3 || st.ReviewsToday != 1 {
		t.Errorf("heatmap %v, streak %d, today %d; want %v, 3, 1", st.Heatmap, st.StreakDays, st.ReviewsToday, heat)
	}
	for d, n := range heat {
		if st.Heatmap[d] != n {
			t.Errorf("heatmap %s: %d, want %d", d, st.Heatmap[d], n)
		}
	}
	// Six answers in 30 days, one of them Again; three cards seen.
	if tp := st.Topics[0]; tp.Deck != "Spanish" || tp.Seen != 3 || tp.Accuracy == nil || *tp.Accuracy != 0.83333333 {
		t.Errorf("topics %+v", st.Topics)
	}
	// hola is due on 30 November as in Anki, casa (buried today) on the
	// 26th, gato (suspended) on 11 December; perro is new.
	due := map[string]string{}
	for _, c := range st.Cards {
		due[c.ID] = c.Due
	}
	if due["anki-ghola"] != "2026-11-30" || due["anki-gcasa"] != "2026-11-26" || due["anki-ggato"] != "2026-12-11" || len(due) != 3 {
		t.Errorf("cards %+v", st.Cards)
	}
	if st.Forecast[7] != 1 || st.Forecast[3] != 1 || st.DueToday != 0 {
		t.Errorf("forecast %v", st.Forecast)
	}
	if c := hone(t, db, "check"); c.code != 0 {
		t.Errorf("check: %+v", c)
	}

	// Three days later: casa answered in hone; then the package again,
	// exported after more study in Anki, with a card's text changed.
	answerOn(t, db, time.Date(2026, 11, 26, 9, 0, 0, 0, time.UTC), "anki-gcasa", srs.Hard)
	before := statsOf(t, db)
	p.Notes[3].Fields[1] = "home, house"
	p.Revlog = append(p.Revlog, ankitest.Rev{ID: time.Date(2026, 11, 23, 8, 30, 0, 0, time.UTC).UnixMilli(), Cid: 14, Ease: 1, Type: 1})
	writePackage(t, p, pkg)
	r = hone(t, db, "import", pkg)
	want = `deck "Spanish": 0 added, 1 updated, 0 retired, 3 unchanged, 1 kept as studied in hone` + "\n"
	if r.code != 0 || r.stdout != want {
		t.Fatalf("re-import: %+v", r)
	}
	after := statsOf(t, db)
	if !sameJSON(t, before, after) {
		t.Errorf("re-import changed the stats:\n%+v\n%+v", before, after)
	}
	if d := hone(t, db, "decks"); strings.Count(d.stdout, "\nSpanish ") != 1 || !strings.Contains(d.stdout, "Spanish                                4 ") {
		t.Errorf("decks:\n%s", d.stdout)
	}
	if c := hone(t, db, "check"); c.code != 0 {
		t.Errorf("check: %+v", c)
	}
	// --fresh: the same cards, their progress left where it is.
	r = hone(t, db, "import", "--fresh", pkg)
	if r.code != 0 || !strings.HasPrefix(r.stdout, `deck "Spanish": 0 added, 0 updated, 0 retired, 4 unchanged`+"\n") {
		t.Errorf("fresh re-import: %+v", r)
	}
	if again := statsOf(t, db); !sameJSON(t, before, again) {
		t.Errorf("a fresh re-import changed the stats")
	}
}

// A package imported --fresh brings its cards as new, with no history.
func TestImportAnkiFresh(t *testing.T) {
	dir := t.TempDir()
	db, pkg := filepath.Join(dir, "hone.db"), filepath.Join(dir, "Spanish.apkg")
	writePackage(t, progressPackage(), pkg)
	r := hone(t, db, "import", "--fresh", pkg)
	if r.code != 0 || r.stdout != `deck "Spanish": 4 added, 0 updated, 0 retired, 0 unchanged`+"\n" {
		t.Fatalf("import: %+v", r)
	}
	st := statsOf(t, db)
	if len(st.Heatmap) != 0 || st.StreakDays != 0 || len(st.Cards) != 0 {
		t.Errorf("fresh import has history: %+v", st)
	}
}

// answerOn answers a card on the day of now, as a review would.
func answerOn(t *testing.T, db string, now time.Time, id string, q srs.Quality) {
	t.Helper()
	store, err := srs.Open(db, srs.Options{Clock: func() time.Time { return now }})
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	if _, err := store.Answer(id, q, srs.Review, time.Second); err != nil {
		t.Fatal(err)
	}
}

func sameJSON(t *testing.T, a, b any) bool {
	t.Helper()
	ja, err := json.Marshal(a)
	if err != nil {
		t.Fatal(err)
	}
	jb, err := json.Marshal(b)
	if err != nil {
		t.Fatal(err)
	}
	return string(ja) == string(jb)
}
