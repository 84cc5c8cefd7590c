-- bench_check.sql — cost of check_command per call against a plain SELECT
-- of the same association row, measured in the same run.
-- Run in a throwaway cluster:  bash bench/bench_check.sh
-- Prints one line per measurement: "<name>: <microseconds per call> us".
\set ON_ERROR_STOP 1
CREATE EXTENSION IF NOT EXISTS redshift_iam;
SET redshift_iam.apply_delay = 0;
SELECT redshift_iam.create_cluster('my-redshift-cluster', 'dc1.large', 16,
  ARRAY['arn:aws:iam::123456789012:role/RedshiftCopyUnload',
        'arn:aws:iam::123456789012:role/SecondRedshiftRole']) IS NOT NULL AS created;
SELECT redshift_iam.apply_pending_changes();
-- other clusters, so that the lookups are index scans in a real table
SELECT count(redshift_iam.create_cluster('bench-' || i, 'dc2.large', 2,
  ARRAY['arn:aws:iam::123456789012:role/R' || i])) AS filler_clusters
  FROM generate_series(1, 500) i;
ANALYZE redshift_iam.catalog_clusters;
ANALYZE redshift_iam.catalog_cluster_iam_roles;

CREATE FUNCTION pg_temp.bench(n integer) RETURNS SETOF text LANGUAGE plpgsql AS $$
DECLARE
  t0 timestamptz;
  i integer;
  r jsonb;
  s text;
  base double precision;
  cmd constant text := $c$COPY sales FROM 's3://mybucket/sales/' IAM_ROLE 'arn:aws:iam::123456789012:role/RedshiftCopyUnload' FORMAT AS PARQUET$c$;
  script text;
BEGIN
  -- baseline: a plain SELECT of the same association row (one index scan)
  t0 := clock_timestamp();
  FOR i IN 1..n LOOP
    SELECT r2.state INTO s FROM redshift_iam.catalog_cluster_iam_roles r2
     WHERE r2.account_id = '123456789012' AND r2.region = 'us-east-1'
       AND r2.cluster_identifier = 'my-redshift-cluster'
       AND r2.iam_role_arn = 'arn:aws:iam::123456789012:role/RedshiftCopyUnload';
  END LOOP;
  base := extract(epoch FROM clock_timestamp() - t0) * 1e6 / n;
  RETURN NEXT format('plain SELECT of the association row: %s us', round(base::numeric, 2));

  t0 := clock_timestamp();
  FOR i IN 1..n LOOP
    r := redshift_iam.parse_command(cmd);
  END LOOP;
  RETURN NEXT format('parse_command (no catalog access): %s us',
                     round((extract(epoch FROM clock_timestamp() - t0) * 1e6 / n)::numeric, 2));

  t0 := clock_timestamp();
  FOR i IN 1..n LOOP
    r := redshift_iam.check_command('my-redshift-cluster', cmd);
  END LOOP;
  RETURN NEXT format('check_command (allowed): %s us  (%s x the plain SELECT)',
                     round((extract(epoch FROM clock_timestamp() - t0) * 1e6 / n)::numeric, 2),
                     round((extract(epoch FROM clock_timestamp() - t0) * 1e6 / n / base)::numeric, 1));

  -- a script of 10,000 statements naming three roles, in one call
  SELECT string_agg(format($f$COPY t%s FROM 's3://b/%s' IAM_ROLE 'arn:aws:iam::123456789012:role/%s';$f$,
                           g, g, (ARRAY['RedshiftCopyUnload', 'SecondRedshiftRole', 'MyRedshiftRole'])[1 + g % 3]),
                    E'\n')
    INTO script FROM generate_series(1, 10000) g;
  t0 := clock_timestamp();
  PERFORM count(*) FROM redshift_iam.validate_script('my-redshift-cluster', script);
  RETURN NEXT format('validate_script, 10,000 statements: %s ms (%s us per statement)',
                     round((extract(epoch FROM clock_timestamp() - t0) * 1e3)::numeric, 1),
                     round((extract(epoch FROM clock_timestamp() - t0) * 1e6 / 10000)::numeric, 2));
END
$$;
SET client_min_messages = warning;
SELECT * FROM pg_temp.bench(:n);
