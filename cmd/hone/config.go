package main

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/adrg/xdg"
	"github.com/pelletier/go-toml/v2"

	"github.com/hone-srs/hone/srs"
)

// config is the settings file, $XDG_CONFIG_HOME/hone/config.toml (or
// $HONE_CONFIG). Every key is optional; flags override it for one run.
type config struct {
	NewPerDeck *int                  `toml:"new_per_deck"`
	MaxReviews *int                  `toml:"max_reviews"`
	DayStarts  *int                  `toml:"day_starts_at"`
	Theme      string                `toml:"theme"`
	SyncDir    string                `toml:"sync_dir"`
	Leech      *int                  `toml:"leech_lapses"`
	Decks      map[string]deckConfig `toml:"deck"`

	path  string // the file it was read from, or would be
	found bool   // the file exists
}

// deckConfig is one deck's own daily limits.
type deckConfig struct {
	NewPerDay  *int `toml:"new_per_day"`
	MaxReviews *int `toml:"max_reviews"`
}

// configPath is where the settings are read from.
func configPath(e env) (string, error) {
	if p := e.getenv("HONE_CONFIG"); p != "" {
		return p, nil
	}
	if d := e.getenv("XDG_CONFIG_HOME"); d != "" {
		return filepath.Join(d, "hone", "config.toml"), nil
	}
	if xdg.ConfigHome == "" {
		return "", errors.New("no config directory: set XDG_CONFIG_HOME or HOME")
	}
	return filepath.Join(xdg.ConfigHome, "hone", "config.toml"), nil
}

// maxConfigSize bounds the settings file: a few lines are expected.
const maxConfigSize = 1 << 20

// loadConfig reads the settings file; a missing file is no settings. A bad
// one is an error naming the file and line.
func loadConfig(e env) (config, error) {
	path, err := configPath(e)
	if err != nil {
		return config{}, err
	}
	c := config{path: path}
	data, err := readSmall(path, maxConfigSize)
	if errors.Is(err, fs.ErrNotExist) {
		return c, nil
	}
	if err != nil {
		return c, fmt.Errorf("read settings %s: %w", path, err)
	}
	c.found = true
	dec := toml.NewDecoder(bytes.NewReader(data)).DisallowUnknownFields()
	if err := dec.Decode(&c); err != nil {
		return c, configError(path, err)
	}
	return c, c.check()
}

// readSmall reads a regular file of at most limit bytes.
func readSmall(path string, limit int64) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if !info.Mode().IsRegular() {
		return nil, errors.New("not a regular file")
	}
	if info.Size() > limit {
		return nil, fmt.Errorf("%d bytes is more than a settings file holds (%d at most)", info.Size(), limit)
	}
	return os.ReadFile(path)
}

// configError names the file and line of a settings problem.
func configError(path string, err error) error {
	var strict *toml.StrictMissingError
	if errors.As(err, &strict) && len(strict.Errors) > 0 {
		d := strict.Errors[0]
		row, _ := d.Position()
		return fmt.Errorf("%s:%d: unknown setting %q; hone config --help lists the settings", path, row, keyName(d.Key()))
	}
	var de *toml.DecodeError
	if errors.As(err, &de) {
		row, _ := de.Position()
		return fmt.Errorf("%s:%d: %s", path, row, de.Error())
	}
	return fmt.Errorf("%s: %w", path, err)
}

func keyName(k toml.Key) string {
	out := ""
	for i, p := range k {
		if i > 0 {
			out += "."
		}
		out += p
	}
	return out
}

// check refuses values that make no sense, naming the file.
func (c config) check() error {
	bad := func(format string, args ...any) error {
		return fmt.Errorf("%s: %s", c.path, fmt.Sprintf(format, args...))
	}
	for key, v := range map[string]*int{"new_per_deck": c.NewPerDeck, "max_reviews": c.MaxReviews, "leech_lapses": c.Leech} {
		if v != nil && *v < 0 {
			return bad("%s must be 0 or more, not %d", key, *v)
		}
	}
	if c.DayStarts != nil {
		if _, err := srs.DayStartAt(*c.DayStarts); err != nil {
			return bad("day_starts_at: %v", err)
		}
	}
	switch c.Theme {
	case "", "auto", "dark", "light":
	default:
		return bad("theme must be auto, dark or light, not %q", c.Theme)
	}
	if c.SyncDir != "" && !filepath.IsAbs(c.SyncDir) && !strings.HasPrefix(c.SyncDir, "~/") {
		return bad("sync_dir must be an absolute path or start with ~/, not %q", c.SyncDir)
	}
	for name, d := range c.Decks {
		for key, v := range map[string]*int{"new_per_day": d.NewPerDay, "max_reviews": d.MaxReviews} {
			if v != nil && *v < 0 {
				return bad("deck %q: %s must be 0 or more, not %d", name, key, *v)
			}
		}
	}
	return nil
}

// leechLapses is the store's option for the lapses that make a leech:
// the file's number, 0 there turning leeches off.
func (c config) leechLapses() int {
	switch {
	case c.Leech == nil:
		return 0 // the store's default
	case *c.Leech == 0:
		return -1
	}
	return *c.Leech
}

// leechText says what the leech setting in force does.
func (c config) leechText() string {
	switch n := c.leechLapses(); {
	case n < 0:
		return "0 (leeches are not suspended)"
	case n == 0:
		return fmt.Sprint(srs.DefaultLeechLapses)
	default:
		return fmt.Sprint(n)
	}
}

// perDeck is the decks' own limits, as the store takes them.
func (c config) perDeck() map[string]srs.DeckLimits {
	if len(c.Decks) == 0 {
		return nil
	}
	out := make(map[string]srs.DeckLimits, len(c.Decks))
	for name, d := range c.Decks {
		out[name] = srs.DeckLimits{New: d.NewPerDay, Reviews: d.MaxReviews}
	}
	return out
}
