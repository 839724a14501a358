package srs

import (
	"fmt"
	"math"
	"time"
)

// defaultDayStartHour is when a hone day begins unless the user sets
// another hour: a review at 01:30 still belongs to the evening before.
const defaultDayStartHour = 4

const secondsPerDay = 24 * 60 * 60

// Day is a hone day: the local calendar date of the moment, counting a time
// before the day's start hour as the previous date, numbered in days since
// 1970-01-01.
type Day int32

// DayStart is the hour, local time, at which a hone day begins. Its zero
// value is the default, 04:00; DayStartAt makes another.
type DayStart struct {
	shift int8 // hours after the default start, so that the zero value is it
}

// DayStartAt is a day that begins at hour (0–23) local time.
func DayStartAt(hour int) (DayStart, error) {
	if hour < 0 || hour > 23 {
		return DayStart{}, fmt.Errorf("the day start hour must be 0 to 23, not %d", hour)
	}
	return DayStart{shift: int8(hour - defaultDayStartHour)}, nil
}

// Hour is the hour the day begins.
func (s DayStart) Hour() int { return defaultDayStartHour + int(s.shift) }

// Of is the hone day of t in t's own location. It works on the wall clock,
// not on elapsed hours, so daylight saving changes never move the boundary.
func (s DayStart) Of(t time.Time) Day {
	y, m, d := t.Date()
	civil := time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
	if t.Hour() < s.Hour() {
		civil = civil.AddDate(0, 0, -1)
	}
	n := civil.Unix() / secondsPerDay
	return Day(min(max(n, math.MinInt32), math.MaxInt32))
}

// Start is when day d begins, in loc (time.Local when nil).
func (s DayStart) Start(d Day, loc *time.Location) time.Time {
	if loc == nil {
		loc = time.Local
	}
	y, m, dd := d.civil()
	return time.Date(y, m, dd, s.Hour(), 0, 0, 0, loc)
}

// DayOf is the hone day of t with the default start hour.
func DayOf(t time.Time) Day { return DayStart{}.Of(t) }

// Time is the start of the day with the default start hour, in loc
// (time.Local when nil).
func (d Day) Time(loc *time.Location) time.Time { return DayStart{}.Start(d, loc) }

// String is the day's date, YYYY-MM-DD.
func (d Day) String() string {
	return time.Unix(int64(d)*secondsPerDay, 0).UTC().Format(time.DateOnly)
}

// Add is d plus n days, saturating instead of wrapping, so that a clock set
// far into the future cannot produce a due day in the past.
func (d Day) Add(n int) Day {
	return Day(min(max(int64(d)+int64(n), math.MinInt32), math.MaxInt32))
}

func (d Day) civil() (int, time.Month, int) {
	return time.Unix(int64(d)*secondsPerDay, 0).UTC().Date()
}
