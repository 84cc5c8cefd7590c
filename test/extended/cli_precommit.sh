#!/usr/bin/env bash
# cli_precommit.sh — the repository's pre-commit hook in use: a scratch
# git repository whose .pre-commit-config.yaml names a hooks repository
# holding this repository's .pre-commit-hooks.yaml (hook id
# redshift-iam-check, files \.sql$); pre-commit (Debian's package) runs the
# built checker on the staged .sql files.  A commit with a refused command
# fails and is not made; the fixed commit passes.  The using repository
# names its clusters in .redshift-iam-check.ini, so the hook needs no args;
# args as docs/cli.md shows them work too.  Offline: language system needs
# no download, and every repository is a local path.  Needs no server.
set -uo pipefail
cd "$(dirname "$0")/../.."
. test/extended/lib/common.bash

make -s redshift-iam-check >/dev/null 2>&1
ROOT=$(pwd)
T=$(mktemp -d)
on_exit "rm -rf '$T'"
if [ ! -x "$ROOT/redshift-iam-check" ]; then not_ok "redshift-iam-check builds"; finish; fi
ok "redshift-iam-check builds"
if ! command -v pre-commit >/dev/null 2>&1; then
  ok "# SKIP pre-commit is not installed (Debian package pre-commit; scripts/setup.sh installs it)"
  finish
fi
ok "pre-commit $(pre-commit --version 2>/dev/null | awk '{print $2}') is installed"

# the checker as the hook's entry finds it (language: system), pre-commit's
# cache and git's identity kept inside the scratch directory
mkdir -p "$T/bin"
ln -s "$ROOT/redshift-iam-check" "$T/bin/redshift-iam-check"
export PATH="$T/bin:$PATH" PRE_COMMIT_HOME="$T/cache" HOME="$T/home"
export GIT_AUTHOR_NAME=t GIT_AUTHOR_EMAIL=t@example.org GIT_COMMITTER_NAME=t GIT_COMMITTER_EMAIL=t@example.org
export GIT_CONFIG_NOSYSTEM=1
mkdir -p "$HOME"
g() { git -C "$1" "${@:2}"; }

# a hooks repository holding this repository's hook definition, byte for byte
mkdir "$T/hooks"
g "$T/hooks" init -q
cp "$ROOT/.pre-commit-hooks.yaml" "$T/hooks/"
g "$T/hooks" add .pre-commit-hooks.yaml && g "$T/hooks" commit -q -m hooks
REV=$(g "$T/hooks" rev-parse HEAD)

# the using repository
W=$T/etl
mkdir "$W"
g "$W" init -q
cp "$ROOT/test/cli/fixtures/clusters.json" "$W/clusters.json"
cat > "$W/.pre-commit-config.yaml" <<EOF
repos:
  - repo: $T/hooks
    rev: $REV
    hooks:
      - id: redshift-iam-check
EOF
cat > "$W/.redshift-iam-check.ini" <<'EOF'
[redshift-iam-check]
clusters = clusters.json
cluster = my-redshift-cluster
EOF
g "$W" add -A && g "$W" commit -q -m "setup" > "$T/log" 2>&1
(cd "$W" && pre-commit install > "$T/log" 2>&1)
check "pre-commit install (offline, local hooks repository)" eval '[ -x "$W/.git/hooks/pre-commit" ] || sed "s/^/#   /" "$T/log"'

commit() {  # commit MESSAGE: stage everything and commit; rc and output in $rc, $T/out
  (cd "$W" && git add -A && git commit -m "$1") > "$T/out" 2>&1; rc=$?
}
count() { g "$W" rev-list --count HEAD; }

# ---- a failing commit ----
cat > "$W/load.sql" <<'EOF'
-- nightly load
COPY sales FROM 's3://acme-dw/sales/' IAM_ROLE 'arn:aws:iam::123456789012:role/MyRedshiftRole' CSV;
EOF
before=$(count)
commit "load sales"
check "a commit staging a refused COPY fails" eval '[ "$rc" -ne 0 ] || { sed "s/^/#   /" "$T/out"; false; }'
check "... pre-commit reports the hook failed with the checker's finding at file:line:col" \
  eval 'grep -q "^redshift-iam-check.*Failed" "$T/out" && grep -qF "load.sql:2:39: error:" "$T/out" && grep -qF "[role-not-associated]" "$T/out" || { sed "s/^/#   /" "$T/out"; false; }'
check "... and no commit is made" eval '[ "$(count)" = "$before" ]'

# ---- the fixed commit passes ----
sed -i 's/MyRedshiftRole/RedshiftCopyUnload/' "$W/load.sql"
commit "load sales"
check "the fixed commit passes the hook and is made" \
  eval '[ "$rc" -eq 0 ] && grep -q "^redshift-iam-check.*Passed" "$T/out" && [ "$(count)" = "$((before + 1))" ] || { sed "s/^/#   /" "$T/out"; false; }'

# ---- only .sql files reach the hook ----
printf "COPY t FROM 's3://b' IAM_ROLE 'not-a-role';\n" > "$W/notes.txt"
commit "notes"
check "a staged file that is not *.sql is not checked (hook skipped)" \
  eval '[ "$rc" -eq 0 ] && grep -q "^redshift-iam-check.*Skipped" "$T/out" || { sed "s/^/#   /" "$T/out"; false; }'

# ---- a warning fails only with fail-on = warning ----
cat > "$W/templated.sql" <<'EOF'
COPY t FROM 's3://b/x' IAM_ROLE '{{ var.value.etl_role }}' CSV;
EOF
commit "templated"
check "a templated role is a warning: the commit passes" eval '[ "$rc" -eq 0 ] || { sed "s/^/#   /" "$T/out"; false; }'
printf 'fail-on = warning\n' >> "$W/.redshift-iam-check.ini"
printf -- '-- touched\n' >> "$W/templated.sql"
commit "templated again"
check "fail-on = warning in the configuration file: the same warning fails the commit" \
  eval '[ "$rc" -ne 0 ] && grep -qF "[templated-value]" "$T/out" || { sed "s/^/#   /" "$T/out"; false; }'
printf '[vars]\nvar.value.etl_role = arn:aws:iam::123456789012:role/RedshiftCopyUnload\n' >> "$W/.redshift-iam-check.ini"
printf -- '-- touched again\n' >> "$W/templated.sql"
commit "templated, with its value"
check "a [vars] value in the configuration file: the role is checked, the commit passes" \
  eval '[ "$rc" -eq 0 ] && grep -q "^redshift-iam-check.*Passed" "$T/out" || { sed "s/^/#   /" "$T/out"; false; }'

# ---- args as docs/cli.md shows them, without a configuration file ----
g "$W" rm -q --cached .redshift-iam-check.ini && rm "$W/.redshift-iam-check.ini"
cat > "$W/.pre-commit-config.yaml" <<EOF
repos:
  - repo: $T/hooks
    rev: $REV
    hooks:
      - id: redshift-iam-check
        args: [--clusters, clusters.json, --cluster, my-redshift-cluster]
EOF
sed -i 's/RedshiftCopyUnload/MyRedshiftRole/' "$W/load.sql"
commit "args"
check "hook args from the config (no .ini): a refusal fails the commit" \
  eval '[ "$rc" -ne 0 ] && grep -qF "load.sql:2:39: error:" "$T/out" || { sed "s/^/#   /" "$T/out"; false; }'
finish
