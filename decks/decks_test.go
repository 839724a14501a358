package decks

import (
	"fmt"
	"io/fs"
	"maps"
	"regexp"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/hone-srs/hone/deck"
)

// The two built-in decks, by name: their topics in order and the least
// number of choice cards each must keep.
var wantDecks = map[string]struct {
	topics     []string
	minChoices int
}{
	"ITIL 4 technical management practices": {
		topics: []string{
			"Practice groups",
			"Deployment management",
			"Software development and management",
			"Infrastructure and platform management",
			"Monitoring and event management",
			"Telling practices apart",
		},
		minChoices: 30,
	},
	"ITIL Technical Management function": {
		topics:     []string{"Role and objectives", "Activities and relationships"},
		minChoices: 10,
	},
}

const (
	// minChoicesInAll is the least number of scenario cards across both decks.
	minChoicesInAll = 40
	// minClozesInAll is the least number of cloze cards across both decks:
	// definitions whose one key word is the thing to remember.
	minClozesInAll = 10
	// maxOptions bounds a choice card's options: more is a puzzle, not a question.
	maxOptions = 8
	// maxShare bounds, per deck, the share of choice cards whose right answer
	// has any one letter, and the share whose right answer is the strictly
	// longest option: a learner must not score by guessing either way.
	maxShare = 0.40
)

// parseClean parses every deck in fsys and fails t on any diagnostic: a
// choice card with no checked option or with two is one.
func parseClean(t *testing.T, fsys fs.FS) []deck.Deck {
	t.Helper()
	files, err := fs.Glob(fsys, "*.md")
	if err != nil {
		t.Fatal(err)
	}
	var decks []deck.Deck
	for _, name := range files {
		d, diags := deck.ParseFS(fsys, name)
		if len(diags) > 0 {
			t.Errorf("%s: %v", name, diags)
			continue
		}
		decks = append(decks, d)
	}
	return decks
}

func TestBuiltinDecksParseCleanly(t *testing.T) {
	decks := parseClean(t, FS)
	if len(decks) != len(wantDecks) {
		t.Fatalf("%d embedded decks parse cleanly, want %d", len(decks), len(wantDecks))
	}
	ids := map[string]string{}
	for _, d := range decks {
		w, ok := wantDecks[d.Name]
		if !ok {
			t.Errorf("unexpected deck %q", d.Name)
			continue
		}
		var topics []string
		for _, tp := range d.Topics {
			topics = append(topics, tp.Name)
		}
		if !slices.Equal(topics, w.topics) {
			t.Errorf("%s: topics %q, want %q", d.Name, topics, w.topics)
		}
		for _, c := range d.Cards {
			if other, dup := ids[c.ID]; dup {
				t.Errorf("%s: card id %s is also used in %s", d.Name, c.ID, other)
			}
			ids[c.ID] = d.Name
		}
		if d.Description == "" {
			t.Errorf("%s: no description", d.Name)
		}
	}
}

func TestBuiltinDecksHaveEnoughScenarios(t *testing.T) {
	total := 0
	for _, d := range parseClean(t, FS) {
		n := countKind(d, deck.Choice)
		total += n
		if w := wantDecks[d.Name]; n < w.minChoices {
			t.Errorf("%s: %d choice cards, want at least %d", d.Name, n, w.minChoices)
		}
	}
	if total < minChoicesInAll {
		t.Errorf("%d choice cards in all, want at least %d", total, minChoicesInAll)
	}
}

