//go:build linux

package srs

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"strings"
	"testing"
)

// dropMapped takes the database's pages out of the process's resident
// memory, and what the transaction reads afterwards is unchanged.
func TestDropMappedLetsGoOfReadPages(t *testing.T) {
	s := testStore(t, newClock(t0))
	d := testDeck("big", 3000)
	for i := range d.Cards {
		d.Cards[i].Back = strings.Repeat(fmt.Sprintf("back %d ", i), 300)
	}
	mustSync(t, s, d)
	err := s.view(func(tx *txn) error {
		want := map[string]string{}
		readAll := func() {
			_ = tx.content.ForEach(func(k, v []byte) error {
				if old, ok := want[string(k)]; ok && old != string(v) {
					t.Errorf("content of %q changed after dropMapped", k)
				}
				want[string(k)] = string(v)
				return nil
			})
		}
		readAll()
		before := mappedRSS(t, s.Path())
		dropMapped(tx.tx)
		after := mappedRSS(t, s.Path())
		if before < 4<<20 || after > before/8 {
			t.Errorf("resident pages of the database: %d KB before, %d KB after dropMapped", before>>10, after>>10)
		}
		readAll()
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// mappedRSS is how much of the file at path this process has resident
// through its mappings (/proc/self/smaps).
func mappedRSS(t *testing.T, path string) int {
	t.Helper()
	f, err := os.Open("/proc/self/smaps")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	total, in := 0, false
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		fields := strings.Fields(line)
		if len(fields) >= 5 && strings.Contains(fields[0], "-") && !strings.HasSuffix(fields[0], ":") {
			in = strings.HasSuffix(line, path)
			continue
		}
		var kb int
		if in && strings.HasPrefix(line, "Rss:") {
			if _, err := fmt.Sscanf(line, "Rss: %d kB", &kb); err == nil {
				total += kb << 10
			}
		}
	}
	return total
}

// Reading a stored blob to its end does not keep its pages resident: a
// 98 MB blob kept the push of a 100k-card deck at 120 MB.
func TestBlobReadingLetsGoOfItsPages(t *testing.T) {
	s := testStore(t, newClock(t0))
	var hash string
	blob := strings.Repeat("0123456789abcdef", 2<<20) // 32 MB
	err := s.update(func(tx *txn) error {
		h, err := tx.putChunks(strings.NewReader(blob))
		if err == nil {
			hash = h.sum
			_, err = tx.putBlobHead(h)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	err = s.view(func(tx *txn) error {
		dropMapped(tx.tx)
		r, err := tx.blobReader(hash)
		if err != nil {
			return err
		}
		n, err := io.Copy(io.Discard, r)
		if err != nil || n != int64(len(blob)) {
			t.Errorf("read %d bytes (%v), want %d", n, err, len(blob))
		}
		if rss := mappedRSS(t, s.Path()); rss > 12<<20 {
			t.Errorf("%d KB of the database resident after reading a %d KB blob", rss>>10, len(blob)>>10)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
