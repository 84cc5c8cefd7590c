#!/usr/bin/env bash
# trust_secrets.sh — a value the parse shows as *** because it holds a
# secret key name (an S3 location 's3://b/aws_secret_access_key=...', a
# SECRET_ARN, a LAMBDA function, a CATALOG_ROLE chain) is evaluated against
# the IAM snapshot as written, but no channel prints it: check_command's
# ERROR (message, detail, hint) and its jsonb result with the `iam` steps,
# validate_script's rows, the check log line, and redshift-iam-check --iam
# in every format.  Each secret is a fresh random string; the test looks for
# it and for any 12-character piece of it.
set -uo pipefail
cd "$(dirname "$0")/../.."
. test/extended/lib/common.bash

make -s redshift-iam-check >/dev/null 2>&1
BIN=$(pwd)/redshift-iam-check
[ -x "$BIN" ] || { not_ok "redshift-iam-check builds"; finish; }

R='arn:aws:iam::123456789012:role/RedshiftCopyUnload'
rnd() { head -c 30 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' | head -c 32; }
S1=$(rnd); S2=$(rnd); S3=$(rnd); S4=$(rnd); S5=$(rnd); S6=$(rnd); S7=$(rnd)
SECRETS=("$S1" "$S2" "$S3" "$S4" "$S5" "$S6" "$S7")
# refused by the snapshot (permission-denied, chain-link-not-permitted) or
# allowed with the `iam` steps printed; one secret each
STMTS=(
  "COPY t FROM 's3://my-bucket/aws_secret_access_key=$S1/' IAM_ROLE '$R' CSV"
  "UNLOAD ('select 1') TO 's3://my-bucket/x/password=$S2/' IAM_ROLE '$R'"
  "CREATE EXTERNAL FUNCTION f(int) RETURNS int VOLATILE LAMBDA 'password=$S3' IAM_ROLE '$R'"
  "CREATE EXTERNAL SCHEMA s FROM POSTGRES DATABASE 'd' URI 'h' IAM_ROLE '$R' SECRET_ARN 'arn:aws:secretsmanager:us-east-1:123456789012:secret:password=$S4'"
  "COPY t FROM 's3://my-bucket/sales/session_token=$S5/' IAM_ROLE '$R' CSV"
  "COPY t FROM 's3://my-bucket/sales/a password= $S6/' IAM_ROLE '$R' CSV"
  "COPY t FROM 's3://my-bucket/sales/token=$S7/' IAM_ROLE '$R' CSV"
)
# leaks TEXT: every secret (or a 12-character piece of one) it holds
leaks() {
  local s i found=
  for s in "${SECRETS[@]}"; do
    for ((i = 0; i + 12 <= ${#s}; i += 4)); do
      if grep -qF -- "${s:i:12}" <<<"$1"; then found+="${s:i:12} "; break; fi
    done
  done
  printf '%s' "$found"
}
clean() { local l; l=$(leaks "$2"); if [ -z "$l" ]; then ok "$1"; else not_ok "$1 (holds ${l})"; fi; }

# ---- the CLI ----
SCRIPT=$(mktemp /tmp/rsi_trust_secrets.XXXXXX.sql)
on_exit "rm -f $SCRIPT"
for s in "${STMTS[@]}"; do printf '%s;\n' "$s"; done > "$SCRIPT"
for f in text json sarif junit github gitlab; do
  out=$("$BIN" -c test/cli/fixtures/clusters.json -C my-redshift-cluster \
          --iam test/cli/fixtures/iam-account.json --format "$f" --caret always "$SCRIPT" 2>&1)
  check "redshift-iam-check --iam --format $f evaluated the script" grep -q 'RedshiftCopyUnload' <<<"$out"
  clean "redshift-iam-check --iam --format $f: no secret" "$out"
done
out=$("$BIN" -c test/cli/fixtures/clusters.json -C my-redshift-cluster \
        --iam test/cli/fixtures/iam-account.json --format text "$SCRIPT" 2>&1)
check "the refusals are still refusals (permission-denied)" grep -q 'permission-denied' <<<"$out"

# ---- the extension ----
fresh_db rsi_trust_secrets
LOG=$(sql postgres -c "SELECT pg_current_logfile()" 2>/dev/null)
DATADIR=$(sql postgres -c "SHOW data_directory" 2>/dev/null)
[ -n "$LOG" ] && [ "${LOG#/}" = "$LOG" ] && LOG="$DATADIR/$LOG"
LOG=${RSI_SERVER_LOG:-$LOG}
before=0; [ -n "$LOG" ] && [ -r "$LOG" ] && before=$(stat -c %s "$LOG")
sql "$DB" -o /dev/null -v export="$(cat test/cli/fixtures/iam-account.json)" <<SQL || { not_ok "set up"; finish; }
SET client_min_messages = warning;
CREATE EXTENSION redshift_iam;
SET redshift_iam.account_id = '123456789012';
SET redshift_iam.region = 'us-east-1';
SET redshift_iam.apply_delay = 0;
SELECT redshift_iam.create_cluster('my-redshift-cluster', 'dc2.large', 1, ARRAY['$R']);
SELECT redshift_iam.import_iam(:'export'::jsonb);
SQL
all=
for s in "${STMTS[@]}"; do
  out=$(psql -X -q -A -t -d "$DB" -v VERBOSITY=verbose -v SHOW_CONTEXT=always \
          -c "SET redshift_iam.account_id = '123456789012'" -c "SET redshift_iam.region = 'us-east-1'" \
          -c "SET redshift_iam.log_checks = all" \
          -c "SELECT redshift_iam.check_command('my-redshift-cluster', \$q\$$s\$q\$)" \
          -c "SELECT * FROM redshift_iam.validate_script('my-redshift-cluster', \$q\$$s\$q\$)" 2>&1)
  all+="$out"$'\n'
done
check "check_command and validate_script evaluated the commands" grep -q 'RedshiftCopyUnload' <<<"$all"
check "some were allowed with their IAM steps" grep -q '"steps"' <<<"$all"
check "some were refused by the snapshot" grep -q 'not authorized to perform' <<<"$all"
clean "check_command (ERROR, DETAIL, HINT, result) and validate_script rows: no secret" "$all"
if [ -n "$LOG" ] && [ -r "$LOG" ]; then
  logged=$(tail -c +"$((before + 1))" "$LOG")
  check "the check log lines are in the server log" grep -q 'redshift_iam check' <<<"$logged"
  clean "the server log: no secret" "$logged"
else
  ok "# SKIP the server log is not readable (set RSI_SERVER_LOG)"
fi
finish
