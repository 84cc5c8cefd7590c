-- Access keys (create/update/delete/list_access_key) and the setting
-- redshift_iam.caller_access_key, which makes the management functions act
-- as a key's IAM user (for redshift-iam-endpoint): key and secret shapes,
-- secrets shown once, IAM's quota, users only, superusers only; a key's
-- user evaluated like a mapped role, whoever the connection role is; an
-- unknown or inactive key refused; only privileged roles may set it.
BEGIN;
CREATE EXTENSION IF NOT EXISTS pgtap;
CREATE EXTENSION IF NOT EXISTS redshift_iam;
SELECT plan(21);

SET LOCAL redshift_iam.account_id = '123456789012';
SET LOCAL redshift_iam.region = 'us-east-1';
SET LOCAL redshift_iam.apply_delay = 0;

CREATE TEMP TABLE k AS
  SELECT * FROM redshift_iam.create_access_key('arn:aws:iam::123456789012:user/etl');
SELECT ok((SELECT access_key_id ~ '^AKIA[A-Z2-7]{16}$' FROM k), 'the key ID is AKIA and 16 base32 characters');
SELECT ok((SELECT length(secret_access_key) = 40 FROM k), 'the secret has 40 characters');
SELECT is((SELECT user_arn || ' ' || status FROM k), 'arn:aws:iam::123456789012:user/etl Active',
          'the key belongs to the user and is Active');
SELECT ok(NOT EXISTS (SELECT 1 FROM redshift_iam.list_access_keys() l
                      WHERE l::text LIKE '%' || (SELECT secret_access_key FROM k) || '%'),
          'list_access_keys never shows the secret');
SELECT is((SELECT string_agg(column_name, ',') FROM (
             SELECT unnest(p.proargnames[2:]) AS column_name FROM pg_proc p WHERE p.proname = 'list_access_keys') s),
          'access_key_id,user_arn,status,create_date', 'list_access_keys has no secret column');
SELECT is((SELECT count(*)::int FROM redshift_iam.list_access_keys('arn:aws:iam::123456789012:user/etl')), 1,
          'list_access_keys lists the key');
SELECT lives_ok($$SELECT redshift_iam.create_access_key('arn:aws:iam::123456789012:user/etl')$$, 'a second key');
SELECT throws_ok($$SELECT redshift_iam.create_access_key('arn:aws:iam::123456789012:user/etl')$$, '54000',
  'An error occurred (LimitExceeded) when calling the CreateAccessKey operation: Cannot exceed quota for AccessKeysPerUser: 2',
  'a third is over IAM''s quota');
SELECT throws_ok($$SELECT redshift_iam.create_access_key('arn:aws:iam::123456789012:role/R')$$, '22023', NULL,
  'roles get no access keys');
SELECT throws_ok($$SELECT redshift_iam.delete_access_key('AKIAAAAAAAAAAAAAAAAA')$$, '42704', NULL,
  'deleting an unknown key is NoSuchEntity');

DO $$ BEGIN
  PERFORM redshift_iam.put_principal_policy('arn:aws:iam::123456789012:user/etl', 'describe',
    '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "redshift:DescribeClusters", "Resource": "*"},
      {"Effect": "Allow", "Action": "redshift:CreateCluster", "Resource": "arn:aws:redshift:us-east-1:123456789012:cluster:etl-*"}]}');
  PERFORM redshift_iam.create_cluster('other', 'dc2.large', 2);
END $$;

-- acting as the key's user (the test runs as a superuser: no root bypass while a key is named)
DO $$ BEGIN PERFORM set_config('redshift_iam.caller_access_key', (SELECT access_key_id FROM k), true); END $$;
SELECT is(redshift_iam.describe_clusters() #>> '{Clusters,0,ClusterIdentifier}', 'other',
          'the key''s user may describe');
SELECT is(redshift_iam.create_cluster('etl-1', 'dc2.large', 2) #>> '{Cluster,ClusterIdentifier}', 'etl-1',
          'and create etl-* clusters');
SELECT throws_ok($$SELECT redshift_iam.create_cluster('x-1', 'dc2.large', 2)$$, '42501',
  'User: arn:aws:iam::123456789012:user/etl is not authorized to perform: redshift:CreateCluster on resource: arn:aws:redshift:us-east-1:123456789012:cluster:x-1 because no identity-based policy allows the redshift:CreateCluster action',
  'and nothing else, even on a superuser''s connection');
SELECT throws_ok($$SELECT redshift_iam.delete_cluster('other')$$, '42501', NULL, 'not even delete');
DO $$ BEGIN PERFORM redshift_iam.update_access_key((SELECT access_key_id FROM k), 'Inactive'); END $$;
SELECT throws_ok($$SELECT redshift_iam.describe_clusters()$$, '28000', NULL, 'an inactive key is refused');
DO $$ BEGIN
  PERFORM redshift_iam.update_access_key((SELECT access_key_id FROM k), 'Active');
  PERFORM redshift_iam.delete_access_key((SELECT access_key_id FROM k));
END $$;
SELECT throws_ok($$SELECT redshift_iam.describe_clusters()$$, '28000', NULL, 'a deleted key is refused at once');
DO $$ BEGIN PERFORM set_config('redshift_iam.caller_access_key', '', true); END $$;
SELECT is(redshift_iam.describe_clusters() #>> '{Clusters,0,ClusterIdentifier}', 'etl-1',
          'an empty setting: the caller acts as itself again');

-- who may name a key
CREATE ROLE rsi_ak_user;
GRANT USAGE ON SCHEMA redshift_iam TO rsi_ak_user;
SET LOCAL ROLE rsi_ak_user;
SELECT throws_ok($$SET redshift_iam.caller_access_key = 'AKIAAAAAAAAAAAAAAAAA'$$, '42501', NULL,
  'an ordinary role cannot set redshift_iam.caller_access_key');
SELECT throws_ok($$SELECT redshift_iam.create_access_key('arn:aws:iam::123456789012:user/me')$$, '42501', NULL,
  'nor create keys');
SELECT throws_ok($$SELECT * FROM redshift_iam.catalog_access_keys$$, '42501', NULL, 'nor read the secrets');
RESET ROLE;
GRANT SET ON PARAMETER redshift_iam.caller_access_key TO rsi_ak_user;
SET LOCAL ROLE rsi_ak_user;
SELECT lives_ok($$SET LOCAL redshift_iam.caller_access_key = 'AKIAAAAAAAAAAAAAAAAA'$$,
  'a role granted SET ON PARAMETER can (the endpoint''s role)');
RESET ROLE;

SELECT * FROM finish();
ROLLBACK;
