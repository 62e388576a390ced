#!/usr/bin/env python3
"""Writes a runbook with N steps (a mix of sql, assert, shell and http) for planning benchmarks."""
import os, sys
n = int(sys.argv[1]); out = sys.argv[2]
os.makedirs(out, exist_ok=True)
with open(os.path.join(out, "runbook.yaml"), "w") as f:
    f.write("version: 1\nid: bench-%d\ntitle: Generated %d-step runbook\n" % (n, n))
    f.write("params:\n  ticket: { type: string, default: OPS-1 }\n")
    f.write("targets:\n  app: { engine: postgresql, url: \"${env.BENCH_DB_URL}\" }\n  api: { engine: http, url: \"http://127.0.0.1:8080\" }\n")
    f.write("preconditions:\n  - name: db answers\n    sql: SELECT 1\n    expect: result == 1\n")
    f.write("steps:\n")
    for i in range(n):
        k = i % 4
        if k == 0:
            f.write(f"  - id: s{i}\n    sql: INSERT INTO t(id, note) VALUES ({i}, :ticket)\n    rollback: {{ sql: \"DELETE FROM t WHERE id = {i}\" }}\n")
        elif k == 1:
            f.write(f"  - id: s{i}\n    when: steps.s{i-1}.affected == 1\n    assert:\n      - name: row {i-1}\n        sql: SELECT COUNT(*) FROM t WHERE id = {i-1}\n        expect: result == 1\n")
        elif k == 2:
            f.write(f"  - id: s{i}\n    mutating: false\n    shell: [echo, \"step {i} ${{params.ticket}}\"]\n")
        else:
            f.write(f"  - id: s{i}\n    http: {{ get: /health, expect: \"status == 200\" }}\n    retry: {{ attempts: 2, delay: 1s }}\n")
