package main

import (
	"context"
	"errors"
	"fmt"

	tea "charm.land/bubbletea/v2"

	"github.com/hone-srs/hone/tui"
)

// runTUI opens the full-screen app, on the home screen or, with a scope,
// straight into a session.
func runTUI(ctx context.Context, e env, f *flags, start *tui.Scope) error {
	return runApp(ctx, e, f, func(o *tui.Options) { o.Start = start })
}

// runApp opens the full-screen app with the options every run has, and
// what set adds.
func runApp(ctx context.Context, e env, f *flags, set func(*tui.Options)) error {
	if !e.terminal() {
		return errors.New("this command needs a terminal on stdin and stdout; for scripts, use hone due, hone decks or hone stats --json")
	}
	store, err := openStore(e, f)
	if err != nil {
		return err
	}
	defer store.Close()
	o := tui.Options{
		Store:    store,
		Now:      e.now,
		DayStart: f.dayStart,
		Limits:   f.limits(),
		Theme:    f.cfg.Theme,
		Editor:   editorCommand(e),
		Reimport: func(path, deckName string) (string, error) { return reimport(store, path, deckName) },
	}
	set(&o)
	app := tui.New(o)
	// At Bubble Tea's default 60 frames a second, a drawn answer waits up to
	// 17 ms for its frame; 120 halves that for a screen that changes only on
	// a key.
	// The profile is handed over, so Bubble Tea does not detect it again.
	p := tea.NewProgram(app, tea.WithContext(ctx), tea.WithInput(e.stdin), tea.WithOutput(e.stdout), tea.WithFPS(120),
		tea.WithColorProfile(e.profile))
	if _, err := p.Run(); err != nil {
		if errors.Is(err, tea.ErrInterrupted) || errors.Is(err, context.Canceled) {
			return errInterrupted
		}
		return err
	}
	if app.Interrupted() {
		return errInterrupted
	}
	if n := app.Notice(); n != "" && o.Start != nil {
		fmt.Fprintln(e.stdout, n)
	}
	return nil
}
