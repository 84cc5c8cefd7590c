--
-- IAM principals and identity policies: every error in the form
-- users see it (message, DETAIL, HINT), and a policy changed by another
-- session taking effect in this one at once (the per-backend cache).
--
\set VERBOSITY default
\set SHOW_CONTEXT never
SET redshift_iam.account_id = '123456789012';
SET redshift_iam.region = 'us-east-1';
SET redshift_iam.apply_delay = 0;
SET redshift_iam.enforce_iam_policies = on;

CREATE ROLE rsi_regress_etl;
CREATE ROLE rsi_regress_stranger;
GRANT USAGE ON SCHEMA redshift_iam TO rsi_regress_etl, rsi_regress_stranger;
GRANT EXECUTE ON FUNCTION redshift_iam.create_cluster(text, text, integer, text[], text, text),
                          redshift_iam.modify_cluster_iam_roles(text, text[], text[], text),
                          redshift_iam.describe_clusters(text, integer, text)
  TO rsi_regress_etl, rsi_regress_stranger;

SELECT redshift_iam.map_principal('rsi_regress_etl', 'arn:aws:iam::123456789012:user/etl');
SELECT redshift_iam.put_principal_policy('arn:aws:iam::123456789012:user/etl', 'seed', $${
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
                  "arn:aws:iam::123456789012:role/ThirdRedshiftRole"]},
    {"Sid": "NeverProduction", "Effect": "Deny", "Action": "redshift:*",
     "Resource": "arn:aws:redshift:*:*:cluster:production-*"}
  ]}$$);
SELECT db_role, principal_arn, principal_type, account_id, policy_count FROM redshift_iam.principals;
SELECT principal_arn, policy_name, statement_count FROM redshift_iam.principal_policies;

-- allowed, then denied: implicitly (PassRole, CreateCluster) and explicitly
SET ROLE rsi_regress_etl;
SELECT redshift_iam.create_cluster('my-redshift-cluster', 'dc1.large', 16,
  ARRAY['arn:aws:iam::123456789012:role/SecondRedshiftRole']) #>> '{Cluster,ClusterStatus}' AS created;
SELECT redshift_iam.modify_cluster_iam_roles('my-redshift-cluster',
  ARRAY['arn:aws:iam::123456789012:role/RedshiftCopyUnload']);
SELECT redshift_iam.create_cluster('my-third-redshift-cluster', 'dc1.large');
SELECT redshift_iam.describe_clusters('production-1');
RESET ROLE;

-- a database role with no principal
SET ROLE rsi_regress_stranger;
SELECT redshift_iam.describe_clusters();
-- the writers are for superusers
SELECT redshift_iam.put_principal_policy('arn:aws:iam::123456789012:user/etl', 'all',
  '{"Statement": {"Effect": "Allow", "Action": "*", "Resource": "*"}}');
RESET ROLE;

-- malformed input
SELECT redshift_iam.put_principal_policy('arn:aws:iam::123456789012:user/etl', 'bad',
  '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"},
    {"Effect": "Allow", "Action": "*", "Resource": "*", "Condition": {"StringEquals": {"aws:username": null}}}]}');
SELECT redshift_iam.put_principal_policy('arn:aws:iam::123456789012:role/Admin', 'bad',
  '{"Statement": {"Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "sts:AssumeRole", "Resource": "*"}}');
SELECT redshift_iam.put_principal_policy('arn:aws:iam::123456789012:user/etl', 'a b',
  '{"Statement": {"Effect": "Allow", "Action": "*", "Resource": "*"}}');
SELECT redshift_iam.map_principal('rsi_regress_etl', 'arn:aws:iam::123456789012:etl');
SELECT redshift_iam.delete_principal_policy('arn:aws:iam::123456789012:user/etl', 'nope');
SELECT * FROM redshift_iam.simulate_principal_policy('arn:aws:iam::123456789012:user/nobody', ARRAY['s3:GetObject']);
SELECT * FROM redshift_iam.simulate_custom_policy(ARRAY['{"Statement": {"Effect": "Allow", "Action": "*"}}'::jsonb],
                                                 ARRAY['s3:GetObject']);
SELECT * FROM redshift_iam.simulate_custom_policy('{}', ARRAY['s3:GetObject'], context_entries => '{"k": {"v": 1}}');

-- the simulator
SELECT eval_action_name, eval_resource_name, eval_decision, matched_statements, missing_context_values
  FROM redshift_iam.simulate_principal_policy('arn:aws:iam::123456789012:user/etl',
         ARRAY['iam:PassRole', 'redshift:DeleteCluster'],
         ARRAY['arn:aws:iam::123456789012:role/MyRedshiftRole', 'arn:aws:redshift:us-east-1:123456789012:cluster:production-1']);

-- another session changes the policy; this session sees it on its next call
SELECT current_database() AS db \gset
\setenv PGDATABASE :db
SET ROLE rsi_regress_etl;
SELECT redshift_iam.create_cluster('my-third-redshift-cluster', 'dc1.large') IS NOT NULL AS created;
\! psql -X -q -c "SELECT redshift_iam.put_principal_policy('arn:aws:iam::123456789012:user/etl', 'third', '{\"Statement\": {\"Effect\": \"Allow\", \"Action\": \"redshift:CreateCluster\", \"Resource\": \"*\"}}')" >/dev/null
SELECT redshift_iam.create_cluster('my-third-redshift-cluster', 'dc1.large') IS NOT NULL AS created;
\! psql -X -q -c "SELECT redshift_iam.delete_principal_policy('arn:aws:iam::123456789012:user/etl', 'third')" >/dev/null
SELECT redshift_iam.create_cluster('my-fourth-redshift-cluster', 'dc1.large') IS NOT NULL AS created;
RESET ROLE;

-- clean up
SELECT count(redshift_iam.delete_cluster(cluster_identifier)) FROM redshift_iam.clusters;
SELECT redshift_iam.delete_principal_policy('arn:aws:iam::123456789012:user/etl', 'seed');
SELECT redshift_iam.unmap_principal('rsi_regress_etl');
REVOKE ALL ON SCHEMA redshift_iam FROM rsi_regress_etl, rsi_regress_stranger;
REVOKE ALL ON ALL FUNCTIONS IN SCHEMA redshift_iam FROM rsi_regress_etl, rsi_regress_stranger;
DROP ROLE rsi_regress_etl;
DROP ROLE rsi_regress_stranger;
RESET redshift_iam.enforce_iam_policies;
RESET redshift_iam.apply_delay;
