-- bench_describe.sql — describe_clusters over every cluster, page by page
-- (max_records 100, following Marker), as a client listing the whole
-- catalog does.  Run as a superuser; prints key=value
-- lines prefixed with :tag.  The loop does no more than a client must:
-- count the clusters of each page and take its Marker (roles are counted
-- by the baseline query, bench_describe_base.sql).
\set ON_ERROR_STOP 1
SET client_min_messages = warning;
CREATE FUNCTION pg_temp.describe_all(OUT clusters bigint, OUT pages integer)
LANGUAGE plpgsql AS $$
DECLARE
  m text;
  r jsonb;
BEGIN
  clusters := 0;
  pages := 0;
  LOOP
    r := redshift_iam.describe_clusters(NULL, 100, m);
    pages := pages + 1;
    clusters := clusters + jsonb_array_length(r -> 'Clusters');
    m := r ->> 'Marker';
    EXIT WHEN m IS NULL;
  END LOOP;
END
$$;
-- give the memory sampler (bench_db.sh) time to find this backend
SELECT pg_sleep(0.5);
SELECT clock_timestamp() AS t0 \gset
SELECT clusters, pages FROM pg_temp.describe_all() \gset
SELECT extract(epoch FROM clock_timestamp() - :'t0'::timestamptz) AS secs \gset
\echo describe.:tag.clusters=:clusters
\echo describe.:tag.pages=:pages
\echo describe.:tag.seconds=:secs
