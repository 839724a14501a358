package deck

import (
	"os"
	"reflect"
	"strings"
	"testing"
	"testing/fstest"
	"time"
)

// damagedPackage is the sample package with cards Anki would not show: a
// second note with an earlier note's GUID, a card whose note is gone, and
// a card of a template its note type does not have.
func damagedPackage(format string) testPackage {
	p := samplePackage(format)
	p.notes = append(p.notes, pkgNote{106, "gBasic", 1, "", []string{"dup", "x"}})
	p.cards = append(p.cards,
		pkgCard{id: 1060, nid: 106, did: 10},
		pkgCard{id: 1070, nid: 999, did: 10},
		pkgCard{id: 1080, nid: 100, did: 10, ord: 5})
	return p
}

// TestStreamIsLoadPackages: an Anki package streamed gives what Load
// gives: its decks in order, their cards with progress, notes, topics,
// tags and media, their hashes, and the diagnostics, in every collection
// format, whole or spooled to a file, with one deck or several.
func TestStreamIsLoadPackages(t *testing.T) {
	utc := LoadOptions{Location: time.UTC}
	big := benchPackage(t, 2500, 1500, 3)
	plain := benchCollection(2500, 1500, 3)
	plain.noIndexes = true
	tests := []struct {
		name string
		fsys fstest.MapFS
		root string
		o    LoadOptions
	}{
		{"anki2", fstest.MapFS{"s.apkg": {Data: samplePackage("anki2").build(t)}}, "s.apkg", utc},
		{"anki21", fstest.MapFS{"s.apkg": {Data: samplePackage("anki21").build(t)}}, "s.apkg", utc},
		{"anki21b", fstest.MapFS{"s.apkg": {Data: samplePackage("anki21b").build(t)}}, "s.apkg", utc},
		{"damaged rows", fstest.MapFS{"d.apkg": {Data: damagedPackage("anki21").build(t)}}, "d.apkg", utc},
		{"fresh, with media", fstest.MapFS{"s.apkg": {Data: samplePackage("anki21b").build(t)}}, "s.apkg", LoadOptions{Location: time.UTC, Fresh: true, Media: "/m"}},
		{"one deck by --deck", fstest.MapFS{"s.apkg": {Data: samplePackage("anki2").build(t)}}, "s.apkg", LoadOptions{Location: time.UTC, DeckName: "All"}},
		{"more than a block", fstest.MapFS{"b.apkg": {Data: big}}, "b.apkg", utc},
		{"without Anki's indexes", fstest.MapFS{"b.apkg": {Data: plain.build(t)}}, "b.apkg", utc},
		{"spooled to a file", fstest.MapFS{"b.apkg": {Data: big}}, "b.apkg", LoadOptions{Location: time.UTC, TempDir: t.TempDir(), spoolAbove: 4096}},
		{"with a deck file, merged", fstest.MapFS{"v/s.apkg": {Data: samplePackage("anki21").build(t)}, "v/a.md": {Data: []byte(streamA)}}, "v", LoadOptions{Location: time.UTC, DeckName: "All"}},
		{"two packages", fstest.MapFS{"v/a.apkg": {Data: samplePackage("anki2").build(t)}, "v/b.apkg": {Data: damagedPackage("anki21b").build(t)}}, "v", utc},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			want, wantDiags := Load(tt.fsys, tt.root, "in/"+tt.root, tt.o)
			if wantDiags.Err() != nil || len(want) == 0 {
				t.Fatalf("load: %d sources, %v", len(want), wantDiags)
			}
			plan, diags := Scan(tt.fsys, tt.root, "in/"+tt.root, tt.o)
			if diags.Err() != nil {
				t.Fatalf("scan: %v", diags)
			}
			blocks := &blockSink{}
			if _, err := plan.Stream(blocks); err != nil || blocks.most > cardBlock {
				t.Fatalf("stream: %v, a block of %d cards", err, blocks.most)
			}
			plan, _ = Scan(tt.fsys, tt.root, "in/"+tt.root, tt.o)
			checkCollected(t, plan, diags, want, wantDiags)
		})
	}
}

// blockSink notes the largest block it was given.
type blockSink struct{ most int }

func (s *blockSink) Cards(i int, block []Card) error { s.most = max(s.most, len(block)); return nil }
func (s *blockSink) End(i int, topics []Topic) error { return nil }

