package deck

import (
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

// ankiCollection is an opened Anki collection: what hone keeps of it
// (its calendar, note types and decks, which are small), and the SQLite
// connection its cards, notes and reviews are read through a block at a
// time (apkg_rows.go).
type ankiCollection struct {
	crt       int64 // when the collection was created: day 0 of its calendar
	notetypes map[int64]*ankiNotetype
	decks     map[int64]string // id → name, "Parent::Child"
	db        *sqlite3.Conn
	vfsName   string
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

// dbNames numbers the databases the reader VFS serves.
var dbNames atomic.Int64

// sqliteHeader starts every SQLite database file.
const sqliteHeader = "SQLite format 3\x00"

// openAnkiCollection opens an uncompressed collection, read through r,
// and reads its calendar, note types and decks. SQLite reports a damaged
// file as an error; a panic from deep inside is turned into one too.
func openAnkiCollection(r ioutil.SizeReaderAt) (col *ankiCollection, err error) {
	head := make([]byte, len(sqliteHeader))
	if _, err := r.ReadAt(head, 0); err != nil || string(head) != sqliteHeader {
		return nil, badPackage("its collection is not an SQLite database")
	}
	col = &ankiCollection{notetypes: map[int64]*ankiNotetype{}, decks: map[int64]string{}}
	col.vfsName = fmt.Sprintf("hone-collection-%d.db", dbNames.Add(1))
	readervfs.Create(col.vfsName, r)
	err = guard(func() error {
		db, err := sqlite3.OpenFlags("file:"+col.vfsName+"?vfs=reader", sqlite3.OPEN_READONLY|sqlite3.OPEN_URI)
		if err != nil {
			return badPackage("cannot open its collection: %v", err)
		}
		col.db = db
		// Anki's tables name a collation of its own, for names only.
		if err := db.CreateCollation("unicase", func(a, b []byte) int {
			return strings.Compare(strings.ToLower(string(a)), strings.ToLower(string(b)))
		}); err != nil {
			return err
		}
		return col.readCol(db)
	})
	if err != nil {
		col.Close()
		return nil, err
	}
	return col, nil
}

// Close closes the collection's connection.
func (col *ankiCollection) Close() error {
	var err error
	if col.db != nil {
		err = guard(col.db.Close)
		col.db = nil
	}
	readervfs.Delete(col.vfsName)
	return err
}

// guard runs a step that reads the collection: an error from it, or a
// panic from inside SQLite, is a damaged package.
func guard(step func() error) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = badPackage("its collection is damaged (%v)", r)
		}
	}()
	if err := step(); err != nil {
		if errors.Is(err, errBadPackage) {
			return err
		}
		return badPackage("its collection is damaged: %v", err)
	}
	return nil
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
