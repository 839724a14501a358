package srs

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"time"

	bolt "go.etcd.io/bbolt"
)

// errImportUnderWay: another hone's large import holds the import lock.
var errImportUnderWay = fmt.Errorf("%w: another hone is importing into it or syncing it; try again when that has finished", ErrInUse)

// saveCard keeps, the first time this import touches card id, what the
// card was: its record and content, or that it was not there.
func saveCard(t *txn, b *bolt.Bucket, id string) error {
	key := append([]byte("c"), id...)
	if b.Get(key) != nil {
		return nil
	}
	raw := t.cards.Get([]byte(id))
	if raw == nil {
		return b.Put(key, []byte("-"))
	}
	val := binary.AppendUvarint([]byte("o"), uint64(len(raw)))
	val = append(val, raw...)
	val = append(val, t.content.Get([]byte(id))...)
	return b.Put(key, val)
}

// saveDeck keeps what deck name's record was, the first time.
func saveDeck(t *txn, b *bolt.Bucket, name string) error {
	key := append([]byte("d"), name...)
	if b.Get(key) != nil {
		return nil
	}
	if t.decks.Get([]byte(name)) == nil {
		return b.Put(key, []byte("-"))
	}
	dr, err := t.deck(name)
	if err != nil {
		return err
	}
	return b.Put(key, append([]byte("o"), encodeDeck(*dr)...))
}

// savedDeck is the deck record saveDeck kept; false if there was none.
func savedDeck(b *bolt.Bucket, name string) (deckRec, bool, error) {
	val := b.Get(append([]byte("d"), name...))
	if len(val) == 0 || val[0] != 'o' {
		return deckRec{}, false, nil
	}
	r, err := decodeDeck(val[1:])
	if err != nil {
		return r, false, fmt.Errorf("saved deck %.64q: %w", name, err)
	}
	return r, true, nil
}

// settleImport makes sure no import is under way before another starts:
// an interrupted one is rolled back, a live one is an error.
func (s *Store) settleImport() error {
	var pending bool
	err := s.view(func(t *txn) error {
		pending = t.tx.Bucket([]byte(bImport)) != nil
		return nil
	})
	if err != nil || !pending {
		return err
	}
	return s.rollbackInterrupted(true)
}

// rollbackInterrupted rolls back an import whose hone is gone; one that
// is alive is left alone (an error if live is true).
func (s *Store) rollbackInterrupted(live bool) error {
	unlock, ok, err := lockImport(importLockPath(s.path))
	switch {
	case err != nil:
		return fmt.Errorf("roll back an interrupted import: %w", err)
	case !ok && live:
		return errImportUnderWay
	case !ok:
		return nil
	}
	defer unlock()
	if err := s.rollbackImport(); err != nil {
		return fmt.Errorf("roll back an interrupted import: %w", err)
	}
	return nil
}

// keepImportsOut holds the import lock shared for a writer that must not
// run between the pieces of a large import (sync, whose deck events would
// change cards the import saved for its rollback): an interrupted import
// is rolled back first, a live one is an error, and no large import
// starts until unlock. Two syncs share the lock and run side by side.
func (s *Store) keepImportsOut() (unlock func(), err error) {
	if !importLockWorks {
		return func() {}, nil
	}
	if err := s.settleImport(); err != nil {
		return nil, err
	}
	if err := s.settleStages(); err != nil {
		return nil, err
	}
	return s.takeImportLock(shareImportLock)
}

// holdImportLock takes the import lock of the database, or says that
// another hone's large import (or sync) holds it.
func (s *Store) holdImportLock() (unlock func(), err error) {
	return s.takeImportLock(lockImport)
}

// takeImportLock takes the import lock as take does, without waiting.
func (s *Store) takeImportLock(take func(string) (func(), bool, error)) (unlock func(), err error) {
	unlock, ok, err := take(importLockPath(s.path))
	switch {
	case err != nil:
		return nil, err
	case !ok:
		return nil, errImportUnderWay
	}
	return unlock, nil
}

// importLockPath is the file a large import holds locked while it runs.
func importLockPath(db string) string { return db + ".import-lock" }

// rollbackImport undoes the import in the undo bucket, in pieces, and
// deletes the bucket: the entries it logged first (import_undo_log.go),
// while the cards still have the records they were counted under, then
// the cards, then the decks. The caller holds the import lock.
func (s *Store) rollbackImport() error {
	for {
		done, err := s.rollbackStep()
		if err != nil || done {
			return err
		}
		time.Sleep(s.pieceSize().gap)
	}
}

// rollbackStep is one transaction of rollbackImport; true once the undo
// bucket is gone.
func (s *Store) rollbackStep() (done bool, err error) {
	sz := s.pieceSize()
	err = s.updateWith(access{write: true, wait: s.answerWait}, func(t *txn) error {
		b := t.tx.Bucket([]byte(bImport))
		if b == nil {
			done = true
			return nil
		}
		n, err := t.restoreEntries(b, sz.cards, sz.budget)
		if err != nil || n > 0 {
			return err
		}
		n, err = t.restoreCards(b, sz.cards, sz.budget)
		if err != nil || n > 0 {
			return err
		}
		done = true
		return t.restoreDecks(b)
	})
	return done && err == nil, err
}

