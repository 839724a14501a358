package deck

import (
	"archive/zip"
	"bytes"
	"io"
	"reflect"
	"strings"
	"testing"
	"testing/fstest"
	"time"
)

// FuzzParseAnkiPackage feeds the package reader zips, and collections
// wrapped in a zip (the first byte says how), so that the fuzzer reaches
// the SQLite reader and the templates as well as the zip.
func FuzzParseAnkiPackage(f *testing.F) {
	for _, format := range []string{"anki2", "anki21", "anki21b"} {
		p := samplePackage(format)
		f.Add(append([]byte{0}, p.build(f)...))
		f.Add(append([]byte{1}, p.collection(f)...))
	}
	f.Add([]byte{0, 'P', 'K'})
	f.Fuzz(func(t *testing.T, in []byte) {
		if len(in) == 0 {
			return
		}
		data := in[1:]
		if in[0]%2 == 1 {
			data = zipWith(t, "collection.anki2", data)
		}
		var decks []Deck
		var diags Diagnostics
		done := make(chan struct{})
		go func() {
			decks, diags = parseAnkiPackage("f.apkg", bytes.NewReader(data), int64(len(data)), LoadOptions{Location: time.UTC}, 16<<20)
			checkStreamIsLoad(t, data)
			close(done)
		}()
		select {
		case <-done:
		case <-time.After(20 * time.Second):
			t.Fatalf("reading %d bytes took over 20s", len(data))
		}
		for _, d := range diags {
			if strings.Contains(d.Msg, "\n") {
				t.Fatalf("a diagnostic of two lines: %q", d.Msg)
			}
		}
		if diags.Err() != nil && len(decks) > 0 {
			t.Fatalf("decks despite errors: %v", diags)
		}
		for _, d := range decks {
			ids := map[string]bool{}
			for _, c := range d.Cards {
				if c.ID == "" || strings.TrimSpace(c.Front) == "" || c.Deck != d.Name || c.Topic == "" || ids[c.ID] {
					t.Fatalf("bad card: %#v", c)
				}
				ids[c.ID] = true
				if c.Kind == Cloze && !strings.Contains(c.Front, clozeMark+"[") {
					t.Fatalf("cloze card without a blank: %#v", c)
				}
			}
		}
	})
}

func zipWith(t *testing.T, name string, data []byte) []byte {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	w, err := zw.Create(name)
	if err != nil {
		t.Fatal(err)
	}
	w.Write(data)
	zw.Close()
	return buf.Bytes()
}

// FuzzAnkiTemplate renders any template over fields of any text.
func FuzzAnkiTemplate(f *testing.F) {
	for _, nt := range []pkgNotetype{basicType, reversedType, clozeType, extraType} {
		for _, tm := range nt.tmpls {
			f.Add(tm[1], "{{c1::a::h}} <b>b</b> {{c2::c}}")
			f.Add(tm[2], "x[y] z")
		}
	}
	f.Add("{{#A}}{{^B}}{{/A}}{{/B}}<!-- {{A}} -->{{kana:A}}{{cloze-only:A}}{{type:cloze:A}}", "")
	f.Fuzz(func(t *testing.T, tmpl, field string) {
		fields := map[string]string{"A": field, "B": "", "Front": field, "Back": field, "Text": field, "Extra": field, "Back Extra": field}
		done := make(chan string)
		go func() {
			ctx := &tmplContext{fields: fields, clozeNum: 1 + len(field)%3, answer: len(tmpl)%2 == 0, frontSide: "F"}
			done <- renderTemplate(parseTemplate(tmpl), ctx)
		}()
		select {
		case out := <-done:
			if !strings.Contains(tmpl, "{{") && !strings.Contains(tmpl, "<%") && out != tmpl {
				t.Fatalf("a template with no tags rendered as %q", out)
			}
		case <-time.After(5 * time.Second):
			t.Fatalf("rendering took over 5s")
		}
	})
}

// FuzzCloze parses text in each cloze syntax (the first byte picks it) and
// renders every card.
func FuzzCloze(f *testing.F) {
	f.Add(byte(0), "{{c1::a {{c2::b::h}}}} ==c== **d** {{e}}")
	f.Add(byte(7), "==1;;x;;y== `==z==` | ==t== |")
	f.Fuzz(func(t *testing.T, pick byte, text string) {
		syn := []clozeSyntax{ankiCloze, honeCloze, OSRClozes{}.syntax(), OSRClozes{Bold: true, Curly: true}.syntax()}[pick%4]
		done := make(chan struct{})
		go func() {
			defer close(done)
			nodes := parseCloze(text, syn)
			nums := clozeNumbers(nodes)
			if len(nums) == 0 && renderCloze(nodes, 1, false) != text {
				t.Errorf("text without deletions came back as %q", renderCloze(nodes, 1, false))
			}
			for _, n := range nums {
				if front := renderCloze(nodes, n, false); !strings.Contains(front, clozeMark+"[") {
					t.Errorf("card %d has no blank: %q", n, front)
				}
			}
		}()
		select {
		case <-done:
		case <-time.After(5 * time.Second):
			t.Fatalf("cloze parse took over 5s")
		}
	})
}

