package deck

import (
	"fmt"
	"slices"
	"strings"
	"testing"
)

// osrClozeCards is what osr-clozes.md holds, with the plugin's bold and
// curly styles turned on or not.
func osrClozeCards(styles bool) []importedCard {
	id := func(q string, n int) string { return fmt.Sprintf("%s#c%d", DerivedID("osr-clozes", "Biology", q), n) }
	cell := "The ==mitochondria== is the ==powerhouse== of the cell."
	ctx := "Context line one\nwith ==2;;numbered;;a hint== and ==1;;first== clozes."
	table := "| Organelle | Job |\n|---|---|\n| Ribosome | ==makes proteins== |"
	styled := "**bold** and {{curly}} stay text by default."
	tags := []string{"flashcards"}
	cards := []importedCard{
		{6, id(cell, 1), "Biology", []string{"flashcards", "bio"}, "The ==[...]== is the powerhouse of the cell.", "", "The ==mitochondria== is the powerhouse of the cell."},
		{6, id(cell, 2), "Biology", []string{"flashcards", "bio"}, "The mitochondria is the ==[...]== of the cell.", "", "The mitochondria is the ==powerhouse== of the cell."},
		{8, id(ctx, 1), "Biology", tags, "Context line one\nwith numbered and ==[...]== clozes.", "", "Context line one\nwith numbered and ==first== clozes."},
		{8, id(ctx, 2), "Biology", tags, "Context line one\nwith ==[a hint]== and first clozes.", "", "Context line one\nwith ==numbered== and first clozes."},
		{11, id(table, 1), "Biology", tags, "| Organelle | Job |\n|---|---|\n| Ribosome | ==[...]== |", "", table},
	}
	if styles {
		cards = append(cards,
			importedCard{15, id(styled, 1), "Biology", tags, "==[...]== and curly stay text by default.", "", "==bold== and curly stay text by default."},
			importedCard{15, id(styled, 2), "Biology", tags, "bold and ==[...]== stay text by default.", "", "bold and ==curly== stay text by default."})
	}
	return append(cards,
		importedCard{17, DerivedID("osr-clozes", "Biology", "Capital"), "Biology", tags, "Capital", "", "==Paris== stays a basic card"},
		importedCard{19, DerivedID("osr-clozes", "Biology", "Question with ==mark=="), "Biology", tags, "Question with ==mark==", "", "Answer"})
}

func TestOSRBoldAndCurlyClozes(t *testing.T) {
	src := readImportFile(t, "osr-clozes.md")
	d, diags := ParseOSR("osr-clozes.md", "", src, OSRClozes{Bold: true, Curly: true})
	checkImported(t, src, d, diags, "osr-clozes", osrClozeCards(true), nil)
	for _, c := range d.Cards {
		if base, _, cloze := strings.Cut(c.ID, "#c"); cloze && c.Note != base || !cloze && c.Note != "" {
			t.Errorf("card %s has note %q", c.ID, c.Note)
		}
	}
}

func TestParseOSRClozes(t *testing.T) {
	for in, want := range map[string]OSRClozes{"": {}, "bold": {Bold: true}, "curly, BOLD": {Bold: true, Curly: true}, "highlight,": {}} {
		if got, err := ParseOSRClozes(in); err != nil || got != want {
			t.Errorf("ParseOSRClozes(%q) = %+v, %v; want %+v", in, got, err, want)
		}
	}
	if _, err := ParseOSRClozes("bold,italic"); err == nil || err.Error() != `unknown cloze style "italic"; hone knows bold and curly (highlights are always read)` {
		t.Errorf("italic: %v", err)
	}
}

func TestOSRPairsShareANote(t *testing.T) {
	d, _ := ParseOSR("t.md", "t", []byte("Q:::A\n\nQ2\n??\nA2\n\nQ3::A3\n"), OSRClozes{})
	id := func(q string) string { return DerivedID("t", "t", q) }
	var got []string
	for _, c := range d.Cards {
		got = append(got, c.Note)
	}
	if want := []string{id("Q"), id("Q"), id("Q2"), id("Q2"), ""}; !slices.Equal(got, want) {
		t.Errorf("notes %q, want %q", got, want)
	}
}
