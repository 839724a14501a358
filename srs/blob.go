package srs

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"io"

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

// blobBlock is how many cards a blob is read a block of at a time.
const blobBlock = 1000

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

// decodeBlob reads a blob in memory: the deck, every card, and the text.
func decodeBlob(b []byte) (deck.Deck, []byte, error) {
	s, d, err := openBlobStream(bytes.NewReader(b))
	if err != nil {
		return d, nil, err
	}
	for {
		cards, err := s.cards(blobBlock)
		if err != nil {
			return d, nil, err
		}
		if len(cards) == 0 {
			break
		}
		d.Cards = append(d.Cards, cards...)
	}
	tr, err := s.textReader()
	if err != nil {
		return d, nil, err
	}
	text, err := io.ReadAll(tr)
	if err != nil {
		return d, nil, err
	}
	return d, text, nil
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
