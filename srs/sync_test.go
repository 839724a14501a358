package srs

import (
	"strings"
	"testing"

	"github.com/hone-srs/hone/deck"
)

func TestSync(t *testing.T) {
	c := newClock(t0)
	s := testStore(t, c)
	today := DayOf(t0)
	d := testDeck("d", 5, "x", "y")

	res := mustSync(t, s, d)
	if res != (SyncResult{Deck: "d", Added: 5}) {
		t.Fatalf("first sync %+v", res)
	}
	decks, _ := s.Decks()
	if len(decks) != 1 || decks[0].Cards != 5 || decks[0].New != 5 || decks[0].Hash != d.Hash ||
		strings.Join(decks[0].Topics, ",") != "x,y" || decks[0].Source != "test:d" || !decks[0].SyncedAt.Equal(t0) {
		t.Fatalf("decks %+v", decks)
	}
	if h, _ := s.DeckHash("test:d"); h != d.Hash {
		t.Errorf("DeckHash %q", h)
	}
	if h, _ := s.DeckHash("nowhere"); h != "" {
		t.Errorf("DeckHash of unknown source %q", h)
	}

	// Unchanged source: skipped, and the file is not even written.
	sum := fileSum(t, s.Path())
	if res := mustSync(t, s, d); !res.Skipped {
		t.Fatalf("unchanged sync %+v", res)
	}
	if fileSum(t, s.Path()) != sum {
		t.Error("a skipped sync wrote the file")
	}

	// Learn two cards, then edit one of them: content changes, history stays.
	mustAnswer(t, s, "d-2", Good, Review)
	mustAnswer(t, s, "d-3", Good, Review)
	before, _ := s.Cards()
	d.Cards[2].Back = "a better back"
	rehash(&d)
	if res := mustSync(t, s, d); res != (SyncResult{Deck: "d", Updated: 1, Unchanged: 4}) {
		t.Fatalf("edit sync %+v", res)
	}
	after, _ := s.Cards()
	if after["d-2"] != before["d-2"] {
		t.Errorf("edit lost the state: %+v → %+v", before["d-2"], after["d-2"])
	}
	q := mustQueue(t, s, QueueOptions{Today: today + 1, ReviewLimit: -1, NewPerDeck: -1})
	if len(q) != 5 || q[0].Card.ID != "d-2" || mustContent(t, s, q[0].Card.ID).Back != "a better back" {
		t.Fatalf("queue after edit %v", ids(q))
	}
	assertConsistent(t, s)

	// Remove a learned and a new card: retired, out of the queue, kept.
	full := d
	d.Cards = append(append(d.Cards[:0:0], d.Cards[:3]...), d.Cards[4])
	rehash(&d)
	if res := mustSync(t, s, d); res != (SyncResult{Deck: "d", Retired: 1, Unchanged: 4}) {
		t.Fatalf("retire sync %+v", res)
	}
	d2 := d
	d2.Cards = d.Cards[:3]
	rehash(&d2)
	if res := mustSync(t, s, d2); res != (SyncResult{Deck: "d", Retired: 1, Unchanged: 3}) {
		t.Fatalf("retire sync 2 %+v", res)
	}
	q = mustQueue(t, s, QueueOptions{Today: today + 1, ReviewLimit: -1, NewPerDeck: -1})
	if got := strings.Join(ids(q), " "); got != "d-2 d-0 d-1" {
		t.Errorf("queue after retire: %s", got)
	}
	if cs, _ := s.Counts(today + 1); cs["d"] != (DeckCounts{Due: 1, NewUnseen: 2, Learned: 1, Total: 3}) {
		t.Errorf("counts after retire %+v", cs["d"])
	}
	if st, _ := s.Cards(); len(st) != 5 || st["d-3"] != after["d-3"] {
		t.Errorf("retired card lost: %+v", st["d-3"])
	}
	if _, err := s.Answer("d-3", Good, Review, 0); err == nil {
		t.Error("answered a retired card")
	}
	assertConsistent(t, s)

	// Put them back: revived with their history, in the new order.
	if res := mustSync(t, s, full); res != (SyncResult{Deck: "d", Revived: 2, Unchanged: 3}) {
		t.Fatalf("revive sync %+v", res)
	}
	if st, _ := s.Cards(); st["d-3"] != after["d-3"] {
		t.Errorf("revived state %+v", st["d-3"])
	}
	q = mustQueue(t, s, QueueOptions{Today: today + 1, ReviewLimit: -1, NewPerDeck: -1})
	if got := strings.Join(ids(q), " "); got != "d-2 d-3 d-0 d-1 d-4" {
		t.Errorf("queue after revive: %s", got)
	}
	assertConsistent(t, s)

	// Reorder: new cards follow the deck's order.
	full.Cards[0], full.Cards[4] = full.Cards[4], full.Cards[0]
	rehash(&full)
	mustSync(t, s, full)
	q = mustQueue(t, s, QueueOptions{Today: today, ReviewLimit: -1, NewPerDeck: -1})
	if got := strings.Join(ids(q), " "); got != "d-4 d-1 d-0" {
		t.Errorf("queue after reorder: %s", got)
	}
	assertConsistent(t, s)
}

