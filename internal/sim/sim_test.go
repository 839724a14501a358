package sim

import (
	"testing"

	"github.com/hone-srs/hone/srs"
)

func small(c srs.SchedulerSettings, seed uint64) Config {
	cfg := Defaults(c, seed)
	cfg.Cards, cfg.Days = 200, 120
	return cfg
}

func mustRun(t *testing.T, cfg Config) Result {
	t.Helper()
	res, err := Run(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// A seed gives one result; the deck is all introduced and reviewed.
func TestRunIsDeterministic(t *testing.T) {
	for _, c := range []srs.SchedulerSettings{srs.DefaultSettings(), srs.DefaultFSRSSettings()} {
		a, b := mustRun(t, small(c, 4)), mustRun(t, small(c, 4))
		if a != b {
			t.Errorf("%s: %+v then %+v", c.Name, a, b)
		}
		// 200 cards at 20 a day: every card's first review, and more.
		if a.Reviews <= 200 || a.Repeats == 0 || a.Remembered <= 0 || a.Remembered > 200 {
			t.Errorf("%s: %+v", c.Name, a)
		}
		if a.RecallShare < 0.8 || a.RecallShare > 1 {
			t.Errorf("%s: recall share %v", c.Name, a.RecallShare)
		}
	}
}

// A higher desired retention asks for more reviews and gets more recall.
func TestRetentionOrdersWorkAndRecall(t *testing.T) {
	var prev Result
	for i, r := range []float64{0.8, 0.9, 0.97} {
		c, err := srs.SettingsFor(srs.SchedulerFSRS, r)
		if err != nil {
			t.Fatal(err)
		}
		res := mustRun(t, small(c, 2))
		if i > 0 && (res.Reviews <= prev.Reviews || res.RecallShare <= prev.RecallShare) {
			t.Errorf("retention %v: %+v, after %+v", r, res, prev)
		}
		prev = res
	}
}

func TestMedian(t *testing.T) {
	for _, tt := range []struct {
		in   []float64
		want float64
	}{{[]float64{3, 1, 2}, 2}, {[]float64{4, 1, 3, 2}, 2.5}, {[]float64{7}, 7}} {
		if got := Median(tt.in); got != tt.want {
			t.Errorf("Median(%v) = %v", tt.in, got)
		}
	}
}

func TestBadScheduler(t *testing.T) {
	if _, err := Run(Config{Scheduler: srs.SchedulerSettings{Name: "x"}}); err == nil {
		t.Error("no error for an unknown scheduler")
	}
}
