package srs

import (
	"fmt"
	"strconv"
	"strings"
	"unicode"

	"github.com/hone-srs/hone/deck"
)

// Query is a search of the card browser, parsed from its small language:
//
//	deck:"Go idioms" topic:Channels tag:concurrency is:leech lapses>3 free text
//
// Words without a field match the card's text (front, prompt, back,
// options, explanation), case folded; every term must match. A field's
// value may be quoted, and * in it matches any run of characters. A term
// starting with - must not match. The fields:
//
//	deck:NAME topic:NAME tag:NAME
//	is:new is:due is:review is:suspended is:leech is:buried is:flagged
//	flag:red (or a colour's number, 0 for none)
//	lapses>3 lapses>=3 lapses<2 lapses=0 lapses:0, and the same for reviews
type Query struct {
	terms []term
}

type term struct {
	field string // "" for text
	op    string // numeric fields: = < > <= >=
	value string // folded for text, names and is:
	num   int
	flag  Flag
	not   bool
}

// queryFields are the fields a term may name.
var queryFields = []string{"deck", "topic", "tag", "is", "flag", "lapses", "reviews"}

var queryStates = []string{"new", "due", "review", "suspended", "leech", "buried", "flagged"}

// maxQuery bounds a query's length: it is typed, not pasted books.
const maxQuery = 1000

// ParseQuery reads a search. A mistake is an error that says what is
// wrong and what would be right.
func ParseQuery(s string) (Query, error) {
	if len(s) > maxQuery {
		return Query{}, fmt.Errorf("a search of %d bytes is too long (%d at most)", len(s), maxQuery)
	}
	words, err := splitQuery(s)
	if err != nil {
		return Query{}, err
	}
	var q Query
	for _, w := range words {
		t, err := parseTerm(w.text, w.literal)
		if err != nil {
			return Query{}, err
		}
		q.terms = append(q.terms, t)
	}
	return q, nil
}

// word is one word of a search; literal when it began with a quote, which
// makes "a:b" text rather than a field.
type word struct {
	text    string
	literal bool
}

// splitQuery splits a search into words at spaces outside quotes; quotes
// are dropped. -"two words" is one negated word.
func splitQuery(s string) ([]word, error) {
	var words []word
	var b strings.Builder
	quoted, has, literal := false, false, false
	for _, r := range s {
		switch {
		case r == '"':
			if !has || b.String() == "-" {
				literal = true
			}
			quoted, has = !quoted, true
		case unicode.IsSpace(r) && !quoted:
			if has {
				words = append(words, word{b.String(), literal})
			}
			b.Reset()
			has, literal = false, false
		default:
			b.WriteRune(r)
			has = true
		}
	}
	if quoted {
		return nil, fmt.Errorf("a quote is not closed: %s", s)
	}
	if has {
		words = append(words, word{b.String(), literal})
	}
	return words, nil
}

func parseTerm(w string, literal bool) (term, error) {
	var t term
	if len(w) > 1 && w[0] == '-' {
		t.not, w = true, w[1:]
	}
	if literal {
		t.value = fold(w)
		return t, nil
	}
	for _, f := range []string{"lapses", "reviews"} {
		if rest, ok := strings.CutPrefix(strings.ToLower(w), f); ok && rest != "" && strings.ContainsRune("<>=:!~", rune(rest[0])) {
			return numericTerm(t, f, rest)
		}
	}
	name, value, ok := strings.Cut(w, ":")
	if !ok || strings.ContainsAny(name, " ") || name == "" {
		t.value = fold(w)
		return t, nil
	}
	t.field, t.value = strings.ToLower(name), fold(value)
	switch t.field {
	case "deck", "topic", "tag":
		if t.value == "" {
			return t, fmt.Errorf("%s: needs a name, as in %s:\"Go idioms\"", t.field, t.field)
		}
	case "is":
		if !contains(queryStates, t.value) {
			return t, fmt.Errorf("is:%s is not a state; the states are %s", value, strings.Join(queryStates, ", "))
		}
	case "flag":
		f, ok := FlagNamed(t.value)
		if !ok {
			return t, fmt.Errorf("flag:%s is not a flag; the flags are 0 to 7 or %s", value, strings.Join(flagNames[1:], ", "))
		}
		t.flag = f
	default:
		return t, fmt.Errorf("%s: is not a search field; the fields are %s", name, strings.Join(queryFields, ", "))
	}
	return t, nil
}

