package deck

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"flag"
	"hash/crc32"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
	"time"
)

// crt is the sample collection's day 0: 2026-01-01 04:00 UTC.
var sampleCrt = time.Date(2026, 1, 1, 4, 0, 0, 0, time.UTC).Unix()

// samplePackage has a subdeck tree, reversed and cloze notes, a note type
// with conditionals, media, suspended and buried cards and a history.
func samplePackage(format string) testPackage {
	return testPackage{
		format:    format,
		crt:       sampleCrt,
		notetypes: []pkgNotetype{basicType, reversedType, clozeType, extraType},
		decks:     map[int64]string{1: "Default", 10: "Spanish", 11: "Spanish::Verbs", 12: "Spanish::Verbs::Irregular", 20: "Geo"},
		notes: []pkgNote{
			{100, "gBasic", 1, " spanish food ", []string{"la <b>manzana</b>", "the apple"}},
			{101, "gRev", 2, "", []string{"ser", "to be"}},
			{102, "gCloze", 3, "geo", []string{"{{c1::Canberra}} is the capital of {{c2::Australia::country}}", "Not Sydney."}},
			{103, "gExtra", 4, "", []string{"ir", "to go", ""}},
			{104, "gExtra2", 4, "", []string{"tener", "to have", "irregular"}},
			{105, "gMedia", 1, "", []string{`<img src="cat.jpg">`, "[sound:gato.mp3] el gato"}},
		},
		cards: []pkgCard{
			{id: 1000, nid: 100, did: 10, typ: 2, queue: 2, due: 30, ivl: 12, factor: 2350, reps: 6, lapses: 1},
			{id: 1010, nid: 101, did: 11, ord: 0},
			{id: 1011, nid: 101, did: 11, ord: 1, typ: 2, queue: -1, due: 40, ivl: 20, factor: 2500, reps: 3},
			{id: 1020, nid: 102, did: 20, ord: 0, typ: 1, queue: 1, due: sampleCrt + 86400*5 + 600, factor: 2500, reps: 1},
			{id: 1021, nid: 102, did: 20, ord: 1, typ: 2, queue: -3, due: 3, ivl: 1, factor: 2500, reps: 2},
			{id: 1030, nid: 103, did: 12},
			{id: 1040, nid: 104, did: 12},
			{id: 1050, nid: 105, did: 1},
		},
		revlog: []pkgRev{
			{id: (sampleCrt + 3600) * 1000, cid: 1000, ease: 3, ivl: -600, lastIvl: 0, factor: 2500, took: 5000, typ: 0},
			{id: (sampleCrt + 86400*2) * 1000, cid: 1000, ease: 1, ivl: 1, lastIvl: 10, factor: 2300, took: 7000, typ: 2},
			{id: (sampleCrt + 86400*3) * 1000, cid: 1000, ease: 4, ivl: 12, lastIvl: 1, factor: 2350, took: 2000, typ: 1},
		},
		media: map[string]string{"cat.jpg": "JPEG", "gato.mp3": "ID3"},
	}
}

func TestAnkiPackageFormats(t *testing.T) {
	want := strings.Join([]string{
		`Default|Default|anki-gMedia|anki-gMedia|basic|"[image: cat.jpg]"|""|"[sound: gato.mp3] el gato"|[]`,
		`Geo|Geo|anki-gCloze#c1|anki-gCloze|cloze|"==[...]== is the capital of Australia"|""|"==Canberra== is the capital of Australia\nNot Sydney."|[geo]`,
		`Geo|Geo|anki-gCloze#c2|anki-gCloze|cloze|"Canberra is the capital of ==[country]=="|""|"Canberra is the capital of ==Australia==\nNot Sydney."|[geo]`,
		`Spanish|Spanish|anki-gBasic|anki-gBasic|basic|"la manzana"|""|"the apple"|[spanish food]`,
		`Spanish|Verbs|anki-gRev|anki-gRev|basic|"ser"|""|"to be"|[]`,
		`Spanish|Verbs|anki-gRev#r|anki-gRev|basic|"to be"|""|"ser"|[]`,
		`Spanish|Verbs::Irregular|anki-gExtra|anki-gExtra|basic|"ir"|""|"to go\nno extra"|[]`,
		`Spanish|Verbs::Irregular|anki-gExtra2|anki-gExtra2|basic|"tener"|"(irregular)"|"to have"|[]`,
	}, "\n") + "\n"
	for _, format := range []string{"anki2", "anki21", "anki21b"} {
		t.Run(format, func(t *testing.T) {
			decks, diags := parsePackage(t, samplePackage(format).build(t), LoadOptions{Location: time.UTC})
			if len(diags) != 0 {
				t.Fatalf("diagnostics: %v", diags)
			}
			if got := describe(decks); got != want {
				t.Errorf("cards:\n%s\nwant:\n%s", got, want)
			}
			var names []string
			for _, d := range decks {
				names = append(names, d.Name)
				if d.Hash == "" {
					t.Errorf("deck %s has no hash", d.Name)
				}
			}
			if !slices.Equal(names, []string{"Default", "Geo", "Spanish"}) {
				t.Errorf("decks %v", names)
			}
		})
	}
}

