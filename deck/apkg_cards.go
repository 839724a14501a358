package deck

import (
	"fmt"
	"io"
	"maps"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
)

// PackageDeck is one hone deck read from an Anki package.
type PackageDeck struct {
	Deck  Deck
	Diags Diagnostics
}

// ParseAnkiPackage reads an Anki package from r, of size bytes. Each
// top-level Anki deck becomes a hone deck and its subdecks its topics
// ("Spanish::Verbs::Irregular" is topic "Verbs::Irregular" of deck
// "Spanish"; cards in "Spanish" itself are in topic "Spanish"). With
// o.DeckName every card goes to that one deck, its topic the whole Anki
// deck name. Each Anki card is a hone card rendered from its note type's
// templates, with the id "anki-" and its note's GUID (then "#c2" for cloze
// 2, "#r" for the reverse of a reversed note type, "#3" for a third
// template), its Anki schedule and review history as Progress unless
// o.Fresh, and its note's id as Note. A problem with the package itself
// is one error naming file.
func ParseAnkiPackage(file string, r io.ReaderAt, size int64, o LoadOptions) ([]Deck, Diagnostics) {
	return parseAnkiPackage(file, r, size, o, o.collectionLimit())
}

// parseAnkiPackage is ParseAnkiPackage with the limit on the collection's
// size, which tests make small.
func parseAnkiPackage(file string, r io.ReaderAt, size int64, o LoadOptions, limit int64) ([]Deck, Diagnostics) {
	fail := func(err error) ([]Deck, Diagnostics) {
		return nil, Diagnostics{{File: file, Msg: err.Error()}}
	}
	pkg, err := openAnkiPackage(r, size, limit, o)
	if err != nil {
		return fail(err)
	}
	defer pkg.Close()
	b := newPackageBuilder(file, o, pkg)
	b.progress = !o.Fresh
	if err := b.run(pkg.col.cards, ""); err != nil {
		return fail(err)
	}
	return b.finish()
}

// checkVersion refuses a package from an Anki newer than hone knows.
func (z *ankiZip) checkVersion() error {
	f, ok := z.entries["meta"]
	if !ok {
		return nil
	}
	data, err := z.read(f, maxPackageSmallEntry, false)
	if err != nil {
		return err
	}
	v, err := packageVersion(data)
	if err != nil || v < 1 || v > 3 {
		return badPackage("a newer Anki made it (package version %d); export it again with \"Support older Anki versions\" ticked", v)
	}
	return nil
}

// packageMediaNamer shows a media file the package holds by its path in
// dir when the files are extracted there, and by its name otherwise.
func packageMediaNamer(media map[string]string, dir string) mediaNamer {
	if dir == "" {
		return nil
	}
	have := make(map[string]bool, len(media))
	for _, name := range media {
		have[name] = true
	}
	return func(name string) string {
		if have[name] {
			return filepath.Join(dir, name)
		}
		return name
	}
}

// packageBuilder makes hone cards of a collection's cards, a block at a
// time, into an importer for each hone deck. Without drain the importers
// keep their cards, as Load has them; with it they are handed on after
// each block.
type packageBuilder struct {
	file      string
	o         LoadOptions
	col       *ankiCollection
	hash      string
	media     mediaNamer
	importers map[string]*importer // by hone deck name
	empty     int                  // cards that render nothing
	progress  bool                 // read the cards' schedule and reviews
	only      string               // the one hone deck to build, or ""
	// drain takes a block's new cards of a deck; false stops the build.
	drain func(name string, cards []Card) bool
}

func newPackageBuilder(file string, o LoadOptions, pkg *ankiPackage) *packageBuilder {
	return &packageBuilder{file: file, o: o, col: pkg.col, hash: pkg.hash, media: packageMediaNamer(pkg.media, o.Media),
		importers: map[string]*importer{}}
}

