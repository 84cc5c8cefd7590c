#!/usr/bin/env bash
# endpoint.sh — the seed scenario through redshift-iam-endpoint with Debian's
# awscli (v2), as TAP: the seed's create-cluster, modify-cluster-iam-roles
# and describe-clusters commands, verbatim but for --endpoint-url and the
# master user options create-cluster requires, with statuses moving
# adding -> in-sync and removing -> gone (apply_delay 8 s); `aws redshift
# wait cluster-available`; delete-cluster (its final-snapshot parameters,
# deleting, `aws redshift wait cluster-deleted`) and create-cluster's node
# counts with AWS's error codes; an IAM denial as the CLI prints it; pagination
# through --max-items / --starting-token and --page-size (Marker); the
# master password in no log or table; no ordinary role can act as a key;
# the endpoint reconnects after a database restart; SIGTERM stops it.
set -uo pipefail
cd "$(dirname "$0")/../.."
. test/extended/lib/common.bash
. test/extended/lib/endpoint.bash

AWS=/usr/bin/aws
if [ ! -x "$AWS" ]; then not_ok "Debian's awscli is installed (/usr/bin/aws; apt-get install awscli)"; finish; fi
if ! ep_build; then not_ok "redshift-iam-endpoint builds"; finish; fi
ok "redshift-iam-endpoint builds"

fresh_db rsi_endpoint
SU=$(sql "$DB" -c "SELECT current_user")
sql "$DB" -c "CREATE EXTENSION redshift_iam" || { not_ok "CREATE EXTENSION"; finish; }
sql "$DB" -c "ALTER DATABASE $DB SET redshift_iam.apply_delay = '8s'" -c "ALTER DATABASE $DB SET redshift_iam.account_id = '123456789012'" -o /dev/null
ep_setup_role "$DB" || not_ok "the endpoint's role"
ADMIN=arn:aws:iam::123456789012:user/admin
ETL=arn:aws:iam::123456789012:user/etl
sql "$DB" -o /dev/null <<SQL
SELECT redshift_iam.put_principal_policy('$ADMIN', 'all',
  '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}');
SELECT redshift_iam.put_principal_policy('$ETL', 'seed', '{
  "Version": "2012-10-17",
  "Statement": [
    {"Sid": "Describe", "Effect": "Allow", "Action": "redshift:DescribeClusters", "Resource": "*"},
    {"Sid": "TwoClusters", "Effect": "Allow",
     "Action": ["redshift:ModifyClusterIamRoles", "redshift:CreateCluster"],
     "Resource": ["arn:aws:redshift:us-east-1:123456789012:cluster:my-redshift-cluster",
                  "arn:aws:redshift:us-east-1:123456789012:cluster:my-second-redshift-cluster"]},
    {"Sid": "ThreeRoles", "Effect": "Allow", "Action": "iam:PassRole",
     "Resource": ["arn:aws:iam::123456789012:role/MyRedshiftRole",
                  "arn:aws:iam::123456789012:role/SecondRedshiftRole",
                  "arn:aws:iam::123456789012:role/ThirdRedshiftRole"]}]}');
SQL
read -r ADMIN_KEY ADMIN_SECRET < <(ep_key "$DB" "$ADMIN")
read -r ETL_KEY ETL_SECRET < <(ep_key "$DB" "$ETL")
[ -n "$ADMIN_SECRET" ] && [ -n "$ETL_SECRET" ] || { not_ok "create_access_key"; finish; }

if ! ep_start "$DB"; then not_ok "the endpoint starts"; finish; fi
ok "the endpoint starts on 127.0.0.1:$EP_PORT as role rsi_endpoint"

T=$(mktemp -d); on_exit "rm -rf $T"
export AWS_CONFIG_FILE=/dev/null AWS_SHARED_CREDENTIALS_FILE=/dev/null AWS_DEFAULT_REGION=us-east-1 \
       AWS_PAGER="" AWS_EC2_METADATA_DISABLED=true
