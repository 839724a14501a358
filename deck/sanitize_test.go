package deck

import (
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestSanitize(t *testing.T) {
	tests := []struct {
		name, in, line, text string
	}{
		{"plain", "Go idioms", "Go idioms", "Go idioms"},
		{"newline and tab", "a\tb\nc", "a b c", "a\tb\nc"},
		{"CR and other C0", "a\r\x00\x01\x07b\x7f", "ab", "ab"},
		{"window title, BEL", "X\x1b]0;pwned\x07Y", "XY", "XY"},
		{"clipboard, OSC 52 with ST", "X\x1b]52;c;aGVsbG8=\x1b\\Y", "XY", "XY"},
		{"hyperlink", "\x1b]8;;https://evil\x07bank.com\x1b]8;;\x07", "bank.com", "bank.com"},
		{"SGR", "\x1b[31mred\x1b[0m", "red", "red"},
		{"CSI with intermediates", "a\x1b[1 qb", "ab", "ab"},
		{"DCS", "a\x1bPq#0;2;0;0;0\x1b\\b", "ab", "ab"},
		{"APC, PM, SOS", "a\x1b_x\x1b\\b\x1b^y\x1b\\c\x1bXz\x1b\\d", "abcd", "abcd"},
		{"two-byte escapes", "a\x1bcb\x1b7c\x1b(Bd", "abcd", "abcd"},
		{"ESC at the end", "a\x1b", "a", "a"},
		{"ESC ESC", "a\x1b\x1b[2Jb", "ab", "ab"},
		{"unterminated CSI stops at a newline", "a\x1b[31\nb", "a b", "a\nb"},
		{"unterminated OSC ends at its line", "a\x1b]0;title\nb", "a b", "a\nb"},
		{"C1 CSI as UTF-8", "a\u009b31mb", "ab", "ab"},
		{"C1 OSC as UTF-8", "a\u009d0;t\u009cb", "ab", "ab"},
		{"C1 OSC ended by BEL", "a\u009d0;t\x07b", "ab", "ab"},
		{"other C1", "a\u0085\u008eb", "ab", "ab"},
		{"raw 8-bit CSI byte", "a\x9b31mb", "a\ufffd31mb", "a\ufffd31mb"},
		{"bidi override", "abc\u202edcb", "abc<U+202E>dcb", "abc<U+202E>dcb"},
		{"bidi isolates and marks", "\u2066x\u2069\u200e\u200f\u061c", "<U+2066>x<U+2069><U+200E><U+200F><U+061C>", "<U+2066>x<U+2069><U+200E><U+200F><U+061C>"},
		{"zero width in Latin", "De\u200bck\u200d", "De<U+200B>ck<U+200D>", "De<U+200B>ck<U+200D>"},
		{"BOM, word joiner, soft hyphen", "\ufeffa\u2060b\u00adc", "<U+FEFF>a<U+2060>b<U+00AD>c", "<U+FEFF>a<U+2060>b<U+00AD>c"},
		{"ZWNJ in Persian stays", "می\u200cخواهم", "می\u200cخواهم", "می\u200cخواهم"},
		{"ZWJ in an emoji sequence stays", "👩\u200d💻", "👩\u200d💻", "👩\u200d💻"},
		{"ZWJ next to a space is shown", "👩\u200d 💻", "👩<U+200D> 💻", "👩<U+200D> 💻"},
		{"flag tag sequence stays", "🏴\U000e0067\U000e0062\U000e0065\U000e006e\U000e0067\U000e007f", "🏴\U000e0067\U000e0062\U000e0065\U000e006e\U000e0067\U000e007f", "🏴\U000e0067\U000e0062\U000e0065\U000e006e\U000e0067\U000e007f"},
		{"smuggled tag text is shown", "hi\U000e0041", "hi<U+E0041>", "hi<U+E0041>"},
		{"line separator", "a\u2028b\u2029c", "a b c", "a\nb\nc"},
		{"not UTF-8", "a\xffb\xc2", "a\ufffdb\ufffd", "a\ufffdb\ufffd"},
		{"already visible form", "<U+202E>", "<U+202E>", "<U+202E>"},
	}
	for _, tt := range tests {
		if got := SanitizeLine(tt.in); got != tt.line {
			t.Errorf("%s: SanitizeLine(%q) = %q, want %q", tt.name, tt.in, got, tt.line)
		}
		if got := SanitizeText(tt.in); got != tt.text {
			t.Errorf("%s: SanitizeText(%q) = %q, want %q", tt.name, tt.in, got, tt.text)
		}
	}
}

// Clean text comes back as the same string, without a copy.
func TestSanitizeCleanTextIsNotCopied(t *testing.T) {
	s := strings.Repeat("Deployment management · ünïcödé 👩\u200d💻\n\t", 10)
	if got := SanitizeText(s); got != s || reflect.ValueOf(got).Pointer() != reflect.ValueOf(s).Pointer() {
		t.Errorf("clean text was copied or changed")
	}
	if n := testing.AllocsPerRun(100, func() { SanitizeText(s) }); n != 0 {
		t.Errorf("%v allocations for clean text, want 0", n)
	}
}

// unsafeFor reports the first rune of s that a terminal could act on: ESC,
// a C0 control other than those allowed, a C1 control, a bidi control, or
// a byte that is not UTF-8.
func unsafeFor(s string, multiline bool) (rune, bool) {
	for i, r := range s {
		switch {
		case r == utf8.RuneError && !strings.HasPrefix(s[i:], "\ufffd"):
			return r, true
		case multiline && (r == '\n' || r == '\t'):
		case r < 0x20, r == 0x7f, r >= 0x80 && r <= 0x9f:
			return r, true
		case r >= 0x202a && r <= 0x202e, r >= 0x2066 && r <= 0x2069, r == 0x200e, r == 0x200f, r == 0x061c:
			return r, true
		}
	}
	return 0, false
}

func FuzzSanitize(f *testing.F) {
	for _, s := range []string{"X\x1b]0;pwned\x07", "\x1b[31mred", "a\u009b31mb", "abc\u202edcb", "👩\u200d💻", "🏴\U000e0067\U000e007f", "a\xffb", "\x1bP\x1b\\"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, multiline := range []bool{false, true} {
			out := sanitize(s, multiline)
			if r, bad := unsafeFor(out, multiline); bad {
				t.Fatalf("sanitize(%q, %v) = %q holds %U", s, multiline, out, r)
			}
			if again := sanitize(out, multiline); again != out {
				t.Fatalf("not idempotent: %q → %q → %q", s, out, again)
			}
			if !multiline && strings.ContainsAny(out, "\n\t") {
				t.Fatalf("SanitizeLine(%q) = %q spans lines", s, out)
			}
		}
	})
}

