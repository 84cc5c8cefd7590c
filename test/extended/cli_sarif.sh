#!/usr/bin/env bash
# cli_sarif.sh — redshift-iam-check --format sarif (SARIF 2.1.0, validated
# against the standard's JSON schema in test/cli/sarif) and --format gitlab
# (GitLab Code Quality), as TAP.  No server needed.
set -uo pipefail
cd "$(dirname "$0")/../.."
. test/extended/lib/common.bash

make -s redshift-iam-check >/dev/null 2>&1
ROOT=$(pwd)
BIN=$ROOT/redshift-iam-check
FX=$ROOT/test/cli/fixtures
SQL=test/cli/sql
SCHEMA=$ROOT/test/cli/sarif/sarif-2.1.0-rtm.5.json
T=$(mktemp -d)
on_exit "rm -rf '$T'"
if [ ! -x "$BIN" ]; then not_ok "redshift-iam-check builds"; finish; fi
ok "redshift-iam-check builds"

run() { "$BIN" "$@" > "$T/out" 2> "$T/err"; rc=$?; }
run1() { run --db-user etl --clusters "$FX/clusters.json" --cluster my-redshift-cluster "$@"; }
rc_is() { [ "$rc" -eq "$1" ] || { echo "#   exit status $rc, want $1"; sed 's/^/#   /' "$T/err" | head -5; return 1; }; }
# py SCRIPT FILE...: a python check of the output; prints its complaints as diagnostics
py() { local s=$1; shift; python3 -c "$s" "$@" 2>&1 | sed 's/^/#   /' | tee "$T/py" >/dev/null; cat "$T/py"; [ ! -s "$T/py" ]; }

# The structure SARIF viewers and GitHub's upload need, checked by hand (the
# schema's "uri" formats are not checked by jsonschema without extra modules).
STRUCT='
import json, re, sys
d = json.load(open(sys.argv[1]))
def bad(m): print(m)
if d.get("version") != "2.1.0" or "$schema" not in d: bad("no version 2.1.0 / $schema")
if len(d.get("runs", [])) != 1: bad("not one run")
run = d["runs"][0]
drv = run["tool"]["driver"]
if drv.get("name") != "redshift-iam-check": bad("driver name")
if not re.fullmatch(r"\d+\.\d+\.\d+", drv.get("version", "")): bad("driver version %r" % drv.get("version"))
absuri = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:[^\s]+")
if not absuri.fullmatch(drv.get("informationUri", "")): bad("informationUri not absolute")
ids = [r["id"] for r in drv["rules"]]
if len(set(ids)) != len(ids): bad("duplicate rule ids")
for r in drv["rules"]:
    for k in ("shortDescription", "fullDescription", "help"):
        if not r.get(k, {}).get("text"): bad("rule %s lacks %s" % (r["id"], k))
    if not absuri.fullmatch(r.get("helpUri", "")) or "rules.md#" not in r["helpUri"]: bad("rule %s helpUri" % r["id"])
    if r.get("defaultConfiguration", {}).get("level") not in ("error", "warning", "note"): bad("rule %s level" % r["id"])
relref = re.compile(r"(?:[A-Za-z0-9._~!$&\x27()*+,;=@-]|%[0-9A-F]{2})+(?:/(?:[A-Za-z0-9._~!$&\x27()*+,;=@:-]|%[0-9A-F]{2})*)*")
for i, res in enumerate(run["results"]):
    if res["ruleId"] not in ids: bad("result %d: rule %s not in driver.rules" % (i, res["ruleId"]))
    elif ids[res["ruleIndex"]] != res["ruleId"]: bad("result %d: ruleIndex" % i)
    if res["level"] not in ("error", "warning"): bad("result %d: level" % i)
    if not res["message"]["text"]: bad("result %d: empty message" % i)
    loc = res["locations"][0]["physicalLocation"]
    uri = loc["artifactLocation"]["uri"]
    if uri.startswith("/") or not relref.fullmatch(uri): bad("result %d: uri %r is not a relative reference" % (i, uri))
    rg = loc["region"]
    if not (1 <= rg["startLine"] <= rg["endLine"] and 1 <= rg["startColumn"] and
            (rg["endLine"] > rg["startLine"] or rg["endColumn"] > rg["startColumn"])): bad("result %d: region %r" % (i, rg))
    if not re.fullmatch(r"[0-9a-f]{16}", res["partialFingerprints"].get("redshiftIamCheck/v1", "")): bad("result %d: fingerprint" % i)
'
SCHEMA_CHECK='
import json, sys
try:
    import jsonschema
except ImportError:
    print("SKIP"); sys.exit(0)
v = jsonschema.Draft4Validator(json.load(open(sys.argv[1])))
for e in list(v.iter_errors(json.load(open(sys.argv[2]))))[:10]:
    print("%s: %s" % ("/".join(map(str, e.absolute_path)), e.message[:200]))
