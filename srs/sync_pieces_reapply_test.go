package srs

import (
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// A later sync that brings an event sorting before a large deck already
// taken in applies that deck again: in pieces as whole, the answers given
// here on it since stay.
func TestSyncEarlierEventAfterLargeDeckMatchesWhole(t *testing.T) {
	var stores []*Store
	for _, split := range []bool{false, true} {
		dir := t.TempDir()
		c := newClock(t0)
		a := openAt(t, filepath.Join(t.TempDir(), "a.db"), c)
		b := openAt(t, filepath.Join(t.TempDir(), "b.db"), c)
		d := openAt(t, filepath.Join(t.TempDir(), "d.db"), c)
		mustImport(t, b, testDeck("mine", 3), "# mine\n")
		c.Advance(time.Hour)
		laterStamps(t, a)
		mustImport(t, a, testDeck("big", 40, "x", "y"), strings.Repeat("# big\n", 10))
		mustAnswer(t, a, "big-1", Good, Review)
		mustSyncDir(t, a, dir)
		pieces := new(int)
		if split {
			pieces = smallPieces(b, nil)
		}
		mustSyncDir(t, b, dir)
		mustAnswer(t, b, "big-2", Again, Review)
		mustAnswer(t, b, "big-1", Hard, Review)
		c.Advance(time.Minute)
		// d's first events sort before a's large deck.
		// (A card of big in it would part the devices, whole as in
		// pieces, by their random ids: notes/claim_diverge_test.go.txt.)
		mustImport(t, d, testDeck("other", 3), "# other\n")
		mustSyncDir(t, d, dir)
		before := *pieces
		rep := mustSyncDir(t, b, dir)
		if split && *pieces == before {
			t.Errorf("the large deck was not applied again in pieces")
		}
		assertConsistent(t, b)
		if n := pendingCount(t, b); n != 0 {
			t.Errorf("split %v: %d changes left to apply (%+v)", split, n, rep)
		}
		mustSyncDir(t, a, dir)
		mustSyncDir(t, b, dir)
		sameCollections(t, a, b)
		stores = append(stores, b)
	}
	whole, split := stores[0], stores[1]
	sameCollections(t, whole, split)
	buckets := []string{bCards, bContent, bDue, bNew, bMembers, bNotes, bDecks, bSources, bOrphans, bBuried}
	assertSameRecords(t, "pieces vs whole", bucketRecords(t, split, buckets...), bucketRecords(t, whole, buckets...))
}
