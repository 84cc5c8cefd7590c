-- bench_seed.sql — a catalog of :nclusters clusters with :nroles in-sync
-- roles each, written straight into the catalog tables.
-- Run as a superuser in an empty database:
--   psql -v nclusters=100000 -v nroles=50 -f bench/bench_seed.sql
-- Creating 100,000 clusters through create_cluster would take minutes; the
-- rows written here are the ones create_cluster + apply_pending_changes
-- leave behind (20_catalog.sql: state 'in-sync', status 'available',
-- ready_at in the past), for account redshift_iam.account_id and region
-- redshift_iam.region.
\set ON_ERROR_STOP 1
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS redshift_iam;
SET redshift_iam.apply_delay = 0;
SET synchronous_commit = off;
SET maintenance_work_mem = '512MB';
-- the role rows reference their cluster; the foreign-key trigger per row
-- would double the load time, and every row inserted here has its cluster
SET session_replication_role = replica;

-- names of cluster c and of its role r, and the ~300-byte COPY that uses
-- that role; the pgbench scripts call these so that they hold no literal
-- with a colon (pgbench -M prepared would take ":aws" for a variable).
-- Every operator in them is immutable (text || text, not text || integer,
-- which is only stable), so the planner inlines them into the scripts'
-- prepared plans: they cost a few string operations, not a function call.
CREATE FUNCTION public.bench_cluster(c integer) RETURNS text
LANGUAGE sql IMMUTABLE AS $$ SELECT 'bench-cluster-' || lpad(c::text, 6, '0') $$;
CREATE FUNCTION public.bench_role(c integer, r integer) RETURNS text
LANGUAGE sql IMMUTABLE AS $$ SELECT 'arn:aws:iam::123456789012:role/etl/BenchRole-' || c::text || '-' || r::text $$;
CREATE FUNCTION public.bench_copy(c integer, r integer) RETURNS text
LANGUAGE sql IMMUTABLE AS $$
  SELECT 'COPY sales_fact FROM ''s3://acme-dw-prod/landing/sales/2024/01/01/'' IAM_ROLE '''
         || public.bench_role(c, r)
         || ''' FORMAT AS CSV DELIMITER '','' IGNOREHEADER AS 1 REGION ''us-east-1'' DATEFORMAT ''auto'''
         || ' TIMEFORMAT ''auto'' MAXERROR AS 100 COMPUPDATE OFF STATUPDATE OFF TRUNCATECOLUMNS BLANKSASNULL'
$$;

INSERT INTO redshift_iam.catalog_clusters
  (account_id, region, cluster_identifier, node_type, number_of_nodes, status,
   default_iam_role_arn, created_at, ready_at)
SELECT '123456789012', 'us-east-1', public.bench_cluster(i),
       'ra3.4xlarge', 2, 'available', public.bench_role(i, 1),
       now() - interval '1 day', now() - interval '1 day'
  FROM generate_series(1, :nclusters) i;

-- building the primary key once, by sorting, is several times faster than
-- five million index insertions; it is put back exactly as 20_catalog.sql has it
ALTER TABLE redshift_iam.catalog_cluster_iam_roles DROP CONSTRAINT catalog_cluster_iam_roles_pkey;
INSERT INTO redshift_iam.catalog_cluster_iam_roles
  (account_id, region, cluster_identifier, iam_role_arn, state, ordinal,
   requested_at, ready_at)
SELECT '123456789012', 'us-east-1', public.bench_cluster(i), public.bench_role(i, j),
       'in-sync', j, now() - interval '1 day', now() - interval '1 day'
  FROM generate_series(1, :nclusters) i, generate_series(1, :nroles) j;
ALTER TABLE redshift_iam.catalog_cluster_iam_roles
  ADD CONSTRAINT catalog_cluster_iam_roles_pkey
  PRIMARY KEY (account_id, region, cluster_identifier, iam_role_arn);

RESET session_replication_role;
VACUUM ANALYZE redshift_iam.catalog_clusters;
VACUUM ANALYZE redshift_iam.catalog_cluster_iam_roles;

-- what the benchmark scripts read besides the catalog
CREATE TABLE bench_script (script text NOT NULL);
INSERT INTO bench_script
SELECT string_agg(
         CASE WHEN g % 10 = 0
              THEN format('INSERT INTO audit VALUES (%s, ''loaded; ok'', now())', g)
              WHEN g % 10 = 5
              THEN format('UNLOAD (''select * from sales where id > %s'') TO ''s3://acme-dw/unload/%s_'' IAM_ROLE ''arn:aws:iam::123456789012:role/etl/BenchRole-5-%s'' PARALLEL OFF', g, g, 1 + g % 5)
              ELSE format('COPY sales_%s FROM ''s3://acme-dw/sales/2024/%s/'' IAM_ROLE ''arn:aws:iam::123456789012:role/etl/BenchRole-5-%s'' FORMAT AS CSV IGNOREHEADER 1', g, g, 1 + g % 5)
         END, E';\n' ORDER BY g) || ';'
  FROM generate_series(1, 1000) g;

DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_roles WHERE rolname = 'bench_user') THEN
    CREATE ROLE bench_user LOGIN;
  END IF;
END
$$;
GRANT USAGE ON SCHEMA redshift_iam TO bench_user;
GRANT SELECT ON bench_script TO bench_user;
GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA public TO bench_user;
-- the plain primary-key lookup baseline reads the table itself
GRANT SELECT ON redshift_iam.catalog_cluster_iam_roles TO bench_user;
SELECT count(*) AS clusters FROM redshift_iam.clusters;
SELECT count(*) AS associations FROM redshift_iam.catalog_cluster_iam_roles;
