#!/usr/bin/env bash
# Engine overhead per SQL step vs plain JDBC on the same statements (default: 2,000 single-row INSERT steps,
# best of 3 rounds) on an embedded PostgreSQL. Usage: bench/sql-step-overhead.sh [STEPS] [ROUNDS]
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
cp_file="$(mktemp)"
trap 'rm -f "$cp_file"' EXIT
mvn -q -B -pl engine -am test-compile dependency:build-classpath -Dmdep.outputFile="$cp_file" -Dmdep.includeScope=test >/dev/null
java -cp "engine/target/test-classes:engine/target/classes:reports/target/classes:dsl-schema/target/classes:$(cat "$cp_file")" \
  dev.runbook.exec.bench.SqlStepOverheadBench "${1:-2000}" "${2:-3}"
