#!/usr/bin/env bash
# demo.sh — the main job on an embedded default: install what is missing,
# build, start a throwaway PostgreSQL in a temp dir, load the extension,
# run the seed scenario and check the sample ETL script (demo/), import a
# Redshift Serverless namespace and check a job against its workgroup, then
# check both scripts offline with redshift-iam-check against the
# describe-clusters output of the same catalog and the Serverless output.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
exec pg_virtualenv -t -i '--encoding=UTF8' sh -c '
  psql -X -q -v ON_ERROR_STOP=0 -f demo/demo.sql postgres
  echo
  echo "== 12. The same script checked offline: redshift-iam-check on describe_clusters() output"
  d=$(mktemp -d)
  psql -X -At -c "SELECT redshift_iam.describe_clusters()" postgres > "$d/clusters.json"
  echo "\$ redshift-iam-check --clusters clusters.json --cluster my-redshift-cluster demo/nightly_etl.sql"
  redshift-iam-check --clusters "$d/clusters.json" --cluster my-redshift-cluster --db-user postgres \
    --caret always demo/nightly_etl.sql
  echo "(exit status $?: 0 = every command may run, 1 = some are refused, 2 = usage or input error)"
  echo
  echo "== 12b. The same, with the IAM export: role trust, chains and permissions checked offline too"
  echo "\$ redshift-iam-check --clusters clusters.json --cluster my-redshift-cluster --iam demo/iam-export.json demo/nightly_etl.sql"
  redshift-iam-check --clusters "$d/clusters.json" --cluster my-redshift-cluster --db-user postgres \
    --iam demo/iam-export.json demo/nightly_etl.sql
  echo "(exit status $?)"
  echo
  echo "== 13. The Serverless job checked offline: the same list-namespaces and list-workgroups output"
  echo "\$ redshift-iam-check --clusters demo/namespaces.json --clusters demo/workgroups.json --cluster etl-wg demo/serverless_etl.sql"
  redshift-iam-check --clusters demo/namespaces.json --clusters demo/workgroups.json --cluster etl-wg \
    --db-user postgres --caret always demo/serverless_etl.sql
  echo "(exit status $?)"
  rm -rf "$d"
  true'
