#!/usr/bin/env bash
# bench_iam_import.sh — redshift_iam.import_iam() on a generated 5,000-role
# export, against a plain set-based INSERT ... SELECT of the same rows (no
# decoding, no validation) in the same run.
#
#   PGHOST/PGPORT/... name a server with the extension installed; the
#   script works in a database of its own (bench_iam_import, dropped and
#   made again).  BENCH_IAM_ROLES (5000), BENCH_IAM_POLICIES (500),
#   BENCH_ROUNDS (3).
#
# The export is what `aws iam get-account-authorization-details` prints for
# an account of that size: each role with a trust policy (the confused-deputy
# conditions AWS recommends), two inline policies and two attached managed
# policies; each managed policy with three versions.  A second copy carries
# every document URL-encoded, as IAM's Query API returns them.  Each round
# imports both (into an emptied catalog) and runs the baseline; the figures
# are the medians of the rounds and the ratio import / baseline.
set -euo pipefail
cd "$(dirname "$0")/.."
ROLES=${BENCH_IAM_ROLES:-5000}
POLICIES=${BENCH_IAM_POLICIES:-500}
ROUNDS=${BENCH_ROUNDS:-3}
DB=bench_iam_import

dropdb --if-exists "$DB"
createdb "$DB"
trap 'dropdb --if-exists "$DB"' EXIT
psql -X -q -v ON_ERROR_STOP=1 -d "$DB" -v roles="$ROLES" -v policies="$POLICIES" <<'SQL'
CREATE EXTENSION redshift_iam;
CREATE SCHEMA bench_iam;
CREATE TABLE bench_iam.export (kind text PRIMARY KEY, doc jsonb);
CREATE FUNCTION bench_iam.doc(stmts jsonb) RETURNS jsonb LANGUAGE sql IMMUTABLE
  RETURN jsonb_build_object('Version', '2012-10-17', 'Statement', stmts);
INSERT INTO bench_iam.export
SELECT 'json', jsonb_build_object(
  'RoleDetailList', (SELECT jsonb_agg(jsonb_build_object(
     'Path', '/service-role/', 'RoleName', 'Role' || i, 'RoleId', 'AROA' || upper(substr(md5(i::text), 1, 17)),
     'Arn', 'arn:aws:iam::123456789012:role/service-role/Role' || i,
     'CreateDate', '2024-01-02T03:04:05Z',
     'AssumeRolePolicyDocument', bench_iam.doc(jsonb_build_array(jsonb_build_object(
        'Effect', 'Allow', 'Principal', jsonb_build_object('Service', 'redshift.amazonaws.com'),
        'Action', 'sts:AssumeRole',
        'Condition', jsonb_build_object('StringEquals', jsonb_build_object('aws:SourceAccount', '123456789012'),
                                        'ArnLike', jsonb_build_object('aws:SourceArn', 'arn:aws:redshift:us-east-1:123456789012:cluster:c' || i))))),
     'RolePolicyList', jsonb_build_array(
        jsonb_build_object('PolicyName', 'Read', 'PolicyDocument', bench_iam.doc(jsonb_build_array(
          jsonb_build_object('Sid', 'Read', 'Effect', 'Allow', 'Action', jsonb_build_array('s3:GetObject', 's3:GetObjectVersion'),
                             'Resource', 'arn:aws:s3:::bucket-' || (i % 100) || '/prefix-' || i || '/*'),
          jsonb_build_object('Sid', 'List', 'Effect', 'Allow', 'Action', 's3:ListBucket',
                             'Resource', 'arn:aws:s3:::bucket-' || (i % 100),
                             'Condition', jsonb_build_object('StringLike', jsonb_build_object('s3:prefix', jsonb_build_array('prefix-' || i || '/*'))))))),
        jsonb_build_object('PolicyName', 'Chain', 'PolicyDocument', bench_iam.doc(jsonb_build_array(
          jsonb_build_object('Effect', 'Allow', 'Action', 'sts:AssumeRole', 'Resource', 'arn:aws:iam::210987654321:role/Loader' || i))))),
     'AttachedManagedPolicies', jsonb_build_array(
        jsonb_build_object('PolicyName', 'Managed' || (i % :policies), 'PolicyArn', 'arn:aws:iam::123456789012:policy/Managed' || (i % :policies)),
        jsonb_build_object('PolicyName', 'Managed' || ((i + 1) % :policies), 'PolicyArn', 'arn:aws:iam::123456789012:policy/Managed' || ((i + 1) % :policies))),
     'InstanceProfileList', '[]'::jsonb, 'Tags', '[]'::jsonb, 'RoleLastUsed', '{}'::jsonb))
   FROM generate_series(1, :roles) i),
  'Policies', (SELECT jsonb_agg(jsonb_build_object(
     'PolicyName', 'Managed' || j, 'PolicyId', 'ANPA' || upper(substr(md5(j::text), 1, 17)),
     'Arn', 'arn:aws:iam::123456789012:policy/Managed' || j, 'Path', '/', 'DefaultVersionId', 'v3',
     'AttachmentCount', 10, 'IsAttachable', true, 'CreateDate', '2024-01-02T03:04:05Z', 'UpdateDate', '2024-02-02T03:04:05Z',
     'PolicyVersionList', (SELECT jsonb_agg(jsonb_build_object(
        'Document', bench_iam.doc(jsonb_build_array(
          jsonb_build_object('Effect', 'Allow', 'Action', jsonb_build_array('kms:Decrypt', 'kms:GenerateDataKey'),
                             'Resource', 'arn:aws:kms:us-east-1:123456789012:key/' || md5(j::text || v)),
          jsonb_build_object('Effect', 'Allow', 'Action', 'lambda:InvokeFunction',
                             'Resource', 'arn:aws:lambda:us-east-1:123456789012:function:f' || j || '_*'),
          jsonb_build_object('Effect', 'Deny', 'NotAction', 's3:*', 'NotResource', 'arn:aws:s3:::bucket-' || j || '/*'))),
        'VersionId', 'v' || v, 'IsDefaultVersion', v = 3, 'CreateDate', '2024-01-02T03:04:05Z'))
        FROM generate_series(1, 3) v)))
   FROM generate_series(0, :policies - 1) j));
