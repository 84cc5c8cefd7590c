#!/usr/bin/env bash
# leaks.sh — the leak matrix: no secret in any output channel.
#
# Every placement below is a command (or a script) that carries one secret
# written in one way: keys, CREDENTIALS, tabs, mixed case, master keys,
# session tokens, text of UNLOAD's query, statements of other kinds, stray
# '=', double-quoted and unterminated CREDENTIALS, ',' and '&' separators,
# unterminated dollar quotes and comments, E'' escapes, continued strings,
# swapped key values, passwords.  Each placement has its own secret,
# wJalr<NN>XUtnFEMI0K7MDENGbPxRfiCY<NN>; a cell (placement, channel) fails
# when the head (wJalr<NN>X) or the tail (RfiCY<NN>) of that secret appears in
# what the channel printed.  The channels:
#
#   redact            redshift_iam.redact(cmd)
#   parse             parse_command(cmd): the jsonb, or every error field as
#                     psql shows it with VERBOSITY verbose and SHOW_CONTEXT
#                     always (message, detail, hint, QUERY/LINE, CONTEXT)
#   parse-do          the same call written inside a DO block
#   parse-fn          the same call made by a PL/pgSQL function with EXECUTE
#                     (the command is in the dynamic statement's text)
#   check, check-do, check-fn    check_command(cluster, cmd), the same three ways
#   validate          validate_script(cluster, 'SELECT 1; ' || cmd), every column
#   assert, assert-do assert_script(cluster, 'SELECT 1; ' || cmd), directly and
#                     inside a DO block, and script_may_run the same way
#   parallel          parse_command, direct and in a DO block, with parallel
#                     query forced (an error raised in a worker is raised
#                     again in the leader, with the leader's context)
#   assumerole        has_assumerole_privilege(role, arn, cmd) and
#                     grant_assumerole(arn, 'PUBLIC', ARRAY[cmd]): a command
#                     passed where a command type belongs
#   caught            parse_command and check_command inside a PL/pgSQL
#                     EXCEPTION block: MESSAGE_TEXT, PG_EXCEPTION_DETAIL,
#                     PG_EXCEPTION_HINT and PG_EXCEPTION_CONTEXT
#   log-all           the server log of the calls above with log_checks = all,
#                     log_min_messages = debug1, log_error_verbosity = verbose,
#                     log_min_error_statement = warning
#   log-denied        the same with the default log_checks (denied)
#   cli-text          redshift-iam-check --caret always (text), stdout and stderr
#   cli-json, cli-junit, cli-github   the other formats
#
# Besides the matrix: bad bytes for the CLI (a statement of another kind, a
# COPY, a comment), a secret as the first word of a statement, and a lock
# timeout (PostgreSQL's own ERROR) inside validate_script.  A failing cell
# says when redact() keeps the secret too: then the miss is the core
# redactor's, not the channel's.
#
# One psql session per channel over all placements, one CLI run per format
# over one file per placement (each file: a harmless statement, then the
# hostile one).  PostgreSQL's own statement logging (log_statement,
# log_min_duration_statement, auto_explain) writes the calling statement as
# the client sent it and is outside the extension: the sessions run with the
# defaults (log_statement = none); see docs/safety.md, "Leak matrix".
set -uo pipefail
cd "$(dirname "$0")/../.."
. test/extended/lib/common.bash

fresh_db rsi_leaks
sql "$DB" -c "CREATE EXTENSION redshift_iam" >/dev/null || { not_ok "CREATE EXTENSION"; finish; }
ROLE=arn:aws:iam::123456789012:role/Loader
AK=AKIAIOSFODNN7EXAMPLE
TK=ASIAIOSFODNN7EXAMPLE
sql "$DB" -o /dev/null <<SQL || { not_ok "set up cluster lk"; finish; }
SET redshift_iam.apply_delay = 0;
SELECT redshift_iam.create_cluster('lk', 'dc2.large', 1, ARRAY['$ROLE'], '$ROLE');
SELECT redshift_iam.apply_pending_changes();
SQL

