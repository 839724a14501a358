package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"sync/atomic"
	"syscall"

	"charm.land/fang/v2"
	"github.com/spf13/cobra"

	"github.com/hone-srs/hone/deck"
	"github.com/hone-srs/hone/srs"
)

// version is set at build time with -ldflags "-X main.version=…".
var version = "dev"

// Exit codes.
const (
	exitOK          = 0
	exitError       = 1
	exitUsage       = 2
	exitInterrupted = 130
)

// usageError marks a mistake in how hone was called.
type usageError struct{ err error }

func (e usageError) Error() string { return e.err.Error() }
func (e usageError) Unwrap() error { return e.err }

func usagef(format string, args ...any) error { return usageError{fmt.Errorf(format, args...)} }

// errInterrupted ends a command that the user stopped.
var errInterrupted = errors.New("interrupted")

// flags are the options every command shares, with the settings file's
// values where no flag was given.
type flags struct {
	db         string
	newPerDeck int
	reviews    int
	cfg        config
	cfgErr     error // what was wrong with the settings file
	dayStart   srs.DayStart
}

// limits are the daily limits in force: the flags, else the settings.
func (f *flags) limits() srs.Limits {
	return srs.Limits{Reviews: f.reviews, NewPerDeck: f.newPerDeck, PerDeck: f.cfg.perDeck()}
}

// today is the hone day now, with the day start in force.
func (f *flags) today(e env) srs.Day { return f.dayStart.Of(e.now()) }

// settle loads the settings file and lets the flags given override it.
func (f *flags) settle(e env, cmd *cobra.Command) error {
	cfg, err := loadConfig(e)
	f.cfg, f.cfgErr = cfg, err
	if err != nil {
		return err
	}
	if cfg.NewPerDeck != nil && !cmd.Flag("new").Changed {
		f.newPerDeck = *cfg.NewPerDeck
	}
	if cfg.MaxReviews != nil && !cmd.Flag("max-reviews").Changed {
		f.reviews = *cfg.MaxReviews
	}
	if cfg.DayStarts != nil {
		if f.dayStart, err = srs.DayStartAt(*cfg.DayStarts); err != nil {
			return err
		}
	}
	return nil
}

func run(args []string, e env) int {
	ctx, caught, stop := catchSignals()
	defer stop()
	var f flags
	root := newRootCmd(e, &f)
	root.SetArgs(args)
	root.SetIn(e.stdin)
	root.SetOut(e.stdout)
	root.SetErr(e.stderr)
	err := fang.Execute(ctx, root,
		fang.WithVersion(version),
		fang.WithoutManpage(),
		fang.WithErrorHandler(func(w io.Writer, _ fang.Styles, err error) {
			if err != errInterrupted { // a plain interruption needs no words
				fmt.Fprintln(w, "hone: "+oneLine(withDamageHint(err)))
			}
		}))
	if code := exitCode(err); code != exitInterrupted {
		return code
	}
	if sig := caught(); sig != 0 {
		return 128 + int(sig) // as a shell reports a process its signal ended
	}
	return exitInterrupted
}

// catchSignals turns a closed terminal (SIGHUP), a polite kill (SIGTERM)
// and SIGQUIT into the cancellation of ctx: the full-screen commands leave
// the way q does, restoring the terminal (every answer is already saved),
// and an import stops with nothing stored. caught says which signal came.
func catchSignals() (ctx context.Context, caught func() syscall.Signal, stop func()) {
	ctx, cancel := context.WithCancel(context.Background())
	ch := make(chan os.Signal, 1)
	signal.Notify(ch, syscall.SIGHUP, syscall.SIGTERM, syscall.SIGQUIT)
	var got atomic.Int32
	done := make(chan struct{})
	go func() {
		select {
		case sig := <-ch:
			if s, ok := sig.(syscall.Signal); ok {
				got.Store(int32(s))
			}
			cancel()
		case <-done:
		}
	}()
	caught = func() syscall.Signal { return syscall.Signal(got.Load()) }
	stop = func() {
		signal.Stop(ch)
		close(done)
		cancel()
	}
	return ctx, caught, stop
}

