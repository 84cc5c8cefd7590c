-- import_clusters over existing clusters is authorized as what it does:
-- ModifyClusterIamRoles when the usable roles or the default role change,
-- DeleteCluster when it replaces the cluster (another node type or creation
-- time), iam:PassRole for the roles it hands over (with PassRole's context),
-- CreateCluster for new clusters; an unchanged re-import needs no more than
-- before.  A refused import changes nothing.
BEGIN;
CREATE EXTENSION IF NOT EXISTS pgtap;
CREATE EXTENSION IF NOT EXISTS redshift_iam;
SELECT plan(25);

SET LOCAL redshift_iam.account_id = '123456789012';
SET LOCAL redshift_iam.region = 'us-east-1';
SET LOCAL redshift_iam.apply_delay = 0;
SET LOCAL redshift_iam.enforce_iam_policies = on;

-- one cluster of describe-clusters output
CREATE FUNCTION pg_temp.doc(id text, node text, roles text[], dflt text DEFAULT NULL,
                            created text DEFAULT NULL) RETURNS jsonb LANGUAGE sql AS $$
  SELECT jsonb_strip_nulls(jsonb_build_object('Clusters', jsonb_build_array(jsonb_build_object(
    'ClusterIdentifier', id, 'NodeType', node, 'NumberOfNodes', 2, 'ClusterStatus', 'available',
    'ClusterCreateTime', created,
    'DefaultIamRoleArn', 'arn:aws:iam::123456789012:role/' || dflt,
    'IamRoles', coalesce((SELECT jsonb_agg(jsonb_build_object('IamRoleArn', 'arn:aws:iam::123456789012:role/' || r,
                                                              'ApplyStatus', 'in-sync') ORDER BY o)
                            FROM unnest(roles) WITH ORDINALITY AS u(r, o)), '[]'::jsonb)))))
$$;
CREATE FUNCTION pg_temp.state(id text) RETURNS jsonb LANGUAGE sql AS $$
  SELECT redshift_iam.describe_clusters(id)
$$;
CREATE FUNCTION pg_temp.roles(id text) RETURNS text LANGUAGE sql AS $$
  SELECT string_agg(split_part(r->>'IamRoleArn', '/', 2), ',' ORDER BY o)
    FROM jsonb_array_elements(pg_temp.state(id) #> '{Clusters,0,IamRoles}') WITH ORDINALITY AS x(r, o)
$$;

CREATE ROLE rsi_imp_attacker;
CREATE ROLE rsi_imp_ops;
GRANT USAGE ON SCHEMA redshift_iam TO rsi_imp_attacker, rsi_imp_ops;
GRANT EXECUTE ON FUNCTION redshift_iam.import_clusters(jsonb, boolean) TO rsi_imp_attacker, rsi_imp_ops;
SELECT redshift_iam.map_principal('rsi_imp_attacker', 'arn:aws:iam::123456789012:user/attacker');
SELECT redshift_iam.map_principal('rsi_imp_ops', 'arn:aws:iam::123456789012:user/ops');
-- may create clusters and pass dev-* roles, but never touch prod
SELECT redshift_iam.put_principal_policy('arn:aws:iam::123456789012:user/attacker', 'p', '{
  "Version": "2012-10-17",
  "Statement": [
    {"Effect": "Allow", "Action": "redshift:CreateCluster", "Resource": "*"},
    {"Effect": "Allow", "Action": "iam:PassRole", "Resource": "arn:aws:iam::123456789012:role/dev-*",
     "Condition": {"StringEquals": {"iam:PassedToService": "redshift.amazonaws.com"}}},
    {"Sid": "NeverProd", "Effect": "Deny",
     "Action": ["redshift:ModifyClusterIamRoles", "redshift:DeleteCluster"],
     "Resource": "arn:aws:redshift:us-east-1:123456789012:cluster:prod"}]}');
-- may create and modify clusters and pass dev-* roles to dev-* clusters; no delete
SELECT redshift_iam.put_principal_policy('arn:aws:iam::123456789012:user/ops', 'p', '{
  "Version": "2012-10-17",
  "Statement": [
    {"Effect": "Allow", "Action": ["redshift:CreateCluster", "redshift:ModifyClusterIamRoles"], "Resource": "*"},
    {"Effect": "Allow", "Action": "iam:PassRole", "Resource": "arn:aws:iam::123456789012:role/dev-*",
     "Condition": {"StringEquals": {"iam:PassedToService": "redshift.amazonaws.com"},
                   "StringLike": {"iam:AssociatedResourceArn": "arn:aws:redshift:us-east-1:123456789012:cluster:dev-*"}}}]}');

SELECT redshift_iam.create_cluster('prod', 'ra3.xlplus', 2,
         ARRAY['arn:aws:iam::123456789012:role/prod-role'], 'arn:aws:iam::123456789012:role/prod-role');
SELECT redshift_iam.apply_pending_changes();
CREATE TEMP TABLE prod_before AS SELECT pg_temp.state('prod') AS doc;

-- ---- the attack: prod re-imported with only dev-x ----
SET LOCAL ROLE rsi_imp_attacker;
SELECT throws_ok($$SELECT redshift_iam.import_clusters(pg_temp.doc('prod', 'ra3.xlplus', ARRAY['dev-x']))$$,
  '42501', 'User: arn:aws:iam::123456789012:user/attacker is not authorized to perform: redshift:ModifyClusterIamRoles on resource: arn:aws:redshift:us-east-1:123456789012:cluster:prod with an explicit deny in an identity-based policy',
  'importing prod with other roles is a ModifyClusterIamRoles, and the explicit Deny refuses it');
SELECT throws_ok($$SELECT redshift_iam.import_clusters(pg_temp.doc('prod', 'ra3.xlplus', ARRAY['dev-x', 'prod-role'], 'dev-x'))$$,
  '42501', NULL, 'so is changing only the default role');
SELECT throws_ok($$SELECT redshift_iam.import_clusters(pg_temp.doc('prod', 'dc2.large', ARRAY['dev-x']))$$,
  '42501', 'User: arn:aws:iam::123456789012:user/attacker is not authorized to perform: redshift:DeleteCluster on resource: arn:aws:redshift:us-east-1:123456789012:cluster:prod with an explicit deny in an identity-based policy',
  'importing prod with another node type replaces it: a DeleteCluster, refused');
SELECT throws_ok($$SELECT redshift_iam.import_clusters(pg_temp.doc('prod', 'ra3.xlplus', ARRAY['dev-x'], NULL, '2020-01-01T00:00:00Z'))$$,
  '42501', NULL, 'so does importing it with another creation time');
SELECT throws_ok($$SELECT redshift_iam.import_clusters(jsonb_build_object('Clusters',
                     (pg_temp.doc('dev-two', 'dc2.large', ARRAY['dev-x']) -> 'Clusters')
                     || (pg_temp.doc('prod', 'ra3.xlplus', ARRAY['dev-x']) -> 'Clusters')))$$,
  '42501', NULL, 'a new cluster listed with prod: the import is refused as a whole');
RESET ROLE;
SELECT is(pg_temp.state('prod'), (SELECT doc FROM prod_before), 'prod is unchanged: roles and default role');
SELECT is((SELECT count(*)::int FROM redshift_iam.clusters WHERE cluster_identifier = 'dev-two'), 0,
          'and the new cluster listed with it was not created');

-- ---- what the attacker's policy does allow ----
SET LOCAL ROLE rsi_imp_attacker;
SELECT is(redshift_iam.import_clusters(pg_temp.doc('dev-new', 'dc2.large', ARRAY['dev-x'])), 1,
          'importing a new cluster needs CreateCluster and PassRole, as before');
RESET ROLE;
CREATE TEMP TABLE dev_doc AS SELECT pg_temp.state('dev-new') AS doc;
GRANT SELECT ON dev_doc TO PUBLIC;
SET LOCAL ROLE rsi_imp_attacker;
SELECT is(redshift_iam.import_clusters((SELECT doc FROM dev_doc)), 1,
          'an unchanged re-import (describe output) needs no ModifyClusterIamRoles');
SELECT is(redshift_iam.import_clusters(pg_temp.doc('dev-new', 'dc2.large', ARRAY['dev-x'])), 1,
          'nor does one without ClusterCreateTime');
SELECT throws_ok($$SELECT redshift_iam.import_clusters(pg_temp.doc('dev-new', 'dc2.large', ARRAY['dev-x', 'dev-y']))$$,
  '42501', 'User: arn:aws:iam::123456789012:user/attacker is not authorized to perform: redshift:ModifyClusterIamRoles on resource: arn:aws:redshift:us-east-1:123456789012:cluster:dev-new because no identity-based policy allows the redshift:ModifyClusterIamRoles action',
  'adding a role by import needs ModifyClusterIamRoles');
SELECT throws_ok($$SELECT redshift_iam.import_clusters(pg_temp.doc('dev-new', 'dc2.large', ARRAY['dev-x'], 'dev-x'))$$,
  '42501', NULL, 'setting the default role by import needs it too');
RESET ROLE;
SELECT is(pg_temp.state('dev-new'), (SELECT doc FROM dev_doc), 'dev-new is unchanged by the re-imports and refusals');

-- ---- ops may modify dev-* clusters by import, but not delete ----
SET LOCAL ROLE rsi_imp_ops;
SELECT is(redshift_iam.import_clusters(pg_temp.doc('dev-new', 'dc2.large', ARRAY['dev-x', 'dev-y'], 'dev-y')), 1,
          'a modify by import that the policy allows works');
RESET ROLE;
SELECT is(pg_temp.roles('dev-new'), 'dev-x,dev-y', 'the roles are as imported');
SELECT is(pg_temp.state('dev-new') #>> '{Clusters,0,DefaultIamRoleArn}', 'arn:aws:iam::123456789012:role/dev-y',
          'and so is the default role');
SELECT is(pg_temp.state('dev-new') #>> '{Clusters,0,ClusterCreateTime}',
          (SELECT doc FROM dev_doc) #>> '{Clusters,0,ClusterCreateTime}',
          'an import without ClusterCreateTime keeps the cluster''s creation time');
SET LOCAL ROLE rsi_imp_ops;
SELECT throws_ok($$SELECT redshift_iam.import_clusters(pg_temp.doc('dev-new', 'dc2.large', ARRAY['dev-x', 'dev-y', 'prod-role']))$$,
  '42501', 'User: arn:aws:iam::123456789012:user/ops is not authorized to perform: iam:PassRole on resource: arn:aws:iam::123456789012:role/prod-role because no identity-based policy allows the iam:PassRole action',
  'a role the import adds needs iam:PassRole');
SELECT throws_ok($$SELECT redshift_iam.import_clusters(pg_temp.doc('prod', 'ra3.xlplus', ARRAY['dev-x']))$$,
  '42501', 'User: arn:aws:iam::123456789012:user/ops is not authorized to perform: iam:PassRole on resource: arn:aws:iam::123456789012:role/dev-x because no identity-based policy allows the iam:PassRole action',
  'PassRole is evaluated with iam:AssociatedResourceArn = the cluster ARN');
SELECT throws_ok($$SELECT redshift_iam.import_clusters(pg_temp.doc('dev-new', 'ra3.xlplus', ARRAY['dev-x']))$$,
  '42501', 'User: arn:aws:iam::123456789012:user/ops is not authorized to perform: redshift:DeleteCluster on resource: arn:aws:redshift:us-east-1:123456789012:cluster:dev-new because no identity-based policy allows the redshift:DeleteCluster action',
  'a replace needs DeleteCluster');
RESET ROLE;
SELECT redshift_iam.put_principal_policy('arn:aws:iam::123456789012:user/ops', 'delete', '{
  "Version": "2012-10-17",
  "Statement": [{"Effect": "Allow", "Action": "redshift:DeleteCluster", "Resource": "*"}]}');
SET LOCAL ROLE rsi_imp_ops;
SELECT is(redshift_iam.import_clusters(pg_temp.doc('dev-new', 'ra3.xlplus', ARRAY['dev-x'])), 1,
          'with DeleteCluster allowed the replace works');
RESET ROLE;
SELECT is(pg_temp.state('dev-new') #>> '{Clusters,0,NodeType}', 'ra3.xlplus', 'the cluster is replaced');
SELECT is(pg_temp.roles('dev-new'), 'dev-x', 'roles and all');

-- superusers act as account root
SELECT is(redshift_iam.import_clusters(pg_temp.doc('prod', 'ra3.xlplus', ARRAY['prod-role', 'dev-x'], 'prod-role')), 1,
          'a superuser imports over prod');
SELECT is(pg_temp.roles('prod'), 'prod-role,dev-x', 'with the roles listed');

SELECT * FROM finish();
ROLLBACK;
