package srs

import "slices"

// checkSync checks what schema v5 keeps beside the log: every entry is in
// its card's history and nothing else is, each device's counter covers its
// entries and events, and this device's outbox names its own records.
func (t *txn) checkSync(chk *checker) error {
	st, err := t.sync()
	if err != nil {
		chk.damage("%v", err)
		return nil
	}
	seqs := map[string][]uint64{}
	high := map[DeviceID]uint64{}
	err = t.forEachEntry(func(e Entry) error {
		seqs[e.CardID] = append(seqs[e.CardID], e.Seq)
		high[e.ID.Device] = max(high[e.ID.Device], e.ID.Counter)
		return nil
	})
	if err != nil {
		chk.damage("log: %v", err)
		return nil
	}
	err = st.history.ForEach(func(k, v []byte) error {
		h, err := decodeHistory(v)
		if err != nil {
			chk.damage("history of card %.64q: %v", k, err)
			return nil
		}
		if !slices.Equal(h.Seqs, seqs[string(k)]) {
			chk.drift("history of card %.64q lists entries %v, the log has %v", k, h.Seqs, seqs[string(k)])
		}
		delete(seqs, string(k))
		return nil
	})
	if err != nil {
		return err
	}
	for _, id := range sortedKeys(seqs) {
		chk.drift("card %.64q: entries %v are in no history", id, seqs[id])
	}
	err = st.events.ForEach(func(_, v []byte) error {
		if ev, err := decodeEvent(v); err == nil {
			high[ev.ID.Device] = max(high[ev.ID.Device], ev.ID.Counter)
		}
		return nil
	})
	if err != nil {
		return err
	}
	for id, h := range high {
		dev, err := st.device(id)
		if err != nil {
			chk.damage("%v", err)
			continue
		}
		if dev.High < h {
			chk.drift("device %s: its counter is %d, but the log or the events hold its record %d", id, dev.High, h)
		}
	}
	return nil
}
