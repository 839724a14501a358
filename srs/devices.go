package srs

import (
	"errors"
	"fmt"
	"os"
	"slices"
	"strings"
	"time"
)

// A collection notices when its file is a copy: it records where the file
// lives (the machine and the file's identity on its file system), and a
// file found elsewhere takes a new device id before it writes anything, so
// that a copy and its original never write the same entries under one id.
// The entries it had from before stay what they are: the original's.
// Moving the file to another file system, or restoring it from a backup,
// looks the same and gives a new id too, which costs nothing but a name in
// hone sync --status.

// checkHome runs before a transaction logs its first entry or event: a
// file found away from the home it recorded takes a new device id first.
// It costs a stat per such transaction.
func (t *txn) checkHome() error {
	if t.homeChecked || t.path == "" {
		return nil
	}
	t.homeChecked = true
	home := fileHome(t.path)
	if home == "" {
		return nil
	}
	stored := string(t.meta.Get([]byte(metaHomeKey)))
	if stored == home {
		return nil
	}
	if stored != "" {
		st, err := t.sync()
		if err != nil {
			return err
		}
		if err := t.meta.Put([]byte(metaPreviousKey), st.me[:]); err != nil {
			return err
		}
		if _, err := t.renewDevice(); err != nil {
			return err
		}
		if err := t.nameSelf(t.now()); err != nil {
			return err
		}
	}
	return t.meta.Put([]byte(metaHomeKey), []byte(home))
}

// renewDevice gives the collection a new device id. It goes on writing
// the records it has of the device it was, where the sync folder lacks
// them: the original file may never sync again.
func (t *txn) renewDevice() (DeviceID, error) {
	old, err := t.self()
	if err != nil {
		return DeviceID{}, err
	}
	if err := t.inherit(old.dev, old.high); err != nil {
		return DeviceID{}, err
	}
	id, err := newDeviceID()
	if err != nil {
		return id, err
	}
	if err := t.meta.Put([]byte(metaDeviceKey), id[:]); err != nil {
		return id, err
	}
	t.sy = nil
	return id, nil
}

// nameSelf names this device after its machine, unless it has a name.
func (t *txn) nameSelf(now time.Time) error {
	st, err := t.sync()
	if err != nil {
		return err
	}
	me, err := st.device(st.me)
	if err != nil || me.Name != "" {
		return err
	}
	host, _ := os.Hostname()
	if host = cleanName(host); host == "" {
		return nil
	}
	me.Name = host
	return t.logEvent(&event{Kind: evDeviceName, Time: now, Device: st.me, Name: host})
}

// Device is a device the collection knows: itself, or one it synced with.
type Device struct {
	ID   DeviceID
	Name string
	This bool   // this collection
	Last uint64 // its latest entry or event here, by its counter
	// LastTime is when that latest one was written, by its clock.
	LastTime time.Time
	// Received is how many of its entries and events came in by sync, and
	// SyncedAt when the last of them did.
	Received int
	SyncedAt time.Time
}

// Label is how a device is shown: its name, or its id.
func (d Device) Label() string {
	if d.Name != "" {
		return d.Name
	}
	return d.ID.String()
}

// Devices lists the devices the collection knows, this one first, then by
// name.
func (s *Store) Devices() ([]Device, error) {
	var out []Device
	err := s.view(func(t *txn) error {
		st, err := t.sync()
		if err != nil {
			return err
		}
		return st.devices.ForEach(func(k, v []byte) error {
			r, err := decodeDevice(v)
			if err != nil || len(k) != len(DeviceID{}) {
				return fmt.Errorf("device %.64x: %w", k, err)
			}
			id := DeviceID(k)
			out = append(out, Device{ID: id, Name: r.Name, This: id == st.me, Last: r.High,
				LastTime: r.LastTime, Received: r.Received, SyncedAt: r.SyncedAt})
			return nil
		})
	})
	if err != nil {
		return nil, fmt.Errorf("list devices: %w", err)
	}
	slices.SortFunc(out, func(a, b Device) int {
		if a.This != b.This {
			if a.This {
				return -1
			}
			return 1
		}
		return strings.Compare(a.Label(), b.Label())
	})
	return out, nil
}

