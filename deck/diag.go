package deck

import (
	"fmt"
	"strings"
)

// Severity separates what stops a deck from loading from what only deserves a
// look.
type Severity uint8

const (
	Error Severity = iota
	Warning
)

// Diagnostic is one finding about a source, anchored at file:line.
type Diagnostic struct {
	File     string
	Line     int
	Severity Severity
	Msg      string
}

// String is the diagnostic as printed: one line, whatever the file's name
// or the message's quotes of the file hold.
func (d Diagnostic) String() string {
	kind := "error"
	if d.Severity == Warning {
		kind = "warning"
	}
	file, msg := SanitizeLine(d.File), SanitizeLine(d.Msg)
	if d.Line > 0 {
		return fmt.Sprintf("%s:%d: %s: %s", file, d.Line, kind, msg)
	}
	return fmt.Sprintf("%s: %s: %s", file, kind, msg)
}

// Diagnostics is everything found in one or more sources, in order.
type Diagnostics []Diagnostic

// Errors keeps only what stops loading.
func (ds Diagnostics) Errors() Diagnostics { return ds.only(Error) }

// Warnings keeps only what does not stop loading.
func (ds Diagnostics) Warnings() Diagnostics { return ds.only(Warning) }

func (ds Diagnostics) only(s Severity) Diagnostics {
	var out Diagnostics
	for _, d := range ds {
		if d.Severity == s {
			out = append(out, d)
		}
	}
	return out
}

// Err is nil when nothing stops loading, and otherwise an error whose text
// lists every error, one per line.
func (ds Diagnostics) Err() error {
	errs := ds.Errors()
	if len(errs) == 0 {
		return nil
	}
	return errs
}

func (ds Diagnostics) Error() string {
	lines := make([]string, len(ds))
	for i, d := range ds {
		lines[i] = d.String()
	}
	return strings.Join(lines, "\n")
}
