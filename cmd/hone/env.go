package main

import (
	"io"
	"os"
	"time"

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
}

func newEnv() env {
	return env{
		stdin: os.Stdin, stdout: os.Stdout, stderr: os.Stderr,
		getenv: os.Getenv,
		now:    time.Now,
		terminal: func() bool {
			return term.IsTerminal(os.Stdin.Fd()) && term.IsTerminal(os.Stdout.Fd())
		},
	}
}
