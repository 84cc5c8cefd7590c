-- check_command: the seed scenario's refusals and acceptances,
-- chains, IAM_ROLE default, CREDENTIALS, the access_keys policy, the errors
-- and the members of the result.

-- a WARNING cannot be caught in SQL: capture the one for a long-term key
-- from a second session (default access_keys), before this one takes any
-- lock (psql runs the backquotes)
\set akia_warning_out `psql -X -q -h :'HOST' -p :PORT -U :'USER' -d :'DBNAME' -v VERBOSITY=verbose -c 'BEGIN' -c 'CREATE EXTENSION IF NOT EXISTS redshift_iam' -c 'SET LOCAL redshift_iam.apply_delay = 0' -c 'SET LOCAL redshift_iam.account_id = $$123456789012$$' -c 'SELECT redshift_iam.create_cluster($$rsi-t40-warn$$, $$dc2.large$$) IS NULL' -c 'SELECT redshift_iam.check_command($$rsi-t40-warn$$, format($$COPY t FROM %L ACCESS_KEY_ID %L SECRET_ACCESS_KEY %L$$, $$s3://b/x$$, $$AKIAIOSFODNN7EXAMPLE$$, $$wJalrXUtnFEMIwarn$$)) ->> $$warning$$' -c 'ROLLBACK' 2>&1`

BEGIN;
CREATE EXTENSION IF NOT EXISTS pgtap;
CREATE EXTENSION IF NOT EXISTS redshift_iam;
SELECT plan(92);

SET LOCAL redshift_iam.account_id = '123456789012';
SET LOCAL redshift_iam.region = 'us-east-1';
SET LOCAL redshift_iam.apply_delay = '1h';
SET LOCAL redshift_iam.access_keys = 'warn';
SET LOCAL redshift_iam.max_role_chain = 10;

-- the error check_command raises, as jsonb (NULL when it raises none), so
-- that DETAIL and HINT can be tested too; runs as the current role
CREATE FUNCTION pg_temp.err(cmd text) RETURNS jsonb LANGUAGE plpgsql AS $f$
DECLARE
  st text; msg text; det text; hnt text;
BEGIN
  EXECUTE cmd;
  RETURN NULL;
EXCEPTION WHEN OTHERS THEN
  GET STACKED DIAGNOSTICS st = RETURNED_SQLSTATE, msg = MESSAGE_TEXT,
                          det = PG_EXCEPTION_DETAIL, hnt = PG_EXCEPTION_HINT;
  RETURN jsonb_build_object('sqlstate', st, 'message', msg,
                            'detail', NULLIF(det, ''), 'hint', NULLIF(hnt, ''));
END
$f$;

-- the result of a check on my-redshift-cluster, or its error
CREATE FUNCTION pg_temp.chk(cmd text, cluster text DEFAULT 'my-redshift-cluster') RETURNS jsonb
LANGUAGE plpgsql AS $f$
DECLARE
  st text; msg text; det text; hnt text;
BEGIN
  RETURN redshift_iam.check_command(cluster, cmd);
EXCEPTION WHEN OTHERS THEN
  GET STACKED DIAGNOSTICS st = RETURNED_SQLSTATE, msg = MESSAGE_TEXT,
                          det = PG_EXCEPTION_DETAIL, hnt = PG_EXCEPTION_HINT;
  RETURN jsonb_build_object('error', jsonb_build_object('sqlstate', st, 'message', msg,
                            'detail', NULLIF(det, ''), 'hint', NULLIF(hnt, '')));
END
$f$;

CREATE ROLE rsi_t40_etl LOGIN;

