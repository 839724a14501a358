package srs

import (
	"fmt"
	"maps"
	"slices"

	bolt "go.etcd.io/bbolt"
)

// expectedCounters computes the topic counters from every card record and
// the topic answers from every card's history: what the counters must
// hold. It costs the cards and the log (migration, recover, hone check).
func (t *txn) expectedCounters() (map[topicKey]topicRec, map[dayTopic]windowRec, error) {
	topics := map[topicKey]topicRec{}
	windows := map[dayTopic]windowRec{}
	sch, err := t.scheduler()
	if err != nil {
		return nil, nil, err
	}
	err = t.eachCard(func(id string, r *cardRec) error {
		k := topicKey{r.Deck, r.Topic}
		if !r.Retired {
			tr := topics[k]
			tr.add(r, 1)
			topics[k] = tr
		}
		tl, err := t.timeline(id)
		if err != nil {
			return err
		}
		replayTimeline(sch, tl, func(e Entry) bool { return t.isUndone(e.Seq) }, func(e Entry, eff effect) {
			dk := dayTopic{e.Day, k}
			w := windows[dk]
			w.add(e, eff, 1)
			windows[dk] = w
		})
		return nil
	})
	if err != nil {
		return nil, nil, err
	}
	maps.DeleteFunc(topics, func(_ topicKey, r topicRec) bool { return r == topicRec{} })
	maps.DeleteFunc(windows, func(_ dayTopic, r windowRec) bool { return r == windowRec{} })
	return topics, windows, nil
}

// rebuildCounters replaces the counters with what the cards and the log
// say, and gives the due index its values: migration and recover.
func (t *txn) rebuildCounters() error {
	if err := t.rewriteDueRefs(); err != nil {
		return err
	}
	topics, windows, err := t.expectedCounters()
	if err != nil {
		return err
	}
	for _, name := range []string{bTopics, bTopicDays} {
		if err := t.tx.DeleteBucket([]byte(name)); err != nil {
			return err
		}
		if _, err := t.tx.CreateBucket([]byte(name)); err != nil {
			return err
		}
	}
	t.topics, t.topicDays = t.tx.Bucket([]byte(bTopics)), t.tx.Bucket([]byte(bTopicDays))
	t.topicCache, t.windowCache = map[topicKey]*topicRec{}, map[dayTopic]*windowRec{}
	// In key order, into full pages: bbolt pays for keys put out of order.
	t.topics.FillPercent, t.topicDays.FillPercent = 1, 1
	for _, k := range slices.SortedFunc(maps.Keys(topics), cmpTopicKey) {
		if err := t.topics.Put(k.bytes(), encodeTopic(topics[k])); err != nil {
			return err
		}
	}
	for _, k := range slices.SortedFunc(maps.Keys(windows), cmpDayTopic) {
		if err := t.topicDays.Put(k.bytes(), encodeWindow(windows[k])); err != nil {
			return err
		}
	}
	return nil
}

// checkCounters compares the stored counters with a recount, one line per
// bucket that differs (the first difference, and how many there are).
func (t *txn) checkCounters(chk *checker) error {
	topics, windows, err := t.expectedCounters()
	if err != nil {
		return err
	}
	stored := map[topicKey]topicRec{}
	eachRecord(t.topics, chk, bTopics, func(k []byte, v []byte) error {
		if err := validTopic(k, v); err != nil {
			return err
		}
		tk, _ := parseTopicKey(k)
		stored[tk], _ = decodeTopic(v)
		return nil
	})
	storedW := map[dayTopic]windowRec{}
	eachRecord(t.topicDays, chk, bTopicDays, func(k []byte, v []byte) error {
		if err := validTopicDay(k, v); err != nil {
			return err
		}
		d, _ := keyDay(k)
		tk, _ := parseTopicKey(k[4:])
		storedW[dayTopic{d, tk}], _ = decodeWindow(v)
		return nil
	})
	compareCounters(chk, "topic counters", topics, stored, cmpTopicKey, func(k topicKey) string {
		return fmt.Sprintf("topic %.64q of deck %.64q", k.topic, k.deck)
	})
	compareCounters(chk, "topic answers", windows, storedW, cmpDayTopic, func(k dayTopic) string {
		return fmt.Sprintf("topic %.64q of deck %.64q on %s", k.topic, k.deck, k.day)
	})
	return nil
}

// eachRecord decodes every record of b with fn; what does not decode is
// damage.
func eachRecord(b *bolt.Bucket, chk *checker, name string, fn func(k, v []byte) error) {
	c := b.Cursor()
	for k, v := c.First(); k != nil; k, v = c.Next() {
		if err := fn(k, v); err != nil {
			chk.damage("%s %.64q: %v", name, k, err)
		}
	}
}

// compareCounters reports, in one line, how many of the counters differ
// from what they should be, with the first of them in key order.
func compareCounters[K comparable, V comparable](chk *checker, what string, want, got map[K]V, order func(a, b K) int, name func(K) string) {
	var differ []K
	for _, m := range []map[K]V{want, got} {
		for k := range m {
			if want[k] != got[k] && !slices.Contains(differ, k) {
				differ = append(differ, k)
			}
		}
	}
	if len(differ) == 0 {
		return
	}
	first := slices.MinFunc(differ, order)
	chk.drift("%s: %d differ from the cards and the log; first %s: stored %+v, should be %+v (hone recover rebuilds them)",
		what, len(differ), name(first), got[first], want[first])
}