# ---- the placements: name, then the command with @S@ for the secret ----
P_NAME=(); P_CMD=()
add() { P_NAME+=("$1"); P_CMD+=("$2"); }
TAB=$'\t'; NL=$'\n'
add "keys, warned"                "COPY t FROM 's3://b/x' ACCESS_KEY_ID '$AK' SECRET_ACCESS_KEY '@S@'"
add "keys, then a syntax error"   "COPY t FROM 's3://b' ACCESS_KEY_ID '$AK' SECRET_ACCESS_KEY '@S@' bad"
add "keys and IAM_ROLE"           "COPY t FROM 's3://b/x' ACCESS_KEY_ID '$AK' SECRET_ACCESS_KEY '@S@' IAM_ROLE '$ROLE'"
add "secret before the key id"    "COPY t FROM 's3://b/x' SECRET_ACCESS_KEY '@S@' ACCESS_KEY_ID '$AK'"
add "secret without a key id"     "COPY t FROM 's3://b/x' SECRET_ACCESS_KEY '@S@'"
add "CREDENTIALS"                 "COPY t FROM 's3://b/x' CREDENTIALS 'aws_access_key_id=$AK;aws_secret_access_key=@S@'"
add "WITH CREDENTIALS AS"         "COPY t FROM 's3://b/x' WITH CREDENTIALS AS 'aws_access_key_id=$AK;aws_secret_access_key=@S@'"
add "tabs"                        "COPY t FROM 's3://b/x'${TAB}ACCESS_KEY_ID${TAB}'$AK'${TAB}SECRET_ACCESS_KEY${TAB}'@S@'"
add "mixed case keywords"         "copy t From 's3://b/x' Access_Key_Id '$AK' sEcReT_aCcEsS_kEy '@S@'"
add "mixed case CREDENTIALS keys" "COPY t FROM 's3://b/x' Credentials 'AWS_ACCESS_KEY_ID=$AK;Aws_Secret_Access_Key=@S@'"
add "MASTER_SYMMETRIC_KEY"        "COPY t FROM 's3://b/x' IAM_ROLE '$ROLE' MASTER_SYMMETRIC_KEY '@S@' ENCRYPTED"
add "MASTER_SYMMETRIC_KEY, no ENCRYPTED" "COPY t FROM 's3://b/x' IAM_ROLE '$ROLE' MASTER_SYMMETRIC_KEY '@S@'"
add "master_symmetric_key in CREDENTIALS" "COPY t FROM 's3://b/x' CREDENTIALS 'aws_iam_role=$ROLE;master_symmetric_key=@S@' ENCRYPTED"
add "SESSION_TOKEN"               "COPY t FROM 's3://b/x' ACCESS_KEY_ID '$TK' SECRET_ACCESS_KEY 'plainsecret' SESSION_TOKEN '@S@'"
add "TOKEN"                       "COPY t FROM 's3://b/x' ACCESS_KEY_ID '$TK' SECRET_ACCESS_KEY 'plainsecret' TOKEN '@S@'"
add "token= in CREDENTIALS"       "COPY t FROM 's3://b/x' CREDENTIALS 'aws_access_key_id=$TK;aws_secret_access_key=plainsecret;token=@S@'"
add "session_token lowercase, long-term key" "copy t from 's3://b/x' access_key_id '$AK' secret_access_key 'plainsecret' session_token '@S@'"
add "UNLOAD query text"           "UNLOAD ('select ''aws_secret_access_key=@S@''') TO 's3://b/u' IAM_ROLE '$ROLE'"
add "UNLOAD with keys"            "UNLOAD ('select 1') TO 's3://b/u' ACCESS_KEY_ID '$AK' SECRET_ACCESS_KEY '@S@'"
add "SELECT of a credentials string" "SELECT 'aws_secret_access_key=@S@'"
add "CREATE USER PASSWORD"        "CREATE USER u PASSWORD '@S@'"
add "ALTER USER PASSWORD"         "ALTER USER u WITH PASSWORD '@S@'"
add "second statement of a script" "SELECT 1; COPY t FROM 's3://b/x' ACCESS_KEY_ID '$AK' SECRET_ACCESS_KEY '@S@'"
add "first statement of a script" "COPY t FROM 's3://b/x' ACCESS_KEY_ID '$AK' SECRET_ACCESS_KEY '@S@'; SELECT 1"
add "stray = after SECRET_ACCESS_KEY" "COPY t FROM 's3://b/x' ACCESS_KEY_ID '$AK' SECRET_ACCESS_KEY = '@S@'"
add "stray = after ACCESS_KEY_ID" "COPY t FROM 's3://b/x' ACCESS_KEY_ID = '$AK' SECRET_ACCESS_KEY '@S@'"
add "double-quoted CREDENTIALS"   "COPY t FROM 's3://b/x' CREDENTIALS \"aws_access_key_id=$AK;aws_secret_access_key=@S@\""
add "double-quoted CREDENTIALS, unterminated" "COPY t FROM 's3://b/x' CREDENTIALS \"aws_access_key_id=$AK;aws_secret_access_key=@S@"
add ", separator in CREDENTIALS"  "COPY t FROM 's3://b/x' CREDENTIALS 'aws_access_key_id=$AK,aws_secret_access_key=@S@'"
add "& separator in CREDENTIALS"  "COPY t FROM 's3://b/x' CREDENTIALS 'aws_access_key_id=$AK&aws_secret_access_key=@S@'"
add "spaces around = in CREDENTIALS" "COPY t FROM 's3://b/x' CREDENTIALS 'aws_access_key_id = $AK ; aws_secret_access_key = @S@'"
add "unterminated CREDENTIALS"    "COPY t FROM 's3://b/x' CREDENTIALS 'aws_access_key_id=$AK;aws_secret_access_key=@S@"
add "unterminated secret string"  "COPY t FROM 's3://b/x' ACCESS_KEY_ID '$AK' SECRET_ACCESS_KEY '@S@"
add "unterminated dollar quote after a secret" "COPY t FROM 's3://b/x' ACCESS_KEY_ID '$AK' SECRET_ACCESS_KEY '@S@' \$x\$ rest"
add "secret in an unterminated dollar quote" "COPY t FROM 's3://b/x' ACCESS_KEY_ID '$AK' SECRET_ACCESS_KEY \$\$@S@"
add "secret in a dollar quote"    "COPY t FROM 's3://b/x' ACCESS_KEY_ID '$AK' SECRET_ACCESS_KEY \$k\$@S@\$k\$"
add "-- comment holding a secret" "COPY t FROM 's3://b/x' IAM_ROLE '$ROLE' -- SECRET_ACCESS_KEY '@S@'${NL}FORMAT AS CSV"
add "/* */ comment holding a secret" "COPY t FROM 's3://b/x' /* SECRET_ACCESS_KEY '@S@' */ IAM_ROLE '$ROLE'"
add "unterminated /* holding a secret" "COPY t FROM 's3://b/x' IAM_ROLE '$ROLE' /* SECRET_ACCESS_KEY '@S@'"
add "E'' with \\x3b separator"     "COPY t FROM 's3://b/x' CREDENTIALS E'aws_access_key_id=$AK\\x3baws_secret_access_key=@S@'"
add "E'' with \\' inside the secret" "COPY t FROM 's3://b/x' ACCESS_KEY_ID '$AK' SECRET_ACCESS_KEY E'a\\'@S@'"
add "'' inside the secret"        "COPY t FROM 's3://b/x' ACCESS_KEY_ID '$AK' SECRET_ACCESS_KEY 'a''@S@'"
add "continued string on the next line" "COPY t FROM 's3://b/x' CREDENTIALS 'aws_access_key_id=$AK;'${NL}  'aws_secret_access_key=@S@'"
add "swapped key values"          "COPY t FROM 's3://b/x' ACCESS_KEY_ID '@S@' SECRET_ACCESS_KEY '$AK'"
add "quoted keyword"              "COPY t FROM 's3://b/x' ACCESS_KEY_ID '$AK' \"SECRET_ACCESS_KEY\" '@S@'"
add "U&'' secret"                 "COPY t FROM 's3://b/x' ACCESS_KEY_ID '$AK' SECRET_ACCESS_KEY U&'@S@'"
add "PASSWORD in CREATE EXTERNAL SCHEMA" "CREATE EXTERNAL SCHEMA s FROM POSTGRES DATABASE 'd' URI 'h' IAM_ROLE '$ROLE' PASSWORD '@S@'"
add "keys in CREATE EXTERNAL FUNCTION" "CREATE EXTERNAL FUNCTION f(int) RETURNS int VOLATILE LAMBDA 'l' ACCESS_KEY_ID '$AK' SECRET_ACCESS_KEY '@S@'"
add "secret with a newline inside" "COPY t FROM 's3://b/x' ACCESS_KEY_ID '$AK' SECRET_ACCESS_KEY 'ab${NL}@S@'"
add "bare secret pair in CREDENTIALS" "COPY t FROM 's3://b/x' WITH CREDENTIALS AS 'aws_iam_role=$ROLE;@S@'"
add "secret with / and + inside"   "COPY t FROM 's3://b/x' CREDENTIALS 'aws_access_key_id=$AK;aws_secret_access_key=ab/c+d@S@'"
add "WITH CREDENTIALS, no AS"     "COPY t FROM 's3://b/x' WITH CREDENTIALS 'aws_access_key_id=$AK;aws_secret_access_key=@S@'"
add "trailing ; in CREDENTIALS"   "COPY t FROM 's3://b/x' CREDENTIALS 'aws_access_key_id=$AK;aws_secret_access_key=@S@;'"
add "CREDENTIALS in a dollar quote" "COPY t FROM 's3://b/x' CREDENTIALS \$c\$aws_access_key_id=$AK;aws_secret_access_key=@S@\$c\$"
add "SECRET_ACCESS_KEY AS"        "COPY t FROM 's3://b/x' ACCESS_KEY_ID '$AK' SECRET_ACCESS_KEY AS '@S@'"
add "comment between keyword and secret" "COPY t FROM 's3://b/x' ACCESS_KEY_ID '$AK' SECRET_ACCESS_KEY/**/'@S@'"
add "line comment between keyword and secret" "COPY t FROM 's3://b/x' ACCESS_KEY_ID '$AK' SECRET_ACCESS_KEY -- c${NL}'@S@'"
add "nested /* */ holding a secret" "COPY t FROM 's3://b/x' /* a /* b */ SECRET_ACCESS_KEY '@S@' */ IAM_ROLE '$ROLE'"
add "secret key given twice"      "COPY t FROM 's3://b/x' ACCESS_KEY_ID '$AK' SECRET_ACCESS_KEY 'first' SECRET_ACCESS_KEY '@S@'"
add "UNLOAD query in a dollar quote" "UNLOAD (\$q\$select 'aws_secret_access_key=@S@'\$q\$) TO 's3://b/u' IAM_ROLE '$ROLE'"
add "E'' escaped quote ends the secret" "COPY t FROM 's3://b/x' ACCESS_KEY_ID '$AK' SECRET_ACCESS_KEY E'@S@\\\\' IAM_ROLE '$ROLE'"
add "N'' secret"                  "COPY t FROM 's3://b/x' ACCESS_KEY_ID '$AK' SECRET_ACCESS_KEY N'@S@'"
add "secret key name in a role chain" "COPY t FROM 's3://b/x' IAM_ROLE '$ROLE,aws_secret_access_key=@S@'"
add "secret in CREDENTIALS aws_iam_role" "COPY t FROM 's3://b/x' CREDENTIALS 'aws_iam_role=$ROLE;aws_secret_access_key=@S@'"
add "quoted secret after the key ID, keyword left out" "COPY t FROM 's3://b/x' ACCESS_KEY_ID '$AK' '@S@'"
add "unquoted secret after the key ID, keyword left out" "COPY t FROM 's3://b/x' ACCESS_KEY_ID '$AK' @S@"
add "CREATE LIBRARY CREDENTIALS"  "CREATE LIBRARY l LANGUAGE plpythonu FROM 's3://b/l.zip' CREDENTIALS 'aws_access_key_id=$AK;aws_secret_access_key=@S@'"
add "CREATE LIBRARY WITH CREDENTIALS AS, token" "CREATE OR REPLACE LIBRARY l LANGUAGE plpythonu FROM 's3://b/l.zip' WITH CREDENTIALS AS 'aws_access_key_id=$TK;aws_secret_access_key=plainsecret;token=@S@' REGION 'us-east-1'"
add "CREATE LIBRARY keys"         "CREATE LIBRARY l LANGUAGE plpythonu FROM 's3://b/l.zip' ACCESS_KEY_ID '$AK' SECRET_ACCESS_KEY '@S@'"
add "CREATE MODEL keys (refused)" "CREATE MODEL m FROM t FUNCTION f ACCESS_KEY_ID '$AK' SECRET_ACCESS_KEY '@S@'"

