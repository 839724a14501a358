package srs

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
)

// SyncReport says what a sync through a folder did.
type SyncReport struct {
	// From lists, per device that sent something, what came in.
	From []DeviceChanges
	// Sent is how many records (entries and events) this device wrote.
	Sent int
	// Problems are files or changes that could not be taken in, one line
	// each; the rest was synced.
	Problems []string
	// TookIn are the large decks from other devices this sync finished
	// taking in, in pieces once the rest was done (sync_pending.go).
	TookIn []PendingDeck
}

// DeviceChanges is what a sync took in from one device.
type DeviceChanges struct {
	Device  DeviceID
	Name    string
	Answers int // reviews, repeats, early reviews and drills
	Other   int // undos and other changes of cards
	Events  int // deck imports and removals, scheduler switches, names
}

// Summary is the report in a few words: "synced 12 answers from desktop".
func (r SyncReport) Summary() string {
	var parts []string
	named := r.sentBy()
	for _, d := range r.From {
		var what []string
		if d.Answers > 0 {
			what = append(what, plural(d.Answers, "answer"))
		}
		if d.Other > 0 {
			what = append(what, plural(d.Other, "other change"))
		}
		if d.Events > 0 {
			what = append(what, plural(d.Events, "deck or setting change"))
		}
		if len(what) == 0 {
			continue
		}
		from := d.Label()
		if named[from] > 1 {
			from += " (" + d.Device.String() + ")"
		}
		parts = append(parts, strings.Join(what, " and ")+" from "+from)
	}
	if len(parts) == 0 {
		return ""
	}
	return "synced " + strings.Join(parts, ", ")
}

// sentBy counts, by label, the devices that sent something: two of one
// name are told apart by their ids.
func (r SyncReport) sentBy() map[string]int {
	n := map[string]int{}
	for _, d := range r.From {
		if d.Answers+d.Other+d.Events > 0 {
			n[d.Label()]++
		}
	}
	return n
}

// Label is how a device is shown: its name, or its id.
func (d DeviceChanges) Label() string {
	if d.Name != "" {
		return d.Name
	}
	return d.Device.String()
}

func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return fmt.Sprintf("%d %ss", n, word)
}

// Sync syncs the collection through a folder that a sync engine (or git)
// carries between machines: it takes in what the other devices wrote there
// since the last sync, then writes this device's new entries and events
// into its own files. Reading happens outside any lock and the changes go
// in by chunks, each in a short transaction, so reviews go on meanwhile.
func (s *Store) Sync(dir string) (SyncReport, error) {
	var rep SyncReport
	abs, err := filepath.Abs(dir)
	if err != nil {
		return rep, fmt.Errorf("sync folder %s: %w", dir, err)
	}
	fi, err := os.Stat(abs)
	if err != nil {
		return rep, folderError(abs, err)
	}
	if !fi.IsDir() {
		return rep, fmt.Errorf("sync folder %s is not a folder", abs)
	}
	if err := s.syncShared(abs, &rep); err != nil {
		return rep, err
	}
	// Large decks from other devices go in pieces, under the import lock
	// the sync no longer shares.
	if err := s.applyPendingDecks(context.Background(), &rep); err != nil {
		return rep, fmt.Errorf("sync: %w", err)
	}
	return rep, nil
}

// syncShared is a sync's pull and push, under the import lock shared with
// other syncs.
func (s *Store) syncShared(abs string, rep *SyncReport) error {
	unlock, err := s.keepImportsOut()
	if err != nil {
		return fmt.Errorf("sync: %w", err)
	}
	defer unlock()
	got, err := s.pull(abs, rep)
	if err != nil {
		return err
	}
	// One look says who sent what and what is left to write: a sync that
	// finds nothing new and has nothing to send writes nothing.
	var writers []writer
	err = s.view(func(t *txn) (err error) {
		if err := t.describe(got, rep); err != nil {
			return err
		}
		writers, err = t.unwritten(abs)
		return err
	})
	if err != nil {
		return fmt.Errorf("sync: %w", err)
	}
	rep.Sent, err = s.push(abs, writers)
	return err
}

