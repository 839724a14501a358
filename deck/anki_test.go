package deck

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"
)

func TestAnkiFiles(t *testing.T) {
	tests := []struct {
		file, deckName, wantName string
		cards                    []importedCard
		diags                    []string
	}{
		{
			// Anki's own export: headers, HTML fields, GUIDs, subdecks, a
			// reversed note type and a cloze.
			file: "anki-export.txt", wantName: "anki-export",
			cards: []importedCard{
				{7, "anki-f1Xq!e", "French", []string{"french", "greetings"}, "Bonjour !", "", "Hello\n(greeting)"},
				{8, "anki-f2Yr#a", "French", []string{"french"}, "le chat", "", "the <cat> & co"},
				{8, "anki-f2Yr#a#r", "French", []string{"french"}, "the <cat> & co", "", "le chat"},
				{9, "anki-f3Zs@b#c1", "Cloze", []string{"geo"}, "==[...]== is the capital of France", "", "==Paris== is the capital of France\n\nGeography"},
				{9, "anki-f3Zs@b#c2", "Cloze", []string{"geo"}, "Paris is the capital of ==[country]==", "", "Paris is the capital of ==France==\n\nGeography"},
				{10, "anki-f4", "French", nil, "Line one", "Line two", "été"},
			},
		},
		{
			// A header row, BOM, CRLF, quoted separators, newlines and
			// quotes, and empty fields.
			file: "anki-quoted.csv", wantName: "anki-quoted",
			cards: []importedCard{
				{2, DerivedID("anki-quoted", "anki-quoted", "What is 1,000 in words?"), "anki-quoted", []string{"numbers"}, "What is 1,000 in words?", "", "One thousand"},
				{3, DerivedID("anki-quoted", "anki-quoted", "Multi\nline front"), "anki-quoted", nil, "Multi", "line front", "Line 1\nLine 2\n\nLine 3"},
				{10, DerivedID("anki-quoted", "anki-quoted", `She said "hi"`), "anki-quoted", nil, `She said "hi"`, "", "A quote"},
			},
			diags: []string{
				"anki-quoted.csv:11: error: front is empty; fill in the first field or remove the row",
				"anki-quoted.csv:12: error: back is empty; fill in the second field or remove the row",
			},
		},
		{
			file: "anki-semicolon.csv", deckName: "German", wantName: "German",
			cards: []importedCard{
				{1, DerivedID("German", "German", "Hund"), "German", nil, "Hund", "", "dog"},
				{2, DerivedID("German", "German", "Katze"), "German", nil, "Katze", "", "cat"},
				{3, DerivedID("German", "German", "Maus; klein"), "German", nil, "Maus; klein", "", "small mouse"},
			},
		},
		{
			file: "anki-cloze.tsv", wantName: "anki-cloze",
			cards: []importedCard{
				{2, clozeID("{{c1::Canberra}} is the capital of {{c1::Australia}}.", 1), "anki-cloze", nil,
					"==[...]== is the capital of ==[...]==.", "", "==Canberra== is the capital of ==Australia==."},
				{3, clozeID("Water is {{c1::H2O::formula}}, salt is {{c2::NaCl}}.", 1), "anki-cloze", nil,
					"Water is ==[formula]==, salt is NaCl.", "", "Water is ==H2O==, salt is NaCl.\n\nChemistry"},
				{3, clozeID("Water is {{c1::H2O::formula}}, salt is {{c2::NaCl}}.", 2), "anki-cloze", nil,
					"Water is H2O, salt is ==[...]==.", "", "Water is H2O, salt is ==NaCl==.\n\nChemistry"},
				{4, clozeID("{{c1::Ottawa is in {{c2::Ontario}}}}", 1), "anki-cloze", nil,
					"==[...]==", "", "==Ottawa is in Ontario=="},
				{4, clozeID("{{c1::Ottawa is in {{c2::Ontario}}}}", 2), "anki-cloze", nil,
					"Ottawa is in ==[...]==", "", "Ottawa is in ==Ontario=="},
				{5, DerivedID("anki-cloze", "anki-cloze", "{{c1::open and never closed"), "anki-cloze", nil,
					"{{c1::open and never closed", "", "back"},
			},
		},
		{
			file: "anki-dupes.tsv", wantName: "Spanish::Verbs",
			cards: []importedCard{
				{5, DerivedID("Spanish::Verbs", "Spanish::Verbs", "ser"), "Spanish::Verbs", []string{"spanish"}, "ser", "", "to be (permanent)"},
				{6, DerivedID("Spanish::Verbs", "Spanish::Verbs", "estar"), "Spanish::Verbs", []string{"spanish"}, "estar", "", "to be (temporary)"},
				{7, DerivedID("Spanish::Verbs", "Spanish::Verbs", "ser") + "#2", "Spanish::Verbs", []string{"spanish"}, "SER", "", "to be"},
				{8, DerivedID("Spanish::Verbs", "Spanish::Verbs", "ser") + "#3", "Spanish::Verbs", []string{"spanish"}, "ser", "", "duplicate"},
			},
			diags: []string{
				"anki-dupes.tsv:7: warning: card has the same front as the card at line 5; both are kept, so reword one front if they are the same card",
				"anki-dupes.tsv:8: warning: card has the same front as the card at line 5; both are kept, so reword one front if they are the same card",
			},
		},
		{
			file: "anki-headers.txt", wantName: "Imported",
			cards: []importedCard{
				{6, DerivedID("Imported", "Imported", "hola"), "Imported", nil, "hola", "", "hello"},
			},
			diags: []string{
				"anki-headers.txt:2: warning: #html:maybe is neither true nor false; each field is read as HTML if it looks like HTML",
				"anki-headers.txt:3: warning: unknown header #colour: is ignored",
				"anki-headers.txt:4: error: #tags column:zero is not a column number; columns count from 1",
			},
		},
		{
			file: "anki-malformed.csv", wantName: "anki-malformed",
			cards: []importedCard{
				{1, DerivedID("anki-malformed", "anki-malformed", "good"), "anki-malformed", nil, "good", "", "row"},
			},
			diags: []string{
				`anki-malformed.csv:2: error: malformed row: bare " in non-quoted-field; put a field that holds " in double quotes, and double the " inside`,
				`anki-malformed.csv:3: error: malformed row: extraneous or missing " in quoted-field (at line 4); a quoted field must end with " before the next separator`,
			},
		},
		{
			file: "anki-bad-utf8.tsv", wantName: "anki-bad-utf8",
			diags: []string{"anki-bad-utf8.tsv:2: error: text is not valid UTF-8; save the file as UTF-8"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			src := readImportFile(t, tt.file)
			d, diags := ParseAnki(tt.file, tt.deckName, src)
			checkImported(t, src, d, diags, tt.wantName, tt.cards, tt.diags)
		})
	}
}

