package main

import (
	"fmt"
	"strings"

	"github.com/spf13/cobra"
)

// Argument checks that say what went wrong in hone's words, instead of
// cobra's ("requires at least 1 arg(s), only received 0"), and offer the
// closest subcommand to a mistyped one.

// noArgs refuses arguments: a mistyped subcommand where the command has
// subcommands, or a stray word where it has none.
func noArgs(cmd *cobra.Command, args []string) error {
	if len(args) == 0 {
		return nil
	}
	if cmd.HasAvailableSubCommands() {
		return usagef("unknown command %q for %q%s", args[0], cmd.CommandPath(), suggestCommand(cmd, args[0]))
	}
	return usagef("%s takes no arguments, but was given %q; see %s --help", cmd.CommandPath(), strings.Join(args, " "), cmd.CommandPath())
}

// suggestCommand offers the subcommand of cmd closest to typed.
func suggestCommand(cmd *cobra.Command, typed string) string {
	if s := cmd.SuggestionsFor(typed); len(s) > 0 {
		return fmt.Sprintf("; did you mean %q?", s[0])
	}
	var names []string
	for _, c := range cmd.Commands() {
		if c.IsAvailableCommand() {
			names = append(names, c.Name())
		}
	}
	if s := suggest(typed, names); s != "" {
		return s
	}
	return fmt.Sprintf("; %s --help lists them", cmd.CommandPath())
}

// exactArgs wants one argument per name: `hone decks rm NAME`.
func exactArgs(names ...string) cobra.PositionalArgs {
	return func(cmd *cobra.Command, args []string) error {
		switch {
		case len(args) < len(names):
			return usagef("%s needs %s: %s %s", cmd.CommandPath(), strings.Join(names[len(args):], " and "), cmd.CommandPath(), strings.Join(names, " "))
		case len(args) > len(names):
			return usagef("%s takes %s, but was given %d arguments; quote a name with spaces: %s %s", cmd.CommandPath(), strings.Join(names, " "), len(args), cmd.CommandPath(), quoteExample(names))
		}
		return nil
	}
}

// atLeastOneArg wants one or more of name: `hone import PATH...`.
func atLeastOneArg(name string) cobra.PositionalArgs {
	return func(cmd *cobra.Command, args []string) error {
		if len(args) == 0 {
			return usagef("%s needs at least one %s: %s %s...", cmd.CommandPath(), name, cmd.CommandPath(), name)
		}
		return nil
	}
}

func quoteExample(names []string) string {
	out := make([]string, len(names))
	for i, n := range names {
		out[i] = `"` + n + `"`
	}
	return strings.Join(out, " ")
}