// pull takes in every other device's new records.
func (s *Store) pull(dir string, rep *SyncReport) (map[DeviceID]*received, error) {
	now := s.clock()
	var me DeviceID
	highs := map[DeviceID]uint64{}
	cursors := map[string]readCursor{}
	err := s.view(func(t *txn) error {
		st, err := t.sync()
		if err != nil {
			return err
		}
		me = st.me
		prefix := readKey(dir, "")
		c := st.files.Cursor()
		for k, v := c.Seek(prefix); k != nil && strings.HasPrefix(string(k), string(prefix)); k, v = c.Next() {
			if cur, err := decodeReadCursor(v); err == nil {
				cursors[string(k[len(prefix):])] = cur
			}
		}
		return st.devices.ForEach(func(k, v []byte) error {
			var id DeviceID
			copy(id[:], k)
			r, err := decodeDevice(v)
			highs[id] = r.High
			return err
		})
	})
	if err != nil {
		return nil, fmt.Errorf("sync: %w", err)
	}
	devs, err := otherDevices(dir, me)
	if err != nil {
		return nil, folderError(dir, err)
	}
	got := map[DeviceID]*received{}
	for _, dev := range devs {
		n, problems, err := s.pullDevice(dir, dev, highs[dev], cursors, now)
		rep.Problems = append(rep.Problems, problems...)
		if err != nil {
			return got, err
		}
		for id, x := range n {
			got[id] = x
		}
	}
	return got, nil
}

// describe fills in the report's devices, named as the store knows them.
func (t *txn) describe(got map[DeviceID]*received, rep *SyncReport) error {
	st, err := t.sync()
	if err != nil {
		return err
	}
	for id, n := range got {
		dev, err := st.device(id)
		if err != nil {
			return err
		}
		rep.From = append(rep.From, DeviceChanges{Device: id, Name: dev.Name, Answers: n.Answers, Other: n.Other, Events: n.Events})
	}
	slices.SortFunc(rep.From, func(a, b DeviceChanges) int { return strings.Compare(a.Label(), b.Label()) })
	return nil
}

// unwritten are the writers whose records the folder lacks; a writer's
// segment found as this collection left it, up to the writer's counter,
// needs nothing.
func (t *txn) unwritten(dir string) ([]writer, error) {
	all, err := t.writers()
	if err != nil {
		return nil, err
	}
	var out []writer
	for _, w := range all {
		cur, err := t.exportCursor(dir, w.dev)
		if err != nil {
			return nil, err
		}
		if cur.Name != "" && cur.Last >= w.high {
			fi, err := os.Stat(filepath.Join(dir, w.dev.String(), cur.Name))
			if err == nil && fi.Size() == cur.Size {
				continue
			}
		}
		out = append(out, w)
	}
	return out, nil
}

// push writes the writers' records that the folder does not have yet:
// this device's, and those of the devices it was before.
func (s *Store) push(dir string, writers []writer) (int, error) {
	sent := 0
	for _, w := range writers {
		for done := false; !done; {
			if err := s.blobsAhead(dir, w); err != nil {
				return sent, err
			}
			var n int
			err := s.update(func(t *txn) (err error) {
				if _, err := t.sync(); err != nil {
					return err
				}
				if !w.inherited { // answers given since the view
					if w, err = t.self(); err != nil {
						return err
					}
				}
				n, done, err = t.pushChunk(dir, w)
				return notWritable(dir, err)
			})
			sent += n
			if err != nil {
				return sent, err
			}
		}
	}
	return sent, nil
}

// blobsAhead writes, under the shared lock, the blob files that the
// writer's next chunk of records names: a blob is as large as its deck,
// and writing it in push's write transaction would keep answers waiting.
// push's transaction then finds them there (and writes only a blob that
// came in between).
func (s *Store) blobsAhead(dir string, w writer) error {
	return s.view(func(t *txn) error {
		if _, err := t.sync(); err != nil {
			return err
		}
		cur, err := t.exportCursor(dir, w.dev)
		if err != nil {
			return err
		}
		recs, err := t.outgoing(w.dev, cur.Last+1, w.high)
		if err != nil {
			return err
		}
		own := filepath.Join(dir, w.dev.String())
		for _, r := range recs {
			if r.blob == "" {
				continue
			}
			if err := t.writeBlob(own, r.blob); err != nil {
				return notWritable(dir, err)
			}
		}
		return nil
	})
}

// folderError says in one line what is wrong with the sync folder.
func folderError(dir string, err error) error {
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return fmt.Errorf("sync folder %s does not exist; create it (or fix sync_dir in the settings)", dir)
	case errors.Is(err, fs.ErrPermission), errors.Is(err, syscall.EROFS):
		return fmt.Errorf("sync folder %s is not writable, so nothing was sent from here: %w", dir, unwrapPath(err))
	}
	return fmt.Errorf("sync folder %s: %w", dir, err)
}

// notWritable is the folder's one line for a write the system refused
// (a read-only folder, or one made so after hone wrote there); other
// errors pass unchanged.
func notWritable(dir string, err error) error {
	if errors.Is(err, fs.ErrPermission) || errors.Is(err, syscall.EROFS) {
		return folderError(dir, err)
	}
	return err
}

func unwrapPath(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}
