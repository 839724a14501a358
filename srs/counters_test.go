package srs

import (
	"strings"
	"testing"
	"time"
)

// topicCountersOf reads the stored counters of every topic.
func topicCountersOf(t *testing.T, s *Store) map[topicKey]topicRec {
	t.Helper()
	out := map[topicKey]topicRec{}
	err := s.view(func(tx *txn) error {
		c := tx.topics.Cursor()
		for k, v := c.First(); k != nil; k, v = c.Next() {
			tk, _ := parseTopicKey(k)
			r, err := decodeTopic(v)
			if err != nil {
				return err
			}
			out[tk] = r
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// TestTopicCountersFollowEveryChange: hand-computed counters after each
// kind of change, on a deck of 4 cards in topics a (d-0, d-2) and b
// (d-1, d-3); each step also passes hone check, which recounts.
func TestTopicCountersFollowEveryChange(t *testing.T) {
	clk := newClock(t0)
	s := testStore(t, clk)
	mustSync(t, s, testDeck("d", 4, "a", "b"))
	a, b := topicKey{"d", "a"}, topicKey{"d", "b"}
	var last Entry
	steps := []struct {
		name string
		do   func()
		want map[topicKey]topicRec
	}{
		{"import", func() {}, map[topicKey]topicRec{a: {Cards: 2}, b: {Cards: 2}}},
		{"first review", func() { last = mustAnswer(t, s, "d-0", Good, Review) }, map[topicKey]topicRec{a: {Cards: 2, Seen: 1}, b: {Cards: 2}}},
		{"undo", func() {
			if _, err := s.Undo(last.Seq); err != nil {
				t.Fatal(err)
			}
		}, map[topicKey]topicRec{a: {Cards: 2}, b: {Cards: 2}}},
		{"review again, then a lapse days later", func() {
			mustAnswer(t, s, "d-0", Good, Review)
			clk.Advance(3 * 24 * time.Hour)
			mustAnswer(t, s, "d-0", Good, Review)
			clk.Advance(10 * 24 * time.Hour)
			mustAnswer(t, s, "d-0", Again, Review)
		}, map[topicKey]topicRec{a: {Cards: 2, Seen: 1, Lapses: 1}, b: {Cards: 2}}},
		{"suspend stays counted", func() {
			if _, err := s.Mark("d-1", Mark{Kind: Suspend}); err != nil {
				t.Fatal(err)
			}
		}, map[topicKey]topicRec{a: {Cards: 2, Seen: 1, Lapses: 1}, b: {Cards: 2}}},
		{"deck sync moves d-0 to topic b", func() {
			d := testDeck("d", 4, "a", "b")
			d.Cards[0].Topic = "b"
			rehash(&d)
			mustSync(t, s, d)
		}, map[topicKey]topicRec{a: {Cards: 1}, b: {Cards: 3, Seen: 1, Lapses: 1}}},
		{"retirement", func() {
			d := testDeck("d", 4, "a", "b")
			d.Cards[0].Topic = "b"
			d.Cards = d.Cards[:2]
			rehash(&d)
			mustSync(t, s, d)
		}, map[topicKey]topicRec{b: {Cards: 2, Seen: 1, Lapses: 1}}},
		{"deck removed", func() {
			if _, err := s.RemoveDeck("d"); err != nil {
				t.Fatal(err)
			}
		}, map[topicKey]topicRec{}},
	}
	for _, st := range steps {
		st.do()
		got := topicCountersOf(t, s)
		if len(got) != len(st.want) {
			t.Errorf("%s: counters %+v, want %+v", st.name, got, st.want)
		}
		for k, w := range st.want {
			if got[k] != w {
				t.Errorf("%s: topic %v: %+v, want %+v", st.name, k, got[k], w)
			}
		}
		assertConsistent(t, s)
	}
}

// TestTopicAnswersMoveWithTheCard: answers count under the card's topic
// of now, and undo takes them back.
func TestTopicAnswersMoveWithTheCard(t *testing.T) {
	clk := newClock(t0)
	s := testStore(t, clk)
	mustSync(t, s, testDeck("d", 2, "a", "b"))
	today := DayOf(t0)
	mustAnswer(t, s, "d-0", Good, Review)
	mustAnswer(t, s, "d-0", Again, Review) // a repeat
	e := mustAnswer(t, s, "d-0", Hard, Drill)
	if _, err := s.Undo(e.Seq); err != nil {
		t.Fatal(err)
	}
	answers := func() (map[topicKey]tally, tally) {
		var (
			out map[topicKey]tally
			ret tally
		)
		err := s.view(func(tx *txn) (err error) {
			out, ret, err = tx.windowAnswers(today.Add(-29), today)
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		return out, ret
	}
	got, _ := answers()
	if w := (tally{answers: 2, right: 1}); got[topicKey{"d", "a"}] != w || len(got) != 1 {
		t.Errorf("answers %+v, want %+v in topic a only", got, w)
	}
	d := testDeck("d", 2, "a", "b")
	d.Cards[0].Topic = "b"
	rehash(&d)
	mustSync(t, s, d)
	got, _ = answers()
	if w := (tally{answers: 2, right: 1}); got[topicKey{"d", "b"}] != w || len(got) != 1 {
		t.Errorf("after the move: answers %+v, want %+v in topic b only", got, w)
	}
	assertConsistent(t, s)
}

// TestCheckCatchesTamperedCounters: a counter changed behind hone's back
// is one line of hone check; recover rebuilds it.
func TestCheckCatchesTamperedCounters(t *testing.T) {
	for _, tc := range []struct {
		name, want string
		poke       func(t *testing.T, s *Store)
	}{
		{"topic", "topic counters: 1 differ", func(t *testing.T, s *Store) {
			poke(t, s, bTopics, topicKey{"d", "general"}.bytes(), encodeTopic(topicRec{Cards: 5, Seen: 2}))
		}},
		{"topic day", "topic answers: 1 differ", func(t *testing.T, s *Store) {
			poke(t, s, bTopicDays, dayTopic{DayOf(t0), topicKey{"d", "general"}}.bytes(), encodeWindow(windowRec{Answers: 7}))
		}},
		{"due value", "due index: entry of card", func(t *testing.T, s *Store) {
			r := cardRec{Deck: "other"}
			poke(t, s, bDue, dueKey(DayOf(t0)+1, "d-0"), encodeDueRef(&r))
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := testStore(t, newClock(t0))
			mustSync(t, s, testDeck("d", 5))
			mustAnswer(t, s, "d-0", Good, Review)
			tc.poke(t, s)
			problems, err := s.Check()
			if err != nil {
				t.Fatal(err)
			}
			if len(problems) != 1 || !strings.Contains(problems[0], tc.want) {
				t.Fatalf("problems %q, want one line with %q", problems, tc.want)
			}
			dst := t.TempDir() + "/r.db"
			if _, err := Recover(s.Path(), dst); err != nil {
				t.Fatal(err)
			}
			assertConsistent(t, openAt(t, dst, newClock(t0)))
		})
	}
}
