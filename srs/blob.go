package srs

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"

	"github.com/hone-srs/hone/deck"
)

// A deck travels as a blob: the canonical encoding of the deck as it was
// parsed on the device that imported it (its name, description, topics,
// source hash and every card's content through the content codec), with
// the text it was parsed from when there was one. The receiving device
// stores exactly those cards through the same path as `hone import`, so
// it never needs the importer, its options (--deck, --format) or the
// file, and decks from Anki packages, which have no text, travel too. A
// blob is named by the hash of its bytes.

const blobMagic = "hone-deck\x00"

// maxBlob bounds a blob read from the sync folder: an import's limit on
// text (64 MB) plus its cards.
const maxBlob = 256 << 20

func encodeBlob(d deck.Deck, text []byte) []byte {
	e := enc{b: blobHead(d, len(d.Cards))}
	for _, c := range d.Cards {
		c.Deck = d.Name
		e.str(string(encodeContent(c)))
	}
	e.str(string(text))
	return e.b
}

// blobHead is a blob up to its cards: the deck's name, description, hash
// and topics, and how many cards follow.
func blobHead(d deck.Deck, cards int) []byte {
	var e enc
	e.b = append(e.b, blobMagic...)
	e.byte(recV1)
	e.str(d.Name)
	e.str(d.Description)
	e.str(d.Hash)
	e.count(len(d.Topics))
	for _, tp := range d.Topics {
		e.str(tp.Name)
		e.count(len(tp.Tags))
		for _, tag := range tp.Tags {
			e.str(tag)
		}
	}
	e.count(cards)
	return e.b
}

func decodeBlob(b []byte) (deck.Deck, []byte, error) {
	var d deck.Deck
	if len(b) < len(blobMagic) || string(b[:len(blobMagic)]) != blobMagic {
		return d, nil, &damagedRecord{what: "deck blob", msg: "not a hone deck"}
	}
	r := dec{what: "deck blob", b: b[len(blobMagic):]}
	r.version(recV1)
	d.Name = r.str()
	d.Description = r.str()
	d.Hash = r.str()
	if n := r.length(); n > 0 {
		d.Topics = make([]deck.Topic, 0, n)
		for range n {
			tp := deck.Topic{Name: r.str()}
			if m := r.length(); m > 0 {
				tp.Tags = make([]string, 0, m)
				for range m {
					tp.Tags = append(tp.Tags, r.str())
				}
			}
			d.Topics = append(d.Topics, tp)
		}
	}
	if n := r.length(); n > 0 {
		d.Cards = make([]deck.Card, 0, n)
		for range n {
			raw := r.str()
			if r.err != nil {
				break
			}
			c, err := decodeContent([]byte(raw))
			if err != nil {
				return d, nil, fmt.Errorf("deck blob: %w", err)
			}
			d.Cards = append(d.Cards, c)
		}
	}
	text := []byte(r.str())
	return d, text, r.done()
}

// blobHash names a blob.
func blobHash(b []byte) string {
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:16])
}

// validBlobHash reports whether s can name a blob (and so a file).
func validBlobHash(s string) bool {
	if len(s) != 32 {
		return false
	}
	_, err := hex.DecodeString(s)
	return err == nil
}
