#!/usr/bin/env bash
# log_bounds.sh — hostile calls write a bounded amount of server log. TAP.
#
# Every user value the checks and the catalog functions echo is cut to a
# bounded excerpt (src/pg/pg_util.h): the cluster identifier is validated
# before anything else (a 50 MB one used to be written into every log line
# of the call, 5 GB for 100 statements), each field of a "redshift_iam
# check:" line is cut at 4096 bytes, a syntax error shows a window of the
# command, and error messages quote excerpts.  The test measures how much
# the server log grows for each hostile call.
#
# Runs inside pg_virtualenv or with devpg (PG* variables name a superuser
# connection), from the repository root, with the extension installed.
# The server log is $RSI_SERVER_LOG (or $DEVPG_LOG) when set, else found as
# log_checks.sh does.
set -uo pipefail
cd "$(dirname "$0")/../.."
. test/extended/lib/common.bash

fresh_db rsi_log_bounds
sql "$DB" <<'SQL' >/dev/null || { not_ok "set up the database"; finish; }
CREATE EXTENSION redshift_iam;
SET redshift_iam.apply_delay = 0;
SELECT redshift_iam.create_cluster('rsi-bound-c1', 'dc2.large', 2, ARRAY['arn:aws:iam::123456789012:role/A']);
SQL
ok "database $DB with cluster rsi-bound-c1"

# ---- where the server log is ----
LOG=${RSI_SERVER_LOG:-${DEVPG_LOG:-}}
datadir=$(sql "$DB" -c "SHOW data_directory")
if [ -z "$LOG" ]; then
  rel=$(sql "$DB" -c "SELECT coalesce(pg_current_logfile('stderr'), '')")
  if [ -n "$rel" ]; then
    case $rel in /*) LOG=$rel ;; *) LOG=$datadir/$rel ;; esac
  fi
fi
if [ -z "$LOG" ] && command -v pg_lsclusters >/dev/null; then
  LOG=$(pg_lsclusters -h 2>/dev/null | awk -v d="$datadir" '$6 == d { print $7 }' | head -1)
fi
if [ -z "$LOG" ] || [ ! -r "$LOG" ]; then
  pid=$(head -1 "$datadir/postmaster.pid" 2>/dev/null)
  [ -n "$pid" ] && LOG=$(readlink "/proc/$pid/fd/2" 2>/dev/null)
fi
if [ -n "$LOG" ] && [ -f "$LOG" ] && [ -r "$LOG" ]; then
  ok "server log found: $LOG"
else
  not_ok "server log found (RSI_SERVER_LOG, pg_current_logfile, pg_lsclusters, /proc/<postmaster>/fd/2)"
  finish
fi

# the size of the hostile identifier (smaller values let the test run
# against code without the bounds without writing gigabytes of log)
HOSTILE=${LOG_BOUNDS_IDENTIFIER_BYTES:-50000000}

OUT=$(mktemp -d)
on_exit "rm -rf '$OUT'"
marker_n=0
# grown NAME SQL: run SQL (log_checks = all), wait for the log to catch up,
# leave what the log grew by in $OUT/NAME.log and print its size in bytes
grown() {
  local name=$1 q=$2 off marker i
  off=$(stat -c %s "$LOG")
  marker_n=$((marker_n + 1))
  marker="rsi-log-bounds-marker-$$-$marker_n"
  printf '%s\n' "SET redshift_iam.log_checks = 'all';" "$q" \
    "DO \$\$ BEGIN RAISE LOG '$marker'; END \$\$;" \
    | psql -X -q -A -t -d "$DB" > "$OUT/$name.psql" 2>&1
  for i in $(seq 1 100); do
    tail -c +$((off + 1)) "$LOG" | grep -q "$marker" && break
    sleep 0.1
  done
  tail -c +$((off + 1)) "$LOG" > "$OUT/$name.log"
  stat -c %s "$OUT/$name.log"
}
# at_most DESCRIPTION BYTES LIMIT
at_most() {
  if [ "$2" -le "$3" ]; then ok "$1 ($2 bytes)"; else not_ok "$1 ($2 bytes, limit $3)"; fi
}

# 100 denied statements
SCRIPT="(SELECT string_agg(format('COPY t%s FROM ''s3://b/k'' IAM_ROLE ''arn:aws:iam::123456789012:role/Z%s'';', i, i), E'\n') FROM generate_series(1, 100) AS i)"

b=$(grown ident "SELECT count(*) FROM redshift_iam.validate_script(repeat('c', $HOSTILE), $SCRIPT);")
at_most "validate_script with a $HOSTILE-byte identifier and 100 denied statements: the log grows by a few lines" "$b" 4096
check "  and the call failed with InvalidParameterValue (22023)" \
  grep -q 'Invalid cluster identifier "cccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccc..."' "$OUT/ident.psql"
b=$(grown ident_cc "SELECT redshift_iam.check_command(repeat('c', $HOSTILE), 'COPY t FROM ''s3://b/k'' IAM_ROLE ''arn:aws:iam::123456789012:role/Z''');")
at_most "check_command with a $HOSTILE-byte identifier" "$b" 4096

# the same 100 statements against a real cluster: 100 log lines of normal size
b=$(grown normal "SELECT count(*) FROM redshift_iam.validate_script('rsi-bound-c1', $SCRIPT);")
at_most "validate_script, 100 denied statements: 100 lines of ordinary length" "$b" 60000
is "  one line per statement" "$(grep -c 'redshift_iam check: denied' "$OUT/normal.log")" 100

# 100 statements, each with a 100 kB role (10 MB of input)
b=$(grown long_roles "SELECT count(*) FROM redshift_iam.validate_script('rsi-bound-c1',
  (SELECT string_agg(format('COPY t FROM ''s3://b/k'' IAM_ROLE ''arn:aws:iam::123456789012:role/%s'';', repeat('r', 100000)), E'\n')
     FROM generate_series(1, 100)));")
at_most "validate_script, 100 statements with a 100 kB role each: every line is cut (roles and command at 4096 bytes)" "$b" 1000000
is "  still one line per statement" "$(grep -c 'redshift_iam check: denied' "$OUT/long_roles.log")" 100
longest=$(awk '{ if (length($0) > m) m = length($0) } END { print m + 0 }' "$OUT/long_roles.log")
at_most "  the longest line" "$longest" 9000

# a syntax error in a 10 MB command: the QUERY shown and logged is a window
b=$(grown syntax "SELECT redshift_iam.check_command('rsi-bound-c1', 'COPY t FROM ''s3://b/k'' IAM_ROLE ''' || repeat('x', 10000000) || ''' ACCESS_KEY_ID ''AKIAIOSFODNN7EXAMPLE'' SECRET_ACCESS_KEY ''s''');")
at_most "check_command, a syntax error in a 10 MB command" "$b" 20000
check "  and the error names the position" grep -q 'syntax error at line 1, column 10000' "$OUT/syntax.psql"

# error messages of the catalog functions
b=$(grown marker "SELECT redshift_iam.describe_clusters(marker => repeat('x', 10000000));")
at_most "describe_clusters with a 10 MB marker" "$b" 4096
b=$(grown notfound "SELECT redshift_iam.delete_cluster(repeat('x', 10000000));")
at_most "delete_cluster with a 10 MB identifier" "$b" 4096
finish