-- the same export as IAM's Query API returns it: every document URL-encoded
CREATE FUNCTION bench_iam.enc(d jsonb) RETURNS jsonb LANGUAGE sql IMMUTABLE
  RETURN to_jsonb(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(
    d::text, '%', '%25'), ' ', '%20'), '"', '%22'), '{', '%7B'), '}', '%7D'), '[', '%5B'), ']', '%5D'),
    ':', '%3A'), ',', '%2C'), '*', '%2A'), '$', '%24'), '/', '%2F'));
INSERT INTO bench_iam.export
SELECT 'urlencoded', jsonb_build_object(
  'RoleDetailList', (SELECT jsonb_agg(r || jsonb_build_object(
      'AssumeRolePolicyDocument', bench_iam.enc(r->'AssumeRolePolicyDocument'),
      'RolePolicyList', (SELECT jsonb_agg(p || jsonb_build_object('PolicyDocument', bench_iam.enc(p->'PolicyDocument')))
                           FROM jsonb_array_elements(r->'RolePolicyList') p)))
     FROM jsonb_array_elements(doc->'RoleDetailList') r),
  'Policies', (SELECT jsonb_agg(p || jsonb_build_object('PolicyVersionList',
      (SELECT jsonb_agg(v || jsonb_build_object('Document', bench_iam.enc(v->'Document')))
         FROM jsonb_array_elements(p->'PolicyVersionList') v)))
     FROM jsonb_array_elements(doc->'Policies') p))
  FROM bench_iam.export WHERE kind = 'json';
SQL
echo "export_json_bytes=$(psql -XAt -d "$DB" -c "SELECT length(doc::text) FROM bench_iam.export WHERE kind = 'json'")"
echo "export_urlencoded_bytes=$(psql -XAt -d "$DB" -c "SELECT length(doc::text) FROM bench_iam.export WHERE kind = 'urlencoded'")"
echo "documents=$(psql -XAt -d "$DB" -c "SELECT jsonb_array_length(doc->'RoleDetailList') * 3 + jsonb_array_length(doc->'Policies') * 3 FROM bench_iam.export WHERE kind = 'json'")"

out=$(for i in $(seq "$ROUNDS"); do
  psql -X -q -v ON_ERROR_STOP=1 -d "$DB" -c "TRUNCATE redshift_iam.catalog_iam_roles, redshift_iam.catalog_iam_policies CASCADE" >/dev/null
  psql -X -q -v ON_ERROR_STOP=1 -d "$DB" -f bench/bench_iam_import.sql
done)
echo "$out" | grep '^roles=' | head -1
python3 - "$ROUNDS" <<PY
import statistics, sys
lines = """$out""".split()
kv = {}
for l in lines:
    k, _, v = l.partition("=")
    kv.setdefault(k, []).append(float(v))
m = {k: statistics.median(v) for k, v in kv.items()}
for k in ("import_json_ms", "import_urlencoded_ms", "plain_insert_ms"):
    print(f"{k}={m[k]:.1f}  (rounds: {', '.join(f'{x:.0f}' for x in kv[k])})")
ratios = [a / b for a, b in zip(kv["import_json_ms"], kv["plain_insert_ms"])]
ratios_u = [a / b for a, b in zip(kv["import_urlencoded_ms"], kv["plain_insert_ms"])]
print(f"ratio_import_json_to_plain_insert={statistics.median(ratios):.2f}")
print(f"ratio_import_urlencoded_to_plain_insert={statistics.median(ratios_u):.2f}")
PY
