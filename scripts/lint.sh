#!/usr/bin/env bash
# lint.sh — project rules a compiler does not check.  Prints TAP.
set -u
cd "$(dirname "$0")/.."
n=0; fail=0
check() { n=$((n+1)); if [ -z "$2" ]; then echo "ok $n - $1"; else echo "not ok $n - $1"; echo "$2" | sed 's/^/#   /'; fail=1; fi; }

# the backend's json_object() would capture the call (see json_util.h)
check "no direct json_object() calls in src/" \
  "$(grep -rnE '(^|[^_a-z])json_object[[:space:]]*\(' src/ | grep -vE 'json_util.h|:[0-9]+:[[:space:]]*/?\*' || true)"
# the core never includes PostgreSQL headers
check "no PostgreSQL headers in the core" \
  "$(grep -rnE '#include "(postgres|fmgr|utils/|catalog/|executor/)' src/core src/cli 2>/dev/null || true)"
# every exported core symbol carries the rsi_ prefix
bad=""
for o in src/core/*/*.o; do
  [ -f "$o" ] || continue
  bad="$bad$(nm -g --defined-only "$o" | awk '$2 ~ /[TDBR]/ {print $3}' | grep -v '^rsi_' | sed "s|^|$o: |")"
done
check "every exported core symbol starts with rsi_" "$bad"
# glue code never raises user errors with elog(ERROR); it is kept for
# "cannot happen" internal failures, whose messages say "failed"/"unexpected"
check "no elog(ERROR) for user errors in the glue" \
  "$(grep -rn 'elog(ERROR' src/pg | grep -vE 'elog\(ERROR, *"[^"]*(failed|unexpected|internal)' || true)"
# released install and upgrade scripts never change (extension/released.sha256);
# the one exception was 0.4.0's rewording of their comments and COMMENT texts,
# which cited internal notes (no statement changed; docs/releases.md)
check "released extension scripts are unchanged" \
  "$(cd extension && sha256sum --quiet -c released.sha256 2>&1 || true)"
# nothing cites documents the repository does not contain: no numbered
# working-note facts, no sections of the design contract, no tracker issue
# numbers (the pattern below).  Say the rule in plain words and, where it
# comes from AWS, cite AWS's public documentation (page title and URL).
# Generated fuzz corpora (test/fuzz/artifacts) are not sources.
check "no references to internal documents (fact numbers, design sections, issue numbers)" \
  "$(grep -rnIE '\bF[0-9]{1,3}[a-z]?\b|\bF-numbers?\b|\bDESIGN\b|§|\b[Ii]ssues? [0-9]|redshift-iam-facts' \
       --exclude-dir=artifacts --exclude=lint.sh \
       src extension docs demo sql expected test bench scripts README.md 2>/dev/null || true)"

# release metadata: META.json is valid JSON, its versions are the control
# file's default_version, and CHANGELOG.md has a section for that version
ctl_version=$(sed -n "s/^default_version *= *'\(.*\)'/\1/p" redshift_iam.control)
check "META.json is valid JSON" \
  "$(python3 -m json.tool META.json 2>&1 >/dev/null || echo 'META.json: not valid JSON')"
check "META.json's version and provides version equal the control file's default_version ($ctl_version)" \
  "$(python3 - "$ctl_version" <<'PY' 2>&1
import json, sys
want = sys.argv[1]
try:
    m = json.load(open("META.json", encoding="utf-8"))
except Exception as e:
    print("META.json: %s" % e); sys.exit()
if not want:
    print("redshift_iam.control: no default_version")
for where, got in (("version", m.get("version")),
                   ("provides.redshift_iam.version", m.get("provides", {}).get("redshift_iam", {}).get("version"))):
    if got != want:
        print("META.json %s is %r, the control file says %r" % (where, got, want))
PY
)"
check "CHANGELOG.md has a section for $ctl_version" \
  "$(grep -qE "^## ${ctl_version//./\\.}( |\$)" CHANGELOG.md 2>/dev/null || echo "CHANGELOG.md: no '## $ctl_version' heading")"
echo "1..$n"
exit $fail
