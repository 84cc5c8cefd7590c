#!/usr/bin/env bash
# bench_endpoint.sh — DescribeClusters through redshift-iam-endpoint against
# the same describe_clusters() call over libpq, in the same run, as a ratio.
#
# Runs against the server the PG* variables name (a superuser; the extension
# installed on disk), in a database of its own (dropped afterwards), with 10
# clusters x 3 roles and an access key whose user may describe them.  Each
# round measures, interleaved:
#   libpq     pgbench, the transaction the endpoint runs per request: BEGIN;
#             set_config('redshift_iam.caller_access_key', key, true);
#             describe_clusters(); COMMIT  (policies evaluated, as through the endpoint)
#   endpoint  bench_endpoint.py: signed DescribeClusters requests over keep-alive
#             HTTP connections, the XML read in full
# with BENCH_CLIENTS (1) connections each (the endpoint serves requests one at a
# time on its one database connection; more clients would set one endpoint
# against several backends), for BENCH_SECONDS (5), BENCH_ROUNDS (3)
# times; it prints the medians and the median of the per-round ratios.
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_=${BENCH_SECONDS:-5}
ROUNDS=${BENCH_ROUNDS:-3}
CLIENTS=${BENCH_CLIENTS:-1}
DB=rsi_bench_endpoint_$$
make -s redshift-iam-endpoint >/dev/null
createdb "$DB"
T=$(mktemp -d)
EP_PID=
cleanup() { [ -n "$EP_PID" ] && kill "$EP_PID" 2>/dev/null; wait 2>/dev/null; dropdb --if-exists "$DB"; rm -rf "$T"; }
trap cleanup EXIT
psql -X -q -v ON_ERROR_STOP=1 -d "$DB" <<'SQL' >/dev/null
CREATE EXTENSION redshift_iam;
SET redshift_iam.apply_delay = 0;
SELECT redshift_iam.create_cluster(format('bench-%s', i), 'dc2.large', 2,
         ARRAY(SELECT format('arn:aws:iam::123456789012:role/R%s', j) FROM generate_series(1, 3) j))
  FROM generate_series(1, 10) i;
SELECT redshift_iam.put_principal_policy('arn:aws:iam::123456789012:user/bench', 'describe',
  '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "redshift:DescribeClusters", "Resource": "*"}]}');
SQL
read -r KEY SECRET < <(psql -X -q -A -t -F' ' -d "$DB" -c \
  "SELECT access_key_id, secret_access_key FROM redshift_iam.create_access_key('arn:aws:iam::123456789012:user/bench')")
PORT=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
./redshift-iam-endpoint --listen "127.0.0.1:$PORT" --dbname "dbname=$DB" --quiet 2> "$T/ep.log" &
EP_PID=$!
for _ in $(seq 50); do grep -q listening "$T/ep.log" && break; sleep 0.1; done
cat > "$T/describe.sql" <<SQL
BEGIN;
SELECT pg_catalog.set_config('redshift_iam.caller_access_key', '$KEY', true);
SELECT redshift_iam.describe_clusters()::text;
COMMIT;
SQL
for r in $(seq "$ROUNDS"); do
  tps=$(pgbench -n -c "$CLIENTS" -j "$CLIENTS" -T "$SECONDS_" -f "$T/describe.sql" "$DB" 2>/dev/null \
        | sed -n 's/^tps = \([0-9.]*\) .*/\1/p')
  out=$(python3 bench/bench_endpoint.py "http://127.0.0.1:$PORT" "$KEY" "$SECRET" "$SECONDS_" "$CLIENTS")
  rps=$(echo "$out" | sed -n 's/requests=\([0-9]*\) seconds=\([0-9.]*\) errors=\([0-9]*\)/\1 \2 \3/p' \
        | awk '{ if ($3 > 0) print "errors"; else printf "%.1f", $1 / $2 }')
  [ "$rps" != errors ] || { echo "bench_endpoint: the endpoint answered errors: $out"; exit 1; }
  echo "round=$r libpq_tps=$tps endpoint_rps=$rps ratio=$(awk -v a="$rps" -v b="$tps" 'BEGIN { printf "%.3f", a / b }')"
done | tee "$T/rounds"
python3 - "$T/rounds" "$CLIENTS" <<'PY'
import statistics, sys
rows = [dict(kv.split("=") for kv in line.split()) for line in open(sys.argv[1]) if line.strip()]
med = lambda k: statistics.median(float(r[k]) for r in rows)
print("\n| DescribeClusters, 10 clusters x 3 roles, %s clients | per second (median) |\n|---|---:|" % sys.argv[2])
print("| describe_clusters() over libpq (the endpoint's transaction) | %.0f |" % med("libpq_tps"))
print("| through redshift-iam-endpoint (HTTP, SigV4, XML) | %.0f |" % med("endpoint_rps"))
print("| ratio endpoint / libpq (median of the rounds) | %.2f |" % med("ratio"))
PY
