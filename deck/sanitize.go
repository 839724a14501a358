package deck

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// Text from a file is untrusted: a deck name, a path or a card can carry
// bytes that a terminal obeys instead of showing (set the window title,
// write the clipboard, draw a spoofed hyperlink, reorder a line). Two
// functions make such text safe, one for text that must stay on one line
// (names, paths, topics, tags, ids, diagnostics) and one for card text,
// which keeps its newlines and tabs. Both:
//
//   - drop every escape sequence, 7-bit (ESC [ … CSI, ESC ] … OSC, ESC P …
//     DCS, ESC _ … APC, ESC ^ … PM, ESC X … SOS, ESC + one byte) or 8-bit
//     (the same introduced by the C1 controls U+009B, U+009D, …), with its
//     parameters and payload;
//   - drop every other C0 and C1 control, DEL, and bytes that are not UTF-8;
//   - show bidirectional controls and invisible characters as <U+XXXX>, so
//     that they can neither reorder nor hide text. Zero-width joiners
//     between two letters or symbols of other scripts stay, since Persian,
//     Indic scripts and emoji sequences need them.
//
// Both are idempotent, and return s itself when there is nothing to change.

// SanitizeLine makes text that is shown on one line safe to print. Tabs,
// newlines and the Unicode line separators become spaces.
func SanitizeLine(s string) string { return sanitize(s, false) }

// SanitizeText makes multi-line card text safe to print. It keeps newlines
// and tabs; a Unicode line or paragraph separator becomes a newline.
func SanitizeText(s string) string { return sanitize(s, true) }

func sanitize(s string, multiline bool) string {
	i := firstUnsafe(s, multiline)
	if i == len(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 16)
	b.WriteString(s[:i])
	for i < len(s) {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size <= 1:
			b.WriteRune(utf8.RuneError) // not UTF-8: shown as �, never as a byte
		case r == '\n' || r == '\t':
			if multiline {
				b.WriteByte(byte(r))
			} else {
				b.WriteByte(' ')
			}
		case r == 0x1b:
			size = escapeLen(s[i:])
		case r >= 0x80 && r <= 0x9f:
			size = c1Len(s[i:], r)
		case r < 0x20 || r == 0x7f:
			// another C0 control or DEL: dropped
		case r == '\u2028' || r == '\u2029':
			if multiline {
				b.WriteByte('\n')
			} else {
				b.WriteByte(' ')
			}
		case invisible(r) && !joins(s, i, size, r):
			fmt.Fprintf(&b, "<U+%04X>", r)
		default:
			b.WriteString(s[i : i+size])
		}
		i += size
	}
	return b.String()
}

// firstUnsafe is the index of the first byte sanitize would change, or
// len(s) when it would change nothing.
func firstUnsafe(s string, multiline bool) int {
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c < 0x20 || c == 0x7f {
				if !multiline || (c != '\n' && c != '\t') {
					return i
				}
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if (r == utf8.RuneError && size <= 1) || (r >= 0x80 && r <= 0x9f) || r == '\u2028' || r == '\u2029' ||
			(invisible(r) && !joins(s, i, size, r)) {
			return i
		}
		i += size
	}
	return len(s)
}

// invisible reports the characters that reorder text or take no room:
// bidirectional controls, zero-width characters, invisible operators and
// tag characters.
func invisible(r rune) bool {
	switch {
	case r == '\u061c', r == '\u200e', r == '\u200f', // ALM, LRM, RLM
		r >= '\u202a' && r <= '\u202e', // LRE, RLE, PDF, LRO, RLO
		r >= '\u2066' && r <= '\u2069', // LRI, RLI, FSI, PDI
		r >= '\u200b' && r <= '\u200d', // ZWSP, ZWNJ, ZWJ
		r >= '\u2060' && r <= '\u2064', // word joiner, invisible operators
		r == '\u180e', r == '\ufeff', r == '\u00ad', r == '\u034f',
		r >= '\ufff9' && r <= '\ufffb', // interlinear annotation
		r >= 0xe0000 && r <= 0xe007f:   // tag characters
		return true
	}
	return false
}

// joins reports a zero-width joiner or non-joiner between two characters of
// other scripts, or a tag character inside an emoji tag sequence: the uses
// that text in those scripts needs, and that hide nothing.
func joins(s string, i, size int, r rune) bool {
	switch {
	case r == '\u200c' || r == '\u200d':
		before, _ := utf8.DecodeLastRuneInString(s[:i])
		after, _ := utf8.DecodeRuneInString(s[i+size:])
		return shaped(before) && shaped(after)
	case r >= 0xe0020 && r <= 0xe007f:
		// 🏴 followed by tag letters and a cancel tag is a subdivision flag.
		for j := i; j > 0; {
			p, n := utf8.DecodeLastRuneInString(s[:j])
			if p == 0x1f3f4 {
				return true
			}
			if p < 0xe0020 || p > 0xe007e {
				return false
			}
			j -= n
		}
	}
	return false
}

// shaped is a visible character beyond Latin-1 that a joiner may sit next
// to: a letter of another script or an emoji.
func shaped(r rune) bool {
	return r > 0xff && r != utf8.RuneError && !invisible(r) && r != '\u2028' && r != '\u2029' &&
		!(r >= 0x2000 && r <= 0x200a) && r != 0x3000
}

