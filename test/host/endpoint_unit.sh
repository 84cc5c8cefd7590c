#!/usr/bin/env bash
# endpoint_unit.sh — the unit tests of redshift-iam-endpoint's pure parts
# (test/endpoint/test_*.c: form parsing, SigV4, errors, XML, planning), as
# TAP.  They link src/endpoint's pure files with OpenSSL, libxml2 and
# jansson, so they are built by their own Makefile rule, not with the
# core's unit tests (which link the core alone).
set -uo pipefail
cd "$(dirname "$0")/../.."
rc=0
for src in test/endpoint/test_*.c; do
  bin=${src%.c}.bin
  if ! make -s "$bin" > /tmp/endpoint_unit.$$ 2>&1; then
    echo "not ok 1 - $src builds"; sed 's/^/# /' /tmp/endpoint_unit.$$ | tail -20; echo "1..1"; rm -f /tmp/endpoint_unit.$$; exit 1
  fi
  rm -f /tmp/endpoint_unit.$$
  ./"$bin" || rc=1
done
exit $rc
