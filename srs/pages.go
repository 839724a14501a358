package srs

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"hash/fnv"
	"io"
)

// hone checks the structure of its file itself, reading bbolt's on-disk
// format with ReadAt in the calling goroutine. bbolt's own Tx.Check walks
// the mapped file in a goroutine of its own, where a damaged page faults
// and kills the process; a read that goes wrong here is an error, never a
// fault. The layout read below is bbolt v1's, in little-endian byte order
// (every platform hone is built for).
const (
	boltMagic        = 0xED0CDAED
	boltVersion      = 2
	pageHeaderSize   = 16
	elementSize      = 16
	branchPageFlag   = 0x01
	leafPageFlag     = 0x02
	metaPageFlag     = 0x04
	freelistPageFlag = 0x10
	bucketLeafFlag   = 0x01
	noFreelist       = ^uint64(0)
	maxTreeDepth     = 64
)

// boltMeta is one of the two meta pages: the root of everything.
type boltMeta struct {
	page                 int
	pageSize             int
	root, freelist, high uint64 // high: the first page past the data
	txid                 uint64
	err                  string // why the page is not a valid meta, or ""
}

// readMetas reads both meta pages. bbolt uses the valid one with the higher
// transaction id.
func readMetas(r io.ReaderAt, size int64) [2]boltMeta {
	var metas [2]boltMeta
	metas[0] = readMeta(r, size, 0, 0)
	pageSize := metas[0].pageSize
	if metas[0].err != "" {
		pageSize = 4096
	}
	metas[1] = readMeta(r, size, 1, int64(pageSize))
	return metas
}

func readMeta(r io.ReaderAt, size int64, page int, off int64) boltMeta {
	m := boltMeta{page: page}
	buf := make([]byte, pageHeaderSize+64)
	if _, err := r.ReadAt(buf, off); err != nil {
		m.err = "cannot be read (the file is too short)"
		return m
	}
	le := binary.LittleEndian
	b := buf[pageHeaderSize:]
	m.pageSize = int(le.Uint32(b[8:]))
	m.root, m.freelist, m.high, m.txid = le.Uint64(b[16:]), le.Uint64(b[32:]), le.Uint64(b[40:]), le.Uint64(b[48:])
	h := fnv.New64a()
	h.Write(b[:56])
	switch {
	case le.Uint16(buf[8:])&metaPageFlag == 0:
		m.err = "is not a meta page"
	case le.Uint32(b) != boltMagic:
		m.err = "has no bbolt magic number"
	case le.Uint32(b[4:]) != boltVersion:
		m.err = fmt.Sprintf("has format version %d, not %d", le.Uint32(b[4:]), boltVersion)
	case h.Sum64() != le.Uint64(b[56:]):
		m.err = "fails its checksum"
	case m.pageSize < 512 || m.pageSize > 1<<16 || m.pageSize&(m.pageSize-1) != 0:
		m.err = fmt.Sprintf("has an impossible page size %d", m.pageSize)
	case m.high < 3 || m.root < 2 || m.root >= m.high || (m.freelist != noFreelist && (m.freelist < 2 || m.freelist >= m.high)):
		m.err = fmt.Sprintf("points outside the file's pages (root %d, freelist %d, %d pages)", m.root, m.freelist, m.high)
	case int64(m.high)*int64(m.pageSize) > size:
		m.err = fmt.Sprintf("needs %d bytes but the file has %d (truncated?)", int64(m.high)*int64(m.pageSize), size)
	}
	return m
}

// currentMeta is the meta bbolt opens the file with, or an error when
// neither is valid.
func currentMeta(metas [2]boltMeta) (boltMeta, error) {
	a, b := metas[0], metas[1]
	switch {
	case a.err == "" && (b.err != "" || a.txid >= b.txid):
		return a, nil
	case b.err == "":
		return b, nil
	}
	return a, fmt.Errorf("both meta pages are damaged: page 0 %s; page 1 %s", a.err, b.err)
}

// pageReader reads whole pages of one file, checking their headers.
type pageReader struct {
	r    io.ReaderAt
	meta boltMeta
}

// page reads page id with its overflow pages, and checks that its header
// names it, has one of the flags in want, and fits in the file.
func (pr pageReader) page(id uint64, want uint16) (flags uint16, count int, data []byte, err error) {
	ps := int64(pr.meta.pageSize)
	if id < 2 || id >= pr.meta.high {
		return 0, 0, nil, fmt.Errorf("page %d is outside the file's %d pages", id, pr.meta.high)
	}
	head := make([]byte, pageHeaderSize)
	if _, err := pr.r.ReadAt(head, int64(id)*ps); err != nil {
		return 0, 0, nil, fmt.Errorf("page %d cannot be read: %v", id, err)
	}
	le := binary.LittleEndian
	flags, count, overflow := le.Uint16(head[8:]), int(le.Uint16(head[10:])), uint64(le.Uint32(head[12:]))
	switch {
	case le.Uint64(head) != id:
		return 0, 0, nil, fmt.Errorf("page %d has the header of page %d", id, le.Uint64(head))
	case flags&want == 0 || flags&^want != 0:
		return 0, 0, nil, fmt.Errorf("page %d has flags %#x where %#x belongs", id, flags, want)
	case id+overflow >= pr.meta.high:
		return 0, 0, nil, fmt.Errorf("page %d runs %d pages past the end of the file's %d pages", id, id+overflow+1-pr.meta.high, pr.meta.high)
	}
	data = make([]byte, int64(overflow+1)*ps)
	if _, err := pr.r.ReadAt(data, int64(id)*ps); err != nil {
		return 0, 0, nil, fmt.Errorf("page %d cannot be read: %v", id, err)
	}
	return flags, count, data, nil
}

// element is one key of a branch or leaf page.
type element struct {
	flags uint32
	key   []byte
	value []byte // leaf: the value; branch: nil
	child uint64 // branch: the page below
}

// elements decodes the count elements of a page held in data, checking
// that each lies inside the page and that the keys ascend.
func elements(id uint64, flags uint16, count int, data []byte) ([]element, error) {
	le := binary.LittleEndian
	if pageHeaderSize+count*elementSize > len(data) {
		return nil, fmt.Errorf("page %d claims %d elements, more than it can hold", id, count)
	}
	out := make([]element, 0, count)
	for i := range count {
		at := pageHeaderSize + i*elementSize
		e := data[at : at+elementSize]
		var el element
		var start, klen, vlen int
		if flags&branchPageFlag != 0 {
			start, klen, el.child = at+int(le.Uint32(e)), int(le.Uint32(e[4:])), le.Uint64(e[8:])
		} else {
			el.flags = le.Uint32(e)
			start, klen, vlen = at+int(le.Uint32(e[4:])), int(le.Uint32(e[8:])), int(le.Uint32(e[12:]))
		}
		if el.flags&^bucketLeafFlag != 0 {
			return nil, fmt.Errorf("page %d: element %d has unknown flags %#x", id, i, el.flags)
		}
		if start < at || start+klen+vlen > len(data) || klen+vlen < 0 {
			return nil, fmt.Errorf("page %d: element %d lies outside the page", id, i)
		}
		el.key = data[start : start+klen]
		if flags&leafPageFlag != 0 {
			el.value = data[start+klen : start+klen+vlen]
		}
		if len(out) > 0 && bytes.Compare(out[len(out)-1].key, el.key) >= 0 {
			return nil, fmt.Errorf("page %d: keys out of order at element %d", id, i)
		}
		out = append(out, el)
	}
	return out, nil
}