// restoreCards puts back up to limit saved cards (or as many as budget
// allows) and forgets them; it returns how many.
func (t *txn) restoreCards(b *bolt.Bucket, limit int, budget time.Duration) (int, error) {
	var keys, vals [][]byte
	start := time.Now()
	c := b.Cursor()
	for k, v := c.Seek([]byte("c")); k != nil && k[0] == 'c' && len(keys) < limit; k, v = c.Next() {
		keys, vals = append(keys, bytes.Clone(k)), append(vals, bytes.Clone(v))
	}
	for i, k := range keys {
		if err := t.restoreCard(string(k[1:]), vals[i]); err != nil {
			return i, fmt.Errorf("card %.64q: %w", k[1:], err)
		}
		if err := b.Delete(k); err != nil {
			return i, err
		}
		if i%64 == 63 && time.Since(start) > budget {
			return i + 1, nil
		}
	}
	return len(keys), nil
}

// restoreCard gives card id back what the import owns of it (deck,
// position, topic, note, content, retired) as saved; its schedule, which
// answers own, stays. A card the import added goes.
func (t *txn) restoreCard(id string, saved []byte) error {
	cur, err := t.card(id)
	if err != nil {
		return err
	}
	if len(saved) == 0 || saved[0] == '-' {
		if cur == nil {
			return nil
		}
		return t.dropCard(id)
	}
	n, w := binary.Uvarint(saved[1:])
	if w <= 0 || n > uint64(len(saved)-1-w) {
		return &damagedRecord{what: "import undo", msg: fmt.Sprintf("card %.64q: bad length", id)}
	}
	raw, content := saved[1+w:1+w+int(n)], saved[1+w+int(n):]
	old, err := decodeCard(raw)
	if err != nil {
		return err
	}
	if cur == nil {
		cur = &old
	} else if err := t.detach(id, cur); err != nil {
		return err
	}
	if cur.Deck != old.Deck {
		if err := t.members.Delete(memberKey(cur.Deck, id)); err != nil {
			return err
		}
	}
	if err := t.members.Put(memberKey(old.Deck, id), nil); err != nil {
		return err
	}
	if err := t.setNote(id, cur.Note, old.Note); err != nil {
		return err
	}
	cur.Deck, cur.Ordinal, cur.Topic, cur.Hash, cur.Note, cur.Retired = old.Deck, old.Ordinal, old.Topic, old.Hash, old.Note, old.Retired
	if err := t.attach(id, cur); err != nil {
		return err
	}
	if err := t.content.Put([]byte(id), bytes.Clone(content)); err != nil {
		return err
	}
	return t.putCard(id, cur)
}

// attach is detach's inverse: the card joins its deck's counters and, if
// active, its indexes.
func (t *txn) attach(id string, r *cardRec) error {
	dr, err := t.deck(r.Deck)
	if err != nil {
		return err
	}
	if r.Retired {
		dr.Retired++
		return nil
	}
	dr.Cards++
	return t.index(id, r)
}

// dropCard deletes a card the import added, with its indexes, and the
// entries this store gave it while the import ran (a bury, as a sibling
// was answered between two pieces): sync was kept out, so no other store
// has them. Another device's entries (an orphan's) wait for it again.
func (t *txn) dropCard(id string) error {
	if err := t.dropOwnEntries(id); err != nil {
		return err
	}
	r, err := t.card(id) // its state is what the rest replay to
	if err != nil || r == nil {
		return err
	}
	if err := t.detach(id, r); err != nil {
		return err
	}
	if err := t.setNote(id, r.Note, ""); err != nil {
		return err
	}
	for _, del := range []struct {
		b   *bolt.Bucket
		key []byte
	}{{t.members, memberKey(r.Deck, id)}, {t.content, []byte(id)}} {
		if err := del.b.Delete(del.key); err != nil {
			return err
		}
	}
	return t.deleteCard(id)
}

// restoreDecks, once every card is back, gives the decks back the records
// they had (their counters now agree again), deletes the blobs and the
// chunk sets the import added, and ends the rollback.
func (t *txn) restoreDecks(b *bolt.Bucket) error {
	c := b.Cursor()
	for k, _ := c.Seek([]byte("b")); k != nil && k[0] == 'b'; k, _ = c.Next() {
		if err := t.deleteBlob(string(k[1:])); err != nil {
			return err
		}
	}
	for k, _ := c.Seek([]byte("s")); k != nil && k[0] == 's'; k, _ = c.Next() {
		if len(k) != 9 {
			return &damagedRecord{what: "import undo", msg: fmt.Sprintf("bad chunk set key %.64x", k)}
		}
		if err := t.deleteChunks(binary.BigEndian.Uint64(k[1:])); err != nil {
			return err
		}
	}
	for k, v := c.Seek([]byte("d")); k != nil && k[0] == 'd'; k, v = c.Next() {
		name := string(k[1:])
		dr, err := t.deck(name)
		if err != nil {
			return err
		}
		if len(v) > 0 && v[0] == 'o' {
			old, err := decodeDeck(v[1:])
			if err != nil {
				return fmt.Errorf("saved deck %.64q: %w", name, err)
			}
			dr.Description, dr.Source, dr.Hash, dr.Builtin, dr.SyncedAt = old.Description, old.Source, old.Hash, old.Builtin, old.SyncedAt
			dr.Topics = old.Topics
			continue
		}
		dr.Source, dr.Hash = "", ""
		if dr.Cards == 0 && dr.Retired == 0 {
			delete(t.deckCache, name)
			if err := t.decks.Delete([]byte(name)); err != nil {
				return err
			}
		}
	}
	return t.tx.DeleteBucket([]byte(bImport))
}
