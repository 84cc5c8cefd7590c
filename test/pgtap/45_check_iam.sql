-- check_command and validate_script with an IAM snapshot: role trust, role
-- chains and role permissions (docs/permissions.md), the same verdicts as
-- the offline checker's --iam on the same export
-- (test/cli/fixtures/iam-account.json); the moto-made export of
-- test/fixtures/iam; redshift_iam.unknown_roles; nothing changes while no
-- snapshot is imported.  Run from the repository's root.
\set export `cat test/cli/fixtures/iam-account.json`
\set moto `cat test/fixtures/iam/account-authorization-details.json`
\set script `cat test/cli/sql/iam.sql`
\set cli `cat test/cli/expected/iam.txt`
BEGIN;
CREATE EXTENSION IF NOT EXISTS pgtap;
CREATE EXTENSION IF NOT EXISTS redshift_iam;
SELECT plan(45);
SET LOCAL redshift_iam.apply_delay = 0;
SET LOCAL redshift_iam.account_id = '123456789012';
SET LOCAL redshift_iam.region = 'us-east-1';

CREATE FUNCTION pg_temp.err(sql text) RETURNS jsonb LANGUAGE plpgsql AS $$
DECLARE s text; m text; d text; h text;
BEGIN
  EXECUTE sql;
  RETURN NULL;
EXCEPTION WHEN OTHERS THEN
  GET STACKED DIAGNOSTICS s = RETURNED_SQLSTATE, m = MESSAGE_TEXT, d = PG_EXCEPTION_DETAIL, h = PG_EXCEPTION_HINT;
  RETURN jsonb_build_object('sqlstate', s, 'message', m, 'detail', d, 'hint', h);
END $$;
CREATE FUNCTION pg_temp.chk(cmd text) RETURNS jsonb LANGUAGE plpgsql AS $$
BEGIN
  RETURN redshift_iam.check_command('my-redshift-cluster', cmd);
EXCEPTION WHEN OTHERS THEN
  RETURN NULL;
END $$;
CREATE FUNCTION pg_temp.refusal(cmd text) RETURNS jsonb LANGUAGE sql AS $$
  SELECT pg_temp.err(format('SELECT redshift_iam.check_command(%L, %L)', 'my-redshift-cluster', cmd))
$$;

SELECT ok(redshift_iam.create_cluster('my-redshift-cluster', 'dc2.large', 2,
            ARRAY['arn:aws:iam::123456789012:role/RedshiftCopyUnload',
                  'arn:aws:iam::123456789012:role/SecondRedshiftRole',
                  'arn:aws:iam::123456789012:role/UntrustedRole',
                  'arn:aws:iam::123456789012:role/service-role/RedshiftCopyUnload']) IS NOT NULL,
          'the seed cluster with the export''s roles associated');

-- ---- no snapshot imported: the association check alone, no "iam" key ----
SELECT ok(NOT (pg_temp.chk($$COPY t FROM 's3://my-bucket/other/' IAM_ROLE 'arn:aws:iam::123456789012:role/RedshiftCopyUnload'$$) ? 'iam'),
          'no snapshot: check_command passes as before, without an iam key');
SELECT is((SELECT iam FROM redshift_iam.validate_script('my-redshift-cluster',
             $$COPY t FROM 's3://my-bucket/other/' IAM_ROLE 'arn:aws:iam::123456789012:role/RedshiftCopyUnload'$$)),
          NULL, 'no snapshot: validate_script''s iam column is NULL');

SELECT is(redshift_iam.import_iam(:'export'::jsonb), 9, 'the export is imported (nine roles)');

