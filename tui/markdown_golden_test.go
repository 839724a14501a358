package tui

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/exp/golden"
)

// cardConstructs is one card text for each thing the renderer draws.
var cardConstructs = []struct{ name, src string }{
	{"paragraph", "A first paragraph whose words run on well past the width of a narrow card.\nA line written on its own stays on its own.\n\nA second paragraph, and a hard  \nbreak, and a backslash\\\nbreak."},
	{"emphasis", "Some *emphasis*, some **strong** text, ~~struck~~ words, and ***all*** of **bold _and italic_** at once, then \\*escaped\\* stars &amp; an &#x41; entity."},
	{"mark", "Cloze front: the ==[...]== keeps the learner guessing, and ==[a hint]== helps.\n\nCloze back: the answer is ==Service level management==, drawn marked. Inside a word: x==y==z. Not a mark: a == b, ===three===."},
	{"inline-code", "Run `hone review --deck ITIL` to start, or `hone due` for a count, or ``a `tick` inside``."},
	{"links", "Read [the guide](https://example.com/guide) or <https://example.com/auto>, [ref][r], [https://same.example](https://same.example), [](https://empty.example) and a [long one](https://example.com/a/very/long/path/that/does/not/fit/on/one/line?with=query&and=more).\n\n[r]: https://example.com/ref"},
	{"image", "A diagram: ![the incident flow](images/flow.png) and one with no words: ![](x.png)."},
	{"headings", "# One\n\nText under one.\n\n## Two\n\n### Three, which cards use for a part of the answer\n\n#### Four\n\n##### Five\n\n###### Six"},
	{"bullets", "- first\n- second, which is long enough to wrap under its own first word on a narrow card\n  - nested\n    - deeper\n      - deepest\n- third"},
	{"numbered", "8. eight\n9. nine\n10. ten, whose number is wider\n11. eleven\n    1. nested one\n    2. nested two"},
	{"loose-list", "- one paragraph\n\n- another, loose\n\n  with a second paragraph"},
	{"tasks", "- [x] a done task\n- [ ] an open task\n- [X] done with a capital\n- a plain item"},
	{"quote", "> A quote, wrapped when it runs long enough to need a second line.\n>\n> > A nested quote.\n>\n> - a list\n> - inside it"},
	{"fenced-code", "```go\nfunc main() {\n\tif x {\n\t\tfmt.Println(\"tabs\\tinside\")\n\t}\n}\n// a comment long enough that it does not fit on a line of a narrow card at all\n```"},
	{"indented-code", "Text, then code:\n\n    indented code\n    \ttab\n\n    after a blank line"},
	{"table", "| Practice | Purpose | Owner |\n| --- | :---: | ---: |\n| Incident management | Restore normal service fast | Service desk |\n| Change enablement | Maximise successful changes | CAB |"},
	{"wide-table", "| Practice | Purpose | Inputs | Outputs | Owner | Metric |\n| --- | --- | --- | --- | --- | --- |\n| Monitoring and event management | Observe services, record and report changes of state | Events from tools | Alerts and incidents | Operations | Events handled automatically |"},
	{"rule", "Above\n\n---\n\nBelow\n\n***"},
	{"cjk-emoji", "日本語の文章は空白なしで続くので、どこでも折り返せる必要があります。 Emoji 👩‍💻 and 🎉 and flags 🇯🇵 keep their width; 中文，标点。"},
	{"html", "Text with <b>raw</b> HTML.\n\n<div>\nA block of it\n</div>"},
	{"hostile", "ESC \x1b[31mred\x1b[0m, OSC 52 \x1b]52;c;aGVsbG8=\x07, title \x1b]0;pwned\x07, C1 \u009b31m, bidi \u202Eevil\u202C, a link [x](https://a.example/\x1b[2J) and `code \x1b[5m`."},
	{"too-deep", strings.Repeat(">", 25) + " deep\n\ntext after"},
}

// TestMarkdownConstructs draws each construct at 40 and 100 columns, with
// colour (TrueColor) and without (Ascii: attributes only).
func TestMarkdownConstructs(t *testing.T) {
	for _, c := range cardConstructs {
		t.Run(c.name, func(t *testing.T) {
			var b strings.Builder
			for _, width := range []int{40, 100} {
				out := (&markdown{}).render(c.src, width, true)
				for _, p := range []colorprofile.Profile{colorprofile.Ascii, colorprofile.TrueColor} {
					fmt.Fprintf(&b, "── %d columns, %s ──\n%s\n", width, p, downsample(t, out, p))
				}
				checkWidth(t, out, width)
			}
			golden.RequireEqual(t, b.String())
		})
	}
}

// downsample is what a terminal of profile p receives.
func downsample(t *testing.T, s string, p colorprofile.Profile) string {
	t.Helper()
	var buf bytes.Buffer
	w := &colorprofile.Writer{Forward: &buf, Profile: p}
	if _, err := w.WriteString(s); err != nil {
		t.Fatal(err)
	}
	return buf.String()
}
