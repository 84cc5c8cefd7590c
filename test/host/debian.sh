#!/usr/bin/env bash
# debian.sh — build the Debian packages (debian/) in a scratch copy of the
# tree with `dpkg-buildpackage -us -uc -b`, check what each package holds,
# and use them without installing them into the system: the packages are
# unpacked with `dpkg-deb -x` into a scratch directory, the checker runs from
# there, and a throwaway cluster (the system's PostgreSQL binaries, a private
# data directory and socket) loads the extension from there through
# extension_destdir, the setting `pg_buildext installcheck` and autopkgtest
# use.  The system's PostgreSQL directories are never written: the other
# suites of the same run use the extension that setup.sh installed there.
#
# A host suite (test/suites.list): runs on the build machine, prints TAP.
# Needs dpkg-dev, debhelper, fakeroot and postgresql-server-dev-all
# (scripts/setup.sh installs them).  RSI_KEEP_DEB=1 keeps the scratch
# directory and prints its path.
set -uo pipefail
cd "$(dirname "$0")/../.."
ROOT=$(pwd)

n=0; failed=0
ok()     { n=$((n + 1)); echo "ok $n - $*"; }
not_ok() { n=$((n + 1)); failed=$((failed + 1)); echo "not ok $n - $*"; }
diag()   { sed 's/^/# /'; }
finish() { echo "1..$n"; [ "$failed" -eq 0 ]; exit $?; }
check()  { local d=$1; shift; if "$@"; then ok "$d"; else not_ok "$d"; fi; }

PGV=15
PGBIN=/usr/lib/postgresql/$PGV/bin
EXTV=$(sed -n "s/^default_version *= *'\(.*\)'/\1/p" redshift_iam.control)

W=$(mktemp -d /tmp/rsi-debian.XXXXXX)
chmod 755 "$W"
PGDATA_DIR=$W/data
cleanup() {
  if [ -f "$PGDATA_DIR/postmaster.pid" ]; then
    as_pg "$PGBIN/pg_ctl" -D "$PGDATA_DIR" -m immediate -w stop >/dev/null 2>&1
  fi
  if [ "${RSI_KEEP_DEB:-}" = 1 ]; then echo "# kept $W" >&2; else rm -rf "$W"; fi
}
trap cleanup EXIT
# as_pg CMD...: run CMD as the server's owner (postgres when we are root:
# initdb and postgres refuse to run as root)
if [ "$(id -u)" -eq 0 ]; then as_pg() { runuser -u postgres -- "$@"; }
else as_pg() { "$@"; }; fi

# ---- the tools ----
missing=""
for t in dpkg-buildpackage dpkg-deb dh pg_buildext; do
  command -v "$t" >/dev/null || missing="$missing $t"
done
[ -x "$PGBIN/initdb" ] || missing="$missing $PGBIN/initdb"
if [ -n "$missing" ]; then
  not_ok "build tools present (missing:$missing; scripts/setup.sh installs them)"
  finish
fi
ok "build tools present (dpkg-buildpackage, debhelper, pg_buildext, PostgreSQL $PGV)"

# ---- the changelog's version is the extension's ----
DEBV=$(dpkg-parsechangelog -l debian/changelog -S Version)
is_v=${DEBV%-*}
if [ "$is_v" = "$EXTV" ]; then ok "debian/changelog version $DEBV carries the extension version $EXTV"
else not_ok "debian/changelog version $DEBV does not carry the extension version $EXTV (add a changelog entry: dch -v $EXTV-1)"; fi

# ---- debian/control is what pg_buildext makes of debian/control.in ----
# (not `pg_buildext checkcontrol`: it rewrites a stale control when the
# changelog names a backport; here the comparison never writes)
( cd "$W" && mkdir -p cc/debian && cp "$ROOT"/debian/control.in "$ROOT"/debian/pgversions \
    "$ROOT"/debian/changelog cc/debian/ && cd cc && pg_buildext updatecontrol ) >/dev/null 2>&1
if [ -f "$W/cc/debian/control" ] && cmp -s "$W/cc/debian/control" debian/control; then
  ok "debian/control is up to date with debian/control.in (pg_buildext updatecontrol)"
else
  not_ok "debian/control is stale: run pg_buildext updatecontrol"
  diff -u debian/control "$W/cc/debian/control" | head -30 | diag
fi

# ---- a scratch copy: the files git knows, as they are in the working tree ----
SRC=$W/redshift-iam-$EXTV
mkdir -p "$SRC"
if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
  git ls-files -z -co --exclude-standard \
    | while IFS= read -r -d '' f; do [ -e "$f" ] && printf '%s\0' "$f"; done \
    | tar --null -T - -cf - | tar -xf - -C "$SRC"