func exitCode(err error) int {
	var usage usageError
	switch {
	case err == nil:
		return exitOK
	case errors.Is(err, errInterrupted):
		return exitInterrupted
	case errors.As(err, &usage), isCobraUsageError(err):
		return exitUsage
	}
	return exitError
}

// isCobraUsageError recognises cobra's own usage errors, which it returns as
// plain errors.
func isCobraUsageError(err error) bool {
	s := err.Error()
	for _, prefix := range []string{"unknown command", "unknown flag", "unknown shorthand flag", "flag needs an argument", "invalid argument", "accepts ", "requires at least", "requires at most", "required flag"} {
		if strings.HasPrefix(s, prefix) {
			return true
		}
	}
	return false
}

// damageHint is what to do about a damaged database, said once by every
// command that meets damage.
const damageHint = "hone check lists the damage, and hone recover NEW.db saves what can be read"

func withDamageHint(err error) string {
	msg := err.Error()
	if errors.Is(err, srs.ErrDamaged) && !strings.Contains(msg, "hone check") {
		msg += "; " + damageHint
	}
	return msg
}

// oneLine keeps an error to the single line the exit promises, unless it
// lists several problems (a deck's diagnostics), which each get a line.
// Errors quote names and paths from files, so each line is sanitized.
func oneLine(s string) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	for i, l := range lines {
		lines[i] = deck.SanitizeLine(l)
	}
	return strings.Join(lines, "\n")
}

// plainFlagError drops the Go parser's words from a bad flag value:
// `invalid argument "abc" for "--new" flag: strconv.ParseInt: parsing "abc":
// invalid syntax` becomes `invalid argument "abc" for "--new": expected a
// whole number`.
func plainFlagError(err error) error {
	msg := err.Error()
	if i := strings.Index(msg, " flag: strconv.Parse"); i >= 0 {
		kind := "a number"
		if strings.Contains(msg[i:], "ParseInt") {
			kind = "a whole number"
		} else if strings.Contains(msg[i:], "ParseBool") {
			kind = "true or false"
		}
		return fmt.Errorf("%s: expected %s", msg[:i], kind)
	}
	return err
}

func newRootCmd(e env, f *flags) *cobra.Command {
	root := &cobra.Command{
		Use:   "hone",
		Short: "Flashcards with spaced repetition, in the terminal",
		Long: `hone shows you the cards that are due today, schedules each answer with
SM-2 or FSRS-6 (hone scheduler), and saves it at once. Run it with no
command to open the home screen.`,
		Args:          noArgs,
		SilenceUsage:  true,
		SilenceErrors: true,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runTUI(cmd.Context(), e, f, nil)
		},
	}
	root.SetFlagErrorFunc(func(_ *cobra.Command, err error) error { return usageError{plainFlagError(err)} })
	// The completion command stays, but its long blurb does not crowd the help.
	root.CompletionOptions.HiddenDefaultCmd = true
	pf := root.PersistentFlags()
	pf.StringVar(&f.db, "db", "", "database file (default $HONE_DB or the data dir)")
	pf.IntVar(&f.newPerDeck, "new", 20, "new cards a day, per deck")
	pf.IntVar(&f.reviews, "max-reviews", 200, "reviews a day")
	root.PersistentPreRunE = func(cmd *cobra.Command, _ []string) error {
		if err := f.settle(e, cmd); err != nil && cmd.Name() != "config" {
			return err
		}
		if f.newPerDeck < 0 {
			return usagef("--new must be 0 or more, not %d", f.newPerDeck)
		}
		if f.reviews < 0 {
			return usagef("--max-reviews must be 0 or more, not %d", f.reviews)
		}
		return nil
	}
	root.AddCommand(
		newReviewCmd(e, f),
		newDecksCmd(e, f),
		newDueCmd(e, f),
		newDrillCmd(e, f),
		newStatsCmd(e, f),
		newImportCmd(e, f),
		newBrowseCmd(e, f),
		newCheckCmd(e, f),
		newBackupCmd(e, f),
		newRecoverCmd(e, f),
		newSchedulerCmd(e, f),
		newSyncCmd(e, f),
		newDevicesCmd(e, f),
		newConfigCmd(e, f),
	)
	return root
}
