package main

import (
	"bufio"
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/hone-srs/hone/srs"
)

func newDecksRmCmd(e env, f *flags) *cobra.Command {
	var yes bool
	cmd := &cobra.Command{
		Use:   "rm NAME",
		Short: "Take an imported deck out of reviews",
		Args:  exactArgs("NAME"),
		RunE: func(_ *cobra.Command, args []string) error {
			name := args[0]
			store, info, err := findDeck(e, f, name)
			if err != nil {
				return err
			}
			defer store.Close()
			if info.Builtin {
				return usagef("%q is built in and cannot be removed; hide it with: hone decks hide %q", name, name)
			}
			if !yes && !e.terminal() {
				return usagef("removing deck %q needs a yes: run it in a terminal to be asked, or add --yes", name)
			}
			if !yes {
				fmt.Fprintf(e.stdout, "Remove deck %q and its %d cards from reviews? Its review history is kept. [y/N] ", name, info.Cards)
				line, _ := bufio.NewReader(e.stdin).ReadString('\n')
				if a := strings.ToLower(strings.TrimSpace(line)); a != "y" && a != "yes" {
					fmt.Fprintln(e.stdout, "Nothing removed.")
					return nil
				}
			}
			n, err := store.RemoveDeck(name)
			if err != nil {
				return err
			}
			fmt.Fprintf(e.stdout, "Removed deck %q: %d cards retired, history kept.\n", name, n)
			return nil
		},
	}
	cmd.Flags().BoolVarP(&yes, "yes", "y", false, "do not ask for confirmation")
	return cmd
}

func newDecksHideCmd(e env, f *flags, hide bool) *cobra.Command {
	use, short, done := "hide NAME", "Hide a deck from home, reviews and stats", "Hidden"
	if !hide {
		use, short, done = "unhide NAME", "Show a hidden deck again", "Shown"
	}
	return &cobra.Command{
		Use:   use,
		Short: short,
		Args:  exactArgs("NAME"),
		RunE: func(_ *cobra.Command, args []string) error {
			store, _, err := findDeck(e, f, args[0])
			if err != nil {
				return err
			}
			defer store.Close()
			if err := store.SetHidden(args[0], hide); err != nil {
				return err
			}
			fmt.Fprintf(e.stdout, "%s deck %q.\n", done, args[0])
			return nil
		},
	}
}

// findDeck opens the store and looks up a deck by name, suggesting the
// closest name when there is none.
func findDeck(e env, f *flags, name string) (*srs.Store, srs.DeckInfo, error) {
	store, err := openStore(e, f)
	if err != nil {
		return nil, srs.DeckInfo{}, err
	}
	list, err := store.Decks()
	if err != nil {
		store.Close()
		return nil, srs.DeckInfo{}, err
	}
	var names []string
	for _, d := range list {
		if d.Name == name {
			return store, d, nil
		}
		names = append(names, d.Name)
	}
	store.Close()
	return nil, srs.DeckInfo{}, usagef("no deck named %q%s", name, suggest(name, names))
}
