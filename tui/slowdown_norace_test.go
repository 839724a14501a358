//go:build !race

package tui

// raceSlowdown scales the time limits of tests: the race detector makes
// code several times slower.
const raceSlowdown = 1
