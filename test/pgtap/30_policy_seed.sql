-- Seed scenario (policy part; the management guide's example policy): a database role mapped to an
-- IAM user that holds the seed policy may describe, create the two clusters
-- and associate MyRedshiftRole, SecondRedshiftRole and ThirdRedshiftRole with
-- them, and nothing else: not RedshiftCopyUnload, not a third cluster.
-- Denials carry IAM's message and change nothing; an unmapped role is
-- refused with a hint naming map_principal; a superuser acts as root.
BEGIN;
CREATE EXTENSION IF NOT EXISTS pgtap;
CREATE EXTENSION IF NOT EXISTS redshift_iam;
SELECT plan(30);

SET LOCAL redshift_iam.account_id = '123456789012';
SET LOCAL redshift_iam.region = 'us-east-1';
SET LOCAL redshift_iam.apply_delay = 0;  -- statuses move at once (20_catalog_* test the delay)
SET LOCAL redshift_iam.enforce_iam_policies = on;

-- the error a statement raises, as {sqlstate, message, detail, hint}
CREATE FUNCTION pg_temp.err(sql text) RETURNS jsonb LANGUAGE plpgsql AS $$
DECLARE s text; m text; d text; h text;
BEGIN
  EXECUTE sql;
  RETURN NULL;
EXCEPTION WHEN OTHERS THEN
  GET STACKED DIAGNOSTICS s = RETURNED_SQLSTATE, m = MESSAGE_TEXT, d = PG_EXCEPTION_DETAIL, h = PG_EXCEPTION_HINT;
  RETURN jsonb_build_object('sqlstate', s, 'message', m, 'detail', d, 'hint', h);
END $$;

CREATE ROLE rsi_pol_etl;
CREATE ROLE rsi_pol_stranger;
GRANT USAGE ON SCHEMA redshift_iam TO rsi_pol_etl, rsi_pol_stranger;
GRANT EXECUTE ON FUNCTION redshift_iam.create_cluster(text, text, integer, text[], text, text),
                          redshift_iam.modify_cluster_iam_roles(text, text[], text[], text),
                          redshift_iam.describe_clusters(text, integer, text),
                          redshift_iam.delete_cluster(text, boolean, text)
  TO rsi_pol_etl, rsi_pol_stranger;

SELECT lives_ok($$SELECT redshift_iam.map_principal('rsi_pol_etl', 'arn:aws:iam::123456789012:user/etl')$$,
                'a superuser maps the database role to an IAM user');
SELECT lives_ok($$SELECT redshift_iam.put_principal_policy('arn:aws:iam::123456789012:user/etl', 'seed', '{
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
  ]}')$$, 'and attaches the seed policy');

SET LOCAL ROLE rsi_pol_etl;

-- allowed
SELECT is(redshift_iam.describe_clusters(), '{"Clusters": []}'::jsonb, 'describe is allowed');
SELECT throws_ok($$SELECT redshift_iam.create_cluster('my-redshift-cluster', 'dc1.large', 16,
                     ARRAY['arn:aws:iam::123456789012:role/RedshiftCopyUnload',
                           'arn:aws:iam::123456789012:role/SecondRedshiftRole'])$$,
  '42501',
  'User: arn:aws:iam::123456789012:user/etl is not authorized to perform: iam:PassRole on resource: arn:aws:iam::123456789012:role/RedshiftCopyUnload because no identity-based policy allows the iam:PassRole action',
  'creating the first cluster with RedshiftCopyUnload is denied: PassRole');
SELECT is((SELECT count(*)::int FROM redshift_iam.clusters), 0, 'and nothing was created');
SELECT is(redshift_iam.create_cluster('my-redshift-cluster', 'dc1.large', 16,
            ARRAY['arn:aws:iam::123456789012:role/SecondRedshiftRole']) #>> '{Cluster,ClusterIdentifier}',
          'my-redshift-cluster', 'creating it with SecondRedshiftRole is allowed');
SELECT is(redshift_iam.create_cluster('my-second-redshift-cluster', 'dc1.large', 10,
            ARRAY['arn:aws:iam::123456789012:role/MyRedshiftRole',
                  'arn:aws:iam::123456789012:role/SecondRedshiftRole',
                  'arn:aws:iam::123456789012:role/ThirdRedshiftRole'],
            'arn:aws:iam::123456789012:role/ThirdRedshiftRole') #>> '{Cluster,DefaultIamRoleArn}',
          'arn:aws:iam::123456789012:role/ThirdRedshiftRole',
          'creating the second cluster with the three roles and a default is allowed');
SELECT is(jsonb_array_length(redshift_iam.modify_cluster_iam_roles('my-redshift-cluster',
            ARRAY['arn:aws:iam::123456789012:role/MyRedshiftRole',
                  'arn:aws:iam::123456789012:role/ThirdRedshiftRole'],
            default_iam_role_arn => 'arn:aws:iam::123456789012:role/MyRedshiftRole') #> '{Cluster,IamRoles}'),
          3, 'associating the other two roles with the first cluster is allowed');
SELECT is(jsonb_array_length(redshift_iam.modify_cluster_iam_roles('my-second-redshift-cluster',
            remove_iam_roles => ARRAY['arn:aws:iam::123456789012:role/MyRedshiftRole']) #> '{Cluster,IamRoles}'),
          2, 'removing a role needs no PassRole');

-- denied
SELECT throws_ok($$SELECT redshift_iam.modify_cluster_iam_roles('my-redshift-cluster',
                     ARRAY['arn:aws:iam::123456789012:role/RedshiftCopyUnload'])$$,
  '42501',
  'User: arn:aws:iam::123456789012:user/etl is not authorized to perform: iam:PassRole on resource: arn:aws:iam::123456789012:role/RedshiftCopyUnload because no identity-based policy allows the iam:PassRole action',
  'associating RedshiftCopyUnload is denied');
SELECT throws_ok($$SELECT redshift_iam.modify_cluster_iam_roles('my-second-redshift-cluster',
                     ARRAY['arn:aws:iam::123456789012:role/MyRedshiftRole',
                           'arn:aws:iam::123456789012:role/RedshiftCopyUnload'])$$,
  '42501', NULL, 'also next to an allowed role');
SELECT throws_ok($$SELECT redshift_iam.modify_cluster_iam_roles('my-second-redshift-cluster',
                     default_iam_role_arn => 'arn:aws:iam::123456789012:role/RedshiftCopyUnload')$$,
  '42501',
  'User: arn:aws:iam::123456789012:user/etl is not authorized to perform: iam:PassRole on resource: arn:aws:iam::123456789012:role/RedshiftCopyUnload because no identity-based policy allows the iam:PassRole action',
  'setting RedshiftCopyUnload as the default role needs PassRole too');
SELECT throws_ok($$SELECT redshift_iam.create_cluster('my-third-redshift-cluster', 'dc1.large', 2)$$,
  '42501',
  'User: arn:aws:iam::123456789012:user/etl is not authorized to perform: redshift:CreateCluster on resource: arn:aws:redshift:us-east-1:123456789012:cluster:my-third-redshift-cluster because no identity-based policy allows the redshift:CreateCluster action',
  'creating a third cluster is denied');
SELECT throws_ok($$SELECT redshift_iam.delete_cluster('my-redshift-cluster')$$,
  '42501',
  'User: arn:aws:iam::123456789012:user/etl is not authorized to perform: redshift:DeleteCluster on resource: arn:aws:redshift:us-east-1:123456789012:cluster:my-redshift-cluster because no identity-based policy allows the redshift:DeleteCluster action',
  'deleting is not in the policy');
SELECT is(pg_temp.err($$SELECT redshift_iam.modify_cluster_iam_roles('my-redshift-cluster',
                         ARRAY['arn:aws:iam::123456789012:role/RedshiftCopyUnload'])$$) - 'message' - 'hint',
          '{"sqlstate": "42501", "detail": "Database role \"rsi_pol_etl\" acts as IAM principal arn:aws:iam::123456789012:user/etl; decision implicitDeny: none of its 1 policy allows the action."}'::jsonb,
          'the DETAIL names the database role, the principal and the decision');
SELECT matches(pg_temp.err($$SELECT redshift_iam.delete_cluster('my-redshift-cluster')$$) ->> 'hint',
               '^A superuser can attach a policy that allows it with redshift_iam\.put_principal_policy\(\); SELECT \* FROM redshift_iam\.simulate_principal_policy\(''arn:aws:iam::123456789012:user/etl'', ARRAY\[''redshift:DeleteCluster''\], ARRAY\[''arn:aws:redshift:us-east-1:123456789012:cluster:my-redshift-cluster''\]\)',
               'the HINT says what to do and how to look');
RESET ROLE;

-- nothing changed by the denials
SELECT results_eq(
  $$SELECT cluster_identifier, iam_role_arn, apply_status, is_default FROM redshift_iam.cluster_iam_roles
     ORDER BY 1, 2$$,
  $$VALUES ('my-redshift-cluster', 'arn:aws:iam::123456789012:role/MyRedshiftRole', 'in-sync', true),
           ('my-redshift-cluster', 'arn:aws:iam::123456789012:role/SecondRedshiftRole', 'in-sync', false),
           ('my-redshift-cluster', 'arn:aws:iam::123456789012:role/ThirdRedshiftRole', 'in-sync', false),
           ('my-second-redshift-cluster', 'arn:aws:iam::123456789012:role/SecondRedshiftRole', 'in-sync', false),
           ('my-second-redshift-cluster', 'arn:aws:iam::123456789012:role/ThirdRedshiftRole', 'in-sync', true)$$,
  'the associations are those the policy allowed, nothing else');
SELECT is((SELECT count(*)::int FROM redshift_iam.clusters), 2, 'two clusters, not three');

-- a cluster the policy does not name
SELECT ok(redshift_iam.create_cluster('other-cluster', 'dc1.large') IS NOT NULL,
          'a superuser creates a third cluster');
SET LOCAL ROLE rsi_pol_etl;
SELECT throws_ok($$SELECT redshift_iam.modify_cluster_iam_roles('other-cluster',
                     ARRAY['arn:aws:iam::123456789012:role/MyRedshiftRole'])$$,
  '42501',
  'User: arn:aws:iam::123456789012:user/etl is not authorized to perform: redshift:ModifyClusterIamRoles on resource: arn:aws:redshift:us-east-1:123456789012:cluster:other-cluster because no identity-based policy allows the redshift:ModifyClusterIamRoles action',
  'modifying the third cluster is denied, even with an allowed role');
SELECT is(jsonb_array_length(redshift_iam.describe_clusters() -> 'Clusters'), 3,
          'describe on * shows all three clusters');
SELECT is(redshift_iam.describe_clusters('my-redshift-cluster') #>> '{Clusters,0,IamRoles,0,ApplyStatus}',
          'in-sync', 'in the shape of DescribeClusters');
RESET ROLE;

-- an unmapped database role
SET LOCAL ROLE rsi_pol_stranger;
SELECT throws_ok($$SELECT redshift_iam.describe_clusters()$$, '42501',
                 'database role "rsi_pol_stranger" is not mapped to an IAM principal',
                 'an unmapped database role is refused');
SELECT is(pg_temp.err($$SELECT redshift_iam.create_cluster('my-redshift-cluster-2', 'dc1.large')$$) ->> 'hint',
          'A superuser can map it: SELECT redshift_iam.map_principal(''rsi_pol_stranger'', ''arn:aws:iam::123456789012:user/<name>'');',
          'with a HINT naming map_principal');
RESET ROLE;

-- a superuser is account root: no policy applies
SELECT is(jsonb_array_length(redshift_iam.modify_cluster_iam_roles('other-cluster',
            ARRAY['arn:aws:iam::123456789012:role/RedshiftCopyUnload']) #> '{Cluster,IamRoles}'),
          1, 'a superuser passes RedshiftCopyUnload');

-- the simulator agrees with the enforcement
SELECT results_eq(
  $$SELECT eval_resource_name, eval_decision
      FROM redshift_iam.simulate_principal_policy('arn:aws:iam::123456789012:user/etl', ARRAY['iam:PassRole'],
             ARRAY['arn:aws:iam::123456789012:role/MyRedshiftRole', 'arn:aws:iam::123456789012:role/SecondRedshiftRole',
                   'arn:aws:iam::123456789012:role/ThirdRedshiftRole', 'arn:aws:iam::123456789012:role/RedshiftCopyUnload'])$$,
  $$VALUES ('arn:aws:iam::123456789012:role/MyRedshiftRole', 'allowed'),
           ('arn:aws:iam::123456789012:role/SecondRedshiftRole', 'allowed'),
           ('arn:aws:iam::123456789012:role/ThirdRedshiftRole', 'allowed'),
           ('arn:aws:iam::123456789012:role/RedshiftCopyUnload', 'implicitDeny')$$,
  'simulate_principal_policy: the three roles, not RedshiftCopyUnload');
SELECT results_eq(
  $$SELECT eval_action_name, eval_decision
      FROM redshift_iam.simulate_principal_policy('arn:aws:iam::123456789012:user/etl',
             ARRAY['redshift:CreateCluster', 'redshift:ModifyClusterIamRoles', 'redshift:DescribeClusters', 'redshift:DeleteCluster'],
             ARRAY['arn:aws:redshift:us-east-1:123456789012:cluster:my-third-redshift-cluster'])$$,
  $$VALUES ('redshift:CreateCluster', 'implicitDeny'), ('redshift:ModifyClusterIamRoles', 'implicitDeny'),
           ('redshift:DescribeClusters', 'allowed'), ('redshift:DeleteCluster', 'implicitDeny')$$,
  'simulate_principal_policy: a third cluster only for describe');
SELECT is((SELECT matched_statements
             FROM redshift_iam.simulate_principal_policy('arn:aws:iam::123456789012:user/etl', ARRAY['iam:PassRole'],
                    ARRAY['arn:aws:iam::123456789012:role/MyRedshiftRole'])),
          '[{"SourcePolicyId": "seed", "SourcePolicyType": "user", "StatementIndex": 2, "Sid": "ThreeRoles", "Effect": "Allow"}]'::jsonb,
          'matched_statements names the policy and the statement');
SELECT is((SELECT count(*)::int FROM redshift_iam.principals WHERE db_role = 'rsi_pol_etl'
             AND principal_arn = 'arn:aws:iam::123456789012:user/etl' AND account_id = '123456789012'
             AND principal_type = 'user' AND policy_count = 1), 1,
          'the principals view shows the mapping');
SELECT is((SELECT statement_count FROM redshift_iam.principal_policies
            WHERE principal_arn = 'arn:aws:iam::123456789012:user/etl' AND policy_name = 'seed'), 3,
          'the principal_policies view shows the policy');

SELECT * FROM finish();
ROLLBACK;