-- ---- permissions ----
-- the result with an evaluation: the evaluation as validate_script reports it, the rest as
-- parse_command's object plus the check's members
SELECT is(c.iam IS NOT NULL AND c.iam = v.iam, true,
          'check_command''s iam member equals validate_script''s iam column')
  FROM (SELECT pg_temp.chk($$COPY t FROM 's3://my-bucket/sales/2024/' IAM_ROLE 'arn:aws:iam::123456789012:role/RedshiftCopyUnload' CSV$$)->'iam' AS iam) c,
       (SELECT iam FROM redshift_iam.validate_script('my-redshift-cluster',
          $$COPY t FROM 's3://my-bucket/sales/2024/' IAM_ROLE 'arn:aws:iam::123456789012:role/RedshiftCopyUnload' CSV$$)) v;
SELECT is(pg_temp.chk($$COPY t FROM 's3://my-bucket/sales/2024/' IAM_ROLE 'arn:aws:iam::123456789012:role/RedshiftCopyUnload' CSV$$)
            - ARRAY['iam', 'cluster_identifier', 'cluster_arn', 'resolved_role', 'warning'],
          redshift_iam.parse_command($$COPY t FROM 's3://my-bucket/sales/2024/' IAM_ROLE 'arn:aws:iam::123456789012:role/RedshiftCopyUnload' CSV$$),
          '  and the rest of it is parse_command''s object');
SELECT is(pg_temp.chk($$COPY t FROM 's3://my-bucket/sales/2024/' IAM_ROLE 'arn:aws:iam::123456789012:role/RedshiftCopyUnload' CSV$$)->'iam'->'steps'->1->>'decision',
          'allowed', 'COPY from a prefix the role may read: allowed, s3:GetObject step allowed');
SELECT is(pg_temp.chk($$COPY t FROM 's3://my-bucket/sales/2024/' IAM_ROLE 'arn:aws:iam::123456789012:role/RedshiftCopyUnload' CSV$$)->'iam'->'steps'->0->>'step',
          'trust', '  the first step is the trust of the role');
SELECT is(pg_temp.refusal($$COPY t FROM 's3://my-bucket/other/' IAM_ROLE 'arn:aws:iam::123456789012:role/RedshiftCopyUnload'$$)->>'sqlstate',
          '42501', 'COPY from a prefix the role cannot read: 42501');
SELECT is(pg_temp.refusal($$COPY t FROM 's3://my-bucket/other/' IAM_ROLE 'arn:aws:iam::123456789012:role/RedshiftCopyUnload'$$)->>'message',
          'User: arn:aws:sts::123456789012:assumed-role/RedshiftCopyUnload/RedshiftIamRoleSession is not authorized to perform: s3:GetObject on resource: arn:aws:s3:::my-bucket/other/* because no identity-based policy allows the s3:GetObject action',
          '  IAM''s text naming the action and the resource');
SELECT ok(pg_temp.refusal($$COPY t FROM 's3://my-bucket/other/' IAM_ROLE 'arn:aws:iam::123456789012:role/RedshiftCopyUnload'$$)->>'detail' LIKE '%no statement allows it.',
          '  DETAIL: no statement allows it');
SELECT ok(pg_temp.refusal($$COPY t FROM 's3://my-bucket/sales/restricted/' IAM_ROLE 'arn:aws:iam::123456789012:role/RedshiftCopyUnload'$$)->>'detail'
            LIKE '%Statement[3] (Sid DenyRestricted) of inline policy S3Access of role RedshiftCopyUnload denies it explicitly.',
          'explicit deny: DETAIL names the deciding statement');
SELECT is(pg_temp.refusal($$UNLOAD ('select 1') TO 's3://my-bucket/exports/x_' IAM_ROLE 'arn:aws:iam::123456789012:role/SecondRedshiftRole' CLEANPATH$$)->>'sqlstate',
          '42501', 'UNLOAD CLEANPATH without s3:DeleteObject: 42501');
SELECT is(pg_temp.refusal($$CREATE EXTERNAL FUNCTION f(int) RETURNS int VOLATILE LAMBDA 'f_bad' IAM_ROLE 'arn:aws:iam::123456789012:role/RedshiftCopyUnload'$$)->>'sqlstate',
          '42501', 'a Lambda function the role may not invoke: 42501');
