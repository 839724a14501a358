package srs

import (
	"bytes"
	"fmt"
	"maps"
	"slices"

	bolt "go.etcd.io/bbolt"
)

// Per-topic counters, kept in the transaction of every change that moves
// them, so that the stats read O(topics + days) records instead of every
// card and the last month of log:
//
//   - topics: deck 0x00 topic → topicRec, from the card records: every
//     write of a card record goes through putCard, which hands the record
//     before and after to recount;
//   - topicdays: dayKey(day) deck 0x00 topic → windowRec, the live answers
//     of that day to the topic's cards (retired ones too), from the same
//     effects the day counters take (countEntry), so undo, sync's replays
//     and recover move both together.
//
// A card's answers count under its current topic: when a deck sync moves
// a card to another topic, or its record first appears (a sync brings a
// card after its answers), recount moves its answers by replaying it.
// hone check recomputes both from the cards and the log (checkCounters).

// Buckets added to schema v5 (before it was released).
const (
	bTopics    = "topics"    // deck 0x00 topic → topicRec
	bTopicDays = "topicdays" // dayKey(day) deck 0x00 topic → windowRec
)

// topicRec counts a topic's active cards.
type topicRec struct {
	Cards  int // active cards, suspended ones included
	Seen   int // of those, reviewed at least once
	Lapses int // the seen cards' lapses
}

// windowRec counts a topic's live answers on one day.
type windowRec struct {
	Answers     int // reviews, repeats and drills
	Right       int // of those, graded Hard or better
	Mature      int // schedule-setting reviews matureInterval days or more after the previous one
	MatureRight int // of those, not graded Again
}

func (k topicKey) bytes() []byte { return append(newPrefix(k.deck), k.topic...) }

func parseTopicKey(b []byte) (topicKey, bool) {
	i := bytes.IndexByte(b, 0)
	if i < 0 {
		return topicKey{}, false
	}
	return topicKey{string(b[:i]), string(b[i+1:])}, true
}

// dayTopic names one topic's answers on one day.
type dayTopic struct {
	day Day
	topicKey
}

func (k dayTopic) bytes() []byte { return append(dayKey(k.day), k.topicKey.bytes()...) }

func encodeTopic(r topicRec) []byte {
	var e enc
	e.byte(recV1)
	e.count(r.Cards)
	e.count(r.Seen)
	e.count(r.Lapses)
	return e.b
}

func decodeTopic(b []byte) (topicRec, error) {
	d := dec{what: "topic counters", b: b}
	d.version(recV1)
	r := topicRec{Cards: d.count(), Seen: d.count(), Lapses: d.count()}
	return r, d.done()
}

func encodeWindow(r windowRec) []byte {
	var e enc
	e.byte(recV1)
	e.count(r.Answers)
	e.count(r.Right)
	e.count(r.Mature)
	e.count(r.MatureRight)
	return e.b
}

func decodeWindow(b []byte) (windowRec, error) {
	d := dec{what: "topic day counters", b: b}
	d.version(recV1)
	r := windowRec{Answers: d.count(), Right: d.count(), Mature: d.count(), MatureRight: d.count()}
	return r, d.done()
}

// add counts a card's part in its topic's counters (sign 1) or takes it
// out (sign -1).
func (r *topicRec) add(c *cardRec, sign int) {
	r.Cards += sign
	if !c.State.New {
		r.Seen += sign
		r.Lapses += sign * max(c.State.Lapses, 0)
	}
}

// add counts one live entry's effect (sign 1) or takes it back (-1).
func (r *windowRec) add(e Entry, eff effect, sign int) {
	if eff.kind != Review && eff.kind != Repeat && eff.kind != Drill {
		return
	}
	r.Answers += sign
	if e.Quality.Correct() {
		r.Right += sign
	}
	if eff.kind == Review && eff.mature {
		r.Mature += sign
		if e.Quality > Again {
			r.MatureRight += sign
		}
	}
}

// putCard writes a card record, moving the counters from what the record
// was to what it is. It is the one place card records are written.
func (t *txn) putCard(id string, r *cardRec) error {
	old, err := t.card(id)
	if err != nil {
		return err
	}
	if err := t.recount(id, old, r); err != nil {
		return err
	}
	return t.cards.Put([]byte(id), encodeCard(*r))
}

// deleteCard takes a card's record out, and its part in the topic
// counters with it: only an import rolled back deletes a card, one it
// added, whose only answers (an orphan's, from another device) wait for
// it again, counted in their days alone.
func (t *txn) deleteCard(id string) error {
	old, err := t.card(id)
	if err != nil || old == nil {
		return err
	}
	if err := t.countCard(old, -1); err != nil {
		return err
	}
	if err := t.moveAnswers(id, old, nil); err != nil {
		return err
	}
	return t.cards.Delete([]byte(id))
}

// recount moves a card's part in the topic counters from record old (nil
// when it is new) to record r, and its answers with it when its topic
// changes.
func (t *txn) recount(id string, old, r *cardRec) error {
	if old != nil {
		if err := t.countCard(old, -1); err != nil {
			return err
		}
	}
	if err := t.countCard(r, 1); err != nil {
		return err
	}
	if old != nil && old.Deck == r.Deck && old.Topic == r.Topic {
		return nil
	}
	return t.moveAnswers(id, old, r)
}

