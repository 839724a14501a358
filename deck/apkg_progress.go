package deck

import "time"

// Bounds that keep a damaged collection's numbers from overflowing a
// time.Duration or a date.
const (
	maxAnkiDays    = 100_000       // about 270 years
	maxAnkiSeconds = 1_000_000_000 // about 30 years
)

// ankiProgress is an Anki card's schedule and history, or nil for a card
// Anki never showed and that waits in no special state. crt is the
// collection's day 0 and loc the learner's time zone, in which Anki's days
// are counted.
func ankiProgress(c ankiCardRow, log []ankiReview, crt int64, loc *time.Location) *Progress {
	if c.typ == int(AnkiNew) && c.queue == int(AnkiQueueNew) && len(log) == 0 {
		return nil
	}
	p := &Progress{
		Type:      AnkiCardType(clampInt(int64(c.typ), 0, 3)),
		Queue:     AnkiQueue(clampInt(int64(c.queue), -3, 4)),
		Interval:  int(clampInt(c.ivl, 0, maxAnkiDays)),
		Reps:      int(clampInt(c.reps, 0, 1<<31-1)),
		Lapses:    int(clampInt(c.lapses, 0, 1<<31-1)),
		Suspended: c.queue == int(AnkiQueueSuspended),
		Buried:    c.queue == int(AnkiQueueSchedBuried) || c.queue == int(AnkiQueueUserBuried),
	}
	if c.factor > 0 {
		p.Ease = float64(clampInt(c.factor, 0, 100_000)) / 1000
	}
	due := c.due
	if c.odid != 0 && c.odue != 0 {
		due = c.odue // in a filtered deck: its home deck's due
	}
	switch {
	case p.Type == AnkiNew:
		// due is the card's place among new cards, not a day
	case due > maxAnkiSeconds/10:
		p.DueAt = time.Unix(clampInt(due, 0, 1<<40), 0).In(loc)
		p.Due = DateOf(p.DueAt)
	default:
		p.Due = DateOf(time.Unix(crt, 0).In(loc).AddDate(0, 0, int(clampInt(due, -maxAnkiDays, maxAnkiDays))))
	}
	for _, r := range log {
		p.Log = append(p.Log, Review{
			Time:         time.UnixMilli(clampInt(r.id, 0, 1<<50)).In(loc),
			Button:       int(clampInt(r.ease, 0, 4)),
			Interval:     ankiInterval(r.ivl),
			LastInterval: ankiInterval(r.lastIvl),
			Ease:         float64(clampInt(r.factor, 0, 100_000)) / 1000,
			Took:         time.Duration(clampInt(r.took, 0, 1<<40)) * time.Millisecond,
			Kind:         ReviewKind(clampInt(r.typ, 0, int64(ReviewRescheduled))),
		})
	}
	return p
}

// ankiInterval reads a revlog interval: days when positive, seconds when
// negative (a learning step).
func ankiInterval(ivl int64) time.Duration {
	if ivl >= 0 {
		return time.Duration(clampInt(ivl, 0, maxAnkiDays)) * 24 * time.Hour
	}
	return time.Duration(clampInt(-ivl, 0, maxAnkiSeconds)) * time.Second
}

func clampInt(v, lo, hi int64) int64 {
	return max(lo, min(v, hi))
}
