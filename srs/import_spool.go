package srs

import (
	"bufio"
	"cmp"
	"errors"
	"fmt"
	"io"
	"os"
	"runtime"
	"slices"
	"strings"

	"github.com/hone-srs/hone/deck"
)

// A streamed import sorts its cards outside memory: take appends each card
// to a spool, a temporary file without a name, and keeps only a small
// index entry per card; once the stream has ended without error the index
// is sorted by id and the cards are written in that order, a piece at a
// time, each piece reading its cards back with ReadAt. So nothing is
// stored before every file parsed, and the pieces touch the B+trees in
// key order, as the whole-deck import does (cardOrder).

// spoolPattern names the spool file (os.CreateTemp) for the moment it has
// a name.
const spoolPattern = ".hone-import-spool-*"

// spooled is one card in the spool: where its record is, and where the
// card goes.
type spooled struct {
	id   string
	off  int64
	n    uint32 // the record's length
	item uint32 // the import item it belongs to
	ord  uint32 // its position in the item's deck
}

// cardSpool is a spool: records appended through w, read back with ReadAt.
type cardSpool struct {
	f     *os.File
	name  string // removed at close; "" once removed
	w     *bufio.Writer
	end   int64
	index []spooled
	buf   []byte
}

// newSpool creates a spool in dir and removes its name at once where an
// open file can lose it, so that a crash leaves nothing behind.
func newSpool(dir string) (*cardSpool, error) {
	f, err := os.CreateTemp(dir, spoolPattern)
	if err != nil {
		return nil, fmt.Errorf("spool in %.64q: %w", dir, err)
	}
	sp := &cardSpool{f: f, name: f.Name(), w: bufio.NewWriterSize(f, 256<<10)}
	if runtime.GOOS != "windows" {
		if err := os.Remove(sp.name); err != nil {
			f.Close()
			return nil, fmt.Errorf("spool %.64q: %w", sp.name, err)
		}
		sp.name = ""
	}
	return sp, nil
}

// add appends card c of item at position ord.
func (sp *cardSpool) add(item, ord uint32, c deck.Card) error {
	rec := encodeSpooled(c)
	if _, err := sp.w.Write(rec); err != nil {
		return fmt.Errorf("spool: %w", err)
	}
	sp.index = append(sp.index, spooled{id: strings.Clone(c.ID), off: sp.end, n: uint32(len(rec)), item: item, ord: ord})
	sp.end += int64(len(rec))
	return nil
}

// sorted ends the writing and gives the index item by item, each item's
// cards in id order.
func (sp *cardSpool) sorted() ([]spooled, error) {
	if err := sp.w.Flush(); err != nil {
		return nil, fmt.Errorf("spool: %w", err)
	}
	slices.SortFunc(sp.index, func(a, b spooled) int {
		return cmp.Or(cmp.Compare(a.item, b.item), strings.Compare(a.id, b.id))
	})
	return sp.index, nil
}

// read reads the cards of entries back, into cards (reused).
func (sp *cardSpool) read(entries []spooled, cards []deck.Card) ([]deck.Card, error) {
	if err := sp.w.Flush(); err != nil {
		return nil, fmt.Errorf("spool: %w", err)
	}
	cards = cards[:0]
	for _, e := range entries {
		if cap(sp.buf) < int(e.n) {
			sp.buf = make([]byte, e.n)
		}
		b := sp.buf[:e.n]
		if _, err := sp.f.ReadAt(b, e.off); err != nil {
			if errors.Is(err, io.EOF) {
				err = io.ErrUnexpectedEOF
			}
			return nil, fmt.Errorf("spool, card %.64q: %w", e.id, err)
		}
		c, err := decodeSpooled(b)
		if err != nil {
			return nil, fmt.Errorf("spool, card %.64q: %w", e.id, err)
		}
		cards = append(cards, c)
	}
	return cards, nil
}

// close closes the spool and removes its name if it still has one.
func (sp *cardSpool) close() error {
	err := sp.f.Close()
	if sp.name != "" {
		if rerr := os.Remove(sp.name); err == nil {
			err = rerr
		}
		sp.name = ""
	}
	if err != nil {
		return fmt.Errorf("spool: %w", err)
	}
	return nil
}

// encodeSpooled is a card as the spool holds it: its note and its Anki
// progress, then its content record (encodeContent), which holds the rest
// an import stores.
func encodeSpooled(c deck.Card) []byte {
	var e enc
	e.str(c.Note)
	encodeProgress(&e, c.Progress)
	return append(e.b, encodeContent(c)...)
}

func decodeSpooled(b []byte) (deck.Card, error) {
	d := dec{what: "spooled card", b: b}
	note := d.str()
	progress := decodeProgress(&d)
	if d.err != nil {
		return deck.Card{}, d.err
	}
	c, err := decodeContent(d.b)
	c.Note, c.Progress = note, progress
	return c, err
}
