package main

import (
	"fmt"
	"strings"

	"github.com/hone-srs/hone/deck"
	"github.com/hone-srs/hone/srs"
)

// editorCommand is the editor `e` opens a card in, split into words:
// $VISUAL, then $EDITOR, then vi.
func editorCommand(e env) []string {
	for _, v := range []string{"VISUAL", "EDITOR"} {
		if words := strings.Fields(e.getenv(v)); len(words) > 0 {
			return words
		}
	}
	return []string{"vi"}
}

// reimport imports a deck's file again after it was edited, under the
// deck's name, and says what changed. A file with errors changes nothing,
// and the error names the file and line.
func reimport(store *srs.Store, path, deckName string) (string, error) {
	items, _, diags, err := importItems([]string{path}, deck.LoadOptions{DeckName: deckName})
	if err != nil {
		return "", err
	}
	if errs := diags.Errors(); len(errs) > 0 {
		return "", fmt.Errorf("nothing imported: %s", errs[0])
	}
	results, err := store.Import(items, false)
	if err != nil {
		return "", err
	}
	var lines []string
	for _, r := range results {
		lines = append(lines, summaryLine(r))
	}
	return strings.Join(lines, "; "), nil
}
