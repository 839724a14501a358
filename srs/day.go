package srs

import (
	"math"
	"time"
)

// dayStartHour is when a hone day begins, local time. A review at 01:30 still
// belongs to the evening before.
const dayStartHour = 4

const secondsPerDay = 24 * 60 * 60

// Day is a hone day: the local calendar date of the moment, counting a time
// before 04:00 as the previous date, numbered in days since 1970-01-01.
type Day int32

// DayOf is the hone day of t in t's own location. It works on the wall clock,
// not on elapsed hours, so daylight saving changes never move the boundary.
func DayOf(t time.Time) Day {
	y, m, d := t.Date()
	civil := time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
	if t.Hour() < dayStartHour {
		civil = civil.AddDate(0, 0, -1)
	}
	n := civil.Unix() / secondsPerDay
	return Day(min(max(n, math.MinInt32), math.MaxInt32))
}

// Time is the start of the day: 04:00 in loc (time.Local when nil).
func (d Day) Time(loc *time.Location) time.Time {
	if loc == nil {
		loc = time.Local
	}
	y, m, dd := d.civil()
	return time.Date(y, m, dd, dayStartHour, 0, 0, 0, loc)
}

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