as_admin() { AWS_ACCESS_KEY_ID=$ADMIN_KEY AWS_SECRET_ACCESS_KEY=$ADMIN_SECRET "$AWS" --endpoint-url "$EP_URL" "$@"; }
as_etl()   { AWS_ACCESS_KEY_ID=$ETL_KEY AWS_SECRET_ACCESS_KEY=$ETL_SECRET "$AWS" --endpoint-url "$EP_URL" "$@"; }
# a Cluster object as "status: Role status, Role status"
summary() {
  python3 -c '
import json, sys
d = json.load(sys.stdin)
cs = d["Clusters"] if "Clusters" in d else [d["Cluster"]]
for c in cs:
    print(c["ClusterStatus"] + ": " + ", ".join(r["IamRoleArn"].split("/")[-1] + " " + r["ApplyStatus"] for r in c["IamRoles"]))'
}
PASSWORD="Endp0int$(head -c 64 /dev/urandom | base64 -w0 | tr -dc 'A-Za-z0-9' | head -c 16)"

# ---- the seed ----
as_admin redshift create-cluster --cluster-identifier my-redshift-cluster --node-type dc1.large \
  --number-of-nodes 16 --iam-roles arn:aws:iam::123456789012:role/RedshiftCopyUnload \
  arn:aws:iam::123456789012:role/SecondRedshiftRole \
  --master-username adminuser --master-user-password "$PASSWORD" > "$T/create.json" 2> "$T/err"
is "create-cluster prints the new cluster, creating, both roles adding" "$(summary < "$T/create.json")" \
   "creating: RedshiftCopyUnload adding, SecondRedshiftRole adding"
is "create-cluster: identifier, node type and count as given" \
   "$(python3 -c 'import json,sys; c=json.load(sys.stdin)["Cluster"]; print(c["ClusterIdentifier"], c["NodeType"], c["NumberOfNodes"])' < "$T/create.json")" \
   "my-redshift-cluster dc1.large 16"

# the cluster is creating for apply_delay (8 s); a superuser finishes that at once
sql "$DB" -o /dev/null -c "SELECT redshift_iam.apply_pending_changes()"
if AWS_ACCESS_KEY_ID=$ADMIN_KEY AWS_SECRET_ACCESS_KEY=$ADMIN_SECRET \
   timeout 60 "$AWS" --endpoint-url "$EP_URL" redshift wait cluster-available --cluster-identifier my-redshift-cluster 2> "$T/err"; then
  ok "aws redshift wait cluster-available returns once the cluster is available"
else not_ok "aws redshift wait cluster-available"; diag < "$T/err"; fi

as_admin redshift modify-cluster-iam-roles --cluster-identifier my-redshift-cluster \
  --add-iam-roles arn:aws:iam::123456789012:role/MyRedshiftRole > "$T/add.json" 2> "$T/err"
is "modify-cluster-iam-roles --add-iam-roles: the new role adding" "$(summary < "$T/add.json")" \
   "available: RedshiftCopyUnload in-sync, SecondRedshiftRole in-sync, MyRedshiftRole adding"
removed_at=$(date +%s.%N)
as_admin redshift modify-cluster-iam-roles --cluster-identifier my-redshift-cluster \
  --remove-iam-roles arn:aws:iam::123456789012:role/RedshiftCopyUnload > "$T/remove.json" 2> "$T/err"
is "modify-cluster-iam-roles --remove-iam-roles: the role removing" "$(summary < "$T/remove.json")" \
   "available: RedshiftCopyUnload removing, SecondRedshiftRole in-sync, MyRedshiftRole adding"
# changes apply 8 s after they were requested: the removal is the last
sleep "$(python3 -c "import sys; print(max(0.0, float(sys.argv[1]) + 8.3 - float(sys.argv[2])))" "$removed_at" "$(date +%s.%N)")"
as_admin redshift describe-clusters --cluster-identifier my-redshift-cluster > "$T/describe.json" 2> "$T/err"
is "describe-clusters after the delay: in-sync, the removed role gone" "$(summary < "$T/describe.json")" \
   "available: SecondRedshiftRole in-sync, MyRedshiftRole in-sync"
