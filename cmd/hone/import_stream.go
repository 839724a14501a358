package main

import (
	"context"
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/hone-srs/hone/deck"
	"github.com/hone-srs/hone/srs"
)

// errBadInput: a file had an error; its diagnostics say which.
var errBadInput = errors.New("bad input")

// scanned is what import found at its paths: the plans to stream, each
// source's head for the store, and the Anki packages whose media to
// extract. diags gathers the diagnostics of the stream.
type scanned struct {
	plans    []*deck.Plan
	heads    []srs.StreamHead
	at       []struct{ plan, head int } // head i is plans[at[i].plan].Heads[at[i].head]
	packages []deck.Source
	diags    deck.Diagnostics
}

// scanPaths looks at every path, a file or a directory.
func scanPaths(paths []string, o deck.LoadOptions) (*scanned, deck.Diagnostics, error) {
	sc := &scanned{}
	var diags deck.Diagnostics
	for _, arg := range paths {
		plan, d := scanPath(arg, o)
		diags = append(diags, d...)
		if plan == nil {
			continue
		}
		for j, h := range plan.Heads {
			source, err := storedSource(h.Path)
			if err != nil {
				return nil, nil, err
			}
			sc.heads = append(sc.heads, srs.StreamHead{Deck: h.Deck, Source: source, Size: h.Size})
			sc.at = append(sc.at, struct{ plan, head int }{len(sc.plans), j})
			sc.packages = append(sc.packages, deck.Source{Package: h.Package})
		}
		sc.plans = append(sc.plans, plan)
	}
	return sc, diags, nil
}

// scanPath is deck.Scan of one command-line path, through an fs.FS rooted
// where it lives; diagnostics name it as it was typed.
func scanPath(arg string, o deck.LoadOptions) (*deck.Plan, deck.Diagnostics) {
	fsys, root, problem := pathFS(arg)
	if problem != nil {
		return nil, problem
	}
	return deck.Scan(fsys, root, filepath.ToSlash(arg), o)
}

// pathFS is an fs.FS rooted where arg lives, and arg's name in it.
func pathFS(arg string) (fsys fs.FS, root string, problem deck.Diagnostics) {
	abs, err := filepath.Abs(arg)
	if err != nil {
		return nil, "", deck.Diagnostics{{File: arg, Msg: err.Error()}}
	}
	info, err := os.Stat(abs)
	if err != nil {
		msg := "cannot read it"
		if errors.Is(err, os.ErrNotExist) {
			msg = "no such file or directory"
		}
		return nil, "", deck.Diagnostics{{File: arg, Msg: msg}}
	}
	if info.IsDir() {
		return os.DirFS(abs), ".", nil
	}
	return os.DirFS(filepath.Dir(abs)), filepath.Base(abs), nil
}

// stream is the store's view of the scanned plans: their sources' cards,
// as they are parsed, and their texts. It stops when ctx is cancelled.
func (sc *scanned) stream(ctx context.Context) srs.DeckStream {
	return srs.DeckStream{
		Heads: sc.heads,
		Run: func(sink deck.Sink) error {
			first := 0
			for _, plan := range sc.plans {
				diags, err := plan.Stream(offsetSink{ctx: ctx, sink: sink, first: first})
				sc.diags = append(sc.diags, diags...)
				if err != nil {
					return err
				}
				first += len(plan.Heads)
			}
			if sc.diags.Err() != nil {
				return errBadInput
			}
			return nil
		},
		Text: func(i int) io.ReadCloser {
			at := sc.at[i]
			return sc.plans[at.plan].Text(at.head)
		},
	}
}

// offsetSink passes one plan's sources on as the stream's, numbered from
// first, and stops the stream when ctx is cancelled.
type offsetSink struct {
	ctx   context.Context
	sink  deck.Sink
	first int
}

func (o offsetSink) Cards(i int, block []deck.Card) error {
	if err := o.ctx.Err(); err != nil {
		return err
	}
	return o.sink.Cards(o.first+i, block)
}

func (o offsetSink) End(i int, topics []deck.Topic) error {
	if err := o.ctx.Err(); err != nil {
		return err
	}
	return o.sink.End(o.first+i, topics)
}