SELECT ok(pg_temp.chk($$CREATE EXTERNAL FUNCTION f(int) RETURNS int VOLATILE LAMBDA 'f_good' IAM_ROLE 'arn:aws:iam::123456789012:role/RedshiftCopyUnload'$$) IS NOT NULL,
          'a Lambda function the role may invoke: allowed');
SELECT ok(pg_temp.refusal($$CREATE EXTERNAL SCHEMA s FROM DATA CATALOG DATABASE 'spectrum_db' IAM_ROLE 'arn:aws:iam::123456789012:role/RedshiftCopyUnload' CREATE EXTERNAL DATABASE IF NOT EXISTS$$)->>'message'
            LIKE '%glue:CreateDatabase%', 'CREATE EXTERNAL DATABASE IF NOT EXISTS needs glue:CreateDatabase');
SELECT is(pg_temp.refusal($$COPY t FROM 's3://my-bucket/other/' CREDENTIALS 'aws_iam_role=arn:aws:iam::123456789012:role/RedshiftCopyUnload'$$)->>'sqlstate',
          '42501', 'CREDENTIALS ''aws_iam_role=...'' is evaluated like IAM_ROLE');

-- ---- trust and chains ----
SELECT is(pg_temp.refusal($$COPY t FROM 's3://b/k' IAM_ROLE 'arn:aws:iam::123456789012:role/UntrustedRole'$$)->>'sqlstate',
          '28000', 'a role that does not trust redshift.amazonaws.com: 28000');
SELECT is(pg_temp.refusal($$COPY t FROM 's3://b/k' IAM_ROLE 'arn:aws:iam::123456789012:role/UntrustedRole'$$)->>'message',
          'User arn:aws:redshift:us-east-1:123456789012:dbuser:my-redshift-cluster/' || current_user || ' is not authorized to assume IAM Role arn:aws:iam::123456789012:role/UntrustedRole',
          '  Redshift''s own text with the dbuser ARN');
SELECT ok(pg_temp.refusal($$COPY t FROM 's3://b/k' IAM_ROLE 'arn:aws:iam::123456789012:role/UntrustedRole'$$)->>'detail' LIKE 'The trust policy of IAM role arn:aws:iam::123456789012:role/UntrustedRole%',
          '  DETAIL names the trust policy');
SELECT ok(pg_temp.chk($$COPY t FROM 's3://other-account-bucket/sales/' IAM_ROLE 'arn:aws:iam::123456789012:role/RedshiftCopyUnload,arn:aws:iam::210987654321:role/CrossAccountReader'$$) IS NOT NULL,
          'a cross-account chain whose links trust and permit: allowed');
SELECT ok(pg_temp.refusal($$COPY t FROM 's3://b/k' IAM_ROLE 'arn:aws:iam::123456789012:role/RedshiftCopyUnload,arn:aws:iam::210987654321:role/PickyPartner'$$)->>'detail' LIKE 'Link 2 of the role chain: the trust policy of IAM role arn:aws:iam::210987654321:role/PickyPartner%',
          'a link the next role''s trust policy refuses: DETAIL names the link and the trust policy');
SELECT is(pg_temp.refusal($$COPY t FROM 's3://b/k' IAM_ROLE 'arn:aws:iam::123456789012:role/SecondRedshiftRole,arn:aws:iam::210987654321:role/PartnerByAccount'$$)->>'sqlstate',
          '28000', 'role n without sts:AssumeRole on role n+1: 28000');

-- ---- unknown roles ----
SELECT is(pg_temp.chk($$COPY t FROM 's3://my-bucket/x/' IAM_ROLE 'arn:aws:iam::123456789012:role/SecondRedshiftRole,arn:aws:iam::123456789012:role/NotExported'$$)->'iam'->>'unknown',
          'true', 'a role missing from the snapshot: allowed, the result says unknown');
SET LOCAL redshift_iam.unknown_roles = refuse;
SELECT ok(pg_temp.refusal($$COPY t FROM 's3://my-bucket/x/' IAM_ROLE 'arn:aws:iam::123456789012:role/SecondRedshiftRole,arn:aws:iam::123456789012:role/NotExported'$$)->>'detail' LIKE '%is not in the IAM snapshot%',
          'redshift_iam.unknown_roles = refuse: refused, DETAIL says why');
