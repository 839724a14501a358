package deck

import (
	"bytes"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
)

// Format names a kind of source that hone can read.
type Format string

const (
	FormatHone Format = "hone"     // hone's own markdown deck format
	FormatOSR  Format = "obsidian" // Obsidian spaced-repetition plugin notes
	FormatAnki Format = "anki"     // Anki text export, CSV and TSV
	// FormatAnkiPackage is an Anki package: .apkg, or .colpkg for a whole
	// collection.
	FormatAnkiPackage Format = "apkg"
)

// DetectFormat picks the format of a file from its name and, for markdown,
// its front matter: a hone deck names itself with `deck:`, and any other
// markdown is read as Obsidian notes. It returns "" for a file hone cannot
// import, so that a directory walk can skip it.
func DetectFormat(name string, src []byte) Format {
	switch strings.ToLower(filepath.Ext(name)) {
	case ".md", ".markdown":
		if hasDeckFrontMatter(src) {
			return FormatHone
		}
		return FormatOSR
	case ".txt", ".csv", ".tsv":
		return FormatAnki
	case ".apkg", ".colpkg":
		return FormatAnkiPackage
	}
	return ""
}

// frontMatterPeek bounds how much of a file DetectFormat reads: front
// matter is a few lines at the top, and a 50 MB file need not be copied to
// find it.
const frontMatterPeek = 64 << 10

func hasDeckFrontMatter(src []byte) bool {
	src = bytes.TrimPrefix(src[:min(len(src), frontMatterPeek)], utf8BOM)
	lines := strings.Split(strings.ReplaceAll(string(src), "\r\n", "\n"), "\n")
	end := frontMatterEnd(lines)
	for _, l := range lines[1:max(end, 1)] {
		if key, _, ok := strings.Cut(l, ":"); ok && strings.EqualFold(strings.TrimSpace(key), "deck") {
			return true
		}
	}
	return false
}

// frontMatterEnd returns the index of the line closing a `---` block that
// opens the file, or 0 when there is none.
func frontMatterEnd(lines []string) int {
	if len(lines) == 0 || strings.TrimSpace(lines[0]) != "---" {
		return 0
	}
	for i := 1; i < len(lines); i++ {
		if t := strings.TrimSpace(lines[i]); t == "---" || t == "..." {
			return i
		}
	}
	return 0
}

var utf8BOM = []byte("\uFEFF")

// maxPrealloc bounds the cards an importer makes room for before it has
// read them, so that a file of short lines cannot ask for gigabytes.
const maxPrealloc = 1 << 16

// maxImportBytes bounds the card text one file may expand into. Cloze notes
// make one card per deletion, each holding the whole note, so a small file
// could otherwise ask for gigabytes.
const maxImportBytes = 4 * MaxFileSize

// Past these, more diagnostics only bury the first ones: a file with a
// hundred errors is most likely not in the format it was read as.
const (
	maxImportErrors   = 100
	maxImportWarnings = 100
)

// importer holds what every importer shares: the deck being built, its
// diagnostics, and the ids seen so far.
type importer struct {
	file     string
	deck     Deck
	diags    Diagnostics
	seen     map[string]int // card id → line of the card that first used it
	dups     map[string]int // card id → how many later cards had it too
	topics   map[string]bool
	bytes    int  // card text and tags kept so far
	errors   int  // errors reported so far
	warnings int  // warnings found so far, shown or not
	full     bool // a limit was reached: the rest of the file is not read
	budget   *cardBudget
	handed   int // cards handed on before finish, as a streamed package's are
	// drain, when set, takes each full block of cards as it is made, so
	// that a streamed file's parse keeps one block, not all its cards.
	drain func([]Card)
	hash  string // SourceHash of the text prepare was given
}

func newImporter(file, deckName string) *importer {
	return &importer{file: file, deck: Deck{Name: deckName}, seen: map[string]int{}, dups: map[string]int{}, topics: map[string]bool{}}
}

