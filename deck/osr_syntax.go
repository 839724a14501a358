package deck

import (
	"slices"
	"strings"
	"unicode"
)

// splitInlineCard finds the first "::" or ":::" outside inline code, so
// that `std::vector` in backticks stays in the question.
func splitInlineCard(text string) (q, a, sep string, ok bool) {
	if !strings.Contains(text, "::") {
		return "", "", "", false
	}
	runs := backtickRuns(text)
	for i := 0; i < len(text); i++ {
		switch {
		case text[i] == '`':
			// A code span ends at the next run of as many backticks; an
			// opening run with none is plain text.
			n := runs.length(i)
			if end := runs.next(n, i+n); end >= 0 {
				i = end + n - 1
			} else {
				i += n - 1
			}
		case strings.HasPrefix(text[i:], ":::"):
			return text[:i], text[i+3:], ":::", true
		case strings.HasPrefix(text[i:], "::"):
			return text[:i], text[i+2:], "::", true
		}
	}
	return "", "", "", false
}

// isOSRHeading tells a markdown heading ("# Title", "## Title") from a tag
// ("#title"), as CommonMark does: the #s are followed by a space or nothing.
func isOSRHeading(line string) bool {
	t := strings.TrimLeft(line, " ")
	if len(line)-len(t) > 3 {
		return false
	}
	n := 0
	for n < len(t) && t[n] == '#' {
		n++
	}
	return n >= 1 && n <= 6 && (n == len(t) || t[n] == ' ' || t[n] == '\t')
}

// osrHeadingTitle is a heading's text without its #s, before or after.
func osrHeadingTitle(line string) string {
	t := strings.TrimSpace(strings.TrimLeft(strings.TrimSpace(line), "#"))
	if strings.Trim(t, "#") == "" {
		return ""
	}
	if end := strings.TrimRight(t, "#"); end != t && (strings.HasSuffix(end, " ") || strings.HasSuffix(end, "\t")) {
		t = strings.TrimSpace(end)
	}
	return t
}

// osrTagLine returns the tags of a line made of #tags only, or nil.
func osrTagLine(trimmed string) []string {
	fields := strings.Fields(trimmed)
	for i, f := range fields {
		if !isOSRTag(f) {
			return nil
		}
		fields[i] = f[1:]
	}
	return addTags(nil, fields...)
}

// osrTrailingTags takes the #tags off the end of a line. A line that would be
// left empty keeps them: "#golang" may well be the answer.
func osrTrailingTags(line string) (string, []string) {
	rest := strings.TrimRight(line, " \t")
	var tags []string
	for {
		i := strings.LastIndexAny(rest, " \t")
		if i < 0 || !isOSRTag(rest[i+1:]) {
			break
		}
		tags = append(tags, rest[i+1:][1:])
		rest = strings.TrimRight(rest[:i], " \t")
	}
	if strings.TrimSpace(rest) == "" || tags == nil {
		return line, nil
	}
	slices.Reverse(tags) // they were read from the end
	return rest, addTags(nil, tags...)
}

// isOSRTag is Obsidian's rule: # and then letters, digits, _, - or /, not all
// digits ("#1" is not a tag).
func isOSRTag(tok string) bool {
	if len(tok) < 2 || tok[0] != '#' {
		return false
	}
	digits := true
	for _, r := range tok[1:] {
		switch {
		case unicode.IsDigit(r):
		case unicode.IsLetter(r) || r == '_' || r == '-' || r == '/':
			digits = false
		default:
			return false
		}
	}
	return !digits
}

// osrFrontMatterTags reads `tags:` from front matter in the forms Obsidian
// writes: "tags: [a, b]", "tags: a b", or a "- a" list below the key.
func osrFrontMatterTags(lines []string) []string {
	var tags []string
	inList := false
	for _, l := range lines {
		key, value, ok := strings.Cut(l, ":")
		switch {
		case inList && strings.HasPrefix(strings.TrimSpace(l), "- "):
			tags = append(tags, osrCleanTag(strings.TrimSpace(l)[2:]))
		case ok && !strings.HasPrefix(l, " ") && strings.TrimSpace(key) == "tags":
			inList = strings.TrimSpace(value) == ""
			value = strings.Trim(strings.TrimSpace(value), "[]")
			for _, t := range strings.FieldsFunc(value, func(r rune) bool { return r == ',' || unicode.IsSpace(r) }) {
				tags = append(tags, osrCleanTag(t))
			}
		default:
			inList = false
		}
	}
	return addTags(nil, tags...)
}

func osrCleanTag(t string) string {
	return strings.TrimPrefix(strings.Trim(strings.TrimSpace(t), `"'`), "#")
}
