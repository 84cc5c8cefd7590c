#!/usr/bin/env bash
# simulator_limits.sh — the open policy simulator (simulate_custom_policy is
# executable by PUBLIC) stays within bounds on hostile input:
#   * a Resource made of 16,000 policy variables, each replaced by a long
#     context value, is refused at once with 54000 LimitExceeded naming the
#     element, and the backend's memory stays small;
#   * context values, keys, action names and resource ARNs past their
#     bounds are refused with 54000;
#   * a long simulation (many actions and resources, or one request over
#     many statements and context values) is cancelled by
#     statement_timeout (57014) promptly.
set -uo pipefail
cd "$(dirname "$0")/../.."
. test/extended/lib/common.bash

fresh_db rsi_simlim
sql "$DB" -c "CREATE EXTENSION redshift_iam" >/dev/null || { not_ok "CREATE EXTENSION"; finish; }
sql "$DB" -o /dev/null <<'SQL' || { not_ok "set up"; finish; }
SET client_min_messages = warning;
DROP ROLE IF EXISTS rsi_stranger;
CREATE ROLE rsi_stranger;
GRANT USAGE ON SCHEMA redshift_iam TO rsi_stranger;
SQL
on_exit "psql -X -q -d postgres -c 'DROP ROLE IF EXISTS rsi_stranger'"

# state_and_time SQL: "SQLSTATE SECONDS" (ok when it succeeds), as rsi_stranger
state_and_time() {
  local t0 t1 st
  t0=$(date +%s.%N)
  st=$(sqlstate_of "$DB" rsi_stranger "$1")
  t1=$(date +%s.%N)
  echo "$st $(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", b - a }')"
}
quick() { awk -v t="$1" -v max="$2" 'BEGIN { exit !(t < max) }'; }

# ---- 1. variable expansion ----
HOSTILE="SELECT count(*) FROM redshift_iam.simulate_custom_policy(
  ARRAY[jsonb_build_object('Version', '2012-10-17', 'Statement', jsonb_build_object(
    'Effect', 'Allow', 'Action', 's3:GetObject',
    'Resource', 'arn:aws:s3:::' || repeat('\${aws:x}', 16000)))],
  ARRAY['s3:GetObject'], ARRAY['arn:aws:s3:::b/k'],
  jsonb_build_object('aws:x', repeat('x', VALUE_LEN)))"
read -r st secs <<< "$(state_and_time "${HOSTILE/VALUE_LEN/1000}")"
is "16,000 variables of 1,000 characters each: 54000" "$st" "54000"
quick "$secs" 5 && ok "... refused quickly (${secs} s)" || not_ok "... refused quickly (${secs} s)"

msg=$(psql -X -q -A -t -d "$DB" -c "SET ROLE rsi_stranger" -c "${HOSTILE/VALUE_LEN/100000}" 2>&1 >/dev/null | head -1)
case "$msg" in
  *LimitExceeded*"PolicyInputList.1: Statement[0].Resource[0]: the policy variables expand to more than 131072 characters"*)
    ok "the error names the policy and the element" ;;
  *) not_ok "the error names the policy and the element"; echo "$msg" | cut -c1-300 | diag ;;
esac

# the backend's peak memory (VmHWM, kB) after two hostile calls, read by the
# backend itself (the server runs on this machine)
kb=$(psql -X -q -A -t -d "$DB" 2>/dev/null <<SQL | sed -nE 's/^VmHWM:[[:space:]]+([0-9]+) kB/\1/p'
\o /dev/null
SET ROLE rsi_stranger;
${HOSTILE/VALUE_LEN/100000};
${HOSTILE/VALUE_LEN/100000};
RESET ROLE;
\o
SELECT pg_read_file('/proc/self/status');
SQL
)
if [ -n "${kb:-}" ]; then
  [ "$kb" -lt 200000 ] && ok "peak backend memory stays small (${kb} kB)" \
    || not_ok "peak backend memory stays small (${kb} kB)"
else
  ok "# SKIP cannot read the backend's /proc status"
fi

