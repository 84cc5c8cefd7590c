#!/usr/bin/env bash
# memory.sh — validate_script frees each statement's memory before the next
# one: on a script of 500 statements of 100 KB, each naming a role of its
# own (so each one looks the catalog up), the backend's peak resident size
# grows by the script itself and a few MB, not by a copy of every
# statement.  Each refused statement is logged (redshift_iam.log_checks =
# denied), so its redacted copy is made; log_min_messages = fatal keeps the
# 50 MB of log lines out of the server log.  TAP.
#
# The peak is VmHWM of the backend, read by the backend itself from
# /proc/self/status (pg_read_file, superuser), so this runs on Linux only.
# The script is built in one session and checked in a fresh one, so that
# building it does not set the peak.
#
# Runs inside pg_virtualenv (PG* variables name a superuser connection),
# from the repository root, with the extension installed but not created.
set -uo pipefail
cd "$(dirname "$0")/../.."
. test/extended/lib/common.bash

STATEMENTS=500
STATEMENT_BYTES=100000

fresh_db rsi_memory
sql "$DB" <<SQL >/dev/null || { not_ok "set up the database"; finish; }
CREATE EXTENSION redshift_iam;
SET redshift_iam.account_id = '123456789012';
SET redshift_iam.region = 'us-east-1';
SET redshift_iam.apply_delay = 0;
SELECT redshift_iam.create_cluster('rsi-mem-c1', 'dc2.large', 2, ARRAY['arn:aws:iam::123456789012:role/A']);
CREATE TABLE rsi_mem_script AS
  SELECT string_agg(format('COPY t FROM ''s3://b/%s'' IAM_ROLE ''arn:aws:iam::123456789012:role/R%s'';',
                           repeat('x', $STATEMENT_BYTES), i), E'\n') AS script
    FROM generate_series(1, $STATEMENTS) i;
SQL
ok "database $DB with a script of $STATEMENTS statements of $STATEMENT_BYTES bytes"

if ! sql "$DB" -c "SELECT pg_read_file('/proc/self/status')" 2>/dev/null | grep -q '^VmHWM:'; then
  n=$((n + 1)); echo "ok $n # SKIP no /proc/self/status with VmHWM on this system"
  finish
fi

out=$(sql "$DB" <<'SQL'
SET redshift_iam.account_id = '123456789012';
SET redshift_iam.region = 'us-east-1';
SET redshift_iam.log_checks = denied;
SET log_min_messages = fatal;
CREATE FUNCTION pg_temp.hwm_kb() RETURNS bigint LANGUAGE sql
  AS $$ SELECT substring(pg_read_file('/proc/self/status') FROM 'VmHWM:\s*(\d+) kB')::bigint $$;
CREATE TEMP TABLE m AS SELECT pg_temp.hwm_kb() AS before;
SELECT count(*), count(*) FILTER (WHERE NOT ok AND sqlstate = '28000')
  FROM rsi_mem_script s, redshift_iam.validate_script('rsi-mem-c1', s.script);
SELECT m.before, pg_temp.hwm_kb(), (SELECT octet_length(s.script) / 1024 FROM rsi_mem_script s) FROM m;
SQL
) || { not_ok "validate_script on the script"; printf '%s\n' "$out" | diag; finish; }
mapfile -t lines <<< "$out"
is "one row per statement, each refused (role not associated)" "${lines[0]}" "$STATEMENTS|$STATEMENTS"
IFS='|' read -r before after script_kb <<< "${lines[1]}"
growth=$((after - before))
limit=$((script_kb * 3 / 2))
echo "# peak RSS before ${before} kB, after ${after} kB: +${growth} kB for a script of ${script_kb} kB (limit ${limit} kB)"
check "peak memory grows by less than 1.5 times the script (+${growth} kB, script ${script_kb} kB)" \
  test "$growth" -lt "$limit"

finish
