// Package ankitest builds Anki packages (.apkg) for tests, with the SQLite
// library, in each of the three collection formats Anki has written, from
// one description: note types, notes, cards with their schedule, and a
// review log.
package ankitest

import (
	"archive/zip"
	"bytes"
	"encoding/binary"
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/klauspost/compress/zstd"
	"github.com/ncruces/go-sqlite3"
)

// Notetype is an Anki note type: its fields and its card templates.
type Notetype struct {
	ID        int64
	Name      string
	Cloze     bool
	Fields    []string
	Templates [][3]string // name, question, answer
}

// Note is an Anki note: its fields, in its note type's order.
type Note struct {
	ID     int64
	GUID   string
	Mid    int64 // its note type
	Tags   string
	Fields []string
}

// Card is an Anki card, with the schedule Anki keeps in its row.
type Card struct {
	ID, Nid, Did                         int64
	Ord, Type, Queue                     int
	Due, Ivl, Factor, Reps, Lapses, Odid int64
}

// Rev is one line of Anki's review log: its id is its time in
// milliseconds.
type Rev struct {
	ID, Cid, Ease, Ivl, LastIvl, Factor, Took, Type int64
}

// Package describes an Anki package.
type Package struct {
	Format    string // "anki2", "anki21" or "anki21b"
	Crt       int64  // the collection's day 0, in Unix seconds
	Notetypes []Notetype
	Decks     map[int64]string // "Parent::Child"
	Notes     []Note
	Cards     []Card
	Revlog    []Rev
	Media     map[string]string // name → content
	Entries   map[string][]byte // more zip entries, as they are
	// NoIndexes leaves out the indexes Anki makes (schema11Indexes), as a
	// hand-made or damaged collection may.
	NoIndexes bool
}

// Anki's stock note types.
var (
	Basic    = Notetype{1, "Basic", false, []string{"Front", "Back"}, [][3]string{{"Card 1", "{{Front}}", "{{FrontSide}}\n\n<hr id=answer>\n\n{{Back}}"}}}
	Reversed = Notetype{2, "Basic (and reversed card)", false, []string{"Front", "Back"}, [][3]string{
		{"Card 1", "{{Front}}", "{{FrontSide}}<hr id=answer>{{Back}}"},
		{"Card 2", "{{Back}}", "{{FrontSide}}<hr id=answer>{{Front}}"}}}
	ClozeType = Notetype{3, "Cloze", true, []string{"Text", "Back Extra"}, [][3]string{{"Cloze", "{{cloze:Text}}", "{{cloze:Text}}<br>\n{{Back Extra}}"}}}
	Extra     = Notetype{4, "Basic with extra", false, []string{"Front", "Back", "Extra"}, [][3]string{
		{"Card 1", "{{Front}}{{#Extra}}<div>({{Extra}})</div>{{/Extra}}", "{{FrontSide}}<hr id=answer>{{Back}}{{^Extra}}<br>no extra{{/Extra}}"}}}
)

