#!/usr/bin/env bash
# readme.sh — the README's and the docs' examples work as written, and their
# links lead somewhere.
#
#   * Each code block that follows a "<!-- readme.sh: NAME -->" line, in
#     README.md or docs/*.md (each name once in all), is run as written:
#     SQL blocks by psql in a fresh database, shell blocks by bash.  A SQL
#     block's "-- =>" lines are what it must print: for the management API
#     examples, one summary "<ClusterStatus>: <role> <ApplyStatus>, ..." per
#     Cluster object; for the workflow, psql's -At output lines.
#   * The pre-flight recipe runs on scripts over 128 KiB (more than one
#     command-line argument may hold), passing (exit 0) and failing (exit 3
#     with the first refused statement's own message).
#   * Every relative link of README.md and docs/*.md names a file that
#     exists and, for a heading anchor, a heading of that file.
#   * What the docs say the offline checker prints for an adding role is
#     what it prints; the README and the reference pages cite no internal
#     references; the demo does not need the shared corpus.
set -uo pipefail
cd "$(dirname "$0")/../.."
. test/extended/lib/common.bash

ROOT=$(pwd)
T=$(mktemp -d)
on_exit "rm -rf '$T'"

# block NAME: the text of the block NAME (empty, with a message on stderr,
# when it is missing or named more than once)
block() {
  python3 - "$1" <<'PY'
import glob, re, sys
name = sys.argv[1]
pat = re.compile(r"<!-- readme\.sh: %s -->\s*```(?:sql|sh)\n(.*?)```" % re.escape(name), re.S)
found = []
for path in ["README.md"] + sorted(glob.glob("docs/*.md")):
    for m in pat.finditer(open(path, encoding="utf-8").read()):
        found.append((path, m.group(1)))
if len(found) != 1:
    sys.stderr.write("block %s: found %d times (%s)\n" % (name, len(found), ", ".join(p for p, _ in found)))
    sys.exit(0)
sys.stdout.write(found[0][1])
PY
}

# summaries: read psql -At output, print one summary per Cluster object
summaries() {
  python3 -c '
import json, sys
for line in sys.stdin:
    line = line.strip()
    if not line.startswith("{"):
        continue
    doc = json.loads(line)
    for c in doc.get("Clusters", [doc.get("Cluster")]):
        if c:
            roles = ", ".join("%s %s" % (r["IamRoleArn"].rsplit("/", 1)[1], r["ApplyStatus"]) for r in c["IamRoles"])
            print("%s: %s" % (c["ClusterStatus"], roles))
'
}

# run_block NAME DB COUNT [raw]: run it and compare with its "-- =>" lines;
# the block must document COUNT results (an edit that drops them, or a run
# that returns none, fails instead of comparing nothing with nothing).
# Without "raw" the results are Cluster summaries, with "raw" psql's output
# lines.  Runs in $T (the blocks read clusters.json and nightly_etl.sql).
run_block() {
  local name=$1 db=$2 count=$3 mode=${4:-} sqltext out want got nwant ngot rc
  sqltext=$(block "$name" 2>"$T/block.err")
  [ -n "$sqltext" ] || { not_ok "block $name found once"; diag < "$T/block.err"; return; }
  want=$(printf '%s\n' "$sqltext" | sed -n 's/^-- => //p')
  if out=$(cd "$T" && printf '%s\n' "$sqltext" | psql -X -q -A -t -v ON_ERROR_STOP=1 -d "$db" 2>&1); then
    ok "block $name runs as written"
  else
    not_ok "block $name runs as written"; printf '%s\n' "$out" | tail -5 | diag
  fi
  if [ "$mode" = raw ]; then
    got=$(printf '%s\n' "$out" | grep -v '^$'); rc=0
  else
    got=$(printf '%s\n' "$out" | summaries); rc=$?
  fi
  nwant=$(printf '%s' "$want" | grep -c .); ngot=$(printf '%s' "$got" | grep -c .)
  if [ "$rc" -ne 0 ] || [ "$nwant" -ne "$count" ] || [ "$ngot" -ne "$count" ]; then
    not_ok "block $name: $count results documented and returned (documented $nwant, returned $ngot, summary exit $rc)"
  else
    ok "block $name: $count results documented and returned"
  fi
  is "block $name: results are the documented ones" "$got" "$want"
}

# the seed clusters as describe-clusters prints them, and the demo's script
cp test/cli/fixtures/clusters.json demo/nightly_etl.sql "$T/"

# ---- the main workflow: import, check_command, validate_script ----
fresh_db rsi_readme_workflow
run_block workflow "$DB" 7 raw

# ---- the management API: the seed scenario's CLI examples ----
fresh_db rsi_readme_seed
run_block seed "$DB" 4

