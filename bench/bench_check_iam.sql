-- bench_check_iam.sql — check_command with the IAM evaluation (trust, chain,
-- permissions against an imported snapshot) against the association-only
-- check, interleaved in one session: without a snapshot, with it, without,
-- with (the snapshot is emptied and imported again between rounds).  Run
-- from the repository's root in a scratch database (everything is rolled
-- back): createdb b && psql -X -q -A -t -d b -f bench/bench_check_iam.sql
\set export `cat test/cli/fixtures/iam-account.json`
SET client_min_messages = warning;
BEGIN;
CREATE EXTENSION IF NOT EXISTS redshift_iam;
SET LOCAL redshift_iam.apply_delay = 0;
SET LOCAL redshift_iam.account_id = '123456789012';
SET LOCAL redshift_iam.region = 'us-east-1';
SET LOCAL redshift_iam.log_checks = none;
-- the export's trust policy names my-redshift-cluster
SELECT redshift_iam.create_cluster('my-redshift-cluster', 'dc2.large', 2,
  ARRAY['arn:aws:iam::123456789012:role/RedshiftCopyUnload']) IS NULL;
CREATE FUNCTION pg_temp.bench(n int) RETURNS double precision LANGUAGE plpgsql AS $$
DECLARE t0 timestamptz := clock_timestamp(); r jsonb;
BEGIN
  FOR i IN 1..n LOOP
    r := redshift_iam.check_command('my-redshift-cluster',
           $c$COPY t FROM 's3://my-bucket/sales/2024/' IAM_ROLE 'arn:aws:iam::123456789012:role/RedshiftCopyUnload' CSV$c$);
  END LOOP;
  RETURN extract(epoch FROM clock_timestamp() - t0) * 1e6 / n;
END $$;
CREATE FUNCTION pg_temp.empty() RETURNS void LANGUAGE sql AS $$
  TRUNCATE redshift_iam.catalog_iam_role_attachments, redshift_iam.catalog_iam_role_policies,
           redshift_iam.catalog_iam_policy_versions, redshift_iam.catalog_iam_policies,
           redshift_iam.catalog_iam_resource_policies, redshift_iam.catalog_iam_roles CASCADE
$$;
CREATE TEMP TABLE t (round int, iam boolean, us double precision);
SELECT pg_temp.bench(500);	-- warm-up
INSERT INTO t SELECT 1, false, pg_temp.bench(3000);
SELECT redshift_iam.import_iam(:'export'::jsonb) IS NULL;
SELECT pg_temp.bench(500);
INSERT INTO t SELECT 1, true, pg_temp.bench(3000);
SELECT pg_temp.empty();
INSERT INTO t SELECT 2, false, pg_temp.bench(3000);
SELECT redshift_iam.import_iam(:'export'::jsonb) IS NULL;
SELECT pg_temp.bench(500);
INSERT INTO t SELECT 2, true, pg_temp.bench(3000);
SELECT format('association only: %s µs/call; with IAM evaluation: %s µs/call; ratio %s',
              round(min(us) FILTER (WHERE NOT iam)::numeric, 1),
              round(min(us) FILTER (WHERE iam)::numeric, 1),
              round((min(us) FILTER (WHERE iam) / min(us) FILTER (WHERE NOT iam))::numeric, 2))
  FROM t;
ROLLBACK;