// ControlSequenceLen is the length of the escape sequence or C1 control
// sequence that s starts with, payload and terminator included, or 0 when s
// starts with neither. Screens use it to drop whole sequences from a frame.
func ControlSequenceLen(s string) int {
	if s == "" {
		return 0
	}
	if s[0] == 0x1b {
		return escapeLen(s)
	}
	if r, _ := utf8.DecodeRuneInString(s); r >= 0x80 && r <= 0x9f {
		return c1Len(s, r)
	}
	return 0
}

// escapeLen is the length of the escape sequence at the start of s, which
// begins with ESC. A sequence cut short by the end of the text, or by a
// byte no sequence may hold, ends there; the rest is shown as text.
func escapeLen(s string) int {
	if len(s) < 2 {
		return len(s)
	}
	switch c := s[1]; {
	case c == '[':
		return 2 + csiLen(s[2:])
	case c == ']' || c == 'P' || c == 'X' || c == '^' || c == '_':
		return 2 + stringLen(s[2:], c == ']')
	case c >= 0x20 && c <= 0x2f: // intermediates, then a final byte
		n := 1
		for n < len(s) && s[n] >= 0x20 && s[n] <= 0x2f {
			n++
		}
		if n < len(s) && s[n] >= 0x30 && s[n] <= 0x7e {
			n++
		}
		return n
	case c >= 0x30 && c <= 0x7e:
		return 2
	}
	return 1 // ESC before a control or a non-ASCII byte: only ESC goes
}

// c1Len is the length of what the C1 control r at the start of s
// introduces, itself included.
func c1Len(s string, r rune) int {
	const size = 2 // every C1 control is two bytes in UTF-8
	switch r {
	case 0x9b: // CSI
		return size + csiLen(s[size:])
	case 0x9d, 0x90, 0x98, 0x9e, 0x9f: // OSC, DCS, SOS, PM, APC
		return size + stringLen(s[size:], r == 0x9d)
	}
	return size
}

// csiLen is the length of a control sequence's parameters, intermediates
// and final byte.
func csiLen(s string) int {
	n := 0
	for n < len(s) && s[n] >= 0x20 && s[n] <= 0x3f {
		n++
	}
	if n < len(s) && s[n] >= 0x40 && s[n] <= 0x7e {
		n++
	}
	return n
}

// stringLen is the length of a control string's payload and terminator:
// ST (ESC \ or U+009C), or BEL for an OSC. A string not terminated on its
// line ends at the line, so that a stray introducer cannot swallow a card.
func stringLen(s string, osc bool) int {
	for n := 0; n < len(s); n++ {
		switch {
		case s[n] == 0x07 && osc:
			return n + 1
		case s[n] == 0x1b && n+1 < len(s) && s[n+1] == '\\':
			return n + 2
		case s[n] == 0xc2 && n+1 < len(s) && s[n+1] == 0x9c:
			return n + 2
		case s[n] == '\n':
			return n
		}
	}
	return len(s)
}

// eachText calls fn with every piece of text in d, saying whether it may
// hold several lines. A field added to Card, Option, Topic or Deck must be
// added here; TestSanitizeDeckCoversEveryField fails until it is.
func eachText(d *Deck, fn func(s *string, multiline bool)) {
	fn(&d.Name, false)
	fn(&d.Description, false)
	fn(&d.Hash, false) // hex, but a field like any other
	for i := range d.Topics {
		t := &d.Topics[i]
		fn(&t.Name, false)
		eachTag(t.Tags, fn)
	}
	for i := range d.Cards {
		c := &d.Cards[i]
		for _, s := range []*string{&c.ID, &c.Deck, &c.Topic, &c.Note} {
			fn(s, false)
		}
		eachTag(c.Tags, fn)
		for _, s := range []*string{&c.Front, &c.Prompt, &c.Back, &c.Explanation} {
			fn(s, true)
		}
		for j := range c.Options {
			fn(&c.Options[j].Letter, false)
			fn(&c.Options[j].Text, true)
		}
	}
}

func eachTag(tags []string, fn func(s *string, multiline bool)) {
	for i := range tags {
		fn(&tags[i], false)
	}
}

// Sanitize makes every piece of text in d safe to store and print, in
// place. Cards keep their ids' derivation from the text as parsed, so a
// file imported again keeps its cards' history.
func (d *Deck) Sanitize() {
	eachText(d, func(s *string, multiline bool) { *s = sanitize(*s, multiline) })
}

// CheckClean returns an error naming the first text in d that is not
// sanitized: the store's check that nothing reaches it unsanitized.
func (d Deck) CheckClean() error {
	var bad string
	eachText(&d, func(s *string, multiline bool) {
		if bad == "" && firstUnsafe(*s, multiline) < len(*s) {
			bad = *s
		}
	})
	if bad != "" {
		return fmt.Errorf("deck %q: text %q holds control characters; it must pass deck.Sanitize first", SanitizeLine(d.Name), SanitizeLine(bad))
	}
	return nil
}

// sanitizeSource cleans a loaded source's deck and path, and reports what
// the cleaning would break: an empty deck name, or two cards whose ids were
// told apart only by control characters.
func sanitizeSource(src *Source) Diagnostics {
	src.Path = SanitizeLine(src.Path)
	d := &src.Deck
	d.Sanitize()
	var diags Diagnostics
	if strings.TrimSpace(d.Name) == "" {
		diags = append(diags, Diagnostic{File: src.Path, Msg: "the deck name holds nothing but control characters; give it a name"})
	}
	return append(diags, sameAfterSanitizing(src.Path, d.Cards, make(map[string]int, len(d.Cards)))...)
}
