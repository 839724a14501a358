package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/hone-srs/hone/deck"
	"github.com/hone-srs/hone/srs"
)

func newSyncCmd(e env, f *flags) *cobra.Command {
	var status bool
	cmd := &cobra.Command{
		Use:   "sync [DIR]",
		Short: "Sync with your other machines through a shared folder",
		Long: `sync takes in what your other machines wrote into DIR since the last sync,
then writes this machine's new answers, undos and deck changes there. DIR
is a folder that Syncthing, Dropbox, iCloud Drive, Nextcloud or a git
repository carries between machines; hone never talks to the network.

Each collection writes only its own files, in a folder named after its
device id: append-only logs and one file per imported deck. Answers
given on two machines merge; the first answer of a card on a day sets
its schedule, as it does for two sessions on one machine.

With sync_dir set in the settings file (hone config --help), hone syncs
by itself at the start and the end of every session, and DIR may be left
out here. --status lists the devices this collection has seen.`,
		Example: `  hone sync ~/Sync/hone
  hone sync --status
  hone devices rename laptop`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(_ *cobra.Command, args []string) error {
			dir, err := syncFolder(e, f, args)
			if err != nil && !(status && len(args) == 0) {
				return err
			}
			if status {
				return withPlainStore(e, f, func(_ string, store *srs.Store) error {
					return printSyncStatus(e.stdout, store, dir)
				})
			}
			// A large deck from another device is staged and applied
			// in pieces, in bounded memory as a large import is.
			defer boundHeap()()
			// The built-in decks first: answers from other devices to
			// their cards need the cards.
			return withStore(e, f, func(store *srs.Store) error {
				rep, err := store.Sync(dir)
				printSyncReport(e, rep, err == nil) // no "up to date" beside an error
				return err
			})
		},
	}
	cmd.Flags().BoolVar(&status, "status", false, "list the devices seen, with the last entry from each and when")
	return cmd
}

// syncFolder is DIR, else sync_dir from the settings.
func syncFolder(e env, f *flags, args []string) (string, error) {
	dir := f.cfg.SyncDir
	if len(args) == 1 {
		dir = args[0]
	}
	if dir == "" {
		return "", usagef("sync needs a folder: hone sync DIR, or set sync_dir in the settings file (hone config --help)")
	}
	return expandHome(e, dir), nil
}

// counted is n and word, in the plural unless n is 1.
func counted(n int, word string) string { return fmt.Sprintf("%d %s", n, plural(n, word)) }

// expandHome turns a leading ~/ into the home directory.
func expandHome(e env, p string) string {
	if rest, ok := strings.CutPrefix(p, "~/"); ok {
		if home := e.getenv("HOME"); home != "" {
			return filepath.Join(home, rest)
		}
	}
	return p
}

// printSyncReport says what a sync brought and sent; problems go to
// stderr, one line each.
func printSyncReport(e env, rep srs.SyncReport, always bool) {
	for _, p := range rep.Problems {
		fmt.Fprintln(e.stderr, "hone: sync: "+deck.SanitizeLine(p))
	}
	in := syncSummary(rep)
	switch {
	case in != "" && rep.Sent > 0:
		fmt.Fprintf(e.stdout, "%s; sent %s\n", in, counted(rep.Sent, "change"))
	case in != "":
		fmt.Fprintln(e.stdout, in)
	case rep.Sent > 0:
		fmt.Fprintf(e.stdout, "sent %s; nothing new from other devices\n", counted(rep.Sent, "change"))
	case always:
		fmt.Fprintln(e.stdout, "up to date: nothing new here or from other devices")
	}
}

// printSyncStatus lists the devices: this one, then those seen, with the
// last entry or change from each and when it was written.
func printSyncStatus(w io.Writer, store *srs.Store, dir string) error {
	devs, err := store.Devices()
	if err != nil {
		return err
	}
	if dir == "" {
		fmt.Fprintln(w, "sync folder: none (hone sync DIR, or sync_dir in the settings file)")
	} else {
		fmt.Fprintf(w, "sync folder: %s\n", deck.SanitizeLine(dir))
	}
	known := map[srs.DeviceID]bool{}
	rows := make([][]string, 0, len(devs))
	for _, d := range devs {
		known[d.ID] = true
		name := deck.SanitizeLine(d.Label())
		if d.This {
			name += " (this one)"
		}
		rows = append(rows, []string{name, d.ID.String(), lastEntry(d), synced(d)})
	}
	fmt.Fprintln(w, plainTable([]string{"DEVICE", "ID", "LAST ENTRY", "SYNCED"}, rows))
	if dir != "" {
		if waiting := unreadDevices(dir, known); len(waiting) > 0 {
			fmt.Fprintf(w, "in the folder, not synced yet: %s\n", strings.Join(waiting, ", "))
		}
	}
	return printPending(w, store)
}

func lastEntry(d srs.Device) string {
	if d.Last == 0 {
		return "none"
	}
	when := "at an unknown time"
	if !d.LastTime.IsZero() {
		when = d.LastTime.Local().Format("2006-01-02 15:04")
	}
	return fmt.Sprintf("#%d, %s", d.Last, when)
}

