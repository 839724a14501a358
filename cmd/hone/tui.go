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
	if !e.terminal() {
		return errors.New("this command needs a terminal on stdin and stdout; for scripts, use hone due, hone decks or hone stats --json")
	}
	store, err := openStore(e, f)
	if err != nil {
		return err
	}
	defer store.Close()
	app := tui.New(tui.Options{
		Store:    store,
		Now:      e.now,
		DayStart: f.dayStart,
		Limits:   f.limits(),
		Theme:    f.cfg.Theme,
		Start:    start,
		Editor:   editorCommand(e),
		Reimport: func(path, deckName string) (string, error) { return reimport(store, path, deckName) },
	})
	// At Bubble Tea's default 60 frames a second, a drawn answer waits up to
	// 17 ms for its frame; 120 halves that for a screen that changes only on
	// a key.
	p := tea.NewProgram(app, tea.WithContext(ctx), tea.WithInput(e.stdin), tea.WithOutput(e.stdout), tea.WithFPS(120))
	if _, err := p.Run(); err != nil {
		if errors.Is(err, tea.ErrInterrupted) || errors.Is(err, context.Canceled) {
			return errInterrupted
		}
		return err
	}
	if app.Interrupted() {
		return errInterrupted
	}
	if n := app.Notice(); n != "" && start != nil {
		fmt.Fprintln(e.stdout, n)
	}
	return nil
}