-- ===== seed scenario (the management guide's create-cluster example) =====
SELECT ok(redshift_iam.create_cluster('my-redshift-cluster', 'dc1.large', 16,
            ARRAY['arn:aws:iam::123456789012:role/RedshiftCopyUnload',
                  'arn:aws:iam::123456789012:role/SecondRedshiftRole']) IS NOT NULL,
          'seed: my-redshift-cluster created');
SELECT ok(redshift_iam.create_cluster('my-second-redshift-cluster', 'dc1.large', 10,
            ARRAY['arn:aws:iam::123456789012:role/MyRedshiftRole',
                  'arn:aws:iam::123456789012:role/SecondRedshiftRole',
                  'arn:aws:iam::123456789012:role/ThirdRedshiftRole']) IS NOT NULL,
          'seed: my-second-redshift-cluster created');

-- a cluster still creating: the role verdict comes (its roles are still
-- adding), and the detail says once that the cluster is not available now
SELECT throws_ok(
  $$SELECT redshift_iam.check_command('my-redshift-cluster',
      'COPY t FROM ''s3://b/x'' IAM_ROLE ''arn:aws:iam::123456789012:role/RedshiftCopyUnload''')$$,
  '28000', 'IAM role arn:aws:iam::123456789012:role/RedshiftCopyUnload is still being associated with cluster my-redshift-cluster (ApplyStatus adding)',
  'creating cluster: the role verdict (role-adding)');
SELECT ok(pg_temp.err($$SELECT redshift_iam.check_command('my-redshift-cluster',
      'COPY t FROM ''s3://b/x'' IAM_ROLE ''arn:aws:iam::123456789012:role/RedshiftCopyUnload''')$$) ->> 'detail'
  LIKE '%Cluster my-redshift-cluster is also not available now (ClusterStatus creating).',
  'creating cluster: the detail names the state once');

SELECT is(redshift_iam.apply_pending_changes(), 7, 'apply_pending_changes: 2 clusters + 5 associations');

SELECT is(redshift_iam.check_command('my-redshift-cluster',
  $$COPY t FROM 's3://b/x' IAM_ROLE 'arn:aws:iam::123456789012:role/RedshiftCopyUnload'$$) ->> 'resolved_role',
  'arn:aws:iam::123456789012:role/RedshiftCopyUnload', 'an in-sync role is allowed');

-- the whole result: the parse plus what the check resolved
SELECT is(redshift_iam.check_command('my-redshift-cluster',
  $$COPY t FROM 's3://b/x' IAM_ROLE 'arn:aws:iam::123456789012:role/RedshiftCopyUnload'$$),
  '{"kind": "copy", "auth_method": "iam_role",
    "roles": ["arn:aws:iam::123456789012:role/RedshiftCopyUnload"], "session_token": false,
    "access_key_id": null, "location": "s3://b/x", "catalog_role": null, "secret_arn": null,
    "source": null, "line": 1, "col": 1, "problems": [],
    "cluster_identifier": "my-redshift-cluster",
    "cluster_arn": "arn:aws:redshift:us-east-1:123456789012:cluster:my-redshift-cluster",
    "resolved_role": "arn:aws:iam::123456789012:role/RedshiftCopyUnload",
    "warning": null}'::jsonb,
  'the result is the parse plus cluster_identifier, cluster_arn, resolved_role, warning');
SELECT is(
  (SELECT array_agg(k ORDER BY k) FROM jsonb_object_keys(redshift_iam.check_command('my-redshift-cluster',
     $$UNLOAD ('select 1') TO 's3://b/u' IAM_ROLE 'arn:aws:iam::123456789012:role/RedshiftCopyUnload'$$)) k),
  ARRAY['access_key_id','auth_method','catalog_role','cluster_arn','cluster_identifier','col','kind',
        'line','location','problems','resolved_role','roles','secret_arn','session_token','source','warning'],
  'result keys: parse_command''s plus the four check members');

-- a role being added is refused until it is in-sync
SELECT ok(redshift_iam.modify_cluster_iam_roles('my-redshift-cluster',
            add_iam_roles => ARRAY['arn:aws:iam::123456789012:role/MyRedshiftRole']) IS NOT NULL,
          'seed: MyRedshiftRole added to my-redshift-cluster (adding for 1h)');
SELECT throws_ok(
  $$SELECT redshift_iam.check_command('my-redshift-cluster',
      'COPY t FROM ''s3://b/x'' IAM_ROLE ''arn:aws:iam::123456789012:role/MyRedshiftRole''')$$,
  '28000',
  'IAM role arn:aws:iam::123456789012:role/MyRedshiftRole is still being associated with cluster my-redshift-cluster (ApplyStatus adding)',
  'adding role: refused, the message states the reason');
SELECT matches(pg_temp.err($$SELECT redshift_iam.check_command('my-redshift-cluster',
      'COPY t FROM ''s3://b/x'' IAM_ROLE ''arn:aws:iam::123456789012:role/MyRedshiftRole''')$$) ->> 'detail',
  '^Redshift refuses it: User arn:aws:redshift:us-east-1:123456789012:dbuser:my-redshift-cluster/' || current_user
    || ' is not authorized to assume IAM Role arn:aws:iam::123456789012:role/MyRedshiftRole\. The role becomes in-sync in about \d+ s\.$',
  'adding role: DETAIL is Redshift''s message and the time left');
SELECT ok(substring(pg_temp.err($$SELECT redshift_iam.check_command('my-redshift-cluster',
      'COPY t FROM ''s3://b/x'' IAM_ROLE ''arn:aws:iam::123456789012:role/MyRedshiftRole''')$$) ->> 'detail'
      FROM 'in about (\d+) s')::int BETWEEN 3500 AND 3600,
  'adding role: DETAIL gives the seconds left of apply_delay (1h)');
SELECT is(pg_temp.err($$SELECT redshift_iam.check_command('my-redshift-cluster',
      'COPY t FROM ''s3://b/x'' IAM_ROLE ''arn:aws:iam::123456789012:role/MyRedshiftRole''')$$) ->> 'hint',
  'Run the command once the role is in-sync: SELECT * FROM redshift_iam.describe_clusters(''my-redshift-cluster''); shows it. An imported catalog learns it when the clusters are imported again.',
  'adding role: HINT');

-- a role associated only with the other cluster
SELECT throws_ok(
  $$SELECT redshift_iam.check_command('my-redshift-cluster',
      'COPY t FROM ''s3://b/x'' IAM_ROLE ''arn:aws:iam::123456789012:role/ThirdRedshiftRole''')$$,
  '28000',
  'IAM role arn:aws:iam::123456789012:role/ThirdRedshiftRole is not associated with cluster my-redshift-cluster',
  'role of the other cluster: refused');
