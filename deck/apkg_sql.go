package deck

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"sync/atomic"

	"github.com/ncruces/go-sqlite3"
	"github.com/ncruces/go-sqlite3/util/ioutil"
	"github.com/ncruces/go-sqlite3/vfs/readervfs"
)

// ankiCollection is what hone reads of an Anki collection.
type ankiCollection struct {
	crt       int64 // when the collection was created: day 0 of its calendar
	notetypes map[int64]*ankiNotetype
	decks     map[int64]string // id → name, "Parent::Child"
	notes     map[int64]*ankiNoteRow
	cards     []ankiCardRow          // by note, then ordinal
	revlog    map[int64][]ankiReview // by card, oldest first
}

type ankiNotetype struct {
	name      string
	cloze     bool
	fields    []string // by ordinal
	templates map[int]*ankiTemplate
}

type ankiTemplate struct {
	name string
	q, a []tmplNode
}

type ankiNoteRow struct {
	guid   string
	mid    int64
	tags   []string
	fields []string
}

type ankiCardRow struct {
	id, nid, did, odid        int64
	ord                       int
	typ, queue                int
	due, odue                 int64
	ivl, factor, reps, lapses int64
}

type ankiReview struct {
	id                               int64 // when, in milliseconds
	ease, ivl, lastIvl, factor, took int64
	typ                              int64
}

// dbNames numbers the in-memory databases the reader VFS serves.
var dbNames atomic.Int64

// readAnkiCollection opens an uncompressed collection and reads it whole.
// SQLite reports a damaged file as an error; a panic from deep inside is
// turned into one too.
func readAnkiCollection(data []byte) (col *ankiCollection, err error) {
	if !bytes.HasPrefix(data, []byte("SQLite format 3\x00")) {
		return nil, badPackage("its collection is not an SQLite database")
	}
	defer func() {
		if r := recover(); r != nil {
			col, err = nil, badPackage("its collection is damaged (%v)", r)
		}
	}()
	name := fmt.Sprintf("hone-collection-%d.db", dbNames.Add(1))
	readervfs.Create(name, ioutil.NewSizeReaderAt(bytes.NewReader(data)))
	defer readervfs.Delete(name)
	db, err := sqlite3.OpenFlags("file:"+name+"?vfs=reader", sqlite3.OPEN_READONLY|sqlite3.OPEN_URI)
	if err != nil {
		return nil, badPackage("cannot open its collection: %v", err)
	}
	defer db.Close()
	// Anki's tables name a collation of its own, for names only.
	if err := db.CreateCollation("unicase", func(a, b []byte) int {
		return strings.Compare(strings.ToLower(string(a)), strings.ToLower(string(b)))
	}); err != nil {
		return nil, err
	}
	col = &ankiCollection{notetypes: map[int64]*ankiNotetype{}, decks: map[int64]string{}, notes: map[int64]*ankiNoteRow{}, revlog: map[int64][]ankiReview{}}
	for _, step := range []func(*sqlite3.Conn) error{col.readCol, col.readNotes, col.readCards, col.readRevlog} {
		if err := step(db); err != nil {
			if errors.Is(err, errBadPackage) {
				return nil, err
			}
			return nil, badPackage("its collection is damaged: %v", err)
		}
	}
	return col, nil
}

// query runs sql and calls row for each row; it stops at the first error.
func query(db *sqlite3.Conn, sql string, row func(*sqlite3.Stmt) error) error {
	stmt, _, err := db.Prepare(sql)
	if err != nil {
		return err
	}
	defer stmt.Close()
	for stmt.Step() {
		if err := row(stmt); err != nil {
			return err
		}
	}
	return stmt.Err()
}

// readCol reads the collection's creation day, note types and decks: from
// JSON in the col row (schema 11), or from tables of their own (15 on).
func (col *ankiCollection) readCol(db *sqlite3.Conn) error {
	var ver int64
	var models, decks string
	err := query(db, "SELECT crt, ver, models, decks FROM col", func(s *sqlite3.Stmt) error {
		col.crt, ver, models, decks = s.ColumnInt64(0), s.ColumnInt64(1), s.ColumnText(2), s.ColumnText(3)
		return nil
	})
	if err != nil {
		return err
	}
	if ver >= 15 {
		return col.readTables(db)
	}
	return col.readJSON(models, decks)
}

