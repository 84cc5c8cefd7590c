#!/usr/bin/env bash
# cli.sh — the offline checker redshift-iam-check, as TAP.
#
# Fixtures (test/cli/fixtures) are the seed scenario as the AWS CLI prints
# it; scripts (test/cli/sql) pass and fail; expected text output is in
# test/cli/expected.  Covers every exit status, every format (json parsed
# back, junit checked for its structure), stdin, bad encodings, reads split
# at every chunk size, and — when a server is at hand (PG* set, as
# scripts/test.sh runs this inside pg_virtualenv) — the same verdicts as
# redshift_iam.check_command() on the same inputs.
set -uo pipefail
cd "$(dirname "$0")/../.."

n=0; failed=0
ok()     { n=$((n + 1)); echo "ok $n - $*"; }
not_ok() { n=$((n + 1)); failed=$((failed + 1)); echo "not ok $n - $*"; }
check()  { local name=$1; shift; if "$@"; then ok "$name"; else not_ok "$name"; fi; }
finish() { echo "1..$n"; [ "$failed" -eq 0 ]; exit $?; }

make -s redshift-iam-check >/dev/null 2>&1
BIN=$(pwd)/redshift-iam-check
FX=test/cli/fixtures
SQL=test/cli/sql
EXP=test/cli/expected
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
if [ ! -x "$BIN" ]; then not_ok "redshift-iam-check builds"; finish; fi
ok "redshift-iam-check builds"

