package deck

import (
	"fmt"
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
}

// Load reads root from fsys — one file, or every file hone can import under
// a directory (hidden folders such as .obsidian are skipped) — and parses
// each in its format. display is how root is named in diagnostics. Files
// that yield the same deck name are merged into one deck. Every problem in
// every file is reported; the sources are usable only when there is no
// error.
func Load(fsys fs.FS, root, display string, o LoadOptions) ([]Source, Diagnostics) {
	info, err := fs.Stat(fsys, root)
	if err != nil {
		return nil, Diagnostics{{File: display, Msg: fmt.Sprintf("cannot read: %v", unwrapPathError(err))}}
	}
	if !info.IsDir() {
		return loadSources(fsys, root, display, o, true)
	}
	var sources []Source
	var diags Diagnostics
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
		srcs, fd := loadSources(fsys, p, name, o, false)
		diags = append(diags, fd...)
		sources = append(sources, srcs...)
		return nil
	})
	if err != nil {
		diags = append(diags, Diagnostic{File: display, Msg: fmt.Sprintf("cannot read: %v", err)})
	}
	if len(sources) == 0 && diags.Err() == nil {
		diags = append(diags, Diagnostic{File: display, Msg: "no deck files here; hone reads .md, .markdown, .txt, .csv, .tsv, .apkg and .colpkg"})
	}
	sources, merged := merge(sources, display)
	return sources, append(diags, merged...)
}

// loadSources reads one file: a text file, or an Anki package with a
// source for each of its decks.
func loadSources(fsys fs.FS, p, display string, o LoadOptions, explicit bool) ([]Source, Diagnostics) {
	if o.Format == FormatAnkiPackage || o.Format == "" && DetectFormat(p, nil) == FormatAnkiPackage {
		return loadPackage(fsys, p, display, o)
	}
	src, diags := loadFile(fsys, p, display, o, explicit)
	if src == nil {
		return nil, diags
	}
	return []Source{*src}, diags
}

// loadFile reads and parses one file; explicit says the user named it, so
// that an unknown extension is an error rather than a file to pass over.
func loadFile(fsys fs.FS, p, display string, o LoadOptions, explicit bool) (*Source, Diagnostics) {
	fail := func(msg string, args ...any) (*Source, Diagnostics) {
		return nil, Diagnostics{{File: display, Msg: fmt.Sprintf(msg, args...)}}
	}
	info, err := fs.Stat(fsys, p)
	if err != nil {
		return fail("cannot read: %v", unwrapPathError(err))
	}
	if info.Size() > MaxFileSize {
		return fail("file is %d MB; the limit is %d MB, so split it into several files", info.Size()>>20, MaxFileSize>>20)
	}
	text, err := fs.ReadFile(fsys, p)
	if err != nil {
		return fail("cannot read: %v", unwrapPathError(err))
	}
	if len(text) > MaxFileSize {
		return fail("file is larger than %d MB; split it into several files", MaxFileSize>>20)
	}
	format := o.Format
	if format == "" {
		format = DetectFormat(p, text)
	}
	var d Deck
	var diags Diagnostics
	switch format {
	case FormatHone:
		d, diags = ParseBytes(display, text)
		if o.DeckName != "" && diags.Err() == nil {
			rename(&d, o.DeckName)
		}
	case FormatOSR:
		d, diags = ParseOSR(display, o.DeckName, text, o.OSRClozes)
	case FormatAnki:
		d, diags = ParseAnki(display, o.DeckName, text)
	default:
		if explicit {
			return fail("hone does not know this kind of file; name its format with --format hone, obsidian, anki or apkg")
		}
		return nil, nil
	}
	if diags.Err() != nil {
		return nil, diags
	}
	return &Source{Path: display, Deck: d, Text: text}, diags
}

// rename gives a parsed hone deck another name. Cards whose ids were derived
// from the old name get ids derived from the new one, as a parse under that
// name would have given them.
func rename(d *Deck, name string) {
	for i, c := range d.Cards {
		if c.ID == DerivedID(d.Name, c.Topic, c.Front) {
			d.Cards[i].ID = DerivedID(name, c.Topic, c.Front)
		}
		d.Cards[i].Deck = name
	}
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
