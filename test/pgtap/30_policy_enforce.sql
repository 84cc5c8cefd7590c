-- Enforcement of IAM identity policies in the management functions: the
-- principal's account, explicit deny over a wildcard allow and the other
-- PassRole vectors, PassRole context keys, policy variables,
-- role principals, redshift_iam.enforce_iam_policies, policy changes taking
-- effect at once (the per-backend cache), and a read-only transaction.
BEGIN;
CREATE EXTENSION IF NOT EXISTS pgtap;
CREATE EXTENSION IF NOT EXISTS redshift_iam;
SELECT plan(43);

SET LOCAL redshift_iam.account_id = '123456789012';
SET LOCAL redshift_iam.region = 'us-west-2';
SET LOCAL redshift_iam.apply_delay = 0;
SET LOCAL redshift_iam.enforce_iam_policies = on;

CREATE FUNCTION pg_temp.err(sql text) RETURNS jsonb LANGUAGE plpgsql AS $$
DECLARE s text; m text; d text; h text;
BEGIN
  EXECUTE sql;
  RETURN NULL;
EXCEPTION WHEN OTHERS THEN
  GET STACKED DIAGNOSTICS s = RETURNED_SQLSTATE, m = MESSAGE_TEXT, d = PG_EXCEPTION_DETAIL, h = PG_EXCEPTION_HINT;
  RETURN jsonb_build_object('sqlstate', s, 'message', m, 'detail', d, 'hint', h);
END $$;

-- put one policy document (superuser)
CREATE FUNCTION pg_temp.put(arn text, name text, doc text) RETURNS void LANGUAGE sql AS $$
  SELECT redshift_iam.put_principal_policy(arn, name, doc::jsonb)
$$;

CREATE ROLE rsi_pol_ops;
CREATE ROLE rsi_pol_other;
GRANT USAGE ON SCHEMA redshift_iam TO rsi_pol_ops, rsi_pol_other;
GRANT EXECUTE ON FUNCTION redshift_iam.create_cluster(text, text, integer, text[], text, text),
                          redshift_iam.modify_cluster_iam_roles(text, text[], text[], text),
                          redshift_iam.describe_clusters(text, integer, text),
                          redshift_iam.delete_cluster(text, boolean, text),
                          redshift_iam.apply_pending_changes(text),
                          redshift_iam.import_clusters(jsonb, boolean),
                          redshift_iam_internal._caller_account()
  TO rsi_pol_ops, rsi_pol_other;

-- ---- the principal's account ----
SELECT redshift_iam.map_principal('rsi_pol_ops', 'arn:aws:iam::210987654321:user/ops');
SELECT pg_temp.put('arn:aws:iam::210987654321:user/ops', 'all',
  '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["redshift:*", "iam:PassRole"], "Resource": "*"}]}');
SELECT ok(redshift_iam.create_cluster('root-cluster', 'dc1.large') IS NOT NULL,
          'a superuser creates a cluster in redshift_iam.account_id');
SET LOCAL ROLE rsi_pol_ops;
SELECT is(redshift_iam_internal._caller_account(), '210987654321', 'a mapped role acts in its principal''s account');
SELECT is(redshift_iam.create_cluster('ops-1', 'dc1.large', 1, ARRAY['arn:aws:iam::210987654321:role/R'])
            #>> '{Cluster,IamRoles,0,IamRoleArn}', 'arn:aws:iam::210987654321:role/R',
          'and creates clusters there, with roles of that account');
SELECT throws_ok($$SELECT redshift_iam.create_cluster('ops-2', 'dc1.large', 1, ARRAY['arn:aws:iam::123456789012:role/R'])$$,
                 '22023', NULL, 'a role of another account is refused after PassRole allowed it');
SELECT is(redshift_iam.describe_clusters() #>> '{Clusters,0,ClusterIdentifier}', 'ops-1',
          'describe shows the clusters of the principal''s account');
SELECT is(jsonb_array_length(redshift_iam.describe_clusters() -> 'Clusters'), 1, 'and only those');
RESET ROLE;
SELECT is((SELECT account_id FROM redshift_iam.clusters WHERE cluster_identifier = 'ops-1'), '210987654321',
          'the catalog keys the cluster by that account');

