#!/usr/bin/env bash
# Times reading a 10,000-step event log and rendering its HTML report on a warm JVM, and prints sizes.
# Usage: bench/render-10k.sh [STEPS] [ROUNDS]      (output folder: bench/out/, ignored by git)
set -euo pipefail
cd "$(dirname "$0")/.."

steps=${1:-10000}
rounds=${2:-10}
out=bench/out
mkdir -p "$out"

mvn -q -B -pl reports test-compile dependency:build-classpath \
  -Dmdep.outputFile="$PWD/$out/reports.classpath" -Dmdep.includeScope=test
classpath="reports/target/classes:reports/target/test-classes:$(cat "$out/reports.classpath")"

java -cp "$classpath" dev.runbook.reports.RenderBench "$out" "$steps" "$rounds"
