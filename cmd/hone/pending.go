package main

import (
	"fmt"
	"io"
	"strings"

	"github.com/hone-srs/hone/deck"
	"github.com/hone-srs/hone/srs"
	"github.com/hone-srs/hone/tui"
)

// pendingLine says which decks from other devices are still being taken
// in; "" when none are.
func pendingLine(pending []srs.PendingDeck) string {
	if len(pending) == 0 {
		return ""
	}
	names := make([]string, len(pending))
	for i, p := range pending {
		names[i] = pendingName(p)
	}
	if len(pending) == 1 {
		return "1 deck from another device is still being taken in: " + names[0] + "; the next sync finishes it"
	}
	return fmt.Sprintf("%d decks from other devices are still being taken in: %s; the next sync finishes them", len(pending), strings.Join(names, ", "))
}

// pendingName is the deck's name, quoted, and its cards if known:
// "X" (100,000 cards).
func pendingName(p srs.PendingDeck) string {
	name := fmt.Sprintf("%q", deck.SanitizeLine(p.Name))
	if p.Cards >= 0 {
		name += fmt.Sprintf(" (%s %s)", tui.Thousands(p.Cards), plural(p.Cards, "card"))
	}
	return name
}

// syncSummary is rep's Summary and the decks from other devices the sync
// finished taking in.
func syncSummary(rep srs.SyncReport) string {
	var parts []string
	if s := rep.Summary(); s != "" {
		parts = append(parts, s)
	}
	for _, p := range rep.TookIn {
		parts = append(parts, "took in deck "+pendingName(p)+" from another device")
	}
	return deck.SanitizeLine(strings.Join(parts, "; "))
}

// printPending writes pendingLine, if there is one.
func printPending(w io.Writer, store *srs.Store) error {
	pending, err := store.PendingDecks()
	if err != nil {
		return err
	}
	if line := pendingLine(pending); line != "" {
		_, err = fmt.Fprintln(w, line)
	}
	return err
}