-- ---- explicit deny beats a wildcard allow (the management guide's DenyDeleteModifyProtected example) ----
SELECT redshift_iam.map_principal('rsi_pol_ops', 'arn:aws:iam::123456789012:user/ops');
SELECT pg_temp.put('arn:aws:iam::123456789012:user/ops', 'all',
  '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}');
SELECT pg_temp.put('arn:aws:iam::123456789012:user/ops', 'guard',
  '{"Version": "2012-10-17", "Statement": [
     {"Effect": "Allow", "Action": "redshift:DescribeClusters", "Resource": "*"},
     {"Sid": "DenyProduction", "Effect": "Deny", "Action": "redshift:ModifyClusterIamRoles",
      "Resource": "arn:aws:redshift:us-west-2:123456789012:cluster:production*"}]}');
SELECT ok(redshift_iam.create_cluster('production-1', 'dc1.large') IS NOT NULL, 'setup: production-1');
SELECT ok(redshift_iam.create_cluster('staging-1', 'dc1.large') IS NOT NULL, 'setup: staging-1');
SET LOCAL ROLE rsi_pol_ops;
SELECT throws_ok($$SELECT redshift_iam.modify_cluster_iam_roles('production-1', ARRAY['arn:aws:iam::123456789012:role/R'])$$,
  '42501',
  'User: arn:aws:iam::123456789012:user/ops is not authorized to perform: redshift:ModifyClusterIamRoles on resource: arn:aws:redshift:us-west-2:123456789012:cluster:production-1 with an explicit deny in an identity-based policy',
  'an explicit Deny on production* beats Allow *');
SELECT is(pg_temp.err($$SELECT redshift_iam.modify_cluster_iam_roles('production-1', ARRAY['arn:aws:iam::123456789012:role/R'])$$) ->> 'detail',
  'Database role "rsi_pol_ops" acts as IAM principal arn:aws:iam::123456789012:user/ops; decision explicitDeny by Statement[1] (Sid "DenyProduction") of policy "guard".',
  'the DETAIL names the denying statement');
SELECT ok(redshift_iam.modify_cluster_iam_roles('staging-1', ARRAY['arn:aws:iam::123456789012:role/R']) IS NOT NULL,
          'the same call on staging-1 is allowed');
RESET ROLE;

-- Management guide example 2: redshift:* on arn:aws:redshift:us-west-2:* ('*' crosses colons), redshift:Delete* denied
SELECT redshift_iam.delete_principal_policy('arn:aws:iam::123456789012:user/ops', 'all');
SELECT redshift_iam.delete_principal_policy('arn:aws:iam::123456789012:user/ops', 'guard');
SELECT pg_temp.put('arn:aws:iam::123456789012:user/ops', 'example2',
  '{"Version": "2012-10-17", "Statement": [
     {"Effect": "Allow", "Action": "redshift:*", "Resource": "arn:aws:redshift:us-west-2:*"},
     {"Effect": "Deny", "Action": "redshift:Delete*", "Resource": "*"}]}');
SET LOCAL ROLE rsi_pol_ops;
SELECT ok(redshift_iam.create_cluster('example-2', 'dc1.large') IS NOT NULL, 'management guide example 2: create allowed');
SELECT throws_ok($$SELECT redshift_iam.delete_cluster('example-2')$$, '42501',
  'User: arn:aws:iam::123456789012:user/ops is not authorized to perform: redshift:DeleteCluster on resource: arn:aws:redshift:us-west-2:123456789012:cluster:example-2 with an explicit deny in an identity-based policy',
  'management guide example 2: delete explicitly denied');
SELECT throws_ok($$SELECT redshift_iam.apply_pending_changes()$$, '42501',
  'User: arn:aws:iam::123456789012:user/ops is not authorized to perform: redshift_iam:ApplyPendingChanges on resource: * because no identity-based policy allows the redshift_iam:ApplyPendingChanges action',
  'apply_pending_changes needs redshift_iam:ApplyPendingChanges');
SET LOCAL redshift_iam.region = 'us-east-1';
SELECT throws_ok($$SELECT redshift_iam.create_cluster('example-2', 'dc1.large')$$, '42501', NULL,
                 'management guide example 2: not in another region');
