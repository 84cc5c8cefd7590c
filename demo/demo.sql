-- demo.sql — what redshift_iam does, on a throwaway database.
\pset pager off
CREATE EXTENSION redshift_iam;
\echo
\echo '== 1. Parse real Redshift commands and extract their authorization'
SELECT jsonb_pretty(redshift_iam.parse_command($$
  COPY sales FROM 's3://mybucket/sales/'
  IAM_ROLE 'arn:aws:iam::123456789012:role/MyRedshiftRole,arn:aws:iam::210987654321:role/CrossAccountRole'
  FORMAT AS PARQUET$$)) AS copy_with_a_chain;
SELECT redshift_iam.parse_command($$unload ('select * from venue') to 's3://mybucket/unload/' iam_role default$$)
       ->> 'auth_method' AS unload_auth;
\echo
\echo '== 2. A chain written with a space parses, with a problem that a check will refuse'
SELECT p->>'code' AS code, p->>'message' AS message
FROM jsonb_array_elements(redshift_iam.parse_command(
  $$copy t from 's3://b/' iam_role 'arn:aws:iam::123456789012:role/A, arn:aws:iam::123456789012:role/B'$$)
  -> 'problems') p;
\echo
\echo '== 3. A grammar error points at the line and column (secrets redacted)'
SELECT redshift_iam.parse_command($$create external schema spectrum
from data catalog
database 'dev'
credentials 'aws_access_key_id=AKIAIOSFODNN7EXAMPLE;aws_secret_access_key=wJalrXUtnFEMI'$$);
\echo
\echo '== 4. Redaction for logs'
SELECT redshift_iam.redact($$copy t from 's3://b/' access_key_id 'AKIAIOSFODNN7EXAMPLE' secret_access_key 'wJalrXUtnFEMI/K7MDENG'$$);
\echo
\echo '== 5. The seed scenario (the management guide's create-cluster example): two clusters, roles adding, then in-sync'
SET redshift_iam.account_id = '123456789012';
SET redshift_iam.region = 'us-east-1';
SET redshift_iam.apply_delay = '2s';
SELECT redshift_iam.create_cluster('my-redshift-cluster', 'dc1.large', 16,
  ARRAY['arn:aws:iam::123456789012:role/RedshiftCopyUnload',
        'arn:aws:iam::123456789012:role/SecondRedshiftRole']) IS NOT NULL AS created_first;
SELECT redshift_iam.create_cluster('my-second-redshift-cluster', 'dc1.large', 10,
  ARRAY['arn:aws:iam::123456789012:role/MyRedshiftRole',
        'arn:aws:iam::123456789012:role/SecondRedshiftRole',
        'arn:aws:iam::123456789012:role/ThirdRedshiftRole']) IS NOT NULL AS created_second;
\echo 'describe_clusters() right after the calls:'
\pset format unaligned
\pset tuples_only on
SELECT jsonb_pretty(redshift_iam.describe_clusters()) AS describe_clusters_before;
\pset format aligned
\pset tuples_only off
\echo
\echo '== 6. check_command: while the cluster is still creating, every command is refused'
\set VERBOSITY default
SELECT redshift_iam.check_command('my-redshift-cluster',
  $$COPY sales FROM 's3://acme-dw/sales/' IAM_ROLE 'arn:aws:iam::123456789012:role/RedshiftCopyUnload' FORMAT AS PARQUET$$);
SELECT pg_sleep(2.5);
\echo 'describe_clusters() after redshift_iam.apply_delay has passed (no user action):'
\pset format unaligned
\pset tuples_only on
SELECT jsonb_pretty(redshift_iam.describe_clusters()) AS describe_clusters_after;
\pset format aligned
\pset tuples_only off
\echo
\echo '== 7. A COPY naming a role that is still adding is refused, with the time left'
SELECT redshift_iam.modify_cluster_iam_roles('my-redshift-cluster',
  add_iam_roles => ARRAY['arn:aws:iam::123456789012:role/ThirdRedshiftRole']) -> 'Cluster' -> 'IamRoles' AS iam_roles;
SELECT redshift_iam.check_command('my-redshift-cluster',
  $$COPY sales FROM 's3://acme-dw/sales/' IAM_ROLE 'arn:aws:iam::123456789012:role/ThirdRedshiftRole'$$);
