#!/usr/bin/env bash
# log_checks.sh — redshift_iam.log_checks (none | denied | all) writes one
# server-log line per check, "redshift_iam check: <CSV>" with the fields
# verdict, sqlstate, rule, db_user, principal, cluster_arn, kind, roles,
# command (redacted); and no secret reaches the server log. TAP.
#
# Runs inside pg_virtualenv (PG* variables name a superuser connection),
# from the repository root, with the extension installed but not created.
# The server log is found with pg_current_logfile(), else pg_lsclusters,
# else the postmaster's stderr (/proc/<pid>/fd/2).
set -uo pipefail
cd "$(dirname "$0")/../.."
. test/extended/lib/common.bash

fresh_db rsi_log_checks
sql "$DB" <<'SQL' >/dev/null || { not_ok "set up the database"; finish; }
CREATE EXTENSION redshift_iam;
SET redshift_iam.account_id = '123456789012';
SET redshift_iam.region = 'us-east-1';
SET redshift_iam.apply_delay = 0;
SELECT redshift_iam.create_cluster('rsi-log-c1', 'dc2.large', 2,
         ARRAY['arn:aws:iam::123456789012:role/A', 'arn:aws:iam::123456789012:role/B']);
SQL
ROLE=rsi_log_etl_$$
sql "$DB" -c "CREATE ROLE $ROLE LOGIN" >/dev/null || { not_ok "create role $ROLE"; finish; }
on_exit "psql -X -q -d postgres -c 'DROP ROLE IF EXISTS $ROLE'"
ok "database $DB with cluster rsi-log-c1 and role $ROLE"
SUPER=$(sql "$DB" -c "SELECT current_user")

