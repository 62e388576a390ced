#!/usr/bin/env bash
# The anchors of issue #19, side by side in ONE run: psql, the Flyway CLI and Runbook on the same generated work,
# whole processes, a fresh database before every timed run that needs one, the median of N rounds (after one
# untimed warm-up round), each row's commands run in turn so the machine's drift hits them alike; printed as
# wall time, client CPU (user + system of the process tree) and peak memory (max RSS), with the ratios the issue
# sets targets on. What each row compares and how to read it: bench/README.md.
# Usage: bench/anchors.sh [N]      N migrations and N assertions (default 500, the issue's "anchors.sh 500");
#        ROUNDS=5 timed rounds, STEPS=10000 plan steps, ROWS="migrate noop assert startup validate plan" picks rows.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
N="${1:-500}"
ROUNDS="${ROUNDS:-5}"
STEPS="${STEPS:-10000}"
ROWS="${ROWS:-migrate group noop assert startup validate plan}"
OUT="$ROOT/bench/out/anchors"
rm -rf "$OUT"; mkdir -p "$OUT/migrations" "$OUT/runs"
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"

# --- the generated work --------------------------------------------------------------------------------------
python3 - "$N" "$OUT" <<'PY'
import sys, pathlib
n, out = int(sys.argv[1]), pathlib.Path(sys.argv[2])
for i in range(1, n + 1):
    (out / "migrations" / f"V{i:04d}__create_t{i}.sql").write_text(
        f"CREATE TABLE t_{i} (id int PRIMARY KEY, name text NOT NULL, created timestamptz DEFAULT now());\n"
        f"CREATE INDEX t_{i}_name ON t_{i} (name);\n"
        f"INSERT INTO t_{i} (id, name) SELECT g, 'row ' || g FROM generate_series(1, 50) g;\n")
checks = [f"SELECT COUNT(*) FROM t_{i} WHERE id < 0" for i in range(1, n + 1)]
(out / "checks.sql").write_text("".join(c + ";\n" for c in checks))
with open(out / "migrate.yaml", "w") as f:
    f.write(f"version: 1\nid: anchors-migrate-{n}\ntargets:\n  db: {{ engine: postgresql, url: \"${{env.BENCH_DB_URL}}\" }}\n"
            "steps:\n  - id: migrate\n    migrate: { locations: [migrations] }\n")
with open(out / "group.yaml", "w") as f:
    f.write(f"version: 1\nid: anchors-group-{n}\ntargets:\n  db: {{ engine: postgresql, url: \"${{env.BENCH_DB_URL}}\" }}\n"
            "steps:\n  - id: migrate\n    migrate: { locations: [migrations], one_transaction: true }\n")
with open(out / "assert.yaml", "w") as f:
    f.write(f"version: 1\nid: anchors-assert-{n}\ntargets:\n  db: {{ engine: postgresql, url: \"${{env.BENCH_DB_URL}}\" }}\n"
            "steps:\n  - id: checks\n    assert:\n")
    for i, c in enumerate(checks, 1):
        f.write(f"      - {{ name: t_{i} has no negative id, sql: \"{c}\", expect: result == 0 }}\n")
PY
cat "$OUT"/migrations/V*.sql > "$OUT/all.sql"
python3 "$ROOT/bench/gen-runbook.py" "$STEPS" "$OUT/plan$STEPS"
SEED="$ROOT/runbooks/staging-migrations-001-008/runbook.yaml"

# --- the tools (not timed) -----------------------------------------------------------------------------------
echo "building Runbook, the bench's test classpath and fetching the Flyway CLI (not timed)..." >&2
"$ROOT/runbook" --version >/dev/null          # builds the jar and its CDS archive on first use
(cd "$ROOT" && mvn -q -B -ntp -pl engine -am test-compile dependency:build-classpath \
   -Dmdep.includeScope=test -Dmdep.outputFile="$OUT/cp.txt" >/dev/null)
(cd "$ROOT" && mvn -q -B -ntp -f bench/pom.xml dependency:copy-dependencies >/dev/null)
CP="$ROOT/engine/target/test-classes:$ROOT/engine/target/classes:$(cat "$OUT/cp.txt")"
FLYWAY_LIB="$ROOT/bench/out/flyway-cli/lib"
# The Flyway CLI as its own launcher starts it (java -cp lib/* org.flywaydb.commandline.Main), its update check
# (a request to Maven Central on every command) and telemetry off, so it reaches nothing but the database.
export REDGATE_DISABLE_TELEMETRY=true
FLYWAY="$JAVA -cp '$FLYWAY_LIB/*' org.flywaydb.commandline.Main -skipCheckForUpdate"
"$JAVA" -cp "$FLYWAY_LIB/*" org.flywaydb.commandline.Main -skipCheckForUpdate -v | grep -q 'Flyway' \
  || { echo "the Flyway CLI does not start" >&2; exit 1; }

