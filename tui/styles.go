package tui

import (
	"image/color"

	"charm.land/bubbles/v2/table"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
)

// Styles is every look the UI has, built once for the terminal's background.
// Nothing else in the package names a colour.
type Styles struct {
	dark bool

	App      lipgloss.Style
	Title    lipgloss.Style
	Subtle   lipgloss.Style
	Muted    lipgloss.Style
	Card     lipgloss.Style
	Front    lipgloss.Style
	Divider  lipgloss.Style
	Selected lipgloss.Style
	Count    lipgloss.Style
	Due      lipgloss.Style
	New      lipgloss.Style
	Learning lipgloss.Style
	Right    lipgloss.Style
	Wrong    lipgloss.Style
	Cursor   lipgloss.Style
	Grade    lipgloss.Style
	GradeKey lipgloss.Style
	Error    lipgloss.Style
	Notice   lipgloss.Style

	BarFull, BarEmpty color.Color
	// Heat draws the heatmap's cells, from no answers to the busiest days;
	// each style carries its shade's character too.
	Heat []lipgloss.Style

	Markdown MarkdownStyles // card text

	Table table.Styles     // the card browser's table
	Input textinput.Styles // the browser's search field
	// Flags draw the flags' colours, by number (0, no flag, is plain).
	Flags [8]lipgloss.Style
}

// MarkdownStyles is how card text is drawn. Inline styles combine: text that
// is both strong and a link takes both looks.
type MarkdownStyles struct {
	Heading, Heading1   lipgloss.Style
	Emph, Strong        lipgloss.Style
	Strike              lipgloss.Style
	Code                lipgloss.Style // inline code
	CodeBlock           lipgloss.Style
	Mark                lipgloss.Style // ==marked== text: a cloze's answer
	Link, URL, Image    lipgloss.Style
	Quote, Rule, Marker lipgloss.Style // quote bar, thematic break, list bullets and numbers
	TableBorder         lipgloss.Style
	TableHeader         lipgloss.Style
	Note                lipgloss.Style // why a card is shown as plain text
}

// heatShades are the heatmap's characters, from no answers to the busiest
// days: they read the same with colour off.
var heatShades = []string{"·", "░", "▒", "▓", "█"}

func newStyles(dark bool) Styles {
	ld := lipgloss.LightDark(dark)
	accent := ld(lipgloss.Color("#5A3FC0"), lipgloss.Color("#A78BFA"))
	subtle := ld(lipgloss.Color("#6B6B6B"), lipgloss.Color("#9A9A9A"))
	faint := ld(lipgloss.Color("#BDBDBD"), lipgloss.Color("#4A4A4A"))
	green := ld(lipgloss.Color("#1A7F37"), lipgloss.Color("#3FB950"))
	red := ld(lipgloss.Color("#CF222E"), lipgloss.Color("#F85149"))
	amber := ld(lipgloss.Color("#9A6700"), lipgloss.Color("#D29922"))
	blue := ld(lipgloss.Color("#0969DA"), lipgloss.Color("#58A6FF"))
	return Styles{
		dark:     dark,
		App:      lipgloss.NewStyle().Padding(0, 1),
		Title:    lipgloss.NewStyle().Bold(true).Foreground(accent),
		Subtle:   lipgloss.NewStyle().Foreground(subtle),
		Muted:    lipgloss.NewStyle().Foreground(faint),
		Card:     lipgloss.NewStyle().Border(lipgloss.RoundedBorder()).BorderForeground(faint).Padding(0, 1),
		Front:    lipgloss.NewStyle().Bold(true),
		Divider:  lipgloss.NewStyle().Foreground(faint),
		Selected: lipgloss.NewStyle().Bold(true).Foreground(accent),
		Count:    lipgloss.NewStyle().Foreground(subtle),
		Due:      lipgloss.NewStyle().Bold(true).Foreground(amber),
		New:      lipgloss.NewStyle().Foreground(blue),
		Learning: lipgloss.NewStyle().Foreground(red),
		Right:    lipgloss.NewStyle().Bold(true).Foreground(green),
		Wrong:    lipgloss.NewStyle().Bold(true).Foreground(red),
		Cursor:   lipgloss.NewStyle().Foreground(accent),
		Grade:    lipgloss.NewStyle().Foreground(subtle),
		GradeKey: lipgloss.NewStyle().Bold(true).Foreground(accent),
		Error:    lipgloss.NewStyle().Bold(true).Foreground(red),
		Notice:   lipgloss.NewStyle().Foreground(amber),
		BarFull:  accent,
		BarEmpty: faint,
		Heat:     heatStyles(faint, ld),
		Markdown: newMarkdownStyles(ld, accent, subtle, faint, blue, amber),
		Table: table.Styles{
			Header:   lipgloss.NewStyle().Bold(true).Foreground(subtle).Padding(0, 1),
			Cell:     lipgloss.NewStyle().Padding(0, 1),
			Selected: lipgloss.NewStyle().Bold(true).Foreground(accent),
		},
		Input: inputStyles(accent, subtle, faint),
		Flags: flagStyles(ld, red, amber, green, blue),
	}
}

