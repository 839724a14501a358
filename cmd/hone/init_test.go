package main

import (
	"bufio"
	"bytes"
	"os"
	"os/exec"
	"sort"
	"strconv"
	"strings"
	"testing"
)

// Package initialisation runs before main on every command, and Go cannot
// defer it: a dependency with a heavy init slows `hone due` in a shell
// prompt as much as the TUI. The budget is on bytes allocated at init,
// which GODEBUG=inittrace=1 reports exactly, rather than on time, which
// this machine's load makes noisy; on it a fresh page of heap costs 14–30
// µs, so allocation is most of what init costs. (hone allocated 6.0 MB at
// init with glamour and chroma, 0.74 MB without them, and 0.48 MB without
// goldmark's extension package.)
const (
	maxInitBytes       = 640 << 10 // all packages together
	maxPackageInitByte = 160 << 10 // any one package
)

// heavyInit are packages known to cost milliseconds at init, with those
// below them; none may be linked again.
var heavyInit = []string{
	// Compiles its linkify and table regular expressions: 3–7 ms. (Its
	// ast package below is light; internal/gfm parses into it.)
	"github.com/yuin/goldmark/extension",
	"github.com/alecthomas/chroma", // parses every lexer and style: ~25 ms
	"charm.land/glamour",
	"github.com/microcosm-cc/bluemonday",
	"github.com/dlclark/regexp2",
	"github.com/gorilla/css",
}

func isHeavy(pkg string) bool {
	if pkg == "github.com/yuin/goldmark/extension/ast" {
		return false
	}
	for _, h := range heavyInit {
		if pkg == h || strings.HasPrefix(pkg, h+"/") {
			return true
		}
	}
	return false
}

type initCost struct {
	pkg   string
	bytes int
}

// TestPackageInitIsLight starts this test binary again with inittrace on:
// it links hone's packages, as hone does, and the test framework's, which
// are light.
func TestPackageInitIsLight(t *testing.T) {
	if os.Getenv("HONE_INIT_CHILD") != "" {
		return
	}
	cmd := exec.Command(os.Args[0], "-test.run=^TestPackageInitIsLight$")
	cmd.Env = append(os.Environ(), "GODEBUG=inittrace=1", "HONE_INIT_CHILD=1")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("run %s: %v\n%s", os.Args[0], err, stderr.String())
	}
	costs := parseInitTrace(stderr.String())
	if len(costs) < 20 {
		t.Fatalf("inittrace shows %d packages; is GODEBUG=inittrace=1 ignored?\n%s", len(costs), stderr.String())
	}
	total := 0
	for _, c := range costs {
		total += c.bytes
		if c.bytes > maxPackageInitByte {
			t.Errorf("package %s allocates %d bytes at init, over %d", c.pkg, c.bytes, maxPackageInitByte)
		}
		if isHeavy(c.pkg) {
			t.Errorf("package %s is linked; its init is known to cost milliseconds", c.pkg)
		}
	}
	if total > maxInitBytes {
		sort.Slice(costs, func(i, j int) bool { return costs[i].bytes > costs[j].bytes })
		t.Errorf("package init allocates %d bytes, over %d; the largest: %v", total, maxInitBytes, costs[:min(len(costs), 8)])
	}
	t.Logf("package init: %d packages, %d bytes", len(costs), total)
}

// parseInitTrace reads lines such as
// "init github.com/yuin/goldmark/util @30 ms, 1.3 ms clock, 139464 bytes, 437 allocs".
func parseInitTrace(trace string) []initCost {
	var costs []initCost
	sc := bufio.NewScanner(strings.NewReader(trace))
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		if len(f) < 9 || f[0] != "init" || f[8] != "bytes," {
			continue
		}
		n, err := strconv.Atoi(f[7])
		if err != nil {
			continue
		}
		costs = append(costs, initCost{f[1], n})
	}
	return costs
}
