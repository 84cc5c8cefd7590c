#!/usr/bin/env bash
# demo.sh — the main job on an embedded default: install what is missing,
# build, start a throwaway PostgreSQL in a temp dir, load the extension,
# run the seed scenario and check the sample ETL script (demo/).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
exec pg_virtualenv -t sh -c 'psql -X -q -v ON_ERROR_STOP=0 -f demo/demo.sql postgres'
