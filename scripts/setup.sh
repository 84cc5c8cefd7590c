#!/usr/bin/env bash
# setup.sh — install what is missing (Debian/Ubuntu, as root or with sudo),
# then build and install the extension and the command-line checker.
set -euo pipefail
cd "$(dirname "$0")/.."

PKGS="make gcc postgresql-15 postgresql-server-dev-15 postgresql-common libjansson-dev libinih-dev
      postgresql-15-pgtap libtap-parser-sourcehandler-pgtap-perl
      python3 clang-14 libclang-rt-14-dev valgrind pre-commit
      dpkg-dev debhelper postgresql-server-dev-all
      libmicrohttpd-dev libssl-dev libxml2-dev libpq-dev awscli python3-boto3 nodejs"
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"

missing=""
for p in $PKGS; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
if [ -n "$missing" ]; then
  echo "setup: installing$missing"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq $missing >/dev/null
fi

# the differential test's independent IAM evaluator (test-time only; test/differential);
# npm comes with some builds of nodejs and is Debian's package npm otherwise
if ! command -v npm > /dev/null; then
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq npm >/dev/null || true
fi
if [ ! -d test/differential/node_modules/@cloud-copilot/iam-simulate ]; then
  (cd test/differential && npm install --no-audit --no-fund --silent) \
    || echo "setup: npm install in test/differential failed: iam_differential.sh will fail"
fi

export PG_CONFIG=${PG_CONFIG:-/usr/lib/postgresql/15/bin/pg_config}
make -s PG_CONFIG="$PG_CONFIG" >/dev/null
$SUDO make -s PG_CONFIG="$PG_CONFIG" install >/dev/null
echo "setup: built and installed redshift_iam $(sed -n "s/^default_version *= *'\(.*\)'/\1/p" redshift_iam.control)"