SET LOCAL redshift_iam.region = 'us-west-2';
RESET ROLE;
SELECT redshift_iam.delete_principal_policy('arn:aws:iam::123456789012:user/ops', 'example2');

-- ---- PassRole context: iam:PassedToService and iam:AssociatedResourceArn ----
SELECT pg_temp.put('arn:aws:iam::123456789012:user/ops', 'clusters',
  '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "redshift:*", "Resource": "*"}]}');
SELECT pg_temp.put('arn:aws:iam::123456789012:user/ops', 'pass',
  '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "iam:PassRole",
     "Resource": "arn:aws:iam::*:role/*",
     "Condition": {"StringEquals": {"iam:PassedToService": "redshift.amazonaws.com"}}}]}');
SET LOCAL ROLE rsi_pol_ops;
SELECT ok(redshift_iam.modify_cluster_iam_roles('staging-1', ARRAY['arn:aws:iam::123456789012:role/S']) IS NOT NULL,
          'PassRole with iam:PassedToService = redshift.amazonaws.com allows association');
RESET ROLE;
SELECT pg_temp.put('arn:aws:iam::123456789012:user/ops', 'pass',
  '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "iam:PassRole",
     "Resource": "arn:aws:iam::*:role/*",
     "Condition": {"StringEquals": {"iam:PassedToService": "sagemaker.amazonaws.com"}}}]}');
SET LOCAL ROLE rsi_pol_ops;
SELECT throws_ok($$SELECT redshift_iam.modify_cluster_iam_roles('staging-1', ARRAY['arn:aws:iam::123456789012:role/T'])$$,
  '42501',
  'User: arn:aws:iam::123456789012:user/ops is not authorized to perform: iam:PassRole on resource: arn:aws:iam::123456789012:role/T because no identity-based policy allows the iam:PassRole action',
  'the same policy for sagemaker.amazonaws.com gives implicit deny; re-putting a name replaces it');
RESET ROLE;
SELECT pg_temp.put('arn:aws:iam::123456789012:user/ops', 'pass',
  '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "iam:PassRole",
     "Resource": "*",
     "Condition": {"ArnLike": {"iam:AssociatedResourceARN": "arn:aws:redshift:us-west-2:123456789012:cluster:staging-*"}}}]}');
SET LOCAL ROLE rsi_pol_ops;
SELECT ok(redshift_iam.modify_cluster_iam_roles('staging-1', ARRAY['arn:aws:iam::123456789012:role/T']) IS NOT NULL,
          'iam:AssociatedResourceArn is the cluster ARN (key names are case-insensitive)');
SELECT throws_ok($$SELECT redshift_iam.modify_cluster_iam_roles('production-1', ARRAY['arn:aws:iam::123456789012:role/T'])$$,
  '42501', NULL, 'another cluster does not match the ArnLike');
SELECT throws_ok($$SELECT redshift_iam.create_cluster('prod-2', 'dc1.large', 1, ARRAY['arn:aws:iam::123456789012:role/T'],
                                                    'arn:aws:iam::123456789012:role/T')$$,
  '42501', NULL, 'a PassRole denial stops a create that CreateCluster allowed');
RESET ROLE;
SELECT is((SELECT count(*)::int FROM redshift_iam.clusters WHERE cluster_identifier = 'prod-2'), 0,
          'create_cluster left nothing behind');
SELECT pg_temp.put('arn:aws:iam::123456789012:user/ops', 'pass',
  '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "iam:PassRole", "Resource": "*",
     "Condition": {"IpAddress": {"aws:SourceIp": "203.0.113.0/24"}}}]}');
SET LOCAL ROLE rsi_pol_ops;
SELECT is(pg_temp.err($$SELECT redshift_iam.modify_cluster_iam_roles('staging-1', ARRAY['arn:aws:iam::123456789012:role/U'])$$) ->> 'detail',
  'Database role "rsi_pol_ops" acts as IAM principal arn:aws:iam::123456789012:user/ops; decision implicitDeny: none of its 2 policies allows the action; the request has no value for aws:SourceIp.',
  'the DETAIL names context keys the policy needed and the request lacked');
RESET ROLE;
SELECT redshift_iam.delete_principal_policy('arn:aws:iam::123456789012:user/ops', 'pass');

