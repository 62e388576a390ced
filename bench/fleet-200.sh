#!/usr/bin/env bash
# One runbook over 200 databases of one local (embedded) PostgreSQL 16: a migrate step of 20 migrations and an
# assert, run as a fleet with --concurrency 8. Prints
#   (a) the fleet's wall time and the fleet process's peak memory (max RSS),
#   (b) the slowest single-target run alone (./runbook run on a fresh database, its run duration from the
#       report, best of 3) and the issue's yardstick: slowest x ceil(200/8); target: (a) within 1.3x of it,
#   (c) the same fleet again with 3 targets made to fail and --max-errors 2: how many targets started
#       after the third failure (must be none but those already running) and what the report says.
# Usage: bench/fleet-200.sh            (N=... targets, C=... concurrency)
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
N="${N:-200}"
C="${C:-8}"
OUT="$ROOT/bench/out/fleet$N"
rm -rf "$OUT"; mkdir -p "$OUT/migrations"

python3 - "$OUT/migrations" <<'PY'
import sys, pathlib
out = pathlib.Path(sys.argv[1])
for i in range(1, 21):
    (out / f"V{i:03d}__t{i}.sql").write_text(
        f"CREATE TABLE t_{i} (id int PRIMARY KEY, name text NOT NULL);\n"
        f"INSERT INTO t_{i} (id, name) SELECT g, 'row ' || g FROM generate_series(1, 50) g;\n")
PY
cat > "$OUT/runbook.yaml" <<'YAML'
version: 1
id: bench-fleet
params:
  tenant: { type: string, required: true }
targets:
  db: { engine: postgresql, url: "${env.BENCH_FLEET_UNSET}" }
steps:
  - id: migrate
    migrate: { locations: [migrations] }
  - id: counts
    assert:
      - name: every table has its rows
        sql: SELECT count(*) FROM t_20
        expect: result == 50
      - name: not made to fail
        sql: SELECT count(*) FROM pg_tables WHERE tablename = 'poison'
        expect: result == 0
YAML

echo "building (not timed)..." >&2
(cd "$ROOT" && mvn -q -B -ntp -pl engine -am test-compile dependency:build-classpath \
   -Dmdep.includeScope=test -Dmdep.outputFile="$OUT/cp.txt" >/dev/null)
"$ROOT/runbook" --version >/dev/null
CP="$ROOT/engine/target/test-classes:$ROOT/engine/target/classes:$(cat "$OUT/cp.txt")"
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"

mkfifo "$OUT/server.in"
"$JAVA" -cp "$CP" dev.runbook.bench.MigrateBench server "$OUT/port" <"$OUT/server.in" >"$OUT/server.log" 2>&1 &
SERVER=$!
exec 3>"$OUT/server.in"
trap 'exec 3>&-; wait $SERVER 2>/dev/null || true' EXIT
for _ in $(seq 100); do [ -s "$OUT/port" ] && break; sleep 0.2; done
PORT="$(cat "$OUT/port")"
PSQL=(psql -X -q -v ON_ERROR_STOP=1 -h localhost -p "$PORT" -U postgres)

echo "creating $N databases (not timed)..." >&2
{ for i in $(seq -w 1 "$N"); do echo "CREATE DATABASE tenant_$i;"; done; } | "${PSQL[@]}" -d postgres
{ echo "targets:"; for i in $(seq -w 1 "$N"); do
    echo "  - { name: tenant-$i, url: \"postgresql://postgres@localhost:$PORT/tenant_$i\", params: { tenant: \"$i\" } }"
  done; } > "$OUT/fleet.yaml"

cd "$OUT"
echo "(a) fleet of $N, --concurrency $C" >&2
start=$(date +%s.%N)
/usr/bin/time -f "%M" -o "$OUT/fleet.rss" "$ROOT/runbook" run runbook.yaml --fleet fleet.yaml --concurrency "$C" \
  --out "$OUT/fleet-run" -q > "$OUT/fleet.out" 2>&1 || { cat "$OUT/fleet.out"; exit 1; }
wall=$(echo "$(date +%s.%N) - $start" | bc)
rss=$(cat "$OUT/fleet.rss")

echo "(b) single-target runs alone, best of 3" >&2
"${PSQL[@]}" -d postgres -c "CREATE DATABASE single_1" -c "CREATE DATABASE single_2" -c "CREATE DATABASE single_3"
single_ms=""
for i in 1 2 3; do
  "$ROOT/runbook" run runbook.yaml -p tenant=x --target "db=postgresql://postgres@localhost:$PORT/single_$i" \
    --out "$OUT/single-$i" -q --report json > /dev/null
  ms=$(python3 -c "import json;print(json.load(open('$OUT/single-$i/report.json'))['duration_ms'])")
  single_ms="$single_ms $ms"
done
best=$(python3 -c "print(min(int(x) for x in '$single_ms'.split()))")
slowest_in_fleet=$(python3 -c "import json;print(max(t['duration_ms'] for t in json.load(open('$OUT/fleet-run/fleet-report.json'))['targets']))")
batches=$(( (N + C - 1) / C ))

echo "(c) again with 3 targets made to fail, --max-errors 2" >&2
for k in 1 2 3; do
  i=$(printf "%0${#N}d" $(( k * N / 10 > 0 ? k * N / 10 : k )))
  "${PSQL[@]}" -d "tenant_$i" -c "CREATE TABLE poison (x int)"
done
"$ROOT/runbook" run runbook.yaml --fleet fleet.yaml --concurrency "$C" --max-errors 2 --out "$OUT/budget-run" -q \
  > "$OUT/budget.out" 2>&1 && code=0 || code=$?
python3 - "$OUT/budget-run/fleet-report.json" "$code" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
t = r['targets']
fails = sorted((x['finished'], x['name']) for x in t if x['status'] == 'failed')
third = fails[2][0] if len(fails) >= 3 else None
late = [x['name'] for x in t if x.get('started') and third and x['started'] > third]
print(f"    exit {sys.argv[2]}; {r['totals']['succeeded']} succeeded, {r['totals']['failed']} failed,"
      f" {r['totals']['not_started']} not started; targets started after the third failure: {len(late)}")
print(f"    report says: {r.get('stopped')}")
PY

python3 - <<PY
wall = $wall; best = $best / 1000; slowest = $slowest_in_fleet / 1000; batches = $batches
print(f"(a) fleet of $N with --concurrency $C: {wall:.1f} s wall, peak memory {int($rss) / 1024:.0f} MB (max RSS)")
print(f"(b) single-target run alone: {best:.2f} s (best of 3:$single_ms ms); x ceil($N/$C) = {best * batches:.1f} s;"
      f" fleet / that = {wall / (best * batches):.2f} (target <= 1.3)")
print(f"    slowest target inside the fleet: {slowest:.2f} s; x {batches} = {slowest * batches:.1f} s;"
      f" fleet / that = {wall / (slowest * batches):.2f}")
PY
