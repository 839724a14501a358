package deck

import (
	"strings"

	"github.com/ncruces/go-sqlite3"
)

// A collection's cards are read in order a block at a time, each block
// with its notes and, when asked, its reviews, so that what is held grows
// with the block and not with the collection. Anki's indexes on
// cards(nid) and revlog(cid) make this a walk and a seek per card; in a
// collection without them SQLite sorts and scans instead, which is slower
// but holds no more in Go.

// rowBlock is the most cards one block reads: as many as a Sink takes.
const rowBlock = cardBlock

// cardRows is a block of cards, in order, with what they need.
type cardRows struct {
	rows   []ankiCardRow
	notes  map[int64]*ankiNoteRow // by id
	revlog map[int64][]ankiReview // by card, oldest first; nil without reviews
}

// cardSource hands fn the cards a block at a time in order (by note, then
// ordinal), with their notes and, with withLog, their reviews; a block
// need (when not nil) says has nothing wanted is passed over unread. fn
// returns false to stop. Every pass reads the same blocks with the same
// lookups, so that a damaged collection, which SQLite may read otherwise
// through another query, gives every pass the same cards.
type cardSource func(withLog bool, need func([]ankiCardRow) bool, fn func(cardRows) bool) error

// cardsSQL reads the cards in the order they become hone cards; the id
// settles ties, so that every pass over a damaged file reads alike.
const cardsSQL = `SELECT id, nid, did, ord, type, queue, due, ivl, factor, reps, lapses, odue, odid
	FROM cards ORDER BY nid, ord, id`

// cards is the collection's cardSource.
func (col *ankiCollection) cards(withLog bool, need func([]ankiCardRow) bool, fn func(cardRows) bool) error {
	return guard(func() error {
		lk, err := newLookups(col.db)
		if err != nil {
			return err
		}
		defer lk.close()
		rows := make([]ankiCardRow, 0, rowBlock)
		stopped := false
		flush := func() error {
			if need != nil && !need(rows) {
				rows = rows[:0]
				return nil
			}
			blk, err := lk.block(rows, withLog)
			if err != nil {
				return err
			}
			stopped = !fn(blk)
			rows = rows[:0]
			return nil
		}
		err = query(col.db, cardsSQL, func(s *sqlite3.Stmt) error {
			c := ankiCardRow{
				id: s.ColumnInt64(0), nid: s.ColumnInt64(1), did: s.ColumnInt64(2), ord: s.ColumnInt(3),
				typ: s.ColumnInt(4), queue: s.ColumnInt(5), due: s.ColumnInt64(6), ivl: s.ColumnInt64(7),
				factor: s.ColumnInt64(8), reps: s.ColumnInt64(9), lapses: s.ColumnInt64(10),
				odue: s.ColumnInt64(11), odid: s.ColumnInt64(12),
			}
			if rows = append(rows, c); len(rows) < rowBlock {
				return nil
			}
			if err := flush(); err != nil || stopped {
				return errStop{err}
			}
			return nil
		})
		if stop, ok := err.(errStop); ok {
			return stop.err
		}
		if err != nil || len(rows) == 0 {
			return err
		}
		return flush()
	})
}

// errStop ends a query early, with the error it carries (nil: stopped).
type errStop struct{ err error }

func (errStop) Error() string { return "stopped" }

// lookups are the statements that read a block's notes and reviews: one
// parameter per card of a block, those a short block leaves out NULL.
type lookups struct {
	notes, revlog *sqlite3.Stmt
}

var (
	notesSQL  = "SELECT id, guid, mid, tags, flds FROM notes WHERE id IN (" + params(rowBlock) + ")"
	revlogSQL = "SELECT id, cid, ease, ivl, lastIvl, factor, time, type FROM revlog WHERE cid IN (" + params(rowBlock) + ") ORDER BY cid, id"
)

func params(n int) string {
	return strings.TrimSuffix(strings.Repeat("?,", n), ",")
}

// newLookups prepares both statements, reviews or not, so that a
// collection whose tables do not fit fails alike in every pass.
func newLookups(db *sqlite3.Conn) (*lookups, error) {
	lk := &lookups{}
	var err error
	if lk.notes, _, err = db.Prepare(notesSQL); err != nil {
		return nil, err
	}
	if lk.revlog, _, err = db.Prepare(revlogSQL); err != nil {
		lk.close()
		return nil, err
	}
	return lk, nil
}

func (lk *lookups) close() {
	for _, s := range []*sqlite3.Stmt{lk.notes, lk.revlog} {
		if s != nil {
			s.Close()
		}
	}
}

// block reads the notes of rows and, with withLog, their reviews.
func (lk *lookups) block(rows []ankiCardRow, withLog bool) (cardRows, error) {
	blk := cardRows{rows: rows, notes: make(map[int64]*ankiNoteRow, len(rows))}
	err := lk.each(lk.notes, rows, func(r ankiCardRow) int64 { return r.nid }, func(s *sqlite3.Stmt) {
		blk.notes[s.ColumnInt64(0)] = &ankiNoteRow{
			guid:   s.ColumnText(1),
			mid:    s.ColumnInt64(2),
			tags:   strings.Fields(s.ColumnText(3)),
			fields: strings.Split(s.ColumnText(4), "\x1f"),
		}
	})
	if err != nil || !withLog {
		return blk, err
	}
	blk.revlog = map[int64][]ankiReview{}
	err = lk.each(lk.revlog, rows, func(r ankiCardRow) int64 { return r.id }, func(s *sqlite3.Stmt) {
		cid := s.ColumnInt64(1)
		blk.revlog[cid] = append(blk.revlog[cid], ankiReview{
			id: s.ColumnInt64(0), ease: s.ColumnInt64(2), ivl: s.ColumnInt64(3), lastIvl: s.ColumnInt64(4),
			factor: s.ColumnInt64(5), took: s.ColumnInt64(6), typ: s.ColumnInt64(7),
		})
	})
	return blk, err
}

// each runs stmt with the keys of rows bound to its parameters, and calls
// row for each row it gives.
func (lk *lookups) each(stmt *sqlite3.Stmt, rows []ankiCardRow, key func(ankiCardRow) int64, row func(*sqlite3.Stmt)) error {
	if err := stmt.ClearBindings(); err != nil {
		return err
	}
	for i, r := range rows {
		if err := stmt.BindInt64(i+1, key(r)); err != nil {
			return err
		}
	}
	for stmt.Step() {
		row(stmt)
	}
	if err := stmt.Err(); err != nil {
		return err
	}
	return stmt.Reset()
}
