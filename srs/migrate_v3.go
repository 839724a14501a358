package srs

import (
	"bytes"
	"fmt"

	bolt "go.etcd.io/bbolt"
)

// Schema v3 gave every card state a scheduler record tagged with its
// scheduler, took the states out of the log entries, and keeps the
// scheduler in force in the meta bucket. Files of v2 and before were all
// scheduled by SM-2, so their states become SM-2 records unchanged. Their
// log entries stay as they are: decodeEntry reads both versions.

// migrateV3 rewrites every card record in the new format and records SM-2
// as the scheduler in force.
func migrateV3(tx *bolt.Tx) error {
	if err := rewriteAll(tx.Bucket([]byte(bCards)), func(_, v []byte) ([]byte, error) {
		r, err := decodeCardV1(v)
		if err != nil {
			return nil, err
		}
		return encodeCard(r), nil
	}); err != nil {
		return fmt.Errorf("cards: %w", err)
	}
	meta, err := tx.CreateBucketIfNotExists([]byte(bMeta))
	if err != nil {
		return err
	}
	if meta.Get([]byte(metaSchedulerKey)) != nil {
		return nil
	}
	return meta.Put([]byte(metaSchedulerKey), encodeSettings(DefaultSettings()))
}

// rewriteAll replaces every value of b with fn's, a chunk of keys at a time:
// bbolt's cursors must not run over a bucket that is being written.
func rewriteAll(b *bolt.Bucket, fn func(k, v []byte) ([]byte, error)) error {
	if b == nil {
		return nil
	}
	const chunk = 4096
	type kv struct{ k, v []byte }
	var from []byte
	for {
		var batch []kv
		c := b.Cursor()
		k, v := c.First()
		if from != nil {
			k, v = c.Seek(from)
			if k != nil && bytes.Equal(k, from) {
				k, v = c.Next()
			}
		}
		for ; k != nil && len(batch) < chunk; k, v = c.Next() {
			nv, err := fn(k, v)
			if err != nil {
				return err
			}
			batch = append(batch, kv{bytes.Clone(k), nv})
		}
		for _, x := range batch {
			if err := b.Put(x.k, x.v); err != nil {
				return err
			}
		}
		if len(batch) < chunk {
			return nil
		}
		from = batch[len(batch)-1].k
	}
}

// decodeCardV1 reads a card record of schema v1 and v2.
func decodeCardV1(b []byte) (cardRec, error) {
	d := dec{what: "card record (v1)", b: b}
	d.version(recV1)
	r := d.cardFields()
	r.State = d.stateV1()
	return r, d.done()
}

// skipStateV1 reads past a state of schema v1 and v2, checking it as
// stateV1 does without building it.
func (d *dec) skipStateV1() {
	d.flags(stateNew, "state")
	decodeSM2(d)
	d.day()
	d.day()
	d.count()
	d.count()
}

// stateV1 reads a state of schema v1 and v2: SM-2's fields first, then the
// bookkeeping. A new card's SM-2 fields were SM-2's fresh ones; it now has
// no record at all.
func (d *dec) stateV1() CardState {
	var s CardState
	s.New = d.flags(stateNew, "state")&stateNew != 0
	m := decodeSM2(d)
	s.Due = d.day()
	s.LastDay = d.day()
	s.Lapses = d.count()
	s.Reviews = d.count()
	if !s.New {
		s.Memory = m
	}
	return s
}