is "describe-clusters through the endpoint equals describe_clusters() over libpq" \
   "$(python3 -c 'import json,sys; print(json.dumps(json.load(sys.stdin)["Clusters"][0]["IamRoles"]))' < "$T/describe.json")" \
   "$(sql "$DB" -c "SET redshift_iam.account_id = '123456789012'" -c "SELECT (redshift_iam.describe_clusters('my-redshift-cluster')->'Clusters'->0->'IamRoles')::text" | tail -1 | python3 -c 'import json,sys; print(json.dumps(json.load(sys.stdin)))')"

# ---- errors as the CLI prints them ----
as_admin redshift describe-clusters --cluster-identifier no-such-cluster > /dev/null 2> "$T/err"; rc=$?
is "an unknown cluster: the CLI prints ClusterNotFound (exit 254)" "$rc $(tr -d '\n' < "$T/err")" \
   "254 An error occurred (ClusterNotFound) when calling the DescribeClusters operation: Cluster no-such-cluster not found."
as_etl redshift create-cluster --cluster-identifier my-third-cluster --node-type dc1.large --number-of-nodes 2 \
  --master-username adminuser --master-user-password "$PASSWORD" > /dev/null 2> "$T/err"
is "the seed policy's user may not create a third cluster: IAM's message" "$(tr -d '\n' < "$T/err")" \
   "An error occurred (AccessDenied) when calling the CreateCluster operation: User: $ETL is not authorized to perform: redshift:CreateCluster on resource: arn:aws:redshift:us-east-1:123456789012:cluster:my-third-cluster because no identity-based policy allows the redshift:CreateCluster action"
as_etl redshift create-cluster --cluster-identifier my-second-redshift-cluster --node-type dc1.large --number-of-nodes 10 \
  --iam-roles arn:aws:iam::123456789012:role/RedshiftCopyUnload \
  --master-username adminuser --master-user-password "$PASSWORD" > /dev/null 2> "$T/err"
is "nor pass RedshiftCopyUnload (PassRole per role)" "$(tr -d '\n' < "$T/err")" \
   "An error occurred (AccessDenied) when calling the CreateCluster operation: User: $ETL is not authorized to perform: iam:PassRole on resource: arn:aws:iam::123456789012:role/RedshiftCopyUnload because no identity-based policy allows the iam:PassRole action"
is "denials changed nothing" "$(sql "$DB" -c "SELECT count(*) FROM redshift_iam.catalog_clusters")" "1"

# ---- pagination: 24 more clusters, pages of 20 (MaxRecords/Marker) and --max-items ----
sql "$DB" -o /dev/null -c "SET redshift_iam.account_id = '123456789012'" \
  -c "SELECT redshift_iam.create_cluster(format('page-%s', lpad(i::text, 2, '0')), 'dc2.large', 2) FROM generate_series(1, 24) i"
as_admin redshift describe-clusters --max-items 10 --page-size 20 > "$T/p1.json" 2> "$T/err"
read -r n1 tok < <(python3 -c 'import json,sys; d=json.load(sys.stdin); print(len(d["Clusters"]), d.get("NextToken", "-"))' < "$T/p1.json")
is "describe-clusters --max-items 10: ten clusters and a NextToken" "$n1 $([ "$tok" != - ] && echo token)" "10 token"
as_admin redshift describe-clusters --max-items 30 --page-size 20 --starting-token "$tok" > "$T/p2.json" 2> "$T/err"
is "--starting-token NextToken: the other fifteen, across a Marker, none twice" \
   "$(python3 -c '
import json,sys
a=[c["ClusterIdentifier"] for c in json.load(open(sys.argv[1]))["Clusters"]]
b=[c["ClusterIdentifier"] for c in json.load(open(sys.argv[2]))["Clusters"]]
print(len(a), len(b), len(set(a+b)), "NextToken" in json.load(open(sys.argv[2])))' "$T/p1.json" "$T/p2.json")" "10 15 25 False"

