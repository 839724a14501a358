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

// The flags of an Adopt entry's schedule.
const (
	adoptNew = 1 << iota
	adoptLearning
	adoptSuspended
)

// adoption writes an Adopt entry's schedule, after the fields every entry
// of record version 4 has.
func (e *enc) adoption(a Adoption) {
	var flags byte
	if a.New {
		flags |= adoptNew
	}
	if a.Learning {
		flags |= adoptLearning
	}
	if a.Suspended {
		flags |= adoptSuspended
	}
	e.byte(flags)
	e.int(int64(a.Due))
	e.int(int64(a.LastDay))
	e.int(int64(a.BuriedUntil))
	e.count(a.Interval)
	e.count(a.Reviews)
	e.count(a.Lapses)
	e.float(a.Ease)
}

func (d *dec) adoption() Adoption {
	var a Adoption
	flags := d.flags(adoptNew|adoptLearning|adoptSuspended, "adopt")
	a.New, a.Learning, a.Suspended = flags&adoptNew != 0, flags&adoptLearning != 0, flags&adoptSuspended != 0
	a.Due = d.day()
	a.LastDay = d.day()
	a.BuriedUntil = d.day()
	a.Interval = d.count()
	a.Reviews = d.count()
	a.Lapses = d.count()
	a.Ease = d.float()
	if d.err == nil && !a.valid() {
		d.fail("adopted schedule %+v is not one a card can have", a)
	}
	return a
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
