package main

import (
	"strings"

	"github.com/spf13/cobra"

	"github.com/hone-srs/hone/srs"
	"github.com/hone-srs/hone/tui"
)

func newBrowseCmd(e env, f *flags) *cobra.Command {
	return &cobra.Command{
		Use:   "browse [QUERY]",
		Short: "Find cards, and suspend, bury, flag or reset them",
		Long: `browse opens the card browser on a search. Words match a card's text;
fields narrow by what hone knows of it:

  deck:NAME  topic:NAME  tag:NAME        * in a name matches anything
  is:new  is:due  is:review  is:suspended  is:leech  is:buried  is:flagged
  flag:red (or 1-7; flag:0 is none)
  lapses>3  lapses<=1  reviews=0
  -TERM                                   cards that do not match TERM

Quote a name with spaces: deck:"Go idioms". In the browser, / edits the
search, enter shows the card, s suspends, - buries until tomorrow, 1-7 flag
(0 takes the flag off), R resets to new and u undoes.`,
		Example: `  hone browse is:leech
  hone browse 'deck:"Go idioms" lapses>3'
  hone browse tag:concurrency channel`,
		RunE: func(cmd *cobra.Command, args []string) error {
			query := joinQuery(args)
			if _, err := srs.ParseQuery(query); err != nil {
				return usagef("%v", err)
			}
			return runApp(cmd.Context(), e, f, func(o *tui.Options) { o.Browse = &query })
		},
	}
}

// joinQuery makes one search of the words the shell split: a word that
// holds a space was quoted on the command line, and is quoted again
// (deck:Go idioms is deck:"Go idioms").
func joinQuery(args []string) string {
	parts := make([]string, len(args))
	for i, a := range args {
		if !strings.ContainsAny(a, " \t") || strings.Contains(a, `"`) {
			parts[i] = a
			continue
		}
		if field, value, ok := strings.Cut(a, ":"); ok && !strings.ContainsAny(field, " \t") {
			parts[i] = field + `:"` + value + `"`
		} else {
			parts[i] = `"` + a + `"`
		}
	}
	return strings.Join(parts, " ")
}