// clozeID is the id of deletion num of a cloze note in anki-cloze.tsv.
func clozeID(text string, num int) string {
	return fmt.Sprintf("%s#c%d", DerivedID("anki-cloze", "anki-cloze", text), num)
}

func TestAnkiExportTopics(t *testing.T) {
	src := readImportFile(t, "anki-export.txt")
	d, _ := ParseAnki("anki-export.txt", "", src)
	var names []string
	for _, tp := range d.Topics {
		names = append(names, tp.Name)
	}
	if got := strings.Join(names, ","); got != "French,Cloze" {
		t.Errorf("topics %s, want French,Cloze", got)
	}
}

func TestAnkiSyntax(t *testing.T) {
	id := func(topic, q string) string { return DerivedID("t", topic, q) }
	tests := []struct {
		name, file, deckName, wantName, src string
		cards                               []importedCard
		diags                               []string
	}{
		{
			name: "a bad separator falls back to guessing", file: "t.csv",
			src:   "#separator:ab\nx,y\n",
			cards: []importedCard{{2, id("t", "x"), "t", nil, "x", "", "y"}},
			diags: []string{"t.csv:1: error: #separator:ab is not a separator; use tab, comma, semicolon, pipe, space or one character"},
		},
		{
			name: "pipe, space and a literal separator", file: "t.txt",
			src:   "#separator:Pipe\na|b\n",
			cards: []importedCard{{2, id("t", "a"), "t", nil, "a", "", "b"}},
		},
		{
			name: "space separator", file: "t.txt",
			src:   "#separator: \nsun sol\n",
			cards: []importedCard{{2, id("t", "sun"), "t", nil, "sun", "", "sol"}},
		},
		{
			name: "literal separator", file: "t.txt",
			src:   "#separator:@\n\"a@1\"@b\n",
			cards: []importedCard{{2, id("t", "a@1"), "t", nil, "a@1", "", "b"}},
		},
		{
			name: "a duplicate GUID", file: "t.csv",
			src:   "#separator:,\n#guid column:1\ng1,Q1,A1\ng1,Q2,A2\n,Q3,A3\n",
			cards: []importedCard{{3, "anki-g1", "t", nil, "Q1", "", "A1"}, {5, id("t", "Q3"), "t", nil, "Q3", "", "A3"}},
			diags: []string{"t.csv:4: warning: card has the same GUID as the card at line 3; keeping that one"},
		},
		{
			name: "#columns: names the roles", file: "t.txt",
			src:   "#separator:tab\n#columns:Back\tFront\tTags\nB1\tF1\tt1 t2\n",
			cards: []importedCard{{3, id("t", "F1"), "t", []string{"t1", "t2"}, "F1", "", "B1"}},
		},
		{
			name: "a header row names deck, guid and tags columns", file: "t.csv",
			src:   "Deck,Front,Back,Tags,GUID\nMain::Sub,F,B,x,g9\n",
			cards: []importedCard{{2, "anki-g9", "Sub", []string{"x"}, "F", "", "B"}},
		},
		{
			name: "more fields go on the back", file: "t.tsv",
			src:   "F\tB\tExample one\t\tExample two\n",
			cards: []importedCard{{1, id("t", "F"), "t", nil, "F", "", "B\n\nExample one\n\nExample two"}},
		},
		{
			name: "#html:false keeps markup as text", file: "t.txt",
			src:   "#html:false\n#separator:tab\na<br>b\t&amp;\n",
			cards: []importedCard{{3, id("t", "a<br>b"), "t", nil, "a<br>b", "", "&amp;"}},
		},
		{
			name: "without #html: each field says by its look", file: "t.tsv",
			src:   "x &amp; y\tplain <T> & text\n",
			cards: []importedCard{{1, id("t", "x & y"), "t", nil, "x & y", "", "plain <T> & text"}},
		},
		{
			name: "the deck name given wins over #deck:", file: "t.txt", deckName: "Mine", wantName: "Mine",
			src:   "#deck:Theirs\nQ\tA\n",
			cards: []importedCard{{2, DerivedID("Mine", "Mine", "Q"), "Mine", nil, "Q", "", "A"}},
		},
		{
			name: "#tags: and the tags column together", file: "t.txt",
			src:   "#separator:tab\n#tags:all shared\n#tags column:3\nQ\tA\tshared own\n",
			cards: []importedCard{{4, id("t", "Q"), "t", []string{"all", "shared", "own"}, "Q", "", "A"}},
		},
		{
			name: "blank rows are skipped", file: "t.csv",
			src: "Q1,A1\n,,\n  ,  \n\nQ2,A2\n",
			cards: []importedCard{
				{1, id("t", "Q1"), "t", nil, "Q1", "", "A1"},
				{5, id("t", "Q2"), "t", nil, "Q2", "", "A2"},
			},
		},
		{
			name: "a reversed note type with derived ids", file: "t.txt",
			src: "#notetype:Basic (and reversed card)\nQ\tA\n",
			cards: []importedCard{
				{2, DerivedID("t", "Basic (and reversed card)", "Q"), "Basic (and reversed card)", nil, "Q", "", "A"},
				{2, DerivedID("t", "Basic (and reversed card)", "A") + "#r", "Basic (and reversed card)", nil, "A", "", "Q"},
			},
		},
		{
			name: "a card over 64 KB", file: "t.tsv",
			src:   "Q\t" + strings.Repeat("x", 70000) + "\nQ2\tA2\n",
			cards: []importedCard{{2, id("t", "Q2"), "t", nil, "Q2", "", "A2"}},
			diags: []string{"t.tsv:1: error: card is 68 KB; the limit is 64 KB, so split it into smaller cards"},
		},
		{
			name: "one field only", file: "t.txt",
			src:   "just some text\n",
			diags: []string{"t.txt:1: error: back is empty; fill in the second field or remove the row"},
		},
		{
			name: "a header row with a guid column keeps rows that share a front", file: "t.csv",
			src: "expression,reading,meaning,tags,guid\n何,なに,what,jp,g1\n何,なん,what (before d/t/n),jp,g2\n",
			cards: []importedCard{
				{2, "anki-g1", "t", []string{"jp"}, "何", "", "なに\n\nwhat"},
				{3, "anki-g2", "t", []string{"jp"}, "何", "", "なん\n\nwhat (before d/t/n)"},
			},
		},
		{
			name: "an id or note id column gives ids", file: "t.tsv",
			src:   "Note ID\tFront\tBack\n1700000000001\tQ\tA\n",
			cards: []importedCard{{2, "anki-1700000000001", "t", nil, "Q", "", "A"}},
		},
		{
			name: "id as a header word", file: "t.csv",
			src:   "id,word,gloss\n7,perro,dog\n",
			cards: []importedCard{{2, "anki-7", "t", nil, "perro", "", "dog"}},
		},
		{
			name: "a first row of text is a note, not a header", file: "t.csv",
			src:   "What is a tag?,A label\n",
			cards: []importedCard{{1, id("t", "What is a tag?"), "t", nil, "What is a tag?", "", "A label"}},
		},
		{
			name: "TSV keeps quotes that do not enclose the whole field", file: "t.tsv",
			src: "The \"Cracked\" Engineer\tbook\n\"Cracked\" Engineer\tbook two\n\"quoted\ttab\"\tx\n\"two\nlines\"\t\"say \"\"hi\"\"\"\n\"open\tnever closed\nlast\tone\n",
			cards: []importedCard{
				{1, id("t", `The "Cracked" Engineer`), "t", nil, `The "Cracked" Engineer`, "", "book"},
				{2, id("t", `"Cracked" Engineer`), "t", nil, `"Cracked" Engineer`, "", "book two"},
				{3, id("t", "quoted\ttab"), "t", nil, "quoted\ttab", "", "x"},
				{4, id("t", "two\nlines"), "t", nil, "two", "lines", `say "hi"`},
				{6, id("t", `"open`), "t", nil, `"open`, "", "never closed"},
				{7, id("t", "last"), "t", nil, "last", "", "one"},
			},
		},
		{
			name: "media-only fronts become placeholders", file: "t.txt",
			src: "#separator:tab\n#html:true\n<img src=\"hiragana-a.png\">\ta\n[sound:konnichiwa.mp3]\thello\n<div><img src='x.jpg'></div>[sound:y.ogg]\tboth\n",
			cards: []importedCard{
				{3, id("t", "[image: hiragana-a.png]"), "t", nil, "[image: hiragana-a.png]", "", "a"},
				{4, id("t", "[sound: konnichiwa.mp3]"), "t", nil, "[sound: konnichiwa.mp3]", "", "hello"},
				{5, id("t", "[image: x.jpg]\n[sound: y.ogg]"), "t", nil, "[image: x.jpg]", "[sound: y.ogg]", "both"},
			},
		},
		{
			name: "a sound tag in a plain field", file: "t.tsv",
			src:   "[sound:a.mp3]\tplain\n",
			cards: []importedCard{{1, id("t", "[sound: a.mp3]"), "t", nil, "[sound: a.mp3]", "", "plain"}},
		},
		{
			name: "headers only", file: "t.txt",
			src:   "#separator:tab\n",
			diags: []string{"t.txt: warning: no cards found; write one note per line: front, a separator, back"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.wantName == "" {
				tt.wantName = "t"
			}
			d, diags := ParseAnki(tt.file, tt.deckName, []byte(tt.src))
			checkImported(t, []byte(tt.src), d, diags, tt.wantName, tt.cards, tt.diags)
		})
	}
}

