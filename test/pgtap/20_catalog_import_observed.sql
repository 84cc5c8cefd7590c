-- import_clusters of real describe-clusters output: statuses kept as
-- observed, account and region from the input, statuses and node types AWS
-- has that this version does not list.  The document is the CLI fixture
-- test/cli/fixtures/describe_eu_real.json (members as botocore's Cluster
-- shape and the AWS CLI print them), so SQL and the offline checker read
-- the same JSON.
\set eu_doc `cat test/cli/fixtures/describe_eu_real.json`
BEGIN;
CREATE EXTENSION IF NOT EXISTS pgtap;
CREATE EXTENSION IF NOT EXISTS redshift_iam;
SELECT plan(31);

-- nothing set: redshift_iam.account_id and redshift_iam.region at their defaults
SELECT redshift_iam_internal._region() IS NULL AS library_loaded \gset
SELECT is((SELECT string_agg(source, ',' ORDER BY name) FROM pg_settings
            WHERE name IN ('redshift_iam.account_id', 'redshift_iam.region')),
          'default,default', 'account and region are not set');
SET LOCAL redshift_iam.apply_delay = 0;
SET LOCAL client_min_messages = error;

-- 2. account and region from the input
SELECT is(redshift_iam.import_clusters(:'eu_doc'), 4, 'real output of account 111122223333 in eu-west-1 imports');
SELECT set_eq($$SELECT account_id, region, cluster_identifier FROM redshift_iam.clusters$$,
  $$VALUES ('111122223333', 'eu-west-1', 'prod-eu'), ('111122223333', 'eu-west-1', 'nightly-eu'),
           ('111122223333', 'eu-west-1', 'restore-eu'), ('111122223333', 'eu-west-1', 'old-eu')$$,
  'each cluster is filed under the account and region of its ClusterNamespaceArn');
SELECT is(redshift_iam.check_command('prod-eu',
  $$COPY t FROM 's3://b/x' IAM_ROLE 'arn:aws:iam::111122223333:role/Etl'$$) ->> 'cluster_arn',
  'arn:aws:redshift:eu-west-1:111122223333:cluster:prod-eu',
  'check_command(''prod-eu'') with nothing set: allowed, on the cluster of eu-west-1');
SELECT is(redshift_iam.check_command('arn:aws:redshift:eu-west-1:111122223333:cluster:prod-eu',
  $$COPY t FROM 's3://b/x' IAM_ROLE default$$) ->> 'resolved_role', 'arn:aws:iam::111122223333:role/Etl',
  'a cluster ARN in place of the identifier');
SELECT throws_ok($$SELECT redshift_iam.check_command('arn:aws:redshift:us-east-1:111122223333:cluster:prod-eu',
  'COPY t FROM ''s3://b/x'' IAM_ROLE default')$$, '42704', 'cluster prod-eu not found',
  'an ARN of another region names another cluster');
SELECT ok(NOT (SELECT bool_and(ok) FROM redshift_iam.validate_script(
  'arn:aws:redshift:eu-west-1:111122223333:cluster:prod-eu',
  $$COPY t FROM 's3://b/x' IAM_ROLE 'arn:aws:iam::111122223333:role/Nope';$$)),
  'validate_script takes a cluster ARN too');

-- 1. the import is an observation: adding stays adding (apply_delay is 0)
SELECT is((SELECT apply_status FROM redshift_iam.cluster_iam_roles
            WHERE cluster_identifier = 'prod-eu' AND iam_role_arn LIKE '%/Loader'), 'adding',
          'an imported adding role stays adding whatever the clock');
SELECT throws_ok($$SELECT redshift_iam.check_command('prod-eu',
  'COPY t FROM ''s3://b/x'' IAM_ROLE ''arn:aws:iam::111122223333:role/Loader''')$$, '28000',
  'IAM role arn:aws:iam::111122223333:role/Loader is still being associated with cluster prod-eu (ApplyStatus adding)',
  'role-adding, as the offline checker says on the same JSON');
