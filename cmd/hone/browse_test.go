package main

import (
	"testing"

	"github.com/hone-srs/hone/srs"
)

// The shell splits a search into words and takes its quotes: joinQuery
// puts back the quotes a field's value needs.
func TestJoinQuery(t *testing.T) {
	for _, c := range []struct {
		args []string
		want string
	}{
		{nil, ""},
		{[]string{"is:leech", "lapses>3"}, "is:leech lapses>3"},
		{[]string{"deck:Go idioms", "channel"}, `deck:"Go idioms" channel`},
		{[]string{"two words"}, `"two words"`},
		{[]string{`deck:"Go idioms" is:new`}, `deck:"Go idioms" is:new`},
	} {
		got := joinQuery(c.args)
		if got != c.want {
			t.Errorf("joinQuery(%q) = %q, want %q", c.args, got, c.want)
		}
		if _, err := srs.ParseQuery(got); err != nil {
			t.Errorf("%q does not parse: %v", got, err)
		}
	}
}

// leech_lapses reaches the store as its option: unset is the default, 0
// is off.
func TestLeechSetting(t *testing.T) {
	n := func(v int) *int { return &v }
	for _, c := range []struct {
		set  *int
		want int
	}{{nil, 0}, {n(0), -1}, {n(5), 5}} {
		if got := (config{Leech: c.set}).leechLapses(); got != c.want {
			t.Errorf("leech_lapses %v: option %d, want %d", c.set, got, c.want)
		}
	}
}