# run the checker: output in $T/out, stderr in $T/err, status in $rc
run() { "$BIN" "$@" > "$T/out" 2> "$T/err"; rc=$?; }
# the seed's clusters, as etl, on the first cluster
run1() { run --db-user etl --clusters "$FX/clusters.json" --cluster my-redshift-cluster "$@"; }
run2() { run --db-user etl --clusters "$FX/clusters.json" --cluster my-second-redshift-cluster "$@"; }
rc_is() { [ "$rc" -eq "$1" ] || { echo "#   exit status $rc, want $1"; sed 's/^/#   /' "$T/err" | head -5; return 1; }; }
out_has() { grep -qF -- "$1" "$T/out" || { echo "#   output lacks: $1"; return 1; }; }
err_has() { grep -qF -- "$1" "$T/err" || { echo "#   stderr lacks: $1"; sed 's/^/#   /' "$T/err" | head -5; return 1; }; }
same_as() { diff -u "$1" "$T/out" > "$T/diff" || { sed 's/^/#   /' "$T/diff" | head -30; return 1; }; }
# count of json findings with a given rule
rules() { python3 -c 'import sys, json
print(" ".join(sorted(json.loads(l)["rule"] for l in sys.stdin if l.strip())))' < "$T/out"; }

# ---- usage ----
run --help
check "--help exits 0 and documents the options" eval '[ $rc -eq 0 ] && out_has "--clusters FILE" && out_has "--access-keys MODE" && out_has "Exit status"'

# ---- verdicts (text format) ----
run1 "$SQL/pass.sql"
check "a script that may run: exit 0, no output" eval 'rc_is 0 && [ ! -s "$T/out" ]'
run1 "$SQL/fail.sql"
check "a script with refusals: exit 1, compiler-style findings as expected" eval 'rc_is 1 && same_as "$EXP/fail.txt"'
run2 "$SQL/second.sql"
check "second cluster: adding role refused, IAM_ROLE default resolves to its DefaultIamRoleArn" eval 'rc_is 1 && same_as "$EXP/second.txt"'
run --db-user etl --clusters "$FX/modify-cluster-iam-roles.json" "$SQL/second.sql"
check "IamRoleApplyStatus input, only cluster chosen without --cluster: removing role refused" \
  eval 'rc_is 1 && out_has "second.sql:2:37: error:" && out_has "[role-removing]" && out_has "[role-not-associated]" && out_has "[no-default-role]"'
run --clusters "$FX/create-cluster.json" "$SQL/pass.sql"
check "a cluster still creating refuses every checked command (55000), passes the others" \
  eval 'rc_is 1 && [ "$(grep -c "cluster-not-available" "$T/out")" -eq 6 ]'
run --clusters "$FX/clusters.json" --cluster no-such-cluster "$SQL/pass.sql"
check "an unknown --cluster: every checked command refused as cluster-not-found" \
  eval 'rc_is 1 && [ "$(grep -c "Cluster no-such-cluster not found. \[cluster-not-found\]" "$T/out")" -eq 6 ]'
run --clusters "$FX/empty.json" --cluster my-redshift-cluster "$SQL/pass.sql"
check "an empty Clusters list with --cluster: refused, exit 1" eval 'rc_is 1 && out_has "[cluster-not-found]"'

# ---- exit status 2 ----
run1 "$T/missing.sql"
check "exit 2: unreadable SQL file" eval 'rc_is 2 && err_has "missing.sql: No such file or directory"'
run1 "$SQL/pass.sql" "$T/missing.sql"
check "exit 2 wins over 0 when one of several scripts is unreadable" eval 'rc_is 2'
run --clusters "$T/none.json" "$SQL/pass.sql"
check "exit 2: unreadable describe-clusters file" eval 'rc_is 2 && err_has "none.json: No such file or directory"'
run --clusters "$FX/malformed.json" "$SQL/pass.sql"
check "exit 2: malformed JSON reported with its line and column" eval 'rc_is 2 && err_has "malformed.json: invalid describe-clusters output: not valid JSON (line 6, column 21)"'
run --clusters "$FX/bad-status.json" "$SQL/pass.sql"
check "exit 2: a bad member is named by its path" eval 'rc_is 2 && err_has "Clusters[0].IamRoles[0].ApplyStatus: expected one of in-sync, adding, removing"'
run --clusters "$FX/clusters.json" "$SQL/pass.sql"
check "exit 2: several clusters and no --cluster lists the identifiers" \
  eval 'rc_is 2 && err_has "choose one with --cluster: my-redshift-cluster my-second-redshift-cluster"'
run --clusters "$FX/clusters.json" --clusters "$FX/create-cluster.json" -C my-redshift-cluster "$SQL/pass.sql"
check "exit 2: a cluster described in two files" eval 'rc_is 2 && err_has "cluster my-redshift-cluster is also described in"'
run --clusters "$FX/clusters.json" --account-id 210987654321 -C my-redshift-cluster "$SQL/pass.sql"
check "exit 2: roles of another account than --account-id" eval 'rc_is 2 && err_has "name the account with --account-id"'
run1 --bogus "$SQL/pass.sql"
check "exit 2: unknown option" eval 'rc_is 2 && err_has "unknown option --bogus" && err_has "--help"'
run1 --access-keys sometimes "$SQL/pass.sql"
check "exit 2: bad --access-keys" eval 'rc_is 2 && err_has "not one of allow, warn, temporary, deny"'
run1 --format yaml "$SQL/pass.sql"
check "exit 2: bad --format" eval 'rc_is 2'
run1 --default-role RedshiftCopyUnload "$SQL/pass.sql"
check "exit 2: --default-role that is not a role ARN" eval 'rc_is 2 && err_has "--default-role"'
run1
check "exit 2: no SQL input" eval 'rc_is 2 && err_has "no SQL input"'
run "$SQL/pass.sql"
check "exit 2: no --clusters" eval 'rc_is 2 && err_has "--clusters"'
run --clusters - --cluster my-redshift-cluster - < "$FX/clusters.json"
check "exit 2: stdin named twice" eval 'rc_is 2 && err_has "only once"'

# ---- stdin ----
run --db-user etl --clusters "$FX/clusters.json" -C my-redshift-cluster - < "$SQL/fail.sql"
sed 's|^test/cli/sql/fail.sql:|<stdin>:|' "$EXP/fail.txt" > "$T/stdin.txt"
check "SQL from stdin (-): same findings, shown as <stdin>" eval 'rc_is 1 && same_as "$T/stdin.txt"'
run --db-user etl --clusters - -C my-redshift-cluster "$SQL/fail.sql" < "$FX/clusters.json"
check "describe-clusters from stdin (--clusters -)" eval 'rc_is 1 && same_as "$EXP/fail.txt"'

# ---- json ----
run1 --format json "$SQL/fail.sql" "$SQL/keys.sql"
cat > "$T/check_json.py" <<'PY'
import json, sys
keys = ["file", "statement", "line", "col", "severity", "sqlstate", "rule", "kind", "message",
        "detail", "hint", "roles", "resolved_role", "command", "help_uri"]
objs = [json.loads(l) for l in open(sys.argv[1])]
assert all(list(o) == keys for o in objs), "keys"
assert all(o["help_uri"].endswith("rules.md#" + o["rule"]) for o in objs), "help_uri"
errs = [o for o in objs if o["severity"] == "error"]
warns = [o for o in objs if o["severity"] == "warning"]
assert len(errs) == 7 and len(warns) == 2, (len(errs), len(warns))
assert [o["sqlstate"] for o in errs] == ["28000"] * 6 + ["42601"], [o["sqlstate"] for o in errs]
assert [o["statement"] for o in errs] == [2, 3, 4, 5, 6, 7, 9]
assert errs[0]["line"] == 3 and errs[0]["col"] == 37 and errs[0]["kind"] == "copy"
assert errs[0]["resolved_role"] == "arn:aws:iam::123456789012:role/MyRedshiftRole"
assert errs[3]["roles"] == ["arn:aws:iam::123456789012:role/RedshiftCopyUnload",
                            " arn:aws:iam::123456789012:role/SecondRedshiftRole"], errs[3]["roles"]
assert "\n" in errs[2]["command"], "multi-line command kept"
assert all(w["sqlstate"] == "01000" and w["rule"] == "long-term-access-key" for w in warns)
assert "SECRET_ACCESS_KEY '***'" in warns[0]["command"]
PY
check "json: one object per finding, parsed back, fields and values right" eval 'rc_is 1 && python3 "$T/check_json.py" "$T/out"'
check "json: no secret in the output" eval '! grep -q "wJalrXUtnFEMI" "$T/out"'

# ---- github ----
run1 --format github "$SQL/fail.sql"
check "github: ::error workflow commands with file, line, col, title" \
  eval 'rc_is 1 && [ "$(grep -cE "^::error file=test/cli/sql/fail.sql,line=[0-9]+,col=[0-9]+,title=[a-z_-]+::" "$T/out")" -eq 7 ] && [ "$(wc -l < "$T/out")" -eq 7 ]'
cp "$SQL/keys.sql" "$T/a,b:c%.sql"
run1 --format github "$T/a,b:c%.sql"
check "github: warnings; , : % escaped in properties, newlines in messages" \
  eval 'rc_is 0 && out_has "::warning file=$T/a%2Cb%3Ac%25.sql,line=2,col=24,title=long-term-access-key::" && out_has "%0AHINT: Prefer IAM_ROLE" && [ "$(wc -l < "$T/out")" -eq 2 ]'

# ---- junit ----
printf 'select 1;\n-- bad byte \xff in a comment\nselect 2;\n' > "$T/enc.sql"
run1 --format junit "$SQL/pass.sql" "$SQL/fail.sql" "$SQL/keys.sql" "$T/enc.sql"
cat > "$T/check_junit.py" <<'PY'
import sys, xml.etree.ElementTree as ET
root = ET.parse(sys.argv[1]).getroot()
assert root.tag == "testsuites", root.tag
suites = root.findall("testsuite")
assert [s.get("name").rsplit("/", 1)[-1] for s in suites] == ["pass.sql", "fail.sql", "keys.sql", "enc.sql"]
want = {"pass.sql": (9, 0), "fail.sql": (9, 7), "keys.sql": (3, 0), "enc.sql": (3, 1)}
for s in suites:
    cases = s.findall("testcase")
    fails = [c for c in cases if c.find("failure") is not None]
    name = s.get("name").rsplit("/", 1)[-1]
    assert (int(s.get("tests")), int(s.get("failures"))) == want[name], (name, s.get("tests"), s.get("failures"))
    assert len(cases) == int(s.get("tests")) and len(fails) == int(s.get("failures")), name
    assert all(c.get("classname") == s.get("name") for c in cases)
assert int(root.get("tests")) == 24 and int(root.get("failures")) == 8, root.attrib
fail = suites[1].findall("testcase")
assert fail[1].get("name") == "copy 2", fail[1].get("name")
assert "fail.sql:3:" in fail[1].find("failure").text, "the line is in the failure text"
f = fail[1].find("failure")
assert f.get("type") == "role-not-associated" and "MyRedshiftRole" in f.get("message")
assert "SQLSTATE: 28000" in f.text and "HINT: Associate it first" in f.text
assert fail[7].find("failure") is None, "SELECT 1 passes"
keys = suites[2].findall("testcase")
assert "long-term-access-key" in keys[0].find("system-out").text
enc = suites[3].findall("testcase")
assert enc[1].get("name") == "text outside statements 1", enc[1].get("name")
PY
check "junit: well-formed, one testsuite per file, one testcase per statement, counts right" \
  eval 'rc_is 1 && python3 "$T/check_junit.py" "$T/out"'
run1 --format junit "$T/missing.sql" "$SQL/pass.sql"
check "junit: an unreadable file is an <error> testcase, exit 2" \
  eval 'rc_is 2 && python3 -c "import sys, xml.etree.ElementTree as E; r = E.parse(sys.argv[1]).getroot(); assert r.get(\"errors\") == \"1\" and r.find(\"testsuite/testcase/error\") is not None" "$T/out"'

# ---- encodings ----
printf "copy t from 's3://b/\xc3\x28' iam_role 'arn:aws:iam::123456789012:role/RedshiftCopyUnload';\n-- comment \xff\xfe\nselect 1;\ncopy t\0 from 'x' iam_role default;\nselect 'ok \xe2\x82\xac';\n-- trailing \x80" > "$T/bad.sql"
run1 --format json "$T/bad.sql"
check "invalid UTF-8 and NUL bytes: findings with line and column, exit 1, valid JSON" \
  eval 'rc_is 1 && [ "$(python3 -c "import sys, json; print(\" \".join(\"%s@%d:%d\" % (o[\"rule\"], o[\"line\"], o[\"col\"]) for o in map(json.loads, sys.stdin)))" < "$T/out")" = "invalid-utf8@1:21 invalid-utf8@2:12 nul-byte@4:7 invalid-utf8@6:13" ]'
head -c 100000 /dev/urandom > "$T/random.sql"
for f in text json github junit; do "$BIN" --clusters "$FX/clusters.json" -C my-redshift-cluster --caret always -f $f "$T/random.sql" > "$T/r.$f" 2>&1; echo $? >> "$T/random.rc"; done
check "random bytes: no crash in any format (exit 0 or 1)" eval '! grep -qvE "^[01]$" "$T/random.rc" && python3 -c "import sys, xml.etree.ElementTree as E; E.parse(sys.argv[1])" "$T/r.junit" && python3 -c "import sys, json; [json.loads(l) for l in open(sys.argv[1])]" "$T/r.json"'

# ---- reads split anywhere ----
cat "$SQL"/*.sql "$T/bad.sql" > "$T/all.sql"
same_everywhere() {
  local f ch
  for f in text json github junit; do
    "$BIN" --db-user etl --clusters "$FX/clusters.json" -C my-redshift-cluster --caret always -f $f "$T/all.sql" "$T/random.sql" > "$T/base.$f" 2>&1
    for ch in 1 3 7 64 4096; do
      RSI_CLI_CHUNK=$ch "$BIN" --db-user etl --clusters "$FX/clusters.json" -C my-redshift-cluster --caret always -f $f "$T/all.sql" "$T/random.sql" > "$T/chunk.$f" 2>&1
      cmp -s "$T/base.$f" "$T/chunk.$f" || { echo "#   $f differs with RSI_CLI_CHUNK=$ch"; return 1; }
    done
  done
}
check "statements spanning reads (RSI_CLI_CHUNK=1..4096): identical output in every format" same_everywhere

# ---- limits ----
printf "copy a from 'x' iam_role default;\ninsert into t values (1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30);\ncopy b from 'y' iam_role 'arn:aws:iam::123456789012:role/RedshiftCopyUnload';\ncopy c from 'unterminated %0200d\n" 0 > "$T/long.sql"
RSI_CLI_MAX_STATEMENT=80 RSI_CLI_CHUNK=16 run2 --format json "$T/long.sql"
check "a statement over the limit is a finding; checking resumes after it; an unterminated string over the limit ends the file" \
  eval 'rc_is 1 && [ "$(rules)" = "rest-not-checked role-not-associated statement-too-long statement-too-long" ]'

# ---- chains, IAM_ROLE default, access-key modes ----
run1 "$SQL/chains.sql"
check "chains: only the first role must be associated; spaces refused" \
  eval 'rc_is 1 && [ "$(grep -c " error: " "$T/out")" -eq 2 ] && out_has "chains.sql:4:" && out_has "[chain-has-spaces]"'
run1 --max-role-chain 3 --format json "$SQL/chains.sql"
check "chains: --max-role-chain 3 refuses a chain of 4" eval 'rc_is 1 && [ "$(rules)" = "chain-has-spaces chain-too-long role-not-associated" ]'
run1 "$SQL/default.sql"
check "IAM_ROLE default without a default role: no-default-role" eval 'rc_is 1 && [ "$(grep -c "\[no-default-role\]" "$T/out")" -eq 2 ]'
run1 --default-role arn:aws:iam::123456789012:role/RedshiftCopyUnload "$SQL/default.sql"
check "IAM_ROLE default with --default-role (an associated role): passes" eval 'rc_is 0 && [ ! -s "$T/out" ]'
run1 --default-role arn:aws:iam::123456789012:role/ThirdRedshiftRole --format json "$SQL/default.sql"
check "IAM_ROLE default with --default-role not associated: default-role-not-associated" \
  eval 'rc_is 1 && [ "$(rules)" = "default-role-not-associated default-role-not-associated" ]'
run2 --default-role arn:aws:iam::123456789012:role/MyRedshiftRole "$SQL/default.sql"
check "the input's DefaultIamRoleArn wins over --default-role" eval 'rc_is 0'
run1 --access-keys allow --format json "$SQL/keys.sql"
check "--access-keys allow: keys pass silently" eval 'rc_is 0 && [ ! -s "$T/out" ]'
run1 --format json "$SQL/keys.sql"
check "--access-keys warn (default): AKIA keys warn, exit 0" eval 'rc_is 0 && [ "$(rules)" = "long-term-access-key long-term-access-key" ]'
run1 --access-keys temporary --format json "$SQL/keys.sql"
check "--access-keys temporary: AKIA refused, ASIA with a token passes" \
  eval 'rc_is 1 && [ "$(rules)" = "access-keys-refused access-keys-refused" ] && ! grep -q "\"statement\":2," "$T/out"'
run1 --access-keys deny --caret always "$SQL/keys.sql"
check "--access-keys deny: every key refused; caret lines shown, secrets redacted" \
  eval 'rc_is 1 && same_as "$EXP/keys-deny-caret.txt"'
run1 "$SQL/keys.sql" --access-keys deny
check "--caret auto: no source lines when stdout is not a terminal" eval '! grep -q "^ *| " "$T/out" && ! grep -q "wJalr" "$T/out"'
run1 --stats "$SQL/pass.sql"
check "--stats prints bytes, statements and throughput to stderr" eval 'rc_is 0 && err_has "statements" && grep -qE "[0-9.]+ MB/s" "$T/err"'

# ---- the same verdicts as redshift_iam.check_command() ----
# Without a server this part cannot run: that is a failure, unless the run
# asks for the offline part only (RSI_CLI_OFFLINE=1, e.g. on a machine
# without PostgreSQL).  scripts/test.sh always has a server.
if [ "${RSI_CLI_OFFLINE:-}" = 1 ]; then
  echo "# RSI_CLI_OFFLINE=1: comparison with check_command not run"
  finish
fi
if [ -z "${PGHOST:-}${PGPORT:-}${PGDATABASE:-}" ] || ! command -v psql >/dev/null; then
  not_ok "a PostgreSQL server for the comparison with check_command (PG* not set; RSI_CLI_OFFLINE=1 runs the offline part only)"
  finish
fi
# One psql session runs check_command on every checked statement of every
# scenario (importing each fixture first, with apply_delay long enough that
# imported adding/removing/creating states stay as written); the CLI runs on
# the same fixture, script, cluster and access_keys mode.  A statement's CLI
# verdict is the SQLSTATE of its error finding, else 00000.
cat > "$T/compare.py" <<'PY'
import json, re, subprocess, sys
binary, fx, sqldir, tmp = sys.argv[1:5]
scenarios = [  # fixture, cluster, access_keys mode, script
    ("clusters.json", "my-redshift-cluster", "warn", "pass.sql"),
    ("clusters.json", "my-redshift-cluster", "warn", "fail.sql"),
    ("clusters.json", "my-redshift-cluster", "warn", "chains.sql"),
    ("clusters.json", "my-redshift-cluster", "warn", "default.sql"),
    ("clusters.json", "my-redshift-cluster", "warn", "keys.sql"),
    ("clusters.json", "my-second-redshift-cluster", "warn", "second.sql"),
    ("clusters.json", "my-second-redshift-cluster", "warn", "default.sql"),
    ("clusters.json", "my-redshift-cluster", "allow", "keys.sql"),
    ("clusters.json", "my-redshift-cluster", "temporary", "keys.sql"),
    ("clusters.json", "my-redshift-cluster", "deny", "keys.sql"),
    ("clusters.json", "no-such-cluster", "warn", "fail.sql"),
    ("modify-cluster-iam-roles.json", "my-redshift-cluster", "warn", "second.sql"),
    ("create-cluster.json", "my-redshift-cluster", "warn", "pass.sql"),
]

def statements(path):
    """The statements of a test script (each ends with ';' at a line end) and
    whether check_command takes them (the other kinds it refuses as 42601)."""
    out = []
    for part in re.split(r";[ \t]*\n", open(path).read()):
        if not re.sub(r"--[^\n]*|\s+", "", part):
            continue
        body = re.sub(r"^(\s*--[^\n]*\n|\s*/\*.*?\*/)*\s*", "", part, flags=re.S)
        kind = re.match(r"(?i)(copy|unload|create\s+(or\s+replace\s+)?external\s+(schema|function))\b", body)
        out.append((len(out) + 1, part.strip().rstrip(";"), bool(kind)))
    return out

