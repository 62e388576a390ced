#!/usr/bin/env python3
"""Writes a runbook with N steps (a mix of sql, assert, shell and http) for planning benchmarks.

Written compactly (flow style), so 10,000 steps stay within the 1 MB a runbook file may have."""
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
            f.write(f"- {{id: s{i}, sql: 'INSERT INTO t VALUES ({i}, :ticket)', rollback: {{sql: 'DELETE FROM t WHERE id = {i}'}}}}\n")
        elif k == 1:
            f.write(f"- {{id: s{i}, when: steps.s{i-1}.affected == 1, assert: [{{name: r{i-1}, sql: 'SELECT COUNT(*) FROM t WHERE id = {i-1}', expect: result == 1}}]}}\n")
        elif k == 2:
            f.write(f"- {{id: s{i}, mutating: false, shell: [echo, 's{i} ${{params.ticket}}']}}\n")
        else:
            f.write(f"- {{id: s{i}, http: {{get: /health, expect: status == 200}}, retry: {{attempts: 2, delay: 1s}}}}\n")
