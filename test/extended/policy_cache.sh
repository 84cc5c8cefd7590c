#!/usr/bin/env bash
# policy_cache.sh — a backend's cache of compiled policies follows the
# catalog across a reinstall of the extension and a reset of the
# generation sequence.  One psql session stays open (a coprocess, as a
# pooled connection would) while another session reinstalls the extension
# or restarts redshift_iam.policy_generation and puts a Deny policy where
# an Allow policy was; the long-lived session must see the Deny at once,
# both in simulate_principal_policy and in the enforcement of _authorize.
set -uo pipefail
cd "$(dirname "$0")/../.."
. test/extended/lib/common.bash

fresh_db rsi_pcache
ARN='arn:aws:iam::123456789012:user/pooled'
ALLOW='{"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": "redshift:*", "Resource": "*"}}'
DENY='{"Version": "2012-10-17", "Statement": {"Effect": "Deny", "Action": "redshift:*", "Resource": "*"}}'

sql "$DB" -o /dev/null <<SQL || { not_ok "set up"; finish; }
SET client_min_messages = warning;
DROP ROLE IF EXISTS rsi_pooled;
CREATE ROLE rsi_pooled;
GRANT USAGE ON SCHEMA public TO rsi_pooled;
SQL
on_exit "psql -X -q -d postgres -c 'DROP ROLE IF EXISTS rsi_pooled'"

install() {
  sql "$DB" -o /dev/null -c "SET client_min_messages = warning" \
    -c "DROP EXTENSION IF EXISTS redshift_iam CASCADE" -c "CREATE EXTENSION redshift_iam" \
    -c "GRANT USAGE ON SCHEMA redshift_iam TO rsi_pooled" \
    -c "GRANT EXECUTE ON FUNCTION redshift_iam.describe_clusters(text, integer, text) TO rsi_pooled" \
    -c "SELECT redshift_iam.map_principal('rsi_pooled', '$ARN')"
}
put() {   # put POLICY_NAME DOCUMENT
  sql "$DB" -o /dev/null -c "SELECT redshift_iam.put_principal_policy('$ARN', '$1', '$2')"
}

# the long-lived session: one query in, its output up to a marker out
coproc POOLED { psql -X -q -A -t -v VERBOSITY=terse -d "$DB" 2>&1; }
on_exit "kill $POOLED_PID"
ask() {
  local line out=""
  printf '%s\n\\echo __end__\n' "$1" >&"${POOLED[1]}"
  while IFS= read -r -t 30 line <&"${POOLED[0]}"; do
    [ "$line" = "__end__" ] && break
    out+="${out:+$'\n'}$line"
  done
  printf '%s' "$out"
}
decision() {
  ask "SELECT eval_decision FROM redshift_iam.simulate_principal_policy('$ARN', ARRAY['redshift:DescribeClusters']);"
}
authorized() {   # what describe_clusters (through _authorize) says to the mapped role: ok or the SQLSTATE
  local out
  out=$(ask "SET redshift_iam.enforce_iam_policies = on;
SET ROLE rsi_pooled;
\\set VERBOSITY verbose
SELECT 'ok' FROM redshift_iam.describe_clusters();
\\set VERBOSITY terse
RESET ROLE;")
  printf '%s\n' "$out" | sed -nE 's/^ERROR: +([0-9A-Z]{5}).*/\1/p; s/^ok$/ok/p' | head -1
}

install || { not_ok "install"; finish; }
put allow "$ALLOW"
ask "SET client_min_messages = warning;" >/dev/null
is "the pooled session sees the Allow policy" "$(decision)" "allowed"
is "the pooled session's role is authorized" "$(authorized)" "ok"

# reinstall: the generations start again at 1
install || not_ok "reinstall"
put deny "$DENY"
is "a Deny put at the same generation after a reinstall is seen (simulator)" "$(decision)" "explicitDeny"
is "a Deny put at the same generation after a reinstall is enforced" "$(authorized)" "42501"

# the same install, the sequence restarted by hand
install || not_ok "install again"
put allow "$ALLOW"
is "Allow again" "$(decision)" "allowed"
sql "$DB" -o /dev/null -c "DELETE FROM redshift_iam.catalog_principal_policies" \
  -c "ALTER SEQUENCE redshift_iam.policy_generation RESTART" || not_ok "restart the sequence"
put deny "$DENY"
is "a Deny put after ALTER SEQUENCE ... RESTART is seen (simulator)" "$(decision)" "explicitDeny"
is "a Deny put after ALTER SEQUENCE ... RESTART is enforced" "$(authorized)" "42501"

install || not_ok "install once more"
put allow "$ALLOW"
is "Allow once more" "$(decision)" "allowed"
sql "$DB" -o /dev/null -c "DELETE FROM redshift_iam.catalog_principal_policies" \
  -c "SELECT setval('redshift_iam.policy_generation', 1, false)" || not_ok "setval"
put deny "$DENY"
is "a Deny put after setval is seen (simulator)" "$(decision)" "explicitDeny"

# the session may be gone already: a write to it must not kill this script
trap '' PIPE
{ printf '\\q\n' >&"${POOLED[1]}"; } 2>/dev/null || true
finish