SELECT is(pg_temp.err($$SELECT redshift_iam.check_command('my-redshift-cluster',
      'COPY t FROM ''s3://b/x'' IAM_ROLE ''arn:aws:iam::123456789012:role/ThirdRedshiftRole''')$$) ->> 'detail',
  'Redshift refuses it: User arn:aws:redshift:us-east-1:123456789012:dbuser:my-redshift-cluster/' || current_user
    || ' is not authorized to assume IAM Role arn:aws:iam::123456789012:role/ThirdRedshiftRole. The role is associated with: my-second-redshift-cluster (in-sync).',
  'role of the other cluster: DETAIL names that cluster');
SELECT is(pg_temp.err($$SELECT redshift_iam.check_command('my-redshift-cluster',
      'COPY t FROM ''s3://b/x'' IAM_ROLE ''arn:aws:iam::123456789012:role/ThirdRedshiftRole''')$$) ->> 'hint',
  'Associate the role with the cluster in AWS (aws redshift modify-cluster-iam-roles), then import the clusters again with redshift_iam.import_clusters(); in a catalog maintained by hand: SELECT redshift_iam.modify_cluster_iam_roles(''my-redshift-cluster'', add_iam_roles => ARRAY[''arn:aws:iam::123456789012:role/ThirdRedshiftRole'']);',
  'role of the other cluster: HINT says to change AWS and import again, with the SQL for a catalog kept by hand');
SELECT is(pg_temp.chk($$COPY t FROM 's3://b/x' IAM_ROLE 'arn:aws:iam::123456789012:role/ThirdRedshiftRole'$$,
                      'my-second-redshift-cluster') ->> 'resolved_role',
  'arn:aws:iam::123456789012:role/ThirdRedshiftRole', '... and allowed on its own cluster');
SELECT is(pg_temp.chk($$COPY t FROM 's3://b/x' IAM_ROLE 'arn:aws:iam::123456789012:role/Nobody'$$) #>> '{error,detail}',
  'Redshift refuses it: User arn:aws:redshift:us-east-1:123456789012:dbuser:my-redshift-cluster/' || current_user
    || ' is not authorized to assume IAM Role arn:aws:iam::123456789012:role/Nobody. The role is not associated with any other cluster in account 123456789012.',
  'a role associated nowhere: DETAIL says so');
SELECT is(pg_temp.chk($$COPY t FROM 's3://b/x' IAM_ROLE 'arn:aws:iam::123456789012:role/MyRedshiftRole'$$,
                      'my-second-redshift-cluster') ->> 'resolved_role',
  'arn:aws:iam::123456789012:role/MyRedshiftRole', 'the adding role is in-sync on the other cluster meanwhile');

-- after apply_pending_changes the added role may be used
SELECT is(redshift_iam.apply_pending_changes(), 1, 'apply_pending_changes completes the addition');
SELECT lives_ok(
  $$SELECT redshift_iam.check_command('my-redshift-cluster',
      'COPY t FROM ''s3://b/x'' IAM_ROLE ''arn:aws:iam::123456789012:role/MyRedshiftRole''')$$,
  'the same COPY is allowed once the role is in-sync');

-- ===== commands of each kind =====
SELECT is(pg_temp.chk($$unload ('select * from venue') to 's3://b/unload/'
                        iam_role 'arn:aws:iam::123456789012:role/MyRedshiftRole' parquet$$) ->> 'kind',
  'unload', 'UNLOAD allowed');
SELECT is(pg_temp.chk($$create external schema spectrum from data catalog database 'spectrumdb'
                        iam_role 'arn:aws:iam::123456789012:role/SecondRedshiftRole'
                        create external database if not exists$$) ->> 'resolved_role',
  'arn:aws:iam::123456789012:role/SecondRedshiftRole', 'CREATE EXTERNAL SCHEMA allowed');
SELECT is(pg_temp.chk($$create external function exfunc_sum(int, int) returns int volatile
                        lambda 'lambda_sum' iam_role 'arn:aws:iam::123456789012:role/Nobody'$$) #>> '{error,sqlstate}',
  '28000', 'CREATE EXTERNAL FUNCTION with an unassociated role refused');
SELECT is(pg_temp.chk($$create external schema s from data catalog database 'd' iam_role 'SESSION'$$) ->> 'auth_method',
  'iam_role_session', 'IAM_ROLE ''SESSION'' needs no association');
SELECT is(pg_temp.chk($$create external schema s from data catalog database 'd' iam_role 'SESSION'$$) -> 'resolved_role',
  'null'::jsonb, '... and resolves no role');

-- ===== role chains: only the first role is checked =====
SELECT is(pg_temp.chk($$COPY t FROM 's3://b/x' IAM_ROLE 'arn:aws:iam::123456789012:role/RedshiftCopyUnload,arn:aws:iam::210987654321:role/CrossAccount,arn:aws:iam::555555555555:role/Third'$$) -> 'roles',
  '["arn:aws:iam::123456789012:role/RedshiftCopyUnload","arn:aws:iam::210987654321:role/CrossAccount","arn:aws:iam::555555555555:role/Third"]'::jsonb,
  'chain: allowed although later roles are of other accounts and associated nowhere');