func TestAnkiPackageProgress(t *testing.T) {
	decks, _ := parsePackage(t, samplePackage("anki21b").build(t), LoadOptions{Location: time.UTC})
	cards := map[string]Card{}
	for _, d := range decks {
		for _, c := range d.Cards {
			cards[c.ID] = c
		}
	}
	day := func(n int) Date { return DateOf(time.Unix(sampleCrt, 0).UTC().AddDate(0, 0, n)) }
	at := func(sec int64) time.Time { return time.Unix(sec, 0).UTC() }
	want := map[string]*Progress{
		"anki-gBasic": {Type: AnkiReview, Queue: AnkiQueueReview, Interval: 12, Ease: 2.35, Reps: 6, Lapses: 1, Due: day(30), Log: []Review{
			{Time: at(sampleCrt + 3600), Button: 3, Interval: 10 * time.Minute, Ease: 2.5, Took: 5 * time.Second, Kind: ReviewLearn},
			{Time: at(sampleCrt + 86400*2), Button: 1, Interval: 24 * time.Hour, LastInterval: 240 * time.Hour, Ease: 2.3, Took: 7 * time.Second, Kind: ReviewRelearn},
			{Time: at(sampleCrt + 86400*3), Button: 4, Interval: 12 * 24 * time.Hour, LastInterval: 24 * time.Hour, Ease: 2.35, Took: 2 * time.Second, Kind: ReviewReview},
		}},
		"anki-gRev":      nil,
		"anki-gRev#r":    {Type: AnkiReview, Queue: AnkiQueueSuspended, Interval: 20, Ease: 2.5, Reps: 3, Due: day(40), Suspended: true},
		"anki-gCloze#c1": {Type: AnkiLearning, Queue: AnkiQueueLearning, Ease: 2.5, Reps: 1, Due: day(5), DueAt: at(sampleCrt + 86400*5 + 600)},
		"anki-gCloze#c2": {Type: AnkiReview, Queue: AnkiQueueUserBuried, Interval: 1, Ease: 2.5, Reps: 2, Due: day(3), Buried: true},
		"anki-gExtra":    nil,
	}
	if day(30) != (Date{2026, time.January, 31}) {
		t.Fatalf("day 30 is %v", day(30))
	}
	for id, w := range want {
		got := cards[id].Progress
		if (got == nil) != (w == nil) {
			t.Errorf("%s: progress %+v, want %+v", id, got, w)
			continue
		}
		if got == nil {
			continue
		}
		if !got.DueAt.Equal(w.DueAt) || !slices.EqualFunc(got.Log, w.Log, func(a, b Review) bool {
			return a.Time.Equal(b.Time) && a.Button == b.Button && a.Interval == b.Interval && a.LastInterval == b.LastInterval && a.Ease == b.Ease && a.Took == b.Took && a.Kind == b.Kind
		}) {
			t.Errorf("%s: progress %+v, want %+v", id, got, w)
		}
		g, ww := *got, *w
		g.DueAt, ww.DueAt, g.Log, ww.Log = time.Time{}, time.Time{}, nil, nil
		if g.Type != ww.Type || g.Queue != ww.Queue || g.Interval != ww.Interval || g.Ease != ww.Ease || g.Reps != ww.Reps ||
			g.Lapses != ww.Lapses || g.Due != ww.Due || g.Suspended != ww.Suspended || g.Buried != ww.Buried {
			t.Errorf("%s: progress %+v, want %+v", id, g, ww)
		}
	}
	fresh, _ := parsePackage(t, samplePackage("anki21").build(t), LoadOptions{Fresh: true})
	for _, d := range fresh {
		for _, c := range d.Cards {
			if c.Progress != nil {
				t.Errorf("--fresh kept the progress of %s", c.ID)
			}
		}
	}
}