# ---- where the server log is ----
LOG=
rel=$(sql "$DB" -c "SELECT coalesce(pg_current_logfile('stderr'), '')")
datadir=$(sql "$DB" -c "SHOW data_directory")
if [ -n "$rel" ]; then
  case $rel in /*) LOG=$rel ;; *) LOG=$datadir/$rel ;; esac
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
  not_ok "server log found (pg_current_logfile, pg_lsclusters, /proc/<postmaster>/fd/2)"
  finish
fi
dest=$(sql "$DB" -c "SHOW log_destination")
is "log_destination is stderr (the format this test reads)" "$dest" "stderr"
is "redshift_iam.log_checks defaults to denied" \
   "$(sql "$DB" -c "LOAD 'redshift_iam'" -c 'SHOW redshift_iam.log_checks')" "denied"

# ---- the checks: 6 denied, 2 warnings, 4 allowed, 1 statement not logged ----
# Secrets are unique strings; none of them may appear in the log.
SECRETS=(rsiSecretKeyWarn1 rsiSecretKeyDeny2 rsiSessionTokDeny2 rsiSecretKeySyntax3
         rsiSecretKeyCreds4 rsiSecretKeyScript5)
checks_sql() {
  cat <<'SQL'
SET redshift_iam.account_id = '123456789012';
SET redshift_iam.region = 'us-east-1';
SET redshift_iam.access_keys = 'warn';
-- c1 allowed
SELECT redshift_iam.check_command('rsi-log-c1', $q$COPY t FROM 's3://b/x' IAM_ROLE 'arn:aws:iam::123456789012:role/A'$q$) IS NOT NULL;
-- c2 allowed with a warning (long-term key)
SELECT redshift_iam.check_command('rsi-log-c1', $q$COPY t FROM 's3://b/x' ACCESS_KEY_ID 'AKIAIOSFODNN7EXAMPLE' SECRET_ACCESS_KEY 'rsiSecretKeyWarn1'$q$) IS NOT NULL;
-- c3 denied: role not associated
SELECT redshift_iam.check_command('rsi-log-c1', $q$unload ('select 1') to 's3://b/u' iam_role 'arn:aws:iam::123456789012:role/Z'$q$);
-- c4 denied: keys under access_keys = deny
SET redshift_iam.access_keys = 'deny';
SELECT redshift_iam.check_command('rsi-log-c1', $q$COPY t FROM 's3://b/x' ACCESS_KEY_ID 'ASIAIOSFODNN7EXAMPLE' SECRET_ACCESS_KEY 'rsiSecretKeyDeny2' SESSION_TOKEN 'rsiSessionTokDeny2'$q$);
-- c5 denied: syntax error (two authorization forms)
SELECT redshift_iam.check_command('rsi-log-c1', $q$COPY t FROM 's3://b/x' IAM_ROLE 'arn:aws:iam::123456789012:role/A' ACCESS_KEY_ID 'AKIAIOSFODNN7EXAMPLE' SECRET_ACCESS_KEY 'rsiSecretKeySyntax3'$q$);
-- c6 denied: CREDENTIALS with keys under deny
SELECT redshift_iam.check_command('rsi-log-c1', $q$COPY t FROM 's3://b/x' CREDENTIALS 'aws_access_key_id=AKIAIOSFODNN7EXAMPLE;aws_secret_access_key=rsiSecretKeyCreds4'$q$);
SET redshift_iam.access_keys = 'warn';
-- v1 other (not logged), v2 allowed, v3 denied, v4 warning, v5 allowed chain
-- (a comma: quoted), v6 allowed on two lines with double quotes (quoted)
SELECT count(*) FROM redshift_iam.validate_script('rsi-log-c1', $q$select 1;
COPY t FROM 's3://b/v2' IAM_ROLE 'arn:aws:iam::123456789012:role/B';
COPY t FROM 's3://b/v3' IAM_ROLE 'arn:aws:iam::123456789012:role/Z';
COPY t FROM 's3://b/v4' ACCESS_KEY_ID 'AKIAIOSFODNN7EXAMPLE' SECRET_ACCESS_KEY 'rsiSecretKeyScript5';
COPY t FROM 's3://b/v5' IAM_ROLE 'arn:aws:iam::123456789012:role/A,arn:aws:iam::210987654321:role/X';
COPY "T" FROM 's3://b/v6'
  IAM_ROLE 'arn:aws:iam::123456789012:role/B'$q$);
SQL
  # r1 denied, as a plain role
  echo "SET ROLE $ROLE;"
  echo "SELECT redshift_iam.check_command('rsi-log-c1', \$q\$COPY t FROM 's3://b/r1' IAM_ROLE 'arn:aws:iam::123456789012:role/Z'\$q\$);"
  echo "RESET ROLE;"
}

# run the checks with log_checks = $1 ('' = the default); leaves the new log
# text in $OUT/$1.log
OUT=$(mktemp -d)
on_exit "rm -rf '$OUT'"
marker_n=0
run_phase() {
  local mode=$1 name=${1:-default} off marker i
  off=$(stat -c %s "$LOG")
  marker_n=$((marker_n + 1))
  marker="rsi-log-checks-marker-$$-$marker_n"
  {
    [ -n "$mode" ] && echo "SET redshift_iam.log_checks = '$mode';"
    checks_sql
    echo "DO \$\$ BEGIN RAISE LOG '$marker'; END \$\$;"
  } | psql -X -q -A -t -d "$DB" > "$OUT/$name.psql" 2>&1
  # the logging collector writes asynchronously: wait for the marker
  for i in $(seq 1 100); do
    tail -c +$((off + 1)) "$LOG" | grep -q "$marker" && break
    sleep 0.1
  done
  tail -c +$((off + 1)) "$LOG" > "$OUT/$name.log"
  grep -q "$marker" "$OUT/$name.log"
}

# The records: each line with "redshift_iam check: " plus its continuation
# lines (stderr logging starts them with a tab), for cluster rsi-log-*,
# parsed as CSV; prints one line per record, fields joined by |, or BAD.
records() {
  python3 - "$1" <<'PY'
import csv, io, sys
text = open(sys.argv[1], encoding='utf-8', errors='replace').read().split('\n')
tag = 'redshift_iam check: '
i = 0
while i < len(text):
    line = text[i]
    i += 1
    if tag not in line:
        continue
    rec = line[line.index(tag) + len(tag):]
    while i < len(text) and text[i].startswith('\t'):
        rec += '\n' + text[i][1:]
        i += 1
    rows = list(csv.reader(io.StringIO(rec, newline='')))
    if len(rows) != 1 or len(rows[0]) != 9:
        print('BAD %d rows, %s fields: %r' % (len(rows), [len(r) for r in rows], rec))
        continue
    f = rows[0]
    if ':cluster:rsi-log-' not in f[5]:
        continue
    print('|'.join(x.replace('\n', '\\n') for x in f))
PY
}

check_phase() {
  local name=$1 want=$2 got bad
  got=$(records "$OUT/$name.log")
  bad=$(printf '%s\n' "$got" | grep -c '^BAD' || true)
  is "log_checks = $name: no malformed line" "$bad" 0
  [ "$bad" -eq 0 ] || printf '%s\n' "$got" | grep '^BAD' | diag
  is "log_checks = $name: the lines, field by field" "$got" "$want"
}

C=arn:aws:redshift:us-east-1:123456789012:cluster:rsi-log-c1
A=arn:aws:iam::123456789012:role/A
B=arn:aws:iam::123456789012:role/B
Z=arn:aws:iam::123456789012:role/Z
DENIED_C3="denied|28000|role-not-associated|$SUPER||$C|unload|$Z|unload ('select 1') to 's3://b/u' iam_role '$Z'"
DENIED_C4="denied|28000|access-keys-refused|$SUPER||$C|copy||COPY t FROM 's3://b/x' ACCESS_KEY_ID 'ASIAIOSFODNN7EXAMPLE' SECRET_ACCESS_KEY '***' SESSION_TOKEN '***'"
DENIED_C5="denied|42601|syntax-error|$SUPER||$C|copy||COPY t FROM 's3://b/x' IAM_ROLE '$A' ACCESS_KEY_ID 'AKIAIOSFODNN7EXAMPLE' SECRET_ACCESS_KEY '***'"
DENIED_C6="denied|28000|access-keys-refused|$SUPER||$C|copy||COPY t FROM 's3://b/x' CREDENTIALS 'aws_access_key_id=AKIAIOSFODNN7EXAMPLE;aws_secret_access_key=***'"
DENIED_V3="denied|28000|role-not-associated|$SUPER||$C|copy|$Z|COPY t FROM 's3://b/v3' IAM_ROLE '$Z'"
DENIED_R1="denied|28000|role-not-associated|$ROLE||$C|copy|$Z|COPY t FROM 's3://b/r1' IAM_ROLE '$Z'"
ALLOWED_C1="allowed|00000|ok|$SUPER||$C|copy|$A|COPY t FROM 's3://b/x' IAM_ROLE '$A'"
WARNING_C2="warning|01000|long-term-access-key|$SUPER||$C|copy||COPY t FROM 's3://b/x' ACCESS_KEY_ID 'AKIAIOSFODNN7EXAMPLE' SECRET_ACCESS_KEY '***'"
ALLOWED_V2="allowed|00000|ok|$SUPER||$C|copy|$B|COPY t FROM 's3://b/v2' IAM_ROLE '$B'"
WARNING_V4="warning|01000|long-term-access-key|$SUPER||$C|copy||COPY t FROM 's3://b/v4' ACCESS_KEY_ID 'AKIAIOSFODNN7EXAMPLE' SECRET_ACCESS_KEY '***'"
ALLOWED_V5="allowed|00000|ok|$SUPER||$C|copy|$A,arn:aws:iam::210987654321:role/X|COPY t FROM 's3://b/v5' IAM_ROLE '$A,arn:aws:iam::210987654321:role/X'"
ALLOWED_V6="allowed|00000|ok|$SUPER||$C|copy|$B|COPY \"T\" FROM 's3://b/v6'\\n  IAM_ROLE '$B'"

WANT_DENIED=$(printf '%s\n' "$DENIED_C3" "$DENIED_C4" "$DENIED_C5" "$DENIED_C6" "$DENIED_V3" "$DENIED_R1")
WANT_ALL=$(printf '%s\n' "$ALLOWED_C1" "$WARNING_C2" "$DENIED_C3" "$DENIED_C4" "$DENIED_C5" "$DENIED_C6" \
                        "$ALLOWED_V2" "$DENIED_V3" "$WARNING_V4" "$ALLOWED_V5" "$ALLOWED_V6" "$DENIED_R1")

for mode in none '' denied all; do
  name=${mode:-default}
  check "log_checks = $name: the checks ran and the log caught up" run_phase "$mode"
done
is "log_checks = none: no line" "$(records "$OUT/none.log")" ""
check_phase default "$WANT_DENIED"
check_phase denied "$WANT_DENIED"
check_phase all "$WANT_ALL"
is "log_checks = all: 12 lines (validate_script logs no line for other statements)" \
   "$(records "$OUT/all.log" | grep -c .)" 12

# the psql output of the phases shows the checks did what the log says
is "check_command's WARNING for a long-term key reached the client (validate_script's is a row)" \
   "$(grep -c 'WARNING:  copy uses a long-term access key (AKIA...) instead of an IAM role' "$OUT/all.psql")" 1

# only superusers may change the setting (it weakens the audit)
refuses "a plain role cannot SET redshift_iam.log_checks" "$DB" "$ROLE" 42501 \
  "SELECT redshift_iam.redact('x'); SET redshift_iam.log_checks = 'none'"
# ... nor before the library is loaded (a placeholder set by a plain role)
off=$(stat -c %s "$LOG")
psql -X -q -A -t -d "$DB" -c "SET ROLE $ROLE" -c "SET redshift_iam.log_checks = 'none'" \
  -c "SELECT redshift_iam.check_command('rsi-log-c1', \$q\$COPY t FROM 's3://b/p1' IAM_ROLE 'arn:aws:iam::123456789012:role/Z'\$q\$)" \
  -c "DO \$\$ BEGIN RAISE LOG 'rsi-log-checks-marker-$$-p'; END \$\$" > "$OUT/placeholder.psql" 2>&1
for i in $(seq 1 100); do
  tail -c +$((off + 1)) "$LOG" | grep -q "rsi-log-checks-marker-$$-p" && break
  sleep 0.1
done
tail -c +$((off + 1)) "$LOG" > "$OUT/placeholder.log"
is "a plain role's SET before the library loads does not silence the log" \
   "$(records "$OUT/placeholder.log" | cut -d'|' -f1,4)" "denied|$ROLE"

# ---- no secret anywhere in the log ----
leaks_in() {
  local f=$1 s found=
  for s in "${SECRETS[@]}"; do grep -qF "$s" "$f" && found="$found $s"; done
  echo "${found# }"
}
grep -h 'redshift_iam check: ' "$OUT"/*.log > "$OUT/lines.txt"
is "no secret in the redshift_iam check: lines" "$(leaks_in "$OUT/lines.txt")" ""
# The ERRORs that check_command and parse_command raise would be logged by
# the server with a STATEMENT: line (log_min_error_statement = error) that
# repeats the caller's SQL, secret included: they use errhidestmt(true).
leaked=$(leaks_in "$LOG")
is "no secret anywhere in the server log" "$leaked" ""
if [ -n "$leaked" ]; then
  grep -hF -e "${SECRETS[1]}" -e "${SECRETS[3]}" -e "${SECRETS[4]}" "$LOG" | head -3 | cut -c1-300 | diag
fi

finish
