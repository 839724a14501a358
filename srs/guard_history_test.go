package srs

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"
)

// A log entry whose card id lost a bit no longer matches its card's
// history: replay fails on that card, so the file is damaged, and the
// check before an import or a backup must say so and write nothing (a
// sweep of bit flips found one that went through).
func TestWritesRefuseAHistoryTheLogDoesNotMatch(t *testing.T) {
	for name, tamper := range map[string]func(tx *bolt.Tx) error{
		"entry moved to another card": func(tx *bolt.Tx) error {
			log := tx.Bucket([]byte(bLog))
			e, err := decodeEntry(2, log.Get(seqKey(2)))
			if err != nil {
				return err
			}
			e.CardID = "d-x"
			return log.Put(seqKey(2), encodeEntry(e))
		},
		"history lists another entry": func(tx *bolt.Tx) error {
			h := tx.Bucket([]byte(bHistory))
			return h.Put([]byte("d-1"), encodeHistory(historyRec{Seqs: []uint64{1}}))
		},
		"history gone": func(tx *bolt.Tx) error {
			return tx.Bucket([]byte(bHistory)).Delete([]byte("d-2"))
		},
	} {
		t.Run(name, func(t *testing.T) {
			clk := newClock(t0)
			path := filepath.Join(t.TempDir(), "hone.db")
			s := openAt(t, path, clk)
			mustSync(t, s, testDeck("d", 4))
			for i := range 3 {
				mustAnswer(t, s, "d-"+string(rune('0'+i)), Good, Review)
			}
			s.Close()
			db, err := bolt.Open(path, 0o600, &bolt.Options{Timeout: time.Second})
			if err != nil {
				t.Fatal(err)
			}
			if err := db.Update(tamper); err != nil {
				t.Fatal(err)
			}
			db.Close()
			before := fileSum(t, path)
			s = openAt(t, path, clk)
			if _, err := s.Import([]ImportItem{{Deck: testDeck("new", 2), Source: "/src/new.md", Text: []byte("x")}}, false); err == nil {
				t.Error("import wrote to the file")
			}
			if err := s.Backup(path+".bak", false); err == nil {
				t.Error("backup copied the file")
			}
			if _, err := os.Stat(path + ".bak"); err == nil {
				t.Error("a refused backup left its file")
			}
			s.Close()
			if fileSum(t, path) != before {
				t.Error("the file was written to")
			}
		})
	}
}