\echo
\echo '== 8. A role that is in-sync: allowed, with the role and cluster it resolved'
SELECT c->>'resolved_role' AS resolved_role, c->>'cluster_arn' AS cluster_arn
  FROM redshift_iam.check_command('my-redshift-cluster',
  $$COPY sales FROM 's3://acme-dw/sales/' IAM_ROLE 'arn:aws:iam::123456789012:role/RedshiftCopyUnload' FORMAT AS PARQUET$$) AS c;
\echo
\echo '== 9. Pre-flight check of a whole ETL script (demo/nightly_etl.sql) against my-redshift-cluster'
\set script `cat demo/nightly_etl.sql`
\pset format wrapped
\pset columns 160
SELECT statement AS "#", line, kind, ok, sqlstate,
       coalesce(message || coalesce(E'\n  ' || detail, ''), '') AS "why"
  FROM redshift_iam.validate_script('my-redshift-cluster', :'script');
SELECT count(*) FILTER (WHERE ok) AS may_run, count(*) FILTER (WHERE NOT ok) AS refused
  FROM redshift_iam.validate_script('my-redshift-cluster', :'script');
\echo
\echo '== 10. Redshift Serverless: import list-namespaces and list-workgroups output (demo/namespaces.json,'
\echo '       demo/workgroups.json), then check against the workgroup etl-wg'
\set ns `cat demo/namespaces.json`
\set wg `cat demo/workgroups.json`
SELECT redshift_iam.import_namespaces(:'ns') AS namespaces, redshift_iam.import_namespaces(:'wg') AS workgroups;
SELECT namespace_name, region, iam_role_arn, apply_status, is_default FROM redshift_iam.namespace_iam_roles;
\echo 'IAM_ROLE default on etl-wg resolves to the namespace''s default role:'
SELECT c->>'resolved_role' AS resolved_role, c->>'cluster_arn' AS namespace_arn
  FROM redshift_iam.check_command('etl-wg',
  $$COPY sales FROM 's3://acme-dw-eu/sales/' IAM_ROLE default FORMAT AS PARQUET$$) AS c;
\echo 'The whole Serverless job (demo/serverless_etl.sql): the UNLOAD role is still adding:'
\set sscript `cat demo/serverless_etl.sql`
SELECT statement AS "#", line, kind, ok, sqlstate,
       coalesce(message || coalesce(E'\n  ' || detail, ''), '') AS "why"
  FROM redshift_iam.validate_script('etl-wg', :'sscript');
\echo
\echo '== 11. IAM identity policies: who may create clusters and pass roles (demo/policy.sql)'
\ir policy.sql
\echo
\echo '== 10b. Role trust, role chains and role permissions from an IAM export (demo/iam-export.json,'
\echo '        what aws iam get-account-authorization-details prints): a COPY from a prefix its role cannot read'
\set iam_export `cat demo/iam-export.json`
SELECT redshift_iam.import_iam(:'iam_export'::jsonb) AS roles_imported;
\set VERBOSITY default
SELECT redshift_iam.check_command('my-redshift-cluster',
  $$COPY sales FROM 's3://acme-dw/finance/2026-11-22/' IAM_ROLE 'arn:aws:iam::123456789012:role/RedshiftCopyUnload' FORMAT AS PARQUET$$);
\echo 'The same role on its own prefix: allowed, with the steps that were evaluated:'
SELECT s->>'step' AS step, s->>'action' AS action, s->>'resource' AS resource, s->>'decision' AS decision,
       s->'matched'->>0 AS deciding_statement
  FROM jsonb_array_elements(redshift_iam.check_command('my-redshift-cluster',
  $$COPY sales FROM 's3://acme-dw/sales/2026-11-22/' IAM_ROLE 'arn:aws:iam::123456789012:role/RedshiftCopyUnload' FORMAT AS PARQUET$$)
  -> 'iam' -> 'steps') s;
\echo 'The nightly script again: the chain to the partner account is trusted and may write there:'
SELECT statement AS "#", kind, ok, sqlstate, iam->>'unknown' AS iam_unknown
  FROM redshift_iam.validate_script('my-redshift-cluster', :'script')
 WHERE iam IS NOT NULL;
