-- bench_iam_import.sql — one round of the IAM import benchmark
-- (bench/bench_iam_import.sh).  Needs bench_iam.export (a generated
-- get-account-authorization-details export, see the script) and prints
-- "key=value" lines: the time of redshift_iam.import_iam() on the export
-- and on its URL-encoded form, and of a plain set-based INSERT ... SELECT
-- of the same rows into tables shaped like the catalog's, with no decoding
-- and no validation (the floor for loading these rows with SQL).
\set QUIET on
\pset tuples_only on
\pset format unaligned
SET client_min_messages = warning;
-- as import_iam does (SET jit = off): JIT compiling these short queries costs more than running them
SET jit = off;

-- the baseline's tables: the catalog's columns, keys and defaults
DROP TABLE IF EXISTS bench_iam.roles, bench_iam.role_policies, bench_iam.attachments,
                     bench_iam.policies, bench_iam.versions;
CREATE TABLE bench_iam.roles (LIKE redshift_iam.catalog_iam_roles INCLUDING ALL);
CREATE TABLE bench_iam.role_policies (LIKE redshift_iam.catalog_iam_role_policies INCLUDING ALL);
CREATE TABLE bench_iam.attachments (LIKE redshift_iam.catalog_iam_role_attachments INCLUDING ALL);
CREATE TABLE bench_iam.policies (LIKE redshift_iam.catalog_iam_policies INCLUDING ALL);
CREATE TABLE bench_iam.versions (LIKE redshift_iam.catalog_iam_policy_versions INCLUDING ALL);

SELECT clock_timestamp() AS t0 \gset
SELECT redshift_iam.import_iam(doc) AS n FROM bench_iam.export WHERE kind = 'json' \gset
SELECT 'import_json_ms=' || round(extract(epoch FROM clock_timestamp() - :'t0'::timestamptz) * 1000, 1);
SELECT 'roles=' || :n;

SELECT clock_timestamp() AS t0 \gset
SELECT redshift_iam.import_iam(doc) AS n FROM bench_iam.export WHERE kind = 'urlencoded' \gset
SELECT 'import_urlencoded_ms=' || round(extract(epoch FROM clock_timestamp() - :'t0'::timestamptz) * 1000, 1);

SELECT clock_timestamp() AS t0 \gset
BEGIN;
INSERT INTO bench_iam.roles (role_arn, role_name, role_id, path, account_id, create_date,
                             assume_role_policy_document, updated_at)
SELECT r->>'Arn', r->>'RoleName', r->>'RoleId', r->>'Path', split_part(r->>'Arn', ':', 5),
       (r->>'CreateDate')::timestamptz, r->'AssumeRolePolicyDocument', now()
  FROM bench_iam.export, jsonb_array_elements(doc->'RoleDetailList') r WHERE kind = 'json';
INSERT INTO bench_iam.role_policies (role_arn, policy_name, policy_document, updated_at)
SELECT r->>'Arn', p->>'PolicyName', p->'PolicyDocument', now()
  FROM bench_iam.export, jsonb_array_elements(doc->'RoleDetailList') r,
       jsonb_array_elements(r->'RolePolicyList') p WHERE kind = 'json';
INSERT INTO bench_iam.attachments (role_arn, policy_arn, policy_name)
SELECT r->>'Arn', p->>'PolicyArn', p->>'PolicyName'
  FROM bench_iam.export, jsonb_array_elements(doc->'RoleDetailList') r,
       jsonb_array_elements(r->'AttachedManagedPolicies') p WHERE kind = 'json';
INSERT INTO bench_iam.policies (policy_arn, policy_name, policy_id, path, default_version_id,
                                attachment_count, is_attachable, create_date, update_date, updated_at)
SELECT p->>'Arn', p->>'PolicyName', p->>'PolicyId', p->>'Path', p->>'DefaultVersionId',
       (p->>'AttachmentCount')::integer, (p->>'IsAttachable')::boolean,
       (p->>'CreateDate')::timestamptz, (p->>'UpdateDate')::timestamptz, now()
  FROM bench_iam.export, jsonb_array_elements(doc->'Policies') p WHERE kind = 'json';
INSERT INTO bench_iam.versions (policy_arn, version_id, document, create_date)
SELECT p->>'Arn', v->>'VersionId', v->'Document', (v->>'CreateDate')::timestamptz
  FROM bench_iam.export, jsonb_array_elements(doc->'Policies') p,
       jsonb_array_elements(p->'PolicyVersionList') v WHERE kind = 'json';
COMMIT;
SELECT 'plain_insert_ms=' || round(extract(epoch FROM clock_timestamp() - :'t0'::timestamptz) * 1000, 1);
