#!/bin/bash
# bench_import.sh — import_clusters of a 10 MB describe-clusters document
# (BENCH_IMPORT_CLUSTERS=2000 clusters x BENCH_IMPORT_ROLES=50 roles =
# 100,000 roles) against its baseline, a set-based INSERT of the same rows
# straight into the catalog tables, measured in the same run: rounds
# interleaved (baseline, import, baseline, import, ...), the catalog
# emptied before each, medians of BENCH_ROUNDS (5) rounds.  Runs against
# the cluster the PG* environment names (make bench: its throwaway one).
# Prints key=value lines; exits 1 when the ratio misses its goal (1.25).
set -euo pipefail
CLUSTERS=${BENCH_IMPORT_CLUSTERS:-2000}
ROLES=${BENCH_IMPORT_ROLES:-50}
ROUNDS=${BENCH_ROUNDS:-5}
[ "$ROUNDS" -ge 5 ] || ROUNDS=5	# at least 5 rounds, as the parser takes
GOAL=${BENCH_IMPORT_GOAL:-1.25}
DB=${PGDATABASE:-postgres}
DOC=$(mktemp /tmp/bench_import.XXXXXX.json)
trap 'rm -f "$DOC"' EXIT

# members as describe-clusters prints them (botocore's Cluster shape)
python3 - "$CLUSTERS" "$ROLES" > "$DOC" <<'PY'
import json, sys
n, m = int(sys.argv[1]), int(sys.argv[2])
clusters = []
for i in range(n):
    cid = "bench-%05d" % i
    clusters.append({
        "ClusterIdentifier": cid, "NodeType": "ra3.4xlarge", "ClusterStatus": "available",
        "ClusterAvailabilityStatus": "Available", "MasterUsername": "awsuser", "DBName": "dev",
        "Endpoint": {"Address": "%s.c2kxbxu3xqnv.us-east-1.redshift.amazonaws.com" % cid, "Port": 5439},
        "ClusterCreateTime": "2024-03-11T09:15:42.517000+00:00", "NumberOfNodes": 2,
        "AvailabilityZone": "us-east-1a", "VpcId": "vpc-0123456789abcdef0", "Encrypted": True,
        "ClusterNamespaceArn": "arn:aws:redshift:us-east-1:123456789012:namespace:%08d-0c5f-4b8e-9d0c-2f6b3c1a9e77" % i,
        "IamRoles": [{"IamRoleArn": "arn:aws:iam::123456789012:role/EtlRole%03d" % k,
                      "ApplyStatus": "in-sync" if k % 10 else "adding"} for k in range(m)],
        "DefaultIamRoleArn": "arn:aws:iam::123456789012:role/EtlRole001",
        "MultiAZ": "Disabled"})
json.dump({"Clusters": clusters}, sys.stdout)
PY
bytes=$(stat -c %s "$DOC")

