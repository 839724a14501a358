package main

import (
	"github.com/spf13/cobra"

	"github.com/hone-srs/hone/tui"
)

func newReviewCmd(e env, f *flags) *cobra.Command {
	var scope tui.Scope
	cmd := &cobra.Command{
		Use:   "review",
		Short: "Review today's due cards, then new ones",
		Example: `  hone review
  hone review --deck "ITIL 4 technical management practices"
  hone review --topic "Deployment management" --new 5`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if err := checkScope(e, f, scope.Deck, scope.Topic); err != nil {
				return err
			}
			return runTUI(cmd.Context(), e, f, &scope)
		},
	}
	cmd.Flags().StringVar(&scope.Deck, "deck", "", "only this deck")
	cmd.Flags().StringVar(&scope.Topic, "topic", "", "only this topic")
	return cmd
}
