package deck

import (
	"bufio"
	"fmt"
	"io"
	"io/fs"
	"path"
	"strings"
	"time"
)

// Source is one deck read from files, ready to import: the deck, the text
// it came from, and the path it is known by.
type Source struct {
	Path string
	Deck Deck
	Text []byte
	// Package is the Anki package the deck came from, as Path names files;
	// "" for a deck from a text file. A package's decks have no Text.
	Package string
}

// LoadOptions override what Load would work out itself.
type LoadOptions struct {
	Format   Format // "" picks each file's format from its name and content
	DeckName string // "" keeps each file's own deck name
	// MaxCards caps the cards of one import, over all its files, so that
	// memory stays bounded whatever the input; 0 means DefaultMaxCards.
	MaxCards int
	// OSRClozes turns on the Obsidian plugin's cloze styles that are off
	// by default.
	OSRClozes OSRClozes
	// Media is the directory an Anki package's media files are extracted
	// to, which cards then show; "" shows their names only.
	Media string
	// Fresh imports an Anki package's cards as new, without their progress.
	Fresh bool
	// Location is the time zone of Anki's days (nil: the local one).
	Location *time.Location
	// TempDir is where a large Anki collection is spooled while it is
	// read ("": the system's temporary directory).
	TempDir string
	// spoolAbove is the size past which a collection is spooled to a
	// file (0: maxCollectionInMemory); tests make it small.
	spoolAbove int64
	// maxCollection is the most an Anki collection may be uncompressed
	// (0: MaxPackageCollection); the fuzzer makes it small.
	maxCollection int64
	// budget is what is left of MaxCards while Load reads a file.
	budget *cardBudget
	// drain, when set, takes the cards of an Obsidian note or Anki text
	// file a block at a time as they are parsed, and its text is not kept
	// (a streamed load).
	drain func([]Card)
}

// DefaultMaxCards is the most cards one import holds unless asked for more.
const DefaultMaxCards = 100_000

func (o LoadOptions) maxCards() int {
	if o.MaxCards <= 0 {
		return DefaultMaxCards
	}
	return o.MaxCards
}

// Load reads root from fsys — one file, or every file hone can import under
// a directory (hidden folders such as .obsidian are skipped) — and parses
// each in its format. display is how root is named in diagnostics. Files
// that yield the same deck name are merged into one deck. Every problem in
// every file is reported; the sources are usable only when there is no
// error.
func Load(fsys fs.FS, root, display string, o LoadOptions) ([]Source, Diagnostics) {
	// Every file's parse takes its cards from one budget, and stops at
	// the card that passes the cap.
	o.budget = newCardBudget(o.maxCards())
	var sources []Source
	dir, diags := eachFile(fsys, root, display, o, func(p, name string, explicit bool) (int, Diagnostics) {
		srcs, d := loadSources(fsys, p, name, o, explicit)
		sources = append(sources, srcs...)
		return len(srcs), d
	})
	if !dir {
		return sources, diags
	}
	sources, merged := merge(sources, display)
	return sources, append(diags, merged...)
}

// eachFile calls read for root when it is a file (explicit: the user
// named it), or for every file hone can import under root, a directory
// (dir), skipping hidden folders such as .obsidian; display is how root is
// named in diagnostics. read says how many sources it found. The walk
// stops at the file that spends o's card budget.
func eachFile(fsys fs.FS, root, display string, o LoadOptions, read func(p, name string, explicit bool) (int, Diagnostics)) (dir bool, diags Diagnostics) {
	info, err := fs.Stat(fsys, root)
	if err != nil {
		return false, Diagnostics{{File: display, Msg: fmt.Sprintf("cannot read: %v", unwrapPathError(err))}}
	}
	if !info.IsDir() {
		_, diags = read(root, display, true)
		return false, diags
	}
	found := 0
	err = fs.WalkDir(fsys, root, func(p string, d fs.DirEntry, err error) error {
		name := path.Join(display, strings.TrimPrefix(strings.TrimPrefix(p, root), "/"))
		if err != nil {
			diags = append(diags, Diagnostic{File: name, Msg: fmt.Sprintf("cannot read: %v", unwrapPathError(err))})
			return nil
		}
		if d.IsDir() {
			if p != root && strings.HasPrefix(d.Name(), ".") {
				return fs.SkipDir
			}
			return nil
		}
		if o.Format == "" && DetectFormat(d.Name(), nil) == "" {
			return nil // not a kind of file hone reads
		}
		n, fd := read(p, name, false)
		diags = append(diags, fd...)
		found += n
		if o.budget.spent() {
			return fs.SkipAll // the rest would only take memory
		}
		return nil
	})
	if err != nil {
		diags = append(diags, Diagnostic{File: display, Msg: fmt.Sprintf("cannot read: %v", err)})
	}
	if found == 0 && diags.Err() == nil {
		diags = append(diags, Diagnostic{File: display, Msg: "no deck files here; hone reads .md, .markdown, .txt, .csv, .tsv, .apkg and .colpkg"})
	}
	return true, diags
}

