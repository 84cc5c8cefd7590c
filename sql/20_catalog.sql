--
-- Cluster catalog and IAM-role associations: the seed scenario (the
-- management guide's CLI examples), then every error in the
-- form users see it.  Times are masked; apply_delay is an hour, so only
-- apply_pending_changes() moves statuses and the output is stable.
--
\set VERBOSITY default
\set SHOW_CONTEXT never
SET redshift_iam.account_id = '123456789012';
SET redshift_iam.region = 'us-east-1';
SET redshift_iam.apply_delay = '1h';

-- show results without the creation time
CREATE FUNCTION pg_temp.j(doc jsonb) RETURNS text LANGUAGE sql AS $$
  SELECT regexp_replace(jsonb_pretty(doc), '"ClusterCreateTime": "[^"]*"', '"ClusterCreateTime": "(masked)"', 'g')
$$;

-- aws redshift create-cluster --cluster-identifier my-redshift-cluster --node-type dc1.large
--   --number-of-nodes 16 --iam-roles arn:...:role/RedshiftCopyUnload arn:...:role/SecondRedshiftRole
SELECT pg_temp.j(redshift_iam.create_cluster(
  cluster_identifier => 'my-redshift-cluster',
  node_type => 'dc1.large',
  number_of_nodes => 16,
  iam_roles => ARRAY['arn:aws:iam::123456789012:role/RedshiftCopyUnload',
                     'arn:aws:iam::123456789012:role/SecondRedshiftRole']));
SELECT pg_temp.j(redshift_iam.create_cluster('my-second-redshift-cluster', 'dc1.large', 10,
  ARRAY['arn:aws:iam::123456789012:role/MyRedshiftRole',
        'arn:aws:iam::123456789012:role/SecondRedshiftRole',
        'arn:aws:iam::123456789012:role/ThirdRedshiftRole']));
SELECT cluster_identifier, node_type, number_of_nodes, cluster_status, default_iam_role_arn
  FROM redshift_iam.clusters ORDER BY 1;
SELECT cluster_identifier, iam_role_arn, apply_status, is_default
  FROM redshift_iam.cluster_iam_roles ORDER BY 1, 2;

-- still creating
SELECT redshift_iam.modify_cluster_iam_roles('my-redshift-cluster',
  ARRAY['arn:aws:iam::123456789012:role/MyRedshiftRole']);
\echo :LAST_ERROR_SQLSTATE

SELECT redshift_iam.apply_pending_changes();
SELECT pg_temp.j(redshift_iam.describe_clusters());

-- aws redshift modify-cluster-iam-roles --cluster-identifier my-redshift-cluster
--   --add-iam-roles arn:aws:iam::123456789012:role/MyRedshiftRole
SELECT pg_temp.j(redshift_iam.modify_cluster_iam_roles('my-redshift-cluster',
  add_iam_roles => ARRAY['arn:aws:iam::123456789012:role/MyRedshiftRole']));
-- aws redshift modify-cluster-iam-roles --cluster-identifier my-redshift-cluster
--   --remove-iam-roles arn:aws:iam::123456789012:role/RedshiftCopyUnload
SELECT pg_temp.j(redshift_iam.modify_cluster_iam_roles('my-redshift-cluster',
  remove_iam_roles => ARRAY['arn:aws:iam::123456789012:role/RedshiftCopyUnload']));
SELECT redshift_iam.apply_pending_changes('my-redshift-cluster');
SELECT pg_temp.j(redshift_iam.describe_clusters('my-redshift-cluster'));

-- default role
SELECT pg_temp.j(redshift_iam.modify_cluster_iam_roles('my-second-redshift-cluster',
  default_iam_role_arn => 'arn:aws:iam::123456789012:role/ThirdRedshiftRole'));
SELECT * FROM redshift_iam_internal._cluster_lookup('123456789012', 'us-east-1', 'my-second-redshift-cluster');
SELECT redshift_iam_internal._association_status('123456789012', 'us-east-1', 'my-second-redshift-cluster',
                                        'arn:aws:iam::123456789012:role/ThirdRedshiftRole');

-- errors, in the AWS CLI's form
SELECT redshift_iam.describe_clusters('nope');
\echo :LAST_ERROR_SQLSTATE
SELECT redshift_iam.create_cluster('my-redshift-cluster', 'dc1.large');
\echo :LAST_ERROR_SQLSTATE
SELECT redshift_iam.create_cluster('Bad--Name', 'dc1.large');
\echo :LAST_ERROR_SQLSTATE
SELECT redshift_iam.create_cluster('x', 'dc1.8xlarge', 1);
\echo :LAST_ERROR_SQLSTATE
SELECT redshift_iam.create_cluster('x', 'dc9.large');
\echo :LAST_ERROR_SQLSTATE
SELECT redshift_iam.modify_cluster_iam_roles('my-redshift-cluster', ARRAY['MyRedshiftRole']);
\echo :LAST_ERROR_SQLSTATE
SELECT redshift_iam.modify_cluster_iam_roles('my-redshift-cluster',
  ARRAY['arn:aws:iam::123456789012:role/aws-service-role/redshift.amazonaws.com/AWSServiceRoleForRedshift']);
\echo :LAST_ERROR_SQLSTATE
SELECT redshift_iam.modify_cluster_iam_roles('my-redshift-cluster', ARRAY['arn:aws:iam::111122223333:role/Other']);
\echo :LAST_ERROR_SQLSTATE
SELECT redshift_iam.modify_cluster_iam_roles('my-redshift-cluster',
  remove_iam_roles => ARRAY['arn:aws:iam::123456789012:role/SecondRedshiftRole'],
  default_iam_role_arn => 'arn:aws:iam::123456789012:role/SecondRedshiftRole');
\echo :LAST_ERROR_SQLSTATE
SELECT redshift_iam.modify_cluster_iam_roles('my-redshift-cluster',
  ARRAY['arn:aws:iam::123456789012:role/X'], ARRAY['arn:aws:iam::123456789012:role/X']);
\echo :LAST_ERROR_SQLSTATE
SELECT redshift_iam.modify_cluster_iam_roles('my-redshift-cluster',
  remove_iam_roles => ARRAY['arn:aws:iam::123456789012:role/NotThere']);
\echo :LAST_ERROR_SQLSTATE
SET redshift_iam.max_roles_per_cluster = 2;
SELECT redshift_iam.modify_cluster_iam_roles('my-redshift-cluster', ARRAY['arn:aws:iam::123456789012:role/X']);
\echo :LAST_ERROR_SQLSTATE
RESET redshift_iam.max_roles_per_cluster;
SELECT redshift_iam.describe_clusters(max_records => 10);
\echo :LAST_ERROR_SQLSTATE
SELECT redshift_iam.describe_clusters('my-redshift-cluster', marker => 'abc');
\echo :LAST_ERROR_SQLSTATE
SELECT redshift_iam.import_clusters('{"Clusters": [{"ClusterIdentifier": "x", "NodeType": "dc1.large",
  "NumberOfNodes": 1, "IamRoles": [{"IamRoleArn": "arn:aws:iam::123456789012:role/R", "IamRoleApplyStatus": "ready"}]}]}');