NP=${#P_CMD[@]}
nn()     { printf '%02d' "$1"; }
secret() { printf 'wJalr%sXUtnFEMI0K7MDENGbPxRfiCY%s' "$(nn "$1")" "$(nn "$1")"; }
cmd_of() { local s; s=$(secret "$1"); printf '%s' "${P_CMD[$1]//@S@/$s}"; }
# the pieces whose presence is a leak
pieces() { printf 'wJalr%sX\nRfiCY%s\n' "$(nn "$1")" "$(nn "$1")"; }

T=$(mktemp -d); on_exit "rm -rf '$T'"
# the probe itself: every placement's text holds its own secret, and only it
probe_ok=1
for i in "${!P_CMD[@]}"; do
  c=$(cmd_of "$i")
  printf '%s' "$c" | grep -qF -f <(pieces "$i") || probe_ok=0
  [[ "$c" == *'$rsiq$'* ]] && probe_ok=0
done
check "$NP placements, each holding its own secret (the probe finds it in the input)" [ "$probe_ok" -eq 1 -a "$NP" -ge 40 ]

# ---- the log ----
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
if [ -n "$LOG" ] && [ -f "$LOG" ] && [ -r "$LOG" ]; then ok "server log found: $LOG"
else not_ok "server log found (pg_current_logfile, pg_lsclusters, /proc/<postmaster>/fd/2)"; LOG=; fi

# ---- SQL channels ----
# the call of one channel with the command as the literal $rsiq$...$rsiq$
call_sql() {
  local ch=$1 lit="\$rsiq\$$2\$rsiq\$"
  case $ch in
    redact)   echo "SELECT redshift_iam.redact($lit);" ;;
    parse)    echo "SELECT redshift_iam.parse_command($lit);" ;;
    parse-do) echo "DO \$rsido\$BEGIN PERFORM redshift_iam.parse_command($lit); END\$rsido\$;" ;;
    parse-fn) echo "SELECT pg_temp.leak_parse($lit);" ;;
    check)    echo "SELECT redshift_iam.check_command('lk', $lit);" ;;
    check-do) echo "DO \$rsido\$BEGIN PERFORM redshift_iam.check_command('lk', $lit); END\$rsido\$;" ;;
    check-fn) echo "SELECT pg_temp.leak_check($lit);" ;;
    validate) echo "SELECT * FROM redshift_iam.validate_script('lk', 'SELECT 1;' || chr(10) || $lit);" ;;
    assert)   echo "SELECT redshift_iam.script_may_run('lk', 'SELECT 1;' || chr(10) || $lit);"
              echo "SELECT redshift_iam.assert_script('lk', 'SELECT 1;' || chr(10) || $lit);" ;;
    assert-do) echo "DO \$rsido\$BEGIN PERFORM redshift_iam.assert_script('lk', 'SELECT 1;' || chr(10) || $lit); END\$rsido\$;" ;;
    caught)   echo "SELECT pg_temp.leak_caught($lit);" ;;
    assumerole) echo "SELECT redshift_iam.has_assumerole_privilege(current_user, '$ROLE', $lit);"
                echo "SELECT redshift_iam.grant_assumerole('$ROLE', 'PUBLIC', ARRAY[$lit]);" ;;
    parallel) echo "SELECT redshift_iam.parse_command($lit);"
              echo "DO \$rsido\$BEGIN PERFORM redshift_iam.parse_command($lit); END\$rsido\$;" ;;
  esac
}
SQL_CHANNELS=(redact parse parse-do parse-fn check check-do check-fn validate assert assert-do caught parallel assumerole)
marker_n=0
# run_sql PASS LOG_CHECKS: one session per channel; client output in
# $T/PASS.CHANNEL, the log written meanwhile in $T/PASS.log
run_sql() {
  local pass=$1 mode=$2 ch i off=0 marker
  [ -n "$LOG" ] && off=$(stat -c %s "$LOG")
  for ch in "${SQL_CHANNELS[@]}"; do
    {
      echo '\set VERBOSITY verbose'
      echo '\set SHOW_CONTEXT always'
      [ -n "$mode" ] && echo "SET redshift_iam.log_checks = '$mode';"
      echo "SET log_min_messages = debug1;"
      echo "SET log_error_verbosity = verbose;"
      echo "SET client_min_messages = debug1;"
      # the statement is logged with warnings too, unless the extension hides it
      echo "SET log_min_error_statement = warning;"
      # parallel: every query that may run in a worker does (PostgreSQL 15
      # calls the setting force_parallel_mode, 16 debug_parallel_query)
      [ "$ch" = parallel ] && echo "SELECT set_config(name, 'on', false) FROM pg_catalog.pg_settings
 WHERE name IN ('force_parallel_mode', 'debug_parallel_query');"
      echo "CREATE FUNCTION pg_temp.leak_parse(c text) RETURNS jsonb LANGUAGE plpgsql AS \$f\$
DECLARE r jsonb; BEGIN EXECUTE format('SELECT redshift_iam.parse_command(%L)', c) INTO r; RETURN r; END \$f\$;"
      echo "CREATE FUNCTION pg_temp.leak_check(c text) RETURNS jsonb LANGUAGE plpgsql AS \$f\$
DECLARE r jsonb; BEGIN EXECUTE format('SELECT redshift_iam.check_command(%L, %L)', 'lk', c) INTO r; RETURN r; END \$f\$;"
      # every diagnostics field of an error caught in PL/pgSQL, as a NOTICE
      echo "CREATE FUNCTION pg_temp.leak_caught(c text) RETURNS text LANGUAGE plpgsql AS \$f\$
DECLARE m text; d text; h text; x text; acc text := '';
BEGIN
  BEGIN PERFORM redshift_iam.parse_command(c);
  EXCEPTION WHEN OTHERS THEN
    GET STACKED DIAGNOSTICS m = MESSAGE_TEXT, d = PG_EXCEPTION_DETAIL, h = PG_EXCEPTION_HINT, x = PG_EXCEPTION_CONTEXT;
    acc := acc || format('parse: %s | %s | %s | %s', m, d, h, x);
  END;
  BEGIN PERFORM redshift_iam.check_command('lk', c);
  EXCEPTION WHEN OTHERS THEN
    GET STACKED DIAGNOSTICS m = MESSAGE_TEXT, d = PG_EXCEPTION_DETAIL, h = PG_EXCEPTION_HINT, x = PG_EXCEPTION_CONTEXT;
    acc := acc || format(' check: %s | %s | %s | %s', m, d, h, x);
  END;
  RETURN acc;
END \$f\$;"
      for i in "${!P_CMD[@]}"; do call_sql "$ch" "$(cmd_of "$i")"; done
    } > "$T/$pass.$ch.sql"
    psql -X -A -t -d "$DB" -f "$T/$pass.$ch.sql" > "$T/$pass.$ch" 2>&1
  done
  [ -n "$LOG" ] || return 1
  marker_n=$((marker_n + 1)); marker="rsi-leaks-marker-$$-$marker_n"
  psql -X -q -d "$DB" -c "DO \$\$ BEGIN RAISE LOG '$marker'; END \$\$" >/dev/null 2>&1
  for i in $(seq 1 100); do
    tail -c +$((off + 1)) "$LOG" | grep -q "$marker" && break
    sleep 0.1
  done
  tail -c +$((off + 1)) "$LOG" > "$T/$pass.log"
  grep -q "$marker" "$T/$pass.log"
}
run_sql all all;   log_all_ok=$?
run_sql denied ''; log_denied_ok=$?
check "the log of the log_checks = all pass was read" [ "$log_all_ok" -eq 0 ]
check "the log of the default (denied) pass was read" [ "$log_denied_ok" -eq 0 ]
# the channels produced what they should: results, errors with fields, log lines
check "redact returned one row per placement" [ "$(grep -c . "$T/all.redact")" -ge "$NP" ]
check "parse_command raised errors with a QUERY/LINE (internal query)" grep -q '^QUERY:\|^LINE [0-9]*:' "$T/all.parse"
check "check_command warned about keys (WARNING)" grep -q 'WARNING:' "$T/all.check"
check "validate_script returned two rows or more per placement" [ "$(grep -c '^[0-9]*|[0-9]*|[0-9]*|' "$T/all.validate")" -ge $((2 * NP)) ]
check "assert_script raised refusals with their counts, also in a DO block" \
  eval 'grep -q "of 2 statements would be refused" "$T/all.assert" && grep -q "of 2 statements would be refused" "$T/all.assert-do"'