// Every string field of a deck, its topics, cards and options passes
// through Sanitize: one added without being added to eachText fails here.
func TestSanitizeDeckCoversEveryField(t *testing.T) {
	var d Deck
	fill(reflect.ValueOf(&d).Elem())
	if err := d.CheckClean(); err == nil {
		t.Fatal("CheckClean passed a deck full of escapes")
	}
	d.Sanitize()
	var left []string
	walkStrings(reflect.ValueOf(d), "Deck", func(path, s string) {
		if strings.ContainsRune(s, 0x1b) {
			left = append(left, path)
		}
	})
	if len(left) > 0 {
		t.Errorf("Sanitize left escapes in %v", left)
	}
	if err := d.CheckClean(); err != nil {
		t.Errorf("CheckClean after Sanitize: %v", err)
	}
}

const hostile = "x\x1b]0;pwned\x07"

// fill sets every string reachable from v to hostile text, with one element
// in every slice.
func fill(v reflect.Value) {
	switch v.Kind() {
	case reflect.String:
		v.SetString(hostile)
	case reflect.Struct:
		for i := range v.NumField() {
			if v.Type().Field(i).IsExported() {
				fill(v.Field(i))
			}
		}
	case reflect.Slice:
		v.Set(reflect.MakeSlice(v.Type(), 1, 1))
		fill(v.Index(0))
	}
}

func walkStrings(v reflect.Value, path string, fn func(path, s string)) {
	switch v.Kind() {
	case reflect.String:
		fn(path, v.String())
	case reflect.Struct:
		for i := range v.NumField() {
			if v.Type().Field(i).IsExported() {
				walkStrings(v.Field(i), path+"."+v.Type().Field(i).Name, fn)
			}
		}
	case reflect.Slice:
		for i := range v.Len() {
			walkStrings(v.Index(i), path+"[]", fn)
		}
	}
}
