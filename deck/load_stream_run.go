package deck

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"io/fs"
)

// mergeHeads joins the heads that name the same deck, as merge joins
// sources: the merged deck is known by the directory's path, its hash is
// that of its text as Text gives it, and its description the first that
// is not empty.
func mergeHeads(fsys fs.FS, heads []Head, display string) ([]Head, error) {
	var out []Head
	at := map[string]int{}
	for _, h := range heads {
		i, dup := at[h.Deck.Name]
		if !dup {
			at[h.Deck.Name] = len(out)
			out = append(out, h)
			continue
		}
		m := &out[i]
		m.Path = display
		m.parts = append(m.parts, h.parts...)
		m.Size += h.Size
		if m.Deck.Description == "" {
			m.Deck.Description = h.Deck.Description
		}
	}
	for i := range out {
		if len(out[i].parts) == 1 {
			continue
		}
		hash, err := hashText(&textReader{fsys: fsys, parts: textParts(out[i].parts)})
		if err != nil {
			return nil, err
		}
		out[i].Deck.Hash = hash
	}
	return out, nil
}

// Stream parses the plan's sources and hands sink each one's cards a block
// at a time, then its topics. Every file is parsed and every problem
// reported; after the first error the sink gets nothing more. An error
// from the sink stops the stream at once, and is returned. A plan streams
// once.
func (plan *Plan) Stream(sink Sink) (Diagnostics, error) {
	st := &streamer{plan: plan, sink: sink}
	defer st.closePackage()
	for i := range plan.Heads {
		st.head(i)
		if st.err != nil {
			return st.diags, st.err
		}
	}
	return append(st.diags, st.merged...), nil
}

// streamer is one Stream under way.
type streamer struct {
	plan   *Plan
	sink   Sink
	diags  Diagnostics
	merged Diagnostics // cards a merged source drops, reported last
	failed bool        // an error was found: the sink gets no more
	err    error       // the sink's error
	// pkg1 is the Anki package open for its decks, and pkg1Path its path.
	pkg1     *ankiPackage
	pkg1Path string
}

func (st *streamer) head(i int) {
	h := &st.plan.Heads[i]
	var ids map[string]bool // the ids of a merged source so far
	if len(h.parts) > 1 {
		ids = map[string]bool{}
	}
	var topics []Topic
	for _, pt := range h.parts {
		give := func(block []Card) { st.give(i, pt, ids, block) }
		var tps []Topic
		if pt.pkg != nil {
			tps = st.pkg(pt.pkg, give)
		} else if pt.whole != nil {
			tps = st.whole(pt.whole, give)
		} else {
			tps = st.hone(pt.hone, give)
		}
		for _, t := range tps {
			if !hasTopic(topics, t.Name) {
				topics = append(topics, t)
			}
		}
		if st.err != nil {
			return
		}
	}
	if !st.stopped() {
		st.err = st.sink.End(i, topics)
	}
}

func (st *streamer) stopped() bool { return st.failed || st.err != nil }

// give hands a block of part pt's cards to the sink, less those a merged
// source already has from another file.
func (st *streamer) give(i int, pt part, ids map[string]bool, block []Card) {
	if st.stopped() {
		return
	}
	if ids != nil {
		kept := block[:0]
		for _, c := range block {
			if ids[c.ID] {
				st.merged = append(st.merged, Diagnostic{File: pt.display(), Line: c.Line, Severity: Warning,
					Msg: fmt.Sprintf("card %q is already in deck %q from another file; this one is skipped", c.Front, st.plan.Heads[i].Deck.Name)})
				continue
			}
			ids[c.ID] = true
			kept = append(kept, c)
		}
		block = kept
	}
	if len(block) > 0 {
		st.err = st.sink.Cards(i, block)
	}
}