SELECT is(pg_temp.chk($$COPY t FROM 's3://b/x' IAM_ROLE 'arn:aws:iam::123456789012:role/RedshiftCopyUnload,arn:aws:iam::210987654321:role/CrossAccount'$$) ->> 'resolved_role',
  'arn:aws:iam::123456789012:role/RedshiftCopyUnload', 'chain: resolved_role is the first role');
SELECT is(pg_temp.chk($$COPY t FROM 's3://b/x' IAM_ROLE 'arn:aws:iam::210987654321:role/CrossAccount,arn:aws:iam::123456789012:role/RedshiftCopyUnload'$$) #>> '{error,message}',
  'IAM role arn:aws:iam::210987654321:role/CrossAccount is not associated with cluster my-redshift-cluster',
  'chain: an unassociated first role is refused even if a later one is associated');
SELECT is(pg_temp.chk($$COPY t FROM 's3://b/x' IAM_ROLE 'arn:aws:iam::123456789012:role/RedshiftCopyUnload, arn:aws:iam::210987654321:role/CrossAccount'$$) #>> '{error,sqlstate}',
  '28000', 'chain with a space: refused (a problem)');
SELECT is(pg_temp.chk($$COPY t FROM 's3://b/x' IAM_ROLE 'arn:aws:iam::123456789012:role/RedshiftCopyUnload, arn:aws:iam::210987654321:role/CrossAccount'$$) #>> '{error,hint}',
  'Remove the spaces: a chain is ''arn1,arn2''.', 'chain with a space: HINT');
SELECT is(pg_temp.chk($$COPY t FROM 's3://b/x' IAM_ROLE 'arn:aws:iam::123456789012:role/RedshiftCopyUnload,arn:aws:iam::1:role/B,arn:aws:iam::1:role/C'$$) #>> '{error,sqlstate}',
  '28000', 'a chain role with a short account ID is a problem too');
SET LOCAL redshift_iam.max_role_chain = 2;
SELECT is(pg_temp.chk($$COPY t FROM 's3://b/x' IAM_ROLE 'arn:aws:iam::123456789012:role/RedshiftCopyUnload,arn:aws:iam::210987654321:role/B,arn:aws:iam::210987654321:role/C'$$) #>> '{error,sqlstate}',
  '28000', 'chain longer than redshift_iam.max_role_chain: refused');
SELECT matches(pg_temp.chk($$COPY t FROM 's3://b/x' IAM_ROLE 'arn:aws:iam::123456789012:role/RedshiftCopyUnload,arn:aws:iam::210987654321:role/B,arn:aws:iam::210987654321:role/C'$$) #>> '{error,message}',
  'at most 2', '... and the message names the limit');
SELECT is(pg_temp.chk($$COPY t FROM 's3://b/x' IAM_ROLE 'arn:aws:iam::123456789012:role/RedshiftCopyUnload,arn:aws:iam::210987654321:role/B'$$) ->> 'resolved_role',
  'arn:aws:iam::123456789012:role/RedshiftCopyUnload', 'a chain at the limit is allowed');
SET LOCAL redshift_iam.max_role_chain = 10;
SELECT is(pg_temp.chk($$COPY t FROM 's3://b/x' IAM_ROLE 'arn:aws:iam::123456789012:role/RedshiftCopyUnload,arn:aws:iam::210987654321:role/B,arn:aws:iam::210987654321:role/C'$$) ->> 'resolved_role',
  'arn:aws:iam::123456789012:role/RedshiftCopyUnload', 'the same chain is allowed under the default limit');

-- ===== other problems =====
SELECT is(pg_temp.chk($$COPY t FROM 's3://b/x' IAM_ROLE 'MyRedshiftRole'$$) -> 'error',
  jsonb_build_object('sqlstate', '28000',
    'message', 'role name instead of role ARN: "MyRedshiftRole"; write arn:aws:iam::<account-id>:role/MyRedshiftRole',
    'detail', 'Redshift refuses it: User arn:aws:redshift:us-east-1:123456789012:dbuser:my-redshift-cluster/' || current_user
               || ' is not authorized to assume IAM Role MyRedshiftRole.',
    'hint', 'Use the role''s full ARN.'),
  'a role name instead of an ARN: refused, the problem leads, Redshift''s message is the DETAIL');
SELECT is(pg_temp.chk($$COPY t FROM 's3://b/x' IAM_ROLE 'arn:aws:iam::1234567890123:role/RedshiftCopyUnload'$$) #>> '{error,sqlstate}',
  '28000', 'a 13-digit account: refused');

