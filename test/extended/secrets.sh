#!/usr/bin/env bash
# secrets.sh — no secret reaches a log line, an error field, a result or a
# table.  With redshift_iam.log_checks = all, every function that
# takes a command or a script (parse_command, redact, check_command,
# validate_script, and any other with a "command" or "script" argument) runs
# on commands that carry a secret access key, a session token and a master
# symmetric key, fresh random ones for each run, in every form the grammar
# knows (keys, CREDENTIALS, lowercase, E'' strings, '' inside, unterminated
# strings, two authorization forms, keys where only roles are allowed, key
# policy deny / temporary / warn).  The test then reads the client output
# with every error field (message, detail, hint, context, internal query;
# VERBOSITY verbose), the server log written meanwhile (log_min_messages =
# debug1, log_error_verbosity = verbose), and every table of the extension,
# and finds none of the secrets, nor a 12-character piece of one.
#
# PostgreSQL itself logs the text of a failing statement ("STATEMENT:" lines,
# log_min_error_statement, default "error").  A check_command(...) call that
# raises with the command written as a literal in the statement therefore
# reaches the log through PostgreSQL, not through the extension.  Part 1 runs
# with log_min_error_statement = panic so that the log shows only what the
# extension writes; part 2 documents the caveat and shows the mitigations
# (validate_script, which never raises; the command passed as a value rather
# than written into the statement text).
set -uo pipefail
cd "$(dirname "$0")/../.."
. test/extended/lib/common.bash

fresh_db rsi_secrets
sql "$DB" -c "CREATE EXTENSION redshift_iam" || { not_ok "CREATE EXTENSION"; finish; }
has_fn "$DB" check_command && has_fn "$DB" validate_script \
  || { not_ok "check_command and validate_script exist"; finish; }

# the server log: the postmaster's stderr, or the collector's current file
datadir=$(sql "$DB" -c "SHOW data_directory")
pmpid=$(head -1 "$datadir/postmaster.pid" 2>/dev/null)
LOGFILE=$(sql "$DB" -c "SELECT pg_current_logfile()")
[ -n "$LOGFILE" ] && [ "${LOGFILE#/}" = "$LOGFILE" ] && LOGFILE=$datadir/$LOGFILE
[ -n "$LOGFILE" ] || LOGFILE=$(readlink "/proc/$pmpid/fd/2" 2>/dev/null)
if [ -z "$LOGFILE" ] || [ ! -r "$LOGFILE" ]; then
  not_ok "the server log is readable (${LOGFILE:-not found})"; finish
fi
ok "the server log is readable ($LOGFILE)"
log_from=$(stat -c %s "$LOGFILE")

rand() { head -c 300 /dev/urandom | base64 -w0 | tr -dc "$1" | head -c "$2"; }
SECRET="$(rand 'A-Za-z0-9/+' 40)"
TOKEN="FwoGZXIvYXdzE$(rand 'A-Za-z0-9/+' 120)"
MSK="$(rand 'A-Za-z0-9' 44)"
AKIA="AKIA$(rand 'A-Z2-7' 16)"
ASIA="ASIA$(rand 'A-Z2-7' 16)"
ROLE=arn:aws:iam::123456789012:role/Loader

sql "$DB" -o /dev/null <<SQL || not_ok "set up a cluster"
SET redshift_iam.apply_delay = 0;
SELECT redshift_iam.create_cluster('sec', 'dc1.large', 1, ARRAY['$ROLE'], '$ROLE');
SELECT redshift_iam.apply_pending_changes();
SQL

