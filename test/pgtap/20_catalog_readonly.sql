-- Reading never writes: in a read-only transaction (what a hot standby
-- allows) statuses still move on, and the readers all work.  Also runs with
-- a search_path without redshift_iam.
BEGIN;
CREATE EXTENSION IF NOT EXISTS pgtap;
CREATE EXTENSION IF NOT EXISTS redshift_iam;
SELECT plan(11);

SET LOCAL redshift_iam.account_id = '123456789012';
SET LOCAL redshift_iam.region = 'us-east-1';
SET LOCAL redshift_iam.apply_delay = '1s';
SELECT ok(redshift_iam.create_cluster('ro', 'dc1.large', 1, ARRAY['arn:aws:iam::123456789012:role/A']) IS NOT NULL,
          'a cluster with a pending role');
SELECT is(redshift_iam.describe_clusters('ro') #>> '{Clusters,0,IamRoles,0,ApplyStatus}', 'adding', 'adding at first');

SET LOCAL transaction_read_only = on;
SET LOCAL search_path = public;  -- pgTAP lives in public; nothing of ours is found through it
SELECT public.lives_ok('SELECT pg_catalog.pg_sleep(1.1)', 'wait for apply_delay');
SELECT public.is(redshift_iam.describe_clusters('ro') #>> '{Clusters,0,IamRoles,0,ApplyStatus}', 'in-sync',
                 'read-only: describe shows in-sync');
SELECT public.is(redshift_iam.describe_clusters('ro') #>> '{Clusters,0,ClusterStatus}', 'available',
                 'read-only: describe shows available');
SELECT public.is((SELECT apply_status FROM redshift_iam.cluster_iam_roles WHERE cluster_identifier OPERATOR(pg_catalog.=) 'ro'),
                 'in-sync', 'read-only: the view shows in-sync');
SELECT public.is((SELECT cluster_status FROM redshift_iam.clusters WHERE cluster_identifier OPERATOR(pg_catalog.=) 'ro'),
                 'available', 'read-only: the view shows available');
SELECT public.is(redshift_iam_internal._association_status('123456789012', 'us-east-1', 'ro', 'arn:aws:iam::123456789012:role/A'),
                 'in-sync', 'read-only: the lookup shows in-sync');
SELECT public.is((SELECT cluster_status FROM redshift_iam_internal._cluster_lookup('123456789012', 'us-east-1', 'ro')),
                 'available', 'read-only: the cluster lookup shows available');
SELECT public.throws_ok('SELECT redshift_iam.apply_pending_changes()', '25006', NULL,
                        'materialising is a write, refused read-only');
SELECT public.throws_ok($$SELECT redshift_iam.modify_cluster_iam_roles('ro', ARRAY['arn:aws:iam::123456789012:role/B'])$$,
                        '25006', NULL, 'so are changes');

SELECT * FROM public.finish();
ROLLBACK;
