package tui

import (
	"image/color"

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
	}
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