# the grant recipe: a plain role creates a cluster through its principal
fresh_db rsi_readme_grant
sql "$DB" -c "CREATE EXTENSION redshift_iam" >/dev/null
on_exit "psql -X -q -c 'DROP ROLE IF EXISTS alice' -c 'DROP ROLE IF EXISTS redshift_admins' postgres"
run_block grant "$DB" 1
refuses "grant recipe: alice may not add a role outside etl-*" "$DB" alice 42501 \
  "SELECT redshift_iam.create_cluster('other', 'ra3.xlplus', 2, ARRAY['arn:aws:iam::123456789012:role/admin'])"

# the IAM snapshot's writers (docs/iam-snapshot.md)
fresh_db rsi_readme_iam
sql "$DB" -c "CREATE EXTENSION redshift_iam" >/dev/null
run_block iam-writers "$DB" 2 raw

# ---- the pre-flight recipes ----
fresh_db rsi_readme_preflight
sql "$DB" -c "CREATE EXTENSION redshift_iam" >/dev/null
sql "$DB" -c "SELECT redshift_iam.import_clusters(\$j\$$(cat "$T/clusters.json")\$j\$)" >/dev/null
PF=$T/preflight
mkdir -p "$PF"

# run_recipe NAME: run shell block NAME in $PF with CATALOG_DB set; status
# in $rc, stdout in $PF/out, stderr in $PF/err
run_recipe() {
  local text
  text=$(block "$1" 2>"$T/block.err")
  if [ -z "$text" ]; then diag < "$T/block.err"; rc=127; : > "$PF/out"; : > "$PF/err"; return; fi
  printf '%s\n' "$text" > "$PF/$1.sh"
  (cd "$PF" && CATALOG_DB=$DB bash "$PF/$1.sh" > "$PF/out" 2> "$PF/err"); rc=$?
}

run_recipe preflight-command
check "one-command recipe: an allowed COPY exits 0" test "$rc" -eq 0
tail -3 "$PF/err" | diag

# a script over 128 KiB: 1,500 allowed COPYs
python3 - "$PF" <<'PY'
import sys
d = sys.argv[1]
ok = ("COPY sales FROM 's3://acme-dw/sales/' IAM_ROLE "
      "'arn:aws:iam::123456789012:role/RedshiftCopyUnload' FORMAT AS PARQUET;\n")
refused = ("UNLOAD ('SELECT 1') TO 's3://acme-dw/x/' IAM_ROLE "
           "'arn:aws:iam::123456789012:role/MyRedshiftRole';\n")
open(d + "/pass.sql", "w").write("-- all allowed\n" + ok * 1500)
# statement 1201 (line 1202) is the first refusal; 1302 a grammar error
open(d + "/fail.sql", "w").write("-- two refusals\n" + ok * 1200 + refused + ok * 100
                                 + "COPY broken FROM 's3://b/ IAM_ROLE default;\n")
PY
check "pre-flight test scripts are over 128 KiB" \
  eval '[ "$(stat -c %s "$PF/pass.sql")" -gt 131072 ] && [ "$(stat -c %s "$PF/fail.sql")" -gt 131072 ]'

cp "$PF/pass.sql" "$PF/nightly_etl.sql"
run_recipe preflight
check "pre-flight recipe, a 175 KB script that may run: exit 0" test "$rc" -eq 0
check "pre-flight recipe, a 175 KB script that may run: says so" grep -qx "pre-flight: every statement may run" "$PF/out"
[ "$rc" -eq 0 ] || tail -3 "$PF/err" | diag

cp "$PF/fail.sql" "$PF/nightly_etl.sql"
run_recipe preflight
check "pre-flight recipe, a refused statement: exit 3" test "$rc" -eq 3
first=$(grep -m1 '^ERROR:' "$PF/err")
is "pre-flight recipe, a refused statement: the error is the first refusal's message" "$first" \
  "ERROR:  pre-flight: 2 of 1302 statements would be refused; first, statement 1201 at line 1202, column 42: User arn:aws:redshift:us-east-1:123456789012:dbuser:my-redshift-cluster/$(psql -X -A -t -c 'SELECT current_user' -d "$DB") is not authorized to assume IAM Role arn:aws:iam::123456789012:role/MyRedshiftRole"
check "pre-flight recipe, a refused statement: its DETAIL and HINT follow" \
  eval 'grep -q "^DETAIL:  IAM role arn:aws:iam::123456789012:role/MyRedshiftRole is not associated with cluster my-redshift-cluster" "$PF/err" && grep -q "^HINT:  Associate it first" "$PF/err"'
check "pre-flight recipe, a refused statement: both refusals listed" \
  eval '[ "$(grep -cE "^ +(1201|1302) \|" "$PF/out")" -eq 2 ]'
check "pre-flight recipe, a refused statement: no stray error (division by zero, context)" \
  eval '! grep -qiE "division by zero|CONTEXT:" "$PF/err"'