RESET redshift_iam.unknown_roles;

-- ---- validate_script: the same verdicts as redshift-iam-check --iam on test/cli/sql/iam.sql ----
SELECT is((SELECT string_agg(statement || ':' || sqlstate, ' ' ORDER BY statement) FROM redshift_iam.validate_script('my-redshift-cluster', :'script')),
          '1:00000 2:42501 3:42501 4:00000 5:42501 6:28000 7:28000 8:00000 9:42501 10:42501 11:00000 12:00000',
          'validate_script on iam.sql: trust, chain and permission refusals (5: a bucket of another account whose policy does not allow the prefix)');
-- the refusals, line and message, are the offline checker's (test/cli/expected/iam.txt; its user is etl)
SELECT is((SELECT string_agg(line || ': ' || replace(message, ':dbuser:my-redshift-cluster/' || current_user || ' ', ':dbuser:my-redshift-cluster/etl ')
                             , E'\n' ORDER BY line)
             FROM redshift_iam.validate_script('my-redshift-cluster', :'script') WHERE NOT ok),
          (SELECT string_agg(m[1] || ': ' || m[2], E'\n' ORDER BY m[1]::integer)
             FROM regexp_matches(:'cli', '^test/cli/sql/iam\.sql:([0-9]+):1: error: (.*) \[[a-z-]+\]$', 'gn') AS m),
          'SQL and the offline checker refuse the same statements with the same messages (the cross-account bucket too)');
SELECT is((SELECT detail FROM redshift_iam.validate_script('my-redshift-cluster', :'script') WHERE statement = 5),
          (SELECT m[1] FROM regexp_matches(:'cli', '^test/cli/sql/iam\.sql:15:1: .*\n  detail: ([^\n]*)$', 'n') AS m),
          '  the cross-account refusal''s DETAIL is the checker''s, naming the owner account');
SELECT is((SELECT string_agg(line || ': ' || substring(hint from '^(.*?), in (?:IAM|AWS), then import '), E'\n' ORDER BY line)
             FROM redshift_iam.validate_script('my-redshift-cluster', :'script') WHERE NOT ok),
          (SELECT string_agg(m[1] || ': ' || m[2], E'\n' ORDER BY m[1]::integer)
             FROM regexp_matches(:'cli', '^test/cli/sql/iam\.sql:([0-9]+):1: error: [^\n]*\n  detail: [^\n]*\n  hint: ([^\n]*?): aws [a-z0-9]+ [a-z-]+ [^\n]*$', 'gn') AS m),
          'the hints ask for the same change as the checker''s (one hint rule; the server then says to import again)');
SELECT is((SELECT account_id FROM redshift_iam.iam_resource_policies WHERE resource_arn = 'arn:aws:s3:::other-account-bucket'),
          '999988887777', 'the bucket''s AccountId is kept');
SELECT ok(pg_temp.chk($$COPY t FROM 's3://shared-bucket/in/' IAM_ROLE 'arn:aws:iam::123456789012:role/RedshiftCopyUnload'$$) IS NOT NULL,
          'same account: a bucket policy naming the role allows what its identity policies do not');
-- a writer's bucket owned by another account: refused across accounts; in the role's own account, allowed
SELECT lives_ok($$SELECT redshift_iam.put_resource_policy('arn:aws:s3:::partner-drop',
  '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::123456789012:role/RedshiftCopyUnload"},
    "Action": ["s3:GetObject", "s3:ListBucket"], "Resource": ["arn:aws:s3:::partner-drop", "arn:aws:s3:::partner-drop/*"]}]}', '999988887777')$$,
  'put_resource_policy with the owner''s account');
