#!/usr/bin/env bash
# cli_limits.sh — redshift-iam-check at its limits, as TAP: a string longer
# than the statement limit does not stop the checking; JUnit output stays
# one well-formed document when a file cannot be read; the option values
# follow the same rules as the settings they mirror; exit status 2 wins
# over 1.  Needs no server.
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

# run the checker: output in $T/out, stderr in $T/err, status in $rc
run() { "$BIN" "$@" > "$T/out" 2> "$T/err"; rc=$?; }
run1() { run --db-user etl --clusters "$FX/clusters.json" --cluster my-redshift-cluster "$@"; }
rc_is() { [ "$rc" -eq "$1" ] || { echo "#   exit status $rc, want $1"; sed 's/^/#   /' "$T/err" | head -5; return 1; }; }
out_has() { grep -qF -- "$1" "$T/out" || { echo "#   output lacks: $1"; sed 's/^/#   /' "$T/out" | head -5; return 1; }; }
out_lacks() { ! grep -qF -- "$1" "$T/out" || { echo "#   output has: $1"; return 1; }; }
err_has() { grep -qF -- "$1" "$T/err" || { echo "#   stderr lacks: $1"; sed 's/^/#   /' "$T/err" | head -5; return 1; }; }
# json findings as "rule@line:col", in order
findings() { python3 -c 'import sys, json
print(" ".join("%s@%s:%s" % (o["rule"], o["line"], o["col"]) for o in map(json.loads, sys.stdin) if o))' < "$T/out"; }

# ---- a string literal longer than the statement limit (16 MiB) ----
# 33 MiB (more than twice the limit) in 35,200 lines with '' and \' in them, closed; then a refused COPY.
python3 - "$T/big.sql" <<'PY'
import sys
line = "x" * 480 + "''" + "\\'" + "y" * 500 + "\n"          # 985 bytes
with open(sys.argv[1], "w") as f:
    f.write("select 1;\nselect 'start\n")
    for _ in range(35200):
        f.write(line)
    f.write("end';\ncopy t from 's3://b/k' iam_role 'arn:aws:iam::123456789012:role/NotThere';\n")
PY
size=$(stat -c %s "$T/big.sql")
run1 --format json "$T/big.sql"
check "a closed 33 MiB string ($size bytes): statement-too-long, then the next statement's refusal at its line; exit 1" \
  eval 'rc_is 1 && [ "$(findings)" = "statement-too-long@2:1 role-not-associated@35204:24" ] || { echo "#   $(findings)"; false; }'
run1 "$T/big.sql"
check "  the same in text: path:line:col of the refusal, no rest-not-checked" \
  eval 'rc_is 1 && out_has "big.sql:35204:24: error: " && out_has "[role-not-associated]" && out_lacks "rest-not-checked"'

# the same string never closed: the rest of the file is that string
# (cut in place: only one 33 MiB file on disk at a time)
truncate -s $((size - 85)) "$T/big.sql"
run1 --format json "$T/big.sql"
check "an unclosed 33 MiB string: statement-too-long and rest-not-checked where the string began (2:8); exit 1" \
  eval 'rc_is 1 && [ "$(findings)" = "statement-too-long@2:1 rest-not-checked@2:8" ] || { echo "#   $(findings)"; false; }'
rm -f "$T/big.sql"

# the other long constructs, with a small limit (RSI_CLI_MAX_STATEMENT) and small reads
python3 - "$T/constructs.sql" <<'PY'
import sys
role = "arn:aws:iam::123456789012:role/NotThere"
with open(sys.argv[1], "w") as f:
    for opener, body, closer in (("E'", "a\\'b''c;\n", "'"), ('"', 'q""r;\n', '"'),
                                 ("$tag$", "$ta $tag x$;\n", "$tag$"), ("/*", "* / ;\n", "*/ 1")):
        f.write("select %s%s%s;\ncopy t from 's3://b/k' iam_role '%s';\n" % (opener, body * 50, closer, role))
PY
RSI_CLI_MAX_STATEMENT=100 RSI_CLI_CHUNK=7 run1 --format json "$T/constructs.sql"
check "E'' string, quoted identifier, dollar quote, block comment over the limit: each skipped, the COPY after it refused at its line" \
  eval 'rc_is 1 && [ "$(findings)" = "statement-too-long@1:1 role-not-associated@52:24 statement-too-long@53:1 role-not-associated@104:24 statement-too-long@105:1 role-not-associated@156:24 statement-too-long@157:1 role-not-associated@208:24" ] || { echo "#   $(findings)"; false; }'

# a block comment longer than the limit between two statements is not a statement
python3 - "$T/comment.sql" <<'PY'
import sys
with open(sys.argv[1], "w") as f:
    f.write("select 1;\n/*" + "a * b / c ; ' \" $$\n" * 20 +
            "*/ copy t from 's3://b/k' iam_role 'arn:aws:iam::123456789012:role/NotThere';\n")
PY
RSI_CLI_MAX_STATEMENT=100 RSI_CLI_CHUNK=5 run1 --format json "$T/comment.sql"
check "a block comment over the limit between statements: no finding of its own, the COPY after it refused at its place" \
  eval 'rc_is 1 && [ "$(findings)" = "role-not-associated@22:27" ] || { echo "#   $(findings)"; false; }'

# ---- JUnit: one well-formed document when a file cannot be read ----
mkdir "$T/dir.sql"   # a directory with no *.sql file in it: an input error
cat > "$T/check_junit.py" <<'PY'
import sys, xml.etree.ElementTree as ET
root = ET.parse(sys.argv[1]).getroot()
names = sys.argv[2:]
assert root.tag == "testsuites", root.tag
suites = root.findall("testsuite")
assert [s.get("name").rsplit("/", 1)[-1] for s in suites] == names, [s.get("name") for s in suites]
tot = {"tests": 0, "failures": 0, "errors": 0}
for s in suites:
    cases = s.findall("testcase")
    assert all(c.get("classname") == s.get("name") for c in cases), s.get("name")
    got = {"tests": len(cases),
           "failures": sum(c.find("failure") is not None for c in cases),
           "errors": sum(c.find("error") is not None for c in cases)}
    for k in tot:
        assert int(s.get(k)) == got[k], (s.get("name"), k, s.get(k), got[k])
        tot[k] += got[k]
    assert len(cases) > 0, "empty testsuite " + s.get("name")
for k in tot:
    assert int(root.get(k)) == tot[k], (k, root.get(k), tot[k])
unread = [s for s in suites if s.find("testcase/error") is not None]
assert [s.get("name").rsplit("/", 1)[-1] for s in unread] == ["dir.sql", "missing.sql"], unread
for s in unread:
    (c,) = s.findall("testcase")
    assert c.get("name") == "read" and s.get("errors") == "1" and s.get("tests") == "1"
print("ok")
PY
run1 --format junit "$T/dir.sql" "$SQL/fail.sql" "$T/missing.sql" "$SQL/pass.sql"
check "junit: a directory and a missing file each get one testsuite with one <error>; counts add up; exit 2" \
  eval 'rc_is 2 && python3 "$T/check_junit.py" "$T/out" dir.sql fail.sql missing.sql pass.sql > "$T/py" 2>&1 || { sed "s/^/#   /" "$T/py"; false; }'
check "  each unreadable file is also named on stderr" eval 'err_has "dir.sql: no *.sql file in the directory" && err_has "missing.sql: No such file or directory"'

# ---- option values: the rules of the settings they mirror ----
usage_error() { # DESCRIPTION MESSAGE ARGS...: exit 2 with MESSAGE and the --help pointer, nothing on stdout
  local d=$1 m=$2; shift 2
  run1 "$@" "$SQL/pass.sql"
  check "$d" eval 'rc_is 2 && err_has "$m" && err_has "Try '\''redshift-iam-check --help'\''" && [ ! -s "$T/out" ]'
}
accepted() { # DESCRIPTION ARGS...: not a usage error, and pass.sql passes
  local d=$1; shift
  run1 "$@" "$SQL/pass.sql"
  check "$d" eval 'rc_is 0'
}
for v in us-east-1:x "" US-EAST-1 useast1 us-east us--east-1 us-east-1- 1us-east-1 "us east 1" \
         "a-$(printf 'b%.0s' $(seq 28))-12"; do
  usage_error "--region \"$v\" is refused as redshift_iam.region refuses it" "--region: \"$v\" is not a valid region: a region looks like \"us-east-1\"" --region "$v"
done
accepted "--region us-west-2 is accepted" --region us-west-2
accepted "--region a-b-1 (the shortest) is accepted" --region a-b-1
accepted "--region of 32 characters (the longest) is accepted" --region "a-$(printf 'b%.0s' $(seq 28))-1"
run1 --region us-gov-west-1 "$SQL/pass.sql"
check "--region us-gov-west-1 is a valid region (its partition then refuses the aws roles of the input)" \
  eval '[ "$rc" -ne 2 ] || ! grep -q "is not a valid region" "$T/err"'
run1 --region "us-east-1:$(printf 'x%.0s' $(seq 5000))" "$SQL/pass.sql"
check "--region: a long bad value is echoed cut to 64 bytes" \
  eval 'rc_is 2 && err_has "--region: \"us-east-1:xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx...\" is not a valid region" && [ "$(wc -c < "$T/err")" -lt 300 ]'

for v in 0 101 1000 -1 +5 "" 1x " 5" 0x10 99999999999999999999999; do
  usage_error "--max-role-chain \"$v\" is refused (1 to 100, as redshift_iam.max_role_chain)" \
    "--max-role-chain: \"$v\" is not a valid role chain limit: the limit is a whole number from 1 to 100" --max-role-chain "$v"
done
chain() { # N: a COPY whose chain has N roles, the first one associated
  local i r="arn:aws:iam::123456789012:role/RedshiftCopyUnload"
  for ((i = 2; i <= $1; i++)); do r="$r,arn:aws:iam::210987654321:role/R$i"; done
  printf "copy t from 's3://b/k' iam_role '%s';\n" "$r"
}
chain 100 > "$T/c100.sql"; chain 101 > "$T/c101.sql"; chain 1 > "$T/c1.sql"; chain 2 > "$T/c2.sql"
run1 --max-role-chain 100 "$T/c100.sql"
check "--max-role-chain 100 (the largest) allows a chain of 100 roles" eval 'rc_is 0'
run1 --max-role-chain=100 --format json "$T/c101.sql"
check "--max-role-chain 100 refuses a chain of 101 roles (chain-too-long)" eval 'rc_is 1 && [ "$(findings)" = "chain-too-long@1:33" ] || { echo "#   $(findings)"; false; }'
run1 --max-role-chain 1 "$T/c1.sql"
check "--max-role-chain 1 (the smallest) allows one role" eval 'rc_is 0'
run1 --max-role-chain 1 --format json "$T/c2.sql"
check "--max-role-chain 1 refuses a chain of 2 roles" eval 'rc_is 1 && [ "$(findings)" = "chain-too-long@1:33" ] || { echo "#   $(findings)"; false; }'

for v in 12345678901 1234567890123 12345678901a "" " 123456789012"; do
  usage_error "--account-id \"$v\" is refused as redshift_iam.account_id refuses it" \
    "--account-id: \"$v\" is not a valid account ID: an account ID is exactly 12 digits" --account-id "$v"
done
accepted "--account-id of 12 digits is accepted" --account-id 123456789012

# ---- exit status: 2 wins over 1 ----
run1 "$SQL/fail.sql" "$T/missing.sql"
check "a refused command (1) and then an unreadable file (2): exit 2, the refusals still reported" \
  eval 'rc_is 2 && out_has "[role-not-associated]" && err_has "missing.sql: No such file or directory"'
run1 "$T/missing.sql" "$SQL/fail.sql"
check "an unreadable file and then a refused command: exit 2, the later script still checked" \
  eval 'rc_is 2 && out_has "fail.sql:3:" && out_has "[role-not-associated]"'
run1 --format junit "$T/dir.sql" "$SQL/fail.sql"
check "the same in junit: exit 2" eval 'rc_is 2'

finish
