package deck

import (
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

// scanWhole is Scan of a file parsed whole: the heads of its sources, with
// the diagnostics Load would give, and neither cards nor text.
func (plan *Plan) scanWhole(p, display string, explicit bool) ([]Head, Diagnostics) {
	srcs, diags := loadSources(plan.fsys, p, display, plan.o, explicit)
	heads := make([]Head, len(srcs))
	for i := range srcs {
		s := &srcs[i]
		f := &wholeFile{path: p, display: s.Path, name: display, explicit: explicit, deck: s.Deck.Name, hash: s.Deck.Hash}
		d := s.Deck
		d.Cards, d.Topics = nil, nil
		heads[i] = Head{Path: s.Path, Package: s.Package, Deck: d, Size: int64(len(s.Text)), parts: []part{{whole: f}}}
	}
	return heads, diags
}

// whole parses file f again, handing its cards to give a block at a time
// as Load would give them, and returns its topics. A file that is not the
// one Scan read fails the stream with ErrChanged.
func (st *streamer) whole(f *wholeFile, give func([]Card)) []Topic {
	if st.stopped() {
		return nil // Scan found every problem the file has
	}
	o := st.plan.o
	o.budget = nil // Scan counted these cards
	srcs, diags := loadSources(st.plan.fsys, f.path, f.name, o, f.explicit)
	if diags.Err() != nil || len(srcs) != 1 || srcs[0].Deck.Hash != f.hash || srcs[0].Deck.Name != f.deck {
		st.diags = append(st.diags, Diagnostic{File: f.display, Msg: ErrChanged.Error()})
		st.failed = true
		return nil
	}
	d := &srcs[0].Deck
	srcs[0].Text = nil
	// The cards are let go of as they are handed on.
	cards := d.Cards
	d.Cards = nil
	for len(cards) > 0 && !st.stopped() {
		n := min(len(cards), cardBlock)
		give(slices.Clone(cards[:n]))
		clear(cards[:n])
		cards = cards[n:]
	}
	return d.Topics
}
