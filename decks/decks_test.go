package decks

import (
	"io/fs"
	"slices"
	"testing"

	"github.com/hone-srs/hone/deck"
)

func TestBuiltinDecksParseCleanly(t *testing.T) {
	want := map[string]struct {
		topics     []string
		minChoices int
	}{
		"ITIL 4 technical management practices": {
			topics:     []string{"Practice groups", "Deployment management", "Software development and management", "Infrastructure and platform management", "Monitoring and event management", "Telling practices apart"},
			minChoices: 12,
		},
		"ITIL Technical Management function": {
			topics:     []string{"Role and objectives", "Activities and relationships"},
			minChoices: 4,
		},
	}
	files, err := fs.Glob(FS, "*.md")
	if err != nil {
		t.Fatal(err)
	}
	if len(files) != len(want) {
		t.Fatalf("embedded decks %v, want %d", files, len(want))
	}
	ids := map[string]string{}
	for _, name := range files {
		d, diags := deck.ParseFS(FS, name)
		if len(diags) > 0 {
			t.Errorf("%s: %v", name, diags)
			continue
		}
		w, ok := want[d.Name]
		if !ok {
			t.Errorf("%s: unexpected deck %q", name, d.Name)
			continue
		}
		var topics []string
		for _, tp := range d.Topics {
			topics = append(topics, tp.Name)
		}
		if !slices.Equal(topics, w.topics) {
			t.Errorf("%s: topics %q, want %q", name, topics, w.topics)
		}
		choices := 0
		for _, c := range d.Cards {
			if c.Kind == deck.Choice {
				choices++
			}
			if other, dup := ids[c.ID]; dup {
				t.Errorf("%s: card id %s is also used in %s", name, c.ID, other)
			}
			ids[c.ID] = name
		}
		if choices < w.minChoices {
			t.Errorf("%s: %d choice cards, want at least %d", name, choices, w.minChoices)
		}
		if d.Description == "" {
			t.Errorf("%s: no description", name)
		}
	}
}
