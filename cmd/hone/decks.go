package main

import (
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"

	"github.com/hone-srs/hone/deck"
	"github.com/hone-srs/hone/srs"
)

func newDecksCmd(e env, f *flags) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "decks",
		Short: "List decks with card, due and new counts",
		Args:  noArgs,
		RunE: func(*cobra.Command, []string) error {
			var list []srs.DeckInfo
			var counts map[string]srs.DeckCounts
			var pending []srs.PendingDeck
			err := withStore(e, f, func(store *srs.Store) (err error) {
				if list, err = store.Decks(); err != nil {
					return err
				}
				if pending, err = store.PendingDecks(); err != nil {
					return err
				}
				counts, err = store.Counts(f.today(e))
				return err
			})
			if err != nil {
				return err
			}
			if err := printDecks(e.stdout, list, counts, f.limits()); err != nil {
				return err
			}
			if line := pendingLine(pending); line != "" {
				fmt.Fprintln(e.stdout, line)
			}
			return nil
		},
	}
	cmd.AddCommand(newDecksRmCmd(e, f), newDecksHideCmd(e, f, true), newDecksHideCmd(e, f, false))
	return cmd
}

// printDecks writes the deck table, its columns measured by their width on
// screen so that wide (CJK) names line up. Due and new counts are what a
// review would show today, within the limits.
func printDecks(w io.Writer, list []srs.DeckInfo, counts map[string]srs.DeckCounts, l srs.Limits) error {
	rows := make([][]string, 0, len(list))
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
		due := n.Due
		if r := l.ReviewsFor(d.Name); r >= 0 {
			due = min(due, r)
		}
		rows = append(rows, []string{name, fmt.Sprint(n.Total), fmt.Sprint(due), fmt.Sprint(n.NewAvailable(l.NewFor(d.Name))), from})
	}
	_, err := fmt.Fprintln(w, plainTable([]string{"DECK", "CARDS", "DUE", "NEW", "FROM"}, rows))
	return err
}

// trimLines drops the spaces a table pads its last column with.
func trimLines(s string) string {
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		lines[i] = strings.TrimRight(l, " ")
	}
	return strings.Join(lines, "\n")
}