# ---- DeleteCluster: the final-snapshot parameters, deleting, then gone ----
cli_err() { "$@" > /dev/null 2> "$T/err"; echo "$? $(tr -d '\n' < "$T/err")"; }
is "delete-cluster without a final-snapshot decision: InvalidParameterCombination (SkipFinalClusterSnapshot defaults to false)" \
   "$(cli_err as_admin redshift delete-cluster --cluster-identifier page-01)" \
   "254 An error occurred (InvalidParameterCombination) when calling the DeleteCluster operation: FinalClusterSnapshotIdentifier is required unless SkipFinalClusterSnapshot is specified."
is "delete-cluster --skip-final-cluster-snapshot with a snapshot identifier: InvalidParameterCombination" \
   "$(cli_err as_admin redshift delete-cluster --cluster-identifier page-01 --skip-final-cluster-snapshot --final-cluster-snapshot-identifier final-1)" \
   "254 An error occurred (InvalidParameterCombination) when calling the DeleteCluster operation: FinalClusterSnapshotIdentifier must not be specified when SkipFinalClusterSnapshot is true."
is "delete-cluster --final-cluster-snapshot-identifier 1final: InvalidParameterValue" \
   "$(cli_err as_admin redshift delete-cluster --cluster-identifier page-01 --final-cluster-snapshot-identifier 1final)" \
   "254 An error occurred (InvalidParameterValue) when calling the DeleteCluster operation: Invalid FinalClusterSnapshotIdentifier \"1final\": the identifier must start with a letter."
is "delete-cluster --final-cluster-snapshot-retention-period 0: InvalidRetentionPeriodFault" \
   "$(cli_err as_admin redshift delete-cluster --cluster-identifier page-01 --skip-final-cluster-snapshot --final-cluster-snapshot-retention-period 0)" \
   "254 An error occurred (InvalidRetentionPeriodFault) when calling the DeleteCluster operation: The retention period specified is either in the past or is not a valid value. The value must be either -1 or an integer between 1 and 3,653."
is "refused deletions changed nothing" "$(sql "$DB" -c "SELECT string_agg(status, ',') FROM redshift_iam.catalog_clusters WHERE cluster_identifier IN ('page-01', 'page-02')")" "creating,creating"
as_admin redshift delete-cluster --cluster-identifier page-01 --skip-final-cluster-snapshot > "$T/del.json" 2> "$T/err"
is "delete-cluster --skip-final-cluster-snapshot prints the cluster, deleting" \
   "$(python3 -c 'import json,sys; c=json.load(sys.stdin)["Cluster"]; print(c["ClusterIdentifier"], c["ClusterStatus"])' < "$T/del.json" 2>&1)" "page-01 deleting"
# each CLI call takes a second or more: page-01's deletion completes an
# hour later than stored, so the checks of the deleting state below cannot
# race apply_delay (8 s); page-02 runs on the clock
sql "$DB" -o /dev/null -c "UPDATE redshift_iam.catalog_clusters SET ready_at = ready_at + interval '1 hour' WHERE cluster_identifier = 'page-01'"
as_admin redshift delete-cluster --cluster-identifier page-02 --final-cluster-snapshot-identifier page-02-final > "$T/del2.json" 2> "$T/err"
is "delete-cluster --final-cluster-snapshot-identifier: deleting too" \
   "$(python3 -c 'import json,sys; print(json.load(sys.stdin)["Cluster"]["ClusterStatus"])' < "$T/del2.json" 2>&1)" "deleting"
DELETED_AT=$(date +%s.%N)
as_admin redshift describe-clusters --cluster-identifier page-01 > "$T/d1.json" 2> "$T/err"
is "describe-clusters shows it deleting while apply_delay runs" "$(summary < "$T/d1.json")" "deleting: "
is "create-cluster with the identifier of a deleting cluster: ClusterAlreadyExists" \
   "$(cli_err as_admin redshift create-cluster --cluster-identifier page-01 --node-type dc2.large --master-username adminuser --master-user-password "$PASSWORD")" \
   "254 An error occurred (ClusterAlreadyExists) when calling the CreateCluster operation: Cluster page-01 already exists."
