// Package deck holds hone's cards and decks and turns text into them: the
// markdown deck format and the importers for other formats. It is pure: bytes
// or an fs.FS go in, values and diagnostics come out, and nothing is written.
package deck

import (
	"crypto/sha256"
	"encoding/hex"
	"strings"
	"unicode/utf8"
)

// Kind tells how a card is asked.
type Kind uint8

const (
	// Basic cards show a front, then reveal a back, and the learner grades
	// themselves.
	Basic Kind = iota
	// Choice cards tell a story with lettered options; hone grades the pick.
	Choice
	// Cloze cards hide one deletion of a text. Front is the text with that
	// deletion shown as ==[...]== (or ==[hint]==) and the note's other
	// deletions as plain text; Back is the whole text with the deletion
	// marked ==answer==, then any extra text. The review shows Back in
	// place of Front on reveal.
	Cloze
)

func (k Kind) String() string {
	switch k {
	case Choice:
		return "choice"
	case Cloze:
		return "cloze"
	}
	return "basic"
}

// Option is one lettered answer of a choice card.
type Option struct {
	Letter string // "A", "B", …
	Text   string // markdown
}

// Card is one thing to learn. Text fields hold markdown source; rendering is
// the UI's job, and only for the card on screen.
type Card struct {
	ID    string
	Deck  string
	Topic string
	Tags  []string
	Kind  Kind

	Front  string // the heading: short enough to read at a glance
	Prompt string // more of the question: a long question's continuation, or a choice card's story
	Back   string // the answer of a basic card

	Options     []Option // choice cards only
	Correct     int      // index into Options of the right one
	Explanation string   // choice cards only: shown after answering

	// Note is shared by the cards made from one note: the two directions
	// of a pair, an Anki note's cards, the deletions of one cloze text.
	// Review buries a card's siblings until the next day. "" for a card
	// made alone.
	Note string

	// Progress is what another program knew of the card when it was
	// imported: its schedule and its reviews. nil for a card never
	// studied elsewhere.
	Progress *Progress

	Line int // where the card starts in its source, for messages
}

// ContentHash changes whenever anything a learner sees of the card changes.
// The store compares it to decide whether a card was edited.
func (c Card) ContentHash() string {
	h := sha256.New()
	for _, s := range []string{c.Deck, c.Topic, strings.Join(c.Tags, " "), c.Kind.String(), c.Front, c.Prompt, c.Back, c.Explanation} {
		h.Write([]byte(s))
		h.Write([]byte{0})
	}
	for i, o := range c.Options {
		mark := byte('-')
		if i == c.Correct {
			mark = '+'
		}
		h.Write([]byte{mark})
		h.Write([]byte(o.Letter + "\x00" + o.Text + "\x00"))
	}
	return hex.EncodeToString(h.Sum(nil)[:16])
}

// Topic is a group of cards inside a deck; for ITIL decks, a practice.
type Topic struct {
	Name string
	Tags []string
}

// Deck is a named collection of cards, parsed from one source.
type Deck struct {
	Name        string
	Description string
	Topics      []Topic
	Cards       []Card
	// Hash identifies the source text the deck was parsed from, so that an
	// unchanged source needs no parse at all next time.
	Hash string
}

// SourceHash is the hash stored as Deck.Hash for a source's bytes.
func SourceHash(src []byte) string {
	sum := sha256.Sum256(src)
	return hex.EncodeToString(sum[:16])
}

// DerivedID is the id of a card that names none: a hash of its deck, topic
// and normalized front. Editing the back keeps the id (and so the history);
// editing the front makes a new card.
func DerivedID(deckName, topic, front string) string {
	// The hash is of normalize(deckName), normalize(topic) and
	// normalize(normalize(front)), each ended by a NUL; ASCII text, the
	// usual case, is normalized straight into one buffer.
	var room [256]byte
	b := appendNormal(room[:0], deckName)
	b = append(b, 0)
	b = appendNormal(b, topic)
	b = append(b, 0)
	if isASCII(front) {
		b = appendNormal(b, front) // normalizing ASCII twice changes nothing
	} else {
		b = append(b, normalize(normalize(front))...)
	}
	b = append(b, 0)
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:8])
}

// appendNormal appends normalize(s) to b, without the copies normalize
// makes when s is ASCII.
func appendNormal(b []byte, s string) []byte {
	if !isASCII(s) {
		return append(b, normalize(s)...)
	}
	gap, wrote := false, false
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch c {
		case ' ', '\t', '\n', '\v', '\f', '\r': // unicode.IsSpace in ASCII
			gap = wrote
			continue
		}
		if gap {
			b, gap = append(b, ' '), false
		}
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		b, wrote = append(b, c), true
	}
	return b
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// normalize folds case and white space, so that reflowing or recasing a
// front does not orphan its history.
func normalize(s string) string {
	return strings.Join(strings.Fields(strings.ToLower(s)), " ")
}
