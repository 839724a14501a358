package main

import (
	"io"
	"os"
	"time"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/term"
)

// env is everything a command touches outside itself, so that tests can run
// commands with their own streams, variables and clock.
type env struct {
	stdin          io.Reader
	stdout, stderr io.Writer
	getenv         func(string) string
	now            func() time.Time
	// terminal reports whether stdin and stdout are both a terminal: the
	// full-screen commands need one.
	terminal func() bool
	// profile is the colours stdout takes. It is detected once: every
	// writer and the TUI are handed it, since each detection under tmux
	// starts a `tmux info`.
	profile colorprofile.Profile
}

func newEnv() env {
	return env{
		stdin: os.Stdin, stdout: os.Stdout, stderr: os.Stderr,
		getenv: os.Getenv,
		now:    time.Now,
		terminal: func() bool {
			return term.IsTerminal(os.Stdin.Fd()) && term.IsTerminal(os.Stdout.Fd())
		},
		// lipgloss detects stdout's profile as it is initialised, which
		// every command pays for: that detection is the one used.
		profile: lipgloss.Writer.Profile,
	}
}