func (im *importer) errorf(line int, format string, args ...any) {
	if im.full {
		return
	}
	if im.errors++; im.errors > maxImportErrors {
		format, args = "more than %d errors; stopped reading here, so fix the ones above first", []any{maxImportErrors}
		im.full = true
	}
	im.diags = append(im.diags, Diagnostic{File: im.file, Line: line, Severity: Error, Msg: fmt.Sprintf(format, args...)})
}

func (im *importer) warnf(line int, format string, args ...any) {
	if im.warnings++; im.warnings > maxImportWarnings {
		return // finish counts them
	}
	im.diags = append(im.diags, Diagnostic{File: im.file, Line: line, Severity: Warning, Msg: fmt.Sprintf(format, args...)})
}

// prepare applies the limits every format shares and returns the text with
// the BOM gone and LF line ends; !ok means there is nothing to parse.
// src is a file's text, and hash its SourceHash, which finishPrepared
// gives the deck.
func (im *importer) prepare(src, hash string) (string, bool) {
	im.hash = hash
	if len(src) > MaxFileSize {
		im.errorf(0, "file is larger than %d MB; split it into several files", MaxFileSize>>20)
		return "", false
	}
	src = strings.TrimPrefix(src, string(utf8BOM))
	// A lone CR ends a line too (old Mac files), so that every later step
	// and every line number sees LF only.
	if strings.IndexByte(src, '\r') >= 0 { // ReplaceAll copies even when it finds nothing
		src = strings.ReplaceAll(src, "\r\n", "\n")
		src = strings.ReplaceAll(src, "\r", "\n")
	}
	if line := invalidUTF8Line(src); line > 0 {
		im.errorf(line, "text is not valid UTF-8; save the file as UTF-8")
		return "", false
	}
	if i := strings.IndexByte(src, 0); i >= 0 {
		im.errorf(1+strings.Count(src[:i], "\n"), "text holds a NUL byte; is this a binary file?")
		return "", false
	}
	return src, true
}

// add keeps c, tagged with base and then extra, unless it is too large or a
// card with the same id came first. The tags are merged only for a card
// that is kept: base may hold thousands, and a dropped duplicate must not
// pay for them.
func (im *importer) add(c Card, base []string, extra ...string) {
	if im.full {
		return
	}
	size := len(c.Front) + len(c.Prompt) + len(c.Back)
	if size > MaxCardSize {
		im.errorf(c.Line, "card is %d KB; the limit is %d KB, so split it into smaller cards", size>>10, MaxCardSize>>10)
		return
	}
	if first, dup := im.seen[c.ID]; dup {
		if strings.HasPrefix(c.ID, ankiGUIDPrefix) {
			im.warnf(c.Line, "card has the same GUID as the card at line %d; keeping that one", first)
			return
		}
		// Anki keeps both, and so does hone: the later card's id tells
		// it by its place among the cards with this front.
		im.dups[c.ID]++
		c.ID = fmt.Sprintf("%s#%d", c.ID, im.dups[c.ID]+1)
		if _, taken := im.seen[c.ID]; taken {
			return // a sibling of this very card: the first one stands
		}
		im.warnf(c.Line, "card has the same front as the card at line %d; both are kept, so reword one front if they are the same card", first)
	}
	// Cards share the base tags with the capacity clipped, so that adding
	// a card's own tags copies them and no card's append reaches another's;
	// a tag still costs its text and a string header in what the store
	// will write.
	c.Tags = addTags(base[:len(base):len(base)], extra...)
	for _, t := range c.Tags {
		size += len(t) + 16
	}
	if im.bytes += size; im.bytes > maxImportBytes {
		im.errorf(c.Line, "file expands into more than %d MB of cards; split it into several files", maxImportBytes>>20)
		im.full = true
		return
	}
	im.seen[c.ID] = c.Line
	c.Deck = im.deck.Name
	if !im.topics[c.Topic] {
		im.topics[c.Topic] = true
		im.deck.Topics = append(im.deck.Topics, Topic{Name: c.Topic})
	}
	im.deck.Cards = append(im.deck.Cards, c)
	if !im.budget.take(1) {
		im.errorf(c.Line, "%s", im.budget.tooMany())
		im.full = true
	}
	if im.drain != nil && len(im.deck.Cards) >= cardBlock {
		im.handed += len(im.deck.Cards)
		im.drain(im.deck.Cards)
		im.deck.Cards = make([]Card, 0, cardBlock)
	}
}

