package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime/debug"
	"strings"

	"github.com/spf13/cobra"

	"github.com/hone-srs/hone/deck"
	"github.com/hone-srs/hone/srs"
)

// importCmd is `hone import`: its flags, and the run they shape.
type importCmd struct {
	e                env
	f                *flags
	o                deck.LoadOptions
	format, osrCloze string
	dryRun           bool
}

func newImportCmd(e env, f *flags) *cobra.Command {
	c := &importCmd{e: e, f: f}
	cmd := &cobra.Command{
		Use:   "import PATH...",
		Short: "Import markdown, Obsidian, Anki or CSV decks",
		Long: `import stores nothing unless every file is valid: it stores them all or,
if anything fails, none. A large import is stored as it is read, in short
pieces (so that reviews go on meanwhile and memory stays bounded), and taken
back whole if a file turns out bad or the import is stopped. Importing a changed
file again adds new cards, updates changed ones (keeping their history) and
retires cards that are gone. A directory imports every .md, .markdown, .txt,
.csv, .tsv, .apkg and .colpkg file under it.`,
		Example: `  hone import notes/go-idioms.md
  hone import ~/vault --deck "Vault" --format obsidian --osr-cloze bold
  hone import anki-export.txt --dry-run
  hone import Spanish.apkg --media ~/hone-media`,
		Args: atLeastOneArg("PATH"),
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := c.checkFlags(); err != nil {
				return err
			}
			return c.run(cmd.Context(), args)
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&c.format, "format", "", "hone, obsidian, anki or apkg (default: from each file's name and content)")
	fl.StringVar(&c.o.DeckName, "deck", "", "deck name (default: the file's own, or its file name)")
	fl.BoolVar(&c.dryRun, "dry-run", false, "show what would change, store nothing")
	fl.IntVar(&c.o.MaxCards, "max-cards", deck.DefaultMaxCards, "the most cards one import may hold")
	fl.StringVar(&c.o.Media, "media", "", "extract Anki packages' images and sounds into this directory, and show their paths on the cards")
	fl.BoolVar(&c.o.Fresh, "fresh", false, "import Anki packages' cards as new, without their Anki progress")
	fl.StringVar(&c.osrCloze, "osr-cloze", "", "Obsidian cloze styles to read besides ==highlights==: bold, curly")
	return cmd
}

// checkFlags turns the flags into load options, or says which is wrong.
func (c *importCmd) checkFlags() error {
	if c.o.MaxCards < 1 {
		return usagef("--max-cards must be 1 or more, not %d", c.o.MaxCards)
	}
	switch deck.Format(c.format) {
	case "", deck.FormatHone, deck.FormatOSR, deck.FormatAnki, deck.FormatAnkiPackage:
		c.o.Format = deck.Format(c.format)
	default:
		return usagef("--format must be hone, obsidian, anki or apkg, not %q", c.format)
	}
	var err error
	if c.o.OSRClozes, err = deck.ParseOSRClozes(c.osrCloze); err != nil {
		return usagef("--osr-cloze: %v", err)
	}
	if c.o.Media != "" {
		if c.o.Media, err = filepath.Abs(c.o.Media); err != nil {
			return err
		}
	}
	if db, err := dbPath(c.e, c.f); err == nil {
		// A large Anki collection is spooled beside the database, as the
		// import's cards are, rather than in a /tmp that may be memory;
		// until the database's directory is made, in the system's.
		if info, err := os.Stat(filepath.Dir(db)); err == nil && info.IsDir() {
			c.o.TempDir = filepath.Dir(db)
		}
	}
	return nil
}

// run looks at every path, then stores the decks as they are parsed: a
// large import never holds a whole deck or its text. A problem in any file
// stores nothing; then every problem is reported.
func (c *importCmd) run(ctx context.Context, args []string) error {
	e := c.e
	// From the start: the scan of an Anki package holds its deck map and
	// a block of cards.
	defer boundHeap()()
	st, scanned, err := scanPaths(args, c.o)
	if err != nil {
		return err
	}
	if scanned.Err() != nil {
		// Load reads the files whole to find every problem in them.
		_, _, diags, err := importItems(args, c.o)
		if err != nil {
			return err
		}
		if diags.Err() == nil {
			diags = append(diags, scanned.Errors()...)
		}
		return badInput(e, diags)
	}
	if ctx.Err() != nil {
		return errImportStopped
	}
	if c.o.Media != "" && !c.dryRun {
		n, err := extractMedia(c.o.Media, st.packages)
		if err != nil {
			return fmt.Errorf("nothing imported: %w", err)
		}
		if n > 0 {
			fmt.Fprintf(e.stdout, "%d media %s extracted into %s\n", n, plural(n, "file"), c.o.Media)
		}
	}
	store, err := openStore(e, c.f)
	if err != nil {
		return err
	}
	defer store.Close()
	results, err := store.ImportStream(ctx, st.stream(ctx), c.dryRun)
	diags := append(scanned, st.diags...)
	switch {
	case errors.Is(err, errBadInput):
		return badInput(e, diags)
	case errors.Is(err, context.Canceled):
		return errImportStopped
	case err != nil:
		return err
	}
	for _, d := range diags {
		fmt.Fprintln(e.stderr, d)
	}
	for _, r := range results {
		fmt.Fprintln(e.stdout, summaryLine(r))
	}
	if c.dryRun {
		fmt.Fprintln(e.stdout, "dry run: nothing was stored")
	}
	return nil
}