check "pre-flight recipe, a refused statement: no success line" \
  eval '! grep -q "every statement may run" "$PF/out"'

# the pgTAP recipe, in the same database (pgtap installed there)
pgtap_run() {
  local text
  text=$(block pgtap 2>"$T/block.err")
  [ -n "$text" ] || { diag < "$T/block.err"; echo "block pgtap missing"; return; }
  (cd "$PF" && printf '%s\n' "$text" | psql -X -q -A -t -d "$DB" 2>&1)
}
sql "$DB" -c "CREATE EXTENSION IF NOT EXISTS pgtap" >/dev/null 2>&1
cp "$PF/pass.sql" "$PF/nightly_etl.sql"
got=$(pgtap_run)
is "pgTAP recipe, a script that may run: its test passes" "$got" \
  "$(printf '1..1\nok 1 - nightly_etl.sql may run on my-redshift-cluster')"
cp "$PF/fail.sql" "$PF/nightly_etl.sql"
got=$(pgtap_run)
check "pgTAP recipe, a refused statement: its test fails" \
  eval 'printf "%s\n" "$got" | grep -qx "not ok 1 - nightly_etl.sql may run on my-redshift-cluster"'

# ---- links ----
python3 - > "$T/links" <<'PY'
import glob, os, re, unicodedata

def slug(heading):
    h = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", heading)      # links: their text
    h = h.replace("`", "").strip().lower()
    h = "".join(c for c in h if c in " -_" or unicodedata.category(c)[0] in "LN")
    return h.replace(" ", "-")

def anchors(path):
    seen, out, fence = {}, set(), False
    for line in open(path, encoding="utf-8"):
        if line.startswith("```"):
            fence = not fence
        if fence:
            continue
        m = re.match(r"#{1,6}\s+(.*?)\s*#*\s*$", line)
        if m:
            s = slug(m.group(1))
            k = seen.get(s, 0); seen[s] = k + 1
            out.add(s if k == 0 else "%s-%d" % (s, k))
    return out

def links(path):
    text = open(path, encoding="utf-8").read()
    text = re.sub(r"^```.*?^```", "", text, flags=re.S | re.M)     # fenced code
    text = re.sub(r"`[^`\n]*`", "", text)                         # code spans
    for m in re.finditer(r"\]\(([^)\s]+)(?:\s+\"[^\"]*\")?\)", text):
        yield m.group(1)
    for m in re.finditer(r"^\s*\[[^\]]+\]:\s*(\S+)", text, re.M):
        yield m.group(1)

for path in ["README.md"] + sorted(glob.glob("docs/*.md")):
    bad = []
    for target in links(path):
        if re.match(r"[a-z][a-z0-9+.-]*:", target):                # http:, mailto:, ...
            continue
        file, _, frag = target.partition("#")
        dest = os.path.normpath(os.path.join(os.path.dirname(path), file)) if file else path
        if not os.path.exists(dest):
            bad.append("%s: no such file %s" % (target, dest))
        elif frag and dest.endswith(".md") and frag not in anchors(dest):
            bad.append("%s: no heading #%s in %s" % (target, frag, dest))
    print("%s\t%s" % (path, "; ".join(bad)))
PY
while IFS=$'\t' read -r file bad; do
  if [ -z "$bad" ]; then ok "links of $file lead to existing files and headings"
  else not_ok "links of $file lead to existing files and headings"; printf '%s\n' "$bad" | sed 's/; /\n/g' | diag; fi
done < "$T/links"
check "the link check read README.md and every docs page" \
  test "$(wc -l < "$T/links")" -eq "$(( $(ls docs/*.md | wc -l) + 1 ))"

# ---- what the docs say ----
# (internal references in README.md and docs/ are refused by scripts/lint.sh)

make -s redshift-iam-check >/dev/null 2>&1
detail=$("$ROOT/redshift-iam-check" --db-user etl --clusters test/cli/fixtures/clusters.json \
           --cluster my-second-redshift-cluster test/cli/sql/second.sql | sed -n 's/^  detail: //p' | grep -m1 'ApplyStatus adding')
check "redshift-iam-check: an adding role's detail, without a time estimate" \
  eval '[ -n "$detail" ] && ! printf "%s" "$detail" | grep -q "about"'
template=$(printf '%s' "$detail" | sed -E 's/IAM role [^ ]+ /IAM role <arn> /; s/cluster [^ ]+ \(/cluster <id> (/')
check "docs/cli.md quotes that detail as the checker prints it" \
  eval 'tr -s " \n" "  " < docs/cli.md | grep -qF -- "$template"'
check "docs/cli.md no longer says \"about 0 s\"" eval '! grep -q "about 0 s" docs/cli.md'

corpus=$(grep -n 'corpus' scripts/demo.sh scripts/setup.sh demo/*)
is "the demo (scripts/demo.sh, setup.sh, demo/) does not need the shared corpus" "$corpus" ""

finish