func numericTerm(t term, field, rest string) (term, error) {
	t.field = field
	for _, op := range []string{">=", "<=", ">", "<", "=", ":"} {
		if v, ok := strings.CutPrefix(rest, op); ok {
			n, err := strconv.Atoi(v)
			if err != nil || n < 0 {
				return t, fmt.Errorf("%s%s%s: expected a whole number, as in %s>3", field, op, v, field)
			}
			if op == ":" {
				op = "="
			}
			t.op, t.num = op, n
			return t, nil
		}
	}
	return t, fmt.Errorf("%s%s: expected %s>N, %s<N or %s=N", field, rest, field, field, field)
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// fold is text as searches compare it: lower case.
func fold(s string) string { return strings.ToLower(s) }

// NeedsText reports whether the query looks at a card's text or tags,
// which are read card by card, rather than only its record.
func (q Query) NeedsText() bool {
	for _, t := range q.terms {
		if t.field == "" || t.field == "tag" {
			return true
		}
	}
	return false
}

// mustContain are the words every matching card's stored bytes hold, in
// ASCII letters folded to lower case: the text words and exact tags that
// must match. Others (negated, with * or beyond ASCII) are left to
// matchText.
func (q Query) mustContain() [][]byte {
	var out [][]byte
	for _, t := range q.terms {
		if t.not || (t.field != "" && t.field != "tag") || strings.Contains(t.value, "*") || t.value == "" {
			continue
		}
		if ascii(t.value) {
			out = append(out, []byte(t.value))
		}
	}
	return out
}

func ascii(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

// containsAllFold reports whether b holds every word, ASCII case folded.
func containsAllFold(b []byte, words [][]byte) bool {
	for _, w := range words {
		if !containsFold(b, w) {
			return false
		}
	}
	return true
}

// containsFold reports whether b holds w (lower case ASCII), in any case.
func containsFold[T string | []byte](b T, w []byte) bool {
	if len(w) == 0 {
		return true
	}
	first, upper := w[0], w[0]
	if 'a' <= first && first <= 'z' {
		upper = first - 'a' + 'A'
	}
	for i := 0; i+len(w) <= len(b); i++ {
		if c := b[i]; c != first && c != upper {
			continue
		}
		if equalFoldASCII(b[i:i+len(w)], w) {
			return true
		}
	}
	return false
}

func equalFoldASCII[T string | []byte](b T, w []byte) bool {
	for i := range len(b) {
		c := b[i]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		if c != w[i] {
			return false
		}
	}
	return true
}

// matchRecord reports whether card r, on day today, passes every term that
// its record answers; text terms pass here and are checked by matchText.
func (q Query) matchRecord(r *cardRec, today Day) bool {
	for _, t := range q.terms {
		ok := true
		switch t.field {
		case "deck":
			ok = glob(t.value, fold(r.Deck))
		case "topic":
			ok = glob(t.value, fold(r.Topic))
		case "is":
			ok = isState(t.value, r.State, today)
		case "flag":
			ok = r.State.Flag == t.flag
		case "lapses":
			ok = compare(r.State.Lapses, t.op, t.num)
		case "reviews":
			ok = compare(r.State.Reviews, t.op, t.num)
		default:
			continue
		}
		if ok == t.not {
			return false
		}
	}
	return true
}

// matchText reports whether card c passes the text and tag terms.
func (q Query) matchText(c deck.Card) bool {
	var text string
	for _, t := range q.terms {
		ok := true
		switch t.field {
		case "":
			if ascii(t.value) && !strings.Contains(t.value, "\n") {
				ok = fieldsContainFold(c, t.value) // no folded copy of the text
				break
			}
			if text == "" {
				text = cardText(c)
			}
			ok = strings.Contains(text, t.value)
		case "tag":
			ok = false
			for _, tag := range c.Tags {
				ok = ok || glob(t.value, fold(tag))
			}
		default:
			continue
		}
		if ok == t.not {
			return false
		}
	}
	return true
}

// fieldsContainFold reports whether one of card c's text fields holds w, a
// lower-case ASCII word, in any case.
func fieldsContainFold(c deck.Card, w string) bool {
	word := []byte(w)
	for _, f := range []string{c.Front, c.Prompt, c.Back, c.Explanation} {
		if containsFold(f, word) {
			return true
		}
	}
	for _, o := range c.Options {
		if containsFold(o.Text, word) {
			return true
		}
	}
	return false
}

// cardText is everything a card says, folded, for a text search.
func cardText(c deck.Card) string {
	parts := []string{c.Front, c.Prompt, c.Back, c.Explanation}
	for _, o := range c.Options {
		parts = append(parts, o.Text)
	}
	return fold(strings.Join(parts, "\n"))
}

func isState(state string, s CardState, today Day) bool {
	switch state {
	case "new":
		return s.New
	case "due":
		return !s.New && !s.Suspended && s.Due <= today
	case "review":
		return !s.New
	case "suspended":
		return s.Suspended
	case "leech":
		return s.Leech
	case "buried":
		return s.Buried(today)
	case "flagged":
		return s.Flag != NoFlag
	}
	return false
}

func compare(v int, op string, n int) bool {
	switch op {
	case ">":
		return v > n
	case ">=":
		return v >= n
	case "<":
		return v < n
	case "<=":
		return v <= n
	}
	return v == n
}

// glob matches s against pattern, where * is any run of characters and
// everything else is itself.
func glob(pattern, s string) bool {
	parts := strings.Split(pattern, "*")
	if len(parts) == 1 {
		return s == pattern
	}
	if !strings.HasPrefix(s, parts[0]) {
		return false
	}
	s = s[len(parts[0]):]
	for _, p := range parts[1 : len(parts)-1] {
		i := strings.Index(s, p)
		if i < 0 {
			return false
		}
		s = s[i+len(p):]
	}
	return strings.HasSuffix(s, parts[len(parts)-1])
}
