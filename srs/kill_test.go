package srs

import (
	"bytes"
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

var killTrials = flag.Int("kill-trials", 5, "kill-9 trials in TestKillWhileAnswering")

const killChildEnv = "HONE_SRS_KILL_CHILD"

// TestKillWhileAnswering runs a child process that answers (and undoes and
// drills) in a loop, with real fsyncs, printing each answer after Answer
// returns. The parent SIGKILLs it at a random moment, then checks that every
// acknowledged answer is in the log, the file opens, and the log replays to
// the stored states. Every other trial runs with FSRS in force.
func TestKillWhileAnswering(t *testing.T) {
	if os.Getenv(killChildEnv) != "" {
		t.Skip("child")
	}
	r := rand.New(rand.NewPCG(uint64(time.Now().UnixNano()), 9))
	var acked, undone int
	for trial := range *killTrials {
		path := filepath.Join(t.TempDir(), "hone.db")
		s, err := Open(path, Options{})
		if err != nil {
			t.Fatal(err)
		}
		mustSync(t, s, testDeck("k", 40, "a", "b"))
		if trial%2 == 1 {
			useScheduler(t, s, DefaultFSRSSettings())
		}
		s.Close()

		cmd := exec.Command(os.Args[0], "-test.run=^TestKillChild$", "-test.count=1")
		cmd.Env = append(os.Environ(), killChildEnv+"="+path, fmt.Sprintf("HONE_SRS_KILL_SEED=%d", r.Uint64()))
		out, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		got := make(chan []byte, 1)
		first := make(chan struct{})
		go func() {
			var buf bytes.Buffer
			one := make([]byte, 4096)
			signalled := false
			for {
				n, err := out.Read(one)
				buf.Write(one[:n])
				if !signalled && bytes.Contains(buf.Bytes(), []byte("\n")) {
					close(first)
					signalled = true
				}
				if err == io.EOF || err != nil {
					break
				}
			}
			if !signalled {
				close(first)
			}
			got <- buf.Bytes()
		}()
		<-first // the child is answering
		time.Sleep(time.Duration(r.IntN(300)) * time.Millisecond)
		cmd.Process.Signal(syscall.SIGKILL)
		output := <-got
		cmd.Wait()

		// Only whole lines were acknowledged; a cut-off last line was not.
		lines := strings.Split(string(output), "\n")
		lines = lines[:len(lines)-1]
		if len(lines) == 0 {
			t.Fatalf("trial %d: child printed nothing; stderr:\n%s", trial, stderr.String())
		}

		s, err = Open(path, Options{})
		if err != nil {
			t.Fatalf("trial %d: reopen after kill: %v", trial, err)
		}
		err = s.view(func(tx *txn) error {
			for _, line := range lines {
				f := strings.Fields(line)
				if len(f) != 3 {
					return fmt.Errorf("bad line %q", line)
				}
				seq, _ := strconv.ParseUint(f[1], 10, 64)
				e, err := tx.entry(seq)
				if err != nil || e == nil {
					return fmt.Errorf("acknowledged %q is not in the log (%v)", line, err)
				}
				switch f[0] {
				case "A":
					if e.CardID != f[2] || e.Kind == Undo {
						return fmt.Errorf("acknowledged %q, log has %+v", line, e)
					}
					acked++
				case "U":
					if e.Kind != Undo || strconv.FormatUint(e.Undoes, 10) != f[2] {
						return fmt.Errorf("acknowledged %q, log has %+v", line, e)
					}
					undone++
				}
			}
			return nil
		})
		if err != nil {
			t.Fatalf("trial %d: %v", trial, err)
		}
		if sch, err := s.Scheduler(); err != nil || (trial%2 == 1) != (sch.Settings() == DefaultFSRSSettings()) {
			t.Fatalf("trial %d: scheduler %v, %v", trial, sch, err)
		}
		assertConsistent(t, s)
		s.Close()
		if t.Failed() {
			t.Fatalf("trial %d failed", trial)
		}
	}
	t.Logf("%d kill trials: %d answers and %d undos acknowledged, none lost", *killTrials, acked, undone)
}

// TestKillChild is the child of TestKillWhileAnswering; it answers until
// killed.
func TestKillChild(t *testing.T) {
	path := os.Getenv(killChildEnv)
	if path == "" {
		t.Skip("only run as a child of TestKillWhileAnswering")
	}
	seed, _ := strconv.ParseUint(os.Getenv("HONE_SRS_KILL_SEED"), 10, 64)
	r := rand.New(rand.NewPCG(seed, 1))
	c := newClock(t0.Add(time.Duration(r.IntN(1000)) * time.Hour))
	s, err := Open(path, Options{Clock: c.Now})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(3)
	}
	var last []uint64
	for {
		c.Advance(time.Duration(r.IntN(40)) * time.Minute)
		if r.IntN(8) == 0 && len(last) > 0 {
			seq := last[len(last)-1]
			u, err := s.Undo(seq)
			if err != nil {
				fmt.Fprintln(os.Stderr, err)
				os.Exit(4)
			}
			last = last[:len(last)-1]
			fmt.Printf("U %d %d\n", u.Seq, seq)
		} else {
			kind := Review
			if r.IntN(6) == 0 {
				kind = Drill
			}
			id := fmt.Sprintf("k-%d", r.IntN(40))
			res, err := s.Answer(id, []Quality{Again, Hard, Good, Easy}[r.IntN(4)], kind, time.Second)
			if err != nil {
				fmt.Fprintln(os.Stderr, err)
				os.Exit(5)
			}
			last = append(last, res.Entry.Seq)
			fmt.Printf("A %d %s\n", res.Entry.Seq, id)
		}
		time.Sleep(time.Duration(r.IntN(3000)) * time.Microsecond)
	}
}
