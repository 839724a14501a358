package srs

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"

	"github.com/hone-srs/hone/deck"
)

// blobStream reads a deck blob (blob.go) from a reader, a block of cards
// at a time: the head first, then the cards, then the text, which it
// hands out as a reader. It is the one decoder of the format: decodeBlob
// reads a blob in memory through it. Memory stays what a block of cards
// holds, whatever the blob claims: a length is only ever taken as far as
// the bytes that are there.
type blobStream struct {
	r    *bufio.Reader
	src  *sourceReader
	left int // cards not yet read
	text int64
	err  error
}

// openBlobStream reads the blob's head: the deck without its cards.
func openBlobStream(r io.Reader) (*blobStream, deck.Deck, error) {
	src := &sourceReader{r: r}
	s := &blobStream{r: bufio.NewReaderSize(src, 64<<10), src: src}
	var d deck.Deck
	magic := make([]byte, len(blobMagic))
	if _, err := io.ReadFull(s.r, magic); err != nil || string(magic) != blobMagic {
		if src.err != nil {
			return nil, d, src.err
		}
		return nil, d, &damagedRecord{what: "deck blob", msg: "not a hone deck"}
	}
	if v := s.byte(); s.err == nil && v != recV1 {
		s.fail("unknown record version %d", v)
	}
	d.Name, d.Description, d.Hash = s.str(), s.str(), s.str()
	for n := s.count(); n > 0 && s.err == nil; n-- {
		tp := deck.Topic{Name: s.str()}
		for m := s.count(); m > 0 && s.err == nil; m-- {
			tp.Tags = append(tp.Tags, s.str())
		}
		d.Topics = append(d.Topics, tp)
	}
	s.left = s.count()
	return s, d, s.err
}

// cards reads up to n more cards; none, at the end of the cards.
func (s *blobStream) cards(n int) ([]deck.Card, error) {
	var out []deck.Card
	for ; s.left > 0 && len(out) < n && s.err == nil; s.left-- {
		raw := s.bytes()
		if s.err != nil {
			break
		}
		c, err := decodeContent(raw)
		if err != nil {
			return nil, fmt.Errorf("deck blob: %w", err)
		}
		out = append(out, c)
	}
	return out, s.err
}

// textReader is the blob's text, once every card is read; the blob must
// end with it, which done checks when the reader is drained.
func (s *blobStream) textReader() (io.Reader, error) {
	if s.err == nil && s.left > 0 {
		s.fail("text read with %d cards left", s.left)
	}
	n := s.uint()
	if s.err != nil {
		return nil, s.err
	}
	s.text = int64(min(n, maxBlob+1))
	return &blobText{s: s}, nil
}

// blobText reads the text of a blob and, at its end, checks the blob ends
// there too.
type blobText struct{ s *blobStream }

func (t *blobText) Read(p []byte) (int, error) {
	s := t.s
	if s.err != nil {
		return 0, s.err
	}
	if s.text == 0 {
		return 0, s.end()
	}
	if int64(len(p)) > s.text {
		p = p[:s.text]
	}
	n, err := s.r.Read(p)
	s.text -= int64(n)
	if err != nil && (s.text > 0 || !errors.Is(err, io.EOF)) {
		s.readErr(err, fmt.Sprintf("text, %d bytes missing", s.text))
	}
	return n, s.err
}

// end checks nothing follows the text, and reads the source to its end
// (a hashedReader says there whether the blob is what it is named).
func (s *blobStream) end() error {
	var one [1]byte
	n, err := io.ReadFull(s.r, one[:])
	switch {
	case n > 0:
		rest, _ := io.Copy(io.Discard, io.LimitReader(s.r, maxBlob))
		s.fail("%d trailing bytes", rest+1)
	case errors.Is(err, io.EOF) && s.src.err == nil:
		return io.EOF
	default:
		s.readErr(err, "end")
	}
	return s.err
}

func (s *blobStream) fail(format string, args ...any) {
	if s.err == nil {
		s.err = &damagedRecord{what: "deck blob", msg: fmt.Sprintf(format, args...)}
	}
}

// readErr keeps a read error: the source's own (a damaged chunk, a hash
// that does not match) stays what it is; anything else is damage.
func (s *blobStream) readErr(err error, what string) {
	if s.err != nil {
		return
	}
	if s.src.err != nil {
		s.err = s.src.err
		return
	}
	s.fail("%s: %v", what, err)
}

func (s *blobStream) byte() byte {
	if s.err != nil {
		return 0
	}
	b, err := s.r.ReadByte()
	if err != nil {
		s.readErr(err, "record")
	}
	return b
}

func (s *blobStream) uint() uint64 {
	if s.err != nil {
		return 0
	}
	v, err := binary.ReadUvarint(s.r)
	if err != nil {
		s.readErr(err, "varint")
	}
	return v
}

func (s *blobStream) count() int {
	v := s.uint()
	if v > maxCount {
		s.fail("count %d out of range", v)
		return 0
	}
	return int(v)
}

// bytes reads a string, growing its buffer only as its bytes arrive.
func (s *blobStream) bytes() []byte {
	n := s.uint()
	if s.err != nil {
		return nil
	}
	if n > maxBlob {
		s.fail("string of %d bytes", n)
		return nil
	}
	var buf bytes.Buffer
	got, err := io.CopyN(&buf, s.r, int64(n))
	if err != nil {
		s.readErr(err, fmt.Sprintf("string: %d of %d bytes", got, n))
		return nil
	}
	return buf.Bytes()
}

func (s *blobStream) str() string { return string(s.bytes()) }

// sourceReader keeps the error of the reader under a blobStream, so that
// a failing read (a damaged chunk, a blob that does not hash to its name)
// is told from damage in the blob's own bytes.
type sourceReader struct {
	r   io.Reader
	err error
}

func (r *sourceReader) Read(p []byte) (int, error) {
	n, err := r.r.Read(p)
	if err != nil && !errors.Is(err, io.EOF) && r.err == nil {
		r.err = err
	}
	return n, err
}
