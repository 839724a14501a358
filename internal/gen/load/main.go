// Command load is the parse half of `hone import` on its own: it reads
// files as `hone import` does (deck.Load, with its checks and caps) and
// prints how many decks and cards they hold, storing nothing. It is for
// measuring the parse's CPU time and peak RSS in a fresh process:
//
//	/usr/bin/time -f '%U %S %M' go run ./internal/gen/load FILE...
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"runtime/pprof"

	"github.com/hone-srs/hone/deck"
)

func main() {
	maxCards := flag.Int("max-cards", deck.DefaultMaxCards, "the most cards one import may hold")
	cpuProfile := flag.String("cpuprofile", "", "write a CPU profile of the loads to this file")
	memProfile := flag.String("memprofile", "", "write a heap profile to this file after the loads, the decks still held")
	flag.Parse()
	if *cpuProfile != "" {
		f, err := os.Create(*cpuProfile)
		if err == nil {
			err = pprof.StartCPUProfile(f)
		}
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		defer pprof.StopCPUProfile()
	}
	var held [][]deck.Source
	failed := false
	for _, arg := range flag.Args() {
		abs, err := filepath.Abs(arg)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		srcs, diags := deck.Load(os.DirFS(filepath.Dir(abs)), filepath.Base(abs), arg, deck.LoadOptions{MaxCards: *maxCards})
		for _, d := range diags.Errors() {
			fmt.Fprintln(os.Stderr, d)
			failed = true
		}
		held = append(held, srcs)
		cards := 0
		for _, s := range srcs {
			cards += len(s.Deck.Cards)
		}
		fmt.Printf("%s: %d decks, %d cards\n", arg, len(srcs), cards)
	}
	if *memProfile != "" {
		runtime.GC()
		f, err := os.Create(*memProfile)
		if err == nil {
			err = pprof.WriteHeapProfile(f)
		}
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
		}
		runtime.KeepAlive(held)
	}
	if failed {
		pprof.StopCPUProfile()
		os.Exit(1)
	}
}