check "has_assumerole_privilege refused command text as a command type" grep -q 'invalid command type' "$T/all.assumerole"
check "PL/pgSQL callers got the errors (DO block, function, caught)" \
  eval 'grep -q "ERROR:" "$T/all.parse-do" && grep -q "ERROR:" "$T/all.check-fn" && grep -q "parse: syntax error" "$T/all.caught"'
check "the log holds check lines (log_checks = all)" grep -q 'redshift_iam check:' "$T/all.log"
check "the log holds check lines (log_checks = denied)" grep -q 'redshift_iam check: denied' "$T/denied.log"

# a secret pasted alone, or as the first word of a statement: a statement
# of another kind, whose first word the errors do not quote (redact() keeps
# a bare word: nothing marks it as a secret)
s94=$(secret 94); s95=$(secret 95)
psql -X -d "$DB" > "$T/bare.out" 2>&1 <<SQL
\set VERBOSITY verbose
\set SHOW_CONTEXT always
SELECT redshift_iam.parse_command(\$rsiq\$$s94\$rsiq\$);
SELECT redshift_iam.check_command('lk', \$rsiq\$$s94\$rsiq\$);
SELECT redshift_iam.parse_command(\$rsiq\$$s95 FROM t\$rsiq\$);
SELECT redshift_iam.check_command('lk', \$rsiq\$$s95 FROM t\$rsiq\$);
SQL
check "a pasted secret is refused as a statement of another kind" grep -q 'found a statement of another kind' "$T/bare.out"
for k in 94 95; do
  hit=$(grep -F -f <(pieces $k) "$T/bare.out" | head -3)
  if [ -z "$hit" ]; then ok "placement $k (a secret as the first word): parse_command and check_command errors"
  else not_ok "placement $k (a secret as the first word): the errors quote it"; printf '%s\n' "$hit" | cut -c1-300 | diag; fi
