package srs

import (
	"encoding/binary"
	"errors"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"
)

func TestOpenCreates(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "a", "b")
	path := filepath.Join(dir, "hone.db")
	s := openAt(t, path, newClock(t0))
	if s.Path() != path {
		t.Errorf("Path() = %s", s.Path())
	}
	fi, err := os.Stat(dir)
	if err != nil || fi.Mode().Perm() != 0o700 {
		t.Errorf("directory %v, %v", fi.Mode(), err)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Errorf("leftovers in %s: %v", dir, entries)
	}
	decks, err := s.Decks()
	if err != nil || len(decks) != 0 {
		t.Fatalf("decks %v, %v", decks, err)
	}
	// Reopening a valid file writes nothing to it.
	mustSync(t, s, testDeck("d", 3))
	sum := fileSum(t, path)
	s2 := openAt(t, path, newClock(t0))
	if _, err := s2.Counts(DayOf(t0)); err != nil {
		t.Fatal(err)
	}
	if fileSum(t, path) != sum {
		t.Error("open and read changed the file")
	}
}

func TestClosedStore(t *testing.T) {
	s := testStore(t, newClock(t0))
	s.Close()
	if _, err := s.Decks(); !errors.Is(err, ErrClosed) {
		t.Fatalf("err %v", err)
	}
}

