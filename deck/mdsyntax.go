package deck

import "strings"

// osrRuns indexes a line's backtick runs by length, so that finding each
// code span's end does not rescan the line: starts[n] lists where runs of n
// backticks start, in order, and is consumed from the front.
type osrRuns struct {
	lengths map[int]int   // run start → length
	starts  map[int][]int // length → run starts
}

func backtickRuns(text string) osrRuns {
	r := osrRuns{lengths: map[int]int{}, starts: map[int][]int{}}
	for i := 0; i < len(text); {
		if text[i] != '`' {
			i++
			continue
		}
		j := i
		for j < len(text) && text[j] == '`' {
			j++
		}
		r.lengths[i] = j - i
		r.starts[j-i] = append(r.starts[j-i], i)
		i = j
	}
	return r
}

func (r osrRuns) length(start int) int { return r.lengths[start] }

// next returns the start of the first run of n backticks at or after from,
// or -1. Calls come with growing from, so dropping passed runs is safe.
func (r osrRuns) next(n, from int) int {
	s := r.starts[n]
	for len(s) > 0 && s[0] < from {
		s = s[1:]
	}
	r.starts[n] = s
	if len(s) == 0 {
		return -1
	}
	return s[0]
}

// osrFence tracks a fenced code block, whose lines are never card syntax.
type osrFence struct {
	open bool
	char byte
	size int
	line int
}

func (f *osrFence) opens(text string, n int) bool {
	char, size, ok := fenceOpen(text)
	if ok {
		*f = osrFence{open: true, char: char, size: size, line: n}
	}
	return ok
}

func (f *osrFence) closes(text string) {
	t := strings.TrimLeft(text, " ")
	if len(text)-len(t) > 3 {
		return
	}
	n := 0
	for n < len(t) && t[n] == f.char {
		n++
	}
	if n >= f.size && strings.Trim(t[n:], " \t") == "" {
		f.open = false
	}
}

// fenceOpen reads a CommonMark code fence opener: up to three spaces, then
// three or more ` or ~; a ` fence's info string holds no `.
func fenceOpen(text string) (char byte, size int, ok bool) {
	t := strings.TrimLeft(text, " ")
	if len(text)-len(t) > 3 || len(t) < 3 || (t[0] != '`' && t[0] != '~') {
		return 0, 0, false
	}
	char = t[0]
	for size < len(t) && t[size] == char {
		size++
	}
	if size < 3 || (char == '`' && strings.Contains(t[size:], "`")) {
		return 0, 0, false
	}
	return char, size, true
}