-- ===== IAM_ROLE default =====
SELECT is(pg_temp.chk($$COPY t FROM 's3://b/x' IAM_ROLE default$$) -> 'error',
  jsonb_build_object('sqlstate', '28000',
    'message', 'IAM_ROLE default on cluster my-redshift-cluster, which has no default IAM role',
    'detail', 'User arn:aws:redshift:us-east-1:123456789012:dbuser:my-redshift-cluster/' || current_user
               || ' cannot use IAM_ROLE default: it means the role set as the cluster''s default and associated with it, and none is set.',
    'hint', 'Name the role''s ARN, or set a default IAM role in AWS, then import the clusters again with redshift_iam.import_clusters(); in a catalog maintained by hand: SELECT redshift_iam.modify_cluster_iam_roles(''my-redshift-cluster'', default_iam_role_arn => ''<role ARN>'');'),
  'IAM_ROLE default without a default role: refused');
SELECT ok(redshift_iam.modify_cluster_iam_roles('my-redshift-cluster',
            default_iam_role_arn => 'arn:aws:iam::123456789012:role/SecondRedshiftRole') IS NOT NULL,
          'set SecondRedshiftRole as the default');
SELECT is(pg_temp.chk($$COPY t FROM 's3://b/x' IAM_ROLE default$$) ->> 'resolved_role',
  'arn:aws:iam::123456789012:role/SecondRedshiftRole', 'IAM_ROLE default resolves to the default role');
SELECT is(pg_temp.chk($$COPY t FROM 's3://b/x' IAM_ROLE default$$) -> 'roles', '[]'::jsonb,
  '... while roles (as written) stays empty');
SELECT is(pg_temp.chk($$unload ('select 1') to 's3://b/u' iam_role default$$) ->> 'auth_method',
  'iam_role_default', 'UNLOAD with IAM_ROLE default allowed');
SELECT is(pg_temp.chk($$COPY t FROM 's3://b/x' IAM_ROLE default$$, 'my-second-redshift-cluster') #>> '{error,message}',
  'IAM_ROLE default on cluster my-second-redshift-cluster, which has no default IAM role',
  'the default is per cluster');
-- a new default still being added
SELECT ok(redshift_iam.modify_cluster_iam_roles('my-second-redshift-cluster',
            add_iam_roles => ARRAY['arn:aws:iam::123456789012:role/PendingDefault'],
            default_iam_role_arn => 'arn:aws:iam::123456789012:role/PendingDefault') IS NOT NULL,
          'set a role being added as the default of the second cluster');
SELECT is(pg_temp.chk($$COPY t FROM 's3://b/x' IAM_ROLE default$$, 'my-second-redshift-cluster') #>> '{error,message}',
  'IAM role arn:aws:iam::123456789012:role/PendingDefault is still being associated with cluster my-second-redshift-cluster (ApplyStatus adding)',
  'IAM_ROLE default with a default role not in-sync: refused naming the default role');
SELECT matches(pg_temp.chk($$COPY t FROM 's3://b/x' IAM_ROLE default$$, 'my-second-redshift-cluster') #>> '{error,detail}',
  'is not authorized to assume IAM Role arn:aws:iam::123456789012:role/PendingDefault\. The role becomes in-sync',
  '... DETAIL: Redshift''s message, naming the default role');
SELECT ok(redshift_iam.apply_pending_changes('my-second-redshift-cluster') = 1, 'complete the addition');
SELECT is(pg_temp.chk($$COPY t FROM 's3://b/x' IAM_ROLE default$$, 'my-second-redshift-cluster') ->> 'resolved_role',
  'arn:aws:iam::123456789012:role/PendingDefault', 'then IAM_ROLE default is allowed');
SELECT ok(redshift_iam.modify_cluster_iam_roles('my-second-redshift-cluster', default_iam_role_arn => '') IS NOT NULL,
          'clear the default');
SELECT is(pg_temp.chk($$COPY t FROM 's3://b/x' IAM_ROLE default$$, 'my-second-redshift-cluster') #>> '{error,sqlstate}',
  '28000', 'IAM_ROLE default after the default was cleared: refused');

-- ===== CREDENTIALS 'aws_iam_role=...' =====
SELECT is(pg_temp.chk($$COPY t FROM 's3://b/x' CREDENTIALS 'aws_iam_role=arn:aws:iam::123456789012:role/RedshiftCopyUnload'$$) ->> 'resolved_role',
  'arn:aws:iam::123456789012:role/RedshiftCopyUnload', 'CREDENTIALS aws_iam_role: allowed');
SELECT is(pg_temp.chk($$COPY t FROM 's3://b/x' WITH CREDENTIALS AS 'aws_iam_role=arn:aws:iam::123456789012:role/RedshiftCopyUnload'$$) ->> 'auth_method',
  'credentials_role', 'WITH CREDENTIALS AS: credentials_role');
SELECT is(pg_temp.chk($$unload ('select 1') to 's3://b/u' credentials 'aws_iam_role=arn:aws:iam::123456789012:role/ThirdRedshiftRole'$$) #>> '{error,detail}',
  'Redshift refuses it: User arn:aws:redshift:us-east-1:123456789012:dbuser:my-redshift-cluster/' || current_user
    || ' is not authorized to assume IAM Role arn:aws:iam::123456789012:role/ThirdRedshiftRole. The role is associated with: my-second-redshift-cluster (in-sync).',
  'CREDENTIALS aws_iam_role with a role of the other cluster: refused');

