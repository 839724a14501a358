#!/usr/bin/env python3
"""Time hone's first frame, and its answers, in a pseudo-terminal.

    firstframe.py [options] -- COMMAND [ARGS...]

Each run starts COMMAND in a fresh pty of --cols x --rows, reads its output
until the first review card is drawn (the progress header "N/M" and the line
under the card, "space to reveal" or "press a–… to answer"), records the time from
just before the spawn, and kills it. After --warmup runs that are not
counted, --runs runs are reported: each one, then the median, the quartiles
and the spread. --once does a single run and exits 0, for hyperfine.

--answers K goes on after the first frame of the last run: it answers K
cards as a learner would (space then 3 on a flashcard, a then enter on a
choice card) and times each answer from the grade key to the next card
drawn, which includes the store's commit and fsync; it pauses 20–60 ms
before each key, as a learner would, so that keys do not arrive in step
with the program's 60 frames a second. Then it sends q and
waits for the command to exit, so that a wrapper such as
`/usr/bin/time -v -o FILE` can report the session's peak memory. --quit
does the same after every first frame, without answering.

The screen is not emulated: escape sequences and spaces are stripped from
the output and the markers searched in what is left, which is enough to
tell one frame from the next. Queries for the background colour are
answered as a dark terminal would. Python's standard library only.
"""

import argparse
import fcntl
import json
import os
import pty
import random
import re
import select
import signal
import statistics
import struct
import subprocess
import sys
import termios
import time

ESCAPES = re.compile(
    rb"\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)"  # OSC
    rb"|\x1b[P_^X].*?\x1b\\"  # DCS, APC, PM, SOS
    rb"|\x1b\[[0-?]*[ -/]*[@-~]"  # CSI
    rb"|\x1b[()*+][0-9A-Za-z]"  # charset
    rb"|\x1b[ -/]*[0-~]",  # other ESC sequences
    re.S,
)
BG_QUERY = b"\x1b]11;?"
BG_REPLY = b"\x1b]11;rgb:1c1c/1c1c/1c1c\x1b\\"

# The line under a card: "space to reveal" or "press a–e to answer". Only the
# end of it is searched: the renderer skips a cell that did not change, so
# the first letter can be missing when the line before began with the same.
HEADER = re.compile(r"\d+/\d+")
CARD_READY = re.compile(r"toreveal|toanswer")


def visible(raw: bytes) -> str:
    """The printable text of raw output, without escapes or white space."""
    text = ESCAPES.sub(b"", raw).decode("utf-8", "replace")
    return re.sub(r"\s+", "", text)


