// Command run compares hone's schedulers on a simulated learner: a year
// of daily reviews of a 1,000-card deck at 20 new cards a day, over
// several seeds. See package sim for the model.
//
//	go run ./internal/sim/run [-seeds 9]
package main

import (
	"flag"
	"fmt"
	"os"
	"slices"

	"github.com/hone-srs/hone/internal/sim"
	"github.com/hone-srs/hone/srs"
)

func main() {
	seeds := flag.Int("seeds", 9, "runs per scheduler, seeds 1..n")
	flag.Parse()
	runs := []struct {
		name string
		ret  float64
	}{{"sm2", 0}, {"fsrs", 0.9}, {"fsrs", 0.85}, {"fsrs", 0.95}}
	fmt.Printf("%d seeds each; median (min–max)\n\n", *seeds)
	fmt.Println("| scheduler | answers | reviews | same-day repeats | answers per card remembered at day 365 | share recalled on a random day |")
	fmt.Println("| --- | --- | --- | --- | --- | --- |")
	for _, r := range runs {
		c, err := srs.SettingsFor(r.name, r.ret)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		var total, reviews, repeats, per, share []float64
		for seed := range uint64(*seeds) {
			res, err := sim.Run(sim.Defaults(c, seed+1))
			if err != nil {
				fmt.Fprintln(os.Stderr, err)
				os.Exit(1)
			}
			total = append(total, float64(res.Total()))
			reviews = append(reviews, float64(res.Reviews))
			repeats = append(repeats, float64(res.Repeats))
			per = append(per, res.PerRemembered())
			share = append(share, res.RecallShare)
		}
		name := c.Name
		if c.Retention != 0 {
			name += fmt.Sprintf(" %.2f", c.Retention)
		}
		fmt.Printf("| %s | %s | %s | %s | %s | %s |\n", name,
			spread(total, "%.0f"), spread(reviews, "%.0f"), spread(repeats, "%.0f"), spread(per, "%.2f"), spread(share, "%.3f"))
	}
}

// spread is the median with the range of the runs.
func spread(xs []float64, format string) string {
	lo, hi := slices.Min(xs), slices.Max(xs)
	return fmt.Sprintf(format+" ("+format+"–"+format+")", sim.Median(slices.Clone(xs)), lo, hi)
}
