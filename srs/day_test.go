package srs

import (
	"math"
	"testing"
	"time"
	_ "time/tzdata" // DST tests must not depend on the machine's zoneinfo
)

func TestDayOf(t *testing.T) {
	ny, err := time.LoadLocation("America/New_York")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		t    time.Time
		want string
	}{
		{time.Date(2025, 3, 10, 3, 59, 59, 999, time.UTC), "2025-03-09"},
		{time.Date(2025, 3, 10, 4, 0, 0, 0, time.UTC), "2025-03-10"},
		{time.Date(2025, 3, 10, 23, 59, 0, 0, time.UTC), "2025-03-10"},
		{time.Date(2025, 3, 11, 1, 30, 0, 0, time.UTC), "2025-03-10"}, // late night: same day
		{time.Date(2025, 1, 1, 2, 0, 0, 0, time.UTC), "2024-12-31"},   // across a year
		{time.Date(2024, 3, 1, 3, 0, 0, 0, time.UTC), "2024-02-29"},   // leap day
		// New York springs forward 02:00 → 03:00 on 2025-03-09.
		{time.Date(2025, 3, 9, 1, 59, 0, 0, ny), "2025-03-08"},
		{time.Date(2025, 3, 9, 3, 59, 0, 0, ny), "2025-03-08"},
		{time.Date(2025, 3, 9, 4, 0, 0, 0, ny), "2025-03-09"},
		// and falls back 02:00 → 01:00 on 2025-11-02: both 01:30s are the 1st.
		{time.Date(2025, 11, 2, 5, 30, 0, 0, time.UTC).In(ny), "2025-11-01"},
		{time.Date(2025, 11, 2, 6, 30, 0, 0, time.UTC).In(ny), "2025-11-01"},
		{time.Date(2025, 11, 2, 4, 0, 0, 0, ny), "2025-11-02"},
		{time.Date(1970, 1, 1, 4, 0, 0, 0, time.UTC), "1970-01-01"},
		{time.Date(1969, 12, 31, 12, 0, 0, 0, time.UTC), "1969-12-31"},
	}
	for _, tt := range tests {
		if got := DayOf(tt.t).String(); got != tt.want {
			t.Errorf("DayOf(%s) = %s, want %s", tt.t, got, tt.want)
		}
	}
	if d := DayOf(time.Date(1970, 1, 2, 4, 0, 0, 0, time.UTC)); d != 1 {
		t.Errorf("1970-01-02 is day %d, want 1", d)
	}
	if d := DayOf(time.Date(1969, 12, 31, 12, 0, 0, 0, time.UTC)); d != -1 {
		t.Errorf("1969-12-31 is day %d, want -1", d)
	}
}

func TestDayTime(t *testing.T) {
	ny, _ := time.LoadLocation("America/New_York")
	for _, loc := range []*time.Location{time.UTC, ny} {
		start := DayOf(time.Date(2025, 1, 1, 12, 0, 0, 0, loc))
		for d := start; d < start+366; d++ {
			at := d.Time(loc)
			if at.Hour() != 4 || at.Minute() != 0 {
				t.Fatalf("%s in %s starts at %s", d, loc, at)
			}
			if DayOf(at) != d || DayOf(at.Add(-time.Nanosecond)) != d-1 {
				t.Fatalf("%s in %s: boundary at %s is off", d, loc, at)
			}
		}
	}
	// The day of spring forward is 23 hours long.
	d := DayOf(time.Date(2025, 3, 8, 12, 0, 0, 0, ny))
	if got := (d + 1).Time(ny).Sub(d.Time(ny)); got != 23*time.Hour {
		t.Errorf("2025-03-08 in New York lasts %s", got)
	}
	if Day(0).Time(nil).IsZero() {
		t.Error("nil location")
	}
}

func TestDayAddSaturates(t *testing.T) {
	if got := Day(math.MaxInt32 - 1).Add(MaxInterval); got != math.MaxInt32 {
		t.Errorf("got %d", got)
	}
	if got := Day(math.MinInt32 + 1).Add(-5); got != math.MinInt32 {
		t.Errorf("got %d", got)
	}
	if got := DayOf(time.Date(9_000_000, 1, 1, 12, 0, 0, 0, time.UTC)); got != math.MaxInt32 {
		t.Errorf("far future: %d", got)
	}
}