done

# PostgreSQL's own ERROR while validate_script runs (a lock timeout: another
# session holds the catalog table validate_script reads), logged without
# the statement either
if [ -n "$LOG" ]; then
  off=$(stat -c %s "$LOG"); s93=$(secret 93)
  psql -X -q -d "$DB" -c "BEGIN" \
    -c "LOCK TABLE redshift_iam.catalog_clusters IN ACCESS EXCLUSIVE MODE" \
    -c "SELECT pg_sleep(5)" -c "COMMIT" >/dev/null 2>&1 &
  locker=$!
  for i in $(seq 1 50); do
    [ "$(sql "$DB" -c "SELECT count(*) FROM pg_locks WHERE relation = 'redshift_iam.catalog_clusters'::regclass AND mode = 'AccessExclusiveLock' AND granted")" = 1 ] && break
    sleep 0.1
  done
  psql -X -q -d "$DB" > "$T/cancel.out" 2>&1 <<SQL
SET lock_timeout = '300ms';
SELECT count(*) FROM redshift_iam.validate_script('lk',
  \$rsiq\$COPY t FROM 's3://b' ACCESS_KEY_ID '$AK' SECRET_ACCESS_KEY '$s93'\$rsiq\$);
DO \$\$ BEGIN RAISE LOG 'rsi-leaks-cancel-$$'; END \$\$;
SQL
  kill "$locker" 2>/dev/null; wait "$locker" 2>/dev/null
  sql "$DB" -c "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND query = 'SELECT pg_sleep(5)'" >/dev/null
  for i in $(seq 1 100); do
    tail -c +$((off + 1)) "$LOG" | grep -q "rsi-leaks-cancel-$$" && break
    sleep 0.1
  done
  tail -c +$((off + 1)) "$LOG" > "$T/cancel.log"
  if grep -q 'canceling statement due to lock timeout' "$T/cancel.log"; then
    hit=$(cat "$T/cancel.out" "$T/cancel.log" | grep -F -f <(pieces 93) | head -3)
    if [ -z "$hit" ]; then ok "placement 93 (a lock timeout inside validate_script): no STATEMENT in the log"
    else not_ok "placement 93 (a lock timeout inside validate_script): the log holds the statement"; printf '%s\n' "$hit" | cut -c1-300 | diag; fi
  else
    not_ok "placement 93: validate_script waited for the lock and timed out"; head -5 "$T/cancel.out" | diag
  fi
