package tui

import (
	"fmt"
	"strings"

	"charm.land/lipgloss/v2"

	"github.com/hone-srs/hone/deck"
)

// cardState is what the learner has done with the card on screen, as far as
// drawing it goes.
type cardState struct {
	revealed bool  // flashcard: back shown
	answered bool  // choice: picked, marks and explanation shown
	cursor   int   // choice: shown position under the cursor
	picked   int   // choice: shown position picked, -1 before
	order    []int // choice: the card's option index at each shown position
	browse   bool  // shown in the browser: the answer without a verdict
}

// anchors are the content lines where a card's parts begin, so that the
// view can scroll to what just changed.
type anchors struct {
	options []int // each shown option's first line
	answer  int   // the back, or a choice card's options once answered
}

// cardView draws a card for its state at the given width: the text inside
// the box, with no border. It depends on nothing but its arguments (the
// renderer only caches), so every state of a card can be tested alone.
func cardView(s Styles, md *markdown, c deck.Card, st cardState, w int) (string, anchors) {
	var b strings.Builder
	var at anchors
	line := 0
	add := func(part string) int {
		if b.Len() > 0 {
			b.WriteString("\n\n")
			line += 2
		}
		start := line
		b.WriteString(part)
		line += strings.Count(part, "\n")
		return start
	}
	if c.Kind == deck.Cloze {
		// A cloze is its text with a blank; revealed, the same text with
		// the answer marked takes its place.
		text := c.Front
		if st.revealed {
			text = c.Back
		}
		add(md.render(text, w, s.dark))
		return tabsToSpaces(b.String()), at
	}
	add(s.Front.Width(w).Render(plain(c.Front)))
	if c.Prompt != "" {
		add(md.render(c.Prompt, w, s.dark))
	}
	if c.Kind == deck.Choice {
		opts, offsets := optionLines(s, c, st, w)
		start := add(opts)
		for _, off := range offsets {
			at.options = append(at.options, start+off)
		}
		if st.answered {
			at.answer = start
			if !st.browse {
				add(verdict(s, c, st))
			}
			add(md.render(relabel(c.Explanation, c, st.order), w, s.dark))
		}
	} else if st.revealed {
		at.answer = add(s.Divider.Render(strings.Repeat("─", w)))
		add(md.render(c.Back, w, s.dark))
	}
	return tabsToSpaces(b.String()), at
}

// tabsToSpaces turns tabs into the four spaces lipgloss draws them as, so
// that a line is measured as wide as it is drawn: a code sample with tabs
// would otherwise push the card's border off the screen.
func tabsToSpaces(s string) string {
	if !strings.Contains(s, "\t") {
		return s
	}
	return strings.ReplaceAll(s, "\t", "    ")
}

// shownLetter is the letter of the option shown at position i.
func shownLetter(i int) string { return string(rune('A' + i)) }

// optionLines draws the options in their shown order, lettered A, B, C…
// by position, with their marks; wrapped text hangs under the option's
// first word. It returns each option's first line.
func optionLines(s Styles, c deck.Card, st cardState, w int) (string, []int) {
	var lines []string
	var offsets []int
	for pos, i := range st.order {
		mark, style := "  ", lipgloss.NewStyle()
		switch {
		case st.answered && i == c.Correct:
			mark, style = "✓ ", s.Right
		case st.answered && pos == st.picked:
			mark, style = "✗ ", s.Wrong
		case !st.answered && pos == st.cursor:
			mark, style = "› ", s.Cursor
		}
		lead := mark + shownLetter(pos) + ") "
		text := lipgloss.NewStyle().Width(max(w-lipgloss.Width(lead), 1)).Render(plain(tabsToSpaces(c.Options[i].Text)))
		offsets = append(offsets, len(lines))
		block := style.Render(lipgloss.JoinHorizontal(lipgloss.Top, lead, text))
		lines = append(lines, strings.Split(block, "\n")...)
	}
	return strings.Join(lines, "\n"), offsets
}

// pickedRight reports whether the option picked is card c's right one.
func (st cardState) pickedRight(c deck.Card) bool {
	return st.picked >= 0 && st.picked < len(st.order) && st.order[st.picked] == c.Correct
}

func verdict(s Styles, c deck.Card, st cardState) string {
	if st.pickedRight(c) {
		return s.Right.Render("✓ Right.")
	}
	for pos, i := range st.order {
		if i == c.Correct {
			return s.Wrong.Render(fmt.Sprintf("✗ Not quite: the answer is %s.", shownLetter(pos)))
		}
	}
	return s.Wrong.Render("✗ Not quite.")
}

// plain drops the markdown markers an option's one line may carry; options
// are short and drawn as lines, not as rendered blocks.
func plain(s string) string {
	return strings.NewReplacer("**", "", "__", "", "`", "").Replace(s)
}
