package deck

import (
	"crypto/sha256"
	"encoding/hex"
	"hash"
	"runtime"
	"strings"
)

// keptText is the text of a file as it is read. Unlike a bytes.Buffer,
// whose growing clears the room it takes, it leaves the pages of a big
// file's room untouched until they are filled. A streamed load's text is
// kept as a string instead, hashed as it is read, so that parsing it
// needs no copy, and is not kept in its Source.
type keptText struct {
	b   []byte
	str *strings.Builder // nil: the text is b
	sum hash.Hash
}

// collectBefore is the size of a streamed file past which the garbage is
// collected before its text is read.
const collectBefore = 8 << 20

func newKeptText(size int64, asString bool) *keptText {
	if !asString {
		return &keptText{b: make([]byte, 0, size+1)}
	}
	if size > collectBefore {
		// The text of the file read before, Scan's parse of this one
		// say, is dead by now but may not be collected before this
		// one takes its room: two would then sit in memory at once.
		runtime.GC()
	}
	t := &keptText{str: &strings.Builder{}, sum: sha256.New()}
	t.str.Grow(int(size) + 1)
	return t
}

func (t *keptText) Write(p []byte) (int, error) {
	if t.str != nil {
		t.sum.Write(p)
		return t.str.Write(p)
	}
	t.b = append(t.b, p...)
	return len(p), nil
}

func (t *keptText) len() int {
	if t.str != nil {
		return t.str.Len()
	}
	return len(t.b)
}

// text is the text to parse and its SourceHash. A string's text is let go
// of here: it is the parser's.
func (t *keptText) text() (string, string) {
	if t.str == nil {
		return string(t.b), SourceHash(t.b)
	}
	s := t.str.String()
	t.str = nil
	return s, hex.EncodeToString(t.sum.Sum(nil)[:16])
}