# commands carrying the secrets (shell-expanded; SQL quoting done below)
cmds=(
  "COPY t FROM 's3://b/k' ACCESS_KEY_ID '$AKIA' SECRET_ACCESS_KEY '$SECRET' SESSION_TOKEN '$TOKEN'"
  "COPY t FROM 's3://b/k' ACCESS_KEY_ID '$ASIA' SECRET_ACCESS_KEY '$SECRET' SESSION_TOKEN '$TOKEN'"
  "copy t from 's3://b/k' access_key_id '$AKIA'
     secret_access_key '$SECRET' session_token '$TOKEN' format as json 'auto'"
  "COPY t FROM 's3://b/k' CREDENTIALS 'aws_access_key_id=$AKIA;aws_secret_access_key=$SECRET;token=$TOKEN'"
  "COPY t FROM 's3://b/k' WITH CREDENTIALS AS 'aws_access_key_id=$ASIA;aws_secret_access_key=$SECRET;token=$TOKEN;master_symmetric_key=$MSK' ENCRYPTED"
  "UNLOAD ('select * from t where x = ''y''') TO 's3://b/p' ACCESS_KEY_ID '$AKIA' SECRET_ACCESS_KEY '$SECRET'"
  "UNLOAD ('select 1') TO 's3://b/p' CREDENTIALS 'aws_access_key_id=$AKIA;aws_secret_access_key=$SECRET;master_symmetric_key=$MSK' ENCRYPTED"
  "COPY t FROM 's3://b/k' ACCESS_KEY_ID '$AKIA' SECRET_ACCESS_KEY E'$SECRET' SESSION_TOKEN E'$TOKEN'"
  "COPY t FROM 's3://b/k' SESSION_TOKEN '$TOKEN' SECRET_ACCESS_KEY '$SECRET' ACCESS_KEY_ID '$ASIA'"
  "COPY t FROM 's3://b/k' ACCESS_KEY_ID '$AKIA' SECRET_ACCESS_KEY '$SECRET''x' SESSION_TOKEN '$TOKEN'"
  "COPY t FROM 's3://b/k' ACCESS_KEY_ID '$AKIA' SECRET_ACCESS_KEY '$SECRET' IAM_ROLE '$ROLE'"
  "COPY t FROM 's3://b/k' IAM_ROLE '$ROLE' CREDENTIALS 'aws_access_key_id=$AKIA;aws_secret_access_key=$SECRET'"
  "COPY t FROM 's3://b/k' CREDENTIALS 'aws_access_key_id=$AKIA;aws_secret_access_key=$SECRET;bogus'"
  "COPY t FROM 's3://b/k' CREDENTIALS 'aws_access_key_id=$ASIA;aws_secret_access_key=$SECRET;$TOKEN'"
  "COPY t FROM 's3://b/k' CREDENTIALS 'aws_access_key_id=$AKIA;${SECRET:0:20}=${SECRET:20}'"
  "COPY t FROM 's3://b/k' WITH CREDENTIALS AS 'aws_iam_role=$ROLE;$SECRET'"
  "COPY t FROM 's3://b/k' CREDENTIALS 'aws_access_key_id=$AKIA;aws_secret_access_key=$SECRET;$TOKEN==;x'"
  "COPY t FROM 's3://b/k' CREDENTIALS 'aws_access_key_id=$AKIA; aws_secret_access_key=$SECRET'"
  "COPY t FROM 's3://b/k' ACCESS_KEY_ID '$AKIA' SECRET_ACCESS_KEY '$SECRET"
  "COPY t FROM 's3://b/k' ACCESS_KEY_ID '$AKIA' SECRET_ACCESS_KEY '$SECRET' SESSION_TOKEN '$TOKEN /* unterminated"
  "COPY t FROM 's3://b/k' SECRET_ACCESS_KEY '$SECRET' SESSION_TOKEN '$TOKEN'"
  "CREATE EXTERNAL SCHEMA s FROM DATA CATALOG DATABASE 'd' ACCESS_KEY_ID '$AKIA' SECRET_ACCESS_KEY '$SECRET'"
  "CREATE EXTERNAL FUNCTION f(int) RETURNS int VOLATILE LAMBDA 'l' CREDENTIALS 'aws_access_key_id=$AKIA;aws_secret_access_key=$SECRET'"
  "COPY t FROM 's3://b/k' ACCESS_KEY_ID '$AKIA' SECRET_ACCESS_KEY '$SECRET' SESSION_TOKEN '$TOKEN' IAM_ROLE default"
)
script=$(printf '%s;\n' "${cmds[@]:0:14}")
script="SELECT 1;
-- a comment
$script
COPY t FROM 's3://b/k' IAM_ROLE '$ROLE';
COPY t FROM 's3://b/k' ACCESS_KEY_ID '$AKIA' SECRET_ACCESS_KEY '$SECRET"
q() { printf "'%s'" "${1//\'/\'\'}"; }   # SQL literal