func TestAnkiPackageOptions(t *testing.T) {
	data := samplePackage("anki21b").build(t)
	decks, diags := parsePackage(t, data, LoadOptions{DeckName: "Mine", Media: "media/anki"})
	if diags.Err() != nil || len(decks) != 1 || decks[0].Name != "Mine" {
		t.Fatalf("decks %+v, %v", decks, diags)
	}
	topics := map[string]string{}
	for _, c := range decks[0].Cards {
		topics[c.ID] = c.Topic
		if c.ID == "anki-gMedia" && (c.Front != "[image: media/anki/cat.jpg]" || c.Back != "[sound: media/anki/gato.mp3] el gato") {
			t.Errorf("media card: %q / %q", c.Front, c.Back)
		}
	}
	if topics["anki-gExtra"] != "Spanish::Verbs::Irregular" || topics["anki-gMedia"] != "Default" {
		t.Errorf("topics under --deck: %v", topics)
	}
	again, _ := parsePackage(t, data, LoadOptions{DeckName: "Mine"})
	if again[0].Hash == decks[0].Hash {
		t.Errorf("the hash does not tell the --media import from the plain one")
	}
}

func TestAnkiPackageRefusesBadPackages(t *testing.T) {
	zipOf := func(entries map[string][]byte) []byte {
		return testPackage{format: "anki2", entries: entries}.buildOnly(t)
	}
	good := samplePackage("anki21").collection(t)
	bomb := func() []byte {
		var buf bytes.Buffer
		zw := zip.NewWriter(&buf)
		w, _ := zw.CreateHeader(&zip.FileHeader{Name: "collection.anki2", Method: zip.Deflate})
		w.Write(make([]byte, 3<<20)) // 3 MB of zeros, a few KB zipped
		zw.Close()
		return buf.Bytes()
	}()
	tests := []struct {
		name string
		data []byte
		want string
	}{
		{"not a zip", []byte("PK but not really a zip"), "it is not a zip file"},
		{"no collection", zipOf(map[string][]byte{"media": []byte("{}")}), "it holds no Anki collection"},
		{"not SQLite", zipOf(map[string][]byte{"collection.anki2": []byte("hello")}), "its collection is not an SQLite database"},
		{"damaged SQLite", zipOf(map[string][]byte{"collection.anki2": good[:len(good)/3]}), "its collection is damaged"},
		{"garbage after the SQLite header", zipOf(map[string][]byte{"collection.anki2": append([]byte("SQLite format 3\x00"), bytes.Repeat([]byte{0xff}, 4096)...)}), "collection"},
		{"a zip bomb", bomb, "collection.anki2 is 3 MB uncompressed; hone reads at most 1 MB"},
		{"a zip bomb that lies about its size", lyingBomb(t), "collection.anki2 is damaged"},
		{"a zstd bomb", zipOf(map[string][]byte{"collection.anki21b": zstdBytes(t, make([]byte, 3<<20)), "meta": protoMsg(1, 3)}), "collection.anki21b is more than 1 MB uncompressed"},
		{"a path out of the package", zipOf(map[string][]byte{"collection.anki2": good, "../../x": []byte("x")}), `it holds a file named "../../x", which is not a plain file name`},
		{"an absolute path", zipOf(map[string][]byte{"/etc/x": []byte("x")}), "which is not a plain file name"},
		{"media named out of the folder", zipOf(map[string][]byte{"collection.anki2": good, "media": []byte(`{"0": "../evil.png"}`), "0": []byte("x")}), `it names a media file "../evil.png"`},
		{"a damaged media list", zipOf(map[string][]byte{"collection.anki2": good, "media": []byte(`{"0": `)}), "its media list is damaged"},
		{"a newer Anki", zipOf(map[string][]byte{"collection.anki21b": good, "meta": protoMsg(1, 4)}), "a newer Anki made it"},
		{"not zstd where zstd is due", zipOf(map[string][]byte{"collection.anki21b": good, "meta": protoMsg(1, 3)}), "collection.anki21b is damaged"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			decks, diags := parseAnkiPackage("bad.apkg", bytes.NewReader(tt.data), int64(len(tt.data)), LoadOptions{}, 1<<20)
			if len(decks) != 0 || len(diags) != 1 || diags[0].Severity != Error {
				t.Fatalf("decks %d, diagnostics %v; want one error", len(decks), diags)
			}
			got := diags[0].String()
			if !strings.HasPrefix(got, "bad.apkg: error: not an Anki package hone can read: ") || !strings.Contains(got, tt.want) || strings.Contains(got, "\n") {
				t.Errorf("got %q, want one line with %q", got, tt.want)
			}
		})
	}
}