func synced(d srs.Device) string {
	switch {
	case d.This:
		return "-"
	case d.Received == 0:
		return "never"
	}
	return fmt.Sprintf("%s, last %s", counted(d.Received, "change"), d.SyncedAt.Local().Format("2006-01-02 15:04"))
}

// unreadDevices lists the device folders in dir this collection has taken
// nothing from.
func unreadDevices(dir string, known map[srs.DeviceID]bool) []string {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil
	}
	var out []string
	for _, en := range entries {
		if id, ok := srs.ParseDeviceID(en.Name()); ok && en.IsDir() && !known[id] {
			out = append(out, id.String())
		}
	}
	return out
}

func newDevicesCmd(e env, f *flags) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "devices",
		Short: "List the devices this collection syncs with",
		Long: `devices lists this collection's device and the others it has synced with.
"hone devices rename NAME" names this one; "hone devices rename DEVICE
NAME" names another (by its name or the start of its id). Names travel
with the next sync.`,
		Args: noArgs,
		RunE: func(*cobra.Command, []string) error {
			return withPlainStore(e, f, func(_ string, store *srs.Store) error {
				dir, _ := syncFolder(e, f, nil)
				return printSyncStatus(e.stdout, store, dir)
			})
		},
	}
	rename := &cobra.Command{
		// Not "rename [DEVICE] NAME": fang moves bracketed arguments to
		// the end of the usage line, which then reads NAME [DEVICE].
		Use:     "rename NAME | DEVICE NAME",
		Short:   "Give a device a readable name",
		Example: "  hone devices rename laptop\n  hone devices rename 3f2a9c desktop",
		Args:    cobra.RangeArgs(1, 2),
		RunE: func(_ *cobra.Command, args []string) error {
			which, name := "", args[len(args)-1]
			if len(args) == 2 {
				which = args[0]
			}
			return withPlainStore(e, f, func(_ string, store *srs.Store) error {
				d, err := store.RenameDevice(which, name)
				if err != nil {
					return err
				}
				fmt.Fprintf(e.stdout, "device %s is now %q\n", d.ID, deck.SanitizeLine(d.Name))
				return nil
			})
		},
	}
	newID := &cobra.Command{
		Use:   "new-id",
		Short: "Give this collection a new device id (for a copied file)",
		Long: `new-id gives this collection a new device id. hone does this by itself
when it finds its file copied or moved; run it by hand if hone sync says
that another collection writes as this device.`,
		Args: noArgs,
		RunE: func(*cobra.Command, []string) error {
			return withPlainStore(e, f, func(_ string, store *srs.Store) error {
				id, err := store.NewDeviceID()
				if err != nil {
					return err
				}
				fmt.Fprintf(e.stdout, "this collection is now device %s\n", id)
				return nil
			})
		},
	}
	cmd.AddCommand(rename, newID)
	return cmd
}

// sessionSync is a sync hone runs by itself at the start or the end of a
// session, when sync_dir is set. It never stops the session: it runs in
// the background and, past a short wait, the session goes on without it.
type sessionSync struct {
	dir  string
	done chan sessionSyncResult
}

type sessionSyncResult struct {
	rep srs.SyncReport
	err error
}

// startSessionSync starts a sync through sync_dir; nil when there is none.
func startSessionSync(e env, f *flags, store *srs.Store) *sessionSync {
	if f.cfg.SyncDir == "" {
		return nil
	}
	ss := &sessionSync{dir: expandHome(e, f.cfg.SyncDir), done: make(chan sessionSyncResult, 1)}
	go func() {
		restore := boundHeap()
		rep, err := store.Sync(ss.dir)
		restore()
		ss.done <- sessionSyncResult{rep, err}
	}()
	return ss
}

// finished says, without waiting, whether the sync is done.
func (ss *sessionSync) finished() bool {
	if ss == nil {
		return true
	}
	select {
	case r := <-ss.done:
		ss.done <- r
		return true
	default:
		return false
	}
}

// wait waits up to budget for the sync, or until ctx ends (a closed
// terminal); ok is false when it has not finished.
func (ss *sessionSync) wait(ctx context.Context, budget time.Duration) (sessionSyncResult, bool) {
	if ss == nil {
		return sessionSyncResult{}, true
	}
	select {
	case r := <-ss.done:
		ss.done <- r // for a later wait
		return r, true
	case <-time.After(budget):
	case <-ctx.Done():
	}
	return sessionSyncResult{}, false
}

// notice is what a session shows of a sync: what came in, else the first
// problem.
func (r sessionSyncResult) notice() string {
	switch {
	case r.err != nil:
		return deck.SanitizeLine("sync: " + oneLine(r.err.Error()))
	case len(r.rep.Problems) > 0:
		return deck.SanitizeLine("sync: " + r.rep.Problems[0])
	}
	return syncSummary(r.rep)
}

// report prints a finished sync's problems on stderr and what it did on
// stdout, when it did something.
func (r sessionSyncResult) report(e env) {
	if r.err != nil {
		fmt.Fprintln(e.stderr, "hone: sync: "+deck.SanitizeLine(oneLine(r.err.Error())))
	}
	printSyncReport(e, r.rep, false)
}