SELECT is((SELECT r.hint FROM redshift_iam.validate_script('prod-eu',
  $$COPY t FROM 's3://b/x' IAM_ROLE 'arn:aws:iam::111122223333:role/Loader';$$) AS r),
  'Run the command once the role is in-sync: SELECT * FROM redshift_iam.describe_clusters(''prod-eu''); shows it. An imported catalog learns it when the clusters are imported again.',
  'validate_script: the hint says to import again, not to wait for apply_delay');
SELECT is((SELECT r.detail FROM redshift_iam.validate_script('prod-eu',
  $$COPY t FROM 's3://b/x' IAM_ROLE 'arn:aws:iam::111122223333:role/Loader';$$) AS r),
  'Redshift refuses it: User arn:aws:redshift:eu-west-1:111122223333:dbuser:prod-eu/' || current_user
  || ' is not authorized to assume IAM Role arn:aws:iam::111122223333:role/Loader.',
  'the detail promises no time: the observation has none');
SELECT is(redshift_iam.apply_pending_changes(), 0, 'apply_pending_changes in the current account and region: nothing of eu-west-1');
SELECT is(redshift_iam.import_clusters(:'eu_doc', advance => true), 4, 'import with advance => true');
SELECT is((SELECT apply_status FROM redshift_iam.cluster_iam_roles
            WHERE cluster_identifier = 'prod-eu' AND iam_role_arn LIKE '%/Loader'), 'in-sync',
          'advance => true: the simulated transition (apply_delay 0) completes');
SELECT is(redshift_iam.import_clusters(:'eu_doc'), 4, 'the next import');
SELECT is((SELECT apply_status FROM redshift_iam.cluster_iam_roles
            WHERE cluster_identifier = 'prod-eu' AND iam_role_arn LIKE '%/Loader'), 'adding',
          'the next import shows the new observation');

-- 3. statuses and node types AWS returns
SELECT is((SELECT node_type || ' ' || cluster_status FROM redshift_iam.clusters WHERE cluster_identifier = 'nightly-eu'),
          'rg.2xlarge paused', 'a node type this version does not list is kept');
SELECT is((SELECT cluster_status FROM redshift_iam.clusters WHERE cluster_identifier = 'restore-eu'),
          'recovering', 'a status botocore does not list is kept');
SELECT is(redshift_iam.check_command('nightly-eu',
  $$COPY t FROM 's3://b/x' IAM_ROLE 'arn:aws:iam::111122223333:role/Etl'$$) ->> 'warning',
  'cluster nightly-eu is not available now (ClusterStatus paused, ClusterAvailabilityStatus Unavailable): the command passes the role checks but runs only once the cluster is available',
  'a paused cluster: the role is checked, with one warning');
SELECT is((SELECT r.ok::text || ' ' || r.hint FROM redshift_iam.validate_script('nightly-eu',
  $$COPY t FROM 's3://b/x' IAM_ROLE 'arn:aws:iam::111122223333:role/Etl';$$) AS r),
  'true Resume the cluster (aws redshift resume-cluster --cluster-identifier nightly-eu), then run the command.',
  'a paused cluster''s hint says to resume it, never to wait for apply_delay');
SELECT throws_ok($$SELECT redshift_iam.check_command('nightly-eu',
  'COPY t FROM ''s3://b/x'' IAM_ROLE ''arn:aws:iam::111122223333:role/Nope''')$$, '28000', NULL,
  'a paused cluster does not hide a role that is not associated');
SELECT throws_ok($$SELECT redshift_iam.check_command('old-eu',
  'COPY t FROM ''s3://b/x'' IAM_ROLE ''arn:aws:iam::111122223333:role/Etl''')$$, '55000',
  'cluster old-eu is not available (ClusterStatus deleting, ClusterAvailabilityStatus Modifying)',
  'a cluster being deleted refuses');
SELECT throws_ok($$SELECT redshift_iam.check_command('restore-eu',
  'COPY t FROM ''s3://b/x'' IAM_ROLE ''arn:aws:iam::111122223333:role/Etl''')$$, '28000', NULL,
  'an unknown status (recovering): the role verdict still comes');
