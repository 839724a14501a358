package main

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/hone-srs/hone/srs"
)

func newDueCmd(e env, f *flags) *cobra.Command {
	var deckName string
	cmd := &cobra.Command{
		Use:   "due",
		Short: "Print the number of cards due now",
		Args:  cobra.NoArgs,
		RunE: func(*cobra.Command, []string) error {
			if err := checkScope(e, f, deckName, ""); err != nil {
				return err
			}
			return withStore(e, f, func(store *srs.Store) error {
				counts, err := store.Counts(srs.DayOf(e.now()))
				if err != nil {
					return err
				}
				total := 0
				for name, n := range counts {
					if deckName == "" || name == deckName {
						total += n.Due
					}
				}
				_, err = fmt.Fprintln(e.stdout, min(total, f.reviews))
				return err
			})
		},
	}
	cmd.Flags().StringVar(&deckName, "deck", "", "only this deck")
	return cmd
}