'
schema_valid() {
  local why
  why=$(python3 -c "$SCHEMA_CHECK" "$SCHEMA" "$1" 2>&1)
  if [ "$why" = SKIP ]; then ok "$2 # SKIP python3 has no jsonschema module"; return; fi
  if [ -z "$why" ]; then ok "$2"; else not_ok "$2"; printf '%s\n' "$why" | diag; fi
}

# ---- the seed scripts ----
run1 -f text "$SQL"/*.sql; text_rc=$rc
run1 -f sarif "$SQL"/*.sql; cp "$T/out" "$T/all.sarif"
check "sarif: exit status as the text format's (1: refusals)" eval 'rc_is 1 && [ "$text_rc" -eq 1 ]'
schema_valid "$T/all.sarif" "sarif of every seed script is valid against the SARIF 2.1.0 schema"
check "sarif: one run, driver, rules, results, regions, relative URIs, fingerprints" py "$STRUCT" "$T/all.sarif"
check "sarif: one result per text finding, in the same order, same rule, line and column" py '
import json, re, sys
res = json.load(open(sys.argv[1]))["runs"][0]["results"]
txt = [l for l in open(sys.argv[2]) if re.match(r"\S+:\d+:\d+: (error|warning):", l)]
got = ["%s:%d:%d: %s [%s]" % (r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
       r["locations"][0]["physicalLocation"]["region"]["startLine"],
       r["locations"][0]["physicalLocation"]["region"]["startColumn"], r["level"], r["ruleId"]) for r in res]
want = [re.sub(r"^(\S+?:\d+:\d+: \w+): .* \[([^]]+)\]$", r"\1 [\2]", l.rstrip("\n")) for l in txt]
if not want: print("no text findings")
if got != want: print("got  %r\nwant %r" % (got[:5], want[:5]))
' "$T/all.sarif" <("$BIN" --db-user etl --clusters "$FX/clusters.json" --cluster my-redshift-cluster --caret never "$SQL"/*.sql)

check "sarif: regions end at the token found: IAM_ROLE for role verdicts, the name for role-name-not-arn" py '
import json, sys
spans = {}
for r in json.load(open(sys.argv[1]))["runs"][0]["results"]:
    p = r["locations"][0]["physicalLocation"]; g = p["region"]
    if not p["artifactLocation"]["uri"].endswith("/fail.sql"): continue
    line = open("test/cli/sql/fail.sql").read().split("\n")[g["startLine"] - 1]
    spans.setdefault(r["ruleId"], []).append(line[g["startColumn"] - 1:g["endColumn"] - 1] if g["endLine"] == g["startLine"] else None)
want = {"role-not-associated": ["IAM_ROLE"] * 3, "role-name-not-arn": ["RedshiftCopyUnload"], "no-default-role": ["IAM_ROLE"]}
for k, v in want.items():
    if [x.upper() if x else x for x in spans.get(k, [])] != [x.upper() for x in v]: print("%s: spans %r, want %r" % (k, spans.get(k), v))
' "$T/all.sarif"

# every rule id the core and the checker can produce is in driver.rules
core_rules() {
  { sed -n 's/.*deny(v, "[0-9A-Z]*", "\([a-z-]*\)").*/\1/p' src/core/check/check.c
    sed -n 's/.*deny(v, "[0-9A-Z]*", is_default ? "\([a-z-]*\)" : "\([a-z-]*\)").*/\1\n\2/p' src/core/check/check.c
    sed -n 's/.*v->rule = "\([a-z-]*\)".*/\1/p' src/core/check/check.c
    sed -n 's/^#define RSI_PROB_[A-Z_]*[[:space:]]*"\([a-z-]*\)".*/\1/p' src/core/parse/command.h
    sed -n 's/.*refuse_assume(c, "\([a-z-]*\)".*/\1/p; s/.*v->rule = "\([a-z-]*\)".*/\1/p' src/core/iam/iam_check.c
    grep -o 'init_finding([^;]*"[a-z0-9-]*")' src/cli/checker.c | sed 's/.*"\([a-z0-9-]*\)")$/\1/'
  } | grep -vx ok | sort -u
}
core_rules > "$T/core_rules"
check "the rule sources name at least 20 rules (the extraction works)" eval '[ "$(wc -l < "$T/core_rules")" -ge 20 ]'
check "every rule of the core's checks, problem codes and the checker is in driver.rules" py '
import json, sys
ids = {r["id"] for r in json.load(open(sys.argv[1]))["runs"][0]["tool"]["driver"]["rules"]}
want = {l.strip() for l in open(sys.argv[2]) if l.strip()}
if want - ids: print("missing: %s" % sorted(want - ids))
if ids - want: print("listed but never produced: %s" % sorted(ids - want))
' "$T/all.sarif" "$T/core_rules"

