package main

import (
	"strings"

	"github.com/hone-srs/hone/srs"
)

// checkScope refuses a --deck or --topic that names nothing, suggesting the
// closest name there is.
func checkScope(e env, f *flags, deckName, topic string) error {
	if deckName == "" && topic == "" {
		return nil
	}
	var list []srs.DeckInfo
	err := withStore(e, f, func(store *srs.Store) (err error) {
		list, err = store.Decks()
		return err
	})
	if err != nil {
		return err
	}
	var names, topics []string
	for _, d := range list {
		names = append(names, d.Name)
		if deckName == "" || d.Name == deckName {
			topics = append(topics, d.Topics...)
		}
	}
	if deckName != "" && !contains(names, deckName) {
		var all []string
		for _, d := range list {
			all = append(all, d.Topics...)
		}
		if contains(all, deckName) {
			return usagef("%q is a topic, not a deck; use --topic %q", deckName, deckName)
		}
		return usagef("no deck named %q%s", deckName, orList(suggest(deckName, names), "hone decks"))
	}
	if topic != "" && !contains(topics, topic) {
		return usagef("no topic named %q%s", topic, orList(suggest(topic, topics), "hone stats"))
	}
	return nil
}

// orList falls back to pointing at the command that lists the names when
// there is no close one to suggest.
func orList(suggestion, lister string) string {
	if suggestion != "" {
		return suggestion
	}
	return "; " + lister + " lists them"
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// suggest offers the closest of names to s, when one is close enough to be
// what was meant.
func suggest(s string, names []string) string {
	best, bestDist := "", -1
	for _, n := range names {
		d := distance(strings.ToLower(s), strings.ToLower(n))
		if strings.Contains(strings.ToLower(n), strings.ToLower(s)) {
			d = min(d, 1)
		}
		if bestDist < 0 || d < bestDist {
			best, bestDist = n, d
		}
	}
	if best == "" || bestDist > max(len(s)/3, 2) {
		return ""
	}
	return "; did you mean " + `"` + best + `"?`
}

// distance is the Levenshtein distance between a and b, in runes.
func distance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}
