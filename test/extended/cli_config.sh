#!/usr/bin/env bash
# cli_config.sh — the configuration file .redshift-iam-check.ini: found in
# the working directory or above, --config FILE, --no-config; keys for the
# clusters file (relative to the file's directory), clusters, account,
# region, access keys, vars, rule levels and fail-on; the command line
# overrides the file; a bad file is a usage error (exit 2) naming file,
# line and key.  Needs no server.
set -uo pipefail
cd "$(dirname "$0")/../.."
. test/extended/lib/common.bash

make -s redshift-iam-check >/dev/null 2>&1
BIN=$(pwd)/redshift-iam-check
FX=$(pwd)/test/cli/fixtures
SQL=$(pwd)/test/cli/sql
T=$(mktemp -d)
on_exit "rm -rf '$T'"
if [ ! -x "$BIN" ]; then not_ok "redshift-iam-check builds"; finish; fi
ok "redshift-iam-check builds"

A=my-redshift-cluster
B=my-second-redshift-cluster
GOOD=arn:aws:iam::123456789012:role/RedshiftCopyUnload
run() { ( cd "$RUNDIR" && timeout 20 "$BIN" --db-user etl "$@" ) > "$T/out" 2> "$T/err"; rc=$?; }
rc_is() { [ "$rc" -eq "$1" ] || { echo "#   exit status $rc, want $1"; sed 's/^/#   /' "$T/err" | head -5; return 1; }; }
out_has() { grep -qF -- "$1" "$T/out" || { echo "#   output lacks: $1"; sed 's/^/#   /' "$T/out" | head -5; return 1; }; }
out_lacks() { ! grep -qF -- "$1" "$T/out" || { echo "#   output has: $1"; return 1; }; }
err_is() { [ "$(cat "$T/err" | head -1)" = "$1" ] || { echo "#   stderr: $(head -1 "$T/err")"; echo "#   want:   $1"; return 1; }; }
jfind() { python3 -c 'import sys, json
print(" ".join("%s:%s@%s" % (o.get("cluster", "-"), o["rule"], o["line"]) for o in map(json.loads, sys.stdin) if o))' < "$T/out"; }

# a project: the file at its root, describe-clusters output in a subfolder
P=$T/project
mkdir -p "$P/aws" "$P/sql/daily" "$P/elsewhere"
cp "$FX/clusters.json" "$P/aws/clusters.json"
cat > "$P/sql/daily/load.sql" <<EOF
COPY t FROM 's3://b/x' IAM_ROLE '{{ var.value.etl_role }}' CSV;
COPY t FROM 's3://b/x' ACCESS_KEY_ID 'AKIAIOSFODNN7EXAMPLE' SECRET_ACCESS_KEY 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
EOF
cat > "$P/.redshift-iam-check.ini" <<EOF
; settings for redshift-iam-check (sqlfluff's .sqlfluff is the model)
[redshift-iam-check]
clusters = aws/clusters.json
cluster = $A
account = 123456789012
region = us-east-1
access-keys = warn
fail-on = error

[vars]
var.value.etl_role = $GOOD

[rules]
long-term-access-key = error
EOF

# ---- found from the working directory up ----
RUNDIR=$P/sql/daily
run -f json load.sql
check "found two directories up; clusters path relative to the file; [vars] fills the role; [rules] makes long-term-access-key an error" \
  eval 'rc_is 1 && [ "$(jfind)" = "-:long-term-access-key@2" ]'
RUNDIR=$P
run -f json sql/daily/load.sql
check "found in the working directory itself" eval 'rc_is 1 && [ "$(jfind)" = "-:long-term-access-key@2" ]'

# ---- the command line wins ----
RUNDIR=$P/sql/daily
run -f json --cluster $B load.sql
check "--cluster replaces the file's cluster" eval 'rc_is 1 && out_has "is not associated with cluster '$B'"'
run -f json --var var.value.etl_role=arn:aws:iam::123456789012:role/NotAssociated load.sql
check "--var overrides a [vars] value of the same name" eval 'rc_is 1 && [ "$(jfind)" = "-:role-not-associated@1 -:long-term-access-key@2" ]'
run -f json --access-keys allow load.sql
check "--access-keys allow overrides the file: no key finding left" eval 'rc_is 0 && [ "$(jfind)" = "" ]'
# (input that does not place its clusters: no ClusterNamespaceArn, no AvailabilityZone)
python3 -c 'import json,sys; d=json.load(open(sys.argv[1]))
for c in d["Clusters"]:
    c.pop("ClusterNamespaceArn", None); c.pop("AvailabilityZone", None)
json.dump(d, open(sys.argv[2], "w"))' "$FX/clusters.json" "$T/unplaced.json"
run -f json --region eu-west-1 --clusters "$T/unplaced.json" --var var.value.etl_role=arn:aws:iam::123456789012:role/NotAssociated load.sql
check "--clusters replaces the file's clusters, --region its region" eval 'rc_is 1 && out_has "arn:aws:redshift:eu-west-1:"'

# ---- --no-config, --config ----
run --no-config load.sql
check "--no-config: the file is not read (--clusters is then missing: exit 2)" eval 'rc_is 2 && grep -qF "no describe-clusters input" "$T/err"'
RUNDIR=$P/elsewhere
cp "$P/.redshift-iam-check.ini" "$T/other.ini"
sed -i 's/^long-term-access-key = error/long-term-access-key = off\ntemplated-value = warning/' "$T/other.ini"
cp -r "$P/aws" "$T/aws"
run -f json --config "$T/other.ini" "$P/sql/daily/load.sql"
check "--config FILE: paths relative to that file; a rule turned off is not reported and does not fail" \
  eval 'rc_is 0 && [ "$(jfind)" = "" ]'
run --config "$T/missing.ini" "$P/sql/daily/load.sql"
check "--config with a missing file is a usage error" eval 'rc_is 2 && grep -qF "$T/missing.ini: No such file or directory" "$T/err"'
run --config "$T/other.ini" --no-config "$P/sql/daily/load.sql"
check "--config wins over --no-config" rc_is 0

# ---- fail-on and levels ----
printf '[redshift-iam-check]\nclusters = %s\nfail-on = warning\n[vars]\nvar.value.etl_role = %s\n' "$FX/clusters.json" "$GOOD" > "$T/warn.ini"
printf "COPY t FROM 's3://b/x' ACCESS_KEY_ID 'AKIAIOSFODNN7EXAMPLE' SECRET_ACCESS_KEY 'x';\n" > "$T/akia.sql"
run --config "$T/warn.ini" --cluster $A "$T/akia.sql"
check "fail-on = warning in the file: a warning fails (exit 1)" eval 'rc_is 1 && out_has "warning:"'
run --config "$T/warn.ini" --cluster $A --fail-on error "$T/akia.sql"
check "--fail-on error overrides the file" rc_is 0
printf '[redshift-iam-check]\nclusters = %s\n[rules]\nrole-not-associated = warning\n' "$FX/clusters.json" > "$T/lvl.ini"
printf "COPY t FROM 's3://b/x' IAM_ROLE 'arn:aws:iam::123456789012:role/NotAssociated';\n" > "$T/na.sql"
run --config "$T/lvl.ini" --cluster $A "$T/na.sql"
check "a refusal set to warning in [rules] is printed as a warning and does not fail" \
  eval 'rc_is 0 && out_has ": warning: IAM role " && out_has "[role-not-associated]"'
run --config "$T/lvl.ini" --cluster $A --format junit "$T/na.sql"
check "junit: the statement is no failure then" eval 'out_has "failures=\"0\""'

printf '[redshift-iam-check]\nclusters = %s\n[rules]\nROLE_NAME_NOT_ARN = warning\n' "$FX/clusters.json" > "$T/alias.ini"
printf "COPY t FROM 's3://b/x' IAM_ROLE 'RedshiftCopyUnload';\n" > "$T/name.sql"
run --config "$T/alias.ini" --cluster $A "$T/name.sql"
check "[rules] accepts a former snake_case id (any case) as an alias; the finding keeps its kebab-case id" \
  eval 'rc_is 0 && out_has ": warning: " && out_has "[role-name-not-arn]"'
run --list-rules
check "--list-rules lists templated-value as a warning" eval 'rc_is 0 && grep -qE "^templated-value +warning " "$T/out"'

# ---- bad files: exit 2, file:line: key ----
bad() {  # bad DESCRIPTION WANT-STDERR-LINE FILE-CONTENT
  WANT="redshift-iam-check: $2"
  printf '%b' "$3" > "$T/bad.ini"
  run --config "$T/bad.ini" "$T/na.sql"
  check "$1" eval 'rc_is 2 && err_is "$WANT"'
}
bad "a bad value: file, line and key, worded as the option's message" \
  "$T/bad.ini:3: region: \"us-east-1:x\" is not a valid region: a region looks like \"us-east-1\"" \
  "[redshift-iam-check]\nclusters = $FX/clusters.json\nregion = us-east-1:x\n"
bad "an unknown key" "$T/bad.ini:2: clusterz: unknown key in [redshift-iam-check]" \
  "[redshift-iam-check]\nclusterz = x.json\n"
bad "an unknown rule in [rules]" \
  "$T/bad.ini:4: no-such-rule: not a rule id (redshift-iam-check --list-rules lists them)" \
  "[redshift-iam-check]\nclusters = $FX/clusters.json\n[rules]\nno-such-rule = off\n"
bad "a bad level in [rules]" "$T/bad.ini:2: templated-value: \"fatal\" is not one of error, warning, off" \
  "[rules]\ntemplated-value = fatal\n"
bad "an unknown section" \
  "$T/bad.ini:3: x: unknown section [tool]; the sections are [redshift-iam-check], [vars] and [rules]" \
  "# comment\n[tool]\nx = 1\n"
bad "a line that is not INI" "$T/bad.ini:2: not a key = value line, a [section] or a comment" \
  "[redshift-iam-check]\nthis is not a setting\n"
bad "a key before any section" \
  "$T/bad.ini:1: clusters: a key before any section; put it under [redshift-iam-check]" \
  "clusters = x.json\n"
bad "help is no key of the file" "$T/bad.ini:2: help: unknown key in [redshift-iam-check]" \
  "[redshift-iam-check]\nhelp = true\n"
bad "stats takes true or false" "$T/bad.ini:2: stats: \"maybe\" is not true or false" \
  "[redshift-iam-check]\nstats = maybe\n"
bad "fail-on in the file is checked" "$T/bad.ini:2: fail-on: \"sometimes\" is not one of error, warning" \
  "[redshift-iam-check]\nfail-on = sometimes\n"

# a long line (inih's default limit is 200 bytes) and repeated keys
long=$(printf 'x%.0s' $(seq 1 300))
printf '[redshift-iam-check]\nclusters = %s\ncluster = %s\ncluster = %s\n[vars]\nlong = %s\n' \
  "$FX/clusters.json" $A $B "$long" > "$T/long.ini"
printf "COPY t FROM 's3://b/x' IAM_ROLE 'arn:aws:iam::123456789012:role/\${long}';\n" > "$T/long.sql"
run -f json --config "$T/long.ini" "$T/long.sql"
check "a value longer than 200 bytes is read whole; a repeated key (cluster) makes a list" \
  eval 'rc_is 1 && [ "$(jfind)" = "'$A':invalid-role-arn@1 '$B':invalid-role-arn@1" ] && out_has "a 331-character value"'

# ---- --help and --version read no file ----
printf 'garbage\n' > "$T/bad.ini"
run --config "$T/bad.ini" --version
check "--version reads no configuration file" rc_is 0
run --config "$T/bad.ini" --help
check "--help reads no configuration file" eval 'rc_is 0 && out_has "--config FILE" && out_has "--no-config" && out_has "--fail-on LEVEL" && out_has "--var NAME=VALUE"'

# ---- iam: stored for --iam ----
printf '[redshift-iam-check]\nclusters = %s\ncluster = %s\niam = iam/account-authorization-details.json\n' "$FX/clusters.json" $A > "$T/iam.ini"
mkdir -p "$T/iam" && cp test/fixtures/iam/account-authorization-details.json "$T/iam/"
run --config "$T/iam.ini" "$T/akia.sql"
check "the iam key is accepted (a path relative to the file)" eval 'rc_is 0'
finish
