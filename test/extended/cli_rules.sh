#!/usr/bin/env bash
# cli_rules.sh — rule ids, the rule catalogue and inline suppressions of
# redshift-iam-check: --list-rules; docs/rules.md has a section per rule;
# findings link it; hints are AWS CLI commands; messages lead with the
# reason; "-- redshift-iam-check: disable=RULE" on the line before a
# statement or at the end of one of its lines, "disable-file=RULE"
# anywhere, snake_case aliases, unknown rules a warning, --stats counts and
# --show-suppressed shows what was suppressed, in every format.  Needs no
# server.
set -uo pipefail
cd "$(dirname "$0")/../.."
. test/extended/lib/common.bash

make -s redshift-iam-check >/dev/null 2>&1
BIN=$(pwd)/redshift-iam-check
FX=test/cli/fixtures
T=$(mktemp -d)
on_exit "rm -rf '$T'"
if [ ! -x "$BIN" ]; then not_ok "redshift-iam-check builds"; finish; fi
ok "redshift-iam-check builds"

run() { timeout 20 "$BIN" "$@" > "$T/out" 2> "$T/err"; rc=$?; }
run1() { run --db-user etl --clusters "$FX/clusters.json" --cluster my-redshift-cluster "$@"; }
rc_is() { [ "$rc" -eq "$1" ] || { echo "#   exit status $rc, want $1"; sed 's/^/#   /' "$T/err" | head -5; return 1; }; }
out_has() { grep -qF -- "$1" "$T/out" || { echo "#   output lacks: $1"; sed 's/^/#   /' "$T/out" | head -8; return 1; }; }
out_lacks() { ! grep -qF -- "$1" "$T/out" || { echo "#   output has: $1"; return 1; }; }
err_has() { grep -qF -- "$1" "$T/err" || { echo "#   stderr lacks: $1"; sed 's/^/#   /' "$T/err" | head -5; return 1; }; }
# text findings as "rule@line", in order
found() { sed -n 's/^[^ ]*:\([0-9]*\):[0-9]*: [a-z ()]*: .* \[\([a-z0-9-]*\)\]$/\2@\1/p' "$T/out" | tr '\n' ' ' | sed 's/ $//'; }
is_eq() { [ "$1" = "$2" ] || { echo "#   got:  $1"; echo "#   want: $2"; return 1; }; }

# ---- the catalogue ----
run --list-rules
check "--list-rules: exit 0, one line per rule: id, level, summary" \
  eval 'rc_is 0 && [ "$(wc -l < "$T/out")" -ge 25 ] && ! grep -vqE "^[a-z0-9-]+ +(error|warning) +[A-Z]" "$T/out"'
check "--list-rules: kebab-case ids only, snake_case ones gone; the warning rules" \
  eval 'out_has "role-name-not-arn " && out_has "chain-has-spaces " && ! cut -d" " -f1 "$T/out" | grep -q _ &&
        grep -qE "^long-term-access-key +warning" "$T/out" && grep -qE "^unknown-rule-in-suppression +warning" "$T/out"'
cut -d" " -f1 "$T/out" > "$T/ids"
check "docs/rules.md has a section (what, why, example, fix) for every rule --list-rules prints" python3 - "$T/ids" <<'PY'
import re, sys
doc = open("docs/rules.md").read()
bad = []
for rid in open(sys.argv[1]).read().split():
    m = re.search(r"^### `%s`\n(.*?)(?=^### |^## |\Z)" % re.escape(rid), doc, re.S | re.M)
    if not m:
        bad.append(rid + ": no section"); continue
    for part in ("**What**", "**Why**", "**Example**", "**Fix**"):
        if part not in m.group(1): bad.append("%s: no %s" % (rid, part))
if bad: print("\n".join("#   " + b for b in bad)); sys.exit(1)
PY
run --help
check "--help lists --list-rules and --show-suppressed" eval 'out_has "--list-rules" && out_has "--show-suppressed"'

