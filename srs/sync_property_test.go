package srs

import (
	"errors"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/hone-srs/hone/deck"
)

var (
	syncSteps = flag.Int("sync-steps", 600, "random steps in TestSyncConverges")
	syncSeed  = flag.Uint64("sync-seed", 0, "seed of TestSyncConverges (0: from the clock)")
	syncEach  = flag.Bool("sync-check-each", false, "TestSyncConverges checks every collection after every step")
)

// syncPeer is one collection of the property test.
type syncPeer struct {
	name  string
	path  string
	clock *clock
	s     *Store
	mine  []uint64 // seqs of its answers, for undo
}

// variants are the decks the collections import, and import again.
func syncDeckVariants() map[string]deck.Deck {
	v1 := testDeck("shared", 8, "a", "b")
	v2 := testDeck("shared", 12, "a", "b", "c")
	v2.Cards = v2.Cards[2:]
	v2.Cards[1].Back = "a changed back"
	rehash(&v2)
	other := testDeck("other", 6, "x")
	moved := testDeck("moved", 3, "y")
	moved.Cards = append(moved.Cards, other.Cards[0]) // a card that changes deck
	moved.Cards[3].Deck = "moved"
	rehash(&moved)
	return map[string]deck.Deck{"shared-v1": v1, "shared-v2": v2, "other": other, "moved": moved}
}

// TestSyncConverges runs three collections over one sync folder through a
// random interleaving of answers, drills, undos, imports, removals,
// hiding, scheduler switches, clock changes, syncs and syncs killed part
// way, on clocks hours apart. After a final round of syncs every
// collection holds the same states, counters and decks, check finds
// nothing wrong, every entry is in every log exactly once, and syncing
// again changes nothing.
func TestSyncConverges(t *testing.T) {
	seed := *syncSeed
	if seed == 0 {
		seed = uint64(time.Now().UnixNano())
	}
	t.Logf("seed %d (rerun with -sync-seed %d)", seed, seed)
	r := rand.New(rand.NewPCG(seed, 14))
	dir := t.TempDir()
	builtin := testDeck("builtin", 6, "core")
	var peers []*syncPeer
	for i, skew := range []time.Duration{0, -3 * time.Hour, 5*time.Hour + 17*time.Minute} {
		p := &syncPeer{name: string(rune('A' + i)), path: filepath.Join(t.TempDir(), "hone.db"), clock: newClock(t0.Add(skew))}
		p.s = openAt(t, p.path, p.clock)
		if _, err := p.s.SyncDeck(builtin, "builtin:builtin.md", true); err != nil {
			t.Fatal(err)
		}
		peers = append(peers, p)
	}
	variants := syncDeckVariants()
	names := sortedKeys(variants)
	ids := cardIDs(variants, builtin)
	killed := 0
	var acked []EntryID
	for step := range *syncSteps {
		p := peers[r.IntN(len(peers))]
		if err := syncStep(t, r, p, dir, variants, names, ids); err != nil {
			t.Fatalf("step %d (%s): %v", step, p.name, err)
		}
		if r.IntN(60) == 0 {
			acked = append(acked, killSync(t, r, p, dir)...)
			killed++
		}
		if *syncEach {
			if problems, _ := p.s.Check(); len(problems) > 0 {
				t.Fatalf("step %d (%s): %v", step, p.name, problems)
			}
		}
	}
	for range 2 {
		for _, p := range peers {
			mustSyncDir(t, p.s, dir)
		}
	}
	for _, p := range peers[1:] {
		sameCollections(t, peers[0].s, p.s)
	}
	want := entryIDs(t, peers[0].s)
	for _, p := range peers {
		assertConsistent(t, p.s)
		if got := entryIDs(t, p.s); !sameIDs(got, want) {
			t.Errorf("%s: %d entries, %s has %d", p.name, len(got), peers[0].name, len(want))
		}
	}
	for _, id := range acked {
		if _, ok := want[id]; !ok {
			t.Errorf("entry %s, stored by a child before it was killed, is lost", id)
		}
	}
	for _, p := range peers {
		if rep := mustSyncDir(t, p.s, dir); rep.Sent != 0 || len(rep.From) != 0 {
			t.Errorf("%s: syncing again: %+v", p.name, rep)
		}
	}
	for _, p := range peers[1:] {
		sameCollections(t, peers[0].s, p.s)
	}
	t.Logf("%d steps, %d entries, %d syncs killed (%d entries stored by killed children)", *syncSteps, len(want), killed, len(acked))
}

