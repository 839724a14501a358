package srs

// The fields schema v5 added to log entries (record version 4): who wrote
// the entry, its Lamport stamp and, for an undo, the entry it undoes by
// identity. entryFields comes first, as in every version.

func (e *enc) globalFields(x Entry) {
	e.b = append(e.b, x.ID.Device[:]...)
	e.uint(x.ID.Counter)
	e.uint(x.Stamp)
	if x.Kind == Undo {
		e.b = append(e.b, x.UndoesID.Device[:]...)
		e.uint(x.UndoesID.Counter)
	}
}

func (d *dec) globalFields(x *Entry) {
	x.ID = d.entryID("entry")
	x.Stamp = d.uint()
	if d.err == nil && x.Stamp == 0 {
		d.fail("stamp 0")
	}
	if x.Kind == Undo {
		x.UndoesID = d.entryID("undone entry")
		if d.err == nil && x.UndoesID.Device == x.ID.Device && x.UndoesID.Counter >= x.ID.Counter {
			d.fail("undo %s names %s, not an entry before it", x.ID, x.UndoesID)
		}
	}
}

// entryID reads a device id and a counter, neither of them zero.
func (d *dec) entryID(what string) EntryID {
	var id EntryID
	id.Device = d.deviceID()
	id.Counter = d.uint()
	if d.err == nil && (id.Device.IsZero() || id.Counter == 0) {
		d.fail("%s id %s is not valid", what, id)
	}
	return id
}

func (d *dec) deviceID() DeviceID {
	var id DeviceID
	if d.err != nil {
		return id
	}
	if len(d.b) < len(id) {
		d.fail("truncated device id")
		return id
	}
	copy(id[:], d.b)
	d.b = d.b[len(id):]
	return id
}

// wire is the entry as it travels: its identity, stamp and what happened,
// without the seqs that are this collection's own (undoes, prev, cause).
func (x Entry) wire() []byte {
	x.Undoes, x.Prev, x.Cause = 0, 0, 0
	return encodeEntry(x)
}