# --- one embedded PostgreSQL 16 (zonky) for the whole bench; closing its stdin stops it --------------------------
mkfifo "$OUT/server.in"
"$JAVA" -cp "$CP" dev.runbook.bench.MigrateBench server "$OUT/port" <"$OUT/server.in" >"$OUT/server.log" 2>&1 &
SERVER=$!
exec 3>"$OUT/server.in"
trap 'exec 3>&-; wait $SERVER 2>/dev/null || true' EXIT
for _ in $(seq 150); do [ -s "$OUT/port" ] && break; sleep 0.2; done
PORT="$(cat "$OUT/port")"
PSQL="psql -X -q -v ON_ERROR_STOP=1 -h localhost -p $PORT -U postgres"
fresh() { echo "$PSQL -d postgres -c 'DROP DATABASE IF EXISTS $1' -c 'CREATE DATABASE $1'"; }
url() { echo "postgresql://postgres@localhost:$PORT/$1"; }
FW_ARGS="-url=jdbc:postgresql://localhost:$PORT/DB -user=postgres -locations=filesystem:$OUT/migrations"
fw() { echo "$FLYWAY ${FW_ARGS/DB/$1} $2"; }
RB="$ROOT/runbook"

# Two databases migrated once (not timed): the "nothing pending" rows and the assertions run on them.
bash -c "$(fresh done_fw)"; bash -c "$(fresh done_rb)"
bash -c "$(fw done_fw migrate)" >/dev/null
(cd "$OUT" && BENCH_DB_URL="$(url done_rb)" "$RB" run migrate.yaml -q --out "$OUT/runs/setup" >/dev/null)

# --- the rows ----------------------------------------------------------------------------------------------
python3 - "$OUT/spec.json" "$ROWS" <<PY
import json, sys
rows = sys.argv[2].split()
spec = []
def row(name, *cmds):
    if name in rows: spec.append({"row": name, "cmds": [dict(zip(("name", "cmd", "prepare"), c)) for c in cmds]})
row("migrate",
    ("psql", "$PSQL -d m_psql -f $OUT/all.sql", "$(fresh m_psql)"),
    ("flyway", "$(fw m_fw migrate)", "$(fresh m_fw)"),
    ("runbook", "env BENCH_DB_URL=$(url m_rb) $RB run $OUT/migrate.yaml -q --out $OUT/runs/m", "rm -rf $OUT/runs/m; $(fresh m_rb)"))
row("group",
    ("flyway", "$(fw g_fw migrate) -group=true", "$(fresh g_fw)"),
    ("runbook", "env BENCH_DB_URL=$(url g_rb) $RB run $OUT/group.yaml -q --out $OUT/runs/g", "rm -rf $OUT/runs/g; $(fresh g_rb)"))
row("noop",
    ("flyway", "$(fw done_fw migrate)", None),
    ("runbook", "env BENCH_DB_URL=$(url done_rb) $RB run $OUT/migrate.yaml -q --out $OUT/runs/n", "rm -rf $OUT/runs/n"))
row("assert",
    ("psql", "$PSQL -d done_rb -f $OUT/checks.sql", None),
    ("runbook", "env BENCH_DB_URL=$(url done_rb) $RB run $OUT/assert.yaml -q --out $OUT/runs/a", "rm -rf $OUT/runs/a"))
row("startup",
    ("java", "$JAVA -version", None),
    ("flyway", "$FLYWAY -v", None),
    ("runbook", "$RB --version", None))
row("validate",
    ("java", "$JAVA -version", None),
    ("runbook", "$RB validate $SEED", None))
row("plan",
    ("runbook", "env BENCH_DB_URL=$(url done_rb) $RB plan $OUT/plan$STEPS/runbook.yaml --format json", None),
    ("dry-run", "env BENCH_DB_URL=$(url m_dry) $RB plan $OUT/migrate.yaml --connect --format json --out $OUT/dry.json", "$(fresh m_dry)"))
json.dump(spec, open(sys.argv[1], "w"), indent=1)
PY
echo "timing: $ROUNDS rounds after a warm-up (rows: $ROWS)..." >&2
(cd "$OUT" && python3 "$ROOT/bench/measure.py" "$ROUNDS" "$OUT/result.json" "$OUT/spec.json")