// hone parses one hone deck file, handing its cards to give as Load would
// give them (renamed, sanitized), and returns its topics.
func (st *streamer) hone(f *honeFile, give func([]Card)) []Topic {
	o := st.plan.o
	display := SanitizeLine(f.display)
	fail := func(d Diagnostic) []Topic {
		st.diags = append(st.diags, d)
		st.failed = true
		return nil
	}
	r, _, problem := openBounded(st.plan.fsys, f.path)
	if problem != "" {
		return fail(Diagnostic{File: display, Msg: problem})
	}
	defer r.Close()
	sum, size := sha256.New(), &countWriter{}
	p := &parser{file: f.display, budget: o.budget}
	first := map[string]int{} // ids once sanitized → line
	p.emit = func(block []Card) {
		if st.stopped() || p.diags.Err() != nil {
			return
		}
		if o.DeckName != "" {
			renameCards(block, f.name, o.DeckName)
		}
		if bad := sanitizeBlock(display, block, first); len(bad) > 0 {
			p.diags = append(p.diags, bad...)
			return
		}
		give(block)
	}
	d := p.run(io.TeeReader(io.LimitReader(r, MaxFileSize+1), io.MultiWriter(sum, size)))
	st.diags = append(st.diags, p.diags...)
	switch {
	case size.n > MaxFileSize:
		return fail(Diagnostic{File: display, Msg: fmt.Sprintf("file is larger than %d MB; split it into several files", MaxFileSize>>20)})
	case p.diags.Err() != nil:
		st.failed = true
		return nil
	case hex.EncodeToString(sum.Sum(nil)[:16]) != f.hash || d.Name != f.name:
		return fail(Diagnostic{File: display, Msg: ErrChanged.Error()})
	}
	t := Deck{Topics: d.Topics}
	t.Sanitize()
	return t.Topics
}

type countWriter struct{ n int }

func (w *countWriter) Write(b []byte) (int, error) {
	w.n += len(b)
	return len(b), nil
}

// renameCards gives cards parsed under deck name from the deck name to:
// ids derived from the old name are derived from the new one.
func renameCards(cards []Card, from, to string) {
	for i, c := range cards {
		if c.ID == DerivedID(from, c.Topic, c.Front) {
			cards[i].ID = DerivedID(to, c.Topic, c.Front)
		}
		cards[i].Deck = to
	}
}

// sanitizeBlock sanitizes a block of a source's cards, as Load sanitizes a
// source's, and reports the cards whose ids are then those of an earlier
// card (sameAfterSanitizing).
func sanitizeBlock(file string, block []Card, first map[string]int) Diagnostics {
	d := Deck{Cards: block}
	d.Sanitize()
	return sameAfterSanitizing(file, block, first)
}

// sameAfterSanitizing reports the cards whose ids, once sanitized, are the
// id of an earlier card; first maps the ids seen so far to their lines.
func sameAfterSanitizing(file string, cards []Card, first map[string]int) Diagnostics {
	var diags Diagnostics
	for _, c := range cards {
		if line, dup := first[c.ID]; dup {
			diags = append(diags, Diagnostic{File: file, Line: c.Line,
				Msg: fmt.Sprintf("card id %q is the id of the card at line %d once control characters are removed; give it another", c.ID, line)})
			continue
		}
		first[c.ID] = c.Line
	}
	return diags
}

// Collect streams the plan into whole sources, each with its cards,
// topics and text, as Load gives them.
func (plan *Plan) Collect() ([]Source, Diagnostics, error) {
	c := &collector{plan: plan, out: make([]Source, len(plan.Heads))}
	for i, h := range plan.Heads {
		c.out[i] = Source{Path: h.Path, Deck: h.Deck, Package: h.Package}
	}
	diags, err := plan.Stream(c)
	if err != nil || diags.Err() != nil {
		return nil, diags, err
	}
	for i := range c.out {
		r := plan.Text(i)
		text, err := io.ReadAll(r)
		r.Close()
		if err != nil {
			return nil, diags, fmt.Errorf("%s: %w", plan.Heads[i].Path, err)
		}
		if len(text) > 0 {
			c.out[i].Text = text
		}
	}
	return c.out, diags, nil
}

// collector is the Sink of Collect.
type collector struct {
	plan *Plan
	out  []Source
}

func (c *collector) Cards(i int, block []Card) error {
	c.out[i].Deck.Cards = append(c.out[i].Deck.Cards, block...)
	return nil
}

func (c *collector) End(i int, topics []Topic) error {
	c.out[i].Deck.Topics = topics
	return nil
}
