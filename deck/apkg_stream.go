package deck

import (
	"fmt"
	"io/fs"
	"strings"
)

// An Anki package is streamed like a hone deck: Scan reads its cards once,
// a block at a time and without their progress, to learn which hone decks
// it makes and what Load would report of them, and keeps none; Stream
// opens the package again and reads each deck's cards a block at a time,
// progress and all. Either way its collection is spooled to a temporary
// file when large, and what is held grows with a block, not the package.

// pkgDeck is one hone deck of an Anki package, as Scan saw it.
type pkgDeck struct {
	path, display string
	name          string // the hone deck's name, as the builder gives it
	hash          string // the collection's sha256
	cards         int    // how many cards Scan built
}

func (d *pkgDeck) source() string { return SanitizeLine(d.display + "#" + d.name) }

// scanPackage is Scan of an Anki package: the heads of the decks Load
// would give, each with the diagnostics Load would give.
func (plan *Plan) scanPackage(p, display string, explicit bool) ([]Head, Diagnostics) {
	if problem := regularFile(plan.fsys, p); problem != "" {
		return nil, skipOrFail(display, problem, explicit)
	}
	pkg, problem := openPackage(plan.fsys, p, plan.o.collectionLimit(), plan.o)
	if problem != "" {
		return nil, Diagnostics{{File: display, Msg: problem}}
	}
	defer pkg.Close()
	b := newPackageBuilder(display, plan.o, pkg)
	sizes := map[string]int64{}
	bad := map[string]Diagnostics{}
	first := map[string]map[string]int{} // by deck: ids once sanitized → line
	b.drain = func(name string, cards []Card) bool {
		if first[name] == nil {
			first[name] = map[string]int{}
		}
		bad[name] = append(bad[name], sanitizeBlock(SanitizeLine(display+"#"+name), cards, first[name])...)
		for _, c := range cards {
			sizes[name] += int64(len(c.Front) + len(c.Prompt) + len(c.Back))
		}
		return true
	}
	if err := b.run(pkg.col.cards, ""); err != nil {
		return nil, Diagnostics{{File: display, Msg: err.Error()}}
	}
	decks, diags := b.finish()
	if diags.Err() != nil {
		return nil, diags
	}
	heads := make([]Head, 0, len(decks))
	for _, d := range decks {
		pd := &pkgDeck{path: p, display: display, name: d.Name, hash: pkg.hash, cards: b.importers[d.Name].handed}
		d.Cards, d.Topics = nil, nil
		d.Sanitize()
		if strings.TrimSpace(d.Name) == "" || len(bad[pd.name]) > 0 {
			return nil, append(diags, sanitizeProblems(pd.source(), d.Name, bad[pd.name])...)
		}
		heads = append(heads, Head{Path: pd.source(), Package: display, Deck: d, Size: sizes[pd.name], parts: []part{{pkg: pd}}})
	}
	return heads, diags
}

// sanitizeProblems are sanitizeSource's diagnostics of a package's deck.
func sanitizeProblems(path, name string, bad Diagnostics) Diagnostics {
	var diags Diagnostics
	if strings.TrimSpace(name) == "" {
		diags = append(diags, Diagnostic{File: path, Msg: "the deck name holds nothing but control characters; give it a name"})
	}
	return append(diags, bad...)
}

// openPackage opens the package at p in fsys, or says why it cannot.
func openPackage(fsys fs.FS, p string, limit int64, o LoadOptions) (*ankiPackage, string) {
	r, size, closer, problem := openPackageFile(fsys, p)
	if problem != "" {
		return nil, problem
	}
	pkg, err := openAnkiPackage(r, size, limit, o)
	if err != nil {
		closer.Close()
		return nil, err.Error()
	}
	pkg.file = closer
	return pkg, ""
}

// pkg streams deck d of an Anki package, handing its cards to give as Load
// would give them (sanitized), and returns its topics. The package must be
// the one Scan read.
func (st *streamer) pkg(d *pkgDeck, give func([]Card)) []Topic {
	fail := func(msg string) []Topic {
		st.diags = append(st.diags, Diagnostic{File: d.display, Msg: msg})
		st.failed = true
		return nil
	}
	if st.stopped() {
		return nil // a package's problems were all found by Scan
	}
	pkg, problem := st.openPackage(d.path)
	if problem != "" {
		return fail(problem)
	}
	if pkg.hash != d.hash {
		return fail(ErrChanged.Error())
	}
	o := st.plan.o
	o.budget = nil // Scan counted these cards
	b := newPackageBuilder(d.display, o, pkg)
	b.progress = !o.Fresh
	b.drain = func(_ string, cards []Card) bool {
		dk := Deck{Cards: cards}
		dk.Sanitize()
		give(cards)
		return !st.stopped()
	}
	if err := b.run(pkg.col.cards, d.name); err != nil {
		return fail(err.Error())
	}
	if st.stopped() {
		return nil
	}
	t := Deck{}
	if im := b.importers[d.name]; im != nil {
		t.Topics = im.deck.Topics
		if im.handed != d.cards {
			return fail(ErrChanged.Error())
		}
	} else if d.cards != 0 {
		return fail(ErrChanged.Error())
	}
	t.Sanitize()
	return t.Topics
}

// openPackage opens the package at path for its decks, which follow one
// another: the package opened before is closed, so that one spool at a
// time is kept.
func (st *streamer) openPackage(path string) (*ankiPackage, string) {
	if st.pkg1 != nil && st.pkg1Path == path {
		return st.pkg1, ""
	}
	if err := st.closePackage(); err != nil {
		return nil, fmt.Sprintf("cannot close %s: %v", st.pkg1Path, err)
	}
	pkg, problem := openPackage(st.plan.fsys, path, st.plan.o.collectionLimit(), st.plan.o)
	if problem != "" {
		return nil, problem
	}
	st.pkg1, st.pkg1Path = pkg, path
	return pkg, ""
}

// closePackage closes the package the stream has open, if any.
func (st *streamer) closePackage() error {
	if st.pkg1 == nil {
		return nil
	}
	err := st.pkg1.Close()
	st.pkg1 = nil
	return err
}

// collectionLimit is how big a collection may be uncompressed.
func (o LoadOptions) collectionLimit() int64 {
	if o.maxCollection > 0 {
		return o.maxCollection
	}
	return MaxPackageCollection
}
