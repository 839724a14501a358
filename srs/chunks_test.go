package srs

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"io"
	"path/filepath"
	"strings"
	"testing"
)

func TestChunkHeadCodec(t *testing.T) {
	sum := blobHash(nil)
	good := chunkHead{set: 7, length: 2*chunkSize + 5, count: 3, sum: sum}
	if got, err := decodeChunkHead(encodeChunkHead(good)); err != nil || got != good {
		t.Fatalf("round trip: %+v, %v", got, err)
	}
	empty := chunkHead{set: 1, sum: sum}
	if got, err := decodeChunkHead(encodeChunkHead(empty)); err != nil || got != empty {
		t.Fatalf("empty: %+v, %v", got, err)
	}
	for _, tc := range []struct {
		name string
		b    []byte
		want string
	}{
		{"nothing", nil, "no head mark"},
		{"a whole blob", []byte(blobMagic), "no head mark"},
		{"set 0", encodeChunkHead(chunkHead{length: 1, count: 1, sum: sum}), "set 0"},
		{"too few chunks", encodeChunkHead(chunkHead{set: 1, length: chunkSize + 1, count: 1, sum: sum}), "1 chunks for 1048577 bytes"},
		{"too many chunks", encodeChunkHead(chunkHead{set: 1, length: 1, count: 2, sum: sum}), "2 chunks for 1 bytes"},
		{"bad hash", encodeChunkHead(chunkHead{set: 1, sum: "zz"}), "is not valid"},
		{"trailing", append(encodeChunkHead(good), 0), "1 trailing bytes"},
		{"cut", encodeChunkHead(good)[:5], "damaged chunk head"},
		{"version 2", append([]byte{chunkHeadMark, 2}, encodeChunkHead(good)[2:]...), "unknown record version 2"},
		{"length past any count", encodeChunkHead(chunkHead{set: 1, length: 1<<64 - 1, sum: sum}), "0 chunks for 18446744073709551615 bytes"},
		{"length past the most chunks", encodeChunkHead(chunkHead{set: 1, length: (maxCount + 1) * chunkSize, count: 0, sum: sum}), "0 chunks for"},
	} {
		if _, err := decodeChunkHead(tc.b); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: %v, want %q", tc.name, err, tc.want)
		}
	}
}

// chunkedStore is a store with one imported deck whose text and blob each
// take three chunks; it returns their heads.
func chunkedStore(t *testing.T) (s *Store, text, blob chunkHead) {
	s = testStore(t, newClock(t0))
	it := importItem(testDeck("big", 12))
	it.Text = []byte(strings.Repeat("x", 2*chunkSize+100))
	if _, err := s.Import([]ImportItem{it}, false); err != nil {
		t.Fatal(err)
	}
	err := s.view(func(tx *txn) error {
		var ok bool
		var err error
		if text, ok, err = tx.textHead("big"); err != nil || !ok {
			t.Fatalf("text head: %v %v", ok, err)
		}
		return tx.forEachEvent(func(_ []byte, ev event) error {
			_, blob, _, err = tx.blobRecord(ev.Blob)
			return err
		})
	})
	if err != nil || text.count != 3 || blob.count != 3 {
		t.Fatalf("heads %+v %+v, %v", text, blob, err)
	}
	return s, text, blob
}

// Check finds every way a chunked record can be damaged, and recover
// drops what the damage took and keeps the rest.
func TestCheckFindsDamagedChunks(t *testing.T) {
	for _, tc := range []struct {
		name   string
		damage func(tx *txn, text, blob chunkHead) error
		want   string
	}{
		{"text chunk missing", func(tx *txn, text, _ chunkHead) error {
			b, _ := tx.chunkBucket()
			return b.Delete(chunkKey(text.set, 1))
		}, `textchunks "big": set 1: chunk 1 is missing`},
		{"blob chunk short", func(tx *txn, _, blob chunkHead) error {
			b, _ := tx.chunkBucket()
			return b.Put(chunkKey(blob.set, 0), []byte("short"))
		}, "chunk 0 has 5 bytes"},
		{"blob bytes changed", func(tx *txn, _, blob chunkHead) error {
			b, _ := tx.chunkBucket()
			v := []byte(string(b.Get(chunkKey(blob.set, 2))))
			v[len(v)-1] ^= 1
			return b.Put(chunkKey(blob.set, 2), v)
		}, "its bytes hash to"},
		{"chunk of no record", func(tx *txn, _, _ chunkHead) error {
			b, _ := tx.chunkBucket()
			return b.Put(chunkKey(99, 0), []byte("stray"))
		}, "a chunk of no record"},
		{"text head bad", func(tx *txn, text, _ chunkHead) error {
			text.count = 2
			return tx.tx.Bucket([]byte(bTextChunks)).Put([]byte("big"), encodeChunkHead(text))
		}, "2 chunks for"},
		{"extra chunk in a set", func(tx *txn, text, _ chunkHead) error {
			b, _ := tx.chunkBucket()
			return b.Put(chunkKey(text.set, text.count), []byte("extra"))
		}, "beyond the 3 chunks of its set"},
		{"chunk key cut", func(tx *txn, _, _ chunkHead) error {
			b, _ := tx.chunkBucket()
			return b.Put([]byte{0, 0, 1}, []byte("x"))
		}, "000001: key of 3 bytes"},
		{"two texts share a set", func(tx *txn, text, _ chunkHead) error {
			return tx.tx.Bucket([]byte(bTextChunks)).Put([]byte("other"), encodeChunkHead(text))
		}, `textchunks "other": set 1 is textchunks "big"'s too`},
		{"text length off", func(tx *txn, text, _ chunkHead) error {
			text.length--
			return tx.tx.Bucket([]byte(bTextChunks)).Put([]byte("big"), encodeChunkHead(text))
		}, "bytes, not"},
	} {
		s, text, blob := chunkedStore(t)
		if err := s.update(func(tx *txn) error { return tc.damage(tx, text, blob) }); err != nil {
			t.Fatal(err)
		}
		problems, err := s.Check()
		if err != nil || !strings.Contains(strings.Join(problems, "\n"), tc.want) {
			t.Errorf("%s: problems %q (%v), want %q", tc.name, problems, err, tc.want)
		}
		dst := filepath.Join(t.TempDir(), "recovered.db")
		rep, err := Recover(s.path, dst)
		if err != nil {
			t.Fatalf("%s: recover: %v", tc.name, err)
		}
		r := openAt(t, dst, newClock(t0))
		assertConsistent(t, r)
		if strings.Contains(tc.name, "extra") || strings.Contains(tc.name, "share") {
			assertNoStrayChunks(t, r)
		}
		if tc.name == "chunk of no record" {
			if text, _ := r.DeckText("big"); len(text) != 2*chunkSize+100 || len(rep.Lost) != 0 {
				t.Errorf("%s: recovered text of %d bytes, lost %q", tc.name, len(text), rep.Lost)
			}
		}
	}
}