-- ---- request context: aws:username, aws:PrincipalAccount, aws:RequestedRegion ----
SELECT redshift_iam.delete_principal_policy('arn:aws:iam::123456789012:user/ops', 'clusters');
SELECT pg_temp.put('arn:aws:iam::123456789012:user/ops', 'own',
  '{"Version": "2012-10-17", "Statement": [
     {"Effect": "Allow", "Action": "redshift:CreateCluster",
      "Resource": "arn:aws:redshift:*:123456789012:cluster:${aws:username}-*",
      "Condition": {"StringEquals": {"aws:RequestedRegion": "us-west-2", "aws:PrincipalAccount": "${aws:PrincipalAccount}"},
                    "ArnEquals": {"aws:PrincipalArn": "arn:aws:iam::123456789012:user/ops"},
                    "StringEqualsIgnoreCase": {"aws:PrincipalType": "user"}}}]}');
SET LOCAL ROLE rsi_pol_ops;
SELECT ok(redshift_iam.create_cluster('ops-own', 'dc1.large') IS NOT NULL,
          '${aws:username} is filled in; aws:PrincipalAccount, aws:PrincipalArn, aws:PrincipalType, aws:RequestedRegion are set');
SELECT throws_ok($$SELECT redshift_iam.create_cluster('someone-else', 'dc1.large')$$, '42501', NULL,
                 'another name does not match the variable');
SET LOCAL redshift_iam.region = 'eu-west-1';
SELECT throws_ok($$SELECT redshift_iam.create_cluster('ops-eu', 'dc1.large')$$, '42501', NULL,
                 'aws:RequestedRegion is redshift_iam.region');
SET LOCAL redshift_iam.region = 'us-west-2';
RESET ROLE;

-- ---- an IAM role as principal ----
SELECT redshift_iam.map_principal('rsi_pol_other', 'arn:aws:iam::123456789012:role/Admin');
SELECT pg_temp.put('arn:aws:iam::123456789012:role/Admin', 'own',
  '{"Version": "2012-10-17", "Statement": [
     {"Effect": "Allow", "Action": "redshift:DescribeClusters", "Resource": "*", "Condition": {"StringEquals": {"aws:PrincipalType": "AssumedRole"}}},
     {"Effect": "Allow", "Action": "redshift:CreateCluster", "Resource": "arn:aws:redshift:*:*:cluster:${aws:username}-*"}]}');
SET LOCAL ROLE rsi_pol_other;
SELECT ok(redshift_iam.describe_clusters() IS NOT NULL, 'a role principal acts as AssumedRole');
SELECT throws_ok($$SELECT redshift_iam.create_cluster('admin-1', 'dc1.large')$$, '42501',
  'User: arn:aws:iam::123456789012:role/Admin is not authorized to perform: redshift:CreateCluster on resource: arn:aws:redshift:us-west-2:123456789012:cluster:admin-1 because no identity-based policy allows the redshift:CreateCluster action',
  'a role has no aws:username; the message names the role ARN');
RESET ROLE;

-- ---- policy changes take effect at once (the cache follows the catalog) ----
SELECT pg_temp.put('arn:aws:iam::123456789012:role/Admin', 'more',
  '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "redshift:CreateCluster", "Resource": "*"}]}');
SET LOCAL ROLE rsi_pol_other;
SELECT ok(redshift_iam.create_cluster('admin-1', 'dc1.large') IS NOT NULL, 'a new policy applies to the next call');
RESET ROLE;
SELECT redshift_iam.delete_principal_policy('arn:aws:iam::123456789012:role/Admin', 'more');
SET LOCAL ROLE rsi_pol_other;
SELECT throws_ok($$SELECT redshift_iam.create_cluster('admin-2', 'dc1.large')$$, '42501', NULL,
                 'a deleted policy no longer applies');
RESET ROLE;
SAVEPOINT before_put;
SELECT pg_temp.put('arn:aws:iam::123456789012:role/Admin', 'more',
  '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "redshift:CreateCluster", "Resource": "*"}]}');