// lyingBomb is a zip whose collection says it is 1 KB and holds 3 MB.
func lyingBomb(t *testing.T) []byte {
	var packed bytes.Buffer
	fw, _ := flate.NewWriter(&packed, flate.BestCompression)
	fw.Write(make([]byte, 3<<20))
	fw.Close()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	w, err := zw.CreateRaw(&zip.FileHeader{Name: "collection.anki2", Method: zip.Deflate,
		CompressedSize64: uint64(packed.Len()), UncompressedSize64: 1 << 10, CRC32: crc32.ChecksumIEEE(make([]byte, 1<<10))})
	if err != nil {
		t.Fatal(err)
	}
	w.Write(packed.Bytes())
	zw.Close()
	return buf.Bytes()
}

// TestWriteSamplePackages keeps the sample packages in testdata, for the
// command's tests and for trying hone by hand; -update writes them again.
func TestWriteSamplePackages(t *testing.T) {
	for _, format := range []string{"anki2", "anki21b"} {
		path := filepath.Join("testdata", "import", "sample-"+format+".apkg")
		data := samplePackage(format).build(t)
		if *updatePackages {
			if err := os.WriteFile(path, data, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		kept, err := os.ReadFile(path)
		if err != nil {
			t.Fatalf("%v (run go test ./deck -run WriteSample -update)", err)
		}
		got, _ := parsePackage(t, kept, LoadOptions{Location: time.UTC})
		want, _ := parsePackage(t, data, LoadOptions{Location: time.UTC})
		if describe(got) != describe(want) {
			t.Errorf("%s is out of date: go test ./deck -run WriteSample -update", path)
		}
	}
}

var updatePackages = flag.Bool("update", false, "write the sample packages in testdata again")

func TestLoadFindsPackagesInADirectory(t *testing.T) {
	fsys := fstest.MapFS{
		"vault/Spanish.apkg":  {Data: samplePackage("anki21").build(t)},
		"vault/notes.md":      {Data: []byte("Q::A\n")},
		"vault/broken.colpkg": {Data: []byte("not a zip")},
	}
	_, diags := Load(fsys, "vault", "vault", LoadOptions{})
	if got := diagStrings(diags); len(got) != 1 || !strings.HasPrefix(got[0], "vault/broken.colpkg: error: not an Anki package hone can read") {
		t.Fatalf("diagnostics %q", got)
	}
	delete(fsys, "vault/broken.colpkg")
	sources, diags := Load(fsys, "vault", "vault", LoadOptions{})
	if diags.Err() != nil {
		t.Fatal(diags)
	}
	var got []string
	for _, s := range sources {
		got = append(got, s.Path+" "+s.Package+" "+s.Deck.Name)
	}
	want := []string{"vault/Spanish.apkg#Default vault/Spanish.apkg Default", "vault/Spanish.apkg#Geo vault/Spanish.apkg Geo",
		"vault/Spanish.apkg#Spanish vault/Spanish.apkg Spanish", "vault/notes.md  notes"}
	if !slices.Equal(got, want) {
		t.Errorf("sources %q, want %q", got, want)
	}
}
