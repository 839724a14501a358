package main

import (
	"github.com/spf13/cobra"

	"github.com/hone-srs/hone/tui"
)

func newDrillCmd(e env, f *flags) *cobra.Command {
	scope := tui.Scope{Drill: true}
	cmd := &cobra.Command{
		Use:   "drill",
		Short: "Practise weak topics; the schedule stays as is",
		Long: `drill builds a session from your weakest topics (or the one you name):
their weakest cards first, due or not, with their scenario cards mixed in.
Drill answers count towards topic accuracy and stats, but they never change
when a card is next due.`,
		Example: `  hone drill
  hone drill --topic "Monitoring and event management" -n 10`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if scope.Size < 1 {
				return usagef("-n must be 1 or more, not %d", scope.Size)
			}
			if err := checkScope(e, f, scope.Deck, scope.Topic); err != nil {
				return err
			}
			return runTUI(cmd.Context(), e, f, &scope)
		},
	}
	cmd.Flags().StringVar(&scope.Deck, "deck", "", "only topics of this deck")
	cmd.Flags().StringVar(&scope.Topic, "topic", "", "drill this topic")
	cmd.Flags().IntVarP(&scope.Size, "cards", "n", 20, "cards in the drill")
	return cmd
}
