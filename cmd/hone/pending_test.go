package main

import (
	"testing"

	"github.com/hone-srs/hone/srs"
)

func TestPendingLine(t *testing.T) {
	tests := []struct {
		pending []srs.PendingDeck
		want    string
	}{
		{nil, ""},
		{[]srs.PendingDeck{{Name: "X", Cards: 100000}}, `1 deck from another device is still being taken in: "X" (100,000 cards); the next sync finishes it`},
		{[]srs.PendingDeck{{Name: "one", Cards: 1}, {Name: "a\x1b[31mb", Cards: -1}, {Name: "k", Cards: 1234567}},
			`3 decks from other devices are still being taken in: "one" (1 card), "ab", "k" (1,234,567 cards); the next sync finishes them`},
	}
	for _, tt := range tests {
		if got := pendingLine(tt.pending); got != tt.want {
			t.Errorf("%+v:\n got %q\nwant %q", tt.pending, got, tt.want)
		}
	}
}
