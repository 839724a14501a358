package tui

import "charm.land/bubbles/v2/key"

// KeyMap is every key hone answers to. Screens pick the bindings that apply
// to them, and the same bindings feed the help view, so that what the help
// says is what the keys do.
type KeyMap struct {
	Up, Down       key.Binding
	PageUp, PageDn key.Binding
	Open           key.Binding // start a review of the selected deck
	ReviewAll      key.Binding
	Drill          key.Binding
	Stats          key.Binding
	Reveal         key.Binding
	Again          key.Binding
	Hard           key.Binding
	Good           key.Binding
	Easy           key.Binding
	Accept         key.Binding // Good, on a revealed flashcard
	Pick           key.Binding // a lettered option of a choice card
	Choose         key.Binding // the option under the cursor
	Next           key.Binding // past a choice card's feedback
	Regrade        key.Binding // another grade for an answered choice card
	Undo           key.Binding
	Edit           key.Binding // open the card's file in $EDITOR
	Browse         key.Binding // open the card browser
	StudyMore      key.Binding // home: more than the day's work
	MoreNew        key.Binding // study more: new cards beyond the limit
	Ahead          key.Binding // study more: reviews ahead of time
	Cancel         key.Binding // close a panel or leave a field
	Search         key.Binding // browser: edit the search
	Top, Bottom    key.Binding
	View           key.Binding // browser: the card under the cursor
	SuspendCard    key.Binding // browser: suspend or unsuspend
	BuryCard       key.Binding // browser: bury until tomorrow, or unbury
	FlagCard       key.Binding // browser: a flag by its number, 0 for none
	ResetCard      key.Binding // browser: back to new (asks first)
	Confirm        key.Binding // yes, to a question
	Back           key.Binding
	Quit           key.Binding
	ForceQuit      key.Binding
	Suspend        key.Binding
	Help           key.Binding
}

// optionKeys are the letters that pick options A, B, C… of a choice card.
// They stop before u and q, which keep their meaning on every screen.
const optionKeys = "abcdefgh"

func defaultKeyMap() KeyMap {
	letters := make([]string, len(optionKeys))
	for i, r := range optionKeys {
		letters[i] = string(r)
	}
	return KeyMap{
		Up:          key.NewBinding(key.WithKeys("up", "k"), key.WithHelp("↑/k", "up")),
		Down:        key.NewBinding(key.WithKeys("down", "j"), key.WithHelp("↓/j", "down")),
		PageUp:      key.NewBinding(key.WithKeys("pgup", "ctrl+u"), key.WithHelp("pgup", "scroll up")),
		PageDn:      key.NewBinding(key.WithKeys("pgdown", "ctrl+d"), key.WithHelp("pgdn", "scroll down")),
		Open:        key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "review deck")),
		ReviewAll:   key.NewBinding(key.WithKeys("a"), key.WithHelp("a", "review all")),
		Drill:       key.NewBinding(key.WithKeys("d"), key.WithHelp("d", "drill weak topics")),
		Stats:       key.NewBinding(key.WithKeys("s"), key.WithHelp("s", "stats")),
		Reveal:      key.NewBinding(key.WithKeys("space", "enter"), key.WithHelp("space", "reveal")),
		Again:       key.NewBinding(key.WithKeys("1"), key.WithHelp("1", "again")),
		Hard:        key.NewBinding(key.WithKeys("2"), key.WithHelp("2", "hard")),
		Good:        key.NewBinding(key.WithKeys("3"), key.WithHelp("3", "good")),
		Easy:        key.NewBinding(key.WithKeys("4"), key.WithHelp("4", "easy")),
		Accept:      key.NewBinding(key.WithKeys("space", "enter"), key.WithHelp("space", "good")),
		Pick:        key.NewBinding(key.WithKeys(letters...), key.WithHelp("a-h", "answer")),
		Choose:      key.NewBinding(key.WithKeys("enter"), key.WithHelp("↑↓ enter", "choose")),
		Next:        key.NewBinding(key.WithKeys("enter", "space"), key.WithHelp("enter", "next")),
		Regrade:     key.NewBinding(key.WithKeys("1", "2", "3", "4"), key.WithHelp("1-4", "change grade")),
		Undo:        key.NewBinding(key.WithKeys("u"), key.WithHelp("u", "undo")),
		Edit:        key.NewBinding(key.WithKeys("e"), key.WithHelp("e", "edit card")),
		Browse:      key.NewBinding(key.WithKeys("b"), key.WithHelp("b", "browse cards")),
		StudyMore:   key.NewBinding(key.WithKeys("m"), key.WithHelp("m", "study more")),
		MoreNew:     key.NewBinding(key.WithKeys("n"), key.WithHelp("n", "more new cards")),
		Ahead:       key.NewBinding(key.WithKeys("r"), key.WithHelp("r", "review ahead")),
		Cancel:      key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "back")),
		Search:      key.NewBinding(key.WithKeys("/"), key.WithHelp("/", "search")),
		Top:         key.NewBinding(key.WithKeys("home", "g"), key.WithHelp("g", "first")),
		Bottom:      key.NewBinding(key.WithKeys("end", "G"), key.WithHelp("G", "last")),
		View:        key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "view card")),
		SuspendCard: key.NewBinding(key.WithKeys("s"), key.WithHelp("s", "suspend/unsuspend")),
		BuryCard:    key.NewBinding(key.WithKeys("-"), key.WithHelp("-", "bury till tomorrow/unbury")),
		FlagCard:    key.NewBinding(key.WithKeys("0", "1", "2", "3", "4", "5", "6", "7"), key.WithHelp("1-7", "flag (0 none)")),
		ResetCard:   key.NewBinding(key.WithKeys("R"), key.WithHelp("R", "reset to new")),
		Confirm:     key.NewBinding(key.WithKeys("y"), key.WithHelp("y", "yes")),
		Back:        key.NewBinding(key.WithKeys("enter", "space", "esc"), key.WithHelp("enter", "home")),
		Quit:        key.NewBinding(key.WithKeys("q"), key.WithHelp("q", "quit")),
		ForceQuit:   key.NewBinding(key.WithKeys("ctrl+c"), key.WithHelp("ctrl+c", "quit")),
		Suspend:     key.NewBinding(key.WithKeys("ctrl+z"), key.WithHelp("ctrl+z", "suspend")),
		Help:        key.NewBinding(key.WithKeys("?"), key.WithHelp("?", "help")),
	}
}
