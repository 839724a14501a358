package srs

import "testing"

// FuzzChunkRecords covers the decoders schema v6 added: a chunk head, and
// a blobs record that is a head or a whole blob.
func FuzzChunkRecords(f *testing.F) {
	sum := blobHash([]byte("x"))
	f.Add(byte(0), encodeChunkHead(chunkHead{set: 3, length: chunkSize + 1, count: 2, sum: sum}))
	f.Add(byte(0), encodeChunkHead(chunkHead{set: 1, sum: sum}))
	f.Add(byte(1), encodeChunkHead(chunkHead{set: 9, length: 5, count: 1, sum: sum}))
	f.Add(byte(1), encodeBlob(testDeck("d", 2, "t"), []byte("text")))
	f.Fuzz(func(t *testing.T, which byte, b []byte) {
		switch which % 2 {
		case 0:
			h, err := decodeChunkHead(b)
			if err != nil {
				return
			}
			again, err := decodeChunkHead(encodeChunkHead(h))
			if err != nil || again != h {
				t.Fatalf("head %+v: again %+v, %v", h, again, err)
			}
			if h.set == 0 || uint64(h.count)*chunkSize < h.length || (h.count > 0 && uint64(h.count-1)*chunkSize >= h.length) {
				t.Fatalf("head %+v accepted", h)
			}
		case 1:
			err := validBlobRecord(b)
			if _, herr := decodeChunkHead(b); len(b) > 0 && b[0] == chunkHeadMark && (err == nil) != (herr == nil) {
				t.Fatalf("head: %v, as a blob record: %v", herr, err)
			}
		}
	})
}
