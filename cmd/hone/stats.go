package main

import (
	"encoding/json"
	"fmt"
	"math"

	"github.com/charmbracelet/colorprofile"
	"github.com/spf13/cobra"

	"github.com/hone-srs/hone/deck"
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
	Recall       *float64    `json:"predicted_recall"` // mean over the reviewed cards; null with none
	Forecast     []int       `json:"forecast"`
	Topics       []topicJSON `json:"topics"`
	Cards        []cardJSON  `json:"cards,omitempty"` // with --cards only
	// Heatmap is the answers of each day with any, over the stats'
	// heatmap days, by date (YYYY-MM-DD).
	Heatmap map[string]int `json:"heatmap"`
}

type cardJSON struct {
	ID     string  `json:"id"`
	Deck   string  `json:"deck"`
	Topic  string  `json:"topic"`
	Due    string  `json:"due"`    // YYYY-MM-DD
	Recall float64 `json:"recall"` // predicted chance of recall today, the retrievability
}

type topicJSON struct {
	Deck     string   `json:"deck"`
	Topic    string   `json:"topic"`
	Cards    int      `json:"cards"`
	Seen     int      `json:"seen"`
	Accuracy *float64 `json:"accuracy"` // null with no answers in 30 days
	Lapses   int      `json:"lapses"`
	Recall   *float64 `json:"recall"`   // mean predicted recall today of the seen cards; null with none
	AvgEF    *float64 `json:"avg_ef"`   // always null: kept for scripts, the scheduler interface has no EF
	Weakness *float64 `json:"weakness"` // null when there is not enough data
}

func toJSON(st srs.Stats) statsJSON {
	out := statsJSON{
		ReviewsToday: st.ReviewsToday, DueToday: st.DueToday, NewAvailable: st.NewAvailable,
		StreakDays: st.Streak, Forecast: st.Forecast[:], Topics: []topicJSON{}, Heatmap: map[string]int{},
	}
	for d, n := range st.Heatmap {
		out.Heatmap[d.String()] = n
	}
	if st.HasRetention {
		out.Retention = ratio(st.Retention)
	}
	if st.Seen > 0 {
		out.Recall = ratio(st.Recall)
	}
	for _, t := range st.Topics {
		tj := topicJSON{Deck: deck.SanitizeLine(t.Deck), Topic: deck.SanitizeLine(t.Topic), Cards: t.Cards, Seen: t.Seen, Lapses: t.Lapses}
		if t.Answers > 0 {
			tj.Accuracy = ratio(t.Accuracy())
		}
		if t.Seen > 0 {
			tj.Recall = ratio(t.Recall)
		}
		if t.Enough {
			tj.Weakness = ratio(t.Weakness)
		}
		out.Topics = append(out.Topics, tj)
	}
	return out
}

// ratio rounds a 0..1 figure to 8 decimals for printing (as FSRS rounds),
// so that scripts never see float noise such as 2.4170000000000003.
func ratio(v float64) *float64 {
	r := math.Round(v*1e8) / 1e8
	return &r
}

func newStatsCmd(e env, f *flags) *cobra.Command {
	var asJSON, cards bool
	cmd := &cobra.Command{
		Use:   "stats",
		Short: "Reviews, forecast, streak and weak topics",
		Args:  noArgs,
		RunE: func(*cobra.Command, []string) error {
			if cards && !asJSON {
				return usagef("--cards goes with --json: hone stats --json --cards")
			}
			var st srs.Stats
			var recalls []srs.CardRecall
			today := f.today(e)
			err := withStore(e, f, func(store *srs.Store) (err error) {
				if st, err = store.Stats(today, f.limits()); err != nil || !cards {
					return err
				}
				recalls, err = store.CardRecalls(today)
				return err
			})
			if err != nil {
				return err
			}
			if asJSON {
				out := toJSON(st)
				for _, c := range recalls {
					out.Cards = append(out.Cards, cardJSON{ID: deck.SanitizeLine(c.ID), Deck: deck.SanitizeLine(c.Deck), Topic: deck.SanitizeLine(c.Topic), Due: c.Due.String(), Recall: *ratio(c.Recall)})
				}
				enc := json.NewEncoder(e.stdout)
				enc.SetIndent("", "  ")
				return enc.Encode(out)
			}
			// Through a colour-profile writer, pipes and NO_COLOR get plain
			// text.
			w := &colorprofile.Writer{Forward: e.stdout, Profile: e.profile}
			_, err = fmt.Fprintln(w, tui.RenderStats(st, 80, true))
			return err
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print one JSON object for scripts")
	cmd.Flags().BoolVar(&cards, "cards", false, "with --json: add every reviewed card's predicted recall today")
	return cmd
}
