package main

import (
	"bytes"
	"context"
	"io"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/hone-srs/hone/srs"
)

// At the end of a session whose first sync still runs (a large deck from
// another device going in), hone says that it waits, and how to stop
// waiting, before it waits; a sync already done is not waited for.
func TestEndOfSessionSaysItWaitsForTheSync(t *testing.T) {
	for _, running := range []bool{false, true} {
		var stderr bytes.Buffer
		e := env{stdout: io.Discard, stderr: &stderr, getenv: func(string) string { return "" }}
		dir := t.TempDir()
		f := &flags{cfg: config{SyncDir: dir}}
		store, err := srs.Open(filepath.Join(t.TempDir(), "h.db"), srs.Options{})
		if err != nil {
			t.Fatal(err)
		}
		first := &sessionSync{dir: dir, done: make(chan sessionSyncResult, 1)}
		if running {
			go func() { time.Sleep(100 * time.Millisecond); first.done <- sessionSyncResult{} }()
		} else {
			first.done <- sessionSyncResult{}
		}
		endSessionSync(context.Background(), e, f, store, first)
		store.Close()
		said := strings.Contains(stderr.String(), "waiting for the sync")
		if said != running {
			t.Errorf("first sync running %v: stderr %q", running, stderr.String())
		}
		if running && !strings.Contains(stderr.String(), "ctrl+c") {
			t.Errorf("stderr %q does not say how to stop waiting", stderr.String())
		}
	}
}

// A closed terminal (the context cancelled) stops the end of a session
// waiting for a sync that goes on: hone leaves at once.
func TestEndOfSessionStopsWaitingWhenTheTerminalCloses(t *testing.T) {
	e := env{stdout: io.Discard, stderr: io.Discard, getenv: func(string) string { return "" }}
	f := &flags{cfg: config{SyncDir: t.TempDir()}}
	store, err := srs.Open(filepath.Join(t.TempDir(), "h.db"), srs.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	first := &sessionSync{done: make(chan sessionSyncResult, 1)} // never done
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(50*time.Millisecond, cancel)
	start := time.Now()
	endSessionSync(ctx, e, f, store, first)
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("the end of the session waited %v after the terminal closed", d)
	}
}