# functions that take a command or a script, found by argument name
fns=$(sql "$DB" -c "SELECT p.oid::regproc || '|' || array_to_string(p.proargnames[1:p.pronargs], ',') FROM pg_proc p WHERE p.pronamespace IN ('redshift_iam'::regnamespace, 'redshift_iam_internal'::regnamespace) AND (p.proargnames && ARRAY['command', 'script']) ORDER BY 1")
echo "# functions under test: $(printf '%s\n' "$fns" | cut -d'|' -f1 | tr '\n' ' ')"

# ---- part 1: everything the extension writes ----
OUT=$(mktemp); on_exit "rm -f $OUT $OUT.sql"
{
  echo "\\set VERBOSITY verbose"
  echo "\\set SHOW_CONTEXT always"
  echo "SET redshift_iam.log_checks = 'all';"
  echo "SET log_min_messages = debug1;"
  echo "SET log_error_verbosity = verbose;"
  echo "SET client_min_messages = debug1;"
  echo "SET log_min_error_statement = panic;"
  for policy in warn allow temporary deny; do
    echo "SET redshift_iam.access_keys = $policy;"
    for c in "${cmds[@]}"; do
      while IFS='|' read -r fn args; do
        [ -n "$fn" ] || continue
        # only the checks depend on the key policy
        [ "$policy" = warn ] || [[ "$fn" =~ check_command|validate_script|script_may_run|assert_script ]] || continue
        call=""
        IFS=',' read -ra names <<< "$args"
        for a in "${names[@]}"; do
          case "$a" in
            cluster_identifier) call+="${call:+, }'sec'" ;;
            command|script) call+="${call:+, }$(q "$c")" ;;
            *) call+="${call:+, }NULL" ;;
          esac
        done
        echo "SELECT * FROM $fn($call);"
      done <<< "$fns"
    done
    echo "SELECT * FROM redshift_iam.validate_script('sec', $(q "$script"));"
    echo "SELECT * FROM redshift_iam.validate_script('nonexistent', $(q "$script"));"
    echo "SELECT redshift_iam.check_command('nonexistent', $(q "${cmds[0]}"));"
  done
} > "$OUT.sql"
ncalls=$(grep -c '^SELECT' "$OUT.sql")
psql -X -d "$DB" -f "$OUT.sql" > "$OUT" 2>&1
nerr=$(grep -c 'ERROR:' "$OUT")
nlog=$(tail -c +"$((log_from + 1))" "$LOGFILE" | grep -c 'redshift_iam check:')
echo "# part 1: $ncalls calls, $nerr errors, $nlog check lines in the server log"
check "the checks were logged (log_checks = all)" [ "$nlog" -ge 40 ]
grep -q 'DETAIL:\|HINT:' "$OUT" && grep -q 'QUERY:\|CONTEXT:' "$OUT" \
  && ok "the client output holds error fields (detail, hint, query or context)" \
  || not_ok "the client output holds error fields"