func TestBuiltinDecksHaveClozes(t *testing.T) {
	total := 0
	for _, d := range parseClean(t, FS) {
		for _, c := range d.Cards {
			if c.Kind != deck.Cloze {
				continue
			}
			total++
			// The blank is on the front, the answer marked on the back, and
			// no cloze syntax is left over anywhere.
			if !strings.Contains(c.Front, "==[") || !strings.Contains(c.Back, "==") {
				t.Errorf("%s: cloze card %q has no blank or no marked answer (back %q)", d.Name, c.Front, c.Back)
			}
			if strings.Contains(c.Front, "{{c") || strings.Contains(c.Back, "{{c") {
				t.Errorf("%s: cloze card %q keeps raw cloze syntax", d.Name, c.Front)
			}
		}
	}
	if total < minClozesInAll {
		t.Errorf("%d cloze cards in all, want at least %d", total, minClozesInAll)
	}
}

func TestBuiltinCardsAskQuestions(t *testing.T) {
	for _, d := range parseClean(t, FS) {
		for _, p := range frontProblems(d) {
			t.Error(p)
		}
	}
}

func TestBuiltinChoiceCardsAreFair(t *testing.T) {
	for _, d := range parseClean(t, FS) {
		for _, p := range optionProblems(d) {
			t.Error(p)
		}
		for _, p := range balanceProblems(d, maxShare) {
			t.Error(p)
		}
	}
}

// TestChecksCatchBrokenDecks shows that each check fails on a deck made to
// break it, so that a check passing on the built-in decks means something.
func TestChecksCatchBrokenDecks(t *testing.T) {
	tests := []struct {
		name, src string
		check     func(deck.Deck) []string
		want      string // in the first problem reported
	}{
		{"bare statement", "## Deployment moves components\nIt does.\n", frontProblems, "not a question"},
		{"yes/no question", "## Is deployment a technical practice?\nYes.\n", frontProblems, "yes or no"},
		{"statement over a question mark line", "## Deployment\nmoves components.\n?\nYes.\n", frontProblems, "not a question"},
		{"right answer always A", choiceCards(func(i int) (int, int) { return 4, 0 }), func(d deck.Deck) []string { return balanceProblems(d, maxShare) }, "letter A"},
		{"right answer always longest", choiceCards(func(i int) (int, int) { return 4, i % 4 }), func(d deck.Deck) []string { return balanceProblems(d, maxShare) }, "longest"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			d, diags := deck.ParseBytes("broken.md", []byte("---\ndeck: broken\n---\n# Topic\n"+tc.src))
			if len(diags) > 0 {
				t.Fatalf("the broken deck does not parse: %v", diags)
			}
			got := tc.check(d)
			if len(got) == 0 || !strings.Contains(got[0], tc.want) {
				t.Errorf("problems %q, want one saying %q", got, tc.want)
			}
		})
	}
	// At most 8 options and exactly one right answer are the parser's to
	// enforce: nine options, none checked, or two, is a diagnostic, which
	// parseClean turns into a failure.
	if _, diags := deck.ParseBytes("broken.md", []byte("---\ndeck: broken\n---\n# Topic\n"+choiceCard("Q1", 9, 0))); diags.Err() == nil {
		t.Error("a choice card with 9 options parses without an error")
	}
	for _, options := range []string{"- [ ] A: one\n- [ ] B: two\n", "- [x] A: one\n- [x] B: two\n"} {
		_, diags := deck.ParseBytes("broken.md", []byte("---\ndeck: broken\n---\n# Topic\n## Which?\n"+options+"> Why.\n"))
		if len(diags) == 0 {
			t.Errorf("a choice card with options\n%sparses without a diagnostic", options)
		}
	}
}

// choiceCard writes one choice card with n options of equal length, the
// right one at index right.
func choiceCard(front string, n, right int) string {
	var b strings.Builder
	fmt.Fprintf(&b, "## %s?\nA story.\n", front)
	for i := range n {
		box := " "
		if i == right {
			box = "x"
		}
		fmt.Fprintf(&b, "- [%s] %c: option\n", box, 'A'+i)
	}
	b.WriteString("> Why.\n\n")
	return b.String()
}