// run builds the cards src gives, those of hone deck only when it is not
// "". It stops at the card that spends the budget.
func (b *packageBuilder) run(src cardSource, only string) error {
	var need func([]ankiCardRow) bool
	if b.only = only; only != "" {
		need = func(rows []ankiCardRow) bool {
			return slices.ContainsFunc(rows, b.wanted)
		}
	}
	return src(b.progress, need, func(blk cardRows) bool {
		for _, c := range blk.rows {
			if b.o.budget.spent() {
				return false // one error said so; the rest would only take time
			}
			if b.wanted(c) {
				b.card(c, blk)
			}
		}
		return b.drainAll() && !b.o.budget.spent()
	})
}

// wanted tells whether card c goes to the hone deck the build is for.
func (b *packageBuilder) wanted(c ankiCardRow) bool {
	if b.only == "" {
		return true
	}
	name, _ := b.place(c.home())
	return name == b.only
}

// drainAll hands each importer's new cards to drain, in deck name order.
func (b *packageBuilder) drainAll() bool {
	if b.drain == nil {
		return true
	}
	for _, name := range slices.Sorted(maps.Keys(b.importers)) {
		im := b.importers[name]
		if len(im.deck.Cards) == 0 {
			continue
		}
		cards := im.deck.Cards
		im.deck.Cards = nil
		im.handed += len(cards)
		if !b.drain(name, cards) {
			return false
		}
	}
	return true
}

// home is the deck a card belongs to: a filtered deck borrows cards, which
// stay their home deck's.
func (c ankiCardRow) home() int64 {
	if c.odid != 0 {
		return c.odid
	}
	return c.did
}

// finish is the hone decks made, by name, and the diagnostics: a deck
// none of whose cards were kept is left out.
func (b *packageBuilder) finish() ([]Deck, Diagnostics) {
	var names []string
	for name, im := range b.importers {
		if len(im.deck.Cards)+im.handed > 0 || im.errors > 0 {
			names = append(names, name)
		}
	}
	slices.Sort(names)
	var decks []Deck
	var diags Diagnostics
	for _, name := range names {
		im := b.importers[name]
		d, ds := im.finish(nil, "its cards render empty")
		d.Hash = SourceHash([]byte(strings.Join([]string{b.hash, name, b.o.Media, strconv.FormatBool(b.o.Fresh), b.o.DeckName}, "\x00")))
		decks = append(decks, d)
		diags = append(diags, ds...)
	}
	if b.empty > 0 {
		diags = append(diags, Diagnostic{File: b.file, Severity: Warning, Msg: fmt.Sprintf("%d cards show nothing on their front, in Anki too, and are left out", b.empty)})
	}
	if len(decks) == 0 && diags.Err() == nil {
		diags = append(diags, Diagnostic{File: b.file, Severity: Warning, Msg: "the package holds no cards"})
	}
	return decks, diags
}

// place is where an Anki deck's cards go: the hone deck and the topic.
func (b *packageBuilder) place(did int64) (string, string) {
	full := b.col.decks[did]
	if full == "" {
		full = "Default"
	}
	if b.o.DeckName != "" {
		return b.o.DeckName, full
	}
	top, rest, _ := strings.Cut(full, "::")
	if top = strings.TrimSpace(top); top == "" {
		top = "Default"
	}
	if rest = strings.TrimSpace(rest); rest == "" {
		return top, top
	}
	return top, rest
}

func (b *packageBuilder) card(c ankiCardRow, blk cardRows) {
	note := blk.notes[c.nid]
	if note == nil {
		return
	}
	nt := b.col.notetypes[note.mid]
	if nt == nil {
		return
	}
	deckName, topic := b.place(c.home())
	card, ok := b.render(c, note, nt, b.col.decks[c.home()])
	if !ok {
		b.empty++
		return
	}
	card.Topic = topic
	if b.progress {
		card.Progress = ankiProgress(c, blk.revlog[c.id], b.col.crt, b.o.location())
	}
	im := b.importers[deckName]
	if im == nil {
		im = newImporter(b.file, deckName)
		im.budget = b.o.budget
		b.importers[deckName] = im
	}
	im.add(card, nil, note.tags...)
}

// frontSideMark stands for {{FrontSide}} while an answer is rendered, so
// that the back can leave out the question it repeats.
const frontSideMark = "\x00front side\x00"