func cardIDs(variants map[string]deck.Deck, builtin deck.Deck) []string {
	seen := map[string]bool{}
	var out []string
	for _, d := range append([]deck.Deck{builtin}, mapValues(variants)...) {
		for _, c := range d.Cards {
			if !seen[c.ID] {
				seen[c.ID] = true
				out = append(out, c.ID)
			}
		}
	}
	return out
}

func mapValues(m map[string]deck.Deck) []deck.Deck {
	var out []deck.Deck
	for _, k := range sortedKeys(m) {
		out = append(out, m[k])
	}
	return out
}

// syncStep does one random thing to a collection.
func syncStep(t *testing.T, r *rand.Rand, p *syncPeer, dir string, variants map[string]deck.Deck, names, ids []string) error {
	s := p.s
	n := r.IntN(100)
	if *syncEach {
		t.Logf("%s op %d", p.name, n)
	}
	switch {
	case n < 40:
		kind := Review
		if r.IntN(6) == 0 {
			kind = Drill
		}
		res, err := s.Answer(ids[r.IntN(len(ids))], Grades[r.IntN(4)], kind, time.Second)
		if errors.Is(err, ErrUnknownCard) {
			return nil
		}
		if err == nil {
			p.mine = append(p.mine, res.Seq)
		}
		return err
	case n < 45:
		// Undo a card's latest answer, whoever gave it.
		var last uint64
		err := s.view(func(tx *txn) error {
			r, err := tx.card(ids[r.IntN(len(ids))])
			if r != nil {
				last = r.LastSeq
			}
			return err
		})
		if err != nil || last == 0 {
			return err
		}
		if _, err := s.Undo(last); err != nil && !errors.Is(err, ErrCannotUndo) {
			return err
		}
	case n < 48:
		if len(p.mine) == 0 {
			return nil
		}
		seq := p.mine[len(p.mine)-1]
		p.mine = p.mine[:len(p.mine)-1]
		if _, err := s.Undo(seq); err != nil && !errors.Is(err, ErrCannotUndo) {
			return err
		}
	case n < 54:
		v := variants[names[r.IntN(len(names))]]
		_, err := s.Import([]ImportItem{{Deck: v, Source: "/" + p.name + "/" + v.Name + ".md", Text: []byte("# " + v.Name)}}, false)
		if err != nil && !strings.Contains(err.Error(), "is used by deck") {
			return err
		}
	case n < 56:
		_, err := s.RemoveDeck([]string{"shared", "other", "moved"}[r.IntN(3)])
		if err != nil && !strings.Contains(err.Error(), "there is no deck") {
			return err
		}
	case n < 58:
		err := s.SetHidden([]string{"shared", "other", "moved"}[r.IntN(3)], r.IntN(2) == 0)
		if err != nil && !strings.Contains(err.Error(), "there is no deck") {
			return err
		}
	case n < 59:
		c := DefaultSettings()
		if r.IntN(2) == 0 {
			c = SchedulerSettings{Name: SchedulerFSRS, Retention: []float64{0.85, 0.9}[r.IntN(2)]}
		}
		_, err := s.SetScheduler(c)
		return err
	case n < 68:
		_, err := s.Sync(dir)
		return err
	case n < 74:
		return syncMark(r, p, ids)
	case n < 90:
		p.clock.Advance(time.Duration(r.IntN(90)) * time.Minute)
	default:
		p.clock.Advance(time.Duration(1+r.IntN(3)) * 24 * time.Hour)
	}
	return nil
}

// syncMark makes one of the user's changes to a random card: suspend,
// bury, flag, reset and their undoing travel like answers.
func syncMark(r *rand.Rand, p *syncPeer, ids []string) error {
	m := Mark{Kind: Suspend + EntryKind(r.IntN(int(Reset-Suspend)+1))}
	switch m.Kind {
	case Bury:
		m.Until = DayOf(p.clock.Now()).Add(1 + r.IntN(3))
	case SetFlag:
		m.Flag = Flag(r.IntN(int(maxFlag) + 1))
	}
	res, err := p.s.Mark(ids[r.IntN(len(ids))], m)
	switch {
	case errors.Is(err, ErrUnknownCard) || errors.Is(err, ErrNoChange):
		return nil
	case err == nil:
		p.mine = append(p.mine, res.Seq)
	}
	return err
}

// entryIDs counts each entry identity in a collection's log.
func entryIDs(t testing.TB, s *Store) map[EntryID]int {
	t.Helper()
	out := map[EntryID]int{}
	err := s.view(func(tx *txn) error {
		return tx.forEachEntry(func(e Entry) error {
			out[e.ID]++
			return nil
		})
	})
	if err != nil {
		t.Fatal(err)
	}
	for id, n := range out {
		if n != 1 {
			t.Errorf("%s: entry %s logged %d times", s.Path(), id, n)
		}
	}
	return out
}

