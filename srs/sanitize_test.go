package srs

import (
	"strings"
	"testing"
)

// An id with a newline in it made a two-line error: identifiers are quoted
// in every error.
func TestErrorsQuoteIdentifiers(t *testing.T) {
	s := testStore(t, newClock(t0))
	mustSync(t, s, testDeck("D", 2))
	id := "evil\nid\x1b]0;x\x07"
	_, errAnswer := s.Answer(id, Good, Review, 0)
	_, errContent := s.Content(id)
	for name, err := range map[string]error{"answer": errAnswer, "content": errContent} {
		if err == nil {
			t.Fatalf("%s of an unknown card: no error", name)
		}
		if msg := err.Error(); strings.ContainsAny(msg, "\n\x1b") || !strings.Contains(msg, `"evil\nid`) {
			t.Errorf("%s: error %q does not quote the id", name, msg)
		}
	}
}

// Text that did not pass the sanitizer is refused by the store, quoted.
func TestStoreRefusesUnsanitizedText(t *testing.T) {
	s := testStore(t, newClock(t0))
	d := testDeck("D\x1b]0;pwned\x07", 1)
	_, err := s.SyncDeck(d, "src", false)
	if err == nil || strings.ContainsRune(err.Error(), 0x1b) {
		t.Fatalf("sync of an unsanitized deck: %v", err)
	}
	_, err = s.Import([]ImportItem{{Deck: testDeck("E", 1), Source: "/tmp/e\u202e.md"}}, false)
	if err == nil || strings.ContainsRune(err.Error(), '\u202e') {
		t.Fatalf("import from an unsanitized source: %v", err)
	}
	d.Sanitize()
	rehash(&d)
	if _, err := s.SyncDeck(d, "src", false); err != nil {
		t.Fatalf("sync after Sanitize: %v", err)
	}
}