// FuzzAnkiPackageLayers fuzzes the package reader around its SQLite: the
// zip, meta and media list of any bytes, and the cards of a collection
// whose templates and fields are the fuzzer's. Run this and
// FuzzParseAnkiPackage with -fuzzminimizetime 1x: the fuzzer instruments
// the SQLite module too, so nearly every input is new coverage, and
// minimizing each for the default minute leaves no time to fuzz.
func FuzzAnkiPackageLayers(f *testing.F) {
	// The kept sample packages, so that no SQLite runs in the fuzzer.
	for _, format := range []string{"anki2", "anki21b"} {
		f.Add(readImportFile(f, "sample-"+format+".apkg"), "{{Front}}{{#Back}}x{{/Back}}", "{{FrontSide}}<hr id=answer>{{Back}}", "{{c1::a}} <img src=\"cat.jpg\"> [sound:b.mp3]")
	}
	f.Add([]byte("PK"), "{{cloze:Front}}", "{{cloze:Front}}<br>{{type:Back}}", "{{c2::x::h}} {{c1::y}}")
	f.Fuzz(func(t *testing.T, data []byte, qfmt, afmt, field string) {
		var media map[string]string
		if z, err := openAnkiZip(bytes.NewReader(data), int64(len(data))); err == nil {
			z.limit = 1 << 20
			if z.checkVersion() == nil {
				if f, err := z.newestCollection(); err == nil {
					z.copyEntry(f, z.limit, z.latest, func(uint64) io.Writer { return io.Discard })
				}
				media, _ = z.mediaMap()
			}
		}
		col := &ankiCollection{crt: sampleCrt, notetypes: map[int64]*ankiNotetype{}, decks: map[int64]string{1: "A::B", 2: field}}
		mem := memCollection{notes: map[int64]*ankiNoteRow{}, revlog: map[int64][]ankiReview{1: {{id: int64(len(field)) * 1e9, ease: int64(len(qfmt)), ivl: -int64(len(afmt))}}}}
		for id, cloze := range map[int64]bool{1: false, 2: true} {
			col.notetypes[id] = &ankiNotetype{name: "t", cloze: cloze, fields: []string{"Front", "Back"},
				templates: map[int]*ankiTemplate{0: {name: "c", q: parseTemplate(qfmt), a: parseTemplate(afmt)}, 1: {q: parseTemplate(afmt), a: parseTemplate(qfmt)}}}
			mem.notes[id] = &ankiNoteRow{guid: field, mid: id, fields: []string{field, qfmt}, tags: strings.Fields(field)}
			for ord := range 3 {
				mem.cards = append(mem.cards, ankiCardRow{id: id*10 + int64(ord), nid: id, did: id, ord: ord, typ: ord, queue: ord - 1, due: int64(len(field)) * 1e7, ivl: int64(len(afmt))})
			}
		}
		b := &packageBuilder{file: "f.apkg", o: LoadOptions{Location: time.UTC, Media: "m"}, col: col, progress: true,
			importers: map[string]*importer{}, media: packageMediaNamer(media, "m")}
		done := make(chan struct{})
		var decks []Deck
		go func() {
			if err := b.run(mem.source, ""); err == nil {
				decks, _ = b.finish()
			}
			close(done)
		}()
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			t.Fatalf("building cards took over 10s")
		}
		for _, d := range decks {
			for _, c := range d.Cards {
				if c.ID == "" || strings.TrimSpace(c.Front) == "" || c.Note == "" || c.Kind == Cloze && !strings.Contains(c.Front, clozeMark+"[") {
					t.Fatalf("bad card: %#v", c)
				}
			}
		}
	})
}

// memCollection is a collection's cards, notes and reviews in memory, for
// building cards without SQLite.
type memCollection struct {
	cards  []ankiCardRow // in order
	notes  map[int64]*ankiNoteRow
	revlog map[int64][]ankiReview
}

// source is memCollection's cardSource: blocks of rowBlock cards, as the
// collection's own.
func (m memCollection) source(withLog bool, need func([]ankiCardRow) bool, fn func(cardRows) bool) error {
	rows := m.cards
	for len(rows) > 0 {
		n := min(len(rows), rowBlock)
		blk := cardRows{rows: rows[:n], notes: m.notes}
		if withLog {
			blk.revlog = m.revlog
		}
		if (need == nil || need(blk.rows)) && !fn(blk) {
			return nil
		}
		rows = rows[n:]
	}
	return nil
}

// checkStreamIsLoad checks that a package scanned and streamed gives what
// Load gives, diagnostics and all; when Load fails, the scan or the
// stream fails with the same errors. Scan reads no reviews, so a damaged
// review table fails the stream, or nothing at all when no card is kept.
func checkStreamIsLoad(t *testing.T, data []byte) {
	fsys := fstest.MapFS{"f.apkg": {Data: data}}
	o := LoadOptions{Location: time.UTC, maxCollection: 16 << 20, spoolAbove: 64 << 10, TempDir: t.TempDir()}
	want, wantDiags := Load(fsys, "f.apkg", "f.apkg", o)
	plan, diags := Scan(fsys, "f.apkg", "f.apkg", o)
	var got []Source
	if diags.Err() == nil {
		var more Diagnostics
		var err error
		if got, more, err = plan.Collect(); err != nil {
			t.Errorf("stream: %v", err)
			return
		}
		diags = append(diags, more...)
	}
	switch {
	case wantDiags.Err() != nil && diags.Err() == nil:
		if len(got) > 0 {
			t.Errorf("scan and stream gave %d decks, but Load: %v", len(got), wantDiags)
		}
	case wantDiags.Err() != nil:
		if !reflect.DeepEqual(diags.Errors(), wantDiags.Errors()) {
			t.Errorf("scan and stream: %v, want Load's %v", diags, wantDiags)
		}
	case !reflect.DeepEqual(diags, wantDiags) || len(got)+len(want) > 0 && !reflect.DeepEqual(got, want):
		t.Errorf("stream differs from Load: %v, want %v", diags, wantDiags)
	}
}
