package srs

import (
	"slices"
	"strings"
	"testing"

	"github.com/hone-srs/hone/deck"
)

func TestParseQuery(t *testing.T) {
	for _, c := range []struct {
		in    string
		terms []term
	}{
		{"", nil},
		{"Channel  close", []term{{value: "channel"}, {value: "close"}}},
		{`deck:"Go idioms" tag:x`, []term{{field: "deck", value: "go idioms"}, {field: "tag", value: "x"}}},
		{"is:Leech -is:suspended", []term{{field: "is", value: "leech"}, {field: "is", value: "suspended", not: true}}},
		{"lapses>3 lapses<=1 reviews:0 Lapses=2", []term{{field: "lapses", op: ">", num: 3}, {field: "lapses", op: "<=", num: 1},
			{field: "reviews", op: "=", num: 0}, {field: "lapses", op: "=", num: 2}}},
		{"flag:red flag:0", []term{{field: "flag", value: "red", flag: FlagRed}, {field: "flag", value: "0", flag: NoFlag}}},
		{`"http://x" -"two words"`, []term{{value: "http://x"}, {value: "two words", not: true}}},
		{"- lapses", []term{{value: "-"}, {value: "lapses"}}},
	} {
		q, err := ParseQuery(c.in)
		if err != nil || !slices.Equal(q.terms, c.terms) {
			t.Errorf("ParseQuery(%q) = %+v, %v; want %+v", c.in, q.terms, err, c.terms)
		}
	}
	for in, msg := range map[string]string{
		"colour:red":              "colour: is not a search field; the fields are deck, topic, tag, is, flag, lapses, reviews",
		"is:sleepy":               "is:sleepy is not a state",
		"flag:mauve":              "flag:mauve is not a flag",
		"lapses>many":             "lapses>many: expected a whole number",
		"lapses~3":                "lapses~3: expected lapses>N",
		`deck:"Go idioms`:         "a quote is not closed",
		"deck:":                   "deck: needs a name",
		strings.Repeat("a", 1001): "too long",
	} {
		if _, err := ParseQuery(in); err == nil || !strings.Contains(err.Error(), msg) {
			t.Errorf("ParseQuery(%.20q): %v, want %q", in, err, msg)
		}
	}
}

func TestGlob(t *testing.T) {
	for _, c := range []struct {
		pattern, s string
		want       bool
	}{
		{"go idioms", "go idioms", true}, {"go", "go idioms", false}, {"go*", "go idioms", true},
		{"*idioms", "go idioms", true}, {"g*i*s", "go idioms", true}, {"a*b*b", "ab", false},
		{"ab*b", "ab", false}, {"*", "", true}, {"a*bc", "abc", true},
	} {
		if got := glob(c.pattern, c.s); got != c.want {
			t.Errorf("glob(%q, %q) = %v", c.pattern, c.s, got)
		}
	}
	for _, c := range []struct {
		b, w string
		want bool
	}{{"Channel CLOSE", "close", true}, {"chan", "channel", false}, {"ABC", "", true}, {"xYz", "yz", true}} {
		if got := containsFold([]byte(c.b), []byte(c.w)); got != c.want {
			t.Errorf("containsFold(%q, %q) = %v", c.b, c.w, got)
		}
	}
}

