#!/usr/bin/env bash
# bench_check.sh — check_command per call vs a plain SELECT, in a
# throwaway cluster.  N=100000 by default.  Not a timed test: it prints.
set -euo pipefail
cd "$(dirname "$0")/.."
N=${N:-100000}
exec pg_virtualenv -t -i "--encoding=UTF8" sh -c "psql -X -q -At -v n=$N -f bench/bench_check.sql postgres"