// finish returns the deck with its source hash and the diagnostics in line
// order, as the hone parser does.
func (im *importer) finish(src []byte, hint string) (Deck, Diagnostics) {
	im.hash = SourceHash(src)
	return im.finishPrepared(hint)
}

// finishPrepared is finish of the text prepare was given, which need not
// be kept until then.
func (im *importer) finishPrepared(hint string) (Deck, Diagnostics) {
	if len(im.deck.Cards)+im.handed == 0 && im.errors == 0 {
		im.warnf(0, "no cards found; %s", hint)
	}
	if hidden := im.warnings - maxImportWarnings; hidden > 0 {
		im.diags = append(im.diags, Diagnostic{File: im.file, Severity: Warning, Msg: fmt.Sprintf("%d more warnings are not shown", hidden)})
	}
	im.deck.Hash = im.hash
	slices.SortStableFunc(im.diags, func(a, b Diagnostic) int { return a.Line - b.Line })
	return im.deck, im.diags
}

// deckNameOf is the deck name a file gives when nothing else names it.
func deckNameOf(file string) string {
	base := filepath.Base(file)
	if name := strings.TrimSuffix(base, filepath.Ext(base)); name != "" && name != "." && name != string(filepath.Separator) {
		return name
	}
	return "imported"
}

// splitFront cuts a question into the card's front, its first line, and its
// prompt, the rest, as hone decks have them. A question that opens with a
// code fence stays whole, since cutting would break the block.
func splitFront(q string) (front, prompt string) {
	q = trimBlankLines(q)
	first, rest, _ := strings.Cut(q, "\n")
	if _, _, fence := fenceOpen(first); fence {
		return strings.TrimSpace(q), ""
	}
	return strings.TrimSpace(first), trimBlankLines(rest)
}

// questionKey is the text a derived id hashes: the whole question, so that
// two cards whose first lines agree still get their own ids.
func questionKey(front, prompt string) string {
	if prompt == "" {
		return front
	}
	return front + "\n" + prompt
}

// trimBlankLines drops blank lines and trailing spaces at both ends but
// keeps the first line's indentation, which may be markdown.
func trimBlankLines(s string) string {
	s = strings.TrimRight(s, " \t\n")
	for {
		line, rest, ok := strings.Cut(s, "\n")
		if !ok || strings.TrimSpace(line) != "" {
			return s
		}
		s = rest
	}
}

// tidyLines trims spaces at line ends, keeps at most one blank line in a
// row, and drops blank lines at both ends; squash also folds runs of white
// space inside lines, as HTML does.
func tidyLines(s string, squash bool) string {
	var out []string
	blank := true // drop leading blank lines
	for line := range strings.SplitSeq(s, "\n") {
		if squash {
			line = strings.Join(strings.Fields(line), " ")
		} else {
			line = strings.TrimRight(line, " \t")
		}
		if line == "" {
			if !blank {
				out = append(out, "")
			}
			blank = true
			continue
		}
		out = append(out, line)
		blank = false
	}
	return strings.TrimSpace(strings.Join(out, "\n"))
}

// addTags appends the tags not yet present, keeping the order they came in.
func addTags(tags []string, more ...string) []string {
	if len(tags)*len(more) > 4096 {
		// A set keeps a line of thousands of tags from being quadratic.
		have := make(map[string]bool, len(tags)+len(more))
		for _, t := range tags {
			have[t] = true
		}
		for _, t := range more {
			if t != "" && !have[t] {
				have[t] = true
				tags = append(tags, t)
			}
		}
		return tags
	}
	for _, t := range more {
		if t != "" && !slices.Contains(tags, t) {
			tags = append(tags, t)
		}
	}
	return tags
}
