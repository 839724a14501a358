// Package gfm adds to goldmark's CommonMark parser what hone's cards are
// written in beyond it: GitHub's tables, strikethrough and task lists, and
// ==marked== text. goldmark's own extension package has the first three,
// but its package init compiles regular expressions for every program that
// links it (3–7 ms before main on each hone command); these parse by hand
// and cost nothing until used. The nodes are goldmark's own
// (extension/ast), so code that walks a tree is the same either way.
package gfm

import (
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/util"
)

type extender func(goldmark.Markdown)

func (e extender) Extend(m goldmark.Markdown) { e(m) }

var (
	// Table reads GitHub's pipe tables.
	Table goldmark.Extender = extender(func(m goldmark.Markdown) {
		m.Parser().AddOptions(parser.WithParagraphTransformers(util.Prioritized(tableParagraph{}, 200)))
	})
	// Strikethrough reads ~text~ and ~~text~~.
	Strikethrough goldmark.Extender = extender(func(m goldmark.Markdown) {
		m.Parser().AddOptions(parser.WithInlineParsers(util.Prioritized(strikeParser{}, 500)))
	})
	// TaskList reads "[ ]" and "[x]" at the start of a list item.
	TaskList goldmark.Extender = extender(func(m goldmark.Markdown) {
		m.Parser().AddOptions(parser.WithInlineParsers(util.Prioritized(taskParser{}, 0)))
	})
	// Mark reads ==marked== text, which cloze cards use for their answer.
	Mark goldmark.Extender = extender(func(m goldmark.Markdown) {
		m.Parser().AddOptions(parser.WithInlineParsers(util.Prioritized(markParser{}, 500)))
	})
)