-- ===== access keys: the four modes of redshift_iam.access_keys =====
SELECT is(current_setting('redshift_iam.access_keys'), 'warn', 'access_keys: warn (the default) set');
SET LOCAL client_min_messages = error;	-- the WARNINGs below are tested through the result
SELECT is(pg_temp.chk($$COPY t FROM 's3://b/x' ACCESS_KEY_ID 'AKIAIOSFODNN7EXAMPLE' SECRET_ACCESS_KEY 'wJalrXUtnFEMI/K7MDENG'$$) ->> 'warning',
  'copy uses a long-term access key (AKIA...) instead of an IAM role', 'warn: AKIA allowed with a warning');
SELECT is(pg_temp.chk($$COPY t FROM 's3://b/x' CREDENTIALS 'aws_access_key_id=AKIAIOSFODNN7EXAMPLE;aws_secret_access_key=wJalrXUtnFEMI/K7MDENG'$$) ->> 'warning',
  'copy uses a long-term access key (AKIA...) instead of an IAM role', 'warn: CREDENTIALS with an AKIA key warns too');
SELECT is(pg_temp.chk($$COPY t FROM 's3://b/x' ACCESS_KEY_ID 'ASIAIOSFODNN7EXAMPLE' SECRET_ACCESS_KEY 'wJalrXUtnFEMI/K7MDENG' SESSION_TOKEN 'FQoGZXIvYXdzEXAMPLE'$$) -> 'warning',
  'null'::jsonb, 'warn: ASIA with a session token allowed, no warning');
SELECT is(pg_temp.chk($$COPY t FROM 's3://b/x' ACCESS_KEY_ID 'ASIAIOSFODNN7EXAMPLE' SECRET_ACCESS_KEY 'wJalrXUtnFEMI/K7MDENG'$$) #>> '{error,sqlstate}',
  '28000', 'warn: ASIA without a session token refused (it cannot work)');
SELECT is(pg_temp.chk($$COPY t FROM 's3://b/x' ACCESS_KEY_ID 'ASIAIOSFODNN7EXAMPLE' SECRET_ACCESS_KEY 'wJalrXUtnFEMI/K7MDENG'$$) #>> '{error,message}',
  'temporary access key IDs (ASIA...) need a session token (SESSION_TOKEN or token=)',
  '... the message states the problem');

SET LOCAL redshift_iam.access_keys = 'allow';
SELECT is(pg_temp.chk($$COPY t FROM 's3://b/x' ACCESS_KEY_ID 'AKIAIOSFODNN7EXAMPLE' SECRET_ACCESS_KEY 'wJalrXUtnFEMI/K7MDENG'$$) -> 'warning',
  'null'::jsonb, 'allow: AKIA allowed without a warning');
SELECT is(pg_temp.chk($$COPY t FROM 's3://b/x' ACCESS_KEY_ID 'ASIAIOSFODNN7EXAMPLE' SECRET_ACCESS_KEY 'wJalrXUtnFEMI/K7MDENG' SESSION_TOKEN 'FQoGZXIvYXdzEXAMPLE'$$) ->> 'auth_method',
  'access_keys', 'allow: ASIA with a token allowed');
SELECT is(pg_temp.chk($$COPY t FROM 's3://b/x' ACCESS_KEY_ID 'ASIAIOSFODNN7EXAMPLE' SECRET_ACCESS_KEY 'wJalrXUtnFEMI/K7MDENG'$$) #>> '{error,sqlstate}',
  '28000', 'allow: ASIA without a token refused (a problem)');

SET LOCAL redshift_iam.access_keys = 'temporary';
SELECT is(pg_temp.chk($$COPY t FROM 's3://b/x' ACCESS_KEY_ID 'AKIAIOSFODNN7EXAMPLE' SECRET_ACCESS_KEY 'wJalrXUtnFEMI/K7MDENG'$$) -> 'error',
  '{"sqlstate": "28000",
    "message": "copy with access keys is not allowed on cluster my-redshift-cluster (redshift_iam.access_keys = temporary)",
    "detail": "Only temporary credentials (an ASIA key ID with a session token) are allowed.",
    "hint": "Use IAM_ROLE with a role associated with cluster my-redshift-cluster instead."}'::jsonb,
  'temporary: AKIA refused');
SELECT is(pg_temp.chk($$COPY t FROM 's3://b/x' ACCESS_KEY_ID 'ASIAIOSFODNN7EXAMPLE' SECRET_ACCESS_KEY 'wJalrXUtnFEMI/K7MDENG' SESSION_TOKEN 'FQoGZXIvYXdzEXAMPLE'$$) -> 'session_token',
  'true'::jsonb, 'temporary: ASIA with a session token allowed');
SELECT is(pg_temp.chk($$unload ('select 1') to 's3://b/u' credentials 'aws_access_key_id=ASIAIOSFODNN7EXAMPLE;aws_secret_access_key=wJalrXUtnFEMI/K7MDENG;token=FQoGZXIvYXdzEXAMPLE'$$) ->> 'auth_method',
  'credentials_keys', 'temporary: CREDENTIALS with ASIA and token= allowed');
