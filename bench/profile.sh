#!/usr/bin/env bash
# Profiles one Runbook command as users run it (./runbook, its CDS archive and JVM flags) with async-profiler, and
# prints where each thread's CPU went and the heaviest frames of the main thread (inclusive, Runbook's frames and
# the libraries' alike). async-profiler rather than JFR because JFR samples only threads running Java code every
# 10-20 ms: a 1 s cold run gave it ~20 samples, and none of the interpreter, class loading or C1 compilation that
# a cold JVM spends its time on.
# Usage: bench/profile.sh OUT ARGS...     OUT ends in .collapsed (stacks, summarised here) or .html (a flame graph)
#   e.g. BENCH_DB_URL=postgresql://postgres@localhost:5432/db bench/profile.sh /tmp/plan.collapsed plan big.yaml
#        TOP=80 FILTER=dev.runbook bench/profile.sh /tmp/a.collapsed validate runbooks/.../runbook.yaml
# The profiler comes from Maven Central (tools.profiler:async-profiler, its Linux x64 and arm64 agents inside).
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
OUT_FILE="$1"; shift
VERSION="${ASYNC_PROFILER_VERSION:-4.1}"
DIR="$ROOT/bench/out/async-profiler-$VERSION"
case "$(uname -m)" in x86_64) ARCH=linux-x64 ;; aarch64) ARCH=linux-arm64 ;; *) echo "no async-profiler agent for $(uname -m)" >&2; exit 2 ;; esac
AGENT="$DIR/$ARCH/libasyncProfiler.so"
if [ ! -f "$AGENT" ]; then
  mkdir -p "$DIR"
  (cd "$ROOT" && mvn -q -B -ntp dependency:copy -Dartifact="tools.profiler:async-profiler:$VERSION" \
     -DoutputDirectory="$DIR" >/dev/null)
  (cd "$DIR" && python3 -c "import zipfile,sys; zipfile.ZipFile(sys.argv[1]).extractall('.')" "async-profiler-$VERSION.jar")
fi
# event=cpu uses perf events where the kernel allows them and falls back to a CPU timer where it does not
# (containers); 1 ms, so a one-second run yields about a thousand samples per busy thread.
case "$OUT_FILE" in *.html) FORMAT= ;; *) FORMAT=,collapsed ;; esac
RUNBOOK_JAVA_OPTS="-agentpath:$AGENT=start,event=cpu,interval=1ms,threads,file=$OUT_FILE$FORMAT ${RUNBOOK_JAVA_OPTS:-}" \
  "$ROOT/runbook" "$@" >/dev/null || echo "(the command exited $?; its profile is still written)" >&2
[ -n "$FORMAT" ] || { echo "flame graph: $OUT_FILE"; exit 0; }
python3 - "$OUT_FILE" "${TOP:-40}" "${FILTER:-}" <<'PY'
import collections, re, sys
path, top, only = sys.argv[1], int(sys.argv[2]), sys.argv[3]
threads, frames, main = collections.Counter(), collections.Counter(), 0
for line in open(path):
    stack, n = line.rsplit(" ", 1)
    n = int(n)
    parts = stack.split(";")
    thread = re.sub(r"[ #]*(tid=\d+)?\]$", "", parts[0].lstrip("[")).rstrip("0123456789 #")
    threads[thread] += n
    if not parts[0].startswith("[main"): continue
    main += n
    for f in dict.fromkeys(p.replace("/", ".") for p in parts[1:]):   # inclusive: each frame once per stack
        if not only or only in f: frames[f] += n
print(f"CPU samples (1 ms each) by thread, {sum(threads.values())} in all:")
for t, n in threads.most_common(8): print(f"  {n:6d}  {t}")
print(f"main thread, inclusive, top {top}:")
for f, n in frames.most_common(top): print(f"  {n:6d}  {100 * n / max(main, 1):5.1f}%  {f}")
PY