// inputStyles are the search field's: a steady cursor (a blinking one
// would redraw the screen twice a second for nothing).
func inputStyles(accent, subtle, faint color.Color) textinput.Styles {
	state := textinput.StyleState{
		Text:        lipgloss.NewStyle(),
		Placeholder: lipgloss.NewStyle().Foreground(faint),
		Suggestion:  lipgloss.NewStyle().Foreground(faint),
		Prompt:      lipgloss.NewStyle().Foreground(accent),
	}
	blurred := state
	blurred.Text = lipgloss.NewStyle().Foreground(subtle)
	blurred.Prompt = lipgloss.NewStyle().Foreground(subtle)
	return textinput.Styles{Focused: state, Blurred: blurred, Cursor: textinput.CursorStyle{Color: accent, Shape: tea.CursorBlock}}
}

// flagStyles colour the flags as Anki does: red, orange, green, blue,
// pink, turquoise, purple.
func flagStyles(ld lipgloss.LightDarkFunc, red, orange, green, blue color.Color) [8]lipgloss.Style {
	out := [8]lipgloss.Style{lipgloss.NewStyle()}
	for i, c := range []color.Color{red, orange, green, blue,
		ld(lipgloss.Color("#BF3989"), lipgloss.Color("#F778BA")),
		ld(lipgloss.Color("#1B7C83"), lipgloss.Color("#39C5CF")),
		ld(lipgloss.Color("#8250DF"), lipgloss.Color("#BC8CFF"))} {
		out[i+1] = lipgloss.NewStyle().Bold(true).Foreground(c)
	}
	return out
}

func heatStyles(faint color.Color, ld lipgloss.LightDarkFunc) []lipgloss.Style {
	colours := []color.Color{
		faint,
		ld(lipgloss.Color("#9BE9A8"), lipgloss.Color("#0E4429")),
		ld(lipgloss.Color("#40C463"), lipgloss.Color("#006D32")),
		ld(lipgloss.Color("#30A14E"), lipgloss.Color("#26A641")),
		ld(lipgloss.Color("#216E39"), lipgloss.Color("#39D353")),
	}
	out := make([]lipgloss.Style, len(colours))
	for i, c := range colours {
		out[i] = lipgloss.NewStyle().Foreground(c).SetString(heatShades[i])
	}
	return out
}

func newMarkdownStyles(ld lipgloss.LightDarkFunc, accent, subtle, faint, blue, amber color.Color) MarkdownStyles {
	plain := lipgloss.NewStyle()
	return MarkdownStyles{
		Heading:     plain.Bold(true).Foreground(accent),
		Heading1:    plain.Bold(true).Underline(true).Foreground(accent),
		Emph:        plain.Italic(true),
		Strong:      plain.Bold(true),
		Strike:      plain.Strikethrough(true),
		Code:        plain.Foreground(ld(lipgloss.Color("#B42318"), lipgloss.Color("#FF7B72"))).Background(ld(lipgloss.Color("#F0F0F3"), lipgloss.Color("#2D2D33"))),
		CodeBlock:   plain.Foreground(ld(lipgloss.Color("#4B5563"), lipgloss.Color("#B0B8C1"))),
		Mark:        plain.Bold(true).Foreground(ld(lipgloss.Color("#3B2F00"), lipgloss.Color("#1C1C1C"))).Background(ld(lipgloss.Color("#FFE58F"), amber)),
		Link:        plain.Underline(true).Foreground(blue),
		URL:         plain.Foreground(subtle),
		Image:       plain.Italic(true).Foreground(subtle),
		Quote:       plain.Foreground(subtle),
		Rule:        plain.Foreground(faint),
		Marker:      plain.Foreground(accent),
		TableBorder: plain.Foreground(faint),
		TableHeader: plain.Bold(true),
		Note:        plain.Italic(true).Foreground(amber),
	}
}
