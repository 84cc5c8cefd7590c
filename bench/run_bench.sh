#!/usr/bin/env bash
# run_bench.sh — `make bench`: every benchmark in one run, one
# table.  Not part of the test command.
#
# Every figure is a ratio to a baseline measured in the same run, because
# these machines are noisy.  The table goes to stdout and, with the date and
# the machine, to bench/RESULTS.md (BENCH_RESULTS=path to write elsewhere,
# BENCH_RESULTS= to skip).
#
# Exits 1 when a goal of the table is missed (report.py prints which).
#
# Variables: BENCH_SECONDS (5, per pgbench run), BENCH_ROUNDS (3; the parser
# takes at least 5), BENCH_CLI_MB (1000, per checker input), BENCH_WARMUP (4, unmeasured seconds before each pgbench run), BENCH_MB
# (100, parser buffer), BENCH_PEER_SECONDS (20, per peer parser),
# BENCH_LARGE_CLUSTERS (100000), BENCH_LARGE_ROLES (50), CORPUS
# (../shared/corpus).
#
# As root it installs what is missing (libpg-query-dev, sqlfluff,
# python3-sqlglot, postgresql-15 with pgbench, bc).
set -euo pipefail
cd "$(dirname "$0")/.."
CORPUS=${CORPUS:-$(cd .. && pwd)/shared/corpus}
BENCH_MB=${BENCH_MB:-100}
BENCH_PEER_SECONDS=${BENCH_PEER_SECONDS:-20}
BENCH_RESULTS=${BENCH_RESULTS-bench/RESULTS.md}
PYTHON=/usr/bin/python3     # Debian's: the packages below install into it
export BENCH_SECONDS=${BENCH_SECONDS:-5} BENCH_ROUNDS=${BENCH_ROUNDS:-3} BENCH_WARMUP=${BENCH_WARMUP:-4}

say() { echo "bench: $*" >&2; }

# ---- what it needs ----
need=()
[ -f /usr/include/pg_query.h ] || need+=(libpg-query-dev)
command -v sqlfluff >/dev/null || need+=(sqlfluff)
$PYTHON -c 'import sqlglot' 2>/dev/null || need+=(python3-sqlglot)
command -v pgbench >/dev/null || need+=(postgresql-client-15)
command -v pg_virtualenv >/dev/null || need+=(postgresql-common postgresql-15)
command -v bc >/dev/null || need+=(bc)
[ -x /usr/bin/time ] || need+=(time)
if [ ${#need[@]} -gt 0 ]; then
	if [ "$(id -u)" = 0 ]; then
		say "installing ${need[*]}"
		DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${need[@]}" >/dev/null \
			|| { apt-get update -q >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${need[@]}" >/dev/null; }
	else
		say "missing ${need[*]}: run as root, or install them"
		exit 1
	fi
fi

W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT
OUT=$W/results.txt
: > "$OUT"
START=$(date +%s)
echo "bench.params=BENCH_MB=$BENCH_MB BENCH_CLI_MB=${BENCH_CLI_MB:-1000} BENCH_SECONDS=$BENCH_SECONDS BENCH_ROUNDS=$BENCH_ROUNDS BENCH_WARMUP=$BENCH_WARMUP BENCH_PEER_SECONDS=$BENCH_PEER_SECONDS BENCH_LARGE_CLUSTERS=${BENCH_LARGE_CLUSTERS:-100000} BENCH_LARGE_ROLES=${BENCH_LARGE_ROLES:-50}" >> "$OUT"

# ---- build and install the extension and the parser benchmark ----
say "building and installing the extension"
make -s >/dev/null
make -s install >/dev/null
make -s bench/bench_parser.bin >/dev/null

# ---- 1. parser ----
say "parser: corpus repeated to ${BENCH_MB} MB, beside memchr and PostgreSQL's parser"
bench/bench_parser.bin "$CORPUS" "$BENCH_MB" "$(( BENCH_ROUNDS > 5 ? BENCH_ROUNDS : 5 ))" >> "$OUT" \
	|| say "bench_parser: a statement did not parse (the table says which figure)"

# ---- the offline checker ----
say "redshift-iam-check: ${BENCH_CLI_MB:-1000} MB clean and refused-heavy scripts"
make -s redshift-iam-check >/dev/null
bash bench/bench_cli.sh "${BENCH_CLI_MB:-1000}" >> "$OUT" \
	|| say "bench_cli: a run failed, ended with the wrong status, or its memory grew"

# ---- 2. peers ----
say "peers: sqlglot and sqlfluff over the corpus (at most ${BENCH_PEER_SECONDS}s each)"
$PYTHON bench/bench_peers.py "$CORPUS" "$BENCH_PEER_SECONDS" >> "$OUT"

# ---- 3-5. server ----
say "server benchmarks in a throwaway cluster (pg_virtualenv -t)"
# fsync and WAL settings only speed up loading the 5-million-row catalog;
# the measured work is read-only.  3 GB of shared buffers hold the large
# catalog (about 2 GB with its primary key), as on a server sized for it.
# Another engineer's throwaway cluster may take the port as ours starts:
# retry the start (only when bench_db.sh never got to run).
for try in 1 2 3; do
	rc=0
	pg_virtualenv -t -i --encoding=UTF8 -o fsync=off -o full_page_writes=off -o max_wal_size=8GB \
		-o checkpoint_timeout=1h -o shared_buffers=3GB \
		bash bench/bench_db.sh > "$W/db.txt" || rc=$?
	if [ "$rc" = 0 ] || grep -q '^seed\.' "$W/db.txt"; then
		break
	fi
	say "the throwaway cluster did not start (try $try of 3)"
	sleep 5
done
cat "$W/db.txt" >> "$OUT"
[ "$rc" = 0 ] || say "bench_db.sh failed (exit $rc): the table shows what was measured"

echo "total.seconds=$(( $(date +%s) - START ))" >> "$OUT"
# report.py exits 1, naming them, when goals are missed: so does make bench
exec $PYTHON bench/report.py "$OUT" ${BENCH_RESULTS:+--results "$BENCH_RESULTS"}
