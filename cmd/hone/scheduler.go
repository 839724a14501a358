package main

import (
	"errors"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/hone-srs/hone/srs"
)

func newSchedulerCmd(e env, f *flags) *cobra.Command {
	var retention float64
	cmd := &cobra.Command{
		Use:   "scheduler [sm2|fsrs]",
		Short: "Show the scheduler in force, or switch to another",
		Long: `scheduler with no argument prints the scheduler in force and its settings.

"hone scheduler fsrs" switches to FSRS-6 (--retention sets the desired
retention, 0.70 to 0.99, default 0.90); "hone scheduler sm2" switches to
SM-2. A switch replays your whole review log under the new scheduler, in
one transaction, and says how many cards now fall due on another day. The
log is kept as it is, so switching back gives back the old schedule exactly.`,
		Args:      cobra.MaximumNArgs(1),
		ValidArgs: []string{srs.SchedulerSM2, srs.SchedulerFSRS},
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) == 0 {
				if cmd.Flags().Changed("retention") {
					return usagef("--retention goes with a scheduler to switch to: hone scheduler fsrs --retention %.2f", retention)
				}
				return showScheduler(e, f)
			}
			c, err := srs.SettingsFor(args[0], retention)
			if errors.Is(err, srs.ErrBadScheduler) {
				return usageError{err}
			}
			if err != nil {
				return err
			}
			return switchScheduler(e, f, c)
		},
	}
	cmd.Flags().Float64Var(&retention, "retention", 0, "FSRS's desired retention, 0.70–0.99 (default 0.90)")
	return cmd
}

func showScheduler(e env, f *flags) error {
	return withPlainStore(e, f, func(_ string, store *srs.Store) error {
		sch, err := store.Scheduler()
		if err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "Scheduler: %s\n", sch.Settings())
		return nil
	})
}

func switchScheduler(e env, f *flags, c srs.SchedulerSettings) error {
	return withPlainStore(e, f, func(_ string, store *srs.Store) error {
		res, err := store.SetScheduler(c)
		if err != nil {
			return err
		}
		if res.From == res.To {
			fmt.Fprintf(e.stdout, "Scheduler: %s (already in force; %d cards replayed, none moved)\n", res.To, res.Cards)
			return nil
		}
		fmt.Fprintf(e.stdout, "Scheduler: %s\n", res.To)
		fmt.Fprintf(e.stdout, "Replayed the history of %d cards: %d now fall due on another day.\n", res.Cards, res.Changed)
		back := res.From.Name
		if res.From.Retention != 0 {
			back += fmt.Sprintf(" --retention %.2f", res.From.Retention)
		}
		fmt.Fprintf(e.stdout, "Your review log is unchanged; hone scheduler %s switches back.\n", back)
		return nil
	})
}