SELECT is((SELECT c->>'ClusterAvailabilityStatus' FROM redshift_iam.clusters v,
             LATERAL (SELECT redshift_iam_internal._cluster_json(v.account_id, v.region, v.cluster_identifier) AS c) j
            WHERE v.cluster_identifier = 'nightly-eu'), 'Unavailable',
          'ClusterAvailabilityStatus is kept and printed');

-- 2. settings someone chose must agree with the input
SET LOCAL redshift_iam.region = 'us-east-1';
SELECT throws_ok(format('SELECT redshift_iam.import_clusters(%L)', :'eu_doc'), '22023',
  'invalid describe-clusters output: Clusters[0]: the cluster is in region eu-west-1 (from its ClusterNamespaceArn), but redshift_iam.region is us-east-1',
  'an explicit region that contradicts the input: refused, both named');
SELECT throws_ok($$SELECT redshift_iam.check_command('prod-eu', 'COPY t FROM ''s3://b/x'' IAM_ROLE default')$$,
  '42704', 'cluster prod-eu not found', 'with the region set, prod-eu is looked for in us-east-1 only');
RESET redshift_iam.region;
SET LOCAL redshift_iam.account_id = '123456789012';
SELECT throws_ok(format('SELECT redshift_iam.import_clusters(%L)', :'eu_doc'), '22023',
  'invalid describe-clusters output: Clusters[0]: the cluster is in account 111122223333 (from its ClusterNamespaceArn), but redshift_iam.account_id is 123456789012',
  'an explicit account that contradicts the input: refused, both named');

RESET redshift_iam.account_id;

-- 7. the role quota of the isolated regions (Quotas and limits in Amazon Redshift)
SET LOCAL redshift_iam.region = 'us-iso-east-1';
SELECT throws_ok(format('SELECT redshift_iam.create_cluster(%L, %L, 2, %L)', 'iso', 'ra3.4xlarge',
    ARRAY(SELECT 'arn:aws-iso:iam::123456789012:role/R' || i FROM generate_series(1, 11) AS i)),
  '54000', 'An error occurred (InvalidParameterValue) when calling the CreateCluster operation: A cluster can have at most 10 IAM roles associated; the request names 11.',
  'us-iso-east-1: 11 roles exceed its quota of 10, with InvalidParameterValue (not the KMS LimitExceededFault)');
RESET redshift_iam.region;
SELECT throws_ok(format('SELECT redshift_iam.import_clusters(%L)', jsonb_build_object('Clusters', jsonb_build_array(
    jsonb_build_object('ClusterIdentifier', 'iso', 'NodeType', 'ra3.4xlarge', 'NumberOfNodes', 2,
                       'AvailabilityZone', 'us-isob-east-1a',
                       'IamRoles', (SELECT jsonb_agg(jsonb_build_object('IamRoleArn', 'arn:aws-iso-b:iam::123456789012:role/R' || i,
                                                                        'ApplyStatus', 'in-sync'))
                                      FROM generate_series(1, 11) AS i))))),
  '22023', 'invalid describe-clusters output: Clusters[0].IamRoles: 11 roles exceed the quota of 10 roles per cluster in us-isob-east-1',
  'an import applies the quota of each cluster''s own region');

-- the work table is the import's own: one the caller made beforehand (say
-- with a trigger that would run as the function's owner) is never written to
CREATE ROLE rsi_t20_hijacker;
GRANT USAGE ON SCHEMA redshift_iam TO rsi_t20_hijacker;
GRANT EXECUTE ON FUNCTION redshift_iam.import_clusters(jsonb, boolean) TO rsi_t20_hijacker;
SET LOCAL ROLE rsi_t20_hijacker;
CREATE TEMP TABLE rsi_import (account_id text);
SELECT throws_ok(format('SELECT redshift_iam.import_clusters(%L)', :'eu_doc'), '42P07', NULL,
  'a temporary table rsi_import the caller made: the import refuses, it does not use it');
SELECT is((SELECT count(*)::int FROM pg_temp.rsi_import), 0, '  and nothing was written to it');
RESET ROLE;

SELECT * FROM finish();
ROLLBACK;
