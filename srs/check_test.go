package srs

import (
	"errors"
	"strings"
	"testing"

	bolt "go.etcd.io/bbolt"
)

// poke writes raw bytes into a bucket, as damage would.
func poke(t *testing.T, s *Store, bucket string, key, value []byte) {
	t.Helper()
	err := s.run(false, func(db *bolt.DB) error {
		return db.Update(func(tx *bolt.Tx) error {
			if value == nil {
				return tx.Bucket([]byte(bucket)).Delete(key)
			}
			return tx.Bucket([]byte(bucket)).Put(key, value)
		})
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestCheckFindsDamage(t *testing.T) {
	today := DayOf(t0)
	tests := []struct {
		name   string
		damage func(t *testing.T, s *Store)
		want   string
	}{
		{"garbage card record", func(t *testing.T, s *Store) { poke(t, s, bCards, []byte("d-1"), []byte{1, 2, 3}) }, `card "d-1"`},
		{"stray due entry", func(t *testing.T, s *Store) { poke(t, s, bDue, dueKey(today, "ghost"), []byte{}) }, "due index"},
		{"missing due entry", func(t *testing.T, s *Store) { poke(t, s, bDue, dueKey(today+1, "d-0"), nil) }, "not in the due index"},
		{"missing content", func(t *testing.T, s *Store) { poke(t, s, bContent, []byte("d-2"), nil) }, "content"},
		{"counter drift", func(t *testing.T, s *Store) {
			poke(t, s, bDecks, []byte("d"), encodeDeck(deckRec{Cards: 99}))
		}, "counters"},
		{"state not from the log", func(t *testing.T, s *Store) {
			r := cardRec{Deck: "d", Hash: "x", Ordinal: 3, State: NewCardState()}
			r.State.New, r.State.Memory, r.State.Due = false, SM2{Reps: 1, Interval: 1, EF: 1.5}, today
			poke(t, s, bCards, []byte("d-3"), encodeCard(r))
		}, "replays to"},
		{"garbage log entry", func(t *testing.T, s *Store) { poke(t, s, bLog, seqKey(1), []byte{1, 9}) }, "log"},
		{"garbage day", func(t *testing.T, s *Store) { poke(t, s, bDays, dayKey(today), []byte{7}) }, "day"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := testStore(t, newClock(t0))
			mustSync(t, s, testDeck("d", 5))
			mustAnswer(t, s, "d-0", Good, Review)
			tt.damage(t, s)
			problems, err := s.Check()
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(strings.Join(problems, "\n"), tt.want) {
				t.Errorf("problems %q, want one about %q", problems, tt.want)
			}
			// Nothing panics on the damaged file.
			s.Queue(QueueOptions{Today: today + 1, ReviewLimit: -1, NewPerDeck: -1})
			s.Counts(today)
			s.Cards()
			s.Replay()
			s.Decks()
			s.Days(today-1, today+1)
			s.Answer("d-1", Good, Review, 0)
			s.Undo(1)
		})
	}
}

func TestDamagedRecordErrors(t *testing.T) {
	s := testStore(t, newClock(t0))
	mustSync(t, s, testDeck("d", 2))
	poke(t, s, bCards, []byte("d-1"), []byte{1, 0, 200})
	if _, err := s.Answer("d-1", Good, Review, 0); !errors.Is(err, ErrDamaged) || !strings.Contains(err.Error(), "d-1") {
		t.Errorf("answer: %v", err)
	}
	poke(t, s, bContent, []byte("d-1"), []byte{1, 0, 200})
	// The queue reads no text; the card's text is read when it is shown.
	if _, err := s.Content("d-1"); !errors.Is(err, ErrDamaged) || !strings.Contains(err.Error(), "d-1") {
		t.Errorf("content: %v", err)
	}
	if _, err := s.Answer("d-0", Good, Review, 0); err != nil {
		t.Errorf("an intact card: %v", err)
	}
}

// A damaged key can be as long as a page run says: a message quotes at
// most 64 of its runes, so that saying what is wrong never costs the
// key's size several times over (a sweep copy with a 1 GB key took 16 GB
// to format one error).
func TestDamageMessagesQuoteLittleOfALongKey(t *testing.T) {
	s := testStore(t, newClock(t0))
	mustSync(t, s, testDeck("d", 2))
	long := strings.Repeat("x", 30_000) // near bbolt's largest key
	poke(t, s, bDue, append(dayKey(DayOf(t0)), long...), []byte{9})
	_, err := s.Counts(DayOf(t0))
	if !errors.Is(err, ErrDamaged) {
		t.Fatalf("counts over a damaged due entry: %v", err)
	}
	if n := len(err.Error()); n > 400 {
		t.Errorf("a message of %d bytes", n)
	}
	problems, _ := s.Check()
	for _, p := range problems {
		if len(p) > 400 {
			t.Errorf("a check line of %d bytes", len(p))
		}
	}
}
