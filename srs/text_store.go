package srs

import (
	"bytes"
	"fmt"
	"io"
)

// A deck's text is kept as chunks, its head in textchunks under the
// deck's name; files of schema v5 hold it whole in texts. A name has one
// or the other.

// textHead is the head of deck name's chunked text; ok is false when its
// text is whole (or there is none).
func (t *txn) textHead(name string) (h chunkHead, ok bool, err error) {
	b, err := t.textChunkBucket()
	if err != nil {
		return h, false, err
	}
	raw := b.Get([]byte(name))
	if raw == nil {
		return h, false, nil
	}
	if h, err = decodeChunkHead(raw); err != nil {
		return h, false, fmt.Errorf("text of deck %.64q: %w", name, err)
	}
	return h, true, nil
}

// textReader reads deck name's text within this transaction (nothing if
// it has none).
func (t *txn) textReader(name string) (io.Reader, error) {
	h, ok, err := t.textHead(name)
	switch {
	case err != nil:
		return nil, err
	case ok:
		return t.chunkReader(h), nil
	}
	return bytes.NewReader(t.texts.Get([]byte(name))), nil
}

// setText makes the chunks of h deck name's text, in place of what it had.
func (t *txn) setText(name string, h chunkHead) error {
	if err := t.deleteText(name); err != nil {
		return err
	}
	b, err := t.textChunkBucket()
	if err != nil {
		return err
	}
	return b.Put([]byte(name), encodeChunkHead(h))
}

// putText stores what r gives as deck name's text, in this transaction.
func (t *txn) putText(name string, r io.Reader) error {
	h, err := t.putChunks(r)
	if err != nil {
		return fmt.Errorf("text of deck %.64q: %w", name, err)
	}
	return t.setText(name, h)
}

// deleteText deletes deck name's text, whole or in chunks.
func (t *txn) deleteText(name string) error {
	h, ok, err := t.textHead(name)
	if err != nil {
		return err
	}
	if ok {
		if err := t.deleteChunks(h.set); err != nil {
			return err
		}
		b, err := t.textChunkBucket()
		if err != nil {
			return err
		}
		if err := b.Delete([]byte(name)); err != nil {
			return err
		}
	}
	return t.texts.Delete([]byte(name))
}

// DeckText is the source text an imported deck was last imported from.
func (s *Store) DeckText(name string) ([]byte, error) {
	var buf bytes.Buffer
	err := s.WriteDeckText(name, &buf)
	return buf.Bytes(), err
}

// WriteDeckText writes the text DeckText returns to w, a chunk at a time,
// within one read transaction.
func (s *Store) WriteDeckText(name string, w io.Writer) error {
	return s.view(func(t *txn) error {
		r, err := t.textReader(name)
		if err != nil {
			return err
		}
		if _, err := io.Copy(w, r); err != nil {
			return fmt.Errorf("text of deck %.64q: %w", name, err)
		}
		return nil
	})
}