is "modify-cluster-iam-roles on a deleting cluster: InvalidClusterState" \
   "$(cli_err as_admin redshift modify-cluster-iam-roles --cluster-identifier page-01 --add-iam-roles arn:aws:iam::123456789012:role/MyRedshiftRole)" \
   "254 An error occurred (InvalidClusterState) when calling the ModifyClusterIamRoles operation: The specified cluster is not in the available state."
is "delete-cluster again: InvalidClusterState" \
   "$(cli_err as_admin redshift delete-cluster --cluster-identifier page-01 --skip-final-cluster-snapshot)" \
   "254 An error occurred (InvalidClusterState) when calling the DeleteCluster operation: There is an operation running on the Cluster. Please try to delete it at a later time."
# the waiter polls every 60 s: past apply_delay (8 s) its first poll gets ClusterNotFound
sleep "$(python3 -c "print(max(0.0, 8.5 - ($(date +%s.%N) - $DELETED_AT)))")"
if timeout 30 env AWS_ACCESS_KEY_ID="$ADMIN_KEY" AWS_SECRET_ACCESS_KEY="$ADMIN_SECRET" \
     "$AWS" --endpoint-url "$EP_URL" redshift wait cluster-deleted --cluster-identifier page-02 2> "$T/err"; then
  ok "aws redshift wait cluster-deleted returns once apply_delay has passed"
else not_ok "aws redshift wait cluster-deleted (apply_delay)"; diag < "$T/err"; fi
is "page-01 is still deleting" "$(as_admin redshift describe-clusters --cluster-identifier page-01 --query 'Clusters[0].ClusterStatus' --output text)" "deleting"
sql "$DB" -o /dev/null -c "SELECT redshift_iam.apply_pending_changes('page-01')"
if timeout 30 env AWS_ACCESS_KEY_ID="$ADMIN_KEY" AWS_SECRET_ACCESS_KEY="$ADMIN_SECRET" \
     "$AWS" --endpoint-url "$EP_URL" redshift wait cluster-deleted --cluster-identifier page-01 2> "$T/err"; then
  ok "aws redshift wait cluster-deleted returns once apply_pending_changes() completed the deletion"
else not_ok "aws redshift wait cluster-deleted (apply_pending_changes)"; diag < "$T/err"; fi
is "then describe-clusters says ClusterNotFound" \
   "$(cli_err as_admin redshift describe-clusters --cluster-identifier page-01)" \
   "254 An error occurred (ClusterNotFound) when calling the DescribeClusters operation: Cluster page-01 not found."
is "and the list holds neither deleted cluster" \
   "$(as_admin redshift describe-clusters --query 'length(Clusters[?starts_with(ClusterIdentifier, `page-0`)])' --output text)" "7"
as_admin redshift create-cluster --cluster-identifier page-01 --node-type dc2.large \
  --master-username adminuser --master-user-password "$PASSWORD" > "$T/re.json" 2> "$T/err"
is "create-cluster reuses the identifier; without --cluster-type or --number-of-nodes: one node" \
   "$(python3 -c 'import json,sys; c=json.load(sys.stdin)["Cluster"]; print(c["ClusterStatus"], c["NumberOfNodes"])' < "$T/re.json" 2>&1)" "creating 1"

# ---- ClusterType and NumberOfNodes: the extension's rules, AWS's codes ----
cc() { cli_err as_admin redshift create-cluster --cluster-identifier nodes-x --master-username adminuser --master-user-password "$PASSWORD" "$@"; }
is "--cluster-type multi-node without --number-of-nodes" "$(cc --node-type dc2.large --cluster-type multi-node)" \
   "254 An error occurred (InvalidParameterValue) when calling the CreateCluster operation: Number of nodes for cluster type multi-node must be greater than or equal to 2."