# The last timed runs really did the work: every database holds the N tables (a silent no-op would be fast).
for db in m_psql m_fw m_rb g_fw g_rb done_rb; do
  got="$($PSQL -d "$db" -Atc "SELECT count(*) FROM pg_tables WHERE tablename LIKE 't\_%'" 2>/dev/null || echo 0)"
  [[ " $ROWS " != *" migrate "* && "$db" == m_* ]] && continue
  [[ " $ROWS " != *" group "* && "$db" == g_* ]] && continue
  [ "$got" = "$N" ] || { echo "database $db holds $got tables, not $N: a timed command did not do its work" >&2; exit 1; }
done

# --- the table ---------------------------------------------------------------------------------------------
python3 - "$OUT/result.json" "$N" "$STEPS" "$ROUNDS" <<'PY'
import json, sys, datetime, os, platform, subprocess
res = {(r["row"], r["name"]): r for r in json.load(open(sys.argv[1]))}
n, steps, rounds = sys.argv[2], sys.argv[3], sys.argv[4]
def get(row, name): return res.get((row, name))
def s(r, key="wall"): return "-" if r is None else f"{r[key]:.2f} s"
def mb(r): return "-" if r is None else f"{r['rss_mb']:.0f} MiB"
def ratio(a, b, key="wall"):
    return "" if a is None or b is None or b[key] == 0 else f" ({a[key] / b[key]:.2f}x {b['_label']})"
for (row, name), r in res.items(): r["_label"] = {"psql": "psql", "flyway": "Flyway", "java": "java"}.get(name, name)
cpu = os.cpu_count(); load = os.getloadavg()[0]
print(f"\nbench/anchors.sh {n}: medians of {rounds} rounds, {datetime.datetime.utcnow():%Y-%m-%d %H:%M} UTC,"
      f" {cpu} cores, load {load:.1f}, PostgreSQL 16 (embedded) on loopback\n")
print("| work | psql | Flyway CLI | Runbook | target |")
print("| --- | --- | --- | --- | --- |")
p, f, r = get("migrate", "psql"), get("migrate", "flyway"), get("migrate", "runbook")
if r:
    print(f"| {n} migrations, fresh database | {s(p)} | {s(f)} | {s(r)}{ratio(r, f)} | <= 1.0x Flyway |")
    print(f"| same, client CPU | {s(p, 'cpu')} | {s(f, 'cpu')} | {s(r, 'cpu')}{ratio(r, f, 'cpu')} | < Flyway |")
    print(f"| same, peak memory | {mb(p)} | {mb(f)} | {mb(r)}{ratio(r, f, 'rss_mb')} | <= Flyway |")
f, r = get("group", "flyway"), get("group", "runbook")
if r:
    print(f"| {n} migrations in one transaction (Flyway `-group=true`, Runbook `one_transaction: true`) | - | {s(f)} | {s(r)}{ratio(r, f)} | |")
    print(f"| same, client CPU | - | {s(f, 'cpu')} | {s(r, 'cpu')}{ratio(r, f, 'cpu')} | |")
f, r = get("noop", "flyway"), get("noop", "runbook")
if r: print(f"| up to date, nothing pending | - | migrate {s(f)} | run {s(r)}{ratio(r, f)} | <= 1.0x Flyway |")
p, r = get("assert", "psql"), get("assert", "runbook")
if r: print(f"| {n} assertions (`SELECT COUNT(*) ...` = 0), one assert step | {s(p)} | - | {s(r)}{ratio(r, p)}"
            f" (psql + {r['wall'] - p['wall']:.2f} s) | <= psql + 0.5 s |")
j, f, r = get("startup", "java"), get("startup", "flyway"), get("startup", "runbook")
if r: print(f"| start-up: `--version` | java -version {s(j)} | {s(f)}{ratio(f, j)} | {s(r)}{ratio(r, j)} | |")
j, r = get("validate", "java"), get("validate", "runbook")
if r: print(f"| `validate` of a seed runbook | java -version {s(j)} | - | {s(r)}{ratio(r, j)} | <= 0.4 s and <= 4x java |")
r, d = get("plan", "runbook"), get("plan", "dry-run")
if r:
    print(f"| plan of a {steps}-step runbook | - | - | {s(r)}, {mb(r)} | < 1 s, < 256 MiB |")
    print(f"| dry run of the {n} changes | - | none in OSS | plan --connect {s(d)} | |")
print(f"\nspread (min-max wall): " + "; ".join(
    f"{row}/{name} {x['wall_min']:.2f}-{x['wall_max']:.2f}" for (row, name), x in res.items()))
PY
