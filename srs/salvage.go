package srs

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"io"
)

// salvage reads every record it can from a damaged file, with the page
// reader of the structure check, so that no page can crash it: a page that
// does not read is skipped, and what it held is reported lost.
type salvage struct {
	pr      pageReader
	seen    map[uint64]bool
	buckets map[string]map[string][]byte // top-level bucket → key → value
	lost    []string                     // pages or subtrees that did not read
}

// salvageFile reads the buckets of r from its current meta page or, when
// neither meta page is valid, from any whose pointers still make sense.
func salvageFile(r io.ReaderAt, size int64) (*salvage, error) {
	metas := readMetas(r, size)
	meta, err := currentMeta(metas)
	if err != nil {
		meta, err = plausibleMeta(r, size, metas)
		if err != nil {
			return nil, err
		}
	}
	sv := &salvage{pr: pageReader{r: r, meta: meta}, seen: map[uint64]bool{}, buckets: map[string]map[string][]byte{}}
	sv.top(meta.root, 0)
	return sv, nil
}

// plausibleMeta is a meta page that failed its checksum but points inside
// the file: the best there is when both are damaged.
func plausibleMeta(r io.ReaderAt, size int64, metas [2]boltMeta) (boltMeta, error) {
	for _, m := range metas {
		if m.pageSize >= 512 && m.pageSize <= 1<<16 && m.root >= 2 && m.root < m.high && int64(m.high)*int64(m.pageSize) <= size {
			m.err = ""
			return m, nil
		}
	}
	return boltMeta{}, fmt.Errorf("nothing can be read: %s", "both meta pages are damaged beyond use")
}

func (sv *salvage) lose(format string, args ...any) {
	if len(sv.lost) < maxProblems {
		sv.lost = append(sv.lost, fmt.Sprintf(format, args...))
	}
}

// page reads a page once; a page seen before is a loop, and is lost.
func (sv *salvage) page(id uint64, where string) ([]element, bool, bool) {
	if sv.seen[id] {
		sv.lose("%s: page %d is reached twice; skipped", where, id)
		return nil, false, false
	}
	sv.seen[id] = true
	flags, count, data, err := sv.pr.page(id, branchPageFlag|leafPageFlag)
	if err != nil {
		sv.lose("%s: %v; what it held is lost", where, err)
		return nil, false, false
	}
	els, err := elements(id, flags, count, data)
	if err != nil {
		sv.lose("%s: %v; what it held is lost", where, err)
		return nil, false, false
	}
	return els, flags&branchPageFlag != 0, true
}

// top walks the root tree, whose leaves are hone's buckets.
func (sv *salvage) top(id uint64, depth int) {
	if depth > maxTreeDepth {
		return
	}
	els, branch, ok := sv.page(id, "root")
	if !ok {
		return
	}
	for _, el := range els {
		switch {
		case branch:
			sv.top(el.child, depth+1)
		case el.flags&bucketLeafFlag != 0:
			name := string(el.key)
			if sv.buckets[name] == nil {
				sv.buckets[name] = map[string][]byte{}
			}
			sv.bucket(el.value, sv.buckets[name], "bucket "+printableKey(el.key))
		}
	}
}

// bucket reads a bucket's records, from its root page or its inline page.
func (sv *salvage) bucket(header []byte, into map[string][]byte, where string) {
	if len(header) < 16 {
		sv.lose("%s: its header is cut short; its records are lost", where)
		return
	}
	if root := binary.LittleEndian.Uint64(header); root != 0 {
		sv.records(root, into, where, 0)
		return
	}
	inline := header[16:]
	if len(inline) < pageHeaderSize || binary.LittleEndian.Uint16(inline[8:]) != leafPageFlag {
		sv.lose("%s: its inline page is damaged; its records are lost", where)
		return
	}
	els, err := elements(0, leafPageFlag, int(binary.LittleEndian.Uint16(inline[10:])), inline)
	if err != nil {
		sv.lose("%s: %v; its records are lost", where, err)
		return
	}
	sv.keep(els, into)
}

func (sv *salvage) records(id uint64, into map[string][]byte, where string, depth int) {
	if depth > maxTreeDepth {
		sv.lose("%s: deeper than %d levels; the rest is lost", where, maxTreeDepth)
		return
	}
	els, branch, ok := sv.page(id, where)
	if !ok {
		return
	}
	if !branch {
		sv.keep(els, into)
		return
	}
	for _, el := range els {
		sv.records(el.child, into, where, depth+1)
	}
}

func (sv *salvage) keep(els []element, into map[string][]byte) {
	for _, el := range els {
		if el.flags&bucketLeafFlag == 0 {
			into[string(el.key)] = bytes.Clone(el.value)
		}
	}
}
