package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/hone-srs/hone/srs"
	"github.com/hone-srs/hone/tui"
)

// FuzzNoEscapeReachesTheTerminal imports whatever bytes the fuzzer makes,
// as each format hone reads and under a name it makes too, then runs every
// command that prints and every screen that shows stored text: home, a
// review of the deck (front, back, options, explanation), the summary and
// stats. No output may hold ESC (except a screen's own SGR styling), a C1
// control or a bidi control.
func FuzzNoEscapeReachesTheTerminal(f *testing.F) {
	for _, seed := range []struct {
		ext        uint8
		name, deck string
		content    string
	}{
		{0, "e\x1b]0;t\x07", "", "---\ndeck: X\x1b]0;pwned\x07\x1b]52;c;aGVsbG8=\x07\n---\n# T\u202e\n## Q?\nA\n"},
		{0, "c", "", "---\ndeck: C\n---\n# T\n## Which?\nstory \u009b2J\n- [ ] A: one\x1b[2J\n- [x] B: two\u2066\n> because \x1b]8;;http://x\x07link\x1b]8;;\x07\n"},
		{1, "osr", "N\u202e", "# Heading \x1b[31m\nQ\u009d0;x\u009c::A\u200b\n"},
		{0, "link", "", "---\ndeck: L\n---\n# T\n## Where?\nAt [https://bank.com](https://evil.example/) ![img](x.png)\n"},
		{2, "anki", "", "#separator:tab\n#html:true\nfront &#x1b;]0;t&#x07;\tback &#x9b;2J &#8238;\n"},
		{3, "csv", "", "front,back\n\"q\x1bP1$r\x1b\\\",\"a\u2028b\"\n"},
	} {
		f.Add(seed.ext, seed.name, seed.deck, []byte(seed.content))
	}
	template := filepath.Join(f.TempDir(), "template.db")
	if r := hone(f, template, "due"); r.code != 0 {
		f.Fatalf("template database: %+v", r)
	}
	f.Fuzz(func(t *testing.T, ext uint8, name, deckName string, content []byte) {
		dir := t.TempDir()
		db := filepath.Join(dir, "hone.db")
		copyFile(t, template, db)
		file := filepath.Join(dir, fileName(name)+[]string{".md", ".md", ".txt", ".csv"}[ext%4])
		if err := os.WriteFile(file, content, 0o600); err != nil {
			t.Skip("the file system refused the name")
		}
		args := []string{"import", file}
		if ext%4 == 1 {
			args = append(args, "--format", "obsidian")
		}
		if deckName != "" {
			args = append(args, "--deck", deckName)
		}
		for _, cmd := range [][]string{args, {"decks"}, {"stats"}, {"stats", "--json"}, {"due"}, {"check"}} {
			r := hone(t, db, cmd...)
			assertTerminalSafe(t, "hone "+cmd[0], r.stdout+r.stderr)
		}
		screensOf(t, db)
	})
}

// screensOf draws home, stats, and a review of every imported deck through
// to its summary, checking every frame.
func screensOf(t *testing.T, db string) {
	store, err := srs.Open(db, srs.Options{Clock: fixedNow})
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	decks, err := store.Decks()
	if err != nil {
		t.Fatal(err)
	}
	home := tui.New(tui.Options{Store: store, Now: fixedNow, Limits: tui.Limits{Reviews: 200, NewPerDeck: 20}})
	drive(t, home, home.Init(), "home")
	drive(t, home, keyMsg("s"), "stats")
	for _, d := range decks {
		if d.Builtin {
			continue
		}
		app := tui.New(tui.Options{Store: store, Now: fixedNow, Limits: tui.Limits{Reviews: 200, NewPerDeck: 20}, Start: &tui.Scope{Deck: d.Name}})
		drive(t, app, app.Init(), "review")
		for range 4 {
			for _, k := range []string{"space", "a", "enter", "3"} {
				drive(t, app, keyMsg(k), "review after "+k)
			}
		}
	}
}

func fixedNow() time.Time { return time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC) }

func keyMsg(s string) tea.Msg {
	if s == "space" {
		return tea.KeyPressMsg(tea.Key{Code: tea.KeySpace, Text: " "})
	}
	if s == "enter" {
		return tea.KeyPressMsg(tea.Key{Code: tea.KeyEnter})
	}
	return tea.KeyPressMsg(tea.Key{Code: rune(s[0]), Text: s})
}

// drive gives the app msg (the first time, a window and its Init command),
// runs every command the way
// the program would, and checks the frame after each message.
func drive(t *testing.T, app *tui.App, first any, what string) {
	t.Helper()
	var queue []tea.Msg
	switch m := first.(type) {
	case tea.Cmd:
		queue = append(queue, tea.WindowSizeMsg{Width: 100, Height: 30}, m())
	case tea.Msg:
		queue = append(queue, m)
	}
	for steps := 0; len(queue) > 0 && steps < 100; steps++ {
		m := queue[0]
		queue = queue[1:]
		if b, ok := m.(tea.BatchMsg); ok {
			for _, c := range b {
				if c != nil {
					queue = append(queue, c())
				}
			}
			continue
		}
		if _, ok := m.(tea.QuitMsg); ok || m == nil {
			continue
		}
		_, cmd := app.Update(m)
		if cmd != nil {
			queue = append(queue, cmd())
		}
		assertFrameSafe(t, what, app.View().Content)
	}
}

// assertFrameSafe is assertTerminalSafe for a frame, which may style its
// text with SGR sequences and nothing else.
func assertFrameSafe(t *testing.T, what, frame string) {
	t.Helper()
	var b strings.Builder
	for i := 0; i < len(frame); i++ {
		if frame[i] == 0x1b && i+1 < len(frame) && frame[i+1] == '[' {
			j := i + 2
			for j < len(frame) && (frame[j] >= '0' && frame[j] <= '9' || frame[j] == ';' || frame[j] == ':') {
				j++
			}
			if j < len(frame) && frame[j] == 'm' {
				i = j
				continue
			}
		}
		b.WriteByte(frame[i])
	}
	assertTerminalSafe(t, what, b.String())
}

func fileName(s string) string {
	s = strings.NewReplacer("/", "_", "\x00", "_").Replace(s)
	if len(s) > 100 {
		s = s[:100]
	}
	if s == "" || s == "." || s == ".." {
		s = "f"
	}
	return s
}

func copyFile(t *testing.T, from, to string) {
	data, err := os.ReadFile(from)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(to, data, 0o600); err != nil {
		t.Fatal(err)
	}
}