func sameIDs(a, b map[EntryID]int) bool {
	if len(a) != len(b) {
		return false
	}
	for id := range a {
		if _, ok := b[id]; !ok {
			return false
		}
	}
	return true
}

// killSync runs a hone on the collection's file in a child process that
// answers and syncs until it is killed with SIGKILL at a random moment,
// and returns the entries the child reported as done; or, one time in
// three, it stands in for a write cut short by appending part of a record
// to the collection's segment.
func killSync(t *testing.T, r *rand.Rand, p *syncPeer, dir string) []EntryID {
	t.Helper()
	if r.IntN(3) == 0 {
		if _, err := p.s.Sync(dir); err != nil {
			t.Fatal(err)
		}
		tearOwnSegment(t, r, filepath.Join(dir, deviceOf(t, p.s).String()))
		return nil
	}
	cmd := exec.Command(os.Args[0], "-test.run=^TestSyncChild$", "-test.count=1")
	cmd.Env = append(os.Environ(), syncChildEnv+"="+p.path, "HONE_SYNC_CHILD_DIR="+dir,
		fmt.Sprintf("HONE_SYNC_CHILD_TIME=%d", p.clock.Now().Unix()), fmt.Sprintf("HONE_SYNC_CHILD_SEED=%d", r.Uint64()))
	var out, stderr strings.Builder
	cmd.Stdout, cmd.Stderr = &out, &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	time.Sleep(time.Duration(20+r.IntN(200)) * time.Millisecond)
	cmd.Process.Signal(syscall.SIGKILL)
	cmd.Wait()
	if strings.Contains(stderr.String(), "child:") {
		t.Fatalf("child: %s", stderr.String())
	}
	lines := strings.Split(out.String(), "\n")
	var acked []EntryID
	for _, l := range lines[:len(lines)-1] { // the last may be cut off
		var dev string
		var id EntryID
		if _, err := fmt.Sscanf(l, "A %s %d", &dev, &id.Counter); err == nil {
			id.Device, _ = ParseDeviceID(dev)
			acked = append(acked, id)
		}
	}
	p.clock.Set(p.clock.Now().Add(time.Duration(len(lines)) * 5 * time.Minute))
	p.mine = nil
	return acked
}

const syncChildEnv = "HONE_SYNC_CHILD"

// TestSyncChild is the child of killSync: it answers a collection's cards
// and syncs it now and then, with real fsyncs, printing each entry once it
// is stored, until it is killed.
func TestSyncChild(t *testing.T) {
	path := os.Getenv(syncChildEnv)
	if path == "" {
		t.Skip("only run as a child of TestSyncConverges")
	}
	fail := func(err error) {
		fmt.Fprintln(os.Stderr, "child:", err)
		os.Exit(3)
	}
	seed, _ := strconv.ParseUint(os.Getenv("HONE_SYNC_CHILD_SEED"), 10, 64)
	start, _ := strconv.ParseInt(os.Getenv("HONE_SYNC_CHILD_TIME"), 10, 64)
	r := rand.New(rand.NewPCG(seed, 2))
	c := newClock(time.Unix(start, 0).UTC())
	s, err := Open(path, Options{Clock: c.Now})
	if err != nil {
		fail(err)
	}
	cards, err := s.Cards()
	if err != nil {
		fail(err)
	}
	ids := sortedKeys(cards)
	for i := 0; ; i++ {
		c.Advance(5 * time.Minute)
		if len(ids) > 0 {
			res, err := s.Answer(ids[r.IntN(len(ids))], Grades[r.IntN(4)], Review, time.Second)
			if err == nil {
				fmt.Printf("A %s %d\n", res.ID.Device, res.ID.Counter)
			} else if !errors.Is(err, ErrUnknownCard) {
				fail(err)
			}
		}
		if i%3 == 0 {
			if _, err := s.Sync(os.Getenv("HONE_SYNC_CHILD_DIR")); err != nil {
				fail(err)
			}
		}
	}
}

// tearOwnSegment appends part of a record to a device's latest segment, as
// a write cut short would leave it.
func tearOwnSegment(t testing.TB, r *rand.Rand, own string) {
	t.Helper()
	names, err := ownSegmentNames(own)
	if err != nil || len(names) == 0 {
		return
	}
	torn := appendRecord(nil, recEntry, []byte(fmt.Sprintf("%x", r.Uint64())))
	appendFile(t, filepath.Join(own, names[len(names)-1]), torn[:1+r.IntN(len(torn)-1)])
}

func appendFile(t testing.TB, path string, b []byte) {
	t.Helper()
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_APPEND, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if _, err := f.Write(b); err != nil {
		t.Fatal(err)
	}
}