// ErrNoDevice is returned for a device name or id that matches none.
var ErrNoDevice = errors.New("no such device")

// RenameDevice names a device: this one when which is "", else the device
// whose name is which or whose id starts with it. The name travels to
// every collection this one syncs with.
func (s *Store) RenameDevice(which, name string) (Device, error) {
	clean := cleanName(name)
	if clean == "" || clean != strings.TrimSpace(name) {
		return Device{}, fmt.Errorf("a device name is one line of up to %d bytes of printable text, not %.64q", maxNameLen, name)
	}
	devs, err := s.Devices()
	if err != nil {
		return Device{}, err
	}
	target, err := pickDevice(devs, which)
	if err != nil {
		return Device{}, err
	}
	now := s.clock()
	err = s.update(func(t *txn) error {
		st, err := t.sync()
		if err != nil {
			return err
		}
		dev, err := st.device(target.ID)
		if err != nil {
			return err
		}
		dev.Name = clean
		return t.logEvent(&event{Kind: evDeviceName, Time: now, Device: target.ID, Name: clean})
	})
	if err != nil {
		return Device{}, fmt.Errorf("rename device %s: %w", target.Label(), err)
	}
	target.Name = clean
	return target, nil
}

func pickDevice(devs []Device, which string) (Device, error) {
	if which == "" {
		for _, d := range devs {
			if d.This {
				return d, nil
			}
		}
		return Device{}, ErrNoDevice
	}
	var found []Device
	for _, d := range devs {
		if d.Name == which || strings.HasPrefix(d.ID.String(), strings.ToLower(which)) && len(which) >= 4 {
			found = append(found, d)
		}
	}
	switch len(found) {
	case 0:
		return Device{}, fmt.Errorf("%w %.64q; hone devices lists them", ErrNoDevice, which)
	case 1:
		return found[0], nil
	}
	return Device{}, fmt.Errorf("%.64q matches %d devices; give more of the id", which, len(found))
}

// NewDeviceID gives the collection a new device id, for a file that was
// copied from another collection's by some means hone did not notice.
func (s *Store) NewDeviceID() (DeviceID, error) {
	var id DeviceID
	now := s.clock()
	err := s.update(func(t *txn) (err error) {
		if id, err = t.renewDevice(); err != nil {
			return err
		}
		return t.nameSelf(now)
	})
	if err != nil {
		return id, fmt.Errorf("new device id: %w", err)
	}
	return id, nil
}

// Meta key: the devices this collection was before it found its file
// copied, each with the counter it had reached (8 + 8 bytes each).
const metaInheritedKey = "inherited"

// self is this device as a writer of its records.
func (t *txn) self() (writer, error) {
	st, err := t.sync()
	if err != nil {
		return writer{}, err
	}
	me, err := st.device(st.me)
	if err != nil {
		return writer{}, err
	}
	return writer{dev: st.me, high: me.High}, nil
}

// writers are the devices whose records this collection writes into the
// sync folder: itself, and the devices it was before.
func (t *txn) writers() ([]writer, error) {
	w, err := t.self()
	if err != nil {
		return nil, err
	}
	out := []writer{w}
	raw := t.meta.Get([]byte(metaInheritedKey))
	for len(raw) >= 16 {
		out = append(out, writer{dev: DeviceID(raw[:8]), high: binaryUint(raw[8:16]), inherited: true})
		raw = raw[16:]
	}
	return out, nil
}

// inherit notes that this collection was device dev up to counter high.
func (t *txn) inherit(dev DeviceID, high uint64) error {
	raw := append([]byte(nil), t.meta.Get([]byte(metaInheritedKey))...)
	raw = append(append(raw, dev[:]...), seqKey(high)...)
	return t.meta.Put([]byte(metaInheritedKey), raw)
}
