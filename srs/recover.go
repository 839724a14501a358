package srs

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"

	"github.com/hone-srs/hone/deck"
	bolt "go.etcd.io/bbolt"
)

// RecoverReport says what Recover kept and what it could not.
type RecoverReport struct {
	Kept  map[string]int // records copied, by bucket
	Lost  []string       // one line per loss
	Fixed int            // cards whose stored state differed from the log's
}

// copied are the buckets whose records are copied as they are; the rest
// (indexes, counters, day totals) are rebuilt from them and the log.
var copied = map[string]func([]byte) error{
	bCards:      func(b []byte) error { _, err := decodeCard(b); return err },
	bContent:    func(b []byte) error { _, err := decodeContent(b); return err },
	bLog:        func(b []byte) error { _, err := decodeEntry(0, b); return err },
	bDecks:      func(b []byte) error { _, err := decodeDeck(b); return err },
	bSources:    func(b []byte) error { _, err := decodeSource(b); return err },
	bTexts:      func([]byte) error { return nil },
	bEvents:     validEvent,
	bBlobs:      validBlobRecord,
	bChunks:     validChunk,
	bTextChunks: validChunkHead,
	bDevices:    validDevice,
	bOrphans:    validOrphan,
}

// lostContent stands in for a card whose text could not be read; importing
// its deck again puts the text back and keeps the card's history.
const lostContent = "(this card's text was lost when its database was recovered; import its deck again to restore it)"