// TestScanPackageHoldsNoCards: Scan of a package gives heads without
// cards, and its diagnostics once: Stream repeats none of them.
func TestScanPackageHoldsNoCards(t *testing.T) {
	fsys := fstest.MapFS{"d.apkg": {Data: damagedPackage("anki21b").build(t)}}
	plan, diags := Scan(fsys, "d.apkg", "d.apkg", LoadOptions{Location: time.UTC})
	var names []string
	for _, h := range plan.Heads {
		names = append(names, h.Deck.Name)
		if h.Deck.Cards != nil || h.Deck.Topics != nil || h.Deck.Hash == "" || h.Path != "d.apkg#"+h.Deck.Name || h.Package != "d.apkg" {
			t.Errorf("head %+v", h)
		}
	}
	if strings.Join(names, ",") != "Default,Geo,Spanish" {
		t.Errorf("heads %v, want Default, Geo, Spanish", names)
	}
	want := []string{
		"d.apkg: warning: card has the same GUID as the card at line 0; keeping that one",
		"d.apkg: warning: 1 cards show nothing on their front, in Anki too, and are left out",
	}
	if got := diagStrings(diags); !reflect.DeepEqual(got, want) {
		t.Errorf("scan: %q, want %q", got, want)
	}
	more, err := plan.Stream(&countingSink{})
	if err != nil || len(more) != 0 {
		t.Errorf("stream: %v %v, want nothing", more, err)
	}
}

// TestStreamPackageChanged: a package that changes between Scan and
// Stream fails the stream with ErrChanged, and nothing of it is given.
func TestStreamPackageChanged(t *testing.T) {
	fsys := fstest.MapFS{"s.apkg": {Data: samplePackage("anki21").build(t)}}
	plan, diags := Scan(fsys, "s.apkg", "s.apkg", LoadOptions{})
	if diags.Err() != nil {
		t.Fatal(diags)
	}
	changed := samplePackage("anki21")
	changed.notes[0].fields[1] = "the pear"
	fsys["s.apkg"] = &fstest.MapFile{Data: changed.build(t)}
	s := &countingSink{}
	got, err := plan.Stream(s)
	if err != nil || len(got) != 1 || got[0].Msg != ErrChanged.Error() || got[0].File != "s.apkg" || s.cards != 0 {
		t.Errorf("stream: %v %v, %d cards; want one line %q", got, err, s.cards, ErrChanged)
	}
}

// TestPackageSpool: a collection larger than the spool's threshold goes
// to a file in TempDir, named there for no longer than it takes to open
// it, and nothing is left behind once the package is closed.
func TestPackageSpool(t *testing.T) {
	dir := t.TempDir()
	data := samplePackage("anki21b").build(t)
	fsys := fstest.MapFS{"s.apkg": {Data: data}}
	pkg, problem := openPackage(fsys, "s.apkg", MaxPackageCollection, LoadOptions{TempDir: dir, spoolAbove: 1024})
	if problem != "" {
		t.Fatal(problem)
	}
	if pkg.spool.f == nil || pkg.spool.mem != nil {
		t.Errorf("the collection was not spooled to a file")
	}
	if left, _ := os.ReadDir(dir); len(left) != 0 {
		t.Errorf("the spool is named in %s: %v", dir, left)
	}
	if err := pkg.Close(); err != nil {
		t.Fatal(err)
	}
	pkg, problem = openPackage(fsys, "s.apkg", MaxPackageCollection, LoadOptions{TempDir: dir})
	if problem != "" || pkg.spool.f != nil {
		t.Errorf("a small collection was spooled to a file (%s)", problem)
	}
	pkg.Close()
	bad := LoadOptions{TempDir: dir + "/missing", spoolAbove: 1024}
	if _, problem := openPackage(fsys, "s.apkg", MaxPackageCollection, bad); !strings.HasPrefix(problem, "cannot spool the collection: ") {
		t.Errorf("spool in a missing directory: %q", problem)
	}
}

// checkCollected checks that plan, which Scan gave with diags, collects
// into what Load gave.
func checkCollected(t *testing.T, plan *Plan, diags Diagnostics, want []Source, wantDiags Diagnostics) {
	t.Helper()
	got, more, err := plan.Collect()
	if err != nil {
		t.Fatal(err)
	}
	diags = append(diags, more...)
	if !reflect.DeepEqual(got, want) {
		t.Errorf("streamed sources differ from Load's:\n got %+v\nwant %+v", got, want)
	}
	if !reflect.DeepEqual(diags, wantDiags) {
		t.Errorf("diagnostics: got %v, want %v", diags, wantDiags)
	}
}
