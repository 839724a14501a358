// Command floor is the floor for bench/firstframe.py: a Go program that
// draws one line and waits to be killed. With -tea it draws the line
// through Bubble Tea, as hone does, to show what the framework adds. With
// -box the line has a box-drawing character, as every hone screen has:
// Bubble Tea's renderer then builds go-runewidth's width table (2.2 MB) on
// the first character above U+02FF it measures.
//
//	go build -o /tmp/floor ./bench/floor
//	python3 bench/firstframe.py --marker floor -- /tmp/floor
package main

import (
	"flag"
	"fmt"
	"os"
	"os/signal"

	tea "charm.land/bubbletea/v2"
)

type model struct{ line string }

func (model) Init() tea.Cmd { return nil }

func (m model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	if k, ok := msg.(tea.KeyPressMsg); ok && k.String() == "q" {
		return m, tea.Quit
	}
	return m, nil
}
func (m model) View() tea.View {
	v := tea.NewView(m.line)
	v.AltScreen = true
	return v
}

func main() {
	useTea := flag.Bool("tea", false, "draw through Bubble Tea")
	box := flag.Bool("box", false, "draw a box-drawing character in the line")
	flag.Parse()
	line := "floor · one line 0/1"
	if *box {
		line = "floor ─ one line 0/1"
	}
	if *useTea {
		if _, err := tea.NewProgram(model{line}).Run(); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		return
	}
	fmt.Println(line)
	stop := make(chan os.Signal, 1)
	signal.Notify(stop, os.Interrupt)
	<-stop
}
