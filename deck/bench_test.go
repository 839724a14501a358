package deck

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
)

// Import benchmarks at 50,000 cards. With HONE_BENCH_DIR set they also
// write the files they parse there (anki-50000.apkg, anki-50000.tsv), for
// timing `hone import` as a whole.

// benchPackage is an Anki package of n cards: three fifths basic notes,
// one fifth reversed pairs and one fifth two-deletion clozes, in three
// subdecks, the first reviewed cards with revs reviews each, a day apart.
func benchPackage(b testing.TB, n, reviewed int, revs int64) []byte {
	return benchCollection(n, reviewed, revs).build(b)
}

// benchCollection is benchPackage before it is built.
func benchCollection(n, reviewed int, revs int64) testPackage {
	p := testPackage{format: "anki21b", crt: sampleCrt, notetypes: []pkgNotetype{basicType, reversedType, clozeType},
		decks: map[int64]string{1: "Default", 10: "Bench", 11: "Bench::Words", 12: "Bench::Words::Hard"}}
	cardID := int64(1)
	card := func(nid, did int64, ord int) {
		c := pkgCard{id: cardID, nid: nid, did: did, ord: ord}
		if int(cardID) <= reviewed {
			c.typ, c.queue, c.due, c.ivl, c.factor, c.reps = 2, 2, 300, 20, 2500, revs
			for r := range revs {
				p.revlog = append(p.revlog, pkgRev{id: (sampleCrt+86400*r)*1000 + cardID, cid: cardID, ease: 3, ivl: 1 + r*4, factor: 2500, took: 4000, typ: 1})
			}
		}
		p.cards = append(p.cards, c)
		cardID++
	}
	for nid := int64(1); int(cardID) <= n; nid++ {
		did := 10 + nid%3
		switch {
		case int(cardID) <= n*3/5:
			p.notes = append(p.notes, pkgNote{nid, fmt.Sprintf("g%d", nid), 1, "bench", []string{fmt.Sprintf("What is item <b>%d</b>?", nid), fmt.Sprintf("It is the answer for %d, with some more words to read.", nid)}})
			card(nid, did, 0)
		case int(cardID) <= n*4/5:
			p.notes = append(p.notes, pkgNote{nid, fmt.Sprintf("g%d", nid), 2, "", []string{fmt.Sprintf("word %d", nid), fmt.Sprintf("meaning %d", nid)}})
			card(nid, did, 0)
			card(nid, did, 1)
		default:
			p.notes = append(p.notes, pkgNote{nid, fmt.Sprintf("g%d", nid), 3, "", []string{fmt.Sprintf("{{c1::Fact %d}} goes with {{c2::its pair}}.", nid), ""}})
			card(nid, did, 0)
			card(nid, did, 1)
		}
	}
	return p
}

func benchTSV(n int) []byte {
	var buf bytes.Buffer
	buf.WriteString("#separator:tab\n#html:true\n#tags column:3\n")
	for i := range n {
		fmt.Fprintf(&buf, "What is item <b>%d</b>?\tIt is the answer for %d,<br>with some more words to read.\tbench tag%d\n", i, i, i%10)
	}
	return buf.Bytes()
}

func keepBenchFile(b *testing.B, name string, data []byte) {
	if dir := os.Getenv("HONE_BENCH_DIR"); dir != "" {
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkAnkiPackage50k(b *testing.B) {
	data := benchPackage(b, 50_000, 10_000, 5)
	keepBenchFile(b, "anki-50000.apkg", data)
	b.SetBytes(int64(len(data)))
	b.ResetTimer()
	for range b.N {
		decks, diags := parsePackage(b, data, LoadOptions{})
		if diags.Err() != nil || len(decks) != 1 || len(decks[0].Cards) != 50_000 {
			b.Fatalf("%d decks, %v", len(decks), diags)
		}
	}
}

// BenchmarkAnkiPackageHistory100k is a collection studied for years: 100,000
// cards, each with ten reviews (a million in all).
func BenchmarkAnkiPackageHistory100k(b *testing.B) {
	data := benchPackage(b, 100_000, 100_000, 10)
	keepBenchFile(b, "anki-history-100000.apkg", data)
	b.SetBytes(int64(len(data)))
	b.ResetTimer()
	for range b.N {
		decks, diags := parsePackage(b, data, LoadOptions{})
		if diags.Err() != nil || len(decks) != 1 || len(decks[0].Cards) != 100_000 || len(decks[0].Cards[0].Progress.Log) != 10 {
			b.Fatalf("%d decks, %v", len(decks), diags)
		}
	}
}

func BenchmarkAnkiTSV50k(b *testing.B) {
	data := benchTSV(50_000)
	keepBenchFile(b, "anki-50000.tsv", data)
	b.SetBytes(int64(len(data)))
	b.ResetTimer()
	for range b.N {
		d, diags := ParseAnki("anki-50000.tsv", "", data)
		if diags.Err() != nil || len(d.Cards) != 50_000 || !strings.Contains(d.Cards[0].Back, "\n") {
			b.Fatalf("%d cards, %v", len(d.Cards), diags)
		}
	}
}

// BenchmarkAnkiPackageStream50k is the package of BenchmarkAnkiPackage50k
// scanned and streamed, as hone import reads it, its cards let go of a
// block at a time.
func BenchmarkAnkiPackageStream50k(b *testing.B) {
	data := benchPackage(b, 50_000, 10_000, 5)
	fsys := fstest.MapFS{"p.apkg": {Data: data}}
	b.SetBytes(int64(len(data)))
	b.ResetTimer()
	for range b.N {
		plan, diags := Scan(fsys, "p.apkg", "p.apkg", LoadOptions{TempDir: b.TempDir()})
		if diags.Err() != nil || len(plan.Heads) != 1 {
			b.Fatalf("%d heads, %v", len(plan.Heads), diags)
		}
		s := &countingSink{}
		if diags, err := plan.Stream(s); err != nil || diags.Err() != nil || s.cards != 50_000 {
			b.Fatalf("%d cards, %v %v", s.cards, diags, err)
		}
	}
}
