package srs

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"

	bolt "go.etcd.io/bbolt"
)

// checkStructure checks the file at path as bbolt lays it out. Cheap, it
// reads the meta pages, the root page and the freelist's header: enough to
// refuse a file whose next write would build on garbage. Full, it walks
// every page reachable from the root and the freelist, and accounts for
// every page of the file. Each problem is one line; none means sound.
func checkStructure(path string, full bool) ([]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return nil, err
	}
	return structureOf(f, fi.Size(), full), nil
}

// structureOf is checkStructure for any file-like reader of size bytes.
func structureOf(r io.ReaderAt, size int64, full bool) (problems []string) {
	defer func() {
		// The reads above are bounds-checked; this is the net under them,
		// so that no file can crash a check.
		if p := recover(); p != nil {
			problems = append(problems, fmt.Sprintf("structure: unreadable (%v)", p))
		}
	}()
	metas := readMetas(r, size)
	meta, err := currentMeta(metas)
	if err != nil {
		return []string{"meta: " + err.Error()}
	}
	w := &walker{pr: pageReader{r: r, meta: meta}, seen: make([]bool, meta.high)}
	if full {
		for _, m := range metas {
			if m.err != "" {
				w.report("meta page %d %s; bbolt uses the other one", m.page, m.err)
			}
		}
	}
	w.seen[0], w.seen[1] = true, true
	w.freelist()
	if !full {
		if _, _, _, err := w.pr.page(meta.root, branchPageFlag|leafPageFlag); err != nil {
			w.report("root: %v", err)
		}
		return w.problems
	}
	w.tree(meta.root, "root", 0)
	w.account()
	return w.problems
}

type walker struct {
	pr       pageReader
	seen     []bool // pages accounted for: metas, freelist, free, in the tree
	problems []string
}

func (w *walker) report(format string, args ...any) {
	switch {
	case len(w.problems) < maxProblems:
		w.problems = append(w.problems, fmt.Sprintf(format, args...))
	case len(w.problems) == maxProblems:
		w.problems = append(w.problems, "more problems are not listed")
	}
}

// claim marks the pages from id on, n of them, as used by what.
func (w *walker) claim(id uint64, n int, what string) bool {
	for i := range uint64(n) {
		if p := id + i; p < uint64(len(w.seen)) {
			if w.seen[p] {
				w.report("page %d is used twice (again by %s)", p, what)
				return false
			}
			w.seen[p] = true
		}
	}
	return true
}

// freelist reads the list of free pages and claims them.
func (w *walker) freelist() {
	id := w.pr.meta.freelist
	if id == noFreelist {
		return
	}
	_, count, data, err := w.pr.page(id, freelistPageFlag)
	if err != nil {
		w.report("freelist: %v", err)
		return
	}
	w.claim(id, len(data)/w.pr.meta.pageSize, "the freelist")
	le := binary.LittleEndian
	at := pageHeaderSize
	if count == 0xFFFF { // the count did not fit the header
		if len(data) < at+8 {
			w.report("freelist: page %d is too short for its count", id)
			return
		}
		count, at = int(min(le.Uint64(data[at:]), uint64(len(data)))), at+8
	}
	if at+8*count > len(data) {
		w.report("freelist: page %d claims %d free pages, more than it holds", id, count)
		return
	}
	for i := range count {
		free := le.Uint64(data[at+8*i:])
		if free < 2 || free >= w.pr.meta.high {
			w.report("freelist: free page %d is outside the file's %d pages", free, w.pr.meta.high)
			continue
		}
		w.claim(free, 1, "the freelist")
	}
}

// tree walks the bucket tree under page id, where describes how it was
// reached.
func (w *walker) tree(id uint64, where string, depth int) {
	if depth > maxTreeDepth {
		w.report("%s: the tree is deeper than %d levels", where, maxTreeDepth)
		return
	}
	flags, count, data, err := w.pr.page(id, branchPageFlag|leafPageFlag)
	if err != nil {
		w.report("%s: %v", where, err)
		return
	}
	if !w.claim(id, len(data)/w.pr.meta.pageSize, where) {
		return
	}
	w.elements(id, flags, count, data, where, depth)
}

func (w *walker) elements(id uint64, flags uint16, count int, data []byte, where string, depth int) {
	els, err := elements(id, flags, count, data)
	if err != nil {
		w.report("%s: %v", where, err)
		return
	}
	for _, el := range els {
		switch {
		case flags&branchPageFlag != 0:
			w.tree(el.child, where, depth+1)
		case el.flags&bucketLeafFlag != 0:
			w.bucket(el, where+"/"+printableKey(el.key), depth)
		}
	}
}

// bucket follows a bucket's value: its root page, or the page inlined in
// the value itself.
func (w *walker) bucket(el element, where string, depth int) {
	if len(el.value) < 16 {
		w.report("bucket %s: its header is %d bytes, not 16", where, len(el.value))
		return
	}
	root := binary.LittleEndian.Uint64(el.value)
	if root != 0 {
		w.tree(root, "bucket "+where, depth+1)
		return
	}
	inline := el.value[16:]
	if len(inline) < pageHeaderSize {
		w.report("bucket %s: its inline page is cut short", where)
		return
	}
	flags, count := binary.LittleEndian.Uint16(inline[8:]), int(binary.LittleEndian.Uint16(inline[10:]))
	if flags != leafPageFlag {
		w.report("bucket %s: its inline page has flags %#x, not a leaf's", where, flags)
		return
	}
	w.elements(0, flags, count, inline, "bucket "+where, depth+1)
}

// account reports the pages that are neither in use nor free: bbolt's
// "unreachable unfreed".
func (w *walker) account() {
	for id, ok := range w.seen {
		if !ok {
			w.report("page %d is neither in use nor free", id)
		}
	}
}

func printableKey(k []byte) string {
	if len(k) > 40 {
		k = k[:40]
	}
	return fmt.Sprintf("%q", k)
}

// checkStructureLocked is checkStructure holding the file's shared lock,
// so that no other hone commits while it reads. A file bbolt cannot even
// open is one problem, said as Open says it.
func (s *Store) checkStructureLocked(full bool) ([]string, error) {
	if err := s.checkFile(); err != nil {
		return nil, err
	}
	var problems []string
	err := s.run(true, func(*bolt.DB) (err error) {
		problems, err = checkStructure(s.path, full)
		return err
	})
	if err != nil && errors.Is(err, ErrDamaged) {
		return []string{err.Error()}, nil
	}
	return problems, err
}
