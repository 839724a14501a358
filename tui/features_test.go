package tui

import (
	"image/color"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/golden"

	"github.com/hone-srs/hone/deck"
	"github.com/hone-srs/hone/srs"
)

// space (or enter) on a revealed flashcard grades it Good.
func TestSpaceOnRevealedIsGood(t *testing.T) {
	a, store, clk := newTestApp(t, 80, 24)
	press(a, "enter", "space", "space")
	if got := plainView(a); !strings.Contains(got, "What is two?") {
		t.Fatalf("space on the back did not go on:\n%s", got)
	}
	press(a, "space", "enter")
	states, err := store.Cards()
	if err != nil {
		t.Fatal(err)
	}
	d, _ := deck.ParseBytes("test.md", []byte(testDeck))
	want := srs.DefaultScheduler().Review(srs.NewCardState(), srs.Good, srs.DayOf(clk.now()))
	for _, c := range d.Cards[:2] {
		if states[c.ID] != want {
			t.Errorf("card %s: %+v, want Good's %+v", c.Front, states[c.ID], want)
		}
	}
}

// A choice card's options are shuffled per review, and the explanation's
// bold letters follow them.
func TestOptionOrder(t *testing.T) {
	c := deck.Card{ID: "x", Kind: deck.Choice, Correct: 1, Options: []deck.Option{
		{Letter: "A", Text: "one"}, {Letter: "B", Text: "two"}, {Letter: "C", Text: "three"}, {Letter: "D", Text: "four"},
	}}
	seen := map[string]bool{}
	for seed := range uint64(40) {
		o := optionOrder(c, seed)
		if len(o) != 4 {
			t.Fatalf("order %v", o)
		}
		var letters strings.Builder
		for _, i := range o {
			letters.WriteString(c.Options[i].Letter)
		}
		seen[letters.String()] = true
	}
	if len(seen) < 6 {
		t.Errorf("40 reviews gave only %d orders: %v", len(seen), seen)
	}
	// Shown as D A B C: deck B (right) is shown as C.
	order := []int{3, 0, 1, 2}
	tests := []struct{ in, want string }{
		{"**B** is right; **A** is wrong.", "**C** is right; **B** is wrong."},
		{"**B.** Moving a build is deployment.", "**C.** Moving a build is deployment."},
		{"**E** is a vowel; B and K are consonants.", "**E** is a vowel; B and K are consonants."},
		{"**Bold words** stay.", "**Bold words** stay."},
		{"**D**", "**A**"},
	}
	for _, tt := range tests {
		if got := relabel(tt.in, c, order); got != tt.want {
			t.Errorf("relabel(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
	// Options that point at each other keep their places.
	c.Options[3].Text = "all of the above"
	if o := optionOrder(c, 7); o[0] != 0 || o[1] != 1 || o[2] != 2 || o[3] != 3 {
		t.Errorf("an 'all of the above' card was shuffled: %v", o)
	}
}

// The verdict names the letter shown, and the explanation its letters.
func TestShuffledExplanation(t *testing.T) {
	src := "---\ndeck: S\n---\n# T\n## Which?\nPick.\n- [ ] A: red\n- [x] B: green\n- [ ] C: blue\n- [ ] D: black\n> **B** is right: green. **A** is wrong.\n"
	a, _, _ := newAppOn(t, src, 80, 24)
	press(a, "enter")
	pick(t, a, "red")
	view := plainView(a)
	var green, red string
	for _, l := range strings.Split(view, "\n") {
		if i := strings.Index(l, ") green"); i > 0 {
			green = l[i-1 : i]
		}
		if i := strings.Index(l, ") red"); i > 0 {
			red = l[i-1 : i]
		}
	}
	if !strings.Contains(view, "the answer is "+green+".") || !strings.Contains(view, green+" is right: green. "+red+" is wrong.") {
		t.Fatalf("verdict or explanation not in the shown letters (green %s, red %s):\n%s", green, red, view)
	}
}

// On a wide terminal the card keeps a readable width, centred.
func TestReadableWidth(t *testing.T) {
	src := "---\ndeck: W\n---\n# T\n## A long back\n" + strings.Repeat("word ", 80) + "\n"
	a, _, _ := newAppOn(t, src, 250, 60)
	press(a, "enter", "space")
	view := checkFits(t, a, 250, 60)
	for _, l := range strings.Split(view, "\n") {
		if !strings.Contains(l, "│") {
			continue
		}
		first, last := strings.Index(l, "│"), strings.LastIndex(l, "│")
		left, width := ansi.StringWidth(l[:first]), ansi.StringWidth(l[first:last])+1
		if width > readableWidth+4 {
			t.Fatalf("the card is %d wide at 250 columns:\n%q", width, l)
		}
		if right := 250 - left - width; left-right > 2 || right-left > 2 {
			t.Fatalf("the card is not centred (%d left, %d right):\n%q", left, right, l)
		}
	}
}

// e opens the card's file at its line in the editor, and the file is
// imported again when the editor exits: the card shows as edited.
func TestEditCard(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "test.md")
	if err := os.WriteFile(file, []byte(testDeck), 0o600); err != nil {
		t.Fatal(err)
	}
	clk := newClock()
	store, err := srs.Open(filepath.Join(dir, "hone.db"), srs.Options{Clock: clk.now})
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	importFile := func(path, deckName string) (string, error) {
		src, err := os.ReadFile(path)
		if err != nil {
			return "", err
		}
		d, diags := deck.ParseBytes(path, src)
		if err := diags.Err(); err != nil {
			return "", err
		}
		res, err := store.Import([]srs.ImportItem{{Deck: d, Source: path, Text: src}}, false)
		if err != nil {
			return "", err
		}
		return "deck " + res[0].Deck + " imported again", nil
	}
	if _, err := importFile(file, ""); err != nil {
		t.Fatal(err)
	}
	// The "editor" rewrites the back and notes the line it was asked for.
	script := `printf '%s\n' "$1" > "$(dirname "$2")/line"; sed -i 's/The first number./The very first number./' "$2"`
	a := New(Options{Store: store, Now: clk.now, Limits: Limits{Reviews: 200, NewPerDeck: 20},
		Editor: []string{"sh", "-c", script, "sh"}, Reimport: importFile})
	a.c.exec = func(c *exec.Cmd, done tea.ExecCallback) tea.Cmd {
		return func() tea.Msg { return done(c.Run()) }
	}
	run(a, size(80, 24))
	run(a, a.Init()())
	press(a, "enter", "space", "?")
	if !strings.Contains(plainView(a), "e edit card") {
		t.Fatalf("the full help does not offer e:\n%s", plainView(a))
	}
	press(a, "?", "e")
	got := plainView(a)
	if !strings.Contains(got, "The very first number.") || !strings.Contains(got, "imported again") {
		t.Fatalf("the edited card is not shown as edited:\n%s", got)
	}
	line, _ := os.ReadFile(filepath.Join(dir, "line"))
	if strings.TrimSpace(string(line)) != "+6" {
		t.Errorf("the editor was opened at %q, want +6 (the card's heading)", line)
	}
}

// Built-in decks' cards cannot be edited, and e says so.
func TestEditBuiltinRefused(t *testing.T) {
	clk := newClock()
	s, err := srs.Open(filepath.Join(t.TempDir(), "hone.db"), srs.Options{Clock: clk.now})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	d, _ := deck.ParseBytes("test.md", []byte(testDeck))
	if _, err := s.SyncDeck(d, "builtin:test.md", true); err != nil {
		t.Fatal(err)
	}
	a := New(Options{Store: s, Now: clk.now, Limits: Limits{Reviews: 200, NewPerDeck: 20}, Editor: []string{"false"}})
	run(a, size(80, 24))
	run(a, a.Init()())
	press(a, "enter", "e")
	if got := plainView(a); !strings.Contains(got, "only cards of decks imported from markdown can be edited") || !strings.Contains(got, "What is one?") {
		t.Fatalf("e on a built-in card:\n%s", got)
	}
}

// Every screen at 40×12: home, a card front and back, a choice card, the
// summary and the stats.
func TestNarrowGoldens(t *testing.T) {
	a, _, _ := newTestApp(t, 40, 12)
	t.Run("home", func(t *testing.T) { golden.RequireEqual(t, checkFits(t, a, 40, 12)) })
	press(a, "enter")
	t.Run("front", func(t *testing.T) { golden.RequireEqual(t, checkFits(t, a, 40, 12)) })
	press(a, "space")
	t.Run("back", func(t *testing.T) { golden.RequireEqual(t, checkFits(t, a, 40, 12)) })
	press(a, "1", "space", "3")
	t.Run("choice", func(t *testing.T) { golden.RequireEqual(t, checkFits(t, a, 40, 12)) })
	pick(t, a, "E")
	t.Run("choice-right", func(t *testing.T) { golden.RequireEqual(t, checkFits(t, a, 40, 12)) })
	press(a, "enter", "q")
	t.Run("summary", func(t *testing.T) { golden.RequireEqual(t, checkFits(t, a, 40, 12)) })
	press(a, "enter", "s")
	t.Run("stats", func(t *testing.T) { golden.RequireEqual(t, checkFits(t, a, 40, 12)) })
}

// A theme set in the settings fixes the colours: no background query, and
// a later answer from the terminal changes nothing.
func TestFixedTheme(t *testing.T) {
	clk := newClock()
	store := openTestStore(t, clk)
	a := New(Options{Store: store, Now: clk.now, Theme: "light", Limits: Limits{Reviews: 200, NewPerDeck: 20}})
	if a.c.styles.dark {
		t.Fatal("theme light gave dark styles")
	}
	if _, isBatch := a.Init()().(tea.BatchMsg); isBatch {
		t.Fatal("a fixed theme still asks the terminal for its background")
	}
	a.Update(tea.BackgroundColorMsg{Color: color.Black})
	if a.c.styles.dark {
		t.Fatal("the terminal's dark background overrode theme light")
	}
}
