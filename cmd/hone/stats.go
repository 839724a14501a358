package main

import (
	"encoding/json"
	"fmt"

	"github.com/charmbracelet/colorprofile"
	"github.com/spf13/cobra"

	"github.com/hone-srs/hone/srs"
	"github.com/hone-srs/hone/tui"
)

// statsJSON is the shape `hone stats --json` promises scripts. Keys only
// ever get added.
type statsJSON struct {
	ReviewsToday int         `json:"reviews_today"`
	DueToday     int         `json:"due_today"`
	NewAvailable int         `json:"new_available"`
	StreakDays   int         `json:"streak_days"`
	Retention    *float64    `json:"retention"`
	Forecast     []int       `json:"forecast"`
	Topics       []topicJSON `json:"topics"`
}

type topicJSON struct {
	Deck     string   `json:"deck"`
	Topic    string   `json:"topic"`
	Cards    int      `json:"cards"`
	Seen     int      `json:"seen"`
	Accuracy *float64 `json:"accuracy"` // null with no answers in 30 days
	Lapses   int      `json:"lapses"`
	AvgEF    *float64 `json:"avg_ef"`   // null with no card seen
	Weakness *float64 `json:"weakness"` // null when there is not enough data
}

func toJSON(st srs.Stats) statsJSON {
	out := statsJSON{
		ReviewsToday: st.ReviewsToday, DueToday: st.DueToday, NewAvailable: st.NewAvailable,
		StreakDays: st.Streak, Forecast: st.Forecast[:], Topics: []topicJSON{},
	}
	if st.HasRetention {
		out.Retention = &st.Retention
	}
	for _, t := range st.Topics {
		tj := topicJSON{Deck: t.Deck, Topic: t.Topic, Cards: t.Cards, Seen: t.Seen, Lapses: t.Lapses}
		if t.Answers > 0 {
			tj.Accuracy = ptr(t.Accuracy())
		}
		if t.Seen > 0 {
			tj.AvgEF = ptr(t.AvgEF)
		}
		if t.Enough {
			tj.Weakness = ptr(t.Weakness)
		}
		out.Topics = append(out.Topics, tj)
	}
	return out
}

func ptr[T any](v T) *T { return &v }

func newStatsCmd(e env, f *flags) *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "stats",
		Short: "Reviews, forecast, streak and weak topics",
		Args:  cobra.NoArgs,
		RunE: func(*cobra.Command, []string) error {
			var st srs.Stats
			err := withStore(e, f, func(store *srs.Store) (err error) {
				st, err = store.Stats(srs.DayOf(e.now()), f.newPerDeck)
				return err
			})
			if err != nil {
				return err
			}
			if asJSON {
				enc := json.NewEncoder(e.stdout)
				enc.SetIndent("", "  ")
				return enc.Encode(toJSON(st))
			}
			// Through a colour-profile writer, pipes and NO_COLOR get plain
			// text.
			w := &colorprofile.Writer{Forward: e.stdout, Profile: e.profile}
			_, err = fmt.Fprintln(w, tui.RenderStats(st, 80, true))
			return err
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print one JSON object for scripts")
	return cmd
}