is "--cluster-type single-node --number-of-nodes 2" "$(cc --node-type dc2.large --cluster-type single-node --number-of-nodes 2)" \
   "254 An error occurred (InvalidParameterValue) when calling the CreateCluster operation: Number of nodes must be 1 or not be supplied for cluster type single-node."
is "ra3.4xlarge as one node" "$(cc --node-type ra3.4xlarge)" \
   "254 An error occurred (InvalidParameterCombination) when calling the CreateCluster operation: Node type ra3.4xlarge does not support cluster type single-node: a cluster of that node type has 2 to 32 nodes."
is "ra3.4xlarge with 40 nodes" "$(cc --node-type ra3.4xlarge --number-of-nodes 40)" \
   "254 An error occurred (NumberOfNodesPerClusterLimitExceeded) when calling the CreateCluster operation: The operation would exceed the number of nodes allowed for a cluster: a ra3.4xlarge cluster is created with at most 32 nodes; the request asks for 40."
is "--cluster-type other" "$(cc --node-type dc2.large --cluster-type other --number-of-nodes 2)" \
   "254 An error occurred (InvalidParameterValue) when calling the CreateCluster operation: Invalid cluster type. Cluster type can be one of multi-node or single-node."
as_admin redshift create-cluster --cluster-identifier nodes-3 --node-type dc2.large --number-of-nodes 3 \
  --master-username adminuser --master-user-password "$PASSWORD" > /dev/null 2> "$T/err"
is "--number-of-nodes 3 without --cluster-type: a multi-node cluster of 3 nodes" \
   "$(as_admin redshift describe-clusters --cluster-identifier nodes-3 --query 'Clusters[0].NumberOfNodes' --output text)" "3"

# ---- secrets and impersonation ----
if grep -qF "$PASSWORD" "$EP_LOG"; then not_ok "the master password is in the endpoint's log"; else ok "the master password is not in the endpoint's log"; fi
if catalog_snapshot "$DB" | grep -qF "$PASSWORD"; then not_ok "the master password is in a table"; else ok "the master password is in no table of the extension"; fi
LOGFILE=$(sql "$DB" -c "SELECT pg_current_logfile()")
datadir=$(sql "$DB" -c "SHOW data_directory")
[ -n "$LOGFILE" ] && [ "${LOGFILE#/}" = "$LOGFILE" ] && LOGFILE=$datadir/$LOGFILE
[ -n "$LOGFILE" ] || LOGFILE=$(readlink "/proc/$(head -1 "$datadir/postmaster.pid")/fd/2" 2>/dev/null)
if [ -r "$LOGFILE" ] && ! grep -qF "$PASSWORD" "$LOGFILE"; then ok "the master password is not in the server log"
else not_ok "the master password is not in the server log ($LOGFILE)"; fi
if grep -qF "$ADMIN_SECRET" "$EP_LOG"; then not_ok "a secret key is in the endpoint's log"; else ok "no secret key in the endpoint's log"; fi

sql "$DB" -o /dev/null -c "CREATE ROLE rsi_ep_user" -c "GRANT USAGE ON SCHEMA redshift_iam TO rsi_ep_user" \
  -c "GRANT EXECUTE ON FUNCTION redshift_iam.describe_clusters(text, integer, text) TO rsi_ep_user"
on_exit "psql -X -q -d postgres -c 'DROP ROLE IF EXISTS rsi_ep_user'"
refuses "an ordinary role cannot name an access key to act as (SET)" "$DB" rsi_ep_user 42501 \
  "SELECT redshift_iam.redshift_iam_version(); SET redshift_iam.caller_access_key = '$ADMIN_KEY'"
refuses "nor with set_config()" "$DB" rsi_ep_user 42501 \
  "SELECT redshift_iam.redshift_iam_version(); SELECT set_config('redshift_iam.caller_access_key', '$ADMIN_KEY', true)"
