package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os/signal"
	"strings"
	"syscall"

	"charm.land/fang/v2"
	"github.com/spf13/cobra"

	"github.com/hone-srs/hone/deck"
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

// flags are the options every command shares.
type flags struct {
	db         string
	newPerDeck int
	reviews    int
}

func run(args []string, e env) int {
	// A closed terminal (SIGHUP) or a polite kill (SIGTERM) ends hone the
	// way q does: the screen is restored, and every answer is already saved.
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGHUP, syscall.SIGTERM)
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
			if !errors.Is(err, errInterrupted) {
				fmt.Fprintln(w, "hone: "+oneLine(err.Error()))
			}
		}))
	return exitCode(err)
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
SM-2, and saves it at once. Run it with no command to open the home screen.`,
		Args:          cobra.NoArgs,
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
	root.PersistentPreRunE = func(*cobra.Command, []string) error {
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
		newCheckCmd(e, f),
		newBackupCmd(e, f),
	)
	return root
}