// loadSources reads one file: a text file, or an Anki package with a
// source for each of its decks. Every importer's decks pass through here,
// sanitized: from then on their text is safe to store and to print. The
// parsers stop at the card that passes o.budget.
func loadSources(fsys fs.FS, p, display string, o LoadOptions, explicit bool) ([]Source, Diagnostics) {
	var srcs []Source
	var diags Diagnostics
	if o.Format == FormatAnkiPackage || o.Format == "" && DetectFormat(p, nil) == FormatAnkiPackage {
		if problem := regularFile(fsys, p); problem != "" {
			return nil, skipOrFail(display, problem, explicit)
		}
		srcs, diags = loadPackage(fsys, p, display, o)
	} else {
		var src *Source
		if src, diags = loadFile(fsys, p, display, o, explicit); src != nil {
			srcs = []Source{*src}
		}
	}
	if diags.Err() != nil {
		return nil, diags
	}
	for i := range srcs {
		if bad := sanitizeSource(&srcs[i]); len(bad) > 0 {
			return nil, append(diags, bad...)
		}
	}
	return srcs, diags
}

// skipOrFail is the diagnostic for a file that could not be read: under a
// directory, a pipe or device is passed over with a warning; named on its
// own, it is an error.
func skipOrFail(display, problem string, explicit bool) Diagnostics {
	if strings.HasPrefix(problem, skipped) && !explicit {
		return Diagnostics{{File: display, Severity: Warning, Msg: problem}}
	}
	return Diagnostics{{File: display, Msg: problem}}
}

// loadFile reads and parses one file; explicit says the user named it, so
// that an unknown extension is an error rather than a file to pass over. A
// hone deck is parsed as it is read, so that a parse that stops early (at
// the card cap, say) reads no further.
func loadFile(fsys fs.FS, p, display string, o LoadOptions, explicit bool) (*Source, Diagnostics) {
	fail := func(msg string, args ...any) (*Source, Diagnostics) {
		return nil, Diagnostics{{File: display, Msg: fmt.Sprintf(msg, args...)}}
	}
	f, size, problem := openBounded(fsys, p)
	if problem != "" {
		return nil, skipOrFail(display, problem, explicit)
	}
	defer f.Close()
	// The text is kept as it is read: the store keeps it. Its room is
	// taken at the file's size, which costs memory only as it fills.
	text := newKeptText(size, o.drain != nil)
	r := bufio.NewReaderSize(io.TeeReader(io.LimitReader(f, MaxFileSize+1), text), frontMatterPeek)
	head, err := r.Peek(frontMatterPeek)
	if err != nil && err != io.EOF && err != bufio.ErrBufferFull {
		return fail("cannot read: %v", unwrapPathError(err))
	}
	format := o.Format
	if format == "" {
		format = DetectFormat(p, head)
	}
	if format == FormatHone {
		return loadHone(r, text, display, o)
	}
	if format != FormatOSR && format != FormatAnki {
		if explicit {
			return fail("hone does not know this kind of file; name its format with --format hone, obsidian, anki or apkg")
		}
		return nil, nil
	}
	if _, err := io.Copy(io.Discard, r); err != nil {
		return fail("cannot read: %v", unwrapPathError(err))
	}
	if text.len() > MaxFileSize {
		return fail("file is larger than %d MB; split it into several files", MaxFileSize>>20)
	}
	var d Deck
	var diags Diagnostics
	src, hash := text.text()
	if format == FormatOSR {
		d, diags = parseOSRText(display, o.DeckName, src, hash, o.OSRClozes, o.budget, o.drain)
	} else {
		d, diags = parseAnkiText(display, o.DeckName, src, hash, o.budget, o.drain)
	}
	if diags.Err() != nil {
		return nil, diags
	}
	return &Source{Path: display, Deck: d, Text: text.b}, diags
}

// loadHone parses a hone deck from r, which copies what it reads into
// text.
func loadHone(r io.Reader, text *keptText, display string, o LoadOptions) (*Source, Diagnostics) {
	p := &parser{file: display, budget: o.budget}
	d := p.run(r)
	if text.str != nil {
		text.b = []byte(text.str.String()) // a hone deck where Scan saw another kind of file
	}
	if len(text.b) > MaxFileSize {
		return nil, Diagnostics{{File: display, Msg: fmt.Sprintf("file is larger than %d MB; split it into several files", MaxFileSize>>20)}}
	}
	if p.diags.Err() != nil {
		return nil, p.diags
	}
	d.Hash = SourceHash(text.b)
	if o.DeckName != "" {
		rename(&d, o.DeckName)
	}
	return &Source{Path: display, Deck: d, Text: text.b}, p.diags
}