else
  cp -a . "$SRC" && make -s -C "$SRC" clean >/dev/null 2>&1
fi

# ---- the source package: 3.0 (quilt), the orig tarball is the tree without debian/ ----
( cd "$W" && tar --exclude="redshift-iam-$EXTV/debian" -czf "redshift-iam_$EXTV.orig.tar.gz" "redshift-iam-$EXTV" \
    && dpkg-source -b "redshift-iam-$EXTV" ) > "$W/source.log" 2>&1 < /dev/null
rc=$?
if [ "$rc" -eq 0 ] && [ -f "$W/redshift-iam_$DEBV.dsc" ] && [ -f "$W/redshift-iam_$DEBV.debian.tar.xz" ]; then
  ok "dpkg-source -b builds the source package redshift-iam_$DEBV ($(cat "$SRC/debian/source/format"))"
else
  not_ok "dpkg-source -b (exit status $rc)"; tail -15 "$W/source.log" | diag
fi

# ---- build: binary packages only, the regression suite not run inside ----
start=$(date +%s)
( cd "$SRC" && DEB_BUILD_OPTIONS="nocheck${DEB_BUILD_OPTIONS:+ $DEB_BUILD_OPTIONS}" \
    dpkg-buildpackage -us -uc -b ) > "$W/build.log" 2>&1 < /dev/null
rc=$?
secs=$(( $(date +%s) - start ))
EXT_DEB=$W/postgresql-$PGV-redshift-iam_${DEBV}_$(dpkg --print-architecture).deb
CLI_DEB=$W/redshift-iam-check_${DEBV}_$(dpkg --print-architecture).deb
if [ "$rc" -eq 0 ] && [ -f "$EXT_DEB" ] && [ -f "$CLI_DEB" ]; then
  ok "dpkg-buildpackage -us -uc -b builds postgresql-$PGV-redshift-iam and redshift-iam-check ($secs s)"
else
  not_ok "dpkg-buildpackage -us -uc -b (exit status $rc, $secs s)"
  grep -vE "^(gcc|cc|clang) " "$W/build.log" | tail -25 | diag
  finish
fi

