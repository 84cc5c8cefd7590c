#!/usr/bin/env bash
# bench_cli.sh — throughput and peak memory of redshift-iam-check on a
# generated script.  Not run by the test command.
#
#   bash bench/bench_cli.sh [SIZE_MB]      (default 1024: a 1 GB script)
#   FORMAT=text bash bench/bench_cli.sh    (output format; default json)
#
# The script mixes passing and refused COPY / UNLOAD, key-based COPY (which
# warns), CREATE EXTERNAL SCHEMA, comments and other statements.  It is
# written to $TMPDIR (needs SIZE_MB of free space) and deleted afterwards.
# Prints the checker's --stats line (bytes, statements, MB/s, statements/s)
# and the peak RSS and CPU time reported by /usr/bin/time -v (MB/s per CPU
# second does not depend on how busy the machine is).
set -euo pipefail
cd "$(dirname "$0")/.."
SIZE_MB=${1:-1024}
FORMAT=${FORMAT:-json}
BIN=./redshift-iam-check
[ -x "$BIN" ] || make -s redshift-iam-check
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

# one block of statements (about 2 KB), repeated up to the size
cat > "$WORK/block.sql" <<'SQL'
-- nightly load
COPY sales FROM 's3://my-bucket/sales/2024-01-01/'
IAM_ROLE 'arn:aws:iam::123456789012:role/RedshiftCopyUnload'
FORMAT AS CSV DELIMITER ',' IGNOREHEADER 1 REGION 'us-east-1';
INSERT INTO audit VALUES (1, 'loaded; ok', now());
UNLOAD ('select * from sales where note = ''a;b''') TO 's3://my-bucket/unload/sales_'
IAM_ROLE 'arn:aws:iam::123456789012:role/SecondRedshiftRole' PARALLEL OFF;
COPY sales FROM 's3://my-bucket/b/' IAM_ROLE 'arn:aws:iam::123456789012:role/MyRedshiftRole' CSV;
COPY t FROM 's3://b/1' ACCESS_KEY_ID 'AKIAIOSFODNN7EXAMPLE' SECRET_ACCESS_KEY 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' CSV;
/* a block comment; with a semicolon */
CREATE EXTERNAL SCHEMA spectrum_schema FROM DATA CATALOG DATABASE 'spectrum_db'
IAM_ROLE 'arn:aws:iam::123456789012:role/SecondRedshiftRole,arn:aws:iam::210987654321:role/Other'
CREATE EXTERNAL DATABASE IF NOT EXISTS;
SELECT count(*), sum(amount) FROM sales WHERE day = '2024-01-01' GROUP BY region ORDER BY 2 DESC;
COPY sales FROM 's3://my-bucket/c/' IAM_ROLE default CSV;
UPDATE sales SET note = $$dollar; quoted$$ WHERE id = 42;
SQL
python3 - "$WORK/block.sql" "$WORK/big.sql" "$SIZE_MB" <<'PY'
import sys
block = open(sys.argv[1], 'rb').read()
target = int(sys.argv[3]) * 1024 * 1024
reps = 1 << 12
chunk = block * reps
with open(sys.argv[2], 'wb') as f:
    written = 0
    while written + len(chunk) <= target:
        f.write(chunk); written += len(chunk)
    while written + len(block) <= target:
        f.write(block); written += len(block)
PY
ls -l "$WORK/big.sql" | awk '{printf "script: %d bytes\n", $5}'
/usr/bin/time -v "$BIN" --stats --db-user etl --format "$FORMAT" \
  --clusters test/cli/fixtures/clusters.json --cluster my-redshift-cluster "$WORK/big.sql" \
  > /dev/null 2> "$WORK/time.txt" || true
grep -E '^redshift-iam-check:' "$WORK/time.txt"
grep -E 'Maximum resident set size|Elapsed \(wall clock\)|User time|System time' "$WORK/time.txt" | sed 's/^[[:space:]]*//'
awk -v bytes="$(stat -c %s "$WORK/big.sql")" -F': ' '/User time|System time/ {cpu += $2}
  END {if (cpu > 0) printf "%.1f MB per CPU second (format %s)\n", bytes / cpu / 1e6, "'"$FORMAT"'"}' "$WORK/time.txt"
uptime
