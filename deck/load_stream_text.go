package deck

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"hash"
	"io"
	"io/fs"
)

// ErrChanged is the error of a file that changed while it was imported.
var ErrChanged = errors.New("the file changed while it was imported; import it again")

// Text is the text of source i as Load gives it in Source.Text, read from
// its files again: a merged source's files each after a "<!-- file: -->"
// line. A source with files in it is checked against the hash Scan
// took: the reader fails with ErrChanged at its end if a file changed.
func (plan *Plan) Text(i int) io.ReadCloser {
	h := &plan.Heads[i]
	t := &textReader{fsys: plan.fsys, parts: textParts(h.parts)}
	for _, pt := range h.parts {
		if pt.pkg == nil {
			t.sum, t.want = sha256.New(), h.Deck.Hash
		}
	}
	return t
}

// textParts are the pieces of a source's text, in order.
func textParts(parts []part) []textPart {
	if len(parts) == 1 {
		return []textPart{partText(parts[0])}
	}
	var out []textPart
	for j, pt := range parts {
		sep := "\n<!-- file: " + pt.display() + " -->\n"
		if j == 0 {
			sep = sep[1:]
		}
		out = append(out, textPart{text: []byte(sep)}, partText(pt))
	}
	return out
}

func partText(pt part) textPart {
	switch {
	case pt.hone != nil:
		return textPart{file: pt.hone.path}
	case pt.pkg != nil:
		return textPart{} // a package's decks have no text
	}
	return textPart{file: pt.whole.path}
}

// textPart is text in memory, or a file to read.
type textPart struct {
	text []byte
	file string
}

// textReader reads a source's text parts one after another, opening each
// file only when it comes to it.
type textReader struct {
	fsys  fs.FS
	parts []textPart
	cur   io.Reader
	f     fs.File
	sum   hash.Hash // nil: not checked
	want  string
}

func (t *textReader) Read(b []byte) (int, error) {
	for {
		if t.cur == nil {
			if len(t.parts) == 0 {
				return 0, t.check()
			}
			if err := t.open(); err != nil {
				return 0, err
			}
		}
		n, err := t.cur.Read(b)
		if t.sum != nil {
			t.sum.Write(b[:n])
		}
		if err == io.EOF {
			t.closeFile()
			t.cur = nil
			err = nil
		}
		if n > 0 || err != nil {
			return n, err
		}
	}
}

func (t *textReader) open() error {
	pt := t.parts[0]
	t.parts = t.parts[1:]
	if pt.file == "" {
		t.cur = bytes.NewReader(pt.text)
		return nil
	}
	f, _, problem := openBounded(t.fsys, pt.file)
	if problem != "" {
		return ErrChanged
	}
	t.f, t.cur = f, io.LimitReader(f, MaxFileSize+1)
	return nil
}

// check is the end of the text: io.EOF, or ErrChanged when its hash is not
// the one Scan took.
func (t *textReader) check() error {
	if t.sum != nil {
		if hex.EncodeToString(t.sum.Sum(nil)[:16]) != t.want {
			return ErrChanged
		}
		t.sum = nil
	}
	return io.EOF
}

func (t *textReader) closeFile() {
	if t.f != nil {
		t.f.Close()
		t.f = nil
	}
}

func (t *textReader) Close() error {
	t.closeFile()
	t.parts = nil
	return nil
}

// hashFile is SourceHash of a file's text, read through the size limit.
func hashFile(fsys fs.FS, p string) (string, error) {
	return hashText(&textReader{fsys: fsys, parts: []textPart{{file: p}}})
}

// hashText is SourceHash of what r reads.
func hashText(r io.ReadCloser) (string, error) {
	defer r.Close()
	sum := sha256.New()
	if _, err := io.Copy(sum, r); err != nil {
		return "", err
	}
	return hex.EncodeToString(sum.Sum(nil)[:16]), nil
}
