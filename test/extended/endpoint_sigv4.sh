#!/usr/bin/env bash
# endpoint_sigv4.sh — redshift-iam-endpoint with boto3 and raw HTTP, as TAP:
# boto3's create/describe/modify/delete with unmodelled parameters; SigV4
# failures (wrong secret, unknown and inactive keys, another region, no or
# malformed Authorization, an expired signature, a body changed after
# signing); malformed requests (form encoding, UTF-8, duplicates, unknown
# action or parameter, missing Action or Version, Content-Type, method, body
# size, header count, parameter count) answered with AWS-shaped errors; a
# slow client timed out while others are served; the endpoint still alive
# after all of it, and no password or secret in its log.
set -uo pipefail
cd "$(dirname "$0")/../.."
. test/extended/lib/common.bash
. test/extended/lib/endpoint.bash

if ! python3 -c 'import boto3' 2>/dev/null; then not_ok "python3 has boto3"; finish; fi
if ! ep_build; then not_ok "redshift-iam-endpoint builds"; finish; fi
ok "redshift-iam-endpoint builds"

fresh_db rsi_endpoint_sigv4
SU=$(sql "$DB" -c "SELECT current_user")
sql "$DB" -c "CREATE EXTENSION redshift_iam" || { not_ok "CREATE EXTENSION"; finish; }
sql "$DB" -o /dev/null -c "ALTER DATABASE $DB SET redshift_iam.account_id = '123456789012'" \
  -c "ALTER DATABASE $DB SET redshift_iam.apply_delay = 0"
ep_setup_role "$DB" || not_ok "the endpoint's role"
ADMIN=arn:aws:iam::123456789012:user/admin
sql "$DB" -o /dev/null -c "SELECT redshift_iam.put_principal_policy('$ADMIN', 'all',
  '{\"Version\": \"2012-10-17\", \"Statement\": [{\"Effect\": \"Allow\", \"Action\": \"*\", \"Resource\": \"*\"}]}')"
read -r KEY SECRET < <(ep_key "$DB" "$ADMIN")
read -r OFF_KEY OFF_SECRET < <(ep_key "$DB" "$ADMIN")
sql "$DB" -o /dev/null -c "SELECT redshift_iam.update_access_key('$OFF_KEY', 'Inactive')"
is "list_access_keys shows both keys, no secret" \
   "$(sql "$DB" -c "SELECT string_agg(status, ',' ORDER BY status) FROM redshift_iam.list_access_keys('$ADMIN')")" "Active,Inactive"
refuses "a third key for one user: LimitExceeded (54000)" "$DB" "$SU" 54000 \
  "SELECT redshift_iam.create_access_key('$ADMIN')"
refuses "keys belong to users, not roles (22023)" "$DB" "$SU" 22023 \
  "SELECT redshift_iam.create_access_key('arn:aws:iam::123456789012:role/R')"

if ! ep_start "$DB" --timeout 2; then not_ok "the endpoint starts"; finish; fi
ok "the endpoint starts on 127.0.0.1:$EP_PORT"

PASSWORD="Sig4Test$(head -c 64 /dev/urandom | base64 -w0 | tr -dc 'A-Za-z0-9' | head -c 16)"
while IFS= read -r line; do
  case "$line" in
    "PASS "*) ok "${line#PASS }" ;;
    "FAIL "*) not_ok "${line#FAIL }" ;;
    *) echo "# $line" ;;
  esac
done < <(python3 test/extended/lib/endpoint_probe.py "$EP_URL" "$KEY" "$SECRET" "$OFF_KEY" "$OFF_SECRET" "$PASSWORD" 2>&1)

kill -0 "$EP_PID" 2>/dev/null && ok "the endpoint is still running after every probe" \
  || { not_ok "the endpoint is still running after every probe"; tail -20 "$EP_LOG" | diag; }
leak=""
for s in "$PASSWORD" "${PASSWORD,,}" "$SECRET" "$OFF_SECRET"; do grep -qF "$s" "$EP_LOG" && leak=1; done
if [ -z "$leak" ]; then ok "no password (valid or refused) or secret in the endpoint's log"
else not_ok "a password or secret is in the endpoint's log"; fi
if catalog_snapshot "$DB" | grep -qF "$PASSWORD"; then not_ok "the master password is in a table"; else ok "the master password is in no table"; fi
ep_stop; is "SIGTERM: exit 0" "$?" "0"
finish