# a secret, or any 12-character piece of one, in a text
leaks() {
  local text=$1 s name i piece
  for name in SECRET TOKEN MSK; do
    s=${!name}
    for ((i = 0; i + 12 <= ${#s}; i += 6)); do
      piece=${s:i:12}
      if grep -qF -- "$piece" <<< "$text"; then
        echo "$name piece '${piece}' found:"
        printf '%s\n' "$text" | grep -F -- "$piece" | head -3 | cut -c1-300
        return 0
      fi
    done
  done
  return 1
}
if l=$(leaks "$(cat "$OUT")"); then
  not_ok "no secret in any result or error field (message, detail, hint, context, query)"; printf '%s\n' "$l" | diag
else
  ok "no secret in any result or error field (message, detail, hint, context, query)"
fi
log1=$(tail -c +"$((log_from + 1))" "$LOGFILE")
if l=$(leaks "$log1"); then
  not_ok "no secret in the server log"; printf '%s\n' "$l" | diag
else
  ok "no secret in the server log ($(printf '%s\n' "$log1" | wc -l) lines read)"
fi
if l=$(leaks "$(catalog_snapshot "$DB")"); then
  not_ok "no secret in any table of the extension"; printf '%s\n' "$l" | diag
else
  ok "no secret in any table of the extension"
fi
# the access key id is not a secret and is reported; the log names checks
grep 'redshift_iam check:' <<< "$log1" | grep -c "'\*\*\*'" >/dev/null \
  && ok "logged commands are redacted (*** in place of secrets)" || not_ok "logged commands are redacted"

# ---- part 2: PostgreSQL's own statement logging (documented caveat) ----
# Control: a statement that fails for a reason of its own is written to the
# log with its text (STATEMENT:, log_min_error_statement = error), secret
# included; this test must see it there, or its log reading proves nothing.
log_from=$(stat -c %s "$LOGFILE")
out=$(psql -X -q -d "$DB" 2>&1 <<SQL
SET log_min_error_statement = error;
SELECT 1 / 0 AS fails, $(q "${cmds[0]}") AS command_text;
SQL
)
log2=$(tail -c +"$((log_from + 1))" "$LOGFILE")
if grep -q 'division by zero' <<< "$out" && grep -q 'STATEMENT:' <<< "$log2" && leaks "$log2" >/dev/null; then
  ok "control: PostgreSQL logs a failing statement's text (STATEMENT:) and this test finds the secret in it"
else
  not_ok "control: PostgreSQL logs a failing statement's text (STATEMENT:) and this test finds the secret in it"
  printf '%s\n' "$out" | head -5 | diag
fi
# check_command's own refusal hides its statement (errhidestmt): a command
# written as a literal does not reach the log through PostgreSQL
log_from=$(stat -c %s "$LOGFILE")
out=$(psql -X -q -d "$DB" 2>&1 <<SQL
SET log_min_error_statement = error;
SET redshift_iam.access_keys = deny;
SELECT redshift_iam.check_command('sec', $(q "${cmds[0]}"));
SQL
)
log2=$(tail -c +"$((log_from + 1))" "$LOGFILE")
if ! grep -q 'ERROR:' <<< "$out"; then
  not_ok "a refused check_command with a literal command logs no secret (the check was not refused)"
  printf '%s\n' "$out" | head -5 | diag
elif l=$(leaks "$log2"); then
  not_ok "a refused check_command with a literal command logs no secret"; printf '%s\n' "$l" | diag
else
  ok "a refused check_command with a literal command logs no secret (statement hidden)"
fi
# mitigation 1: validate_script never raises, so no statement is logged
log_from=$(stat -c %s "$LOGFILE")
out=$(psql -X -q -A -t -v ON_ERROR_STOP=1 -d "$DB" 2>&1 <<SQL
SET log_min_error_statement = error;
SET redshift_iam.access_keys = deny;
SELECT count(*) FROM redshift_iam.validate_script('sec', $(q "$script")) WHERE NOT ok;
SQL
)
rc=$?
log3=$(tail -c +"$((log_from + 1))" "$LOGFILE")
if [ "$rc" -ne 0 ] || ! [[ "$out" =~ ^[0-9]+$ ]] || [ "$out" -lt 14 ]; then
  not_ok "mitigation: validate_script reports the refusals as rows (exit $rc, got: ${out:0:200})"
elif l=$(leaks "$log3"); then
  not_ok "mitigation: validate_script logs no secret at default settings"; printf '%s\n' "$l" | diag
else
  ok "mitigation: validate_script reports $out refusals as rows and logs no secret at default settings"
fi
# mitigation 2: the command as a value (a table column; a bind parameter
# works the same way), not as text of the failing statement
log_from=$(stat -c %s "$LOGFILE")
out=$(psql -X -q -d "$DB" 2>&1 <<SQL
SET log_min_error_statement = error;
SET redshift_iam.access_keys = deny;
CREATE TEMP TABLE etl_commands (cmd text);
COPY etl_commands FROM STDIN;
${cmds[0]}
\\.
SELECT redshift_iam.check_command('sec', cmd) FROM etl_commands;
SQL
)
log4=$(tail -c +"$((log_from + 1))" "$LOGFILE")
if ! grep -q 'ERROR:' <<< "$out" || ! grep -q 'ERROR:' <<< "$log4"; then
  not_ok "mitigation: a check on a command passed as a value was refused"; printf '%s\n' "$out" | head -5 | diag
elif l=$(leaks "$log4"); then
  not_ok "mitigation: a refused check on a command passed as a value logs no secret"; printf '%s\n' "$l" | diag
else
  ok "mitigation: a refused check on a command passed as a value logs no secret"
fi

finish
