package main

import (
	"fmt"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/hone-srs/hone/deck"
	"github.com/hone-srs/hone/srs"
)

func newDecksCmd(e env, f *flags) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "decks",
		Short: "List decks with card, due and new counts",
		Args:  cobra.NoArgs,
		RunE: func(*cobra.Command, []string) error {
			var list []srs.DeckInfo
			var counts map[string]srs.DeckCounts
			err := withStore(e, f, func(store *srs.Store) (err error) {
				if list, err = store.Decks(); err != nil {
					return err
				}
				counts, err = store.Counts(srs.DayOf(e.now()))
				return err
			})
			if err != nil {
				return err
			}
			w := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
			fmt.Fprintln(w, "DECK\tCARDS\tDUE\tNEW\tFROM")
			for _, d := range list {
				n := counts[d.Name]
				name := deck.SanitizeLine(d.Name)
				if d.Hidden {
					name += " (hidden)"
				}
				from := "built in"
				if !d.Builtin {
					from = deck.SanitizeLine(d.Source) + ", imported " + d.SyncedAt.Local().Format("2006-01-02 15:04")
				}
				fmt.Fprintf(w, "%s\t%d\t%d\t%d\t%s\n", name, n.Total, n.Due,
					n.NewAvailable(f.newPerDeck), from)
			}
			return w.Flush()
		},
	}
	cmd.AddCommand(newDecksRmCmd(e, f), newDecksHideCmd(e, f, true), newDecksHideCmd(e, f, false))
	return cmd
}