// answerRule is the rule Anki's note types draw between question and
// answer; answerRuleFirst the same at the start of the answer.
var (
	answerRule      = regexp.MustCompile(`(?i)<hr[^>]*\bid\s*=\s*["']?answer\b["']?[^>]*>`)
	answerRuleFirst = regexp.MustCompile(`(?is)^\s*<hr[^>]*\bid\s*=\s*["']?answer\b["']?[^>]*>`)
)

// render makes the hone card of one Anki card: the question as the front,
// and the answer without the question it repeats as the back; for a cloze
// the whole revealed text, as cloze cards have it.
func (b *packageBuilder) render(c ankiCardRow, note *ankiNoteRow, nt *ankiNotetype, deckName string) (Card, bool) {
	ctx := &tmplContext{fields: b.fields(note, nt, deckName)}
	tmpl := nt.templates[c.ord]
	if nt.cloze {
		tmpl = nt.templates[0]
		ctx.clozeNum = c.ord + 1
	}
	if tmpl == nil {
		return Card{}, false
	}
	ctx.fields["Card"] = tmpl.name
	q := renderTemplate(tmpl.q, ctx)
	ctx.answer = true
	if nt.cloze {
		ctx.frontSide = renderTemplate(tmpl.q, ctx)
	} else {
		ctx.frontSide = frontSideMark
	}
	a := renderTemplate(tmpl.a, ctx)
	if i := strings.LastIndex(a, frontSideMark); i >= 0 {
		a = answerRuleFirst.ReplaceAllString(a[i+len(frontSideMark):], "")
	} else if loc := answerRule.FindStringIndex(a); loc != nil && !nt.cloze {
		a = a[loc[1]:]
	} else if !nt.cloze {
		a = strings.TrimPrefix(a, q)
	}
	front := htmlToText(q, b.media)
	back := htmlToText(a, b.media)
	base := ankiGUIDPrefix + note.guid
	if note.guid == "" {
		base = fmt.Sprintf("%snote%d", ankiGUIDPrefix, c.nid)
	}
	card := Card{Note: base, Back: back}
	switch {
	case strings.TrimSpace(front) == "":
		return Card{}, false
	case nt.cloze && strings.Contains(front, clozeMark+"["):
		card.ID, card.Kind, card.Front = base+"#c"+strconv.Itoa(c.ord+1), Cloze, trimBlankLines(front)
	case nt.cloze:
		return Card{}, false // no deletion of this number: Anki shows an error
	default:
		card.ID = base + templateSuffix(nt, c.ord)
		card.Front, card.Prompt = splitFront(front)
	}
	if card.Back == "" && card.Kind != Cloze {
		card.Back = "(empty)" // Anki shows a blank back; hone keeps the card
	}
	return card, true
}

// templateSuffix tells apart the cards of one note of a normal note type,
// as the text importer does for a reversed note.
func templateSuffix(nt *ankiNotetype, ord int) string {
	switch {
	case ord == 0:
		return ""
	case ord == 1 && strings.Contains(strings.ToLower(nt.name), "reverse"):
		return "#r"
	}
	return "#" + strconv.Itoa(ord+1)
}

// fields are what a note's templates can name: its fields, and Anki's
// Tags, Type, Deck and Subdeck.
func (b *packageBuilder) fields(note *ankiNoteRow, nt *ankiNotetype, deckName string) map[string]string {
	m := make(map[string]string, len(nt.fields)+6)
	for i, name := range nt.fields {
		if i < len(note.fields) {
			m[name] = note.fields[i]
		} else {
			m[name] = ""
		}
	}
	sub := deckName
	if i := strings.LastIndex(deckName, "::"); i >= 0 {
		sub = deckName[i+2:]
	}
	for k, v := range map[string]string{"Tags": strings.Join(note.tags, " "), "Type": nt.name, "Deck": deckName, "Subdeck": sub, "CardFlag": ""} {
		if _, ok := m[k]; !ok {
			m[k] = v
		}
	}
	return m
}

func (o LoadOptions) location() *time.Location {
	if o.Location != nil {
		return o.Location
	}
	return time.Local
}