refuses "an ordinary role cannot create access keys" "$DB" rsi_ep_user 42501 \
  "SELECT redshift_iam.create_access_key('$ETL')"
refuses "a superuser acting as a key is evaluated as the key's user (no root bypass)" "$DB" "$SU" 42501 \
  "SET redshift_iam.caller_access_key = '$ETL_KEY'; SELECT redshift_iam.create_cluster('my-third-cluster', 'dc2.large', 2)"
refuses "a key that does not exist is refused (28000)" "$DB" "$SU" 28000 \
  "SET redshift_iam.caller_access_key = 'AKIAAAAAAAAAAAAAAAAA'; SELECT redshift_iam.describe_clusters()"
out=$(psql -X -q -A -t -d "$DB" -c "SET ROLE rsi_ep_user" \
        -c "SET redshift_iam.caller_access_key = '$ADMIN_KEY'" \
        -c "SELECT redshift_iam.describe_clusters()" 2>&1)
case "$out" in
  *"not mapped to an IAM principal"*) ok "a value set before the library loaded is discarded: the role still acts as itself" ;;
  *) not_ok "a value set before the library loaded is discarded"; echo "$out" | head -5 | diag ;;
esac

# ---- the database restarts: the endpoint reconnects ----
owner=$(stat -c %U "$datadir" 2>/dev/null)
AS=(); [ "$(id -u)" -eq 0 ] && [ "$owner" != root ] && AS=(runuser -u "$owner" --)
if [ "$(id -un)" = "$owner" ] || [ ${#AS[@]} -gt 0 ]; then
  # the postmaster keeps writing its stderr where it did before
  pmlog=$(readlink "/proc/$(head -1 "$datadir/postmaster.pid")/fd/2" 2>/dev/null)
  LOGOPT=(); [ -f "$pmlog" ] && LOGOPT=(-l "$pmlog")
  "${AS[@]}" "$(pg_config --bindir)/pg_ctl" restart -D "$datadir" -m fast -w "${LOGOPT[@]}" > "$T/restart" 2>&1 \
    || { not_ok "pg_ctl restart"; diag < "$T/restart"; }
  for i in $(seq 50); do pg_isready -q && break; sleep 0.1; done
  as_admin redshift describe-clusters --cluster-identifier my-redshift-cluster > "$T/after.json" 2> "$T/err"
  is "after pg_ctl restart, the next request is answered (reconnected)" "$(summary < "$T/after.json")" \
     "available: SecondRedshiftRole in-sync, MyRedshiftRole in-sync"
  if grep -q 'reconnected' "$EP_LOG" && ! grep -q 'code=ServiceUnavailable' "$EP_LOG"; then
    ok "the endpoint logged its reconnection, and answered no request ServiceUnavailable"
  else not_ok "the endpoint logged its reconnection, and answered no request ServiceUnavailable"; tail -5 "$EP_LOG" | diag; fi
else
  # a skipped requirement is not a pass: run this suite as the data
  # directory's owner or as root
  not_ok "pg_ctl restart: cannot act as the data directory's owner ($owner)"
  not_ok "the endpoint logged its reconnection (not run)"
fi

# ---- a deleted key stops working at once (its secret is cached by the endpoint) ----
sql "$DB" -o /dev/null -c "SELECT redshift_iam.delete_access_key('$ETL_KEY')"
as_etl redshift describe-clusters > /dev/null 2> "$T/err"
is "a deleted key is refused at once: InvalidClientTokenId" "$(tr -d '\n' < "$T/err")" \
   "An error occurred (InvalidClientTokenId) when calling the DescribeClusters operation: The security token included in the request is invalid."

# ---- SIGTERM ----
kill -TERM "$EP_PID"; wait "$EP_PID"; rc=$?
is "SIGTERM stops the endpoint cleanly (exit 0)" "$rc" "0"
grep -q 'SIGTERM received; shutting down' "$EP_LOG" && ok "it says so in its log" || not_ok "it says so in its log"
finish
