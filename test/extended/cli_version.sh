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

# ---- the manual page ----
MAN=man/redshift-iam-check.1
check "the man page is ASCII (no input-encoding warnings from troff)" eval '[ -s "$MAN" ] && ! LC_ALL=C grep -n "[^[:print:][:space:]]" "$MAN"'
if command -v groff >/dev/null 2>&1; then
  LC_ALL=C groff -man -Tutf8 -ww -z "$MAN" > "$T/groff" 2>&1; grc=$?
  check "groff -man renders the man page without warnings" eval '[ "$grc" -eq 0 ] && [ ! -s "$T/groff" ] || { sed "s/^/#   /" "$T/groff"; false; }'
  LC_ALL=C groff -man -Tutf8 "$MAN" 2>/dev/null | sed 's/.\x08//g' > "$T/man.txt"
elif command -v mandoc >/dev/null 2>&1; then
  check "mandoc -T lint finds nothing in the man page" mandoc -T lint "$MAN"
  mandoc -T utf8 "$MAN" | sed 's/.\x08//g' > "$T/man.txt"
else
  # no formatter: the structure only
  man_structure() { grep -q "^\.TH REDSHIFT-IAM-CHECK 1" "$MAN" || return 1; local s; for s in NAME SYNOPSIS DESCRIPTION OPTIONS "EXIT STATUS" EXAMPLES FILES "SEE ALSO"; do grep -qxE "\.SH \"?$s\"?" "$MAN" || { echo "#   no .SH $s"; return 1; }; done; }
  check "the man page has .TH and the sections" man_structure
  sed 's/\\-/-/g; s/^\.SH "\{0,1\}\([^"]*\)"\{0,1\}$/\1/' "$MAN" > "$T/man.txt"
fi
man_sections() { local s; for s in NAME SYNOPSIS DESCRIPTION OPTIONS FORMATS "EXIT STATUS" FILES EXAMPLES "SEE ALSO"; do grep -qx "$s" "$T/man.txt" || { echo "#   no section $s"; return 1; }; done; }
check "the rendered page has every section" man_sections
"$BIN" --help > "$T/help"
grep -oE -- '--[a-z][a-z-]+' "$T/help" | sort -u > "$T/longopts"
check "--help names the long options (at least 13)" eval '[ "$(wc -l < "$T/longopts")" -ge 13 ]'
missing=$(while read -r o; do grep -qF -- "$o" "$T/man.txt" || echo "$o"; done < "$T/longopts")
is "every long option of --help is in the man page" "$missing" ""
missing=$(grep -oE -- '^  -[a-zA-Z],' "$T/help" | tr -d ' ,' | while read -r o; do grep -qE -- "(^|[ ,])$o([ ,]|$)" "$T/man.txt" || echo "$o"; done)
is "every short option of --help is in the man page" "$missing" ""
D=$(mktemp -d "$T/dest.XXXXXX")
make -s install-cli DESTDIR="$D" > "$T/inst" 2>&1
check "make install-cli installs the binary and man1/redshift-iam-check.1 (MANDIR default /usr/local/share/man)" \
  eval '[ -x "$D/usr/local/bin/redshift-iam-check" ] && cmp -s "$MAN" "$D/usr/local/share/man/man1/redshift-iam-check.1"'
make -s install-cli DESTDIR="$D" MANDIR=/opt/m > "$T/inst" 2>&1
check "  MANDIR moves it" eval '[ -f "$D/opt/m/man1/redshift-iam-check.1" ]'