# ---- messages and hints ----
cat > "$T/v.sql" <<'SQL'
COPY t FROM 's3://b/1' IAM_ROLE 'RedshiftCopyUnload';
COPY t FROM 's3://b/2' IAM_ROLE 'arn:aws:iam::123456789012:role/A, arn:aws:iam::123456789012:role/B';
COPY t FROM 's3://b/3' IAM_ROLE 'arn:aws:iam::123456789012:role/Nowhere';
COPY t FROM 's3://b/4' IAM_ROLE default;
SQL
run1 --format github "$T/v.sql"
check "github: the annotation's first line leads with the problem, Redshift's text after it" \
  eval 'rc_is 1 && out_has "title=role-name-not-arn::role name instead of role ARN: \"RedshiftCopyUnload\"; write arn:aws:iam::<account-id>:role/RedshiftCopyUnload%0ARedshift refuses it: User arn:aws:redshift:" &&
        out_has "title=chain-has-spaces::role chain with spaces: " &&
        out_has "title=role-not-associated::IAM role arn:aws:iam::123456789012:role/Nowhere is not associated with cluster my-redshift-cluster%0A"'
run1 "$T/v.sql"
check "hints are AWS CLI commands, never the extension's SQL" \
  eval 'out_has "hint: Associate the role with the cluster in AWS: aws redshift modify-cluster-iam-roles --cluster-identifier my-redshift-cluster --add-iam-roles arn:aws:iam::123456789012:role/Nowhere" &&
        out_has "--default-iam-role-arn ROLE_ARN" && out_lacks "redshift_iam." && out_lacks "SELECT"'
run --db-user etl --clusters "$FX/clusters.json" --cluster my-second-redshift-cluster test/cli/sql/second.sql
check "a role still adding: the hint is describe-clusters --query 'Clusters[0].IamRoles'" \
  eval "out_has \"aws redshift describe-clusters --cluster-identifier my-second-redshift-cluster --query 'Clusters[0].IamRoles'\""
run1 --format json "$T/v.sql"
check "json: help_uri is the rule's section of rules.md" \
  eval 'out_has "\"help_uri\":\"file:///usr/share/doc/redshift-iam-check/rules.md#role-name-not-arn\"" || out_has "rules.md#role-name-not-arn\""'

# ---- suppressions ----
cat > "$T/s.sql" <<'SQL'
-- redshift-iam-check: disable=role-not-associated
COPY t FROM 's3://b/1' IAM_ROLE 'arn:aws:iam::123456789012:role/Nowhere';
COPY t FROM 's3://b/2' IAM_ROLE 'arn:aws:iam::123456789012:role/Nowhere'; -- redshift-iam-check: disable=role_not_associated
COPY t FROM 's3://b/3'
  IAM_ROLE 'RedshiftCopyUnload'  -- redshift-iam-check: disable=role-name-not-arn, no-such-rule
  CSV;
COPY t FROM 's3://b/4' IAM_ROLE 'arn:aws:iam::123456789012:role/Nowhere';
SELECT '-- redshift-iam-check: disable-file=role-not-associated';
/* -- redshift-iam-check: disable-file=role-not-associated */
COPY t FROM 's3://b/5' IAM_ROLE 'arn:aws:iam::123456789012:role/A, arn:aws:iam::123456789012:role/B';
-- redshift-iam-check: disable=chain-has-spaces

COPY t FROM 's3://b/6' IAM_ROLE 'arn:aws:iam::123456789012:role/A, arn:aws:iam::123456789012:role/B';
SQL
run1 "$T/s.sql"
check "the line before, the end of a line (after ';' too; a snake_case id), the end of an inner line" \
  eval 'is_eq "$(found)" "unknown-rule-in-suppression@5 role-not-associated@7 chain-has-spaces@10 chain-has-spaces@13"'
