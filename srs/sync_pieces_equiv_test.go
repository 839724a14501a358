package srs

import (
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// piecesScenario is rounds of changes on device a, each followed by a sync
// of a and then of b.
type piecesScenario struct {
	name   string
	rounds []func(t *testing.T, a *Store, c *clock)
}

func runPiecesScenario(t *testing.T, sc piecesScenario) {
	var stores []*Store
	for _, split := range []bool{false, true} {
		dir := t.TempDir()
		c := newClock(t0)
		a := openAt(t, filepath.Join(t.TempDir(), "a.db"), c)
		b := openAt(t, filepath.Join(t.TempDir(), "b.db"), c)
		mustImport(t, b, testDeck("mine", 3), "# mine\n")
		c.Advance(time.Hour)
		laterStamps(t, a)
		if split {
			smallPieces(b, nil)
		}
		for _, r := range sc.rounds {
			r(t, a, c)
			mustSyncDir(t, a, dir)
			mustSyncDir(t, b, dir)
			assertConsistent(t, b)
			c.Advance(time.Minute)
		}
		if n := pendingCount(t, b); n != 0 {
			t.Errorf("split %v: %d changes left to apply", split, n)
		}
		stores = append(stores, b)
	}
	whole, split := stores[0], stores[1]
	sameCollections(t, whole, split)
	buckets := []string{bCards, bContent, bDue, bNew, bMembers, bNotes, bDecks, bSources, bOrphans, bBuried}
	assertSameRecords(t, "pieces vs whole", bucketRecords(t, split, buckets...), bucketRecords(t, whole, buckets...))
	dw, _ := whole.Decks()
	ds, _ := split.Decks()
	if len(dw) != len(ds) {
		t.Errorf("decks whole %+v, pieces %+v", dw, ds)
	}
	for i := range min(len(dw), len(ds)) {
		if dw[i].Name != ds[i].Name || dw[i].Cards != ds[i].Cards {
			t.Errorf("deck %d: whole %+v, pieces %+v", i, dw[i], ds[i])
		}
	}
}

// importBig imports, on device a, deck big of n cards, its third card's back
// changed to extra when extra is not "".
func importBig(n int, extra string) func(t *testing.T, a *Store, c *clock) {
	return func(t *testing.T, a *Store, c *clock) {
		d := testDeck("big", n, "x", "y")
		if extra != "" {
			d.Cards[2].Back = extra
			rehash(&d)
		}
		mustImport(t, a, d, strings.Repeat("# big "+extra+"\n", 10))
	}
}

func runPiecesScenarios(t *testing.T, scenarios []piecesScenario) {
	for _, sc := range scenarios {
		t.Run(sc.name, func(t *testing.T) { runPiecesScenario(t, sc) })
	}
}

// Received deck changes end the same applied in pieces as whole.
func TestSyncPiecesMatchWholeDeckChanges(t *testing.T) {
	runPiecesScenarios(t, []piecesScenario{

		{"reimport changed", []func(*testing.T, *Store, *clock){
			importBig(40, ""),
			func(t *testing.T, a *Store, c *clock) {
				mustAnswer(t, a, "big-1", Good, Review)
				importBig(30, "changed")(t, a, c)
			},
		}},
		{"large then removed", []func(*testing.T, *Store, *clock){
			func(t *testing.T, a *Store, c *clock) {
				importBig(40, "")(t, a, c)
				mustAnswer(t, a, "big-5", Good, Review)
				if _, err := a.RemoveDeck("big"); err != nil {
					t.Fatal(err)
				}
			},
		}},
		{"two large decks", []func(*testing.T, *Store, *clock){
			func(t *testing.T, a *Store, c *clock) {
				importBig(40, "")(t, a, c)
				d := testDeck("big2", 25, "z")
				mustImport(t, a, d, "# big2\n")
				mustAnswer(t, a, "big2-3", Good, Review)
			},
		}},
		{"large in second round", []func(*testing.T, *Store, *clock){
			func(t *testing.T, a *Store, c *clock) {
				mustImport(t, a, testDeck("small", 3), "# small\n")
			},
			func(t *testing.T, a *Store, c *clock) {
				importBig(40, "")(t, a, c)
				mustAnswer(t, a, "small-1", Good, Review)
				if err := a.SetHidden("small", true); err != nil {
					t.Fatal(err)
				}
			},
		}},
	})
}

// Received scheduler switches, renames and later rounds end the same
// applied in pieces as whole.
func TestSyncPiecesMatchWholeScenarios(t *testing.T) {
	runPiecesScenarios(t, []piecesScenario{
		{"scheduler switch before and after", []func(*testing.T, *Store, *clock){
			func(t *testing.T, a *Store, c *clock) {
				useScheduler(t, a, SchedulerSettings{Name: SchedulerFSRS, Retention: 0.9})
				importBig(40, "")(t, a, c)
				mustAnswer(t, a, "big-5", Again, Review)
				useScheduler(t, a, SchedulerSettings{Name: SchedulerSM2})
				mustAnswer(t, a, "big-6", Good, Review)
			},
		}},
		{"renamed same source", []func(*testing.T, *Store, *clock){
			importBig(40, ""),
			func(t *testing.T, a *Store, c *clock) {
				d := testDeck("big", 35, "x", "y")
				d.Name = "bigger"
				for i := range d.Cards {
					d.Cards[i].Deck = "bigger"
				}
				rehash(&d)
				if _, err := a.Import([]ImportItem{{Deck: d, Source: "/notes/big.md", Text: []byte("# bigger\n")}}, false); err != nil {
					t.Fatal(err)
				}
				mustAnswer(t, a, "big-2", Good, Review)
			},
		}},
		{"switch to FSRS after, answers before and after", []func(*testing.T, *Store, *clock){
			func(t *testing.T, a *Store, c *clock) {
				importBig(40, "")(t, a, c)
				mustAnswer(t, a, "big-5", Again, Review)
				mustAnswer(t, a, "big-9", Good, Review)
				useScheduler(t, a, SchedulerSettings{Name: SchedulerFSRS, Retention: 0.85})
				mustAnswer(t, a, "big-5", Good, Review)
				mustAnswer(t, a, "pad1-1", Good, Review)
			},
			func(t *testing.T, a *Store, c *clock) {
				mustAnswer(t, a, "big-9", Hard, Review)
				importBig(42, "more")(t, a, c)
			},
		}},
		{"two versions, removed and back in one sync", []func(*testing.T, *Store, *clock){
			func(t *testing.T, a *Store, c *clock) {
				importBig(40, "")(t, a, c)
				mustAnswer(t, a, "big-3", Good, Review)
				importBig(30, "v2")(t, a, c)
				mustAnswer(t, a, "big-4", Again, Review)
				if _, err := a.RemoveDeck("big"); err != nil {
					t.Fatal(err)
				}
				importBig(45, "v3")(t, a, c)
			},
		}},
	})
}