# ---- junit: test names do not move with the lines ----
names() { python3 -c 'import sys, xml.etree.ElementTree as E
print("\n".join(c.get("classname") + " :: " + c.get("name") for c in E.parse(sys.argv[1]).getroot().iter("testcase")))' "$1"; }
mkdir -p "$T/j"
cp "$SQL/fail.sql" "$T/j/s.sql"
( cd "$T/j" && "$BIN" --db-user etl -c "$OLDPWD/$FX/clusters.json" -C my-redshift-cluster -f junit s.sql > ../j1.xml )
{ printf -- '-- a new comment\n\n-- and a blank line\nselect 1;\n'; cat "$SQL/fail.sql"; } > "$T/j/s.sql"
( cd "$T/j" && "$BIN" --db-user etl -c "$OLDPWD/$FX/clusters.json" -C my-redshift-cluster -f junit s.sql > ../j2.xml )
names "$T/j1.xml" > "$T/n1"; names "$T/j2.xml" | grep -vx 's.sql :: other 1' | sed 's/ :: other \([0-9]*\)$/ :: other-\1/' > "$T/n2"
# the other statements of the second run are one higher (select 1 came first); renumber them back
python3 - "$T/n2" <<'PY' > "$T/n2b"
import sys, re
for l in open(sys.argv[1]).read().split("\n"):
    if not l: continue
    m = re.match(r"(.*) :: other-(\d+)$", l)
    print("%s :: other %d" % (m.group(1), int(m.group(2)) - 1) if m else l)
PY
check "junit: 3 lines and a SELECT inserted at the top rename no COPY/UNLOAD testcase" \
  eval 'diff "$T/n1" "$T/n2b" > "$T/d" || { sed "s/^/#   /" "$T/d" | head; false; }'
check "  names are unique within a file and hold no line number" \
  eval '[ "$(sort "$T/n1" | uniq -d | wc -l)" -eq 0 ] && ! grep -qi "line" "$T/n1" && grep -qx "s.sql :: copy 2" "$T/n1"'
check "  the line is in the failure text (s.sql:7: after the insert, :3: before)" \
  eval 'grep -q "s.sql:3:[0-9]*: " "$T/j1.xml" && grep -q "s.sql:7:[0-9]*: " "$T/j2.xml"'

# ---- --clusters: what describe-clusters --query 'Clusters[]' prints (a bare array) ----
# clusters-query.json is clusters.json's Clusters member alone
exp_run() { "$BIN" --db-user etl -f json "$@" "$SQL/fail.sql" 2>&1; echo "rc=$?"; }
check "a bare array of clusters: the same findings as the Clusters object (exit 1)" \
  eval '[ "$(exp_run -c "$FX/clusters-query.json" -C my-redshift-cluster)" = "$(exp_run -c "$FX/clusters.json" -C my-redshift-cluster)" ] && exp_run -c "$FX/clusters-query.json" -C my-redshift-cluster | grep -qx "rc=1"'
run --db-user etl -c - -C my-second-redshift-cluster "$SQL/second.sql" < "$FX/clusters-query.json"
check "  from stdin, on the second cluster: the expected text output (test/cli/expected/second.txt), exit 1" \
  eval 'rc_is 1 && { cmp -s test/cli/expected/second.txt "$T/out" || { diff -u test/cli/expected/second.txt "$T/out" | sed "s/^/#   /" | head -20; false; }; }'
printf '[]\n' > "$T/empty.json"
run -c "$T/empty.json" "$SQL/pass.sql"
check "  an empty array holds no cluster: exit 2" eval 'rc_is 2 && grep -q "holds no cluster" "$T/err"'
printf '[{"ClusterIdentifier": "a"}]\n' > "$T/bad.json"
run -c "$T/bad.json" "$SQL/pass.sql"
check "  a bad element is named by its index: [0]: missing member NodeType (exit 2)" \
  eval 'rc_is 2 && grep -qF "bad.json: invalid describe-clusters output: [0]: missing member NodeType" "$T/err"'
run --db-user etl -c "$FX/modify-cluster-iam-roles.json" "$SQL/second.sql"
check "a single {\"Cluster\": {...}} (modify-cluster-iam-roles) is still accepted: role-removing at 2:37, exit 1" \
  eval 'rc_is 1 && grep -q "second.sql:2:37: error: .*\[role-removing\]" "$T/out"'
run -c "$FX/create-cluster.json" "$SQL/pass.sql"
check "  and create-cluster's output (a cluster creating): its roles are adding, exit 1" \
  eval 'rc_is 1 && grep -q "role-adding" "$T/out"'

# ---- the pre-commit hook definition ----
HOOKS=.pre-commit-hooks.yaml
if python3 -c 'import yaml' 2>/dev/null; then
  python3 - "$HOOKS" > "$T/hooks" 2>&1 <<'PY'
import sys, yaml, re
hooks = yaml.safe_load(open(sys.argv[1]))
assert isinstance(hooks, list) and len(hooks) == 1, hooks
h = hooks[0]
assert h["id"] == "redshift-iam-check", h
assert h["entry"] == "redshift-iam-check", h
assert h["language"] == "system", h
assert h["files"] == r"\.sql$", h
rx = re.compile(h["files"])
assert rx.search("etl/nightly.sql") and not rx.search("nightly.sql.bak") and not rx.search("a.py")
assert "args" not in h, "the clusters are the user's: no default args"
PY
  hrc=$?
  check "$HOOKS parses (PyYAML): one hook, id/entry redshift-iam-check, language system, files \\.sql\$" \
    eval '[ "$hrc" -eq 0 ] || { sed "s/^/#   /" "$T/hooks"; false; }'
else
  check "$HOOKS: id, entry, language and files (structural; no PyYAML)" \
    eval 'grep -qx -- "- id: redshift-iam-check" "$HOOKS" && grep -qx "  entry: redshift-iam-check" "$HOOKS" && grep -qx "  language: system" "$HOOKS" && grep -qxF "  files: \\.sql\$" "$HOOKS"'
fi
check "docs/cli.md documents the hook as defined (id, entry, files, args)" \
  eval 'grep -qF "hook id \`redshift-iam-check\`" docs/cli.md && grep -qF "files: \\.sql\$" docs/cli.md && grep -qF "args: [--clusters, clusters.json, --cluster, my-redshift-cluster]" docs/cli.md'
# the documented args work as pre-commit passes them: args, then the staged files
run --db-user etl --clusters "$FX/clusters.json" --cluster my-redshift-cluster "$SQL/pass.sql" "$SQL/keys.sql"
check "the hook's command line (args, then files) passes clean files: exit 0" eval 'rc_is 0'
run --db-user etl --clusters "$FX/clusters.json" --cluster my-redshift-cluster "$SQL/pass.sql" "$SQL/fail.sql"
check "  and fails a refused one: exit 1" eval 'rc_is 1'
run "$SQL/pass.sql"
check "  without args (no --clusters) the hook fails: exit 2, the message names --clusters" \
  eval 'rc_is 2 && grep -q -- "--clusters" "$T/err"'
cand=$(apt-cache policy pre-commit 2>/dev/null | sed -n 's/^ *Candidate: //p')
case "$cand" in
  [0-9]*) echo "# pre-commit $cand is installable from Debian; test/extended/cli_precommit.sh runs the hook with it" ;;
  *) echo "# pre-commit is not installable from the configured Debian sources" ;;