SELECT is(pg_temp.chk($$COPY t FROM 's3://b/x' ACCESS_KEY_ID 'ASIAIOSFODNN7EXAMPLE' SECRET_ACCESS_KEY 'wJalrXUtnFEMI/K7MDENG'$$) #>> '{error,sqlstate}',
  '28000', 'temporary: ASIA without a token refused');

SET LOCAL redshift_iam.access_keys = 'deny';
SELECT is(pg_temp.chk($$COPY t FROM 's3://b/x' ACCESS_KEY_ID 'AKIAIOSFODNN7EXAMPLE' SECRET_ACCESS_KEY 'wJalrXUtnFEMI/K7MDENG'$$) -> 'error',
  '{"sqlstate": "28000",
    "message": "copy with access keys is not allowed on cluster my-redshift-cluster (redshift_iam.access_keys = deny)",
    "detail": "Key-based credentials are refused.",
    "hint": "Use IAM_ROLE with a role associated with cluster my-redshift-cluster instead."}'::jsonb,
  'deny: AKIA refused');
SELECT is(pg_temp.chk($$unload ('select 1') to 's3://b/u' ACCESS_KEY_ID 'ASIAIOSFODNN7EXAMPLE' SECRET_ACCESS_KEY 'wJalrXUtnFEMI/K7MDENG' SESSION_TOKEN 'FQoGZXIvYXdzEXAMPLE'$$) #>> '{error,message}',
  'unload with access keys is not allowed on cluster my-redshift-cluster (redshift_iam.access_keys = deny)',
  'deny: ASIA with a token refused');
SELECT is(pg_temp.chk($$COPY t FROM 's3://b/x' ACCESS_KEY_ID 'ASIAIOSFODNN7EXAMPLE' SECRET_ACCESS_KEY 'wJalrXUtnFEMI/K7MDENG'$$) #>> '{error,sqlstate}',
  '28000', 'deny: ASIA without a token refused');
SELECT is(pg_temp.chk($$COPY t FROM 's3://b/x' IAM_ROLE 'arn:aws:iam::123456789012:role/RedshiftCopyUnload'$$) ->> 'auth_method',
  'iam_role', 'deny: roles are still allowed');
-- secrets never reach a result or an error
SELECT ok(pg_temp.chk($$COPY t FROM 's3://b/x' ACCESS_KEY_ID 'ASIAIOSFODNN7EXAMPLE' SECRET_ACCESS_KEY 'Sekr1tSekr1t' SESSION_TOKEN 'T0kenT0ken'$$)::text
          !~ '(Sekr1t|T0ken)', 'deny: neither the secret nor the token is in the error');
SET LOCAL redshift_iam.access_keys = 'allow';
SELECT ok(pg_temp.chk($$COPY t FROM 's3://b/x' ACCESS_KEY_ID 'ASIAIOSFODNN7EXAMPLE' SECRET_ACCESS_KEY 'Sekr1tSekr1t' SESSION_TOKEN 'T0kenT0ken'$$)::text
          !~ '(Sekr1t|T0ken)', 'allow: neither the secret nor the token is in the result');
SELECT ok(pg_temp.chk($$COPY t FROM 's3://b/x' IAM_ROLE 'arn:aws:iam::123456789012:role/RedshiftCopyUnload' ACCESS_KEY_ID 'AKIAIOSFODNN7EXAMPLE' SECRET_ACCESS_KEY 'Sekr1tSekr1t'$$)::text
          !~ 'Sekr1t', 'a syntax error does not show the secret');
SET LOCAL redshift_iam.access_keys = 'warn';
RESET client_min_messages;
SELECT matches(:'akia_warning_out'::text,
  'WARNING:  01000: copy uses a long-term access key \(AKIA\.\.\.\) instead of an IAM role\nHINT:  Prefer IAM_ROLE with a role associated with cluster rsi-t40-warn\.',
  'warn (the default): a WARNING with SQLSTATE 01000 and a HINT');
SELECT unalike(:'akia_warning_out'::text, '%wJalrXUtnFEMIwarn%', '... which does not show the secret');

-- ===== errors that are not about roles =====
SELECT throws_ok(
  $$SELECT redshift_iam.check_command('no-such-cluster', 'COPY t FROM ''s3://b/x'' IAM_ROLE default')$$,
  '42704', 'cluster no-such-cluster not found', 'unknown cluster: 42704');
SELECT is(pg_temp.err($$SELECT redshift_iam.check_command('no-such-cluster', 'COPY t FROM ''s3://b/x'' IAM_ROLE default')$$) ->> 'detail',
  'No cluster no-such-cluster exists in account 123456789012, region us-east-1.', 'unknown cluster: DETAIL');
SET LOCAL redshift_iam.region = 'eu-west-1';
SELECT throws_ok(
  $$SELECT redshift_iam.check_command('my-redshift-cluster', 'COPY t FROM ''s3://b/x'' IAM_ROLE default')$$,
  '42704', 'cluster my-redshift-cluster not found', 'a cluster of another region is not found');
