#!/usr/bin/env bash
# Measures what issue #2 targets: `runbook validate` on a cold JVM (< 0.7 s) and planning a generated
# 10,000-step runbook (< 2 s), as whole processes, next to `psql --version` as a start-up floor.
# Usage: bench/validate-and-plan.sh [runs]   (needs hyperfine, or falls back to /usr/bin/time)
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
RUNS="${1:-10}"
OUT="$ROOT/bench/out"; mkdir -p "$OUT"
"$ROOT/runbook" --version >/dev/null   # builds on first use; not timed
python3 "$ROOT/bench/gen-runbook.py" 10000 "$OUT/plan10k"
EXAMPLE="$ROOT/runbooks/staging-migrations-001-008/runbook.yaml"
export BENCH_DB_URL="postgresql://bench@127.0.0.1:5432/bench"

measure() { # name, command...
  local name="$1"; shift
  if command -v hyperfine >/dev/null; then
    hyperfine -N --warmup 2 --runs "$RUNS" --export-json "$OUT/$name.json" "$*" | sed -n '/Time/,/Range/p'
  else
    local best=999
    for _ in $(seq "$RUNS"); do
      t=$( { /usr/bin/time -f "%e %M" "$@" >/dev/null 2>/dev/null; } 2>&1 | tail -1 | cut -d' ' -f1)
      best=$(python3 -c "print(min($best, $t))")
    done
    echo "$name: best of $RUNS = ${best}s"
  fi
}
echo "== runbook validate (cold JVM, example runbook)"; measure validate "$ROOT/runbook" validate "$EXAMPLE"
echo "== runbook plan (10,000 steps, cold JVM)"; measure plan10k "$ROOT/runbook" plan "$OUT/plan10k/runbook.yaml" --format json
echo "== peak memory (KB) of plan 10k"; /usr/bin/time -f "%M KB" "$ROOT/runbook" plan "$OUT/plan10k/runbook.yaml" --format json 2>&1 >/dev/null | tail -1
echo "== floor: psql --version"; measure psql psql --version