// writeSQLite runs the statements, each with its arguments, into a new
// SQLite file and returns its bytes.
func writeSQLite(t testing.TB, stmts []string, args [][]any) []byte {
	t.Helper()
	path := filepath.Join(t.TempDir(), "c.db")
	db, err := sqlite3.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	db.CreateCollation("unicase", func(a, b []byte) int { return strings.Compare(strings.ToLower(string(a)), strings.ToLower(string(b))) })
	if err := db.Exec("BEGIN"); err != nil {
		t.Fatal(err)
	}
	for i, sql := range stmts {
		if strings.TrimSpace(sql) == "" {
			continue
		}
		st, _, err := db.Prepare(sql)
		if err != nil {
			t.Fatalf("%s: %v", sql, err)
		}
		for j, a := range args[i] {
			switch v := a.(type) {
			case int64:
				st.BindInt64(j+1, v)
			case int:
				st.BindInt64(j+1, int64(v))
			case string:
				st.BindText(j+1, v)
			case []byte:
				st.BindBlob(j+1, v)
			}
		}
		st.Step()
		if err := st.Err(); err != nil {
			t.Fatalf("%s: %v", sql, err)
		}
		st.Close()
	}
	if err := db.Exec("COMMIT"); err != nil {
		t.Fatal(err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

const schema11 = `CREATE TABLE col (id integer PRIMARY KEY, crt integer NOT NULL, mod integer NOT NULL, scm integer NOT NULL,
  ver integer NOT NULL, dty integer NOT NULL, usn integer NOT NULL, ls integer NOT NULL, conf text NOT NULL,
  models text NOT NULL, decks text NOT NULL, dconf text NOT NULL, tags text NOT NULL);
CREATE TABLE notes (id integer PRIMARY KEY, guid text NOT NULL, mid integer NOT NULL, mod integer NOT NULL,
  usn integer NOT NULL, tags text NOT NULL, flds text NOT NULL, sfld integer NOT NULL, csum integer NOT NULL,
  flags integer NOT NULL, data text NOT NULL);
CREATE TABLE cards (id integer PRIMARY KEY, nid integer NOT NULL, did integer NOT NULL, ord integer NOT NULL,
  mod integer NOT NULL, usn integer NOT NULL, type integer NOT NULL, queue integer NOT NULL, due integer NOT NULL,
  ivl integer NOT NULL, factor integer NOT NULL, reps integer NOT NULL, lapses integer NOT NULL, left integer NOT NULL,
  odue integer NOT NULL, odid integer NOT NULL, flags integer NOT NULL, data text NOT NULL);
CREATE TABLE revlog (id integer PRIMARY KEY, cid integer NOT NULL, usn integer NOT NULL, ease integer NOT NULL,
  ivl integer NOT NULL, lastIvl integer NOT NULL, factor integer NOT NULL, time integer NOT NULL, type integer NOT NULL);`

// schema11Indexes are the indexes every Anki collection has, from schema
// 11 on; they are made once the rows are in, as that is quicker.
const schema11Indexes = `CREATE INDEX ix_notes_usn ON notes (usn);
CREATE INDEX ix_cards_usn ON cards (usn);
CREATE INDEX ix_revlog_usn ON revlog (usn);
CREATE INDEX ix_cards_nid ON cards (nid);
CREATE INDEX ix_cards_sched ON cards (did, queue, due);
CREATE INDEX ix_revlog_cid ON revlog (cid);
CREATE INDEX ix_notes_csum ON notes (csum)`

const schema18 = `CREATE TABLE notetypes (id integer NOT NULL PRIMARY KEY, name text NOT NULL COLLATE unicase,
  mtime_secs integer NOT NULL, usn integer NOT NULL, config blob NOT NULL);
CREATE TABLE fields (ntid integer NOT NULL, ord integer NOT NULL, name text NOT NULL COLLATE unicase,
  config blob NOT NULL, PRIMARY KEY (ntid, ord)) without rowid;
CREATE TABLE templates (ntid integer NOT NULL, ord integer NOT NULL, name text NOT NULL COLLATE unicase,
  mtime_secs integer NOT NULL, usn integer NOT NULL, config blob NOT NULL, PRIMARY KEY (ntid, ord)) without rowid;
CREATE TABLE decks (id integer PRIMARY KEY NOT NULL, name text NOT NULL COLLATE unicase, mtime_secs integer NOT NULL,
  usn integer NOT NULL, common blob NOT NULL, kind blob NOT NULL);`

// Collection writes the package's SQLite in its format's schema.
func (p Package) Collection(t testing.TB) []byte {
	var stmts []string
	var args [][]any
	exec := func(sql string, a ...any) { stmts, args = append(stmts, sql), append(args, a) }
	for _, sql := range strings.Split(schema11, ";") {
		exec(sql)
	}
	if p.Format == "anki21b" {
		for _, sql := range strings.Split(schema18, ";") {
			exec(sql)
		}
		exec("INSERT INTO col VALUES (1, ?, 0, 0, 18, 0, 0, 0, '', '', '', '', '')", p.Crt)
		for _, nt := range p.Notetypes {
			kind := 0
			if nt.Cloze {
				kind = 1
			}
			exec("INSERT INTO notetypes VALUES (?, ?, 0, 0, ?)", nt.ID, nt.Name, ProtoMsg(1, kind))
			for i, f := range nt.Fields {
				exec("INSERT INTO fields VALUES (?, ?, ?, ?)", nt.ID, i, f, []byte{})
			}
			for i, tm := range nt.Templates {
				exec("INSERT INTO templates VALUES (?, ?, ?, 0, 0, ?)", nt.ID, i, tm[0], append(ProtoMsg(1, tm[1]), ProtoMsg(2, tm[2])...))
			}
		}
		for id, name := range p.Decks {
			exec("INSERT INTO decks VALUES (?, ?, 0, 0, x'', x'')", id, strings.ReplaceAll(name, "::", "\x1f"))
		}
	} else {
		exec("INSERT INTO col VALUES (1, ?, 0, 0, 11, 0, 0, 0, '{}', ?, ?, '{}', '{}')", p.Crt, p.modelsJSON(), p.decksJSON())
	}
	for _, n := range p.Notes {
		exec("INSERT INTO notes VALUES (?, ?, ?, 0, 0, ?, ?, '', 0, 0, '')", n.ID, n.GUID, n.Mid, n.Tags, strings.Join(n.Fields, "\x1f"))
	}
	for _, c := range p.Cards {
		exec("INSERT INTO cards VALUES (?, ?, ?, ?, 0, 0, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?, 0, '')",
			c.ID, c.Nid, c.Did, c.Ord, c.Type, c.Queue, c.Due, c.Ivl, c.Factor, c.Reps, c.Lapses, c.Due, c.Odid)
	}
	for _, r := range p.Revlog {
		exec("INSERT INTO revlog VALUES (?, ?, 0, ?, ?, ?, ?, ?, ?)", r.ID, r.Cid, r.Ease, r.Ivl, r.LastIvl, r.Factor, r.Took, r.Type)
	}
	if !p.NoIndexes {
		for _, sql := range strings.Split(schema11Indexes, ";") {
			exec(sql)
		}
	}
	return writeSQLite(t, stmts, args)
}

func (p Package) modelsJSON() string {
	m := map[string]any{}
	for _, nt := range p.Notetypes {
		var flds, tmpls []map[string]any
		for i, f := range nt.Fields {
			flds = append(flds, map[string]any{"name": f, "ord": i})
		}
		for i, tm := range nt.Templates {
			tmpls = append(tmpls, map[string]any{"name": tm[0], "ord": i, "qfmt": tm[1], "afmt": tm[2]})
		}
		typ := 0
		if nt.Cloze {
			typ = 1
		}
		m[strconv.FormatInt(nt.ID, 10)] = map[string]any{"id": nt.ID, "name": nt.Name, "type": typ, "flds": flds, "tmpls": tmpls}
	}
	b, _ := json.Marshal(m)
	return string(b)
}

func (p Package) decksJSON() string {
	m := map[string]any{}
	for id, name := range p.Decks {
		m[strconv.FormatInt(id, 10)] = map[string]any{"id": id, "name": name, "dyn": 0}
	}
	b, _ := json.Marshal(m)
	return string(b)
}

// ProtoMsg encodes one field: a varint for an int, bytes for a string.
func ProtoMsg(num int, v any) []byte {
	var b []byte
	switch v := v.(type) {
	case int:
		b = binary.AppendUvarint(b, uint64(num)<<3)
		b = binary.AppendUvarint(b, uint64(v))
	case string:
		b = binary.AppendUvarint(b, uint64(num)<<3|2)
		b = binary.AppendUvarint(b, uint64(len(v)))
		b = append(b, v...)
	case []byte:
		b = binary.AppendUvarint(b, uint64(num)<<3|2)
		b = binary.AppendUvarint(b, uint64(len(v)))
		b = append(b, v...)
	}
	return b
}

// ZstdBytes compresses data as Anki's newer packages do.
func ZstdBytes(t testing.TB, data []byte) []byte {
	enc, err := zstd.NewWriter(nil)
	if err != nil {
		t.Fatal(err)
	}
	return enc.EncodeAll(data, nil)
}

// BuildOnly zips the package's extra entries alone, for damaged packages.
func (p Package) BuildOnly(t testing.TB) []byte {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for name, data := range p.Entries {
		w, err := zw.CreateHeader(&zip.FileHeader{Name: name, Method: zip.Deflate})
		if err != nil {
			t.Fatal(err)
		}
		w.Write(data)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// Build writes the package as Anki would: the collection, a "please update"
// stub beside the newest format, the media map and files, and meta.
func (p Package) Build(t testing.TB) []byte {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	put := func(name string, data []byte) {
		w, err := zw.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		w.Write(data)
	}
	col := p.Collection(t)
	names := make([]string, 0, len(p.Media))
	for name := range p.Media {
		names = append(names, name)
	}
	switch p.Format {
	case "anki21b":
		put("collection.anki21b", ZstdBytes(t, col))
		stub := Package{Format: "anki2", Notetypes: []Notetype{Basic}, Decks: map[int64]string{1: "Default"},
			Notes: []Note{{1, "stub", 1, "", []string{"Please update to the latest Anki version, then import the .colpkg/.apkg file again.", ""}}},
			Cards: []Card{{ID: 1, Nid: 1, Did: 1}}}
		put("collection.anki2", stub.Collection(t))
		put("meta", ProtoMsg(1, 3))
		var entries []byte
		for i, name := range names {
			entries = append(entries, ProtoMsg(1, ProtoMsg(1, name))...)
			put(strconv.Itoa(i), ZstdBytes(t, []byte(p.Media[name])))
		}
		put("media", ZstdBytes(t, entries))
	default:
		put("collection."+p.Format, col)
		m := map[string]string{}
		for i, name := range names {
			m[strconv.Itoa(i)] = name
			put(strconv.Itoa(i), []byte(p.Media[name]))
		}
		b, _ := json.Marshal(m)
		put("media", b)
	}
	for name, data := range p.Entries {
		put(name, data)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}