SET LOCAL redshift_iam.region = 'us-east-1';
SELECT throws_ok(
  $$SELECT redshift_iam.check_command('my-redshift-cluster', E'COPY t FROM ''s3://b/x''\n  IAM_ROLE ''arn:aws:iam::123456789012:role/RedshiftCopyUnload')$$,
  '42601', 'syntax error at line 2, column 12: unterminated quoted string',
  'an unterminated string: 42601 with line and column');
SELECT throws_ok(
  $$SELECT redshift_iam.check_command('my-redshift-cluster', 'select 1')$$,
  '42601', 'syntax error at line 1, column 1: expected COPY, UNLOAD, CREATE EXTERNAL SCHEMA, CREATE EXTERNAL FUNCTION, CREATE MODEL or CREATE LIBRARY, found "select"',
  'another kind of statement: 42601');
SELECT throws_ok(
  $$SELECT redshift_iam.check_command('my-redshift-cluster', 'COPY t FROM ''s3://b/x''')$$,
  '42601', 'syntax error at line 1, column 23: COPY requires an authorization clause: expected IAM_ROLE, CREDENTIALS, or ACCESS_KEY_ID and SECRET_ACCESS_KEY, found end of input',
  'a missing authorization clause: 42601');
SELECT throws_ok(
  $$SELECT redshift_iam.check_command('no-such-cluster', 'select 1')$$,
  '42601', NULL, 'a syntax error is reported before the cluster is looked at');
SELECT is(redshift_iam.check_command(NULL, 'COPY t FROM ''x'' IAM_ROLE default'), NULL,
  'NULL in, NULL out (STRICT)');

-- removing: the role is refused as soon as the removal starts
SELECT ok(redshift_iam.modify_cluster_iam_roles('my-redshift-cluster',
            remove_iam_roles => ARRAY['arn:aws:iam::123456789012:role/RedshiftCopyUnload']) IS NOT NULL,
          'remove RedshiftCopyUnload (removing for 1h)');
SELECT is(pg_temp.chk($$unload ('select 1') to 's3://b/u' iam_role 'arn:aws:iam::123456789012:role/RedshiftCopyUnload'$$) -> 'error',
  jsonb_build_object('sqlstate', '28000',
    'message', 'IAM role arn:aws:iam::123456789012:role/RedshiftCopyUnload is being removed from cluster my-redshift-cluster (ApplyStatus removing)',
    'detail', 'Redshift refuses it: User arn:aws:redshift:us-east-1:123456789012:dbuser:my-redshift-cluster/' || current_user
               || ' is not authorized to assume IAM Role arn:aws:iam::123456789012:role/RedshiftCopyUnload.',
    'hint', 'To keep using the role, associate it again in AWS, then import the clusters again with redshift_iam.import_clusters(); in a catalog maintained by hand: SELECT redshift_iam.modify_cluster_iam_roles(''my-redshift-cluster'', add_iam_roles => ARRAY[''arn:aws:iam::123456789012:role/RedshiftCopyUnload'']);'),
  'removing role: refused with DETAIL and HINT');
SELECT is(pg_temp.chk($$COPY t FROM 's3://b/x' IAM_ROLE 'arn:aws:iam::123456789012:role/RedshiftCopyUnload,arn:aws:iam::210987654321:role/B'$$) #>> '{error,sqlstate}',
  '28000', 'removing role first in a chain: refused');
SELECT ok(redshift_iam.apply_pending_changes() = 1, 'complete the removal');
SELECT is(pg_temp.chk($$unload ('select 1') to 's3://b/u' iam_role 'arn:aws:iam::123456789012:role/RedshiftCopyUnload'$$) #>> '{error,detail}',
  'Redshift refuses it: User arn:aws:redshift:us-east-1:123456789012:dbuser:my-redshift-cluster/' || current_user
    || ' is not authorized to assume IAM Role arn:aws:iam::123456789012:role/RedshiftCopyUnload. The role is not associated with any other cluster in account 123456789012.',
  'after the removal: not associated');

-- ===== a plain database role may check, and is named in the message =====
SET LOCAL ROLE rsi_t40_etl;
SELECT is(pg_temp.chk($$COPY t FROM 's3://b/x' IAM_ROLE 'arn:aws:iam::123456789012:role/MyRedshiftRole'$$) ->> 'resolved_role',
  'arn:aws:iam::123456789012:role/MyRedshiftRole', 'a plain role can call check_command');
SELECT is(pg_temp.chk($$COPY t FROM 's3://b/x' IAM_ROLE 'arn:aws:iam::123456789012:role/ThirdRedshiftRole'$$) #>> '{error,detail}',
  'Redshift refuses it: User arn:aws:redshift:us-east-1:123456789012:dbuser:my-redshift-cluster/rsi_t40_etl is not authorized to assume IAM Role arn:aws:iam::123456789012:role/ThirdRedshiftRole. The role is associated with: my-second-redshift-cluster (in-sync).',
  'the dbuser ARN names the current database role');
SELECT is(pg_temp.chk($$COPY t FROM 's3://b/x' IAM_ROLE default$$) ->> 'resolved_role',
  'arn:aws:iam::123456789012:role/SecondRedshiftRole', 'a plain role can use IAM_ROLE default');
RESET ROLE;

SELECT * FROM finish();
ROLLBACK;