script = ["\\set ON_ERROR_STOP 1", "SET client_min_messages = error;",
          "SET redshift_iam.apply_delay = '1h';",
          "CREATE TEMP TABLE verdicts (scenario int, n int, sqlstate text);"]
imported = None
for i, (doc, cluster, mode, sql) in enumerate(scenarios):
    if doc != imported:
        script.append("\\set doc `cat %s/%s`" % (fx, doc))
        script.append("SELECT redshift_iam.import_clusters(:'doc'::jsonb) > 0 AS imported;")
        imported = doc
    script.append("SET redshift_iam.access_keys = '%s';" % mode)
    for n, text, checked in statements("%s/%s" % (sqldir, sql)):
        if checked:
            assert "$cmd$" not in text
            script.append(
                "DO $do$ BEGIN PERFORM redshift_iam.check_command('%s', $cmd$%s$cmd$); "
                "INSERT INTO verdicts VALUES (%d, %d, '00000'); EXCEPTION WHEN OTHERS THEN "
                "INSERT INTO verdicts VALUES (%d, %d, SQLSTATE); END $do$;" % (cluster, text, i, n, i, n))
script.append("SELECT scenario, n, sqlstate FROM verdicts ORDER BY scenario, n;")
open(tmp + "/compare.sql", "w").write("\n".join(script) + "\n")
p = subprocess.run(["psql", "-X", "-q", "-A", "-t", "-F", " ", "-d", "postgres", "-f", tmp + "/compare.sql"],
                   capture_output=True, text=True)
