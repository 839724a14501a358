package deck

import (
	"archive/zip"
	"bytes"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/klauspost/compress/zstd"
	"github.com/ncruces/go-sqlite3"
)

// Test packages are built here with the SQLite library, in each of the
// three collection formats Anki has written, from one description.

type pkgNotetype struct {
	id     int64
	name   string
	cloze  bool
	fields []string
	tmpls  [][3]string // name, question, answer
}

type pkgNote struct {
	id     int64
	guid   string
	mid    int64
	tags   string
	fields []string
}

type pkgCard struct {
	id, nid, did                         int64
	ord, typ, queue                      int
	due, ivl, factor, reps, lapses, odid int64
}

type pkgRev struct {
	id, cid, ease, ivl, lastIvl, factor, took, typ int64
}

type testPackage struct {
	format    string // "anki2", "anki21" or "anki21b"
	crt       int64
	notetypes []pkgNotetype
	decks     map[int64]string // "Parent::Child"
	notes     []pkgNote
	cards     []pkgCard
	revlog    []pkgRev
	media     map[string]string // name → content
	entries   map[string][]byte // more zip entries, as they are
}

var (
	basicType    = pkgNotetype{1, "Basic", false, []string{"Front", "Back"}, [][3]string{{"Card 1", "{{Front}}", "{{FrontSide}}\n\n<hr id=answer>\n\n{{Back}}"}}}
	reversedType = pkgNotetype{2, "Basic (and reversed card)", false, []string{"Front", "Back"}, [][3]string{
		{"Card 1", "{{Front}}", "{{FrontSide}}<hr id=answer>{{Back}}"},
		{"Card 2", "{{Back}}", "{{FrontSide}}<hr id=answer>{{Front}}"}}}
	clozeType = pkgNotetype{3, "Cloze", true, []string{"Text", "Back Extra"}, [][3]string{{"Cloze", "{{cloze:Text}}", "{{cloze:Text}}<br>\n{{Back Extra}}"}}}
	extraType = pkgNotetype{4, "Basic with extra", false, []string{"Front", "Back", "Extra"}, [][3]string{
		{"Card 1", "{{Front}}{{#Extra}}<div>({{Extra}})</div>{{/Extra}}", "{{FrontSide}}<hr id=answer>{{Back}}{{^Extra}}<br>no extra{{/Extra}}"}}}
)

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

const schema18 = `CREATE TABLE notetypes (id integer NOT NULL PRIMARY KEY, name text NOT NULL COLLATE unicase,
  mtime_secs integer NOT NULL, usn integer NOT NULL, config blob NOT NULL);
CREATE TABLE fields (ntid integer NOT NULL, ord integer NOT NULL, name text NOT NULL COLLATE unicase,
  config blob NOT NULL, PRIMARY KEY (ntid, ord)) without rowid;
CREATE TABLE templates (ntid integer NOT NULL, ord integer NOT NULL, name text NOT NULL COLLATE unicase,
  mtime_secs integer NOT NULL, usn integer NOT NULL, config blob NOT NULL, PRIMARY KEY (ntid, ord)) without rowid;
CREATE TABLE decks (id integer PRIMARY KEY NOT NULL, name text NOT NULL COLLATE unicase, mtime_secs integer NOT NULL,
  usn integer NOT NULL, common blob NOT NULL, kind blob NOT NULL);`

// collection writes the package's SQLite in its format's schema.
func (p testPackage) collection(t testing.TB) []byte {
	var stmts []string
	var args [][]any
	exec := func(sql string, a ...any) { stmts, args = append(stmts, sql), append(args, a) }
	for _, sql := range strings.Split(schema11, ";") {
		exec(sql)
	}
	if p.format == "anki21b" {
		for _, sql := range strings.Split(schema18, ";") {
			exec(sql)
		}
		exec("INSERT INTO col VALUES (1, ?, 0, 0, 18, 0, 0, 0, '', '', '', '', '')", p.crt)
		for _, nt := range p.notetypes {
			kind := 0
			if nt.cloze {
				kind = 1
			}
			exec("INSERT INTO notetypes VALUES (?, ?, 0, 0, ?)", nt.id, nt.name, protoMsg(1, kind))
			for i, f := range nt.fields {
				exec("INSERT INTO fields VALUES (?, ?, ?, ?)", nt.id, i, f, []byte{})
			}
			for i, tm := range nt.tmpls {
				exec("INSERT INTO templates VALUES (?, ?, ?, 0, 0, ?)", nt.id, i, tm[0], append(protoMsg(1, tm[1]), protoMsg(2, tm[2])...))
			}
		}
		for id, name := range p.decks {
			exec("INSERT INTO decks VALUES (?, ?, 0, 0, x'', x'')", id, strings.ReplaceAll(name, "::", "\x1f"))
		}
	} else {
		exec("INSERT INTO col VALUES (1, ?, 0, 0, 11, 0, 0, 0, '{}', ?, ?, '{}', '{}')", p.crt, p.modelsJSON(), p.decksJSON())
	}
	for _, n := range p.notes {
		exec("INSERT INTO notes VALUES (?, ?, ?, 0, 0, ?, ?, '', 0, 0, '')", n.id, n.guid, n.mid, n.tags, strings.Join(n.fields, "\x1f"))
	}
	for _, c := range p.cards {
		exec("INSERT INTO cards VALUES (?, ?, ?, ?, 0, 0, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?, 0, '')",
			c.id, c.nid, c.did, c.ord, c.typ, c.queue, c.due, c.ivl, c.factor, c.reps, c.lapses, c.due, c.odid)
	}
	for _, r := range p.revlog {
		exec("INSERT INTO revlog VALUES (?, ?, 0, ?, ?, ?, ?, ?, ?)", r.id, r.cid, r.ease, r.ivl, r.lastIvl, r.factor, r.took, r.typ)
	}
	return writeSQLite(t, stmts, args)
}