// importMemoryLimit is the Go heap an import aims to stay under. A
// streamed import holds the spool's index, one piece's cards and the
// store's pages for one transaction, and without a limit the collector
// lets the heap grow to twice what is live before it runs. At 64 MiB a
// 100,000-card import peaks at 94-97 MB of RSS for 14 s of CPU; at 80 MiB
// at 98-102 MB for 13.5 s (BENCHMARKS.md). It is a soft limit: an import
// that needs more gets it, with the collector running more often.
const importMemoryLimit = 64 << 20

// boundHeap sets importMemoryLimit for a command that may take in a large
// deck (import, and sync, which may receive one), unless GOMEMLIMIT says
// otherwise; the func it returns puts the old limit back.
func boundHeap() (restore func()) {
	if os.Getenv("GOMEMLIMIT") != "" {
		return func() {}
	}
	old := debug.SetMemoryLimit(importMemoryLimit)
	return func() { debug.SetMemoryLimit(old) }
}

// badInput reports every diagnostic and fails with their count.
func badInput(e env, diags deck.Diagnostics) error {
	for _, d := range diags {
		fmt.Fprintln(e.stderr, d)
	}
	return fmt.Errorf("nothing imported: %s", countErrors(diags.Errors()))
}

// errImportStopped ends an import that a signal cancelled.
var errImportStopped = fmt.Errorf("import stopped, nothing stored: %w", errInterrupted)

// importItems reads every path, a file or a directory, into the decks to
// store, the sources they came from, and every diagnostic found.
func importItems(paths []string, o deck.LoadOptions) ([]srs.ImportItem, []deck.Source, deck.Diagnostics, error) {
	var items []srs.ImportItem
	var all []deck.Source
	var diags deck.Diagnostics
	for _, arg := range paths {
		sources, d := loadPath(arg, o)
		diags = append(diags, d...)
		all = append(all, sources...)
		for _, s := range sources {
			source, err := storedSource(s.Path)
			if err != nil {
				return nil, nil, nil, err
			}
			items = append(items, srs.ImportItem{Deck: s.Deck, Source: source, Text: s.Text})
		}
	}
	return items, all, diags, nil
}

// storedSource is how the store keeps where a deck came from: an absolute
// path, so that a re-import from elsewhere is the same source.
func storedSource(path string) (string, error) {
	abs, err := filepath.Abs(filepath.FromSlash(path))
	if err != nil {
		return "", err
	}
	return deck.SanitizeLine(abs), nil
}

// loadPath reads one command-line path, a file or a directory, through an
// fs.FS rooted where it lives; diagnostics name it as it was typed.
func loadPath(arg string, o deck.LoadOptions) ([]deck.Source, deck.Diagnostics) {
	fsys, root, problem := pathFS(arg)
	if problem != nil {
		return nil, problem
	}
	return deck.Load(fsys, root, filepath.ToSlash(arg), o)
}

func countErrors(errs deck.Diagnostics) string {
	files := map[string]bool{}
	for _, d := range errs {
		files[d.File] = true
	}
	return fmt.Sprintf("%d %s in %d %s", len(errs), plural(len(errs), "error"), len(files), plural(len(files), "file"))
}

func plural(n int, word string) string {
	if n == 1 {
		return word
	}
	return word + "s"
}

func summaryLine(r srs.SyncResult) string {
	parts := []string{
		fmt.Sprintf("%d added", r.Added), fmt.Sprintf("%d updated", r.Updated),
		fmt.Sprintf("%d retired", r.Retired), fmt.Sprintf("%d unchanged", r.Unchanged),
	}
	if r.Revived > 0 {
		parts = append(parts, fmt.Sprintf("%d revived", r.Revived))
	}
	if p := r.Progress; p.Cards > 0 || p.Answers > 0 {
		parts = append(parts, fmt.Sprintf("%d scheduled as in Anki with %d past %s", p.Cards, p.Answers, plural(p.Answers, "answer")))
	}
	if r.Progress.Kept > 0 {
		parts = append(parts, fmt.Sprintf("%d kept as studied in hone", r.Progress.Kept))
	}
	return fmt.Sprintf("deck %q: %s", r.Deck, strings.Join(parts, ", "))
}
