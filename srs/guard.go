package srs

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"os"
	"strings"

	bolt "go.etcd.io/bbolt"
)

// guardWrite runs before every write, holding the file's lock: a file that
// fails the cheap look at its structure (the meta pages, the root, the
// freelist) is refused and never written to. Imports, backups and
// migrations have walked the whole file before (checkBeforeCopy). It
// returns the file's size, which a failed write goes back to.
func (s *Store) guardWrite() (int64, error) {
	fi, err := os.Stat(s.path)
	if err != nil {
		return 0, fmt.Errorf("open database %s: %w", s.path, err)
	}
	problems, err := checkStructure(s.path, false)
	if err != nil {
		return 0, fmt.Errorf("check database %s: %w", s.path, err)
	}
	if len(problems) > 0 {
		return 0, s.damagedFile(problems)
	}
	return fi.Size(), nil
}

// damagedFile is the one-line refusal of a file with structural problems.
func (s *Store) damagedFile(problems []string) error {
	more := ""
	if n := len(problems) - 1; n > 0 {
		more = fmt.Sprintf(" and %d more", n)
	}
	return &fileError{kind: ErrDamaged, msg: fmt.Sprintf(
		"database %s is damaged (%s%s), so hone will not write to it; hone check lists the damage, and hone recover NEW.db saves what can be read",
		s.path, strings.TrimSuffix(problems[0], "."), more)}
}

// restoreSize takes a file that a failed write grew (bbolt grows it before
// it writes the pages, so a full disk leaves it longer) back to size. It
// runs under the write lock, and never cuts a page that a meta page on disk
// points at: were the commit's meta page written after all, its pages stay.
func (s *Store) restoreSize(size int64) {
	f, err := os.OpenFile(s.path, os.O_RDWR, 0)
	if err != nil {
		return
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil || fi.Size() <= size {
		return
	}
	for _, m := range readMetas(f, fi.Size()) {
		if m.err == "" {
			size = max(size, int64(m.high)*int64(m.pageSize))
		}
	}
	if size < fi.Size() && f.Truncate(size) == nil {
		_ = f.Sync()
	}
}

// checkBeforeCopy is the full check an import and a backup run before they
// write: the walk of every page, then every record decoded (damage in
// hone's sense). It holds only the shared lock, so `hone due` and other
// readers go on meanwhile. The comparison of states with a replay of the
// log finds drift, not damage, and is left to `hone check`.
func (s *Store) checkBeforeCopy() error {
	problems, err := s.checkStructureLocked(true)
	if err != nil {
		return err
	}
	if len(problems) > 0 {
		return s.damagedFile(problems)
	}
	chk := &checker{}
	if err := s.view(func(t *txn) error { t.decodeAll(chk); return nil }); err != nil {
		return err
	}
	if chk.damaged {
		return s.damagedFile(chk.problems)
	}
	return nil
}

// decodeAll decodes every record of every bucket that holds records, and
// checks the shape of every index key: what no hone writes is damage.
func (t *txn) decodeAll(chk *checker) {
	tally := historyTally{}
	decoders := []struct {
		name   string
		b      *bolt.Bucket
		decode func(k, v []byte) error
	}{
		{bCards, t.cards, func(_, v []byte) error { _, err := decodeCard(v); return err }},
		{bContent, t.content, func(_, v []byte) error { _, err := decodeContent(v); return err }},
		{bDecks, t.decks, func(_, v []byte) error { _, err := decodeDeck(v); return err }},
		{bSources, t.sources, func(_, v []byte) error { _, err := decodeSource(v); return err }},
		{bDays, t.days, func(k, v []byte) error { _, err := decodeDay(v); return keyLen(k, 4, 4, err) }},
		{bLog, t.log, func(k, v []byte) error {
			if len(k) != 8 {
				return keyLen(k, 8, 8, nil)
			}
			e, err := decodeEntry(binary.BigEndian.Uint64(k), v)
			if err == nil {
				tally.add(e.CardID, e.Seq)
			}
			return err
		}},
		{bDue, t.due, func(k, v []byte) error { _, _, err := decodeDueRef(v); return keyLen(k, 5, 1<<16, err) }},
		{bTopics, t.topics, func(k, v []byte) error { return validTopic(k, v) }},
		{bTopicDays, t.topicDays, func(k, v []byte) error { return validTopicDay(k, v) }},
		{bUndone, t.undone, func(k, _ []byte) error { return keyLen(k, 8, 8, nil) }},
	}
	for _, d := range decoders {
		c := d.b.Cursor()
		for k, v := c.First(); k != nil; k, v = c.Next() {
			if err := d.decode(k, v); err != nil {
				chk.damage("%s %.64q: %v", d.name, k, err)
			}
		}
	}
	// What hone check also counts as damage: a card without its text, a
	// deck index key without its separator, a scheduler setting that does
	// not decode.
	c := t.cards.Cursor()
	for k, _ := c.First(); k != nil; k, _ = c.Next() {
		if t.content.Get(k) == nil {
			chk.damage("card %.64q: its content is missing", k)
		}
	}
	for _, b := range []*bolt.Bucket{t.new, t.members} {
		c := b.Cursor()
		for k, _ := c.First(); k != nil; k, _ = c.Next() {
			if i := bytes.IndexByte(k, 0); i < 0 || (b == t.new && len(k) < i+5) {
				chk.damage("deck index: bad key %.64x", k)
			}
		}
	}
	if _, err := t.scheduler(); err != nil {
		chk.damage("scheduler setting: %v", err)
	}
	t.decodeSync(chk, tally)
}

func keyLen(k []byte, lo, hi int, err error) error {
	if len(k) < lo || len(k) > hi {
		return fmt.Errorf("key of %d bytes", len(k))
	}
	return err
}
