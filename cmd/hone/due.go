package main

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/hone-srs/hone/srs"
)

func newDueCmd(e env, f *flags) *cobra.Command {
	var deckName string
	var all bool
	cmd := &cobra.Command{
		Use:   "due",
		Short: "Print the number of cards due now",
		Long: `due prints one number for shell prompts: the cards a review would show
now, within the daily limits. Hidden decks count only when --deck names
them. With --all, the new cards the limits allow today count too.`,
		Args: noArgs,
		RunE: func(*cobra.Command, []string) error {
			if err := checkScope(e, f, deckName, ""); err != nil {
				return err
			}
			return withStore(e, f, func(store *srs.Store) error {
				counts, err := store.Counts(f.today(e))
				if err != nil {
					return err
				}
				_, err = fmt.Fprintln(e.stdout, dueCount(counts, f.limits(), deckName, all))
				return err
			})
		},
	}
	cmd.Flags().StringVar(&deckName, "deck", "", "only this deck")
	cmd.Flags().BoolVar(&all, "all", false, "count the new cards available today too")
	return cmd
}

// dueCount is the cards a review would show now, in one deck or in every
// visible one: due cards within the review limits, and with all the new
// cards the limits allow today.
func dueCount(counts map[string]srs.DeckCounts, l srs.Limits, deckName string, all bool) int {
	capped := func(n, limit int) int {
		if limit < 0 {
			return n
		}
		return min(n, limit)
	}
	due, fresh := 0, 0
	for name, n := range counts {
		if deckName != "" && name != deckName || deckName == "" && n.Hidden {
			continue
		}
		due += capped(n.Due, l.ReviewsFor(name))
		fresh += n.NewAvailable(l.NewFor(name))
	}
	due = capped(due, l.Reviews)
	if all {
		return due + fresh
	}
	return due
}
