-- bench_describe_base.sql — the baseline for describe_clusters: ONE query
-- that reads every cluster with its roles and builds the same JSON objects
-- (ClusterIdentifier ... IamRoles), with no pagination.  Prints key=value
-- lines prefixed with :tag.
\set ON_ERROR_STOP 1
SET client_min_messages = warning;
SELECT clock_timestamp() AS t0 \gset
SELECT count(*) AS clusters, sum(jsonb_array_length(j -> 'IamRoles')) AS roles
  FROM (SELECT jsonb_build_object(
                 'ClusterIdentifier', c.cluster_identifier,
                 'NodeType', c.node_type,
                 'ClusterStatus', redshift_iam_internal._effective_cluster_status(c.status, c.ready_at),
                 'NumberOfNodes', c.number_of_nodes,
                 'ClusterCreateTime', to_char(timezone('UTC', c.created_at), 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
                 'IamRoles', jsonb_agg(jsonb_build_object(
                                 'IamRoleArn', r.iam_role_arn,
                                 'ApplyStatus', redshift_iam_internal._effective_apply_status(r.state, r.ready_at))
                               ORDER BY r.ordinal),
                 'DefaultIamRoleArn', c.default_iam_role_arn) AS j
          FROM redshift_iam.catalog_clusters c
          JOIN redshift_iam.catalog_cluster_iam_roles r
            USING (account_id, region, cluster_identifier)
         GROUP BY c.account_id, c.region, c.cluster_identifier) s \gset
SELECT extract(epoch FROM clock_timestamp() - :'t0'::timestamptz) AS secs \gset
\echo describe_base.:tag.clusters=:clusters
\echo describe_base.:tag.roles=:roles
\echo describe_base.:tag.seconds=:secs
