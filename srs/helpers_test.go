package srs

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/hone-srs/hone/deck"
)

// clock is a settable clock for tests.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func newClock(t time.Time) *clock { return &clock{t: t} }

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *clock) Set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = t
}

func (c *clock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// t0 is 2025-03-10 10:00 UTC; tests run in UTC unless they say otherwise.
var t0 = time.Date(2025, 3, 10, 10, 0, 0, 0, time.UTC)

func testStore(t testing.TB, c *clock) *Store {
	t.Helper()
	return openAt(t, filepath.Join(t.TempDir(), "hone.db"), c)
}

func openAt(t testing.TB, path string, c *clock) *Store {
	t.Helper()
	s, err := Open(path, Options{Clock: c.Now, noSync: true, Timeout: 2 * time.Second})
	if err != nil {
		t.Fatalf("open: %v", err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// testDeck builds a deck of n basic cards named name-0… spread over topics.
func testDeck(name string, n int, topics ...string) deck.Deck {
	if len(topics) == 0 {
		topics = []string{"general"}
	}
	d := deck.Deck{Name: name, Description: "about " + name}
	for _, tp := range topics {
		d.Topics = append(d.Topics, deck.Topic{Name: tp})
	}
	for i := range n {
		d.Cards = append(d.Cards, deck.Card{
			ID: fmt.Sprintf("%s-%d", name, i), Deck: name, Topic: topics[i%len(topics)],
			Front: fmt.Sprintf("front %d", i), Back: fmt.Sprintf("back %d", i), Line: i + 1,
		})
	}
	rehash(&d)
	return d
}

// rehash sets the deck's source hash from its content, as a parse would.
func rehash(d *deck.Deck) {
	h := sha256.New()
	fmt.Fprintln(h, d.Name, d.Description)
	for _, c := range d.Cards {
		fmt.Fprintln(h, c.ID, c.ContentHash())
	}
	d.Hash = hex.EncodeToString(h.Sum(nil)[:16])
}

func mustSync(t testing.TB, s *Store, d deck.Deck) SyncResult {
	t.Helper()
	res, err := s.SyncDeck(d, "test:"+d.Name, false)
	if err != nil {
		t.Fatalf("sync %s: %v", d.Name, err)
	}
	return res
}

func mustAnswer(t testing.TB, s *Store, id string, q Quality, kind EntryKind) Entry {
	t.Helper()
	return mustAnswerR(t, s, id, q, kind).Entry
}

func mustAnswerR(t testing.TB, s *Store, id string, q Quality, kind EntryKind) AnswerResult {
	t.Helper()
	res, err := s.Answer(id, q, kind, time.Second)
	if err != nil {
		t.Fatalf("answer %s: %v", id, err)
	}
	return res
}

// sm2Review is the default scheduler's review, for expected states.
func sm2Review(s CardState, q Quality, day Day) CardState {
	return DefaultScheduler().Review(s, q, day)
}

// useScheduler switches a test store's scheduler.
func useScheduler(t testing.TB, s *Store, c SchedulerSettings) SwitchResult {
	t.Helper()
	res, err := s.SetScheduler(c)
	if err != nil {
		t.Fatalf("switch to %s: %v", c.Name, err)
	}
	return res
}

func mustQueue(t testing.TB, s *Store, o QueueOptions) []Item {
	t.Helper()
	items, err := s.Queue(o)
	if err != nil {
		t.Fatalf("queue: %v", err)
	}
	return items
}

func ids(items []Item) []string {
	out := make([]string, len(items))
	for i, it := range items {
		out[i] = it.Card.ID
	}
	return out
}

// assertConsistent checks every invariant, and that replay equals storage.
func assertConsistent(t testing.TB, s *Store) {
	t.Helper()
	problems, err := s.Check()
	if err != nil {
		t.Fatalf("check: %v", err)
	}
	for _, p := range problems {
		t.Errorf("check: %s", p)
	}
	stored, err := s.Cards()
	if err != nil {
		t.Fatal(err)
	}
	replayed, err := s.Replay()
	if err != nil {
		t.Fatal(err)
	}
	if len(stored) != len(replayed) {
		t.Errorf("replay has %d cards, store %d", len(replayed), len(stored))
	}
	for id, st := range stored {
		if replayed[id] != st {
			t.Errorf("card %s: stored %+v, replayed %+v", id, st, replayed[id])
		}
	}
}

func fileSum(t testing.TB, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}
