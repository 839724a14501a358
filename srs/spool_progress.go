package srs

import (
	"time"

	"github.com/hone-srs/hone/deck"
)

// A card's Anki progress, as a streamed import's spool holds it between
// reading the card and storing it. The spool is read back only by the
// process that wrote it, so the encoding is free to change; it keeps
// every field, and each time's zone offset, so that a time falls on the
// same hone day after the round trip as before.

func encodeProgress(e *enc, p *deck.Progress) {
	if p == nil {
		e.byte(0)
		return
	}
	e.byte(1)
	e.int(int64(p.Type))
	e.int(int64(p.Queue))
	e.int(int64(p.Interval))
	e.float(p.Ease)
	e.int(int64(p.Reps))
	e.int(int64(p.Lapses))
	e.int(int64(p.Due.Year))
	e.int(int64(p.Due.Month))
	e.int(int64(p.Due.Day))
	encodeZonedTime(e, p.DueAt)
	var marks byte
	if p.Suspended {
		marks |= 1
	}
	if p.Buried {
		marks |= 2
	}
	e.byte(marks)
	e.count(len(p.Log))
	for _, r := range p.Log {
		encodeZonedTime(e, r.Time)
		e.int(int64(r.Button))
		e.int(int64(r.Interval))
		e.int(int64(r.LastInterval))
		e.float(r.Ease)
		e.int(int64(r.Took))
		e.int(int64(r.Kind))
	}
}

func decodeProgress(d *dec) *deck.Progress {
	if d.flags(1, "spooled progress") == 0 {
		return nil
	}
	p := &deck.Progress{Type: deck.AnkiCardType(d.int()), Queue: deck.AnkiQueue(d.int())}
	p.Interval = int(d.int())
	p.Ease = d.float()
	p.Reps, p.Lapses = int(d.int()), int(d.int())
	p.Due = deck.Date{Year: int(d.int()), Month: time.Month(d.int()), Day: int(d.int())}
	p.DueAt = decodeZonedTime(d)
	marks := d.flags(3, "spooled progress marks")
	p.Suspended, p.Buried = marks&1 != 0, marks&2 != 0
	if n := d.length(); n > 0 {
		p.Log = make([]deck.Review, 0, n)
		for range n {
			r := deck.Review{Time: decodeZonedTime(d), Button: int(d.int())}
			r.Interval, r.LastInterval = time.Duration(d.int()), time.Duration(d.int())
			r.Ease = d.float()
			r.Took, r.Kind = time.Duration(d.int()), deck.ReviewKind(d.int())
			p.Log = append(p.Log, r)
		}
	}
	return p
}

// encodeZonedTime is enc.time with the zone offset the time was read in.
func encodeZonedTime(e *enc, t time.Time) {
	e.time(t)
	_, offset := t.Zone()
	e.int(int64(offset))
}

func decodeZonedTime(d *dec) time.Time {
	t := d.time()
	offset := d.int()
	if t.IsZero() {
		return t
	}
	return t.In(time.FixedZone("", int(offset)))
}
