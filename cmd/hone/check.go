package main

import (
	"errors"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/hone-srs/hone/deck"
	"github.com/hone-srs/hone/srs"
)

// errProblems ends `hone check` with exit 1 after it has listed them.
var errProblems = errors.New("the database has problems")

func newCheckCmd(e env, f *flags) *cobra.Command {
	return &cobra.Command{
		Use:   "check",
		Short: "Check the database for damage and drift",
		Long: `check reads the whole database: bbolt's page consistency, every index
entry against its card, the deck counters, and every card's state against
a replay of the review log. It prints what it finds and exits 0 only when
all is well.`,
		Args: noArgs,
		RunE: func(*cobra.Command, []string) error {
			return withPlainStore(e, f, func(path string, store *srs.Store) error {
				problems, err := store.Check()
				for _, p := range problems {
					fmt.Fprintln(e.stdout, deck.SanitizeLine(p))
				}
				if err != nil {
					return err
				}
				if len(problems) > 0 {
					return fmt.Errorf("%w: %d found; restore a backup (hone backup) or ask for help with the lines above", errProblems, len(problems))
				}
				fmt.Fprintf(e.stdout, "%s: all is well\n", path)
				return nil
			})
		},
	}
}

func newBackupCmd(e env, f *flags) *cobra.Command {
	var force bool
	cmd := &cobra.Command{
		Use:   "backup FILE",
		Short: "Write a hot, consistent copy of the database",
		Long: `backup checks the whole database, writes a consistent copy to FILE even
while a review runs, checks the copy, and only then puts it in place. It
refuses a damaged database (see hone recover), a FILE that is not a regular
file, and a FILE that exists unless --force.`,
		Args: exactArgs("FILE"),
		RunE: func(_ *cobra.Command, args []string) error {
			return withPlainStore(e, f, func(path string, store *srs.Store) error {
				if err := store.Backup(args[0], force); err != nil {
					return err
				}
				fmt.Fprintf(e.stdout, "Backed up %s to %q\n", path, args[0])
				return nil
			})
		},
	}
	cmd.Flags().BoolVar(&force, "force", false, "replace FILE if it exists")
	return cmd
}

func newRecoverCmd(e env, f *flags) *cobra.Command {
	return &cobra.Command{
		Use:   "recover NEW.db",
		Short: "Save what can be read of a damaged database into a new file",
		Long: `recover reads every record of the database that can still be read, even
when the file is too damaged to open, and writes them to a new file: the
cards, their text, the review log, the decks. Every card's schedule is
rebuilt by replaying the log, and so are the indexes and counters. It lists
what could not be read. The database itself is only read; to use the new
file, check it (hone --db NEW.db check) and move it into place.`,
		Args: exactArgs("NEW.db"),
		RunE: func(_ *cobra.Command, args []string) error {
			path, err := dbPath(e, f)
			if err != nil {
				return err
			}
			rep, err := srs.Recover(path, args[0])
			if err != nil {
				return err
			}
			for _, line := range rep.Lost {
				fmt.Fprintln(e.stdout, "lost: "+deck.SanitizeLine(line))
			}
			fmt.Fprintf(e.stdout, "Recovered %d cards, %d texts and %d log entries from %s into %q", rep.Kept["cards"], rep.Kept["content"], rep.Kept["log"], path, args[0])
			if rep.Fixed > 0 {
				fmt.Fprintf(e.stdout, "; %d card schedules were rebuilt from the log", rep.Fixed)
			}
			if len(rep.Lost) == 0 {
				fmt.Fprintln(e.stdout, "; nothing was lost.")
			} else {
				fmt.Fprintf(e.stdout, "; %d losses are listed above.\n", len(rep.Lost))
			}
			return nil
		},
	}
}