SET LOCAL ROLE rsi_pol_other;
SELECT ok(redshift_iam.create_cluster('admin-2', 'dc1.large') IS NOT NULL, 'put inside a savepoint applies');
ROLLBACK TO SAVEPOINT before_put;
SET LOCAL ROLE rsi_pol_other;
SELECT throws_ok($$SELECT redshift_iam.create_cluster('admin-3', 'dc1.large')$$, '42501', NULL,
                 'and is gone again after ROLLBACK TO SAVEPOINT');
RESET ROLE;
SELECT redshift_iam.map_principal('rsi_pol_other', 'arn:aws:iam::123456789012:user/ops');
SET LOCAL ROLE rsi_pol_other;
SELECT ok(redshift_iam.create_cluster('ops-again', 'dc1.large') IS NOT NULL, 're-mapping switches the principal');
RESET ROLE;
SELECT ok(redshift_iam.unmap_principal('rsi_pol_other'), 'unmap_principal removes a mapping');
SELECT ok(NOT redshift_iam.unmap_principal('rsi_pol_other'), 'and says when there was none');
SET LOCAL ROLE rsi_pol_other;
SELECT throws_ok($$SELECT redshift_iam.describe_clusters()$$, '42501',
                 'database role "rsi_pol_other" is not mapped to an IAM principal', 'an unmapped role is refused again');
RESET ROLE;

-- ---- import_clusters: CreateCluster and PassRole for every cluster ----
SET LOCAL ROLE rsi_pol_ops;
SELECT throws_ok($$SELECT redshift_iam.import_clusters('{"Clusters": [{"ClusterIdentifier": "ops-imported", "NodeType": "dc1.large",
                     "NumberOfNodes": 1, "IamRoles": [{"IamRoleArn": "arn:aws:iam::123456789012:role/R", "ApplyStatus": "in-sync"}]}]}')$$,
  '42501',
  'User: arn:aws:iam::123456789012:user/ops is not authorized to perform: iam:PassRole on resource: arn:aws:iam::123456789012:role/R because no identity-based policy allows the iam:PassRole action',
  'import_clusters needs PassRole for the roles it associates');
RESET ROLE;

-- ---- redshift_iam.enforce_iam_policies ----
SET LOCAL ROLE rsi_pol_other;
SELECT throws_ok($$SET redshift_iam.enforce_iam_policies = off$$, '42501', NULL,
                 'only a superuser can turn enforcement off');
RESET ROLE;
SET LOCAL redshift_iam.enforce_iam_policies = off;
SET LOCAL ROLE rsi_pol_other;
SELECT ok(redshift_iam.create_cluster('unenforced', 'dc1.large', 1, ARRAY['arn:aws:iam::123456789012:role/RedshiftCopyUnload']) IS NOT NULL,
          'off: an unmapped role acts in redshift_iam.account_id, unevaluated');
RESET ROLE;
SET LOCAL ROLE rsi_pol_ops;
SELECT ok(redshift_iam.delete_cluster('example-2') IS NOT NULL, 'off: an explicit Deny is not evaluated');
RESET ROLE;
SELECT redshift_iam.map_principal('rsi_pol_ops', 'arn:aws:iam::210987654321:user/ops');
SET LOCAL ROLE rsi_pol_ops;
SELECT is(redshift_iam_internal._caller_account(), '210987654321', 'off: a mapped role still acts in its principal''s account');
RESET ROLE;
SET LOCAL redshift_iam.enforce_iam_policies = on;

-- ---- read-only (what a hot standby allows): evaluation never writes ----
SELECT redshift_iam.map_principal('rsi_pol_other', 'arn:aws:iam::123456789012:role/Admin');
SELECT pg_temp.put('arn:aws:iam::123456789012:role/Admin', 'more',
  '{"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Action": "redshift:Describe*", "Resource": "arn:aws:redshift:*:*:cluster:production-*"}]}');
SET LOCAL transaction_read_only = on;
SET LOCAL ROLE rsi_pol_other;
SELECT is(jsonb_array_length(redshift_iam.describe_clusters() -> 'Clusters') > 0, true,
          'read-only: policies load and describe is allowed');
SELECT throws_ok($$SELECT redshift_iam.describe_clusters('production-1')$$, '42501', NULL,
                 'read-only: and denials still apply');
RESET ROLE;

SELECT * FROM finish();
ROLLBACK;
