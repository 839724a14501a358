#!/usr/bin/env python3
"""Time the first frame of several commands in one run, interleaved.

    interleave.py [--runs N] [--warmup W] [--cols C --rows R] \\
        NAME::MARKER::COMMAND ... 

Each spec names a command, the regex that marks its first frame (on the
output without escapes and white space, as firstframe.py reads it; empty
for firstframe.py's review card) and the command line, split on spaces;
VAR=value words at its start go into its environment. Every round runs each
command once, in an order that rotates from round to round, so that a
change in the machine's load touches every command alike. Reports the
median, quartiles and spread of each, and with --json the raw runs.

Besides the wall time it reports the CPU time the command's threads had
run when its first frame came (from /proc/PID/task/*/schedstat): on a
loaded machine, wall time mostly measures the wait for a core, and CPU time
does not.

    python3 bench/interleave.py --runs 15 \\
        'floor::floor::/tmp/floor' \\
        'tea::floor::/tmp/floor -tea' \\
        'review::::HONE_DB=/tmp/c10k.db /tmp/hone review' \\
        'home::^(?=.*learned)(?=.*drillweak)::HONE_DB=/tmp/c10k.db /tmp/hone'

(The review's marker is empty.) With --exit the
commands run without a terminal (stdin and stdout /dev/null, as hyperfine -N
runs them) and the time is to their exit; the marker is ignored. Python's
standard library and firstframe.py only.
"""

import argparse
import json
import os
import re
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import firstframe as ff  # noqa: E402


def parse_spec(spec):
    name, marker, cmdline = spec.split("::", 2)
    words = cmdline.split()
    env = {}
    while words and re.match(r"^[A-Z_][A-Z0-9_]*=", words[0]):
        k, v = words.pop(0).split("=", 1)
        env[k] = v
    return name, ff.first_frame(re.compile(marker) if marker else None), env, words


def cpu_ms(pid):
    """CPU time, in ms, that pid's threads have run so far."""
    total = 0
    try:
        for tid in os.listdir("/proc/%d/task" % pid):
            with open("/proc/%d/task/%s/schedstat" % (pid, tid)) as f:
                total += int(f.read().split()[0])
    except OSError:
        pass
    return total / 1e6


def run_to_exit(cmd, env, timeout):
    """The wall time to the command's exit, and its CPU time (user and
    system, from wait4's rusage)."""
    start = time.perf_counter()
    p = subprocess.Popen(cmd, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(p.pid, 0)
    t = time.perf_counter() - start
    p.returncode = os.waitstatus_to_exitcode(status)
    if p.returncode != 0:
        raise RuntimeError("%s exited %d" % (" ".join(cmd), p.returncode))
    return t, (usage.ru_utime + usage.ru_stime) * 1000


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--runs", type=int, default=15)
    ap.add_argument("--warmup", type=int, default=2)
    ap.add_argument("--cols", type=int, default=100)
    ap.add_argument("--rows", type=int, default=30)
    ap.add_argument("--timeout", type=float, default=20)
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--exit", action="store_true", help="time each command to its exit, without a terminal")
    ap.add_argument("specs", nargs="+")
    a = ap.parse_args()
    base = dict(os.environ, TERM=os.environ.get("TERM", "xterm-256color"), COLORTERM="truecolor", LANG="C.UTF-8")
    specs = [parse_spec(s) for s in a.specs]
    times = {name: [] for name, _, _, _ in specs}
    cpus = {name: [] for name, _, _, _ in specs}
    for r in range(a.warmup + a.runs):
        shift = r % len(specs)
        for name, found, env, cmd in specs[shift:] + specs[:shift]:
            c = None
            if a.exit:
                t, c = run_to_exit(cmd, dict(base, **env), a.timeout)
            else:
                term = ff.Term(cmd, a.cols, a.rows, dict(base, **env))
                try:
                    t = term.wait_for(found, a.timeout) - term.start
                    c = cpu_ms(term.proc.pid)
                finally:
                    term.kill()
            if r >= a.warmup:
                times[name].append(t * 1000)
                if c is not None:
                    cpus[name].append(c)
    out = {name: {"first_frame_ms": ff.summary(ts), "runs_ms": [round(t, 2) for t in ts]} for name, ts in times.items()}
    for name, cs in cpus.items():
        if cs:
            out[name]["cpu_ms"] = ff.summary(cs)
            out[name]["runs_cpu_ms"] = [round(c, 2) for c in cs]
    out["load"] = open("/proc/loadavg").read().split()[:3]
    if a.json:
        json.dump(out, sys.stdout, indent=1)
        print()
        return
    for name, _, _, _ in specs:
        print(ff.fmt(name, out[name]["first_frame_ms"]))
        if "cpu_ms" in out[name]:
            print(ff.fmt(name + " (CPU)", out[name]["cpu_ms"]))
    print("load average after: " + " ".join(out["load"]))


if __name__ == "__main__":
    main()
