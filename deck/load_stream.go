package deck

import (
	"bufio"
	"fmt"
	"io"
	"io/fs"
	"strings"
)

// A streamed load gives a store each source's head first (Scan), then its
// cards a block at a time as they are parsed (Plan.Stream), and its text as
// a reader that reads the files again (Plan.Text), so that neither a deck's
// cards nor its text are ever held whole. hone decks and Anki packages are
// streamed; an Obsidian note or Anki text file is parsed whole, one file at
// a time, by Scan and again by Stream, handing its cards on a block at a
// time as they are made and keeping none (load_stream_whole.go).

// Sink takes the cards of a plan's sources as they are parsed.
type Sink interface {
	// Cards takes the next cards of source i, in file order; the slice is
	// the sink's to keep.
	Cards(i int, block []Card) error
	// End follows source i's last cards, with its topics.
	End(i int, topics []Topic) error
}

// Head is one source before its cards: where it came from, and its deck's
// name, description and hash (Deck has no cards and no topics; Stream
// gives them).
type Head struct {
	Path    string
	Package string
	Deck    Deck
	// Size is how long its text is, as its files were when Scan looked.
	Size  int64
	parts []part // the files it is made of, merged in this order
}

// part is one file of a source: a hone deck streamed, an Anki package's
// deck streamed, or a file parsed whole (an Obsidian note, Anki text).
type part struct {
	hone  *honeFile
	pkg   *pkgDeck
	whole *wholeFile
}

func (pt part) display() string {
	switch {
	case pt.hone != nil:
		return SanitizeLine(pt.hone.display)
	case pt.pkg != nil:
		return pt.pkg.source()
	}
	return pt.whole.display
}

// honeFile is one hone deck file of a streamed source, as Scan saw it.
type honeFile struct {
	path, display string
	name          string // the deck name of its front matter
	hash          string // SourceHash of its text
}

// Plan is what Scan found: the heads of the sources to stream.
type Plan struct {
	fsys  fs.FS
	o     LoadOptions
	Heads []Head
}

// Scan looks at root as Load does and returns the heads of its sources:
// hone decks by their front matter and a hash of their text, without
// parsing their cards; Anki packages, Obsidian notes and Anki text files
// are parsed to find their decks and problems, keeping no cards. A source whose
// head could not be read (front matter missing or not closed) is an
// error here; Load then finds every problem the files have.
func Scan(fsys fs.FS, root, display string, o LoadOptions) (*Plan, Diagnostics) {
	plan := &Plan{fsys: fsys, o: o}
	plan.o.budget = newCardBudget(o.maxCards())
	dir, diags := eachFile(fsys, root, display, plan.o, func(p, name string, explicit bool) (int, Diagnostics) {
		h, d := plan.scanFile(p, name, explicit)
		plan.Heads = append(plan.Heads, h...)
		return len(h), d
	})
	if !dir {
		return plan, diags
	}
	var err error
	if plan.Heads, err = mergeHeads(fsys, plan.Heads, display); err != nil {
		diags = append(diags, Diagnostic{File: display, Msg: fmt.Sprintf("cannot read: %v", unwrapPathError(err))})
	}
	return plan, diags
}

// scanFile is Scan of one file: a hone deck's head, or the sources of a
// file read whole.
func (plan *Plan) scanFile(p, display string, explicit bool) ([]Head, Diagnostics) {
	o := plan.o
	if o.Format == FormatAnkiPackage || o.Format == "" && DetectFormat(p, nil) == FormatAnkiPackage {
		return plan.scanPackage(p, display, explicit)
	}
	if o.Format == FormatHone || o.Format == "" {
		f, size, problem := openBounded(plan.fsys, p)
		if problem != "" {
			return nil, skipOrFail(display, problem, explicit)
		}
		head, err := bufio.NewReaderSize(f, frontMatterPeek).Peek(frontMatterPeek)
		f.Close()
		if err != nil && err != io.EOF && err != bufio.ErrBufferFull {
			return nil, Diagnostics{{File: display, Msg: fmt.Sprintf("cannot read: %v", unwrapPathError(err))}}
		}
		if o.Format == FormatHone || o.Format == "" && DetectFormat(p, head) == FormatHone {
			return plan.scanHone(p, display, head, size)
		}
	}
	return plan.scanWhole(p, display, explicit)
}

// scanHone is the head of a hone deck: its front matter, read from the
// start of the file, and the hash of its text.
func (plan *Plan) scanHone(p, display string, start []byte, size int64) ([]Head, Diagnostics) {
	fm := &parser{file: display}
	var d Deck
	fm.lw = newLineWindow(strings.NewReader(string(start)), 0)
	fm.frontMatter(&d)
	hash, err := hashFile(plan.fsys, p)
	if err != nil {
		return nil, Diagnostics{{File: display, Msg: fmt.Sprintf("cannot read: %v", unwrapPathError(err))}}
	}
	if fm.diags.Err() != nil {
		// Load reads such a file to report every problem in it.
		return nil, fm.diags.Errors()
	}
	hf := honeFile{path: p, display: display, name: d.Name, hash: hash}
	if plan.o.DeckName != "" {
		d.Name = plan.o.DeckName
	}
	d.Hash = hash
	d.Sanitize()
	if strings.TrimSpace(d.Name) == "" {
		return nil, Diagnostics{{File: SanitizeLine(display), Msg: "the deck name holds nothing but control characters; give it a name"}}
	}
	return []Head{{Path: SanitizeLine(display), Deck: d, Size: size, parts: []part{{hone: &hf}}}}, nil
}