// countCard adds an active card's part to its topic's counters (sign 1),
// or takes it out (-1); a retired card has none.
func (t *txn) countCard(r *cardRec, sign int) error {
	if r.Retired {
		return nil
	}
	tr, err := t.topicCounters(topicKey{r.Deck, r.Topic})
	if err != nil {
		return err
	}
	tr.add(r, sign)
	return nil
}

// moveAnswers moves card id's live answers from old's topic (none when old
// is nil) to r's (none when r is nil). A card without history costs one
// read.
func (t *txn) moveAnswers(id string, old, r *cardRec) error {
	tl, err := t.timeline(id)
	if err != nil || len(tl) == 0 {
		return err
	}
	sch, err := t.scheduler()
	if err != nil {
		return err
	}
	var derr error
	replayTimeline(sch, tl, func(e Entry) bool { return t.isUndone(e.Seq) }, func(e Entry, eff effect) {
		if old != nil {
			t.countWindow(e, eff, topicKey{old.Deck, old.Topic}, -1, &derr)
		}
		if r != nil {
			t.countWindow(e, eff, topicKey{r.Deck, r.Topic}, 1, &derr)
		}
	})
	return derr
}

// countEntry adds what a live entry of card r (nil when the card has no
// record yet) did to the day counters and the topic's answers (sign 1),
// or takes it back (-1).
func (t *txn) countEntry(e Entry, eff effect, r *cardRec, sign int) error {
	dc, err := t.day(e.Day)
	if err != nil {
		return err
	}
	dc.add(e, eff, sign)
	if r == nil {
		return nil
	}
	var werr error
	t.countWindow(e, eff, topicKey{r.Deck, r.Topic}, sign, &werr)
	return werr
}

func (t *txn) countWindow(e Entry, eff effect, k topicKey, sign int, err *error) {
	w, werr := t.window(dayTopic{e.Day, k})
	if werr != nil {
		if *err == nil {
			*err = werr
		}
		return
	}
	w.add(e, eff, sign)
}

// topicCounters returns a topic's cached counters, read on first use.
func (t *txn) topicCounters(k topicKey) (*topicRec, error) {
	if r, ok := t.topicCache[k]; ok {
		return r, nil
	}
	r := &topicRec{}
	if raw := t.topics.Get(k.bytes()); raw != nil {
		v, err := decodeTopic(raw)
		if err != nil {
			return nil, fmt.Errorf("topic %.64q of deck %.64q: %w", k.topic, k.deck, err)
		}
		*r = v
	}
	t.topicCache[k] = r
	return r, nil
}

// window returns one day's cached answers to a topic, read on first use.
func (t *txn) window(k dayTopic) (*windowRec, error) {
	if r, ok := t.windowCache[k]; ok {
		return r, nil
	}
	r := &windowRec{}
	if raw := t.topicDays.Get(k.bytes()); raw != nil {
		v, err := decodeWindow(raw)
		if err != nil {
			return nil, fmt.Errorf("topic %.64q of deck %.64q on %s: %w", k.topic, k.deck, k.day, err)
		}
		*r = v
	}
	t.windowCache[k] = r
	return r, nil
}

// flushCounters writes the counters this transaction changed; a topic or
// day left with nothing loses its record.
func (t *txn) flushCounters() error {
	for _, k := range slices.SortedFunc(maps.Keys(t.topicCache), cmpTopicKey) {
		if err := putOrDelete(t.topics, k.bytes(), *t.topicCache[k] == topicRec{}, encodeTopic(*t.topicCache[k])); err != nil {
			return fmt.Errorf("write topic %.64q of deck %.64q: %w", k.topic, k.deck, err)
		}
	}
	for _, k := range slices.SortedFunc(maps.Keys(t.windowCache), cmpDayTopic) {
		if err := putOrDelete(t.topicDays, k.bytes(), *t.windowCache[k] == windowRec{}, encodeWindow(*t.windowCache[k])); err != nil {
			return fmt.Errorf("write topic %.64q of deck %.64q on %s: %w", k.topic, k.deck, k.day, err)
		}
	}
	return nil
}

func putOrDelete(b *bolt.Bucket, k []byte, empty bool, v []byte) error {
	if empty {
		return b.Delete(k)
	}
	return b.Put(k, v)
}

func cmpTopicKey(a, b topicKey) int { return bytes.Compare(a.bytes(), b.bytes()) }
func cmpDayTopic(a, b dayTopic) int { return bytes.Compare(a.bytes(), b.bytes()) }

// validTopic and validTopicDay decode a counters record and its key.
func validTopic(k, v []byte) error {
	if _, ok := parseTopicKey(k); !ok {
		return fmt.Errorf("key without a separator")
	}
	_, err := decodeTopic(v)
	return err
}

func validTopicDay(k, v []byte) error {
	if len(k) < 5 {
		return fmt.Errorf("key of %d bytes", len(k))
	}
	if _, ok := parseTopicKey(k[4:]); !ok {
		return fmt.Errorf("key without a separator")
	}
	_, err := decodeWindow(v)
	return err
}