fi

# ---- CLI channels ----
make -s redshift-iam-check >/dev/null 2>&1
BIN=$(pwd)/redshift-iam-check
mkdir -p "$T/cli"
for i in "${!P_CMD[@]}"; do
  printf 'SELECT 1;\n%s\n' "$(cmd_of "$i")" > "$T/cli/p$(nn "$i").sql"
done
CLI_CHANNELS=(cli-text cli-json cli-junit cli-github)
if [ -x "$BIN" ]; then
  ok "redshift-iam-check builds"
  for ch in "${CLI_CHANNELS[@]}"; do
    fmt=${ch#cli-}
    "$BIN" --db-user etl --clusters test/cli/fixtures/clusters.json --cluster my-redshift-cluster \
      --caret always -f "$fmt" "$T"/cli/p*.sql > "$T/cli.$ch" 2>&1
    # and each file on its own (one segment per file read from stdin)
    for f in "$T"/cli/p*.sql; do
      "$BIN" --db-user etl --clusters test/cli/fixtures/clusters.json --cluster my-redshift-cluster \
        --caret always -f "$fmt" - < "$f" >> "$T/cli.$ch" 2>&1
    done
  done
  check "the CLI printed findings with a caret" grep -q '^ *| *^' "$T/cli.cli-text"
  check "the CLI printed json findings with a command member" grep -q '"command":"' "$T/cli.cli-json"
  check "the CLI printed junit failures and github annotations" \
    eval 'grep -q "<failure " "$T/cli.cli-junit" && grep -q "^::error " "$T/cli.cli-github"'
else
  not_ok "redshift-iam-check builds"
fi

# ---- the CLI and bad bytes: the finding is the byte, the text is not shown ----
# (PostgreSQL itself rejects such text before the extension sees it)
B_NAME=("bad byte in a statement of another kind" "bad byte in a COPY with keys" "bad byte in a comment holding a secret")
B_TEXT=("CREATE USER u PASSWORD '@S@' \xff;"
        "COPY t FROM 's3://b/x' ACCESS_KEY_ID '$AK' SECRET_ACCESS_KEY '@S@' \xff;"
        "-- SECRET_ACCESS_KEY '@S@' \xff")
mkdir -p "$T/clib"
for j in "${!B_TEXT[@]}"; do
  k=$((90 + j)); s=$(secret "$k")
  printf "SELECT 1;\n${B_TEXT[$j]//@S@/$s}\nSELECT 2;\n" > "$T/clib/b$k.sql"
done
if [ -x "$BIN" ]; then
  for ch in "${CLI_CHANNELS[@]}"; do
    "$BIN" --db-user etl --clusters test/cli/fixtures/clusters.json --cluster my-redshift-cluster \
      --caret always -f "${ch#cli-}" "$T"/clib/b*.sql > "$T/clib.$ch" 2>&1
  done
  check "the CLI reported the bad bytes" grep -q 'invalid-utf8' "$T/clib.cli-text"
  for j in "${!B_TEXT[@]}"; do
    for ch in "${CLI_CHANNELS[@]}"; do
      hit=$(grep -F -f <(pieces $((90 + j))) "$T/clib.$ch" | head -3)
      if [ -z "$hit" ]; then ok "placement $((90 + j)) (${B_NAME[$j]}): $ch"
      else not_ok "placement $((90 + j)) (${B_NAME[$j]}): $ch leaks the secret"; printf '%s\n' "$hit" | cut -c1-300 | diag; fi
    done
  done
fi

# ---- the matrix ----
# output file of a channel
out_of() {
  case $1 in
    log-all)    echo "$T/all.log" ;;
    log-denied) echo "$T/denied.log" ;;
    cli-*)      echo "$T/cli.$1" ;;
    *)          echo "$T/all.$1 $T/denied.$1" ;;
  esac
}
CHANNELS=("${SQL_CHANNELS[@]}" log-all log-denied "${CLI_CHANNELS[@]}")
# a channel that printed nothing (a session that could not connect, a CLI
# that did not run) would pass every cell: each must have printed a line or
# more per placement
short=
for ch in "${CHANNELS[@]}"; do
  # shellcheck disable=SC2046
  [ "$(cat $(out_of "$ch") 2>/dev/null | wc -l)" -ge "$NP" ] || short+=" $ch"
done
check "every channel printed a line or more per placement${short:+ (too little:$short)}" [ -z "$short" ]
cells=0; leaks=0
for i in "${!P_CMD[@]}"; do
  for ch in "${CHANNELS[@]}"; do
    cells=$((cells + 1))
    # shellcheck disable=SC2046
    hit=$(cat $(out_of "$ch") 2>/dev/null | grep -F -f <(pieces "$i") | head -3)
    if [ -z "$hit" ]; then
      ok "placement $(nn "$i") ($(printf '%s' "${P_NAME[$i]}")): $ch"
    else
      leaks=$((leaks + 1))
      not_ok "placement $(nn "$i") (${P_NAME[$i]}): $ch leaks the secret"
      printf '%s\n' "$hit" | cut -c1-300 | diag
      # who is at fault: the redactor (redact() keeps the secret too, and the
      # channel shows redacted text) or the channel itself
      if [ "$ch" != redact ] && grep -qF -f <(pieces "$i") "$T/all.redact"; then
        echo "#   -> a miss of the core redactor (src/core/check/redact.c): redact() keeps this secret"
      fi
    fi
  done
done
echo "# $cells cells, $leaks leak"
finish