// Searches over a small deck: by record, by text (bytes first, then the
// decoded card), by tag, negated; in deck order.
func TestSearch(t *testing.T) {
	c := newClock(t0)
	s := testStore(t, c)
	d := testDeck("Go idioms", 5, "Channels", "Maps")
	d.Cards[0].Back = "Close a CHANNEL from the sender."
	d.Cards[1].Tags = []string{"concurrency"}
	d.Cards[2].Front = "Ünïcode fröñt"
	rehash(&d)
	mustSync(t, s, d)
	mustSync(t, s, testDeck("Other", 2))
	today := DayOf(t0)
	mustAnswer(t, s, "Go idioms-3", Good, Review)
	mustMark(t, s, "Go idioms-4", Mark{Kind: Suspend})
	mustMark(t, s, "Other-1", Mark{Kind: SetFlag, Flag: FlagGreen})
	for query, want := range map[string][]string{
		"":                        {"Go idioms-0", "Go idioms-1", "Go idioms-2", "Go idioms-3", "Go idioms-4", "Other-0", "Other-1"},
		`deck:"go idioms" is:new`: {"Go idioms-0", "Go idioms-1", "Go idioms-2", "Go idioms-4"},
		"deck:go* -is:suspended":  {"Go idioms-0", "Go idioms-1", "Go idioms-2", "Go idioms-3"},
		"topic:maps":              {"Go idioms-1", "Go idioms-3"},
		"channel":                 {"Go idioms-0"},
		"channel sender":          {"Go idioms-0"},
		"channel -sender":         nil,
		"FRÖÑT":                   {"Go idioms-2"},
		"tag:concurrency":         {"Go idioms-1"},
		"tag:conc*":               {"Go idioms-1"},
		"is:review lapses=0":      {"Go idioms-3"},
		"is:flagged":              {"Other-1"},
		"flag:green":              {"Other-1"},
		"is:suspended":            {"Go idioms-4"},
		"lapses>0":                nil,
		"front 1":                 {"Go idioms-1", "Other-1"},
	} {
		q, err := ParseQuery(query)
		if err != nil {
			t.Fatal(err)
		}
		sr, err := s.Search(q, today)
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(sr.IDs, want) {
			t.Errorf("%q: %v, want %v", query, sr.IDs, want)
		}
	}
	// Rows read the fronts, and leave out a card that stopped matching.
	q, _ := ParseQuery("is:new")
	sr, _ := s.Search(q, today)
	mustAnswer(t, s, "Go idioms-0", Good, Review)
	rows, err := s.Rows(sr, sr.IDs)
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != len(sr.IDs)-1 || rows[0].ID != "Go idioms-1" || rows[0].Front != "front 1" || rows[0].Deck != "Go idioms" || rows[0].Topic != "Maps" {
		t.Fatalf("rows: %+v", rows)
	}
}

func TestOneLine(t *testing.T) {
	long := strings.Repeat("é", 150) // 300 bytes
	if got := oneLine("a\n\tb  c"); got != "a b c" {
		t.Errorf("oneLine: %q", got)
	}
	if got := oneLine(long); len(got) != 200 || !strings.HasPrefix(long, got) {
		t.Errorf("oneLine cut %d bytes", len(got))
	}
}

// A card's text as the search reads it holds every field a learner sees.
func TestCardText(t *testing.T) {
	c := deck.Card{Front: "F", Prompt: "P", Back: "B", Explanation: "E", Options: []deck.Option{{Text: "O1"}, {Text: "O2"}}}
	if got := cardText(c); got != "f\np\nb\ne\no1\no2" {
		t.Errorf("cardText: %q", got)
	}
}

// FuzzParseQuery: any search parses or is refused with an error, never a
// panic, and a parsed one can be run against any card.
func FuzzParseQuery(f *testing.F) {
	for _, s := range []string{"", `deck:"Go idioms" tag:x is:leech lapses>3 free text`, "-is:new flag:red", `"a:b" -"c d"`,
		"lapses<=1 reviews=0", "deck:go* topic:*a*", "is:", "flag:", `deck:"`, "lapses>", "Ünï ÇÖDÉ"} {
		f.Add(s)
	}
	card := deck.Card{Front: "Front", Back: "Back with CODE", Tags: []string{"x", "concurrency"}, Options: []deck.Option{{Text: "one"}}}
	rec := &cardRec{Deck: "Go idioms", Topic: "Maps", State: CardState{Memory: SM2{1, 1, 2.5}, Due: 10, LastDay: 9, Lapses: 4, Flag: FlagRed}}
	raw := encodeContent(card)
	f.Fuzz(func(t *testing.T, s string) {
		q, err := ParseQuery(s)
		if err != nil {
			if err.Error() == "" {
				t.Fatal("an empty error")
			}
			return
		}
		again, err := ParseQuery(s)
		if err != nil || !slices.Equal(again.terms, q.terms) {
			t.Fatalf("parsing %q twice: %+v, %v", s, again.terms, err)
		}
		q.matchRecord(rec, 10)
		text := q.matchText(card)
		// The byte prefilter never turns away a card the full match takes.
		if text && q.matchRecord(rec, 10) && !containsAllFold(raw, q.mustContain()) {
			t.Fatalf("%q: the prefilter drops a matching card", s)
		}
	})
}
