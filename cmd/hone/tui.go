package main

import (
	"context"
	"errors"
	"fmt"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/hone-srs/hone/deck"
	"github.com/hone-srs/hone/srs"
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
	// With sync_dir set, a sync runs first; a slow one goes on in the
	// background and its news reaches the screen when it is done.
	first, notice, synced := syncAtStart(e, f, store)
	o := tui.Options{
		Notice:   notice,
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
	if !synced {
		go noticeWhenSynced(first, p)
	}
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
	endSessionSync(ctx, e, f, store, first)
	return nil
}

// How long a session waits for its syncs: at the start, before the screen
// opens; at the end, before hone exits (what is not done then is done by
// the next sync).
const (
	startSyncWait = 1500 * time.Millisecond
	endSyncWait   = 20 * time.Second
)

// syncAtStart starts the session's first sync and waits a moment for it;
// it reports what that sync brought, if it finished.
func syncAtStart(e env, f *flags, store *srs.Store) (first *sessionSync, notice string, synced bool) {
	first = startSessionSync(e, f, store)
	res, synced := first.wait(context.Background(), startSyncWait)
	if synced {
		for _, p := range res.rep.Problems[min(1, len(res.rep.Problems)):] {
			fmt.Fprintln(e.stderr, "hone: sync: "+deck.SanitizeLine(p))
		}
	}
	return first, res.notice(), synced
}

// noticeWhenSynced hands the screen the news of a sync that outlasted the
// wait at the start.
func noticeWhenSynced(first *sessionSync, p *tea.Program) {
	if r, ok := first.wait(context.Background(), 24*time.Hour); ok {
		p.Send(tui.NoticeMsg{Text: r.notice()})
	}
}

// endSessionSync sends the session's answers to the sync folder, after the
// sync at the start is done; a closed terminal (ctx) stops the waits, and
// ctrl+c ends hone, leaving the rest to the next sync.
func endSessionSync(ctx context.Context, e env, f *flags, store *srs.Store, first *sessionSync) {
	if first == nil {
		return
	}
	if !first.finished() {
		fmt.Fprintln(e.stderr, "hone: waiting for the sync to finish (ctrl+c leaves the rest to the next sync)")
	}
	if _, ok := first.wait(ctx, endSyncWait); !ok {
		fmt.Fprintln(e.stderr, "hone: the sync at the start of the session has not finished; hone sync finishes it")
		return
	}
	last := startSessionSync(e, f, store)
	r, ok := last.wait(ctx, endSyncWait)
	if !ok {
		fmt.Fprintln(e.stderr, "hone: sync is taking long; hone sync finishes it")
		return
	}
	r.report(e)
}
