#!/usr/bin/env bash
# iam_differential.sh — redshift_iam's IAM decision (rsi_iam_decide: identity
# policies, S3 bucket policies, same account and cross-account, explicit
# deny, conditions) against an independent evaluator,
# @cloud-copilot/iam-simulate (npm, test-time only, installed by
# scripts/setup.sh into test/differential/node_modules), on 1,000 generated
# cases; TAP.  No server needed.
set -uo pipefail
cd "$(dirname "$0")/../.."
D=test/differential
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
if ! gcc -std=c11 -O2 -Isrc/core -o "$T/iam_decide" "$D/iam_decide.c" src/core/*/*.c -ljansson 2> "$T/build.log"; then
  echo "not ok 1 - the decision driver builds"; sed 's/^/# /' "$T/build.log" | head -10; echo "1..1"; exit 1
fi
if ! command -v node > /dev/null || [ ! -d "$D/node_modules/@cloud-copilot/iam-simulate" ]; then
  echo "not ok 1 - node and @cloud-copilot/iam-simulate are installed (bash scripts/setup.sh installs them)"; echo "1..1"; exit 1
fi
(cd "$D" && node iam_simulate.mjs "${IAM_DIFF_CASES:-1000}" "$T/iam_decide")
