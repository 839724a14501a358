package main

import (
	"fmt"
	"io"
	"sort"

	"github.com/spf13/cobra"
)

func newConfigCmd(e env, f *flags) *cobra.Command {
	return &cobra.Command{
		Use:   "config",
		Short: "Show the settings file and the settings in force",
		Long: `config prints where hone reads its settings from and what is in force,
after the flags of this run. The file is TOML:

  new_per_deck = 20      # new cards a day, in each deck
  max_reviews = 200      # reviews a day, all decks together
  day_starts_at = 4      # the hour (0-23) a new day begins
  theme = "auto"         # auto, dark or light
  leech_lapses = 8       # lapses that make a card a leech (suspended); 0: never
  sync_dir = "~/Sync/hone"  # sync through this folder at the start
                            # and end of every session (hone sync --help)

  [deck."Go idioms"]     # one deck's own limits
  new_per_day = 5
  max_reviews = 50`,
		Args: noArgs,
		RunE: func(*cobra.Command, []string) error {
			if f.cfg.path == "" {
				return f.cfgErr
			}
			return printConfig(e.stdout, f)
		},
	}
}

// printConfig writes the file's path and every setting in force, saying
// where each comes from.
func printConfig(w io.Writer, f *flags) error {
	c := f.cfg
	state := "not there; the defaults are in force"
	if c.found {
		state = "read"
	}
	if f.cfgErr != nil {
		state = "not used: it has a problem"
	}
	fmt.Fprintf(w, "settings file  %s (%s)\n", c.path, state)
	if f.cfgErr != nil {
		return f.cfgErr
	}
	theme := c.Theme
	if theme == "" {
		theme = "auto"
	}
	fmt.Fprintf(w, "new_per_deck   %d\n", f.newPerDeck)
	fmt.Fprintf(w, "max_reviews    %d\n", f.reviews)
	fmt.Fprintf(w, "day_starts_at  %d (a day begins at %02d:00)\n", f.dayStart.Hour(), f.dayStart.Hour())
	fmt.Fprintf(w, "theme          %s\n", theme)
	fmt.Fprintf(w, "leech_lapses   %s\n", c.leechText())
	sync := "off (hone sync --help)"
	if c.SyncDir != "" {
		sync = c.SyncDir
	}
	fmt.Fprintf(w, "sync_dir       %s\n", sync)
	names := make([]string, 0, len(c.Decks))
	for n := range c.Decks {
		names = append(names, n)
	}
	sort.Strings(names)
	l := f.limits()
	for _, n := range names {
		fmt.Fprintf(w, "deck %q: new_per_day %d, max_reviews %s\n", n, l.NewFor(n), limitText(l.ReviewsFor(n)))
	}
	return nil
}

func limitText(n int) string {
	if n < 0 {
		return "no limit"
	}
	return fmt.Sprint(n)
}