\echo :LAST_ERROR_SQLSTATE

-- none of the failures changed anything
SELECT cluster_identifier, iam_role_arn, apply_status, is_default
  FROM redshift_iam.cluster_iam_roles ORDER BY 1, 2;

-- import the describe output into an empty catalog
CREATE TEMP TABLE saved AS SELECT redshift_iam.describe_clusters() AS doc;
SELECT pg_temp.j(redshift_iam.delete_cluster('my-redshift-cluster'));
SELECT pg_temp.j(redshift_iam.delete_cluster('my-second-redshift-cluster'));
SELECT redshift_iam.import_clusters((SELECT doc FROM saved));
SELECT redshift_iam.describe_clusters() = (SELECT doc FROM saved) AS same_document;

-- pagination: an opaque marker, pages of max_records
SELECT count(redshift_iam.create_cluster('page-' || lpad(i::text, 2, '0'), 'dc2.large'))
  FROM generate_series(1, 25) AS i;
SELECT jsonb_array_length(doc->'Clusters') AS page_1, doc->>'Marker' IS NOT NULL AS has_marker,
       doc #>> '{Clusters,19,ClusterIdentifier}' AS last_on_page
  FROM (SELECT redshift_iam.describe_clusters(max_records => 20) AS doc) s;
SELECT jsonb_path_query_array(redshift_iam.describe_clusters(max_records => 20,
         marker => redshift_iam.describe_clusters(max_records => 20)->>'Marker'),
       '$.Clusters[*].ClusterIdentifier') AS page_2;

-- clean up (apply_delay 0: deleted at once, the identifiers free for the next file)
SET redshift_iam.apply_delay = 0;
SELECT count(redshift_iam.delete_cluster(cluster_identifier)) FROM redshift_iam.clusters;
RESET redshift_iam.apply_delay;
