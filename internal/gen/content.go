package main

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"strings"
)

// Words for generated card text. The text only has to look like a deck to
// the parser and the renderer: headings, paragraphs, lists, emphasis, code
// spans and lettered options, in the lengths real cards have.
var (
	nouns = strings.Fields(`service practice incident change release deployment pipeline cluster node
		volume backup snapshot certificate token session cache queue topic partition replica
		index shard schema migration rollback build artifact image container pod scheduler
		quota budget contract supplier vendor catalogue request approval audit control risk
		metric alert threshold dashboard baseline capacity latency throughput outage runbook
		playbook escalation owner stakeholder customer consumer provider value stream outcome`)
	verbs = strings.Fields(`deploys monitors restores approves records routes balances replicates
		measures escalates schedules validates encrypts rotates archives reports detects
		isolates restarts scales throttles promotes retires registers reviews publishes`)
	adjectives = strings.Fields(`critical stale primary secondary degraded healthy planned emergency
		standard normal major minor shared dedicated managed external internal rolling blue green
		canary hot cold warm automated manual`)
	openers = []string{"What does", "Why does", "When does", "How does", "Which part of", "Who owns", "What happens when"}
)

// text writes n words of prose with an occasional **bold** word or
// `code` span, ending in a full stop.
func text(r *rand.Rand, b *strings.Builder, n int) {
	for i := range n {
		if i > 0 {
			b.WriteByte(' ')
		}
		var w string
		switch r.IntN(3) {
		case 0:
			w = pick(r, nouns)
		case 1:
			w = pick(r, verbs)
		default:
			w = pick(r, adjectives)
		}
		switch x := r.IntN(40); {
		case x == 0:
			w = "**" + w + "**"
		case x == 1:
			w = "`" + w + "`"
		}
		if i == 0 {
			w = strings.ToUpper(w[:1]) + w[1:]
		}
		b.WriteString(w)
	}
	b.WriteByte('.')
}

func pick(r *rand.Rand, words []string) string { return words[r.IntN(len(words))] }

// front is a question unique within its deck: n is the card's number.
func front(r *rand.Rand, n int) string {
	return fmt.Sprintf("%s the %s %s %s the %s? (%d)", pick(r, openers), pick(r, adjectives), pick(r, nouns),
		strings.TrimSuffix(pick(r, verbs), "s"), pick(r, nouns), n)
}

// choiceShare is the share of cards that are scenarios with options.
const choiceShare = 0.15

// writeDeck writes a hone markdown deck of cards cards in topics topics.
// Most cards are basic (some with a long question split by `?`, some with a
// list for a back); choiceShare of them are choice cards.
func writeDeck(r *rand.Rand, name string, cards, topics int) []byte {
	var buf bytes.Buffer
	buf.Grow(cards * 420)
	fmt.Fprintf(&buf, "---\ndeck: %s\ndescription: a generated deck of %d cards for benchmarks\n---\n", name, cards)
	var b strings.Builder
	topics = max(min(topics, cards), 1)
	n := 0
	for t := range topics {
		fmt.Fprintf(&buf, "# Topic %d: %s %s\ntags: gen topic-%d\n\n", t+1, pick(r, adjectives), pick(r, nouns), t+1)
		// Spread the cards evenly, the first topics taking the remainder.
		size := cards / topics
		if t < cards%topics {
			size++
		}
		for range size {
			n++
			b.Reset()
			fmt.Fprintf(&buf, "## %s\n", front(r, n))
			switch x := r.Float64(); {
			case x < choiceShare:
				text(r, &b, 20+r.IntN(30))
				b.WriteString("\n")
				options := 3 + r.IntN(3)
				right := r.IntN(options)
				for o := range options {
					mark := " "
					if o == right {
						mark = "x"
					}
					adj := pick(r, adjectives)
					fmt.Fprintf(&b, "- [%s] %c: %s %s %s\n", mark, 'A'+o, strings.ToUpper(adj[:1])+adj[1:], pick(r, nouns), pick(r, verbs))
				}
				b.WriteString("> ")
				text(r, &b, 15+r.IntN(25))
			case x < choiceShare+0.05:
				text(r, &b, 15+r.IntN(20))
				b.WriteString("\n?\n")
				text(r, &b, 20+r.IntN(40))
			case x < choiceShare+0.35:
				text(r, &b, 5+r.IntN(10))
				b.WriteString("\n\n")
				for range 2 + r.IntN(4) {
					b.WriteString("- ")
					text(r, &b, 4+r.IntN(8))
					b.WriteByte('\n')
				}
			default:
				text(r, &b, 15+r.IntN(50))
				if r.IntN(4) == 0 {
					b.WriteString("\n\n")
					text(r, &b, 10+r.IntN(30))
				}
			}
			buf.WriteString(strings.TrimRight(b.String(), "\n"))
			buf.WriteString("\n\n")
		}
	}
	return buf.Bytes()
}