func TestSyncOwnership(t *testing.T) {
	s := testStore(t, newClock(t0))
	mustSync(t, s, testDeck("d", 3))
	e := testDeck("e", 2)
	e.Cards[1].ID = "d-1"
	rehash(&e)
	_, err := s.SyncDeck(e, "test:e", false)
	if err == nil || !strings.Contains(err.Error(), `"d"`) || !strings.Contains(err.Error(), `"e"`) || !strings.Contains(err.Error(), "d-1") {
		t.Fatalf("conflict error %v", err)
	}
	// The failed sync changed nothing.
	if decks, _ := s.Decks(); len(decks) != 1 {
		t.Errorf("decks %+v", decks)
	}
	assertConsistent(t, s)

	for _, bad := range []func(d *deck.Deck){
		func(d *deck.Deck) { d.Name = "" },
		func(d *deck.Deck) { d.Name = "a\x00b" },
		func(d *deck.Deck) { d.Cards[1].ID = d.Cards[0].ID },
		func(d *deck.Deck) { d.Cards[0].ID = "" },
	} {
		d := testDeck("f", 2)
		bad(&d)
		if _, err := s.SyncDeck(d, "test:f", false); err == nil {
			t.Errorf("accepted %+v", d)
		}
	}
}

func TestSyncRenameAndMove(t *testing.T) {
	c := newClock(t0)
	s := testStore(t, c)
	d := testDeck("old", 3)
	if _, err := s.SyncDeck(d, "file.md", false); err != nil {
		t.Fatal(err)
	}
	mustAnswer(t, s, "old-0", Good, Review)
	learned, _ := s.Cards()

	// Same source, new name: explicit ids move with their history.
	d.Name = "new"
	for i := range d.Cards {
		d.Cards[i].Deck = "new"
	}
	rehash(&d)
	res, err := s.SyncDeck(d, "file.md", false)
	if err != nil {
		t.Fatal(err)
	}
	if res.Updated != 3 { // the deck name is part of the content
		t.Errorf("rename %+v", res)
	}
	if st, _ := s.Cards(); st["old-0"] != learned["old-0"] {
		t.Errorf("moved card lost its state")
	}
	cs, _ := s.Counts(DayOf(t0))
	if cs["old"].Total != 0 || cs["new"] != (DeckCounts{NewUnseen: 2, NewToday: 0, Learned: 1, Total: 3}) {
		t.Errorf("counts %+v", cs)
	}
	assertConsistent(t, s)

	// A moved file: the deck name follows the new source.
	d.Description = "moved"
	rehash(&d)
	if _, err := s.SyncDeck(d, "elsewhere/file.md", false); err != nil {
		t.Fatal(err)
	}
	if h, _ := s.DeckHash("file.md"); h != "" {
		t.Errorf("old source still bound: %q", h)
	}
	if h, _ := s.DeckHash("elsewhere/file.md"); h != d.Hash {
		t.Errorf("new source hash %q", h)
	}
	assertConsistent(t, s)
}
