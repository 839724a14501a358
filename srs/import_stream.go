package srs

import (
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"runtime"

	"github.com/hone-srs/hone/deck"
)

// DeckStream is an import's decks as they are read: each deck's head
// first, then its cards a block at a time and its topics, then its text.
// A large import stores the blocks as they come, so that it never holds a
// whole deck or its text.
type DeckStream struct {
	Heads []StreamHead
	// Run hands every deck's cards and topics to sink (deck.Plan.Stream);
	// an error — a bad file, a failed read, or sink's own — stores
	// nothing.
	Run func(sink deck.Sink) error
	// Text opens deck i's text; its reader fails at its end when the text
	// is not the one the head's hash names.
	Text func(i int) io.ReadCloser
}

// StreamHead is a deck before its cards: Deck has its name, description
// and hash but no cards or topics; Source is as ImportItem's; Size is
// about how long its text is.
type StreamHead struct {
	Deck   deck.Deck
	Source string
	Size   int64
}

// ImportStream is ImportContext for decks that come as a stream. An import
// of decks each named once, Anki progress and all, stores the cards as
// they come: the first piece starts once as many have come as go in
// pieces (fewer go whole, once read); a dry run of such decks counts each
// block against the store as it comes (import_dry.go). A deck or source
// named twice is gathered whole and imported by ImportContext.
func (s *Store) ImportStream(ctx context.Context, st DeckStream, dryRun bool) ([]SyncResult, error) {
	items := make([]ImportItem, len(st.Heads))
	for i, h := range st.Heads {
		items[i] = ImportItem{Deck: h.Deck, Source: h.Source}
	}
	whole := !mayGoInPieces(items)
	if dryRun && !whole {
		return s.dryRunStream(ctx, st, items)
	}
	if whole || dryRun {
		if err := gather(st, items); err != nil {
			return nil, fmt.Errorf("import: %w", err)
		}
		return s.ImportContext(ctx, items, dryRun)
	}
	if err := s.checkBeforeCopy(); err != nil {
		return nil, fmt.Errorf("import: %w", err)
	}
	if err := s.settleImport(); err != nil {
		return nil, fmt.Errorf("import: %w", err)
	}
	k := &streamSink{s: s, ctx: ctx, st: st, items: items, ended: make([]bool, len(items))}
	results, err := k.run()
	if k.p != nil && k.p.spool != nil {
		k.p.spool.close() // read only from here: nothing to lose
	}
	if k.unlock != nil {
		k.unlock()
	}
	if err != nil {
		return nil, fmt.Errorf("import: %w", err)
	}
	return results, nil
}

// gather reads a stream whole into items.
func gather(st DeckStream, items []ImportItem) error {
	k := &streamSink{items: items, ended: make([]bool, len(items))}
	if err := st.Run(k); err != nil {
		return err
	}
	return readTexts(st, items)
}

func readTexts(st DeckStream, items []ImportItem) error {
	for i := range items {
		r := st.Text(i)
		text, err := io.ReadAll(r)
		r.Close()
		if err != nil {
			return fmt.Errorf("text of %.64q: %w", items[i].Source, err)
		}
		if len(text) > 0 {
			items[i].Text = text
		}
	}
	return nil
}

// streamSink takes a stream's cards: gathered into items until there are
// enough to go in pieces (or the stream ends), then into the import's
// spool; once the stream has ended they are stored a piece at a time.
type streamSink struct {
	s      *Store
	ctx    context.Context
	st     DeckStream
	items  []ImportItem
	ended  []bool
	n      int          // cards gathered
	p      *pieceImport // the import in pieces, once started
	unlock func()
}

func (k *streamSink) Cards(i int, block []deck.Card) error {
	if k.p != nil {
		return k.p.take(k.ctx, i, block)
	}
	k.items[i].Deck.Cards = append(k.items[i].Deck.Cards, block...)
	k.n += len(block)
	if k.s == nil || k.n < k.s.pieceSize().min {
		return nil
	}
	return k.start()
}

func (k *streamSink) End(i int, topics []deck.Topic) error {
	k.items[i].Deck.Topics = topics
	k.ended[i] = true
	if k.p == nil {
		return nil
	}
	return k.p.flush(k.ctx, i)
}

// start begins the import in pieces, with the cards gathered so far.
func (k *streamSink) start() error {
	unlock, err := k.s.holdImportLock()
	if err != nil {
		return err
	}
	k.unlock = unlock
	now := k.s.clock()
	p := &pieceImport{s: k.s, items: k.items, now: now, acc: access{write: true, mapSize: streamMapSize(k.s.path, k.st.Heads), wait: k.s.answerWait}}
	p.token = fmt.Appendf(nil, "%d-%x", now.UnixNano(), rand.Uint64())
	p.texts = k.st.Text
	k.p = p
	if err := p.startSpool(); err != nil {
		return err
	}
	for i := range k.items {
		cards := k.items[i].Deck.Cards
		k.items[i].Deck.Cards = nil
		if err := p.take(k.ctx, i, cards); err != nil {
			return err
		}
		if k.ended[i] {
			if err := p.flush(k.ctx, i); err != nil {
				return err
			}
		}
	}
	return nil
}

// run streams the decks in, and imports them in pieces or, when too few
// cards came, whole. An import in pieces that fails once it has begun
// storing is rolled back.
func (k *streamSink) run() ([]SyncResult, error) {
	err := k.st.Run(k)
	if err == nil && k.p == nil {
		if err := readTexts(k.st, k.items); err != nil {
			return nil, err
		}
		return k.s.importWhole(k.ctx, k.items, false, k.s.clock(), importMapSize(k.s.path, k.items))
	}
	if err == nil {
		err = k.p.store(k.ctx)
	}
	if err == nil {
		return k.p.results(), nil
	}
	if k.p == nil || !k.p.begun {
		return nil, err // nothing stored
	}
	if rerr := k.s.rollbackImport(); rerr != nil {
		return nil, fmt.Errorf("%w (and rolling it back: %v)", err, rerr)
	}
	return nil, err
}

// streamMapSize is importMapSize for a stream's decks.
func streamMapSize(path string, heads []StreamHead) int {
	size := int64(0)
	for _, h := range heads {
		size += 6 * h.Size
	}
	if fi, err := os.Stat(path); err == nil {
		size += fi.Size()
	}
	if size < 64<<20 || runtime.GOOS == "windows" {
		return 0
	}
	return int(size)
}
