#!/usr/bin/env bash
# readme.sh — the README's SQL examples work as written.  Each block that
# follows a "<!-- readme.sh: NAME -->" line is run by psql, as written, in a
# fresh database; every Cluster object a statement returns is summarised as
# "<ClusterStatus>: <role> <ApplyStatus>, ..." and the summaries must equal
# the block's "-- =>" lines, in order.
set -uo pipefail
cd "$(dirname "$0")/../.."
. test/extended/lib/common.bash

# block NAME: the SQL of README block NAME
block() {
  python3 - "$1" <<'PY'
import re, sys
text = open("README.md", encoding="utf-8").read()
m = re.search(r"<!-- readme\.sh: %s -->\s*```sql\n(.*?)```" % re.escape(sys.argv[1]), text, re.S)
sys.stdout.write(m.group(1) if m else "")
PY
}

# summaries: read psql -At output, print one summary per Cluster object
summaries() {
  python3 -c '
import json, sys
for line in sys.stdin:
    line = line.strip()
    if not line.startswith("{"):
        continue
    doc = json.loads(line)
    for c in doc.get("Clusters", [doc.get("Cluster")]):
        if c:
            roles = ", ".join("%s %s" % (r["IamRoleArn"].rsplit("/", 1)[1], r["ApplyStatus"]) for r in c["IamRoles"])
            print("%s: %s" % (c["ClusterStatus"], roles))
'
}

# run_block NAME DB COUNT: run it and compare with its "-- =>" lines; the
# block must document COUNT results (an edit that drops them, or a run
# that returns none, fails instead of comparing nothing with nothing)
run_block() {
  local name=$1 db=$2 count=$3 sqltext out want got nwant ngot
  sqltext=$(block "$name")
  [ -n "$sqltext" ] || { not_ok "README block $name found"; return; }
  want=$(printf '%s\n' "$sqltext" | sed -n 's/^-- => //p')
  if out=$(printf '%s\n' "$sqltext" | psql -X -q -A -t -v ON_ERROR_STOP=1 -d "$db" 2>&1); then
    ok "README block $name runs as written"
  else
    not_ok "README block $name runs as written"; printf '%s\n' "$out" | tail -5 | diag
  fi
  got=$(printf '%s\n' "$out" | summaries); rc=$?
  nwant=$(printf '%s' "$want" | grep -c .); ngot=$(printf '%s' "$got" | grep -c .)
  if [ "$rc" -ne 0 ] || [ "$nwant" -ne "$count" ] || [ "$ngot" -ne "$count" ]; then
    not_ok "README block $name: $count results documented and returned (documented $nwant, returned $ngot, summary exit $rc)"
  else
    ok "README block $name: $count results documented and returned"
  fi
  is "README block $name: results are the documented ones" "$got" "$want"
}

# the seed scenario's CLI examples, with the default settings
fresh_db rsi_readme_seed
run_block seed "$DB" 4

# the grant recipe: a plain role creates a cluster through its principal
fresh_db rsi_readme_grant
sql "$DB" -c "CREATE EXTENSION redshift_iam" >/dev/null
on_exit "psql -X -q -c 'DROP ROLE IF EXISTS alice' -c 'DROP ROLE IF EXISTS redshift_admins' postgres"
run_block grant "$DB" 1
refuses "README grant recipe: alice may not add a role outside etl-*" "$DB" alice 42501 \
  "SELECT redshift_iam.create_cluster('other', 'ra3.xlplus', 2, ARRAY['arn:aws:iam::123456789012:role/admin'])"

finish
