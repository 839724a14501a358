package deck

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	"github.com/hone-srs/hone/internal/ankitest"
)

// Test packages are described here as the deck tests write them, and built
// by ankitest, in each of the three collection formats Anki has written.

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
	noIndexes bool              // leave out Anki's indexes
}

// Anki's stock note types, as ankitest has them.
var (
	basicType    = notetypeOf(ankitest.Basic)
	reversedType = notetypeOf(ankitest.Reversed)
	clozeType    = notetypeOf(ankitest.ClozeType)
	extraType    = notetypeOf(ankitest.Extra)
)

func notetypeOf(nt ankitest.Notetype) pkgNotetype {
	return pkgNotetype{nt.ID, nt.Name, nt.Cloze, nt.Fields, nt.Templates}
}

// export is the package as ankitest builds it.
func (p testPackage) export() ankitest.Package {
	out := ankitest.Package{Format: p.format, Crt: p.crt, Decks: p.decks, Media: p.media, Entries: p.entries, NoIndexes: p.noIndexes}
	for _, nt := range p.notetypes {
		out.Notetypes = append(out.Notetypes, ankitest.Notetype{ID: nt.id, Name: nt.name, Cloze: nt.cloze, Fields: nt.fields, Templates: nt.tmpls})
	}
	for _, n := range p.notes {
		out.Notes = append(out.Notes, ankitest.Note{ID: n.id, GUID: n.guid, Mid: n.mid, Tags: n.tags, Fields: n.fields})
	}
	for _, c := range p.cards {
		out.Cards = append(out.Cards, ankitest.Card{ID: c.id, Nid: c.nid, Did: c.did, Ord: c.ord, Type: c.typ, Queue: c.queue,
			Due: c.due, Ivl: c.ivl, Factor: c.factor, Reps: c.reps, Lapses: c.lapses, Odid: c.odid})
	}
	for _, r := range p.revlog {
		out.Revlog = append(out.Revlog, ankitest.Rev{ID: r.id, Cid: r.cid, Ease: r.ease, Ivl: r.ivl, LastIvl: r.lastIvl, Factor: r.factor, Took: r.took, Type: r.typ})
	}
	return out
}

// collection writes the package's SQLite in its format's schema.
func (p testPackage) collection(t testing.TB) []byte { return p.export().Collection(t) }

// build writes the package as Anki would.
func (p testPackage) build(t testing.TB) []byte { return p.export().Build(t) }

// buildOnly zips the package's extra entries alone, for damaged packages.
func (p testPackage) buildOnly(t testing.TB) []byte { return p.export().BuildOnly(t) }

func protoMsg(num int, v any) []byte             { return ankitest.ProtoMsg(num, v) }
func zstdBytes(t testing.TB, data []byte) []byte { return ankitest.ZstdBytes(t, data) }

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
