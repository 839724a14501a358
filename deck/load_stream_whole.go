package deck

import (
	"fmt"
	"io/fs"
	"slices"
)

// An Obsidian note or an Anki text file is parsed whole, but not kept:
// Scan parses it to learn its deck, hash and every diagnostic, and keeps
// none of its cards or text; Stream reads it again, checks that it is the
// file Scan read, parses it again and hands its cards on a block at a
// time, so that what is held is one file's parse, not the import's.

// wholeFile is one file of a source that is parsed whole, as Scan saw it.
type wholeFile struct {
	path, display string // display is the source's path, sanitized
	name          string // display as Scan was given it
	explicit      bool   // the user named the file
	deck          string // its deck's name, as Load gives it
	hash          string // SourceHash of its text
}

// scanWhole is Scan of a file parsed whole: its head, with the
// diagnostics Load would give, and neither cards nor text. Its cards are
// sanitized and checked a block at a time as they are parsed, and dropped.
func (plan *Plan) scanWhole(p, display string, explicit bool) ([]Head, Diagnostics) {
	o := plan.o
	path := SanitizeLine(display)
	first := map[string]int{} // ids once sanitized → line
	var bad Diagnostics
	o.drain = func(block []Card) {
		bad = append(bad, sanitizeBlock(path, block, first)...)
	}
	src, diags := loadFile(plan.fsys, p, display, o, explicit)
	if diags.Err() != nil || src == nil {
		return nil, diags
	}
	o.drain(src.Deck.Cards)
	src.Deck.Cards = nil
	// As loadSources does: the deck's name first, then the cards.
	if bad = append(sanitizeSource(src), bad...); len(bad) > 0 {
		return nil, append(diags, bad...)
	}
	info, err := fs.Stat(plan.fsys, p)
	if err != nil {
		return nil, append(diags, Diagnostic{File: path, Msg: fmt.Sprintf("cannot read: %v", unwrapPathError(err))})
	}
	f := &wholeFile{path: p, display: src.Path, name: display, explicit: explicit, deck: src.Deck.Name, hash: src.Deck.Hash}
	d := src.Deck
	d.Topics = nil
	return []Head{{Path: src.Path, Deck: d, Size: info.Size(), parts: []part{{whole: f}}}}, diags
}

// whole parses file f again, handing its cards to give a block at a time
// as they are parsed, as Load would give them (sanitized), and returns its
// topics. A file that is not the one Scan read fails the stream with
// ErrChanged once it is read: the sink has had cards by then, as it may
// have of a hone deck that changed, and the import stops there.
func (st *streamer) whole(f *wholeFile, give func([]Card)) []Topic {
	if st.stopped() {
		return nil // Scan found every problem the file has
	}
	o := st.plan.o
	o.budget = nil            // Scan counted these cards
	first := map[string]int{} // ids once sanitized → line
	clean := true
	o.drain = func(block []Card) {
		if clean = clean && len(sanitizeBlock(f.display, block, first)) == 0; clean {
			give(block)
		}
	}
	src, diags := loadFile(st.plan.fsys, f.path, f.name, o, f.explicit)
	if src != nil {
		// What the parse kept is its last block, or all of a file that
		// became another kind of file since Scan.
		for cards := src.Deck.Cards; len(cards) > 0 && !st.stopped(); {
			n := min(len(cards), cardBlock)
			o.drain(slices.Clone(cards[:n]))
			cards = cards[n:]
		}
		src.Deck.Cards = nil
		src.Deck.Sanitize()
	}
	if diags.Err() != nil || src == nil || !clean || src.Deck.Hash != f.hash || src.Deck.Name != f.deck {
		st.diags = append(st.diags, Diagnostic{File: f.display, Msg: ErrChanged.Error()})
		st.failed = true
		return nil
	}
	return src.Deck.Topics
}
