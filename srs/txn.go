package srs

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"maps"
	"slices"
	"time"

	"github.com/hone-srs/hone/deck"
	bolt "go.etcd.io/bbolt"
)

// txn is one transaction with its buckets, plus the deck and day records it
// changed, written once at the end instead of after every card.
type txn struct {
	tx                                     *bolt.Tx
	cards, content, due, new, members, log *bolt.Bucket
	undone, days, decks, sources, texts    *bolt.Bucket
	meta, notes, buried                    *bolt.Bucket
	topics, topicDays                      *bolt.Bucket
	deckCache                              map[string]*deckRec
	dayCache                               map[Day]*DayCounts
	topicCache                             map[topicKey]*topicRec
	windowCache                            map[dayTopic]*windowRec
	sched                                  Scheduler // the scheduler in force, once read
	dayStart                               DayStart  // when a day begins
	sy                                     *syncState
	path                                   string              // the file, for checkHome
	homeChecked                            bool                // checkHome ran
	now                                    func() time.Time    // the store's clock
	leech                                  int                 // lapses that make a leech; 0: never
	beforeBlobFile                         func(writable bool) // tests: see Store
	deferDecks                             int                 // sync: received decks of this many cards go in pieces; 0: none
}

func newTxn(tx *bolt.Tx) (*txn, error) {
	t := &txn{tx: tx, deckCache: map[string]*deckRec{}, dayCache: map[Day]*DayCounts{},
		topicCache: map[topicKey]*topicRec{}, windowCache: map[dayTopic]*windowRec{}}
	for name, dst := range map[string]**bolt.Bucket{
		bCards: &t.cards, bContent: &t.content, bDue: &t.due, bNew: &t.new, bMembers: &t.members,
		bLog: &t.log, bUndone: &t.undone, bDays: &t.days, bDecks: &t.decks, bSources: &t.sources, bTexts: &t.texts,
		bMeta: &t.meta, bNotes: &t.notes, bBuried: &t.buried, bTopics: &t.topics, bTopicDays: &t.topicDays,
	} {
		if *dst = tx.Bucket([]byte(name)); *dst == nil {
			return nil, &damagedRecord{what: "database", msg: "bucket " + name + " is missing"}
		}
	}
	// The log is append-only: pages split at bbolt's default half-full
	// would stay half empty for good.
	t.log.FillPercent = 0.9
	return t, nil
}

// --- keys ---

// dayKey flips the sign bit so that big-endian byte order is numeric order
// for negative days too (a clock set before 1970 must not sort last).
func dayKey(d Day) []byte { return binary.BigEndian.AppendUint32(nil, uint32(d)^0x8000_0000) }

func keyDay(k []byte) (Day, bool) {
	if len(k) < 4 {
		return 0, false
	}
	return Day(int32(binary.BigEndian.Uint32(k) ^ 0x8000_0000)), true
}

func dueKey(d Day, id string) []byte { return append(dayKey(d), id...) }

func newPrefix(deckName string) []byte { return append([]byte(deckName), 0) }

func newKey(deckName string, ord uint32, id string) []byte {
	return append(binary.BigEndian.AppendUint32(newPrefix(deckName), ord), id...)
}

func memberKey(deckName, id string) []byte { return append(newPrefix(deckName), id...) }

func seqKey(seq uint64) []byte { return binary.BigEndian.AppendUint64(nil, seq) }

// --- records ---

func (t *txn) card(id string) (*cardRec, error) {
	raw := t.cards.Get([]byte(id))
	if raw == nil {
		return nil, nil
	}
	r, err := decodeCard(raw)
	if err != nil {
		return nil, fmt.Errorf("card %.64q: %w", id, err)
	}
	return &r, nil
}

func (t *txn) cardContent(id string) (deck.Card, error) {
	raw := t.content.Get([]byte(id))
	if raw == nil {
		return deck.Card{}, &damagedRecord{what: "card content", msg: fmt.Sprintf("missing for card %.64q", id)}
	}
	c, err := decodeContent(raw)
	if err != nil {
		return c, fmt.Errorf("card %.64q: %w", id, err)
	}
	return c, nil
}

