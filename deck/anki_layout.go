package deck

import (
	"strings"
	"unicode"
)

// ankiLayout says which column holds what; -1 is none.
type ankiLayout struct {
	front, back                int
	tags, guid, notetype, deck int
}

func newAnkiLayout() ankiLayout {
	return ankiLayout{front: -1, back: -1, tags: -1, guid: -1, notetype: -1, deck: -1}
}

func (l *ankiLayout) special(name string) *int {
	switch name {
	case "tags":
		return &l.tags
	case "guid":
		return &l.guid
	case "notetype":
		return &l.notetype
	default:
		return &l.deck
	}
}

// Column names, compared in lower case, that tell a column's role.
var (
	ankiFrontNames = map[string]bool{"front": true, "question": true, "text": true, "term": true}
	ankiBackNames  = map[string]bool{"back": true, "answer": true, "back extra": true, "extra": true, "definition": true}
	ankiOtherNames = map[string]string{
		"tags": "tags", "tag": "tags", "deck": "deck", "notetype": "notetype", "note type": "notetype",
		"guid": "guid", "id": "guid", "note id": "guid", "noteid": "guid", "note_id": "guid", "nid": "guid",
	}
)

// isAnkiHeaderRow tells a first row that names the columns: every field is
// a short name, and they name a front and a back, or an id column, or tags
// (or a deck or note type) beside two other columns, as in
// "expression,reading,meaning,tags".
func isAnkiHeaderRow(rec []string) bool {
	front, back, id, other := false, false, false, false
	for _, f := range rec {
		f = strings.ToLower(strings.TrimSpace(f))
		if f == "" {
			continue
		}
		if !isColumnName(f) {
			return false
		}
		front = front || ankiFrontNames[f]
		back = back || ankiBackNames[f]
		id = id || ankiOtherNames[f] == "guid"
		other = other || ankiOtherNames[f] != ""
	}
	return front && back || id || other && len(rec) >= 3
}

// isColumnName tells a header's word from a note's text: a few letters,
// digits, spaces, '_' or '-', starting with a letter.
func isColumnName(s string) bool {
	if s == "" || len(s) > 40 || !unicode.IsLetter([]rune(s)[0]) {
		return false
	}
	for _, r := range s {
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != ' ' && r != '_' && r != '-' {
			return false
		}
	}
	return true
}

// name gives roles to named columns; header lines that set a column win.
func (l *ankiLayout) name(names []string) {
	for i, n := range names {
		n = strings.ToLower(strings.TrimSpace(n))
		switch {
		case ankiFrontNames[n] && l.front < 0:
			l.front = i
		case ankiBackNames[n] && l.back < 0:
			l.back = i
		case ankiOtherNames[n] != "":
			if p := l.special(ankiOtherNames[n]); *p < 0 {
				*p = i
			}
		}
	}
}

// roles returns the front and back columns of a row of n fields, and the
// other note fields, whose text goes on the back below the answer.
func (l *ankiLayout) roles(n int) (front, back int, extras []int) {
	front, back = l.front, l.back
	for i := 0; i < n; i++ {
		if i == l.tags || i == l.guid || i == l.notetype || i == l.deck || i == front || i == back {
			continue
		}
		switch {
		case front < 0:
			front = i
		case back < 0:
			back = i
		default:
			extras = append(extras, i)
		}
	}
	return front, back, extras
}
