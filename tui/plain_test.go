package tui

import "testing"

// Lines drawn without the markdown renderer (the browser's card column,
// the summary's missed cards, an option) drop the markers a reader should
// not see, and keep text that only looks like one.
func TestPlain(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"**bold** and `code`", "bold and code"},
		{"ITIL 4 has ==[...]== practices", "ITIL 4 has [...] practices"},
		{"The ==[organelle]== is the powerhouse", "The [organelle] is the powerhouse"},
		{"if a == b then", "if a == b then"},
		{"x ==[y", "x ==[y"},
	} {
		if got := plain(c.in); got != c.want {
			t.Errorf("plain(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}