func (t *txn) entry(seq uint64) (*Entry, error) {
	raw := t.log.Get(seqKey(seq))
	if raw == nil {
		return nil, nil
	}
	e, err := t.decodeLogEntry(seq, raw)
	if err != nil {
		return nil, err
	}
	return &e, nil
}

// deck returns the cached record of a deck, read on first use; a deck with
// no record yet starts empty.
func (t *txn) deck(name string) (*deckRec, error) {
	if r, ok := t.deckCache[name]; ok {
		return r, nil
	}
	r := &deckRec{}
	if raw := t.decks.Get([]byte(name)); raw != nil {
		d, err := decodeDeck(raw)
		if err != nil {
			return nil, fmt.Errorf("deck %.64q: %w", name, err)
		}
		*r = d
	}
	t.deckCache[name] = r
	return r, nil
}

func (t *txn) day(d Day) (*DayCounts, error) {
	if c, ok := t.dayCache[d]; ok {
		return c, nil
	}
	c := &DayCounts{}
	if raw := t.days.Get(dayKey(d)); raw != nil {
		v, err := decodeDay(raw)
		if err != nil {
			return nil, fmt.Errorf("day %s: %w", d, err)
		}
		*c = v
	}
	t.dayCache[d] = c
	return c, nil
}

// flush writes the deck and day records that this transaction touched; a
// day left with nothing loses its record. Read-only transactions never
// call it.
func (t *txn) flush() error {
	for _, name := range slices.Sorted(maps.Keys(t.deckCache)) {
		if err := t.decks.Put([]byte(name), encodeDeck(*t.deckCache[name])); err != nil {
			return fmt.Errorf("write deck %.64q: %w", name, err)
		}
	}
	for _, d := range slices.Sorted(maps.Keys(t.dayCache)) {
		if err := putOrDelete(t.days, dayKey(d), t.dayCache[d].empty(), encodeDay(*t.dayCache[d])); err != nil {
			return fmt.Errorf("write day %s: %w", d, err)
		}
	}
	if err := t.flushCounters(); err != nil {
		return err
	}
	return t.flushSync()
}

// --- indexes ---

// index puts an active card in the index its state calls for: the new pile
// (in deck order) or the due index. unindex is its inverse; every change of
// state goes unindex, change, index, which keeps indexes and counters exact.
func (t *txn) index(id string, r *cardRec) error {
	if r.Retired {
		return nil
	}
	if aside, err := t.indexMarks(id, r, true); aside || err != nil {
		return err
	}
	if !r.State.New {
		return t.due.Put(dueKey(r.State.Due, id), encodeDueRef(r))
	}
	d, err := t.deck(r.Deck)
	if err != nil {
		return err
	}
	d.New++
	if t.pileHasSibling(id, r) {
		d.NewSiblings++
	}
	return t.new.Put(newKey(r.Deck, r.Ordinal, id), []byte(r.Note))
}

func (t *txn) unindex(id string, r *cardRec) error {
	if r.Retired {
		return nil
	}
	if aside, err := t.indexMarks(id, r, false); aside || err != nil {
		return err
	}
	if !r.State.New {
		return t.due.Delete(dueKey(r.State.Due, id))
	}
	d, err := t.deck(r.Deck)
	if err != nil {
		return err
	}
	d.New = max(d.New-1, 0)
	if err := t.new.Delete(newKey(r.Deck, r.Ordinal, id)); err != nil {
		return err
	}
	if t.pileHasSibling(id, r) {
		d.NewSiblings = max(d.NewSiblings-1, 0)
	}
	return nil
}

// prefixKeys lists the keys of b that start with prefix, copied, so the
// caller may change b while going through them.
func prefixKeys(b *bolt.Bucket, prefix []byte) [][]byte {
	var keys [][]byte
	c := b.Cursor()
	for k, _ := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, _ = c.Next() {
		keys = append(keys, bytes.Clone(k))
	}
	return keys
}

func sortedKeys[V any](m map[string]V) []string { return slices.Sorted(maps.Keys(m)) }