// writeBolt makes a bbolt file with fn's content, as another program would.
func writeBolt(t *testing.T, path string, fn func(tx *bolt.Tx) error) {
	t.Helper()
	db, err := bolt.Open(path, 0o600, &bolt.Options{Timeout: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	if err := db.Update(fn); err != nil {
		t.Fatal(err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
}

// honeFile makes a hone database with some cards and answers in it.
func honeFile(t *testing.T, path string) {
	t.Helper()
	c := newClock(t0)
	s := openAt(t, path, c)
	mustSync(t, s, testDeck("d", 400))
	for i := range 50 {
		mustAnswer(t, s, testDeck("d", 400).Cards[i].ID, Good, Review)
	}
}

func TestOpenRefuses(t *testing.T) {
	tests := []struct {
		name string
		make func(t *testing.T, path string)
		want error
	}{
		{"directory", func(t *testing.T, p string) { os.Mkdir(p, 0o700) }, ErrNotHone},
		{"zero bytes", func(t *testing.T, p string) { os.WriteFile(p, nil, 0o600) }, ErrDamaged},
		{"random bytes", func(t *testing.T, p string) {
			b := make([]byte, 64<<10)
			r := rand.New(rand.NewPCG(3, 4))
			for i := range b {
				b[i] = byte(r.Uint32())
			}
			os.WriteFile(p, b, 0o600)
		}, ErrDamaged},
		{"text file", func(t *testing.T, p string) { os.WriteFile(p, []byte("# my notes\n"), 0o600) }, ErrDamaged},
		{"other program's bbolt", func(t *testing.T, p string) {
			writeBolt(t, p, func(tx *bolt.Tx) error {
				b, err := tx.CreateBucket([]byte("widgets"))
				if err != nil {
					return err
				}
				return b.Put([]byte("k"), []byte("v"))
			})
		}, ErrNotHone},
		{"empty bbolt", func(t *testing.T, p string) { writeBolt(t, p, func(*bolt.Tx) error { return nil }) }, ErrNotHone},
		{"meta without marker", func(t *testing.T, p string) {
			writeBolt(t, p, func(tx *bolt.Tx) error {
				b, err := tx.CreateBucket([]byte(bMeta))
				if err != nil {
					return err
				}
				return b.Put([]byte(metaSchemaKey), binary.BigEndian.AppendUint32(nil, 1))
			})
		}, ErrNotHone},
		{"newer schema", func(t *testing.T, p string) {
			honeFile(t, p)
			writeBolt(t, p, func(tx *bolt.Tx) error {
				return tx.Bucket([]byte(bMeta)).Put([]byte(metaSchemaKey), binary.BigEndian.AppendUint32(nil, schemaVersion+1))
			})
		}, ErrNewerSchema},
		{"truncated to 2 pages", func(t *testing.T, p string) { honeFile(t, p); os.Truncate(p, 8192) }, ErrDamaged},
		{"truncated mid-page", func(t *testing.T, p string) { honeFile(t, p); os.Truncate(p, 12345) }, ErrDamaged},
		{"truncated to half", func(t *testing.T, p string) {
			honeFile(t, p)
			fi, _ := os.Stat(p)
			os.Truncate(p, fi.Size()/2)
		}, ErrDamaged},
		{"one byte", func(t *testing.T, p string) { os.WriteFile(p, []byte{0}, 0o600) }, ErrDamaged},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "hone.db")
			tt.make(t, path)
			var before string
			if fi, _ := os.Stat(path); !fi.IsDir() {
				before = fileSum(t, path)
			}
			s, err := Open(path, Options{Timeout: 200 * time.Millisecond})
			if err == nil {
				s.Close()
				t.Fatal("opened")
			}
			if !errors.Is(err, tt.want) {
				t.Errorf("err %v, want %v", err, tt.want)
			}
			msg := err.Error()
			if !strings.Contains(msg, path) || strings.Contains(msg, "\n") {
				t.Errorf("message %q should name the file on one line", msg)
			}
			t.Log(msg)
			if before != "" && fileSum(t, path) != before {
				t.Error("the file changed")
			}
			if entries, _ := os.ReadDir(filepath.Dir(path)); len(entries) != 1 {
				t.Errorf("leftovers: %v", entries)
			}
		})
	}
}

// A file damaged while a Store is open gives errors, not panics.
func TestDamagedWhileOpen(t *testing.T) {
	path := filepath.Join(t.TempDir(), "hone.db")
	honeFile(t, path)
	s := openAt(t, path, newClock(t0))
	os.Truncate(path, 12345)
	if _, err := s.Queue(QueueOptions{Today: DayOf(t0) + 1, ReviewLimit: -1, NewPerDeck: -1}); !errors.Is(err, ErrDamaged) {
		t.Errorf("queue on truncated file: %v", err)
	}
	if _, err := s.Answer("d-1", Good, Review, 0); !errors.Is(err, ErrDamaged) {
		t.Errorf("answer on truncated file: %v", err)
	}
	os.Remove(path)
	if _, err := s.Decks(); err == nil {
		t.Error("read of a removed file succeeded")
	}
	if _, err := s.Answer("d-1", Good, Review, 0); err == nil {
		t.Error("answer to a removed file succeeded")
	}
	if _, err := os.Stat(path); !os.IsNotExist(err) {
		t.Error("a removed database was recreated")
	}
}

func TestLockTimeout(t *testing.T) {
	path := filepath.Join(t.TempDir(), "hone.db")
	s := openAt(t, path, newClock(t0))
	mustSync(t, s, testDeck("d", 5))

	// Another process holding the file for writing: everything waits, then
	// fails with the message the user sees.
	held, err := bolt.Open(path, 0o600, &bolt.Options{Timeout: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	_, err = Open(path, Options{Timeout: 150 * time.Millisecond})
	if !errors.Is(err, ErrInUse) {
		t.Fatalf("err %v", err)
	}
	if want := "database " + path + " is in use by another hone process"; !strings.HasPrefix(err.Error(), want) {
		t.Errorf("message %q, want it to start %q", err, want)
	}
	// bbolt polls the lock every 50ms and gives up one poll early.
	if d := time.Since(start); d < 90*time.Millisecond || d > 2*time.Second {
		t.Errorf("gave up after %s", d)
	}
	s.timeout, s.answerWait = 100*time.Millisecond, 100*time.Millisecond
	if _, err := s.Answer("d-0", Good, Review, 0); !errors.Is(err, ErrInUse) {
		t.Errorf("answer: %v", err)
	}
	held.Close()

	// A reader elsewhere (`hone due` in a prompt) does not stop our reads,
	// and only delays our writes while it reads.
	reader, err := bolt.Open(path, 0o600, &bolt.Options{Timeout: time.Second, ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Counts(DayOf(t0)); err != nil {
		t.Errorf("read beside a reader: %v", err)
	}
	if _, err := s.Answer("d-0", Good, Review, 0); !errors.Is(err, ErrInUse) {
		t.Errorf("write beside a reader that never lets go: %v", err)
	}
	reader.Close()
	if _, err := s.Answer("d-0", Good, Review, 0); err != nil {
		t.Errorf("answer once free: %v", err)
	}
}

// Two sessions on one database: an answer in one is never overwritten by
// the other, and the second sees the first's answers as done.
func TestTwoSessions(t *testing.T) {
	path := filepath.Join(t.TempDir(), "hone.db")
	c := newClock(t0)
	a := openAt(t, path, c)
	b := openAt(t, path, c)
	mustSync(t, a, testDeck("d", 10))
	today := DayOf(t0)
	qa := mustQueue(t, a, QueueOptions{Today: today, ReviewLimit: 200, NewPerDeck: 20})
	qb := mustQueue(t, b, QueueOptions{Today: today, ReviewLimit: 200, NewPerDeck: 20})
	if len(qa) != 10 || len(qb) != 10 {
		t.Fatalf("queues %d %d", len(qa), len(qb))
	}
	ea := mustAnswerR(t, a, "d-0", Easy, Review)
	eb := mustAnswer(t, b, "d-0", Again, Review) // b's stale queue still shows d-0
	if ea.Entry.Kind != Review || eb.Kind != Repeat {
		t.Fatalf("kinds %s %s", ea.Entry.Kind, eb.Kind)
	}
	states, _ := b.Cards()
	if states["d-0"] != ea.State {
		t.Errorf("state %+v, want a's %+v", states["d-0"], ea.State)
	}
	// d-0 is no longer new; b's Again (a repeat) brings it back before the
	// new cards, for relearning.
	if q := mustQueue(t, b, QueueOptions{Today: today, ReviewLimit: 200, NewPerDeck: 20}); len(q) != 10 || q[0].Card.ID != "d-0" || q[1].Card.ID != "d-1" || q[0].State.New {
		t.Errorf("b's fresh queue %v", ids(q))
	}
	assertConsistent(t, a)
}

func TestConcurrentUse(t *testing.T) {
	path := filepath.Join(t.TempDir(), "hone.db")
	c := newClock(t0)
	s := openAt(t, path, c)
	other := openAt(t, path, c)
	mustSync(t, s, testDeck("d", 40))
	done := make(chan error, 3)
	go func() {
		for i := range 40 {
			if _, err := s.Answer(testDeck("d", 40).Cards[i].ID, Good, Review, 0); err != nil {
				done <- err
				return
			}
		}
		done <- nil
	}()
	for _, st := range []*Store{s, other} {
		go func() {
			for range 40 {
				if _, err := st.Counts(DayOf(t0)); err != nil {
					done <- err
					return
				}
				if _, err := st.Queue(QueueOptions{Today: DayOf(t0), ReviewLimit: -1, NewPerDeck: 5}); err != nil {
					done <- err
					return
				}
			}
			done <- nil
		}()
	}
	for range 3 {
		if err := <-done; err != nil {
			t.Fatal(err)
		}
	}
	assertConsistent(t, s)
}