# ---- lintian, when installed: reported, never failed on ----
if command -v lintian >/dev/null; then
  lintian --no-tag-display-limit "$W"/*.changes 2>&1 | head -40 | diag
  ok "lintian ran (its findings above are reported, not counted)"
else
  ok "lintian # SKIP not installed"
fi

# ---- what each package holds ----
contents() { dpkg-deb -c "$1" | awk '{print $6}' | sed 's,^\./,/,'; }
EXT_FILES=$(contents "$EXT_DEB")
CLI_FILES=$(contents "$CLI_DEB")
echo "# postgresql-$PGV-redshift-iam:"; echo "$EXT_FILES" | grep -v '/$' | diag
echo "# redshift-iam-check:";        echo "$CLI_FILES" | grep -v '/$' | diag

want_ext="/usr/lib/postgresql/$PGV/lib/redshift_iam.so
/usr/share/postgresql/$PGV/extension/redshift_iam.control"
for f in extension/redshift_iam--*.sql; do
  want_ext="$want_ext
/usr/share/postgresql/$PGV/extension/$(basename "$f")"
done
want_ext="$want_ext
/usr/share/postgresql/$PGV/extension/redshift_iam--$EXTV.sql"
miss=$(comm -23 <(echo "$want_ext" | sort -u) <(echo "$EXT_FILES" | sort -u))
if [ -z "$miss" ]; then ok "the extension package holds the module, the control file and every install and upgrade script"
else not_ok "the extension package lacks files"; echo "$miss" | diag; fi

stray=$(echo "$EXT_FILES" | grep -E '^/usr/(bin|local)/|redshift-iam-check' || true)
if [ -z "$stray" ]; then ok "the extension package holds no command-line checker and nothing under /usr/local"
else not_ok "the extension package holds files of the checker"; echo "$stray" | diag; fi

if echo "$CLI_FILES" | grep -qx '/usr/bin/redshift-iam-check' \
   && ! echo "$CLI_FILES" | grep -qE '^/usr/(lib|share)/postgresql|^/usr/local/'; then
  ok "redshift-iam-check holds /usr/bin/redshift-iam-check and no PostgreSQL files"
else
  not_ok "redshift-iam-check's files"; echo "$CLI_FILES" | diag
fi
check "redshift-iam-check holds its manual page" \
  bash -c "echo \"\$1\" | grep -qx /usr/share/man/man1/redshift-iam-check.1.gz" _ "$CLI_FILES"
check "redshift-iam-check holds its documentation and the copyright file" \
  bash -c "echo \"\$1\" | grep -qx /usr/share/doc/redshift-iam-check/copyright && echo \"\$1\" | grep -q '^/usr/share/doc/redshift-iam-check/README'" _ "$CLI_FILES"
check "redshift-iam-check holds cli.md and rules.md uncompressed (its SARIF output links them by path)" \
  bash -c "echo \"\$1\" | grep -qx /usr/share/doc/redshift-iam-check/cli.md && echo \"\$1\" | grep -qx /usr/share/doc/redshift-iam-check/rules.md" _ "$CLI_FILES"

EXT_DEP=$(dpkg-deb -f "$EXT_DEB" Depends)
CLI_DEP=$(dpkg-deb -f "$CLI_DEB" Depends)
echo "# Depends: postgresql-$PGV-redshift-iam: $EXT_DEP"
echo "# Depends: redshift-iam-check: $CLI_DEP"
if echo "$EXT_DEP" | grep -qE "(^|, )postgresql-$PGV( |,|$)" && echo "$EXT_DEP" | grep -q libjansson; then
  ok "the extension package depends on postgresql-$PGV and libjansson"
else not_ok "the extension package's Depends: $EXT_DEP"; fi
if echo "$CLI_DEP" | grep -q libjansson && ! echo "$CLI_DEP" | grep -q postgresql; then
  ok "redshift-iam-check depends on libjansson, not on PostgreSQL"
else not_ok "redshift-iam-check's Depends: $CLI_DEP"; fi

# ---- the endpoint's package ----
EP_DEB=$W/redshift-iam-endpoint_${DEBV}_$(dpkg --print-architecture).deb
EP_FILES=$([ -f "$EP_DEB" ] && contents "$EP_DEB")
if echo "$EP_FILES" | grep -qx /usr/bin/redshift-iam-endpoint \
   && echo "$EP_FILES" | grep -qx /usr/share/man/man1/redshift-iam-endpoint.1.gz \
   && ! echo "$EP_FILES" | grep -qE '^/usr/(lib|share)/postgresql|^/usr/local/|redshift-iam-check'; then
  ok "redshift-iam-endpoint holds /usr/bin/redshift-iam-endpoint and its manual page, no PostgreSQL files"
else not_ok "redshift-iam-endpoint's package and files"; echo "$EP_FILES" | diag; fi
if [ -f "$EP_DEB" ] && dpkg-deb -f "$EP_DEB" Depends | grep -q libmicrohttpd && dpkg-deb -f "$EP_DEB" Depends | grep -q libpq; then
  ok "redshift-iam-endpoint depends on libmicrohttpd and libpq"
else not_ok "redshift-iam-endpoint's Depends: $([ -f "$EP_DEB" ] && dpkg-deb -f "$EP_DEB" Depends)"; fi

# ---- unpack both, as dpkg would install them, into a scratch root ----
X=$W/root
mkdir -p "$X" && chmod 755 "$X"
dpkg-deb -x "$EXT_DEB" "$X" && dpkg-deb -x "$CLI_DEB" "$X"
[ -f "$EP_DEB" ] && dpkg-deb -x "$EP_DEB" "$X"
check "the packaged redshift-iam-endpoint runs (--version)" \
  bash -c "\"\$1\" --version | grep -qx 'redshift-iam-endpoint $EXTV'" _ "$X/usr/bin/redshift-iam-endpoint"

# ---- the checker, from /usr/bin of the package ----
CLI=$X/usr/bin/redshift-iam-check
if "$CLI" --help 2>&1 | grep -q '^Usage: redshift-iam-check'; then ok "redshift-iam-check --help"
else not_ok "redshift-iam-check --help"; "$CLI" --help 2>&1 | head -5 | diag; fi
F=test/cli/fixtures/clusters.json
"$CLI" -C my-redshift-cluster -c "$F" test/cli/sql/pass.sql > "$W/pass.out" 2>&1; rp=$?
"$CLI" -C my-redshift-cluster -c "$F" test/cli/sql/fail.sql > "$W/fail.out" 2>&1; rf=$?
if [ "$rp" -eq 0 ] && [ "$rf" -eq 1 ] && grep -q 'role-not-associated' "$W/fail.out"; then
  ok "the packaged checker accepts pass.sql (0) and refuses fail.sql (1, role-not-associated)"
else
  not_ok "the packaged checker: pass.sql exit $rp (want 0), fail.sql exit $rf (want 1)"
  cat "$W/pass.out" "$W/fail.out" | head -10 | diag
fi

# ---- a throwaway cluster that finds the extension in the unpacked package ----
SOCK=$W/sock
LOG=$SOCK/server.log
mkdir -p "$PGDATA_DIR" "$SOCK"
[ "$(id -u)" -eq 0 ] && chown postgres "$PGDATA_DIR" "$SOCK"
PORT=$(( 60000 + $$ % 4000 ))
if as_pg "$PGBIN/initdb" -D "$PGDATA_DIR" -A trust -U postgres --no-sync --encoding=UTF8 --locale=C.UTF-8 \
      > "$W/initdb.log" 2>&1 \
   && printf "port = %s\nunix_socket_directories = '%s'\nlisten_addresses = ''\nfsync = off\nextension_destdir = '%s'\n" \
        "$PORT" "$SOCK" "$X" >> "$PGDATA_DIR/postgresql.conf" \
   && as_pg "$PGBIN/pg_ctl" -D "$PGDATA_DIR" -l "$LOG" -w start > /dev/null 2>&1; then
  ok "a throwaway cluster with extension_destdir = the unpacked package"
else
  not_ok "a throwaway cluster"; cat "$W/initdb.log" "$LOG" 2>/dev/null | tail -20 | diag
  finish
fi
export PGHOST=$SOCK PGPORT=$PORT PGUSER=postgres PGDATABASE=postgres
unset PGSERVICE PGPASSWORD
PSQL="$PGBIN/psql -X -q -A -t -v ON_ERROR_STOP=1"

got=$($PSQL -c "CREATE EXTENSION redshift_iam" \
            -c "SELECT extversion FROM pg_extension WHERE extname = 'redshift_iam'" 2>&1)
if [ "$got" = "$EXTV" ]; then ok "CREATE EXTENSION redshift_iam gives version $EXTV"
else not_ok "CREATE EXTENSION redshift_iam"; echo "$got" | diag; fi

# The module the backend maps is the package's, not the system's (setup.sh
# installs one there too): the session that calls a C function reads its own
# memory map.
maps=$($PSQL <<'SQL' 2>&1
SELECT redshift_iam.parse_command('COPY t FROM ''s3://b/k'' IAM_ROLE ''arn:aws:iam::123456789012:role/R''') IS NOT NULL;
SELECT pg_read_file('/proc/self/maps');
SQL
)
lib=$(echo "$maps" | grep -o '/[^ ]*redshift_iam\.so' | sort -u)
if [ "$lib" = "$X/usr/lib/postgresql/$PGV/lib/redshift_iam.so" ]; then
  ok "the backend loaded the packaged redshift_iam.so"
else
  not_ok "the backend loaded ${lib:-no redshift_iam.so}, want $X/usr/lib/postgresql/$PGV/lib/redshift_iam.so"
  echo "$maps" | grep -v '^[0-9a-f]*-' | head -5 | diag
fi

# ---- the autopkgtests: every test debian/tests/control names exists ----
names=$(sed -n 's/^Tests: *//p' debian/tests/control | tr ', ' '\n\n' | sed '/^$/d')
bad=""
for t in $names; do [ -x "debian/tests/$t" ] || bad="$bad $t"; done
if [ -z "$bad" ] && [ -n "$names" ] && grep -q '^Test-Command: pg_buildext installcheck$' debian/tests/control; then
  ok "debian/tests/control runs pg_buildext installcheck and $(echo $names | wc -w) script(s) of debian/tests, each executable"
else
  not_ok "debian/tests/control: missing or not executable:${bad:- no Tests: line or no pg_buildext installcheck}"
fi
if ( cd "$SRC" && PATH=$X/usr/bin:$PATH AUTOPKGTEST_TMP=$W sh debian/tests/cli ) > "$W/tests-cli.log" 2>&1 \
   && grep -qx "$X/usr/bin/redshift-iam-check" "$W/tests-cli.log"; then
  ok "the autopkgtest debian/tests/cli passes with the packaged checker first on the PATH"
else
  not_ok "debian/tests/cli"; tail -10 "$W/tests-cli.log" | diag
fi

# ---- the autopkgtest's suite: make installcheck against the packaged files ----
if ( cd "$SRC" && make -s installcheck PG_CONFIG="$PGBIN/pg_config" ) > "$W/installcheck.log" 2>&1; then
  ok "make installcheck (the suite debian/tests/control runs) passes against the package"
else
  not_ok "make installcheck against the package"
  { tail -20 "$W/installcheck.log"; head -40 "$SRC/regression.diffs" 2>/dev/null; } | diag
fi

finish
