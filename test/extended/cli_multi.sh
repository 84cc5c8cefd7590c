#!/usr/bin/env bash
# cli_multi.sh — redshift-iam-check with several clusters (--cluster
# repeated: each script checked against each cluster, every finding naming
# its cluster, exit status the worst) and with directory arguments (*.sql
# files found recursively, in byte order of their paths, symbolic link
# loops detected, --exclude).  With one cluster the output is as before.
# Needs no server.
set -uo pipefail
cd "$(dirname "$0")/../.."
. test/extended/lib/common.bash

make -s redshift-iam-check >/dev/null 2>&1
BIN=$(pwd)/redshift-iam-check
FX=test/cli/fixtures
SQL=test/cli/sql
EXP=test/cli/expected
T=$(mktemp -d)
on_exit "rm -rf '$T'"
if [ ! -x "$BIN" ]; then not_ok "redshift-iam-check builds"; finish; fi
ok "redshift-iam-check builds"

A=my-redshift-cluster
B=my-second-redshift-cluster
run() { timeout 20 "$BIN" "$@" > "$T/out" 2> "$T/err"; rc=$?; }
runc() { run --db-user etl --clusters "$FX/clusters.json" "$@"; }
rc_is() { [ "$rc" -eq "$1" ] || { echo "#   exit status $rc, want $1"; sed 's/^/#   /' "$T/err" | head -5; return 1; }; }
out_has() { grep -qF -- "$1" "$T/out" || { echo "#   output lacks: $1"; sed 's/^/#   /' "$T/out" | head -5; return 1; }; }
out_lacks() { ! grep -qF -- "$1" "$T/out" || { echo "#   output has: $1"; return 1; }; }
err_has() { grep -qF -- "$1" "$T/err" || { echo "#   stderr lacks: $1"; sed 's/^/#   /' "$T/err" | head -5; return 1; }; }
is_eq() { [ "$1" = "$2" ] || { echo "#   got:  $1"; echo "#   want: $2"; return 1; }; }
same_as() { diff -u "$1" "$T/out" > "$T/diff" || { sed 's/^/#   /' "$T/diff" | head -30; return 1; }; }
# json findings as "cluster:file:rule@line" (file's basename), in order
jfind() { python3 -c 'import sys, json, os
print(" ".join("%s:%s:%s@%s" % (o.get("cluster", "-"), os.path.basename(o["file"]), o["rule"], o["line"])
               for o in map(json.loads, sys.stdin) if o))' < "$T/out"; }
# junit testsuite names, relative to $2 (one per line)
jsuites() { python3 -c 'import sys, xml.etree.ElementTree as ET
root = ET.parse(sys.argv[1]).getroot()
for s in root.findall("testsuite"):
    n = s.get("name")
    print(n[len(sys.argv[2]):] if n.startswith(sys.argv[2]) else n)' "$T/out" "$1"; }

# ---- one cluster: the output is as it was ----
runc --cluster $A "$SQL/fail.sql"
check "one cluster: text output byte-identical to test/cli/expected/fail.txt" eval 'rc_is 1 && same_as "$EXP/fail.txt"'
runc --cluster $B "$SQL/second.sql"
check "one cluster: text output byte-identical to test/cli/expected/second.txt" eval 'rc_is 1 && same_as "$EXP/second.txt"'
runc --cluster $A --format json "$SQL/fail.sql"
check "one cluster: json objects have no cluster member" eval 'rc_is 1 && out_has "\"rule\"" && out_lacks "\"cluster\""'
runc --cluster $A --format github "$SQL/fail.sql"
check "one cluster: github messages do not name the cluster" eval 'rc_is 1 && out_has "::error" && out_lacks "[cluster "'

# ---- two clusters ----
runc --cluster $A --cluster $B --format json "$SQL/second.sql" "$SQL/fail.sql"
want="$A:second.sql:role-not-associated@2 $B:second.sql:role-adding@2 $A:second.sql:no-default-role@3"
want="$want $A:second.sql:role-not-associated@4 $B:second.sql:role-not-associated@5"
want="$want $B:fail.sql:role-not-associated@2 $A:fail.sql:role-not-associated@3 $B:fail.sql:role-adding@3"
want="$want $A:fail.sql:role-not-associated@5 $B:fail.sql:role-not-associated@5"
want="$want $A:fail.sql:role-not-associated@7 $B:fail.sql:role-not-associated@7"
check "two clusters, json: each statement checked on each cluster, every finding with its cluster member" \
  eval 'rc_is 1 && is_eq "$(jfind | cut -d" " -f1-12)" "$want"'
check "  the rest of fail.sql: every finding on both clusters, in cluster order per statement" \
  eval 'is_eq "$(jfind | cut -d" " -f13- | tr " " "\n" | cut -d: -f1 | paste -sd" ")" "$A $B $A $B $A $A $B"'

runc --cluster $A --cluster $B "$SQL/second.sql"
check "two clusters, text: every finding line names its cluster after the severity" \
  eval 'rc_is 1 && out_has "second.sql:2:37: error: [cluster $A] IAM role" && out_has "second.sql:2:37: error: [cluster $B] IAM role" &&
        [ "$(grep -c "^test/cli/sql/second.sql:[0-9]*:[0-9]*: error: \[cluster " "$T/out")" -eq 5 ] &&
        [ "$(grep -c "^test/cli/sql/" "$T/out")" -eq 5 ]'
runc --cluster $A --cluster $B --format github "$SQL/second.sql"
check "two clusters, github: the cluster leads every message" \
  eval 'rc_is 1 && [ "$(grep -c "^::error file=test/cli/sql/second.sql,line=[0-9]*,col=[0-9]*,title=[a-z-]*::\[cluster my-" "$T/out")" -eq 5 ] &&
        out_has "title=role-adding::[cluster $B] IAM role"'
runc --cluster $A --cluster $B --format junit "$SQL/second.sql"
check "two clusters, junit: one testsuite for the file, a testcase per statement per cluster, named with the cluster" \
  eval 'rc_is 1 && python3 - "$T/out" "$A" "$B" <<'"'PY'"'
import sys, xml.etree.ElementTree as ET
root = ET.parse(sys.argv[1]).getroot()
(s,) = root.findall("testsuite")
cases = s.findall("testcase")
names = [c.get("name") for c in cases]
assert len(names) == len(set(names)), names
a = [n for n in names if n.endswith("[cluster %s]" % sys.argv[2])]
b = [n for n in names if n.endswith("[cluster %s]" % sys.argv[3])]
assert len(a) == len(b) and len(a) + len(b) == len(names) and len(a) > 0, names
fa = [c for c in cases if c.find("failure") is not None and c.get("name") in a]
fb = [c for c in cases if c.find("failure") is not None and c.get("name") in b]
assert (len(fa), len(fb)) == (3, 2), (len(fa), len(fb))
assert int(s.get("failures")) == 5 and int(root.get("tests")) == len(names)
PY'

# the worst exit status over all clusters
printf "COPY sales FROM 's3://my-bucket/a/' IAM_ROLE 'arn:aws:iam::123456789012:role/RedshiftCopyUnload' CSV;\n" > "$T/one.sql"
runc --cluster $A "$T/one.sql"
check "a statement allowed on $A alone: exit 0" eval 'rc_is 0 && [ ! -s "$T/out" ]'
runc --cluster $B "$T/one.sql"
check "  refused on $B alone: exit 1" eval 'rc_is 1'
runc --cluster $A --cluster $B "$T/one.sql"
check "  on both: exit 1 (the worst), the finding on $B only" \
  eval 'rc_is 1 && [ "$(grep -c "^$T/one.sql:" "$T/out")" -eq 1 ] && out_has "one.sql:1:37: error: [cluster $B]"'
runc --cluster $B --cluster $A "$T/one.sql"
check "  in the other order: exit 1 too" eval 'rc_is 1 && [ "$(grep -c "^$T/one.sql:" "$T/out")" -eq 1 ]'
runc --cluster $A --cluster no-such-cluster "$T/one.sql"
check "an unknown cluster among several: refused there as cluster-not-found" \
  eval 'rc_is 1 && out_has "error: [cluster no-such-cluster] cluster no-such-cluster not found [cluster-not-found]"'
runc --cluster $A --cluster $A "$T/one.sql"
check "the same --cluster twice: usage error, exit 2" eval 'rc_is 2 && err_has "--cluster $A is given twice" && [ ! -s "$T/out" ]'

# ---- directories ----
D=$T/tree
mkdir -p "$D/sub/deeper" "$D/a.b" "$D/skip" "$D/empty"
for f in a.sql b.sql a.b/c.sql sub/z.sql sub/deeper/y.sql skip/x.sql sub/gen_1.sql; do
  echo "SELECT 1;" > "$D/$f"
done
echo "COPY t FROM 's3://b/k' IAM_ROLE 'arn:aws:iam::123456789012:role/NotThere';" > "$D/sub/deeper/y.sql"
echo "not sql" > "$D/notes.txt"
echo "SELECT 1;" > "$D/upper.SQL"
ln -s .. "$D/sub/loop"            # back to the tree: a loop
ln -s . "$D/sub/deeper/self"      # to itself: a loop
ln -s sub/z.sql "$D/link.sql"     # the same file as sub/z.sql
runc --cluster $A --format junit --exclude skip --exclude 'gen_*.sql' "$D"
check "a directory: its *.sql files, recursively, sorted byte-wise by path; loops not followed; excluded ones skipped" \
  eval 'rc_is 1 && is_eq "$(jsuites "$D/" | paste -sd" ")" "a.b/c.sql a.sql b.sql link.sql sub/deeper/y.sql"'
check "  each symbolic link loop named on stderr as a warning" \
  eval 'err_has "warning: $D/sub/loop: symbolic link loop" && err_has "warning: $D/sub/deeper/self: symbolic link loop"'
check "  the file reached through a link and directly is checked once" eval '[ "$(jsuites "$D/" | grep -c "z.sql\|link.sql")" -eq 1 ]'
runc --cluster $A --exclude skip --exclude 'gen_*.sql' "$D/"
check "  text: the findings of the files found, paths without a doubled slash" \
  eval 'rc_is 1 && out_has "$D/sub/deeper/y.sql:1:" && out_lacks "//"'
runc --cluster $A --format junit --exclude 'sub/*' --exclude skip --exclude '*.b' "$D"
check "--exclude matches the path below the directory ('sub/*' prunes sub; '*.b' a directory's name)" \
  eval 'rc_is 0 && is_eq "$(jsuites "$D/" | paste -sd" ")" "a.sql b.sql link.sql"'
runc --cluster $A --format junit "$D/sub/deeper" "$SQL/pass.sql" "$D"
check "without --exclude: every *.sql file; directory and file arguments checked in the order given" \
  eval 'rc_is 1 && is_eq "$(jsuites "$T/" | paste -sd" ")" "tree/sub/deeper/y.sql test/cli/sql/pass.sql tree/a.b/c.sql tree/a.sql tree/b.sql tree/link.sql tree/skip/x.sql tree/sub/deeper/y.sql tree/sub/gen_1.sql"'
runc --cluster $A --exclude '*.sql' "$SQL/pass.sql"
check "--exclude does not apply to files named on the command line" eval 'rc_is 0'
runc --cluster $A --cluster $B --format junit --exclude skip --exclude 'gen_*.sql' "$D"
check "a directory and two clusters: one testsuite per file, each with testcases for both clusters" \
  eval 'rc_is 1 && is_eq "$(jsuites "$D/" | paste -sd" ")" "a.b/c.sql a.sql b.sql link.sql sub/deeper/y.sql" &&
        [ "$(grep -c "\[cluster $B\]\"" "$T/out")" -eq 5 ]'

# ---- directory errors: exit 2 with a message, the other inputs still checked ----
runc --cluster $A --format junit "$D/empty" "$SQL/fail.sql"
check "a directory without *.sql files: exit 2, named on stderr and as a junit <error>" \
  eval 'rc_is 2 && err_has "$D/empty: no *.sql file in the directory" && out_has "name=\"read\"" && out_has "fail.sql"'
ln -s nowhere.sql "$D/sub/dangling.sql"
runc --cluster $A --exclude skip --exclude 'gen_*.sql' "$D"
check "a dangling link named *.sql: exit 2 with its path, the other files checked" \
  eval 'rc_is 2 && err_has "$D/sub/dangling.sql: No such file or directory" && out_has "y.sql:1:"'
rm "$D/sub/dangling.sql"
if [ "$(id -u)" -ne 0 ]; then
  mkdir "$D/locked"; chmod 000 "$D/locked"
  runc --cluster $A --exclude skip --exclude 'gen_*.sql' "$D"
  check "an unreadable directory: exit 2 with its path" eval 'rc_is 2 && err_has "$D/locked: Permission denied"'
  chmod 700 "$D/locked"
fi
runc --cluster $A "$T/no-such-dir"
check "a missing argument: exit 2 as before" eval 'rc_is 2 && err_has "no-such-dir: No such file or directory"'

finish