check "  a suppression in a string, in a block comment, or before a blank line does nothing; exit 1" eval 'rc_is 1'
check "  an unknown rule in a suppression is a warning naming it" \
  eval 'out_has ":5:84: warning: unknown rule \"no-such-rule\" in a suppression comment [unknown-rule-in-suppression]"'
run1 --stats "$T/s.sql"
check "--stats counts the suppressed findings" eval 'err_has "; 3 findings suppressed"'
run1 --show-suppressed "$T/s.sql"
check "--show-suppressed shows them, marked, in order; the exit status is the same" \
  eval 'rc_is 1 && is_eq "$(found)" "role-not-associated@2 role-not-associated@3 unknown-rule-in-suppression@5 role-name-not-arn@5 role-not-associated@7 chain-has-spaces@10 chain-has-spaces@13" &&
        [ "$(grep -c ": error (suppressed): " "$T/out")" -eq 3 ]'
printf '%s\n' "COPY t FROM 's3://b/1' IAM_ROLE 'arn:aws:iam::123456789012:role/Nowhere';" \
  "COPY t FROM 's3://b/2' IAM_ROLE 'RedshiftCopyUnload';" \
  "-- at the end, for the whole file: redshift-iam-check: disable-file=x" \
  "-- redshift-iam-check: disable-file=role-not-associated,ROLE_NAME_NOT_ARN" > "$T/f.sql"
run1 "$T/f.sql"
check "disable-file anywhere, even after the findings; rule names in any case; exit 0" \
  eval 'rc_is 0 && [ ! -s "$T/out" ]'
run1 - < "$T/f.sql"
check "  the same from standard input" eval 'rc_is 0 && [ ! -s "$T/out" ]'
cat "$T/f.sql" | run1 /dev/stdin
check "  the same from a pipe named as a file" eval 'rc_is 0 && [ ! -s "$T/out" ]'
for sz in 1 7 64 4096; do
  RSI_CLI_CHUNK=$sz run1 --show-suppressed --format json "$T/s.sql"; cp "$T/out" "$T/c$sz"
done
check "the same findings and suppressions whatever the read size (1, 7, 64, 4096 bytes)" \
  eval 'cmp -s "$T/c1" "$T/c7" && cmp -s "$T/c1" "$T/c64" && cmp -s "$T/c1" "$T/c4096"'
check "json: suppressed findings carry \"suppressed\":true" \
  eval '[ "$(grep -c "\"suppressed\":true" "$T/c1")" -eq 3 ]'
run1 --show-suppressed --format sarif "$T/s.sql"
check "sarif: suppressed results carry suppressions [{kind: inSource}]" python3 - "$T/out" <<'PY'
import json, sys
res = json.load(open(sys.argv[1]))["runs"][0]["results"]
sup = [r for r in res if r.get("suppressions") == [{"kind": "inSource"}]]
if len(sup) != 3 or len(res) != 7: print("#   %d results, %d suppressed" % (len(res), len(sup))); sys.exit(1)
PY
run1 --show-suppressed --format github "$T/s.sql"
check "github: suppressed findings are notices" eval '[ "$(grep -c "^::notice " "$T/out")" -eq 3 ]'
run1 --show-suppressed --format junit "$T/s.sql"
check "junit: suppressed findings are no failures" \
  eval 'python3 -c "import sys,xml.etree.ElementTree as E; r=E.parse(sys.argv[1]).getroot(); sys.exit(0 if r.get(\"failures\") == \"3\" else 1)" "$T/out"'
printf "COPY t FROM 's3://b/1' ACCESS_KEY_ID 'AKIAIOSFODNN7EXAMPLE' SECRET_ACCESS_KEY 'wJalrXUtnFEMIsecret'; -- redshift-iam-check: disable=wJalrXUtnFEMIsecret,AKIAIOSFODNN7EXAMPLE\n" > "$T/k.sql"
run1 --format json "$T/k.sql"
check "a name that is not shaped like a rule id is not echoed (no secret in the output)" \
  eval 'out_lacks "wJalrXUtnFEMI" && out_has "the name is not shown"'
finish
