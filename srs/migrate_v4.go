package srs

import (
	"fmt"

	bolt "go.etcd.io/bbolt"
)

// Schema v4 gave cards the user's marks (suspended, leech, buried, flag)
// and a note that ties siblings together, and the log the entries that set
// the marks. A v3 file has no marks and no notes: its card records gain
// empty ones, and two empty indexes are made. Its log entries stay as they
// are: decodeEntry reads every version.
//
// Notes come from the decks, so the sources forget their hashes: the next
// sync of each deck (the built-in ones at the next start) reads it card by
// card and fills the notes in.
func migrateV4(tx *bolt.Tx) error {
	for _, name := range []string{bNotes, bBuried} {
		if _, err := tx.CreateBucketIfNotExists([]byte(name)); err != nil {
			return err
		}
	}
	if err := rewriteAll(tx.Bucket([]byte(bCards)), func(_, v []byte) ([]byte, error) {
		if len(v) > 0 && v[0] == recV3 {
			return v, nil // written by the v3 migration of an older file
		}
		r, err := decodeCardV2(v)
		if err != nil {
			return nil, err
		}
		return encodeCard(r), nil
	}); err != nil {
		return fmt.Errorf("cards: %w", err)
	}
	return rewriteAll(tx.Bucket([]byte(bSources)), func(_, v []byte) ([]byte, error) {
		r, err := decodeSource(v)
		if err != nil {
			return nil, err
		}
		r.Hash = ""
		return encodeSource(r), nil
	})
}

// decodeCardV2 reads a card record of schema v3.
func decodeCardV2(b []byte) (cardRec, error) {
	d := dec{what: "card record (v3)", b: b}
	d.version(recV2)
	r := d.cardFields()
	r.State = d.stateV2()
	return r, d.done()
}

// stateV2 reads a state of schema v3: the bookkeeping and the scheduler's
// record, without marks.
func (d *dec) stateV2() CardState {
	var s CardState
	s.New = d.flags(stateNew, "state")&stateNew != 0
	s.Due = d.day()
	s.LastDay = d.day()
	s.Lapses = d.count()
	s.Reviews = d.count()
	s.Memory = d.memory(s.New)
	return s
}

// upgradeCardRecord is a card record of schema v3 rewritten as v4 writes
// it; any other bytes are returned as they are.
func upgradeCardRecord(b []byte) []byte {
	if len(b) == 0 || b[0] != recV2 {
		return b
	}
	r, err := decodeCardV2(b)
	if err != nil {
		return b
	}
	return encodeCard(r)
}
