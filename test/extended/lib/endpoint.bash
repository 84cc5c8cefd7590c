# endpoint.bash — shared by the redshift-iam-endpoint suites (sourced after
# common.bash): build the program, create the endpoint's connection role,
# start and stop the endpoint on a free port, make access keys.
#
#   ep_build                   make redshift-iam-endpoint; sets EP_BIN
#   ep_setup_role DB           role rsi_endpoint with the grants docs/endpoint.md lists
#   ep_start DB [options...]   start it (as rsi_endpoint); sets EP_PID, EP_PORT, EP_URL, EP_LOG;
#                              EP_WRAP runs it under a tool (EP_WRAP="valgrind --error-exitcode=3 --leak-check=full")
#   ep_stop                    SIGTERM, wait
#   ep_key DB USER_ARN         prints "KEY SECRET" of a new access key

ep_build() {
  make -s redshift-iam-endpoint >/dev/null 2>&1
  EP_BIN=$(pwd)/redshift-iam-endpoint
  [ -x "$EP_BIN" ]
}

ep_setup_role() {
  local db=$1
  sql "$db" -o /dev/null <<'SQL'
DO $$ BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'rsi_endpoint') THEN CREATE ROLE rsi_endpoint; END IF;
END $$;
GRANT USAGE ON SCHEMA redshift_iam TO rsi_endpoint;
GRANT SELECT ON redshift_iam.catalog_access_keys TO rsi_endpoint;
GRANT SET ON PARAMETER redshift_iam.caller_access_key TO rsi_endpoint;
GRANT EXECUTE ON FUNCTION redshift_iam.create_cluster(text, text, integer, text[], text, text),
                          redshift_iam.modify_cluster_iam_roles(text, text[], text[], text),
                          redshift_iam.describe_clusters(text, integer, text),
                          redshift_iam.delete_cluster(text, boolean, text) TO rsi_endpoint;
SQL
}

ep_free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

ep_start() {
  local db=$1; shift
  EP_PORT=$(ep_free_port)
  EP_URL=http://127.0.0.1:$EP_PORT
  EP_LOG=$(mktemp /tmp/rsi_endpoint_log.XXXXXX)
  # the session user is the PG* superuser; every privilege check runs as rsi_endpoint
  ${EP_WRAP:-} "$EP_BIN" --listen "127.0.0.1:$EP_PORT" --dbname "dbname=$db options='-c role=rsi_endpoint'" "$@" \
    > "$EP_LOG" 2>&1 &
  EP_PID=$!
  on_exit "kill $EP_PID; rm -f $EP_LOG"
  local i
  for i in $(seq 300); do
    grep -q '^redshift-iam-endpoint: listening' "$EP_LOG" && return 0
    kill -0 "$EP_PID" 2>/dev/null || break
    sleep 0.1
  done
  cat "$EP_LOG" | diag
  return 1
}

ep_stop() {
  kill -TERM "$EP_PID" 2>/dev/null
  wait "$EP_PID"
}

ep_key() {
  sql "$1" -F' ' -c "SELECT access_key_id, secret_access_key FROM redshift_iam.create_access_key('$2')"
}