func TestAnkiStopsAfterManyBadRows(t *testing.T) {
	src := strings.Repeat("a \"b,c\n", 30)
	_, diags := ParseAnki("t.csv", "", []byte(src))
	if len(diags) != maxRowErrors+1 {
		t.Fatalf("%d diagnostics, want %d: %v", len(diags), maxRowErrors+1, diags)
	}
	want := fmt.Sprintf("t.csv:%d: error: too many malformed rows; stopped reading here (is the separator right? set it with a #separator: line at the top)", maxRowErrors)
	if got := diags[len(diags)-1].String(); got != want {
		t.Errorf("last diagnostic %q, want %q", got, want)
	}
}

// manyDistinctTags is a long run of different tags, each with a '#' when
// hash is set.
func manyDistinctTags(n int, hash string) string {
	var b strings.Builder
	for i := range n {
		fmt.Fprintf(&b, "%stag%d ", hash, i)
	}
	return b.String()
}

func TestAnkiManyTagsOnDuplicates(t *testing.T) {
	// Thousands of file tags times thousands of dropped duplicates must not
	// be merged row by row.
	src := "#separator:tab\n#guid column:1\n#tags:" + manyDistinctTags(5000, "") + "\n" + strings.Repeat("g\tQ\tA\n", 20000)
	start := time.Now()
	d, diags := ParseAnki("t.txt", "", []byte(src))
	if took := time.Since(start); took > 2*time.Second {
		t.Errorf("import took %v", took)
	}
	if len(d.Cards) != 1 || len(d.Cards[0].Tags) != 5000 || diags.Err() != nil {
		t.Errorf("%d cards, %d tags, errors %v; want 1 card with 5000 tags", len(d.Cards), len(d.Cards[0].Tags), diags.Err())
	}
}