// skipped starts the problem of a file that is not a file to read at all:
// a named pipe or a device. Under a directory it is passed over with a
// warning; named on its own, it is an error.
const skipped = "skipped: "

// openBounded opens a regular file of at most MaxFileSize bytes and
// returns its size, or says why it did not. It never opens what is not a
// regular file, since opening a named pipe waits for a writer and reading
// a device may never end; callers read through a limit, not trusting the
// size the file had when it was looked at.
func openBounded(fsys fs.FS, p string) (fs.File, int64, string) {
	if problem := regularFile(fsys, p); problem != "" {
		return nil, 0, problem
	}
	info, err := fs.Stat(fsys, p)
	if err != nil {
		return nil, 0, fmt.Sprintf("cannot read: %v", unwrapPathError(err))
	}
	if info.Size() > MaxFileSize {
		return nil, 0, fmt.Sprintf("file is %d MB; the limit is %d MB, so split it into several files", info.Size()>>20, MaxFileSize>>20)
	}
	f, err := fsys.Open(p)
	if err != nil {
		return nil, 0, fmt.Sprintf("cannot read: %v", unwrapPathError(err))
	}
	// The file may have been swapped since the look above.
	if info, err := f.Stat(); err == nil && irregular(info.Mode()) != "" {
		f.Close()
		return nil, 0, skipped + irregular(info.Mode()) + ", not a file hone can import"
	}
	return f, info.Size(), ""
}

// regularFile says why p is not a regular file to read, without opening
// it, or "" when it is one.
func regularFile(fsys fs.FS, p string) string {
	info, err := fs.Stat(fsys, p)
	if err != nil {
		return fmt.Sprintf("cannot read: %v", unwrapPathError(err))
	}
	if what := irregular(info.Mode()); what != "" {
		return skipped + what + ", not a file hone can import"
	}
	return ""
}

// irregular names what a file is when it is not a regular file.
func irregular(m fs.FileMode) string {
	switch {
	case m.IsRegular():
		return ""
	case m&fs.ModeNamedPipe != 0:
		return "a named pipe (FIFO)"
	case m&fs.ModeSocket != 0:
		return "a socket"
	case m&fs.ModeDevice != 0, m&fs.ModeCharDevice != 0:
		return "a device"
	case m.IsDir():
		return "a directory"
	}
	return "not a regular file"
}

// rename gives a parsed hone deck another name. Cards whose ids were derived
// from the old name get ids derived from the new one, as a parse under that
// name would have given them.
func rename(d *Deck, name string) {
	renameCards(d.Cards, d.Name, name)
	d.Name = name
}

// merge joins the sources that name the same deck, such as the notes of a
// vault imported under one --deck name. The merged deck is known by the
// directory's path.
func merge(sources []Source, display string) ([]Source, Diagnostics) {
	var out []Source
	var diags Diagnostics
	at := map[string]int{}
	for _, s := range sources {
		i, dup := at[s.Deck.Name]
		if !dup {
			at[s.Deck.Name] = len(out)
			out = append(out, s)
			continue
		}
		m := &out[i]
		if !strings.HasPrefix(string(m.Text), "<!-- file: ") {
			m.Text = append([]byte("<!-- file: "+m.Path+" -->\n"), m.Text...)
		}
		m.Path = display
		m.Text = append(m.Text, []byte("\n<!-- file: "+s.Path+" -->\n")...)
		m.Text = append(m.Text, s.Text...)
		ids := map[string]bool{}
		for _, c := range m.Deck.Cards {
			ids[c.ID] = true
		}
		for _, c := range s.Deck.Cards {
			if ids[c.ID] {
				diags = append(diags, Diagnostic{File: s.Path, Line: c.Line, Severity: Warning,
					Msg: fmt.Sprintf("card %q is already in deck %q from another file; this one is skipped", c.Front, s.Deck.Name)})
				continue
			}
			ids[c.ID] = true
			m.Deck.Cards = append(m.Deck.Cards, c)
		}
		for _, t := range s.Deck.Topics {
			if !hasTopic(m.Deck.Topics, t.Name) {
				m.Deck.Topics = append(m.Deck.Topics, t)
			}
		}
		if m.Deck.Description == "" {
			m.Deck.Description = s.Deck.Description
		}
		m.Deck.Hash = SourceHash(m.Text)
	}
	return out, diags
}

func hasTopic(ts []Topic, name string) bool {
	for _, t := range ts {
		if t.Name == name {
			return true
		}
	}
	return false
}

// unwrapPathError drops the operation and path an fs.PathError repeats,
// since the diagnostic already names the file.
func unwrapPathError(err error) error {
	if pe, ok := err.(*fs.PathError); ok {
		return pe.Err
	}
	return err
}