func (col *ankiCollection) readJSON(models, decks string) error {
	var nts map[string]struct {
		Name string `json:"name"`
		Type int    `json:"type"`
		Flds []struct {
			Name string
			Ord  int
		} `json:"flds"`
		Tmpls []struct {
			Name, Qfmt, Afmt string
			Ord              int
		} `json:"tmpls"`
	}
	if err := json.Unmarshal([]byte(models), &nts); err != nil {
		return fmt.Errorf("note types: %w", err)
	}
	for id, m := range nts {
		nt := &ankiNotetype{name: m.Name, cloze: m.Type == 1, templates: map[int]*ankiTemplate{}}
		for _, f := range m.Flds {
			nt.setField(f.Ord, f.Name)
		}
		for _, t := range m.Tmpls {
			nt.templates[t.Ord] = &ankiTemplate{name: t.Name, q: parseTemplate(t.Qfmt), a: parseTemplate(t.Afmt)}
		}
		col.notetypes[parseID(id)] = nt
	}
	var ds map[string]struct {
		Name string `json:"name"`
	}
	if err := json.Unmarshal([]byte(decks), &ds); err != nil {
		return fmt.Errorf("decks: %w", err)
	}
	for id, d := range ds {
		col.decks[parseID(id)] = d.Name
	}
	return nil
}

func parseID(s string) int64 {
	id, _ := strconv.ParseInt(s, 10, 64)
	return id
}

func (nt *ankiNotetype) setField(ord int, name string) {
	if ord < 0 || ord > 1000 {
		return
	}
	for len(nt.fields) <= ord {
		nt.fields = append(nt.fields, "")
	}
	nt.fields[ord] = name
}

func (col *ankiCollection) readTables(db *sqlite3.Conn) error {
	err := query(db, "SELECT id, name, config FROM notetypes", func(s *sqlite3.Stmt) error {
		col.notetypes[s.ColumnInt64(0)] = &ankiNotetype{name: s.ColumnText(1), cloze: notetypeIsCloze(s.ColumnRawBlob(2)), templates: map[int]*ankiTemplate{}}
		return nil
	})
	if err != nil {
		return err
	}
	err = query(db, "SELECT ntid, ord, name FROM fields", func(s *sqlite3.Stmt) error {
		if nt := col.notetypes[s.ColumnInt64(0)]; nt != nil {
			nt.setField(s.ColumnInt(1), s.ColumnText(2))
		}
		return nil
	})
	if err != nil {
		return err
	}
	err = query(db, "SELECT ntid, ord, name, config FROM templates", func(s *sqlite3.Stmt) error {
		if nt := col.notetypes[s.ColumnInt64(0)]; nt != nil {
			q, a := templateFormats(s.ColumnRawBlob(3))
			nt.templates[s.ColumnInt(1)] = &ankiTemplate{name: s.ColumnText(2), q: parseTemplate(q), a: parseTemplate(a)}
		}
		return nil
	})
	if err != nil {
		return err
	}
	return query(db, "SELECT id, name FROM decks", func(s *sqlite3.Stmt) error {
		col.decks[s.ColumnInt64(0)] = strings.ReplaceAll(s.ColumnText(1), "\x1f", "::")
		return nil
	})
}

func (col *ankiCollection) readNotes(db *sqlite3.Conn) error {
	return query(db, "SELECT id, guid, mid, tags, flds FROM notes", func(s *sqlite3.Stmt) error {
		col.notes[s.ColumnInt64(0)] = &ankiNoteRow{
			guid:   s.ColumnText(1),
			mid:    s.ColumnInt64(2),
			tags:   strings.Fields(s.ColumnText(3)),
			fields: strings.Split(s.ColumnText(4), "\x1f"),
		}
		return nil
	})
}

func (col *ankiCollection) readCards(db *sqlite3.Conn) error {
	return query(db, `SELECT id, nid, did, ord, type, queue, due, ivl, factor, reps, lapses, odue, odid
		FROM cards ORDER BY nid, ord`, func(s *sqlite3.Stmt) error {
		col.cards = append(col.cards, ankiCardRow{
			id: s.ColumnInt64(0), nid: s.ColumnInt64(1), did: s.ColumnInt64(2), ord: s.ColumnInt(3),
			typ: s.ColumnInt(4), queue: s.ColumnInt(5), due: s.ColumnInt64(6), ivl: s.ColumnInt64(7),
			factor: s.ColumnInt64(8), reps: s.ColumnInt64(9), lapses: s.ColumnInt64(10),
			odue: s.ColumnInt64(11), odid: s.ColumnInt64(12),
		})
		return nil
	})
}

func (col *ankiCollection) readRevlog(db *sqlite3.Conn) error {
	return query(db, "SELECT id, cid, ease, ivl, lastIvl, factor, time, type FROM revlog ORDER BY id", func(s *sqlite3.Stmt) error {
		cid := s.ColumnInt64(1)
		col.revlog[cid] = append(col.revlog[cid], ankiReview{
			id: s.ColumnInt64(0), ease: s.ColumnInt64(2), ivl: s.ColumnInt64(3), lastIvl: s.ColumnInt64(4),
			factor: s.ColumnInt64(5), took: s.ColumnInt64(6), typ: s.ColumnInt64(7),
		})
		return nil
	})
}
