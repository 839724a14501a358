package srs

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"io"
	"reflect"
	"strings"
	"testing"
)

// A blob read a block at a time gives the head, the cards in their order
// in blocks of at most the size asked, and the text.
func TestBlobStreamBlocks(t *testing.T) {
	d := testDeck("big", 23, "a", "b")
	d.Topics[0].Tags = []string{"t1", "t2"}
	text := []byte(strings.Repeat("some text\n", 10_000))
	for _, tc := range []struct {
		block  int
		blocks []int
	}{
		{block: 7, blocks: []int{7, 7, 7, 2}},
		{block: 23, blocks: []int{23}},
		{block: 100, blocks: []int{23}},
	} {
		s, head, err := openBlobStream(bytes.NewReader(encodeBlob(d, text)))
		if err != nil {
			t.Fatal(err)
		}
		if head.Name != "big" || head.Description != d.Description || head.Hash != d.Hash || !reflect.DeepEqual(head.Topics, d.Topics) || head.Cards != nil {
			t.Errorf("head %+v", head)
		}
		var got []int
		i := 0
		for {
			cards, err := s.cards(tc.block)
			if err != nil {
				t.Fatal(err)
			}
			if len(cards) == 0 {
				break
			}
			got = append(got, len(cards))
			for _, c := range cards {
				if c.ID != d.Cards[i].ID || c.Front != d.Cards[i].Front || c.Deck != "big" {
					t.Errorf("card %d: %+v", i, c)
				}
				i++
			}
		}
		if !reflect.DeepEqual(got, tc.blocks) {
			t.Errorf("block %d: blocks %v, want %v", tc.block, got, tc.blocks)
		}
		tr, err := s.textReader()
		if err != nil {
			t.Fatal(err)
		}
		if b, err := io.ReadAll(tr); err != nil || !bytes.Equal(b, text) {
			t.Errorf("text of %d bytes (%v), want %d", len(b), err, len(text))
		}
	}
}

// Every cut of a blob, bytes after it, and a length claimed past the end
// are damage, found without taking the length at its word.
func TestBlobStreamDamage(t *testing.T) {
	good := encodeBlob(testDeck("d", 3, "t"), []byte("the text"))
	var damage [][]byte
	for n := range len(good) {
		damage = append(damage, good[:n])
	}
	damage = append(damage, append(bytes.Clone(good), 0))
	head := encodeBlob(testDeck("d", 0), nil)
	head = head[:len(head)-2] // the card count and the text's length
	huge := binary.AppendUvarint(binary.AppendUvarint(bytes.Clone(head), 1), 200<<20)
	damage = append(damage, append(huge, "short"...))
	for i, b := range damage {
		_, _, err := decodeBlob(b)
		var dr *damagedRecord
		if !errors.As(err, &dr) {
			t.Errorf("blob %d (%d bytes): %v, want damage", i, len(b), err)
		}
	}
	if _, _, err := decodeBlob(good); err != nil {
		t.Errorf("the whole blob: %v", err)
	}
}

// A failing reader under the blob (a damaged chunk, bytes that do not hash
// to the blob's name) is the error, not damage of the blob's own.
func TestBlobStreamSourceError(t *testing.T) {
	good := encodeBlob(testDeck("d", 3, "t"), []byte("the text"))
	bad := &hashedReader{r: bytes.NewReader(good), h: sha256.New(), want: strings.Repeat("0", 32)}
	s, _, err := openBlobStream(bad)
	if err == nil {
		_, err = s.cards(10)
	}
	if err == nil {
		var tr io.Reader
		if tr, err = s.textReader(); err == nil {
			_, err = io.ReadAll(tr)
		}
	}
	if err == nil || !strings.Contains(err.Error(), "hash to") {
		t.Errorf("a blob that does not hash to its name: %v", err)
	}
}
