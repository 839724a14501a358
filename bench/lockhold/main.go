//go:build unix

// Command lockhold runs a command and, while it runs, tries every 5 ms to
// take a shared flock on a bbolt database file without waiting: a try
// that fails means some process holds the file's exclusive lock (a write
// transaction of hone). It prints the longest time the lock stayed held,
// how many holds were longer than 200 ms, and how many holds it saw.
//
//	go run ./bench/lockhold DB CMD [ARG...]
//
// The command's own output goes to this one's stderr; its exit status is
// this one's.
package main

import (
	"fmt"
	"os"
	"os/exec"
	"syscall"
	"time"
)

const (
	interval = 5 * time.Millisecond
	long     = 200 * time.Millisecond
)

type holds struct {
	n, over int
	longest time.Duration
	since   time.Time // the start of the hold under way, if any
}

func (h *holds) end(now time.Time) {
	if h.since.IsZero() {
		return
	}
	d := now.Sub(h.since)
	h.n++
	if d > long {
		h.over++
	}
	h.longest = max(h.longest, d)
	h.since = time.Time{}
}

func main() {
	if len(os.Args) < 3 {
		fmt.Fprintln(os.Stderr, "usage: lockhold DB CMD [ARG...]")
		os.Exit(2)
	}
	db := os.Args[1]
	cmd := exec.Command(os.Args[2], os.Args[3:]...)
	cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
	if err := cmd.Start(); err != nil {
		fmt.Fprintln(os.Stderr, "lockhold:", err)
		os.Exit(2)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	var h holds
	tick := time.NewTicker(interval)
	defer tick.Stop()
	for {
		select {
		case err := <-done:
			h.end(time.Now())
			fmt.Printf("longest hold %v, holds over %v: %d, holds seen: %d\n", h.longest.Round(time.Millisecond), long, h.over, h.n)
			if err != nil {
				fmt.Fprintln(os.Stderr, "lockhold:", err)
				os.Exit(1)
			}
			return
		case now := <-tick.C:
			if try(db) {
				h.end(now)
			} else if h.since.IsZero() {
				h.since = now
			}
		}
	}
}

// try reports whether a shared lock on path could be taken at once (a
// file not there yet counts as free).
func try(path string) bool {
	f, err := os.Open(path)
	if err != nil {
		return true
	}
	defer f.Close()
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_SH|syscall.LOCK_NB); err != nil {
		return false
	}
	_ = syscall.Flock(int(f.Fd()), syscall.LOCK_UN)
	return true
}