# ---- 2. bounds on the inputs ----
P="ARRAY['{\"Version\": \"2012-10-17\", \"Statement\": {\"Effect\": \"Allow\", \"Action\": \"*\", \"Resource\": \"*\"}}'::jsonb]"
probe_add "a context value of 131,073 characters: 54000" 54000 \
  "SELECT count(*) FROM redshift_iam.simulate_custom_policy($P, ARRAY['s3:GetObject'], '{*}', jsonb_build_object('aws:x', repeat('x', 131073)))"
probe_add "a context value of 131,072 characters is taken" ok \
  "SELECT count(*) FROM redshift_iam.simulate_custom_policy($P, ARRAY['s3:GetObject'], '{*}', jsonb_build_object('aws:x', repeat('é', 131072)))"
probe_add "one of a list of context values too long: 54000" 54000 \
  "SELECT count(*) FROM redshift_iam.simulate_custom_policy($P, ARRAY['s3:GetObject'], '{*}', jsonb_build_object('aws:x', jsonb_build_array('a', repeat('x', 200000))))"
probe_add "a context key of 257 characters: 54000" 54000 \
  "SELECT count(*) FROM redshift_iam.simulate_custom_policy($P, ARRAY['s3:GetObject'], '{*}', jsonb_build_object(repeat('k', 257), 'v'))"
probe_add "an action name of 129 characters: 54000" 54000 \
  "SELECT count(*) FROM redshift_iam.simulate_custom_policy($P, ARRAY['s3:' || repeat('a', 126)])"
probe_add "an action name of 128 characters is taken" ok \
  "SELECT count(*) FROM redshift_iam.simulate_custom_policy($P, ARRAY['s3:' || repeat('a', 125)])"
probe_add "a resource ARN of 2,049 characters: 54000" 54000 \
  "SELECT count(*) FROM redshift_iam.simulate_custom_policy($P, ARRAY['s3:GetObject'], ARRAY['arn:aws:s3:::' || repeat('b', 2036)])"
probe_add "a resource ARN of 2,048 characters is taken" ok \
  "SELECT count(*) FROM redshift_iam.simulate_custom_policy($P, ARRAY['s3:GetObject'], ARRAY['arn:aws:s3:::' || repeat('b', 2035)])"
probe_run "$DB" rsi_stranger

# ---- 3. statement_timeout ----
# many requests: 3,000 actions x 300 resources over 200 statements
MANY="SET statement_timeout = '1s'; SELECT count(*) FROM redshift_iam.simulate_custom_policy(
  ARRAY[jsonb_build_object('Version', '2012-10-17', 'Statement',
    (SELECT jsonb_agg(jsonb_build_object('Effect', 'Allow', 'Action', 's3:Get*' || i,
                                         'Resource', 'arn:aws:s3:::*' || i || '*x*y*z'))
       FROM generate_series(1, 200) i))],
  (SELECT array_agg('s3:GetObject' || i) FROM generate_series(1, 3000) i),
  (SELECT array_agg('arn:aws:s3:::bucket-' || i || '/some/long/key/name') FROM generate_series(1, 300) i))"
read -r st secs <<< "$(state_and_time "$MANY")"
is "a simulation of 900,000 requests is cancelled by statement_timeout" "$st" "57014"
quick "$secs" 4 && ok "... promptly (${secs} s)" || not_ok "... promptly (${secs} s)"

# one request: 1,000 statements, each comparing 100 policy values with 20,000 context values
ONE="SET statement_timeout = '1s'; SELECT count(*) FROM redshift_iam.simulate_custom_policy(
  (SELECT array_agg(jsonb_build_object('Version', '2012-10-17', 'Statement',
    (SELECT jsonb_agg(jsonb_build_object('Effect', 'Allow', 'Action', '*', 'Resource', '*',
        'Condition', jsonb_build_object('StringLike', jsonb_build_object('aws:v',
          (SELECT jsonb_agg('*q' || j || '*z') FROM generate_series(1, 100) j)))))
       FROM generate_series(1, 50) i)))
     FROM generate_series(1, 20) p),
  ARRAY['s3:GetObject'], '{*}',
  jsonb_build_object('aws:v', (SELECT jsonb_agg('value-number-' || k) FROM generate_series(1, 20000) k)))"
read -r st secs <<< "$(state_and_time "$ONE")"
is "one long evaluation is cancelled by statement_timeout" "$st" "57014"
quick "$secs" 4 && ok "... promptly (${secs} s)" || not_ok "... promptly (${secs} s)"

finish
