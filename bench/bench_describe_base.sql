-- bench_describe_base.sql — the baseline for describe_clusters: the same
-- paging (100 clusters per page, each page resuming after the last key of
-- the previous one) done by one plain query per page that reads the
-- page's clusters with their roles and builds the same JSON objects
-- (ClusterIdentifier ... IamRoles, DefaultIamRoleArn).  Prints key=value
-- lines prefixed with :tag.
\set ON_ERROR_STOP 1
SET client_min_messages = warning;
CREATE FUNCTION pg_temp.describe_base_all(OUT clusters bigint, OUT roles bigint, OUT pages integer)
LANGUAGE plpgsql AS $$
DECLARE
  ka text := '';
  kr text := '';
  kc text := '';
  n bigint;
  nr bigint;
BEGIN
  clusters := 0;
  roles := 0;
  pages := 0;
  LOOP
    WITH page AS (
           SELECT c.* FROM redshift_iam.catalog_clusters c
            WHERE (c.account_id, c.region, c.cluster_identifier) > (ka, kr, kc)
            ORDER BY c.account_id, c.region, c.cluster_identifier
            LIMIT 100),
         built AS (
           SELECT jsonb_build_object(
                    'ClusterIdentifier', c.cluster_identifier,
                    'NodeType', c.node_type,
                    'ClusterStatus', redshift_iam_internal._effective_cluster_status(c.status, c.ready_at),
                    'NumberOfNodes', c.number_of_nodes,
                    'ClusterCreateTime', to_char(timezone('UTC', c.created_at), 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
                    'IamRoles', (SELECT coalesce(jsonb_agg(jsonb_build_object(
                                    'IamRoleArn', r.iam_role_arn,
                                    'ApplyStatus', redshift_iam_internal._effective_apply_status(r.state, r.ready_at))
                                  ORDER BY r.ordinal), '[]')
                                   FROM redshift_iam.catalog_cluster_iam_roles r
                                  WHERE (r.account_id, r.region, r.cluster_identifier)
                                      = (c.account_id, c.region, c.cluster_identifier)),
                    'DefaultIamRoleArn', c.default_iam_role_arn) AS j
             FROM page c)
    SELECT (SELECT count(*) FROM built),
           (SELECT coalesce(sum(jsonb_array_length(j -> 'IamRoles')), 0) FROM built),
           l.account_id, l.region, l.cluster_identifier
      INTO n, nr, ka, kr, kc
      FROM (SELECT account_id, region, cluster_identifier FROM page
             ORDER BY account_id DESC, region DESC, cluster_identifier DESC LIMIT 1) l;
    EXIT WHEN NOT FOUND OR n = 0;
    pages := pages + 1;
    clusters := clusters + n;
    roles := roles + nr;
    EXIT WHEN n < 100;
  END LOOP;
END
$$;
SELECT clock_timestamp() AS t0 \gset
SELECT clusters, roles, pages FROM pg_temp.describe_base_all() \gset
SELECT extract(epoch FROM clock_timestamp() - :'t0'::timestamptz) AS secs \gset
\echo describe_base.:tag.clusters=:clusters
\echo describe_base.:tag.roles=:roles
\echo describe_base.:tag.pages=:pages
\echo describe_base.:tag.seconds=:secs
