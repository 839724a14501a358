// Command floor is the floor for bench/firstframe.py: a Go program that
// draws one line and waits to be killed. With -tea it draws the line
// through Bubble Tea, as hone does, to show what the framework adds.
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

const line = "floor · one line 0/1"

type model struct{}

func (model) Init() tea.Cmd { return nil }

func (m model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	if k, ok := msg.(tea.KeyPressMsg); ok && k.String() == "q" {
		return m, tea.Quit
	}
	return m, nil
}
func (model) View() tea.View {
	v := tea.NewView(line)
	v.AltScreen = true
	return v
}

func main() {
	useTea := flag.Bool("tea", false, "draw through Bubble Tea")
	flag.Parse()
	if *useTea {
		if _, err := tea.NewProgram(model{}).Run(); err != nil {
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
