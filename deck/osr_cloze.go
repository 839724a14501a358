package deck

import (
	"fmt"
	"strings"
)

// OSRClozes are the Obsidian plugin's cloze styles that a vault turns on
// besides ==highlights==, which are always read.
type OSRClozes struct {
	Bold  bool // **text**
	Curly bool // {{text}}
}

// ParseOSRClozes reads a comma-separated list of styles: "bold", "curly",
// or "" for neither.
func ParseOSRClozes(list string) (OSRClozes, error) {
	var o OSRClozes
	for _, name := range strings.Split(list, ",") {
		switch strings.ToLower(strings.TrimSpace(name)) {
		case "":
		case "bold":
			o.Bold = true
		case "curly":
			o.Curly = true
		case "highlight":
			// always on
		default:
			return o, fmt.Errorf("unknown cloze style %q; hone knows bold and curly (highlights are always read)", name)
		}
	}
	return o, nil
}

func (o OSRClozes) syntax() clozeSyntax {
	return clozeSyntax{highlight: true, bold: o.Bold, curly: o.Curly, numbered: true, markdown: true}
}

// osrEndMarker ends a card in notes that use it, instead of a blank line.
const osrEndMarker = "+++"

// hasOSREndMarker tells whether a note ends its cards with "+++" lines:
// one such line outside code says so.
func hasOSREndMarker(lines []string) bool {
	var fence osrFence
	for i, l := range lines {
		switch {
		case fence.open:
			fence.closes(l)
		case fence.opens(l, i+1):
		case strings.TrimSpace(l) == osrEndMarker:
			return true
		}
	}
	return false
}

// marksDeletion is a quick look at whether a line marks a deletion in one
// of the styles read, so that a paragraph is parsed as a cloze note only
// when it may be one.
func (s *osrScanner) marksDeletion(line string) bool {
	c := s.cloze
	if !(c.highlight && strings.Contains(line, "==") || c.bold && strings.Contains(line, "**") || c.curly && strings.Contains(line, "{{")) {
		return false
	}
	return len(clozeNumbers(parseCloze(line, c))) > 0
}

// clozeNote makes the cards of a paragraph, or of a block ended by "+++",
// that marks deletions: one card per deletion, with the block as context.
func (s *osrScanner) clozeNote(lines []osrLine) {
	text, tags := joinOSRLines(lines)
	nodes := parseCloze(text, s.cloze)
	for _, c := range clozeCards(nodes, DerivedID(s.im.deck.Name, s.topic, text), "") {
		if c.Back == "" {
			continue
		}
		c.Topic, c.Line = s.topic, lines[0].n
		s.im.add(c, s.baseTags, tags...)
	}
}