// Recover copies every record of the database at src that can still be
// read into a new database at dst, replays the log to rebuild every card's
// state, the indexes and the counters, and reports what was lost. src is
// only read, and need not open; dst must not exist, and appears only once
// it is complete and checks clean.
func Recover(src, dst string) (RecoverReport, error) {
	rep := RecoverReport{Kept: map[string]int{}}
	if _, err := os.Lstat(dst); !errors.Is(err, fs.ErrNotExist) {
		return rep, fmt.Errorf("recover to %.64q: %w: it exists; name a new file", dst, ErrBackupTarget)
	}
	f, err := os.Open(src)
	if err != nil {
		return rep, fmt.Errorf("recover %s: %w", src, err)
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil || !fi.Mode().IsRegular() {
		return rep, fmt.Errorf("recover %s: not a regular file", src)
	}
	sv, err := salvageFile(f, fi.Size())
	if err != nil {
		return rep, fmt.Errorf("recover %s: %w", src, err)
	}
	rep.Lost = append(rep.Lost, sv.lost...)
	if string(sv.buckets[bMeta][metaMagicKey]) != metaMagic && len(sv.buckets[bCards]) == 0 {
		return rep, fmt.Errorf("recover %s: %w: no hone records can be read from it", src, ErrNotHone)
	}
	tmp, err := os.CreateTemp(filepath.Dir(dst), "."+filepath.Base(dst)+".recover-*")
	if err != nil {
		return rep, fmt.Errorf("recover to %.64q: %w", dst, err)
	}
	tmp.Close()
	defer os.Remove(tmp.Name())
	if err := rebuild(tmp.Name(), sv, &rep); err != nil {
		return rep, fmt.Errorf("recover to %.64q: %w", dst, err)
	}
	if err := verifyCopy(tmp.Name()); err != nil {
		return rep, fmt.Errorf("recover to %.64q: %w", dst, err)
	}
	if err := os.Link(tmp.Name(), dst); err != nil {
		return rep, fmt.Errorf("recover to %.64q: %w", dst, err)
	}
	return rep, syncDir(filepath.Dir(dst))
}

// rebuild writes the salvaged records to a new database at path, then
// rebuilds what derives from them.
func rebuild(path string, sv *salvage, rep *RecoverReport) error {
	db, err := bolt.Open(path, 0o600, &bolt.Options{Timeout: 0})
	if err != nil {
		return err
	}
	err = db.Update(func(tx *bolt.Tx) error {
		if err := migrate(tx, 0); err != nil {
			return err
		}
		// The scheduler in force, so that the log replays as it did.
		if raw := sv.buckets[bMeta][metaSchedulerKey]; raw != nil {
			if _, err := decodeSettings(raw); err != nil {
				rep.Lost = append(rep.Lost, "the scheduler setting did not decode; SM-2 is in force")
			} else if err := tx.Bucket([]byte(bMeta)).Put([]byte(metaSchedulerKey), raw); err != nil {
				return err
			}
		}
		for _, name := range slices.Sorted(maps.Keys(copied)) {
			if err := copyRecords(tx, name, sv.buckets[name], rep); err != nil {
				return err
			}
		}
		if err := copyUndo(tx, sv.buckets[bImport], rep); err != nil {
			return err
		}
		t, err := newTxn(tx)
		if err != nil {
			return err
		}
		if err := t.dropBrokenChunks(rep); err != nil {
			return err
		}
		if err := t.rederiveSync(sv.buckets[bMeta]); err != nil {
			return err
		}
		if err := t.keepPendingDecks(sv.buckets[bMeta], rep); err != nil {
			return err
		}
		if err := t.rederive(rep); err != nil {
			return err
		}
		if err := t.flush(); err != nil {
			return err
		}
		return t.rebuildCounters()
	})
	if cerr := db.Close(); err == nil {
		err = cerr
	}
	return err
}

func copyRecords(tx *bolt.Tx, name string, records map[string][]byte, rep *RecoverReport) error {
	b := tx.Bucket([]byte(name))
	valid := copied[name]
	bad := 0
	var maxSeq uint64
	for _, k := range slices.Sorted(maps.Keys(records)) {
		if name == bCards {
			records[k] = upgradeCardRecord(records[k]) // a card of an older schema
		}
		if valid(records[k]) != nil || (name == bLog && len(k) != 8) {
			bad++
			continue
		}
		if err := b.Put([]byte(k), records[k]); err != nil {
			return err
		}
		rep.Kept[name]++
		if name == bLog {
			maxSeq = max(maxSeq, binary.BigEndian.Uint64([]byte(k)))
		}
	}
	if bad > 0 {
		rep.Lost = append(rep.Lost, fmt.Sprintf("%s: %d records did not decode and are lost", name, bad))
	}
	if name == bLog {
		if gap := int(maxSeq) - rep.Kept[bLog]; gap > 0 {
			rep.Lost = append(rep.Lost, fmt.Sprintf("log: %d of its %d entries are missing; the cards they moved are scheduled as if they had never been given", gap, maxSeq))
		}
		return b.SetSequence(maxSeq) // the next answer must not reuse a key
	}
	return nil
}

// copyUndo copies the undo bucket of a large import under way, if any:
// the import stays under way, with the cards, entries and chunks it had
// written, and the recovered database's first Open rolls it back, as it
// would have rolled back the original (import_undo.go). Without it, the
// decks the import had taken out of sight would stay out of sight, and
// the half of it that was written would stay.
func copyUndo(tx *bolt.Tx, records map[string][]byte, rep *RecoverReport) error {
	if len(records) == 0 {
		return nil
	}
	b, err := tx.CreateBucket([]byte(bImport))
	if err != nil {
		return err
	}
	bad := 0
	for _, k := range slices.Sorted(maps.Keys(records)) {
		if validUndo([]byte(k), records[k]) != nil {
			bad++
			continue
		}
		if err := b.Put([]byte(k), records[k]); err != nil {
			return err
		}
		rep.Kept[bImport]++
	}
	if bad > 0 {
		rep.Lost = append(rep.Lost, fmt.Sprintf("%s: %d records of the import under way did not decode and are lost; what they kept of the cards and decks before it stays as the import left it", bImport, bad))
	}
	return nil
}

// validUndo checks a record of the undo bucket as the rollback reads it,
// so that a damaged one cannot stop the recovered database from opening.
func validUndo(k, v []byte) error {
	if len(k) == 0 {
		return errors.New("empty key")
	}
	switch k[0] {
	case 'l':
		if len(k) != 9 || len(v) != 8 || binary.BigEndian.Uint64(v) < binary.BigEndian.Uint64(k[1:]) {
			return errors.New("bad log range")
		}
	case 's':
		if len(k) != 9 {
			return errors.New("bad chunk set")
		}
	case 'd':
		if len(v) == 0 || v[0] != 'o' {
			return nil
		}
		_, err := decodeDeck(v[1:])
		return err
	case 'c':
		if len(v) == 0 || v[0] == '-' {
			return nil
		}
		n, w := binary.Uvarint(v[1:])
		if v[0] != 'o' || w <= 0 || n > uint64(len(v)-1-w) {
			return errors.New("bad card")
		}
		_, err := decodeCard(v[1+w : 1+w+int(n)])
		return err
	}
	return nil
}

// rederive sets every card's state to what the log replays to, and
// rebuilds the indexes, the deck counters and the day totals.
func (t *txn) rederive(rep *RecoverReport) error {
	states, days, err := t.replay()
	if err != nil {
		return err
	}
	last, decks, err := t.liveEntries()
	if err != nil {
		return err
	}
	cards := map[string]cardRec{}
	c := t.cards.Cursor()
	for k, v := c.First(); k != nil; k, v = c.Next() {
		r, err := decodeCard(v)
		if err != nil {
			return err
		}
		cards[string(k)] = r
	}
	if err := t.keepOrphans(cards, decks); err != nil {
		return err
	}
	// A card whose record is lost but whose answers are in the log comes
	// back from the log, its text lost: importing its deck again restores
	// the text and keeps the history.
	for id, deckName := range decks {
		if _, ok := cards[id]; !ok {
			cards[id] = cardRec{Deck: deckName, Ordinal: 1 << 31, State: NewCardState()}
			rep.Lost = append(rep.Lost, fmt.Sprintf("card %.64q of deck %.64q: its record is lost; rebuilt from the log", id, deckName))
		}
	}
	dc := t.decks.Cursor()
	for k, _ := dc.First(); k != nil; k, _ = dc.Next() {
		d, err := t.deck(string(k))
		if err != nil {
			return err
		}
		d.Cards, d.New, d.Retired, d.NewSuspended, d.NewSiblings = 0, 0, 0, 0, 0 // counted afresh from the cards
	}
	for _, id := range slices.Sorted(maps.Keys(cards)) {
		st, ok := states[id]
		if !ok {
			st = NewCardState() // only undone answers: as if never answered
		}
		if err := t.rederiveCard(id, cards[id], st, last[id], rep); err != nil {
			return err
		}
	}
	for d, dc := range days {
		if err := t.days.Put(dayKey(d), encodeDay(*dc)); err != nil {
			return err
		}
	}
	return nil
}

func (t *txn) rederiveCard(id string, r cardRec, st CardState, last uint64, rep *RecoverReport) error {
	if r.State != st {
		rep.Fixed++
	}
	r.State, r.LastSeq = st, last
	if t.content.Get([]byte(id)) == nil {
		rep.Lost = append(rep.Lost, fmt.Sprintf("card %.64q of deck %.64q: its text is lost; import the deck again to restore it", id, r.Deck))
		if err := t.content.Put([]byte(id), encodeContent(deck.Card{ID: id, Deck: r.Deck, Topic: r.Topic, Front: lostContent})); err != nil {
			return err
		}
	}
	d, err := t.deck(r.Deck)
	if err != nil {
		return err
	}
	if r.Retired {
		d.Retired++
	} else {
		d.Cards++
	}
	if err := t.members.Put(memberKey(r.Deck, id), nil); err != nil {
		return err
	}
	if err := t.setNote(id, "", r.Note); err != nil {
		return err
	}
	if err := t.index(id, &r); err != nil {
		return err
	}
	return t.putCard(id, &r)
}

// liveEntries returns each card's latest live log entry and the deck the
// log last saw it in, and fills the undone index.
func (t *txn) liveEntries() (map[string]uint64, map[string]string, error) {
	undone := map[uint64]uint64{}
	err := t.forEachEntry(func(e Entry) error {
		if e.Kind == Undo && e.Undoes != 0 {
			undone[e.Undoes] = e.Seq
			return t.undone.Put(seqKey(e.Undoes), seqKey(e.Seq))
		}
		return nil
	})
	if err != nil {
		return nil, nil, err
	}
	last, decks := map[string]uint64{}, map[string]string{}
	err = t.forEachEntry(func(e Entry) error {
		decks[e.CardID] = e.Deck
		if _, gone := undone[e.Seq]; e.Kind != Undo && !gone {
			last[e.CardID] = max(last[e.CardID], e.Seq)
		}
		return nil
	})
	return last, decks, err
}