class Term:
    """A command running in a pty."""

    def __init__(self, cmd, cols, rows, env):
        self.master, slave = pty.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
        self.start = time.perf_counter()
        self.proc = subprocess.Popen(
            cmd, stdin=slave, stdout=slave, stderr=slave, env=env, close_fds=True, start_new_session=True
        )
        os.close(slave)
        self.raw = b""  # output since the last mark()

    def mark(self):
        self.raw = b""

    def wait_for(self, found, timeout):
        """Read until found(visible text since mark()) holds; the time then."""
        deadline = time.perf_counter() + timeout
        while True:
            left = deadline - time.perf_counter()
            if left <= 0:
                raise TimeoutError("no frame within %.1fs; output so far: %r" % (timeout, visible(self.raw)[-300:]))
            ready, _, _ = select.select([self.master], [], [], left)
            if not ready:
                continue
            try:
                chunk = os.read(self.master, 1 << 16)
            except OSError:
                chunk = b""
            if not chunk:
                raise RuntimeError("the command exited; output: %r" % visible(self.raw)[-300:])
            now = time.perf_counter()
            self.raw += chunk
            if BG_QUERY in chunk:
                os.write(self.master, BG_REPLY)
            if found(visible(self.raw)):
                return now

    def send(self, keys: bytes):
        self.mark()
        t = time.perf_counter()
        os.write(self.master, keys)
        return t

    def kill(self):
        try:
            os.killpg(self.proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        self.proc.wait()
        os.close(self.master)

    def quit(self, timeout):
        """Leave with q (twice: the session, then the summary) and wait."""
        deadline = time.perf_counter() + timeout
        while self.proc.poll() is None and time.perf_counter() < deadline:
            os.write(self.master, b"q")
            ready, _, _ = select.select([self.master], [], [], 0.2)
            if ready:
                try:
                    os.read(self.master, 1 << 16)
                except OSError:
                    break
        try:
            code = self.proc.wait(max(deadline - time.perf_counter(), 0.1))
        except subprocess.TimeoutExpired:
            self.kill()
            raise RuntimeError("the command did not quit on q")
        os.close(self.master)
        return code

    def status(self):
        """Memory of the command so far, from /proc: peak and current RSS,
        and the current RSS split into anonymous memory and mapped files."""
        out = {}
        try:
            with open("/proc/%d/status" % self.proc.pid) as f:
                for line in f:
                    k, _, v = line.partition(":")
                    if k in ("VmHWM", "VmRSS", "RssAnon", "RssFile", "RssShmem"):
                        out[k] = int(v.split()[0])
        except OSError:
            pass
        return out


def first_frame(found):
    return lambda text: bool(found.search(text)) if found else bool(HEADER.search(text) and CARD_READY.search(text))


def next_card(s):
    return CARD_READY.search(s) or "Sessiondone" in s


def card_kind(term):
    """What the card on screen asks for, from the line under it in the last
    frame: the renderer redraws only what changed, and that line always
    changes from one card to the next."""
    m = CARD_READY.findall(visible(term.raw))
    return m[-1] if m else None


def think():
    """A learner's pause before a key, so that keys do not arrive in step
    with the frames the program draws at 60 a second."""
    time.sleep(random.uniform(0.02, 0.06))


def answer(term, timeout):
    """Answer the card on screen; the time from the grade key to the next card."""
    think()
    if card_kind(term) == "toanswer":
        t0 = term.send(b"a")
        t1 = term.wait_for(lambda s: "ernext" in s, timeout)
        term.send(b"\r")
        term.wait_for(next_card, timeout)
        return t1 - t0
    term.send(b" ")
    term.wait_for(lambda s: "Again" in s, timeout)
    think()
    t0 = term.send(b"3")
    t1 = term.wait_for(next_card, timeout)
    return t1 - t0


def summary(ms):
    s = sorted(ms)
    q = statistics.quantiles(s, n=4) if len(s) >= 2 else [s[0]] * 3
    return {
        "n": len(s),
        "median": statistics.median(s),
        "p25": q[0],
        "p75": q[2],
        "min": s[0],
        "max": s[-1],
        "stdev": statistics.stdev(s) if len(s) >= 2 else 0.0,
    }


def fmt(name, st):
    return "%s: median %.1f ms (p25 %.1f, p75 %.1f, min %.1f, max %.1f, sd %.1f; %d runs)" % (
        name, st["median"], st["p25"], st["p75"], st["min"], st["max"], st["stdev"], st["n"])


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--runs", type=int, default=15)
    ap.add_argument("--warmup", type=int, default=2)
    ap.add_argument("--once", action="store_true", help="one run, no report (for hyperfine)")
    ap.add_argument("--cols", type=int, default=100)
    ap.add_argument("--rows", type=int, default=30)
    ap.add_argument("--marker", help="regex that marks the first frame, on text without escapes and spaces")
    ap.add_argument("--answers", type=int, default=0, help="answer this many cards after the last first frame")
    ap.add_argument("--quit", action="store_true", help="leave with q after each first frame instead of killing the command")
    ap.add_argument("--status", action="store_true", help="report the last run's memory from /proc (the command must be hone itself, not a wrapper)")
    ap.add_argument("--timeout", type=float, default=20)
    ap.add_argument("--json", action="store_true")
    ap.add_argument("cmd", nargs=argparse.REMAINDER)
    a = ap.parse_args()
    cmd = a.cmd[1:] if a.cmd[:1] == ["--"] else a.cmd
    if not cmd:
        ap.error("no command")
    env = dict(os.environ, TERM=os.environ.get("TERM", "xterm-256color"), COLORTERM="truecolor", LANG="C.UTF-8")
    found = first_frame(re.compile(a.marker) if a.marker else None)
    if a.once:
        a.runs, a.warmup = 1, 0
    times, mem = [], {}
    for i in range(a.warmup + a.runs):
        term = Term(cmd, a.cols, a.rows, env)
        try:
            t = term.wait_for(found, a.timeout) - term.start
        except Exception:
            term.kill()
            raise
        last = i == a.warmup + a.runs - 1
        if last and a.status:
            mem["first_frame_kb"] = term.status()
        if last and a.answers:
            lat = [answer(term, a.timeout) * 1000 for _ in range(a.answers)]
            if a.status:
                mem["after_answers_kb"] = term.status()
        if (last and a.answers) or a.quit:
            code = term.quit(a.timeout)
            if code != 0:
                raise RuntimeError("the command exited %d" % code)
        else:
            term.kill()
        if i >= a.warmup:
            times.append(t * 1000)
    if a.once:
        return
    out = {"cmd": cmd, "first_frame_ms": summary(times), "runs_ms": [round(t, 2) for t in times]}
    if a.answers:
        out["answer_ms"] = summary(lat)
        out["answers_ms"] = [round(t, 2) for t in lat]
    if a.status:
        out["memory"] = mem
    if a.json:
        json.dump(out, sys.stdout, indent=1)
        print()
        return
    print(" ".join(cmd))
    print("  runs: " + " ".join("%.1f" % t for t in times))
    print("  " + fmt("first frame", out["first_frame_ms"]))
    if a.answers:
        print("  " + fmt("answer (key to next card)", out["answer_ms"]))
    for when, m in mem.items():
        print("  memory at %s: %s" % (when.replace("_kb", "").replace("_", " "), ", ".join("%s %.1f MB" % (k, v / 1024) for k, v in m.items())))


if __name__ == "__main__":
    main()