esac
# the GitHub Actions job of docs/cli.md is valid YAML with the SARIF upload
if python3 -c 'import yaml' 2>/dev/null; then
  python3 - > "$T/gha" 2>&1 <<'PY'
import re, yaml
doc = open("docs/cli.md").read()
m = re.search(r"```yaml\n(# \.github/workflows/redshift-iam-check\.yml\n.*?)```", doc, re.S)
assert m, "no workflow block"
wf = yaml.safe_load(m.group(1))
steps = wf["jobs"]["check"]["steps"]
uses = [s.get("uses", "") for s in steps]
assert any(u.startswith("github/codeql-action/upload-sarif@") for u in uses), uses
assert wf["jobs"]["check"]["permissions"]["security-events"] == "write"
run = " ".join(s.get("run", "") for s in steps)
assert "--format sarif" in run and "redshift-iam-check --version" in run, run
m = re.search(r"```yaml\n(# \.pre-commit-config\.yaml\n.*?)```", doc, re.S)
cfg = yaml.safe_load(m.group(1))
assert cfg["repos"][0]["hooks"][0]["id"] == "redshift-iam-check"
PY
  grc=$?
  check "docs/cli.md: the GitHub Actions job and the pre-commit config parse; the job uploads SARIF" \
    eval '[ "$grc" -eq 0 ] || { sed "s/^/#   /" "$T/gha"; false; }'
fi

check "docs/cli.md states GitHub's annotation limits for --format github (10 per kind per step, 50 per job) and cites the page" \
  eval 'grep -qF "10 error annotations, 10 warning annotations" docs/cli.md && grep -qF "50 annotations per job" docs/cli.md && grep -qF "Workflow commands for GitHub Actions" docs/cli.md'

finish