func TestAnkiGuessesSeparator(t *testing.T) {
	tests := []struct {
		ext, body string
		want      rune
	}{
		{".txt", "a\tb\nc\td\n", '\t'},
		{".csv", "a,b\nc,d\n", ','},
		{".csv", "a;b\nc;d\n", ';'},
		{".tsv", "hello, world\tbonjour, monde\nyes\toui\n", '\t'},
		{".csv", "\"x;y\",z\n\"u;v\",w\n", ','},
		{".txt", "", '\t'},
		{".csv", "", ','},
	}
	for _, tt := range tests {
		if got := guessSeparator(tt.body, tt.ext); got != tt.want {
			t.Errorf("guessSeparator(%q, %q) = %q, want %q", tt.body, tt.ext, got, tt.want)
		}
	}
}

func FuzzParseAnki(f *testing.F) {
	importSeeds(f, "anki-")
	f.Add([]byte("#separator:tab\n#guid column:1\n#deck column:2\ng\tA::B\t{{c1::x {{c2::y::h}}}}\t<br>\n"))
	f.Fuzz(func(t *testing.T, src []byte) {
		checkFuzzedImport(t, src, func() (Deck, Diagnostics) { return ParseAnki("f.tsv", "", src) })
	})
}

func TestAnkiSiblingsShareANote(t *testing.T) {
	src := "#separator:tab\n#notetype column:1\n#guid column:2\nBasic (and reversed card)\tg1\tQ\tA\nCloze\tg2\t{{c1::a}} {{c2::b}}\t\nBasic\t\tlone\tcard\n"
	d, diags := ParseAnki("t.txt", "", []byte(src))
	if diags.Err() != nil {
		t.Fatal(diags)
	}
	var got []string
	for _, c := range d.Cards {
		got = append(got, c.ID+" "+c.Note)
	}
	want := []string{"anki-g1 anki-g1", "anki-g1#r anki-g1", "anki-g2#c1 anki-g2", "anki-g2#c2 anki-g2", DerivedID("t", "Basic", "lone") + " "}
	if !slices.Equal(got, want) {
		t.Errorf("ids and notes %q, want %q", got, want)
	}
}