out=$(PGOPTIONS="-c bench.rounds=$ROUNDS" psql -X -q -A -t -v ON_ERROR_STOP=1 -d "$DB" -v doc_path="$DOC" <<'SQL'
CREATE EXTENSION IF NOT EXISTS redshift_iam;
SET client_min_messages = error;
\set doc_text `cat :doc_path`
CREATE TEMP TABLE bench_doc AS SELECT :'doc_text'::jsonb AS doc;
CREATE TEMP TABLE bench_times (round int, what text, ms float8);

-- the baseline: the same rows, one INSERT per table, no checks
CREATE FUNCTION pg_temp.baseline(d jsonb) RETURNS void LANGUAGE sql AS $$
  INSERT INTO redshift_iam.catalog_clusters
         (account_id, region, cluster_identifier, node_type, number_of_nodes, status, availability_status,
          default_iam_role_arn, created_at, ready_at)
  SELECT '123456789012', 'us-east-1', c->>'ClusterIdentifier', c->>'NodeType', (c->>'NumberOfNodes')::int,
         c->>'ClusterStatus', c->>'ClusterAvailabilityStatus', c->>'DefaultIamRoleArn',
         (c->>'ClusterCreateTime')::timestamptz, now()
    FROM jsonb_array_elements(d->'Clusters') AS c;
  INSERT INTO redshift_iam.catalog_cluster_iam_roles
         (account_id, region, cluster_identifier, iam_role_arn, state, ordinal, requested_at, ready_at)
  SELECT '123456789012', 'us-east-1', c->>'ClusterIdentifier', r.e->>'IamRoleArn', r.e->>'ApplyStatus',
         r.o::int, now(), 'infinity'
    FROM jsonb_array_elements(d->'Clusters') AS c,
         LATERAL jsonb_array_elements(c->'IamRoles') WITH ORDINALITY AS r(e, o);
$$;

DO $$
DECLARE
  d jsonb := (SELECT doc FROM bench_doc);
  t0 timestamptz;
  n int;
BEGIN
  -- one unmeasured round of each warms the caches
  FOR i IN 0 .. current_setting('bench.rounds')::int LOOP
    TRUNCATE redshift_iam.catalog_clusters CASCADE;
    t0 := clock_timestamp();
    PERFORM pg_temp.baseline(d);
    IF i > 0 THEN
      INSERT INTO bench_times VALUES (i, 'baseline', 1000 * extract(epoch FROM clock_timestamp() - t0));
    END IF;
    TRUNCATE redshift_iam.catalog_clusters CASCADE;
    t0 := clock_timestamp();
    n := redshift_iam.import_clusters(d);
    IF i > 0 THEN
      INSERT INTO bench_times VALUES (i, 'import', 1000 * extract(epoch FROM clock_timestamp() - t0));
    END IF;
    IF n <> jsonb_array_length(d->'Clusters') THEN
      RAISE EXCEPTION 'import_clusters imported % clusters', n;
    END IF;
  END LOOP;
  TRUNCATE redshift_iam.catalog_clusters CASCADE;
END $$;
SELECT 'import_baseline_ms_median=' || round(percentile_cont(0.5) WITHIN GROUP (ORDER BY ms)::numeric, 1)
  FROM bench_times WHERE what = 'baseline';
SELECT 'import_ms_median=' || round(percentile_cont(0.5) WITHIN GROUP (ORDER BY ms)::numeric, 1)
  FROM bench_times WHERE what = 'import';
SELECT 'import_ratio_min_median_max=' || round(min(r)::numeric, 2) || '/'
       || round(percentile_cont(0.5) WITHIN GROUP (ORDER BY r)::numeric, 2) || '/' || round(max(r)::numeric, 2)
  FROM (SELECT i.ms / b.ms AS r FROM bench_times i JOIN bench_times b USING (round)
         WHERE i.what = 'import' AND b.what = 'baseline') AS x;
SQL
)
# key=value lines for report.py (make bench), then the verdict
median=$(printf '%s\n' "$out" | sed -n 's/^import_ratio_min_median_max=[^/]*\/\([^/]*\)\/.*/\1/p')
range=$(printf '%s\n' "$out" | sed -n 's/^import_ratio_min_median_max=//p')
ms=$(printf '%s\n' "$out" | sed -n 's/^import_ms_median=//p')
base_ms=$(printf '%s\n' "$out" | sed -n 's/^import_baseline_ms_median=//p')
echo "import.bytes=$bytes"
echo "import.mb=$(awk -v b="$bytes" 'BEGIN { printf "%.0f", b / 1e6 }')"
echo "import.clusters=$CLUSTERS"
echo "import.roles=$((CLUSTERS * ROLES))"
echo "import.rounds=$ROUNDS"
echo "import.seconds=$(awk -v m="$ms" 'BEGIN { printf "%.3f", m / 1000 }')"
echo "import.base_seconds=$(awk -v m="$base_ms" 'BEGIN { printf "%.3f", m / 1000 }')"
echo "import.ratio=$median"
echo "import.ratio_min_median_max=$range"
if [ -z "$median" ] || awk -v r="$median" -v g="$GOAL" 'BEGIN { exit !(r > g) }'; then
  echo "bench_import: goal missed: import_clusters / set-based INSERT = ${median:-?} > $GOAL" >&2
  exit 1
fi
echo "bench_import: goal met: import_clusters / set-based INSERT = $median <= $GOAL" >&2