if p.returncode != 0:
    print("FAIL check_command ran on every scenario")
    print("\n".join("#   " + l for l in p.stderr.splitlines()[:8]))
    sys.exit(0)
print("PASS check_command ran on every scenario")
sql_verdicts = {}
for line in p.stdout.split("\n"):
    if line.strip() and line.strip() != "t":
        sc, n, state = line.split()
        sql_verdicts.setdefault(int(sc), {})[int(n)] = state
total = 0
for i, (doc, cluster, mode, sql) in enumerate(scenarios):
    r = subprocess.run([binary, "--clusters", "%s/%s" % (fx, doc), "--cluster", cluster, "--access-keys", mode,
                        "--format", "json", "%s/%s" % (sqldir, sql)], capture_output=True, text=True)
    found = {}
    for line in r.stdout.splitlines():
        o = json.loads(line)
        if o["severity"] == "error" and o["statement"]:
            found[o["statement"]] = o["sqlstate"]
    want = {n: found.get(n, "00000") for n, _, checked in statements("%s/%s" % (sqldir, sql)) if checked}
    got = sql_verdicts.get(i, {})
    total += len(want)
    name = "same verdicts as check_command: %s on %s (%s, access_keys = %s)" % (sql, cluster, doc, mode)
    if want == got:
        print("PASS " + name)
    else:
        print("FAIL " + name)
        for n in sorted(set(want) | set(got)):
            if want.get(n) != got.get(n):
                print("#   statement %d: CLI %s, check_command %s" % (n, want.get(n), got.get(n)))
print("# %d statement verdicts compared with check_command" % total)
PY
psql -X -q -d postgres -c "CREATE EXTENSION IF NOT EXISTS redshift_iam" > "$T/ext.out" 2>&1 \
  || { not_ok "CREATE EXTENSION redshift_iam"; sed 's/^/#   /' "$T/ext.out"; finish; }
# the comparator's exit status and its number of verdicts count too: a
# crash part way, or a scenario list that shrank, fails
python3 "$T/compare.py" "$BIN" "$FX" "$SQL" "$T" > "$T/compare.out" 2>&1
crc=$?
results=0
while IFS= read -r line; do
  case "$line" in
    "PASS "*) ok "${line#PASS }"; results=$((results + 1)) ;;
    "FAIL "*) not_ok "${line#FAIL }"; results=$((results + 1)) ;;
    *) echo "$line" ;;
  esac
done < "$T/compare.out"
want=$(( 1 + $(grep -c '^    ("' "$T/compare.py") ))
check "the comparison with check_command ran to its end (exit $crc, $results of $want results)" \
  eval '[ "$crc" -eq 0 ] && [ "$results" -eq "$want" ] && [ "$want" -ge 14 ]'
finish
