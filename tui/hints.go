package tui

import (
	"math"
	"strings"

	"github.com/hone-srs/hone/srs"
)

// hintRun is a run of grade keys whose hints say the same interval: the
// interval is said once for the run, and what else differs between its
// grades (SM-2's ease, say) is said instead, so that "1d 1d 1d" never
// reads as if the grades did nothing.
type hintRun struct {
	from, to int    // the grades' indices in srs.Grades, inclusive
	when     string // "today" for a grade that brings the card back in this sitting, else the interval
	differs  string // what the run's grades change apart from the interval: "ease −0.14/±0/+0.10"
}

// hintRuns groups the four grades' hints. Again, which brings the card
// back in this sitting, says "today"; the others are grouped by interval.
// It is pure, and names no scheduler: the facts come from srs.
func hintRuns(hints [4]srs.Hint, before []srs.Fact) []hintRun {
	var runs []hintRun
	for i := 0; i < len(hints); i++ {
		if srs.Grades[i] == srs.Again {
			runs = append(runs, hintRun{from: i, to: i, when: "today"})
			continue
		}
		j := i
		for j+1 < len(hints) && srs.Grades[j+1] != srs.Again && hints[j+1].Days == hints[i].Days {
			j++
		}
		run := hintRun{from: i, to: j, when: interval(hints[i].Days)}
		if j > i {
			run.differs = differs(hints[i:j+1], before)
		}
		runs = append(runs, run)
		i = j
	}
	return runs
}

// differs words the first fact whose value is not the same for every hint,
// as each grade's change from before (or its value, for a card with no
// memory yet): "ease −0.14/±0/+0.10". "" when the facts agree too.
func differs(hints []srs.Hint, before []srs.Fact) string {
	if len(hints) == 0 {
		return ""
	}
	for k := range hints[0].Facts {
		same := true
		for _, h := range hints[1:] {
			if k >= len(h.Facts) || h.Facts[k].String() != hints[0].Facts[k].String() {
				same = false
			}
		}
		if same {
			continue
		}
		from := srs.Fact{Value: math.NaN()}
		if k < len(before) {
			from = before[k]
		}
		var changes []string
		for _, h := range hints {
			if k < len(h.Facts) {
				changes = append(changes, h.Facts[k].Change(from))
			}
		}
		return hints[0].Facts[k].Name + " " + strings.Join(changes, "/")
	}
	return ""
}
