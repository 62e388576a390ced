#!/usr/bin/env python3
"""Times whole processes for bench/anchors.sh: wall seconds, client CPU and peak memory, median of N.

Usage: measure.py ROUNDS OUT.json SPEC.json
SPEC.json is a list of rows; each row {"row": NAME, "cmds": [{"name", "cmd", "prepare"?, "cwd"?}, ...]}.
Every round runs each row's commands in turn (A B C A B C ...), so a machine that slows down during the
bench slows all of a row's columns alike and the ratios stay meaningful; one untimed warm-up round first.
"prepare" (a shell string, e.g. a fresh database) runs before each timed run and is not timed.

Figures are the operating system's own accounting of the finished child (os.wait4): user + system seconds
of the process and of every descendant it waited for (the launcher's shell, the JVM, psql), and the peak
resident set of the largest of them (ru_maxrss), not their sum. Wall time is a monotonic clock around
fork and reap. Output goes to /dev/null; a non-zero exit code is recorded and fails the bench.
"""
import json
import os
import statistics
import subprocess
import sys
import time


def run_once(cmd, cwd):
    start = time.monotonic()
    with open(os.devnull, "wb") as null, open(os.devnull, "rb") as empty:
        proc = subprocess.Popen(["bash", "-c", "exec " + cmd], cwd=cwd, stdin=empty, stdout=null, stderr=null)
        _, status, usage = os.wait4(proc.pid, 0)
    wall = time.monotonic() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    return {"wall": wall, "cpu": usage.ru_utime + usage.ru_stime, "rss_kb": usage.ru_maxrss,
            "exit": proc.returncode}


def main():
    rounds, out, spec = int(sys.argv[1]), sys.argv[2], json.load(open(sys.argv[3]))
    samples = {(r["row"], c["name"]): [] for r in spec for c in r["cmds"]}
    for rnd in range(rounds + 1):   # round 0 warms caches and the JIT's files and is not counted
        for row in spec:
            for c in row["cmds"]:
                if c.get("prepare"):
                    subprocess.run(["bash", "-c", c["prepare"]], check=True,
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
                s = run_once(c["cmd"], c.get("cwd"))
                if s["exit"] != c.get("expect_exit", 0):
                    sys.exit(f"{row['row']} / {c['name']}: exit {s['exit']}: {c['cmd']}")
                if rnd > 0:
                    samples[(row["row"], c["name"])].append(s)
            print(f"  round {rnd}/{rounds}: {row['row']} done", file=sys.stderr, flush=True)
    result = []
    for row in spec:
        for c in row["cmds"]:
            runs = samples[(row["row"], c["name"])]
            result.append({"row": row["row"], "name": c["name"], "cmd": c["cmd"], "runs": runs,
                           "wall": statistics.median(x["wall"] for x in runs),
                           "cpu": statistics.median(x["cpu"] for x in runs),
                           "rss_mb": statistics.median(x["rss_kb"] for x in runs) / 1024,
                           "wall_min": min(x["wall"] for x in runs), "wall_max": max(x["wall"] for x in runs)})
    json.dump(result, open(out, "w"), indent=1)


if __name__ == "__main__":
    main()