// A new set never reuses the id of one recovered.
func TestRecoverKeepsChunkSequence(t *testing.T) {
	s, _, blob := chunkedStore(t)
	dst := filepath.Join(t.TempDir(), "recovered.db")
	if _, err := Recover(s.path, dst); err != nil {
		t.Fatal(err)
	}
	r := openAt(t, dst, newClock(t0))
	err := r.update(func(tx *txn) error {
		w, err := tx.newChunkWriter()
		if err == nil && w.head.set <= blob.set {
			t.Errorf("new set %d after recovered set %d", w.head.set, blob.set)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
}

// stalled gives nothing, and no error, for ever.
type stalled struct{}

func (stalled) Read([]byte) (int, error) { return 0, nil }

// A reader that stalls is an error, not a hang.
func TestPutChunksStalledReader(t *testing.T) {
	s := testStore(t, newClock(t0))
	err := s.update(func(tx *txn) error {
		_, err := tx.putChunks(stalled{})
		return err
	})
	if !errors.Is(err, io.ErrNoProgress) {
		t.Fatalf("stalled reader: %v", err)
	}
}

// A large import whose text takes pieces of its own, stopped between
// them, leaves no chunk behind; run again, it stores the text whole.
func TestImportStoppedInItsTextLeavesNoChunk(t *testing.T) {
	s := testStore(t, newClock(t0))
	it := importItem(testDeck("big", 40, "a"))
	it.Text = []byte(strings.Repeat("y", 5*chunkSize+3)) // two pieces of text
	want := snapshot(t, s)
	ctx, cancel := context.WithCancel(context.Background())
	smallPieces(s, func(n int) {
		if n == 8 { // begin, 6 pieces of cards (40/7), the first of the text
			cancel()
			staged := 0
			_ = s.view(func(tx *txn) error {
				b, _ := tx.chunkBucket()
				staged = b.Stats().KeyN
				return nil
			})
			if staged != chunksPerPiece {
				t.Errorf("%d chunks staged by the first piece, want %d", staged, chunksPerPiece)
			}
		}
	})
	if _, err := s.ImportContext(ctx, []ImportItem{it}, false); !errors.Is(err, context.Canceled) {
		t.Fatalf("stopped import: %v", err)
	}
	assertSameRecords(t, "stopped in its text", snapshot(t, s), want)
	assertConsistent(t, s)
	s.pieces.afterPiece = nil
	if _, err := s.ImportContext(context.Background(), []ImportItem{it}, false); err != nil {
		t.Fatal(err)
	}
	if text, err := s.DeckText("big"); err != nil || !bytes.Equal(text, it.Text) {
		t.Errorf("text of %d bytes, want %d: %v", len(text), len(it.Text), err)
	}
	assertConsistent(t, s)
}

// assertNoStrayChunks: every chunk belongs to one head, within its count.
func assertNoStrayChunks(t *testing.T, s *Store) {
	t.Helper()
	err := s.view(func(tx *txn) error {
		sets, shared, err := tx.chunkSets()
		if err != nil || len(shared) > 0 {
			t.Errorf("%d shared sets (%v)", len(shared), err)
			return err
		}
		b, err := tx.chunkBucket()
		if err != nil {
			return err
		}
		return b.ForEach(func(k, _ []byte) error {
			use, ok := sets[binary.BigEndian.Uint64(k)]
			if !ok || binary.BigEndian.Uint32(k[8:]) >= use.count {
				t.Errorf("stray chunk %x", k)
			}
			return nil
		})
	})
	if err != nil {
		t.Fatal(err)
	}
}

// A file that lost a bucket of chunks says so, in check and to a reader.
func TestChunkBucketMissing(t *testing.T) {
	for _, name := range []string{bTextChunks, bChunks} {
		s, _, _ := chunkedStore(t)
		if err := s.update(func(tx *txn) error { return tx.tx.DeleteBucket([]byte(name)) }); err != nil {
			t.Fatal(err)
		}
		want := "bucket " + name + " is missing"
		problems, err := s.Check()
		if err != nil || !strings.Contains(strings.Join(problems, "\n"), want) {
			t.Errorf("%s: check %q, %v", name, problems, err)
		}
		if _, err := s.DeckText("big"); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: DeckText: %v", name, err)
		}
	}
}