// choiceCards writes ten choice cards; at(i) gives card i's number of
// options and its right one, which is made the longest whenever it is not
// at index 0.
func choiceCards(at func(i int) (n, right int)) string {
	var b strings.Builder
	for i := range 10 {
		n, right := at(i)
		card := choiceCard(fmt.Sprintf("Q%d", i), n, right)
		if right > 0 {
			card = strings.Replace(card, "- [x] "+string(rune('A'+right))+": option", "- [x] "+string(rune('A'+right))+": a much longer option", 1)
		} else {
			card = strings.Replace(card, "- [x] A: option", "- [x] A: the longest option", 1)
		}
		b.WriteString(card)
	}
	return b.String()
}

var (
	clozeMark = regexp.MustCompile(`==[^=\n]+==`)
	// A front that opens with one of these asks for yes or no: a coin toss.
	yesNoOpener = regexp.MustCompile(`^(?i)(is|are|was|were|do|does|did|can|could|should|must|will|would|has|have)\b`)
)

// frontProblems reports cards that do not ask anything: a front must end
// with a question mark (for a basic card, its whole question may end with
// one below the heading) or hold a cloze deletion, and must not ask for yes
// or no.
func frontProblems(d deck.Deck) []string {
	var out []string
	for _, c := range d.Cards {
		question := c.Front
		if c.Kind == deck.Basic && c.Prompt != "" {
			question = strings.TrimSpace(c.Front + "\n" + c.Prompt)
		}
		switch {
		case clozeMark.MatchString(question):
		case yesNoOpener.MatchString(c.Front):
			out = append(out, fmt.Sprintf("%s: %q asks for yes or no; ask who or what instead", d.Name, c.Front))
		case !strings.HasSuffix(c.Front, "?") && !strings.HasSuffix(question, "?"):
			out = append(out, fmt.Sprintf("%s: %q is not a question; end it with ? or make it a cloze", d.Name, c.Front))
		}
	}
	return out
}

// optionProblems reports choice cards with too many options or a right
// answer that is not one of them.
func optionProblems(d deck.Deck) []string {
	var out []string
	for _, c := range d.Cards {
		if c.Kind != deck.Choice {
			continue
		}
		if len(c.Options) < 2 || len(c.Options) > maxOptions {
			out = append(out, fmt.Sprintf("%s: %q has %d options, want 2 to %d", d.Name, c.Front, len(c.Options), maxOptions))
		}
		if c.Correct < 0 || c.Correct >= len(c.Options) {
			out = append(out, fmt.Sprintf("%s: %q has no right option", d.Name, c.Front))
		}
	}
	return out
}

// balanceProblems reports a deck whose right answers a learner could guess:
// one letter right too often, or the longest option right too often.
func balanceProblems(d deck.Deck, share float64) []string {
	var out []string
	letters := map[string]int{}
	longest, n := 0, 0
	for _, c := range d.Cards {
		if c.Kind != deck.Choice || c.Correct < 0 || c.Correct >= len(c.Options) {
			continue
		}
		n++
		letters[c.Options[c.Correct].Letter]++
		if strictlyLongest(c.Options, c.Correct) {
			longest++
		}
	}
	limit := int(share * float64(n))
	for _, l := range slices.Sorted(maps.Keys(letters)) {
		if letters[l] > limit {
			out = append(out, fmt.Sprintf("%s: letter %s is right in %d of %d choice cards, more than %d", d.Name, l, letters[l], n, limit))
		}
	}
	if longest > limit {
		out = append(out, fmt.Sprintf("%s: the right option is the longest in %d of %d choice cards, more than %d", d.Name, longest, n, limit))
	}
	return out
}

func strictlyLongest(opts []deck.Option, i int) bool {
	n := utf8.RuneCountInString(opts[i].Text)
	for j, o := range opts {
		if j != i && utf8.RuneCountInString(o.Text) >= n {
			return false
		}
	}
	return true
}

func countKind(d deck.Deck, k deck.Kind) int {
	n := 0
	for _, c := range d.Cards {
		if c.Kind == k {
			n++
		}
	}
	return n
}
