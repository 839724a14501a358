package tui

import (
	"strings"
	"time"
	"unicode/utf8"

	"github.com/hone-srs/hone/deck"
	"github.com/hone-srs/hone/srs"
)

// Text from deck files reaches the screen only through the Store, so the
// app wraps its store in safeStore, which passes every piece of text
// through the deck sanitizer before a screen lays it out. The store keeps
// sanitized text already; this is the second look the design asks for where
// text is printed, and it also covers databases written before it did.
// terminalSafe then checks the whole frame: whatever a screen or a library
// drew, only styling reaches the terminal.

type safeStore struct{ Store }

func (s safeStore) Decks() ([]srs.DeckInfo, error) {
	list, err := s.Store.Decks()
	for i := range list {
		d := &list[i]
		d.Name = deck.SanitizeLine(d.Name)
		d.Description = deck.SanitizeLine(d.Description)
		d.Source = deck.SanitizeLine(d.Source)
		d.Topics = sanitizeLines(d.Topics)
	}
	return list, safeErr(err)
}

func (s safeStore) Queue(o srs.QueueOptions) ([]srs.Item, error) {
	items, err := s.Store.Queue(o)
	return sanitizeItems(items), safeErr(err)
}

func (s safeStore) Content(id string) (deck.Card, error) {
	c, err := s.Store.Content(id)
	return sanitizeCard(c), safeErr(err)
}

func (s safeStore) DrillPlan(o srs.DrillOptions) (srs.DrillPlan, error) {
	p, err := s.Store.DrillPlan(o)
	p.Items = sanitizeItems(p.Items)
	if p.Before != nil {
		before := make(map[string]float64, len(p.Before))
		for k, v := range p.Before {
			deckName, topic, _ := strings.Cut(k, "\x00")
			before[srs.DrillKey(deck.SanitizeLine(deckName), deck.SanitizeLine(topic))] = v
		}
		p.Before = before
	}
	return p, safeErr(err)
}

func (s safeStore) Stats(today srs.Day, limits srs.Limits) (srs.Stats, error) {
	st, err := s.Store.Stats(today, limits)
	for i := range st.Topics {
		st.Topics[i].Deck = deck.SanitizeLine(st.Topics[i].Deck)
		st.Topics[i].Topic = deck.SanitizeLine(st.Topics[i].Topic)
	}
	return st, safeErr(err)
}

func (s safeStore) Answer(cardID string, q srs.Quality, kind srs.EntryKind, took time.Duration) (srs.AnswerResult, error) {
	res, err := s.Store.Answer(cardID, q, kind, took)
	return res, safeErr(err)
}

func (s safeStore) Undo(seq uint64) (srs.Entry, error) {
	e, err := s.Store.Undo(seq)
	return e, safeErr(err)
}

func sanitizeItems(items []srs.Item) []srs.Item {
	for i := range items {
		items[i].Card = sanitizeCard(items[i].Card)
	}
	return items
}

// sanitizeCard is deck.Deck.Sanitize for one card.
func sanitizeCard(c deck.Card) deck.Card {
	d := deck.Deck{Cards: []deck.Card{c}}
	d.Cards[0].Tags = append([]string(nil), c.Tags...)
	d.Cards[0].Options = append([]deck.Option(nil), c.Options...)
	d.Sanitize()
	return d.Cards[0]
}

func sanitizeLines(list []string) []string {
	out := make([]string, len(list))
	for i, s := range list {
		out[i] = deck.SanitizeLine(s)
	}
	return out
}

// cleanError is an error whose text is safe to draw; errors.Is and As see
// the error it stands for.
type cleanError struct{ err error }

func (e cleanError) Error() string { return deck.SanitizeLine(e.err.Error()) }
func (e cleanError) Unwrap() error { return e.err }

func safeErr(err error) error {
	if err == nil {
		return nil
	}
	return cleanError{err}
}

// terminalSafe keeps what a frame may send to the terminal: text, newlines
// and SGR styling (ESC [ digits ; : m). Every other escape sequence (a
// hyperlink, a title, a clipboard write), every other control character, C1
// controls and bidi controls are dropped. Frames without them, which is
// every frame of sanitized text, come back unchanged and uncopied.
func terminalSafe(s string) string {
	i := firstUnsafeInFrame(s)
	if i == len(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	b.WriteString(s[:i])
	for i < len(s) {
		if n := sgrLen(s[i:]); n > 0 {
			b.WriteString(s[i : i+n])
			i += n
			continue
		}
		if n := deck.ControlSequenceLen(s[i:]); n > 0 {
			i += n // a sequence other than SGR, with its payload
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if frameSafe(r, size) {
			b.WriteString(s[i : i+size])
		}
		i += size
	}
	return b.String()
}

func firstUnsafeInFrame(s string) int {
	for i := 0; i < len(s); {
		if n := sgrLen(s[i:]); n > 0 {
			i += n
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if !frameSafe(r, size) {
			return i
		}
		i += size
	}
	return len(s)
}

// frameSafe is a rune a frame may hold outside an SGR sequence.
func frameSafe(r rune, size int) bool {
	switch {
	case r == '\n':
		return true
	case r == utf8.RuneError && size <= 1, r < 0x20, r == 0x7f, r >= 0x80 && r <= 0x9f,
		r >= 0x202a && r <= 0x202e, r >= 0x2066 && r <= 0x2069, r == 0x200e, r == 0x200f, r == 0x061c:
		return false
	}
	return true
}

// sgrLen is the length of the SGR sequence s starts with, or 0.
func sgrLen(s string) int {
	if len(s) < 3 || s[0] != 0x1b || s[1] != '[' {
		return 0
	}
	for n := 2; n < len(s); n++ {
		switch c := s[n]; {
		case c >= '0' && c <= '9', c == ';', c == ':':
		case c == 'm':
			return n + 1
		default:
			return 0
		}
	}
	return 0
}
