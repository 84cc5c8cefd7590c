#!/usr/bin/env bash
# encoding.sh — the extension is installed only in UTF8 databases: its C code
# counts columns in characters and cuts excerpts on UTF-8 boundaries, so in
# another encoding it would print wrong positions or invalid text.
set -uo pipefail
cd "$(dirname "$0")/../.."
. test/extended/lib/common.bash

DB=rsi_latin1_$$
dropdb --if-exists "$DB" >/dev/null 2>&1
if createdb -E LATIN1 -T template0 --locale=C "$DB"; then
  _cleanup_dbs+=("$DB")
  ok "a LATIN1 database"
  out=$(psql -X -q -d "$DB" -v VERBOSITY=verbose -c "CREATE EXTENSION redshift_iam" 2>&1)
  case $out in
    *"ERROR:  0A000: extension \"redshift_iam\" requires a database with encoding UTF8, not LATIN1"*)
      ok "CREATE EXTENSION in a LATIN1 database: 0A000 naming the encoding" ;;
    *) not_ok "CREATE EXTENSION in a LATIN1 database: 0A000 naming the encoding"; printf '%s\n' "$out" | diag ;;
  esac
  case $out in
    *"HINT:  Create a UTF8 database"*) ok "... with a HINT saying what to do" ;;
    *) not_ok "... with a HINT saying what to do"; printf '%s\n' "$out" | diag ;;
  esac
  n_schema=$(sql "$DB" -c "SELECT count(*) FROM pg_namespace WHERE nspname IN ('redshift_iam', 'redshift_iam_internal')")
  is "... and nothing is left behind" "$n_schema" "0"
else
  not_ok "createdb -E LATIN1"
fi

fresh_db rsi_utf8
sql "$DB" -c "CREATE EXTENSION redshift_iam" && ok "CREATE EXTENSION in a UTF8 database" \
  || not_ok "CREATE EXTENSION in a UTF8 database"
finish