# ---- a script that passes ----
run1 -f sarif "$SQL/pass.sql"
check "sarif of a passing script: exit 0, no results" eval 'rc_is 0 && py "import json,sys; r=json.load(open(sys.argv[1]))[\"runs\"][0]; r[\"results\"] and print(\"results\"); r[\"invocations\"][0][\"executionSuccessful\"] is True or print(\"not successful\")" "$T/out"'
schema_valid "$T/out" "sarif with no result is valid against the schema"

# ---- fingerprints survive inserted lines ----
mkdir -p "$T/w/sub dir"
cp "$SQL/fail.sql" "$T/w/sub dir/fail.sql"
cp "$SQL/fail.sql" "$T/w/sub dir/again.sql"
cat "$SQL/fail.sql" >> "$T/w/sub dir/again.sql"   # every finding twice in one file
fps() { python3 -c 'import json,sys
for r in json.load(open(sys.argv[1]))["runs"][0]["results"]:
    p = r["locations"][0]["physicalLocation"]
    print(r["partialFingerprints"]["redshiftIamCheck/v1"], p["region"]["startLine"], p["artifactLocation"]["uri"])' "$1"; }
(cd "$T/w" && "$BIN" --db-user etl --clusters "$FX/clusters.json" --cluster my-redshift-cluster -f sarif "sub dir/fail.sql" "sub dir/again.sql" > "$T/before.sarif")
{ echo; echo '-- a comment'; cat "$SQL/fail.sql"; } > "$T/w/sub dir/fail.sql"
{ printf '\n\n'; cat "$SQL/fail.sql" "$SQL/fail.sql"; } > "$T/w/sub dir/again.sql"
(cd "$T/w" && "$BIN" --db-user etl --clusters "$FX/clusters.json" --cluster my-redshift-cluster -f sarif "sub dir/fail.sql" "./sub dir/again.sql" > "$T/after.sarif")
fps "$T/before.sarif" > "$T/fp1"; fps "$T/after.sarif" > "$T/fp2"
check "lines inserted at the top: every finding moved down" eval \
  'paste "$T/fp1" "$T/fp2" | awk "{ if (\$5 <= \$2) bad=1 } END { exit bad || NR < 4 }"'
check "lines inserted at the top: the fingerprints are unchanged" eval \
  '[ "$(wc -l < "$T/fp1")" -ge 4 ] && diff <(cut -d" " -f1 "$T/fp1") <(cut -d" " -f1 "$T/fp2") | diag; [ "${PIPESTATUS[0]}" -eq 0 ]'
check "fingerprints differ between findings (the same statement twice in a file too)" eval \
  '[ "$(wc -l < "$T/fp1")" -ge 4 ] && [ "$(cut -d" " -f1 "$T/fp1" | sort -u | wc -l)" -eq "$(wc -l < "$T/fp1")" ]'
check "a path with a space is percent-encoded, relative, without ./" eval \
  'grep -q " sub%20dir/fail.sql$" "$T/fp1" && grep -q " sub%20dir/again.sql$" "$T/fp2"'
schema_valid "$T/after.sarif" "sarif with encoded paths is valid against the schema"

# ---- absolute paths under the working directory become relative ----
run1 -f sarif "$ROOT/$SQL/fail.sql"
check "an absolute path under the working directory is written relative to it" eval \
  'grep -qF "\"uri\":\"test/cli/sql/fail.sql\"" "$T/out" && ! grep -qF "$ROOT" "$T/out"'
cp "$SQL/fail.sql" "$T/w/a:b.sql"
(cd "$T/w" && "$BIN" --db-user etl --clusters "$FX/clusters.json" --cluster my-redshift-cluster -f sarif "a:b.sql" > "$T/colon.sarif")
check "a colon in the first segment is percent-encoded (not read as a URI scheme)" eval \
  'grep -qF "\"uri\":\"a%3Ab.sql\"" "$T/colon.sarif"'

# ---- stdin ----
run --db-user etl --clusters "$FX/clusters.json" --cluster my-redshift-cluster -f sarif - < "$SQL/fail.sql"
check "stdin: the artifact is %3Cstdin%3E (<stdin>), exit 1" eval 'rc_is 1 && grep -qF "\"uri\":\"%3Cstdin%3E\"" "$T/out"'
schema_valid "$T/out" "sarif of stdin is valid against the schema"

# ---- secrets ----
for fmt in sarif gitlab; do
  run --db-user etl --clusters "$FX/clusters.json" --cluster my-redshift-cluster --access-keys deny -f "$fmt" "$SQL/keys.sql"
  check "$fmt: keys.sql under --access-keys deny: exit 1, three refusals, no secret in the output" eval \
    'rc_is 1 && [ "$(grep -o access-keys-refused "$T/out" | wc -l)" -ge 3 ] &&
     ! grep -qE "wJalrXUtnFEMI|bPxRfiCYEXAMPLEKEY|AQoDYXdzEJr1K|example-token|IOSFODNN7EXAMPLE" "$T/out"'
done

# ---- a file that cannot be read ----
run1 -f sarif "$SQL/fail.sql" "$T/no-such.sql"
check "an unreadable file: exit 2, executionSuccessful false, a notification naming it" eval \
  'rc_is 2 && py "import json,sys
r = json.load(open(sys.argv[1]))[\"runs\"][0]
inv = r[\"invocations\"][0]
inv[\"executionSuccessful\"] is False or print(\"successful\")
n = inv[\"toolExecutionNotifications\"]
len(n) == 1 and n[0][\"locations\"][0][\"physicalLocation\"][\"artifactLocation\"][\"uri\"].endswith(\"no-such.sql\") or print(n)
r[\"results\"] or print(\"the readable file lost its results\")" "$T/out"'
schema_valid "$T/out" "sarif with a notification is valid against the schema"

# ---- GitLab Code Quality ----
run1 -f gitlab "$SQL"/*.sql
check "gitlab: exit status as the text format's" eval 'rc_is "$text_rc"'
check "gitlab: an array of {description, check_name, fingerprint, severity, location {path, lines {begin}}, content {body}}" py '
import json, sys
a = json.load(open(sys.argv[1]))
s = json.load(open(sys.argv[2]))["runs"][0]["results"]
if not isinstance(a, list) or len(a) != len(s): print("not an array as long as the sarif results")
fps = set()
for i, x in enumerate(a):
    if set(x) != {"description", "check_name", "fingerprint", "severity", "location", "content"}: print("%d: keys %s" % (i, sorted(x)))
    if not x["content"]["body"].endswith("rules.md#%s)" % x["check_name"]): print("%d: content links the rule" % i)
    if not x["description"] or not x["check_name"]: print("%d: empty" % i)
    if x["severity"] not in ("info", "minor", "major", "critical", "blocker"): print("%d: severity" % i)
    if not isinstance(x["location"]["lines"]["begin"], int) or x["location"]["path"].startswith("/"): print("%d: location" % i)
    fps.add(x["fingerprint"])
    r = s[i]
    if (x["check_name"], x["location"]["lines"]["begin"]) != (r["ruleId"], r["locations"][0]["physicalLocation"]["region"]["startLine"]): print("%d: differs from sarif" % i)
    if x["severity"] != {"error": "major", "warning": "minor"}[r["level"]]: print("%d: severity mapping" % i)
if len(fps) != len(a): print("fingerprints not unique")
' "$T/out" "$T/all.sarif"
run1 -f gitlab "$SQL/pass.sql"
check "gitlab of a passing script: exit 0, an empty array" eval 'rc_is 0 && [ "$(tr -d "[:space:]" < "$T/out")" = "[]" ]'

# ---- several clusters: each finding names its cluster, fingerprints differ ----
run --db-user etl --clusters "$FX/clusters.json" --cluster my-redshift-cluster \
    --cluster my-second-redshift-cluster -f sarif "$SQL/second.sql"
check "two clusters: every result names its cluster in the message and properties; fingerprints unique" \
  python3 -c '
import json, sys
r = json.load(open(sys.argv[1]))["runs"][0]["results"]
cl = {x["properties"].get("cluster") for x in r}
ok = r and cl == {"my-redshift-cluster", "my-second-redshift-cluster"}
ok = ok and all(x["message"]["text"].startswith("[cluster %s] " % x["properties"]["cluster"]) for x in r)
fps = [x["partialFingerprints"]["redshiftIamCheck/v1"] for x in r]
sys.exit(0 if ok and len(set(fps)) == len(fps) else 1)
' "$T/out"
run --db-user etl --clusters "$FX/clusters.json" --cluster my-redshift-cluster \
    --cluster my-second-redshift-cluster -f gitlab "$SQL/second.sql"
check "two clusters, gitlab: descriptions name the cluster" \
  python3 -c '
import json, sys
a = json.load(open(sys.argv[1]))
sys.exit(0 if a and all(x["description"].startswith("[cluster ") for x in a) else 1)
' "$T/out"

# ---- usage ----
run1 -f nope "$SQL/pass.sql"
check "--format nope: exit 2, the message lists sarif and gitlab" eval 'rc_is 2 && grep -qF "text, json, github, junit, sarif, gitlab" "$T/err"'
run --help
check "--help lists sarif and gitlab" eval 'grep -q "sarif:" "$T/out" && grep -q "gitlab:" "$T/out"'

finish