func (p testPackage) modelsJSON() string {
	m := map[string]any{}
	for _, nt := range p.notetypes {
		var flds, tmpls []map[string]any
		for i, f := range nt.fields {
			flds = append(flds, map[string]any{"name": f, "ord": i})
		}
		for i, tm := range nt.tmpls {
			tmpls = append(tmpls, map[string]any{"name": tm[0], "ord": i, "qfmt": tm[1], "afmt": tm[2]})
		}
		typ := 0
		if nt.cloze {
			typ = 1
		}
		m[strconv.FormatInt(nt.id, 10)] = map[string]any{"id": nt.id, "name": nt.name, "type": typ, "flds": flds, "tmpls": tmpls}
	}
	b, _ := json.Marshal(m)
	return string(b)
}

func (p testPackage) decksJSON() string {
	m := map[string]any{}
	for id, name := range p.decks {
		m[strconv.FormatInt(id, 10)] = map[string]any{"id": id, "name": name, "dyn": 0}
	}
	b, _ := json.Marshal(m)
	return string(b)
}

// protoMsg encodes one field: a varint for an int, bytes for a string.
func protoMsg(num int, v any) []byte {
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

func zstdBytes(t testing.TB, data []byte) []byte {
	enc, err := zstd.NewWriter(nil)
	if err != nil {
		t.Fatal(err)
	}
	return enc.EncodeAll(data, nil)
}

// buildOnly zips the package's extra entries alone, for damaged packages.
func (p testPackage) buildOnly(t testing.TB) []byte {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for name, data := range p.entries {
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

// build writes the package as Anki would: the collection, a "please update"
// stub beside the newest format, the media map and files, and meta.
func (p testPackage) build(t testing.TB) []byte {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	put := func(name string, data []byte) {
		w, err := zw.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		w.Write(data)
	}
	col := p.collection(t)
	names := make([]string, 0, len(p.media))
	for name := range p.media {
		names = append(names, name)
	}
	switch p.format {
	case "anki21b":
		put("collection.anki21b", zstdBytes(t, col))
		stub := testPackage{format: "anki2", notetypes: []pkgNotetype{basicType}, decks: map[int64]string{1: "Default"},
			notes: []pkgNote{{1, "stub", 1, "", []string{"Please update to the latest Anki version, then import the .colpkg/.apkg file again.", ""}}},
			cards: []pkgCard{{id: 1, nid: 1, did: 1}}}
		put("collection.anki2", stub.collection(t))
		put("meta", protoMsg(1, 3))
		var entries []byte
		for i, name := range names {
			entries = append(entries, protoMsg(1, protoMsg(1, name))...)
			put(strconv.Itoa(i), zstdBytes(t, []byte(p.media[name])))
		}
		put("media", zstdBytes(t, entries))
	default:
		put("collection."+p.format, col)
		m := map[string]string{}
		for i, name := range names {
			m[strconv.Itoa(i)] = name
			put(strconv.Itoa(i), []byte(p.media[name]))
		}
		b, _ := json.Marshal(m)
		put("media", b)
	}
	for name, data := range p.entries {
		put(name, data)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// parsePackage reads a built package as hone would.
func parsePackage(t testing.TB, data []byte, o LoadOptions) ([]Deck, Diagnostics) {
	t.Helper()
	return ParseAnkiPackage("test.apkg", bytes.NewReader(data), int64(len(data)), o)
}

// describe prints a deck's cards, one line each, for comparing packages.
func describe(decks []Deck) string {
	var b strings.Builder
	for _, d := range decks {
		for _, c := range d.Cards {
			fmt.Fprintf(&b, "%s|%s|%s|%s|%v|%q|%q|%q|%v\n", d.Name, c.Topic, c.ID, c.Note, c.Kind, c.Front, c.Prompt, c.Back, c.Tags)
		}
	}
	return b.String()
}
