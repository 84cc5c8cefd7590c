#!/usr/bin/env bash
# bench_policy.sh — IAM policy evaluations per second, core and SQL.
# The core benchmark (bench_policy.c) needs no server; the SQL one runs in a
# throwaway cluster.  K=20000 authorize calls per size by default.  Prints;
# not a timed test.  Results and how to read them: bench/policy.md.
set -euo pipefail
cd "$(dirname "$0")/.."
K=${K:-20000}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
${CORE_CC:-gcc} -std=c11 -O2 -Isrc/core -o "$out/bench_policy" \
  bench/bench_policy.c src/core/*/*.c -ljansson
echo "== core (src/core/policy/), one policy document per principal"
"$out/bench_policy" "${SECONDS_PER_SIZE:-1}"
echo
echo "== SQL: redshift_iam_internal._authorize as a mapped role, and simulate_principal_policy"
pg_virtualenv -t -i "--encoding=UTF8" sh -c "psql -X -q -At -v k=$K -f bench/bench_policy.sql postgres"