SELECT is(pg_temp.refusal($$COPY t FROM 's3://partner-drop/in/' IAM_ROLE 'arn:aws:iam::123456789012:role/RedshiftCopyUnload'$$)->>'message',
          'User: arn:aws:sts::123456789012:assumed-role/RedshiftCopyUnload/RedshiftIamRoleSession is not authorized to perform: s3:GetObject on resource: arn:aws:s3:::partner-drop/in/* because no identity-based policy allows the s3:GetObject action',
          'cross-account: the bucket policy alone is not enough, the identity policies must allow too');
SELECT lives_ok($$SELECT redshift_iam.put_resource_policy('arn:aws:s3:::partner-drop',
  '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::123456789012:role/RedshiftCopyUnload"},
    "Action": ["s3:GetObject", "s3:ListBucket"], "Resource": ["arn:aws:s3:::partner-drop", "arn:aws:s3:::partner-drop/*"]}]}', '123456789012')$$,
  'the same bucket policy, the bucket in the role''s account');
SELECT ok(pg_temp.chk($$COPY t FROM 's3://partner-drop/in/' IAM_ROLE 'arn:aws:iam::123456789012:role/RedshiftCopyUnload'$$) IS NOT NULL,
          'same account: the bucket policy naming the role is enough');
SELECT is((SELECT iam->'steps'->0->>'step' FROM redshift_iam.validate_script('my-redshift-cluster', :'script') WHERE statement = 2),
          'trust', 'validate_script''s iam column carries the steps');
SELECT is((SELECT (iam->>'unknown')::boolean FROM redshift_iam.validate_script('my-redshift-cluster', :'script') WHERE statement = 12),
          true, '  and says when a role is unknown');
SELECT ok(NOT redshift_iam.script_may_run('my-redshift-cluster', :'script'), 'script_may_run is false for it');

-- ---- the per-backend cache sees every change, in the writing transaction ----
SELECT is(pg_temp.refusal($$COPY t FROM 's3://my-bucket/unload/' IAM_ROLE 'arn:aws:iam::123456789012:role/RedshiftCopyUnload'$$)->>'sqlstate',
          '42501', 'cache: refused before the change (and the role set is now cached)');
SELECT cmp_ok(redshift_iam.import_iam(jsonb_set(:'export'::jsonb,
                '{RoleDetailList,0,RolePolicyList,0,PolicyDocument,Statement,0,Resource}',
                '"arn:aws:s3:::my-bucket/*"')), '=', 9,
              'cache: import again with s3:GetObject widened to the whole bucket');
SELECT ok(pg_temp.chk($$COPY t FROM 's3://my-bucket/unload/' IAM_ROLE 'arn:aws:iam::123456789012:role/RedshiftCopyUnload'$$) IS NOT NULL,
          'cache: the next check sees the widened policy');
DELETE FROM redshift_iam.catalog_iam_role_policies
 WHERE role_arn = 'arn:aws:iam::123456789012:role/RedshiftCopyUnload';
SELECT is(pg_temp.refusal($$COPY t FROM 's3://my-bucket/sales/' IAM_ROLE 'arn:aws:iam::123456789012:role/RedshiftCopyUnload'$$)->>'sqlstate',
          '42501', 'cache: a deleted inline policy is seen at once (deletes raise the version too)');

-- ---- the moto-made export (test/fixtures/iam) ----
SELECT is(redshift_iam.import_iam(:'moto'::jsonb), 3, 'the moto-made export is imported too');
SELECT ok(pg_temp.chk($$COPY t FROM 's3://analytics-staging/incoming/2024/' IAM_ROLE 'arn:aws:iam::123456789012:role/service-role/RedshiftCopyUnload'$$) IS NOT NULL,
          'moto export: its role may read analytics-staging/incoming/');
SELECT is(pg_temp.refusal($$COPY t FROM 's3://analytics-staging/other/' IAM_ROLE 'arn:aws:iam::123456789012:role/service-role/RedshiftCopyUnload'$$)->>'sqlstate',
          '42501', 'moto export: but not analytics-staging/other/');

SELECT * FROM finish();
ROLLBACK;
