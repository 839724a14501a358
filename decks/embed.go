// Package decks holds hone's built-in decks, compiled into the binary so
// that a fresh install has something to study with no files to find.
package decks

import "embed"

// FS holds the built-in decks as markdown files at its root.
//
//go:embed *.md
var FS embed.FS
