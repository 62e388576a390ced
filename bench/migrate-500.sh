#!/usr/bin/env bash
# Applies N (default 500) generated migrations (CREATE TABLE t_n + INSERT) to a fresh database of one
# embedded PostgreSQL 16, three ways, and prints the wall times side by side:
#   (a) psql -f of the concatenated files (no history table, no checks: the floor),
#   (b) Flyway alone through its Java API (a tiny main, new JVM per run),
#   (c) Runbook's migrate path: MigrationRunner (info before, validate, migrate, failure mapping), new JVM
#       per run with the launcher's JVM flags;
#   (d) ./runbook run of a generated one-step runbook, the whole product (validate, plan, run lock, target
#       journal, event log, four reports); RUNBOOK_RUN=0 leaves it out.
# Then (b) and (c) again inside one warm JVM in A-B-B-A order, the steadier number on a busy machine.
# Target: (c) and (d) within 10% of (b).
# Usage: bench/migrate-500.sh [runs]        (needs hyperfine; N=... to change the count)
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
RUNS="${1:-5}"
N="${N:-500}"
OUT="$ROOT/bench/out/migrate$N"
rm -rf "$OUT"; mkdir -p "$OUT/migrations"

python3 - "$N" "$OUT/migrations" <<'PY'
import sys, pathlib
n, out = int(sys.argv[1]), pathlib.Path(sys.argv[2])
for i in range(1, n + 1):
    (out / f"V{i:04d}__create_t{i}.sql").write_text(
        f"CREATE TABLE t_{i} (id int PRIMARY KEY, name text NOT NULL, created timestamptz DEFAULT now());\n"
        f"INSERT INTO t_{i} (id, name) SELECT g, 'row ' || g FROM generate_series(1, 20) g;\n")
PY
cat "$OUT"/migrations/V*.sql > "$OUT/all.sql"
cat > "$OUT/runbook.yaml" <<YAML
version: 1
id: bench-migrate-$N
targets:
  db: { engine: postgresql, url: "\${env.BENCH_DB_URL}" }
steps:
  - id: migrate
    migrate: { locations: [migrations] }
YAML

echo "building the test classpath (not timed)..." >&2
(cd "$ROOT" && mvn -q -B -ntp -pl engine -am test-compile dependency:build-classpath \
   -Dmdep.includeScope=test -Dmdep.outputFile="$OUT/cp.txt" >/dev/null)
CP="$ROOT/engine/target/test-classes:$ROOT/engine/target/classes:$(cat "$OUT/cp.txt")"
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
JVM=(-XX:TieredStopAtLevel=1 -XX:+UseParallelGC -Xlog:disable -Xlog:all=warning:stderr)   # as ./runbook runs

# One embedded server for the whole bench; its stdin is a FIFO we hold open, closing it stops the server.
mkfifo "$OUT/server.in"
"$JAVA" -cp "$CP" dev.runbook.bench.MigrateBench server "$OUT/port" <"$OUT/server.in" >"$OUT/server.log" 2>&1 &
SERVER=$!
exec 3>"$OUT/server.in"
trap 'exec 3>&-; wait $SERVER 2>/dev/null || true' EXIT
for _ in $(seq 100); do [ -s "$OUT/port" ] && break; sleep 0.2; done
PORT="$(cat "$OUT/port")"
PSQL=(psql -X -q -v ON_ERROR_STOP=1 -h localhost -p "$PORT" -U postgres)
FRESH="${PSQL[*]} -d postgres -c 'DROP DATABASE IF EXISTS bench' -c 'CREATE DATABASE bench'"
URL="jdbc:postgresql://localhost:$PORT/bench"
export BENCH_DB_URL="postgresql://postgres@localhost:$PORT/bench"

CMDS=(-n "a psql -f" "${PSQL[*]} -d bench -f $OUT/all.sql"
      -n "b flyway alone" "$JAVA ${JVM[*]} -cp $CP dev.runbook.bench.MigrateBench flyway $URL $OUT/migrations"
      -n "c runbook MigrationRunner" "$JAVA ${JVM[*]} -cp $CP dev.runbook.bench.MigrateBench runbook $URL $OUT/migrations")
if [ "${RUNBOOK_RUN:-1}" = 1 ]; then
  "$ROOT/runbook" --version >/dev/null   # builds on first use; not timed
  # Run folders go to $OUT/runs/<run-id>: each run gets its own.
  CMDS+=(-n "d ./runbook run" "cd $OUT && $ROOT/runbook run runbook.yaml -q")
fi
hyperfine --warmup 1 --runs "$RUNS" --prepare "$FRESH" --export-json "$OUT/result.json" "${CMDS[@]}"

# Peak memory (max RSS) of one run each, on a fresh database: the guide asks for less than Flyway's.
peak() { bash -c "$FRESH" >/dev/null; /usr/bin/time -f "%M" bash -c "$1" 2>&1 >/dev/null | tail -1; }
echo "peak memory: flyway alone $(peak "$JAVA ${JVM[*]} -cp $CP dev.runbook.bench.MigrateBench flyway $URL $OUT/migrations") KB," \
     "runbook run $(peak "cd $OUT && $ROOT/runbook run runbook.yaml -q") KB" > "$OUT/peak.txt"

"$JAVA" "${JVM[@]}" -cp "$CP" dev.runbook.bench.MigrateBench compare "$PORT" "$OUT/migrations" "$RUNS" > "$OUT/compare.txt"

python3 - "$OUT/result.json" "$N" <<'PY'
import json, sys
res = {r["command"]: r for r in json.load(open(sys.argv[1]))["results"]}
base = res["b flyway alone"]["mean"]
print(f"\n{sys.argv[2]} migrations, fresh database each run, mean of runs (wall time):")
for name, r in res.items():
    print(f"  {name:28s} {r['mean']:7.3f} s  ± {r['stddev']:.3f}   {100 * (r['mean'] / base - 1):+6.1f}% vs Flyway alone")
PY
cat "$OUT/compare.txt"
cat "$OUT/peak.txt"
