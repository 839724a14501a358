package srs

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
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
		if len(what) > 0 {
			parts = append(parts, strings.Join(what, " and ")+" from "+d.Label())
		}
	}
	if len(parts) == 0 {
		return ""
	}
	return "synced " + strings.Join(parts, ", ")
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
	if err := s.pull(abs, &rep); err != nil {
		return rep, err
	}
	rep.Sent, err = s.push(abs)
	return rep, err
}

// pull takes in every other device's new records.
func (s *Store) pull(dir string, rep *SyncReport) error {
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
		return fmt.Errorf("sync: %w", err)
	}
	devs, err := otherDevices(dir, me)
	if err != nil {
		return folderError(dir, err)
	}
	got := map[DeviceID]*received{}
	for _, dev := range devs {
		n, problems, err := s.pullDevice(dir, dev, highs[dev], cursors, now)
		rep.Problems = append(rep.Problems, problems...)
		if err != nil {
			return err
		}
		for id, x := range n {
			got[id] = x
		}
	}
	return s.describe(got, rep)
}

// describe fills in the report's devices, named as the store knows them.
func (s *Store) describe(got map[DeviceID]*received, rep *SyncReport) error {
	return s.view(func(t *txn) error {
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
	})
}

// push writes this device's records that the folder does not have yet,
// and those of the devices it was before, when the folder lacks them.
func (s *Store) push(dir string) (int, error) {
	var writers []writer
	err := s.view(func(t *txn) error {
		var err error
		writers, err = t.writers()
		return err
	})
	if err != nil {
		return 0, fmt.Errorf("sync: %w", err)
	}
	sent := 0
	for _, w := range writers {
		for done := false; !done; {
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
				return err
			})
			sent += n
			if err != nil {
				return sent, err
			}
		}
	}
	return sent, nil
}
