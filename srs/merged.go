package srs

import (
	"encoding/binary"
	"math"
)

// Entries from other devices are logged when they arrive, so the log's
// order is no longer the order of days: a sync can append last week's
// answers after today's. The scans that read the recent end of the log
// backwards (today's answers, the stats window) stop at the first entry
// too old for them, which is right for the entries written here, whose
// days only grow. Each ingest notes the range of seqs it logged, with the
// latest day in it, so that a scan reads a range only when it may hold an
// entry it wants, and never stops inside one.

type mergedRange struct {
	first, last uint64
	maxDay      Day
}

func (t *txn) noteMerged(first, last uint64, maxDay Day) error {
	st, err := t.sync()
	if err != nil {
		return err
	}
	var e enc
	e.b = binary.BigEndian.AppendUint64(e.b, last)
	e.int(int64(maxDay))
	return st.merged.Put(seqKey(first), e.b)
}

// mergedRuns notes the runs of entries, in log order, that were not
// logged here as they happened: another device's, or another program's.
// Each run of entries added as not local becomes one range; a local entry,
// or end, closes it.
type mergedRuns struct {
	t   *txn
	run *mergedRange
}

func (m *mergedRuns) add(e Entry, local bool) error {
	switch {
	case local && m.run != nil:
		return m.end()
	case !local && m.run == nil:
		m.run = &mergedRange{first: e.Seq, last: e.Seq, maxDay: e.Day}
	case !local:
		m.run.last, m.run.maxDay = e.Seq, max(m.run.maxDay, e.Day)
	}
	return nil
}

// end notes the run under way, if any.
func (m *mergedRuns) end() error {
	if m.run == nil {
		return nil
	}
	r := m.run
	m.run = nil
	return m.t.noteMerged(r.first, r.last, r.maxDay)
}

// mergedRanges lists the ranges logged from other devices, latest first.
func (t *txn) mergedRanges() ([]mergedRange, error) {
	st, err := t.sync()
	if err != nil {
		return nil, err
	}
	var out []mergedRange
	c := st.merged.Cursor()
	for k, v := c.Last(); k != nil; k, v = c.Prev() {
		if len(k) != 8 || len(v) < 9 {
			return nil, &damagedRecord{what: "merged ranges", msg: "bad record"}
		}
		d := dec{what: "merged range", b: v[8:]}
		r := mergedRange{first: binary.BigEndian.Uint64(k), last: binary.BigEndian.Uint64(v), maxDay: d.day()}
		if err := d.done(); err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, nil
}

// entriesBack calls fn for the log's live entries (neither undos nor
// undone), newest first, until fn says stop: the recent end of the log is
// what stats and the queue ask about, and it costs only what they read.
// fn must say stop for every entry older than some day, as the callers do.
// Entries written here are read until the first fn stops at; ranges taken
// in from other devices are read in full, unless all their days are at or
// before a day fn has stopped at.
func (t *txn) entriesBack(fn func(Entry) (bool, error)) error {
	ranges, err := t.mergedRanges()
	if err != nil {
		return err
	}
	known := Day(math.MinInt32) // fn stops at every day up to this one
	localDone := false
	c := t.log.Cursor()
	k, v := c.Last()
	for k != nil {
		if len(k) != 8 {
			return &damagedRecord{what: "log", msg: "bad key"}
		}
		seq := binary.BigEndian.Uint64(k)
		for len(ranges) > 0 && ranges[0].first > seq {
			ranges = ranges[1:]
		}
		inRange := len(ranges) > 0 && ranges[0].last >= seq
		switch {
		case inRange && ranges[0].maxDay <= known:
			c.Seek(seqKey(ranges[0].first))
			k, v = c.Prev()
			continue
		case !inRange && localDone:
			if len(ranges) == 0 {
				return nil
			}
			k, v = c.Seek(seqKey(ranges[0].last))
			continue
		}
		e, err := t.decodeLogEntry(seq, v)
		if err != nil {
			return err
		}
		if e.Kind != Undo && !t.isUndone(seq) {
			more, err := fn(e)
			if err != nil {
				return err
			}
			if !more {
				known = max(known, e.Day)
				localDone = localDone || !inRange
			}
		}
		k, v = c.Prev()
	}
	return nil
}
