#!/usr/bin/env python3
"""Times a command that needs fresh work before each run (hone sync after
the other collection answered): prepared.py RUNS PREPARE COMMAND runs PREPARE
(a shell line; {i} is the run number) and then COMMAND under wait4, and prints
the medians (p25-p75) of CPU time (user+sys) and wall time. Used for
BENCHMARKS.md, "Sync (issue 14)"."""

import os, statistics, subprocess, sys, time

runs, prep, cmd = int(sys.argv[1]), sys.argv[2], sys.argv[3]
cpu, wall = [], []
for i in range(runs):
    if prep:
        subprocess.run(prep.replace("{i}", str(i)), shell=True, check=True, stdout=subprocess.DEVNULL)
    t = time.perf_counter()
    pid = os.spawnvp(os.P_NOWAIT, "sh", ["sh", "-c", "exec " + cmd + " >/dev/null"])
    _, status, ru = os.wait4(pid, 0)
    wall.append((time.perf_counter() - t) * 1000)
    cpu.append((ru.ru_utime + ru.ru_stime) * 1000)
    assert status == 0, status
def q(x):
    s = statistics.quantiles(sorted(x), n=4)
    return f"{statistics.median(x):.1f} ({s[0]:.1f}–{s[2]:.1f})"
print(f"{runs} runs: CPU {q(cpu)} ms, wall {q(wall)} ms; load {os.getloadavg()[0]:.1f}")
