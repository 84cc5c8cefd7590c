-- policy.sql — IAM identity policies: who may create clusters and pass roles, a demonstration.
-- A database role acts as the IAM user etl, which holds the seed policy:
-- it may describe, create the two seed clusters and associate
-- MyRedshiftRole, SecondRedshiftRole and ThirdRedshiftRole with them, and is
-- refused anything else with IAM's message.  Runs in one transaction that
-- is rolled back, so it leaves the database as it found it (demo.sql may
-- \i it after its own sections).  Needs a superuser and the extension.
\pset pager off
\set VERBOSITY default
\set SHOW_CONTEXT never
\set ON_ERROR_ROLLBACK on
\set ON_ERROR_STOP off
BEGIN;
SET LOCAL redshift_iam.account_id = '123456789012';
SET LOCAL redshift_iam.region = 'us-east-1';
SET LOCAL redshift_iam.apply_delay = 0;
SET LOCAL redshift_iam.enforce_iam_policies = on;
-- start from no seed clusters (the ROLLBACK at the end brings back any that existed)
SELECT count(redshift_iam.delete_cluster(cluster_identifier)) AS seed_clusters_set_aside
  FROM redshift_iam.clusters
 WHERE account_id = '123456789012' AND region = 'us-east-1'
   AND cluster_identifier IN ('my-redshift-cluster', 'my-second-redshift-cluster');

\echo
\echo '== IAM policies 1. A superuser maps a database role to an IAM user and attaches the seed policy'
CREATE ROLE demo_etl;
GRANT USAGE ON SCHEMA redshift_iam TO demo_etl;
GRANT EXECUTE ON FUNCTION redshift_iam.create_cluster(text, text, integer, text[], text, text),
                          redshift_iam.modify_cluster_iam_roles(text, text[], text[], text),
                          redshift_iam.describe_clusters(text, integer, text) TO demo_etl;
SELECT redshift_iam.map_principal('demo_etl', 'arn:aws:iam::123456789012:user/etl');
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
                  "arn:aws:iam::123456789012:role/ThirdRedshiftRole"]}
  ]}$$);
SELECT db_role, principal_arn, account_id, policy_count FROM redshift_iam.principals;

\echo
\echo '== IAM policies 2. As demo_etl: what the policy allows works'
SET ROLE demo_etl;
SELECT jsonb_array_length(redshift_iam.describe_clusters() -> 'Clusters') AS clusters_described;
SELECT redshift_iam.create_cluster('my-redshift-cluster', 'dc1.large', 16,
         ARRAY['arn:aws:iam::123456789012:role/SecondRedshiftRole']) #>> '{Cluster,ClusterIdentifier}' AS created;
SELECT redshift_iam.create_cluster('my-second-redshift-cluster', 'dc1.large', 10,
         ARRAY['arn:aws:iam::123456789012:role/MyRedshiftRole',
               'arn:aws:iam::123456789012:role/SecondRedshiftRole',
               'arn:aws:iam::123456789012:role/ThirdRedshiftRole']) #>> '{Cluster,ClusterIdentifier}' AS created;
SELECT jsonb_path_query_array(redshift_iam.modify_cluster_iam_roles('my-redshift-cluster',
         ARRAY['arn:aws:iam::123456789012:role/MyRedshiftRole',
               'arn:aws:iam::123456789012:role/ThirdRedshiftRole']),
       '$.Cluster.IamRoles[*].IamRoleArn') AS roles_now;

\echo
\echo '== IAM policies 3. As demo_etl: anything else is refused with IAM''s message (SQLSTATE 42501), and nothing changes'
\echo '-- passing RedshiftCopyUnload:'
SELECT redshift_iam.modify_cluster_iam_roles('my-redshift-cluster',
         ARRAY['arn:aws:iam::123456789012:role/RedshiftCopyUnload']);
\echo '-- a third cluster:'
SELECT redshift_iam.create_cluster('my-third-redshift-cluster', 'dc1.large', 2,
         ARRAY['arn:aws:iam::123456789012:role/MyRedshiftRole']);
RESET ROLE;
SELECT cluster_identifier, iam_role_arn, apply_status FROM redshift_iam.cluster_iam_roles
 WHERE cluster_identifier LIKE 'my-%' ORDER BY 1, 2;

\echo
\echo '== IAM policies 4. A database role with no IAM principal is refused'
CREATE ROLE demo_intern;
GRANT USAGE ON SCHEMA redshift_iam TO demo_intern;
GRANT EXECUTE ON FUNCTION redshift_iam.describe_clusters(text, integer, text) TO demo_intern;
SET ROLE demo_intern;
SELECT redshift_iam.describe_clusters();
RESET ROLE;

\echo
\echo '== IAM policies 5. The policy simulator (open to everyone): why, statement by statement'
SELECT eval_action_name AS action, eval_resource_name AS resource, eval_decision AS decision,
       matched_statements -> 0 ->> 'Sid' AS by_statement
  FROM redshift_iam.simulate_principal_policy('arn:aws:iam::123456789012:user/etl',
         ARRAY['iam:PassRole'],
         ARRAY['arn:aws:iam::123456789012:role/ThirdRedshiftRole',
               'arn:aws:iam::123456789012:role/RedshiftCopyUnload']);
ROLLBACK;
\set ON_ERROR_ROLLBACK off
