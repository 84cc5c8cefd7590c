# common.bash — shared by the test/extended/*.sh safety tests (sourced, not
# run: scripts/test.sh runs only test/extended/*.sh).  TAP output, a fresh
# database per script, and psql helpers that report SQLSTATEs.
#
# The scripts run inside pg_virtualenv (PG* variables name a superuser
# connection), from the repository root, with the extension installed on
# disk but not created.

n=0; failed=0
ok()     { n=$((n + 1)); echo "ok $n - $*"; }
not_ok() { n=$((n + 1)); failed=$((failed + 1)); echo "not ok $n - $*"; }
diag()   { sed 's/^/# /'; }
finish() { echo "1..$n"; [ "$failed" -eq 0 ]; exit $?; }
# check DESCRIPTION COMMAND...: ok when the command succeeds
check()  { local d=$1; shift; if "$@"; then ok "$d"; else not_ok "$d"; fi; }

# a fresh database, dropped on exit: fresh_db NAME_PREFIX -> sets $DB
_cleanup_dbs=()
_cleanup_cmds=()
_run_cleanup() {
  local c d
  for d in "${_cleanup_dbs[@]}"; do dropdb --if-exists "$d" >/dev/null 2>&1; done
  for c in "${_cleanup_cmds[@]}"; do eval "$c" >/dev/null 2>&1; done
}
trap _run_cleanup EXIT
on_exit() { _cleanup_cmds+=("$1"); }
fresh_db() {
  DB=${1}_$$
  dropdb --if-exists "$DB" >/dev/null 2>&1
  createdb "$DB" || { not_ok "createdb $DB"; finish; }
  _cleanup_dbs+=("$DB")
}

# sql DB SQL...: run as the PG* superuser, unaligned tuples only, stop on error
sql() { local db=$1; shift; psql -X -q -A -t -v ON_ERROR_STOP=1 -d "$db" "$@"; }

# sqlstate_of DB USER SQL: run SQL as USER (SET ROLE), print the SQLSTATE of
# the error it raises, or "ok" when it succeeds
sqlstate_of() {
  local db=$1 user=$2 q=$3 out
  out=$(psql -X -q -A -t -v ON_ERROR_STOP=1 -v VERBOSITY=verbose -d "$db" \
          -c "SET ROLE $user" -c "$q" 2>&1 >/dev/null)
  if [ -z "$out" ]; then echo ok; return; fi
  printf '%s\n' "$out" | sed -nE 's/^(psql:[^ ]* )?ERROR: +([0-9A-Z]{5}):.*/\2/p' | head -1
}

# refuses DESCRIPTION DB USER SQLSTATE SQL: SQL as USER fails with SQLSTATE
refuses() {
  local d=$1 db=$2 user=$3 want=$4 q=$5 got
  got=$(sqlstate_of "$db" "$user" "$q")
  if [ "$got" = "$want" ]; then ok "$d"; else not_ok "$d (got ${got:-nothing}, want $want)"; echo "# $q" ; fi
}

# is DESCRIPTION GOT WANT
is() {
  if [ "$2" = "$3" ]; then ok "$1"; else
    not_ok "$1"; printf 'got:\n%s\nwant:\n%s\n' "$2" "$3" | diag; fi
}

# has_fn DB NAME: the extension has a function of that name
has_fn() {
  [ "$(sql "$1" -c "SELECT count(*) FROM pg_proc WHERE proname = '$2' AND pronamespace = 'redshift_iam'::regnamespace")" -gt 0 ]
}

# the catalog as one text: every table of schema redshift_iam, sorted rows
catalog_snapshot() {
  sql "$1" <<'SQL'
DO $$
DECLARE t regclass; r text; acc text := '';
BEGIN
  -- catalog_iam_version is not content but a stamp for the checks' caches,
  -- raised by every statement that writes an IAM table (a restore's too)
  FOR t IN SELECT c.oid FROM pg_class c
            WHERE c.relnamespace = 'redshift_iam'::regnamespace AND c.relkind IN ('r', 'p')
              AND c.relname <> 'catalog_iam_version'
            ORDER BY c.relname LOOP
    EXECUTE format('SELECT coalesce(string_agg(x::text, E''\n'' ORDER BY x::text), '''') FROM %s x', t) INTO r;
    acc := acc || '== ' || t::text || E'\n' || r || E'\n';
  END LOOP;
  PERFORM set_config('rsi.snap', acc, false);
END $$;
SELECT current_setting('rsi.snap');
SQL
}

# Batched probes: many statements as one user in ONE session (a connection
# costs ~0.2 s here).  probe_add DESCRIPTION WANT SQL queues a check (WANT is
# a SQLSTATE, "ok", or an extended regex such as "42501|0A000");
# probe_run DB USER [quiet] runs the queue and prints TAP (nothing if quiet).  Each statement runs in
# its own subtransaction, so a failing one undoes its own effects only.
_probe_desc=(); _probe_want=(); _probe_sql=()
probe_add() { _probe_desc+=("$1"); _probe_want+=("$2"); _probe_sql+=("$3"); }
probe_run() {
  local db=$1 user=$2 quiet=${3:-} i got out
  out=$( {
    echo "CREATE FUNCTION pg_temp.rsi_probe(q text) RETURNS text LANGUAGE plpgsql AS \$f\$"
    echo "BEGIN EXECUTE q; RETURN 'ok'; EXCEPTION WHEN OTHERS THEN RETURN SQLSTATE; END \$f\$;"
    echo "SET ROLE $user;"
    for i in "${!_probe_sql[@]}"; do
      printf 'SELECT pg_temp.rsi_probe($rsi_probe$%s$rsi_probe$);\n' "${_probe_sql[$i]}"
    done
  } | psql -X -q -A -t -d "$db" 2>&1)
  mapfile -t got <<< "$out"
  if [ -n "$quiet" ]; then _probe_desc=(); _probe_want=(); _probe_sql=(); return; fi
  for i in "${!_probe_sql[@]}"; do
    if [[ "${got[$i]:-}" =~ ^(${_probe_want[$i]})$ ]]; then
      if [[ "${_probe_want[$i]}" == *"|"* ]]; then ok "${_probe_desc[$i]} (${got[$i]})"; else ok "${_probe_desc[$i]}"; fi
    else
      not_ok "${_probe_desc[$i]} (got ${got[$i]:-nothing}, want ${_probe_want[$i]})"
      echo "# ${_probe_sql[$i]}"
    fi
  done
  _probe_desc=(); _probe_want=(); _probe_sql=()
}
