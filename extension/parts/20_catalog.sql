
/* ======================================================================
 * Cluster catalog and IAM-role associations
 *
 * Statuses are computed, not ticked.  A row stores the state it was put
 * in (adding / in-sync / removing; creating / available / deleting) and ready_at, the
 * time the change completes (request time + redshift_iam.apply_delay at
 * request time).  The effective status is decided in ONE place, the
 * functions _effective_apply_status and _effective_cluster_status, against
 * clock_timestamp(); every reader (the views, describe_clusters, the C
 * lookups in src/pg/rsi_catalog.h) goes through them.  Reading never
 * writes, so transitions need no worker, no shared_preload_libraries and
 * work on a hot standby.  apply_pending_changes() and the management
 * functions materialise finished transitions.
 *
 * Security: tables are written only by the SECURITY DEFINER
 * functions below; every SQL/PL function pins search_path to
 * "pg_catalog, pg_temp", so inside their bodies operators and functions
 * resolve in pg_catalog first and cannot be captured (operators and
 * functions are never looked up in pg_temp).  Objects of this extension
 * are always schema-qualified.  Code that runs under the install-time or a
 * caller's search_path (views, defaults) qualifies operators as well.
 *
 * Lock order (docs/safety.md), the same in every writer (create_cluster,
 * modify_cluster_iam_roles, delete_cluster, import_clusters,
 * apply_pending_changes and _materialize): cluster rows before role rows,
 * clusters in identifier order, and never a row of a cluster the call has
 * not locked first.  Two calls then wait for each other, never deadlock.
 * ====================================================================== */

/* ---- tables ----
 * Keys use the "C" collation so the primary-key index orders identifiers
 * bytewise, which is the order of describe_clusters() pages; the views
 * expose the columns in the default collation. */

CREATE TABLE redshift_iam.catalog_clusters (
    account_id            text COLLATE "C" NOT NULL,
    region                text COLLATE "C" NOT NULL,
    cluster_identifier    text COLLATE "C" NOT NULL,
    node_type             text NOT NULL,
    number_of_nodes       integer NOT NULL
        CHECK (number_of_nodes OPERATOR(pg_catalog.>=) 1),
    status                text NOT NULL,
    default_iam_role_arn  text COLLATE "C",
    created_at            timestamptz NOT NULL,
    ready_at              timestamptz NOT NULL,
    availability_status   text,
    PRIMARY KEY (account_id, region, cluster_identifier)
);
COMMENT ON TABLE redshift_iam.catalog_clusters IS
  'Clusters by (account_id, region, cluster_identifier). status is the stored state (creating becomes available once ready_at has passed; see redshift_iam.clusters for the effective status). Written only by the management functions.';

CREATE TABLE redshift_iam.catalog_cluster_iam_roles (
    account_id            text COLLATE "C" NOT NULL,
    region                text COLLATE "C" NOT NULL,
    cluster_identifier    text COLLATE "C" NOT NULL,
    iam_role_arn          text COLLATE "C" NOT NULL,
    state                 text NOT NULL
        CHECK (state OPERATOR(pg_catalog.=) ANY (ARRAY['adding', 'in-sync', 'removing']::pg_catalog.text[])),
    ordinal               integer NOT NULL,
    requested_at          timestamptz NOT NULL,
    ready_at              timestamptz NOT NULL,
    PRIMARY KEY (account_id, region, cluster_identifier, iam_role_arn),
    FOREIGN KEY (account_id, region, cluster_identifier)
        REFERENCES redshift_iam.catalog_clusters ON DELETE CASCADE
);
COMMENT ON TABLE redshift_iam.catalog_cluster_iam_roles IS
  'IAM roles associated with clusters. state is the stored state (adding becomes in-sync and removing disappears once ready_at has passed; see redshift_iam.cluster_iam_roles). ordinal keeps the order roles were associated in. Written only by the management functions.';

COMMENT ON COLUMN redshift_iam.catalog_clusters.availability_status IS
  'ClusterAvailabilityStatus as imported (Available, Unavailable, Maintenance, Modifying, Failed), NULL when the input had none; when present it decides whether the cluster runs queries now';
COMMENT ON COLUMN redshift_iam.catalog_clusters.ready_at IS
  'When the stored state completes (creating -> available); infinity for a state observed by import_clusters, which stays until the next import or an API call';
-- check_command(''<identifier>'') of a user who set no account or region
-- finds an imported cluster by its identifier alone
CREATE INDEX catalog_clusters_identifier_idx ON redshift_iam.catalog_clusters (cluster_identifier);

REVOKE ALL ON TABLE redshift_iam.catalog_clusters FROM PUBLIC;
REVOKE ALL ON TABLE redshift_iam.catalog_cluster_iam_roles FROM PUBLIC;
SELECT pg_catalog.pg_extension_config_dump('redshift_iam.catalog_clusters', '');
SELECT pg_catalog.pg_extension_config_dump('redshift_iam.catalog_cluster_iam_roles', '');

/* ---- C helpers (src/pg/catalog.c, src/pg/authz.c) ---- */

CREATE FUNCTION redshift_iam_internal._check_cluster_identifier(cluster_identifier text, operation text)
RETURNS void AS 'MODULE_PATHNAME', 'rsi_sql_check_cluster_identifier'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION redshift_iam_internal._check_cluster_identifier(text, text) IS
  'Internal: raise InvalidParameterValue (22023) unless the text is a valid cluster identifier (1 to 63 lowercase letters, digits and hyphens, starting with a letter, not ending with a hyphen, no two hyphens in a row; the core''s validator)';

CREATE FUNCTION redshift_iam_internal._check_node_type(node_type text, number_of_nodes integer, operation text)
RETURNS void AS 'MODULE_PATHNAME', 'rsi_sql_check_node_type'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION redshift_iam_internal._check_node_type(text, integer, text) IS
  'Internal: raise InvalidParameterValue (22023) for an unknown node type or an out-of-range node count (the node types CreateCluster accepts and their node ranges, from the core''s table)';

CREATE FUNCTION redshift_iam_internal._check_cluster_layout(node_type text, cluster_type text, number_of_nodes integer, operation text)
RETURNS integer AS 'MODULE_PATHNAME', 'rsi_sql_check_cluster_layout'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION redshift_iam_internal._check_cluster_layout(text, text, integer, text) IS
  'Internal: the node count of the cluster CreateCluster makes from NodeType, ClusterType and NumberOfNodes (NULL: not given; without ClusterType more than one node is multi-node), else raise InvalidParameterValue or InvalidParameterCombination (22023) or NumberOfNodesPerClusterLimitExceeded (54000); the core''s rule';

CREATE FUNCTION redshift_iam_internal._check_snapshot_identifier(snapshot_identifier text, parameter text, operation text)
RETURNS void AS 'MODULE_PATHNAME', 'rsi_sql_check_snapshot_identifier'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION redshift_iam_internal._check_snapshot_identifier(text, text, text) IS
  'Internal: raise InvalidParameterValue (22023) unless the text (NULL passes) is a valid snapshot identifier (1 to 255 letters, digits and hyphens, starting with a letter, not ending with a hyphen, no two hyphens in a row; the core''s validator); parameter names it in the message';

-- STABLE: the partition check reads redshift_iam.region
CREATE FUNCTION redshift_iam_internal._check_role_arn(arn text, operation text, account_id text)
RETURNS void AS 'MODULE_PATHNAME', 'rsi_sql_check_role_arn'
LANGUAGE C STABLE PARALLEL SAFE;
COMMENT ON FUNCTION redshift_iam_internal._check_role_arn(text, text, text) IS
  'Internal: raise InvalidParameterValue (22023) for a role name or malformed ARN (a role is named by its ARN), a service-linked role (which cannot be associated with a cluster), or, when account_id is given, a role of another account (a role and its cluster belong to the same account)';

CREATE FUNCTION redshift_iam_internal._role_arn_problem(arn text)
RETURNS text AS 'MODULE_PATHNAME', 'rsi_sql_role_arn_problem'
LANGUAGE C STRICT IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION redshift_iam_internal._role_arn_problem(text) IS
  'Why the text cannot be associated as an IAM role ARN (the core''s validator), or NULL when it can';

CREATE FUNCTION redshift_iam_internal._cluster_identifier_problem(cluster_identifier text)
RETURNS text AS 'MODULE_PATHNAME', 'rsi_sql_cluster_identifier_problem'
LANGUAGE C STRICT IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION redshift_iam_internal._cluster_identifier_problem(text) IS
  'Why the text is not a valid cluster identifier (1 to 63 lowercase letters, digits and hyphens, starting with a letter, not ending with a hyphen, no two hyphens in a row; the core''s validator), or NULL when it is';

CREATE FUNCTION redshift_iam_internal._excerpt(value text, max_bytes integer)
RETURNS text AS 'MODULE_PATHNAME', 'rsi_sql_excerpt'
LANGUAGE C STRICT IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION redshift_iam_internal._excerpt(text, integer) IS
  'A user value as messages show it: at most max_bytes bytes, cut on a character boundary, with an ellipsis when cut';

CREATE FUNCTION redshift_iam_internal._aws_error(sqlstate text, code text, operation text, message text, hint text DEFAULT NULL)
RETURNS void AS 'MODULE_PATHNAME', 'rsi_sql_aws_error'
LANGUAGE C VOLATILE;
COMMENT ON FUNCTION redshift_iam_internal._aws_error(text, text, text, text, text) IS
  'Internal: raise "An error occurred (<code>) when calling the <operation> operation: <message>" with the SQLSTATE and HINT given';

CREATE FUNCTION redshift_iam_internal._region()
RETURNS text AS 'MODULE_PATHNAME', 'rsi_sql_region'
LANGUAGE C STABLE PARALLEL SAFE;
COMMENT ON FUNCTION redshift_iam_internal._region() IS
  'The setting redshift_iam.region, read from C';

CREATE FUNCTION redshift_iam_internal._partition(region text)
RETURNS text AS 'MODULE_PATHNAME', 'rsi_sql_partition'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION redshift_iam_internal._partition(text) IS
  'The partition of a region (aws, aws-cn, aws-us-gov, aws-iso, ...): the partition of its cluster ARNs and of the roles its clusters can use';

CREATE FUNCTION redshift_iam_internal._apply_delay()
RETURNS interval AS 'MODULE_PATHNAME', 'rsi_sql_apply_delay'
LANGUAGE C STABLE PARALLEL SAFE;
COMMENT ON FUNCTION redshift_iam_internal._apply_delay() IS
  'The setting redshift_iam.apply_delay as an interval, read from C';

CREATE FUNCTION redshift_iam_internal._max_roles_per_cluster()
RETURNS integer AS 'MODULE_PATHNAME', 'rsi_sql_max_roles_per_cluster'
LANGUAGE C STABLE PARALLEL SAFE;
COMMENT ON FUNCTION redshift_iam_internal._max_roles_per_cluster() IS
  'The role quota of a cluster in redshift_iam.region: 10 in us-iso-east-1, us-iso-west-1 and us-isob-east-1 (Quotas and limits in Amazon Redshift), else the setting redshift_iam.max_roles_per_cluster; read from C';

-- STABLE: reads the settings and the caller's principal
CREATE FUNCTION redshift_iam_internal._parse_describe_output(describe_clusters_output jsonb, max_roles integer)
RETURNS jsonb AS 'MODULE_PATHNAME', 'rsi_sql_parse_describe_output'
LANGUAGE C STABLE PARALLEL SAFE;
COMMENT ON FUNCTION redshift_iam_internal._parse_describe_output(jsonb, integer) IS
  'Internal: read aws redshift describe-clusters output with the core''s reader (src/core/cluster/describe.c), each cluster placed in the account and region the input names (else the caller''s); raises 22023 naming the bad element or a contradiction with an account or region someone set, else returns the clusters normalised with their warnings';

-- STABLE: reads the settings and the caller's principal
CREATE FUNCTION redshift_iam_internal._describe_rows(describe_clusters_output jsonb, max_roles integer)
RETURNS TABLE (account_id text, region text, cluster_identifier text, node_type text,
               number_of_nodes integer, status text, availability text, create_time timestamptz,
               default_role text, warning text, role_arns text[], role_states text[])
AS 'MODULE_PATHNAME', 'rsi_sql_describe_rows'
LANGUAGE C STABLE;
COMMENT ON FUNCTION redshift_iam_internal._describe_rows(jsonb, integer) IS
  'Internal: the clusters of describe-clusters output as rows, read and checked as _parse_describe_output reads them (each placed in the account and region its input names), with its roles and their ApplyStatus as two arrays in document order; for import_clusters';

CREATE FUNCTION redshift_iam_internal._caller_account()
RETURNS text AS 'MODULE_PATHNAME', 'rsi_sql_caller_account'
LANGUAGE C STABLE;
COMMENT ON FUNCTION redshift_iam_internal._caller_account() IS
  'The AWS account the calling database role (GetOuterUserId, unaffected by SECURITY DEFINER) acts in';

CREATE FUNCTION redshift_iam_internal._authorize(action text, resource text, roles_to_pass text[], cluster_arn text)
RETURNS text AS 'MODULE_PATHNAME', 'rsi_sql_authorize'
LANGUAGE C VOLATILE;
COMMENT ON FUNCTION redshift_iam_internal._authorize(text, text, text[], text) IS
  'Hook every management function calls before it acts (IAM policy enforcement): may the caller do action on resource and pass roles_to_pass to cluster_arn? Returns the account to act in; raises 42501 to deny';

/* ---- the one status rule ---- */

/*
 * No SET search_path on these two: a SET clause keeps the planner from
 * inlining a SQL function, and the body then is parsed again on every
 * query that calls it (80% of a check's cost).  Their bodies name every
 * operator and function with its schema, so they need no search_path.
 */
CREATE FUNCTION redshift_iam_internal._effective_apply_status(state text, ready_at timestamptz)
RETURNS text
LANGUAGE sql VOLATILE PARALLEL SAFE
AS $$
  SELECT CASE
    WHEN $2 OPERATOR(pg_catalog.>) pg_catalog.clock_timestamp() THEN $1
    WHEN $1 OPERATOR(pg_catalog.=) 'adding' THEN 'in-sync'
    WHEN $1 OPERATOR(pg_catalog.=) 'removing' THEN NULL
    ELSE $1
  END
$$;
COMMENT ON FUNCTION redshift_iam_internal._effective_apply_status(text, timestamptz) IS
  'The one rule for an association''s status: adding becomes in-sync and removing becomes NULL (gone) once ready_at has passed, by the real clock';

CREATE FUNCTION redshift_iam_internal._effective_cluster_status(status text, ready_at timestamptz)
RETURNS text
LANGUAGE sql VOLATILE PARALLEL SAFE
AS $$
  SELECT CASE
    WHEN $2 OPERATOR(pg_catalog.>) pg_catalog.clock_timestamp() THEN $1
    WHEN $1 OPERATOR(pg_catalog.=) 'creating' THEN 'available'
    WHEN $1 OPERATOR(pg_catalog.=) 'deleting' THEN NULL
    ELSE $1
  END
$$;
COMMENT ON FUNCTION redshift_iam_internal._effective_cluster_status(text, timestamptz) IS
  'The one rule for a cluster''s status: creating becomes available and deleting becomes NULL (gone) once ready_at has passed, by the real clock';

/* ---- views ---- */

CREATE VIEW redshift_iam.clusters AS
SELECT c.account_id COLLATE pg_catalog."default" AS account_id,
       c.region COLLATE pg_catalog."default" AS region,
       c.cluster_identifier COLLATE pg_catalog."default" AS cluster_identifier,
       c.node_type,
       c.number_of_nodes,
       s.cluster_status,
       c.default_iam_role_arn COLLATE pg_catalog."default" AS default_iam_role_arn,
       c.created_at
  FROM redshift_iam.catalog_clusters c
 CROSS JOIN LATERAL (SELECT redshift_iam_internal._effective_cluster_status(c.status, c.ready_at) AS cluster_status) s
 WHERE s.cluster_status IS NOT NULL;
COMMENT ON VIEW redshift_iam.clusters IS
  'Clusters of every account and region with their effective ClusterStatus (creating, then available after redshift_iam.apply_delay; deleting, then gone after it) and default IAM role';

CREATE VIEW redshift_iam.cluster_iam_roles AS
SELECT r.account_id COLLATE pg_catalog."default" AS account_id,
       r.region COLLATE pg_catalog."default" AS region,
       r.cluster_identifier COLLATE pg_catalog."default" AS cluster_identifier,
       r.iam_role_arn COLLATE pg_catalog."default" AS iam_role_arn,
       s.apply_status,
       (r.iam_role_arn OPERATOR(pg_catalog.=) c.default_iam_role_arn) IS TRUE AS is_default,
       r.requested_at
  FROM redshift_iam.catalog_cluster_iam_roles r
  JOIN redshift_iam.catalog_clusters c
    ON c.account_id OPERATOR(pg_catalog.=) r.account_id
   AND c.region OPERATOR(pg_catalog.=) r.region
   AND c.cluster_identifier OPERATOR(pg_catalog.=) r.cluster_identifier
 CROSS JOIN LATERAL (SELECT redshift_iam_internal._effective_apply_status(r.state, r.ready_at) AS apply_status) s
 WHERE s.apply_status IS NOT NULL
   AND redshift_iam_internal._effective_cluster_status(c.status, c.ready_at) IS NOT NULL;
COMMENT ON VIEW redshift_iam.cluster_iam_roles IS
  'IAM roles associated with clusters, with their effective ApplyStatus (adding, in-sync, removing; a finished removal is gone) and whether each is the cluster''s default role';

GRANT SELECT ON redshift_iam.clusters TO PUBLIC;
GRANT SELECT ON redshift_iam.cluster_iam_roles TO PUBLIC;

/* ---- lookups for check_command and other readers (see src/pg/rsi_catalog.h) ---- */

CREATE FUNCTION redshift_iam_internal._association_status(account_id text, region text, cluster_identifier text, iam_role_arn text)
RETURNS text
LANGUAGE sql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
  SELECT redshift_iam_internal._effective_apply_status(r.state, r.ready_at)
    FROM redshift_iam.catalog_cluster_iam_roles r
   WHERE r.account_id OPERATOR(pg_catalog.=) $1
     AND r.region OPERATOR(pg_catalog.=) $2
     AND r.cluster_identifier OPERATOR(pg_catalog.=) $3
     AND r.iam_role_arn OPERATOR(pg_catalog.=) $4
$$;
COMMENT ON FUNCTION redshift_iam_internal._association_status(text, text, text, text) IS
  'Effective ApplyStatus of one association (adding, in-sync, removing), or NULL when the role is not associated; one primary-key lookup, never writes';

CREATE FUNCTION redshift_iam_internal._cluster_lookup(account_id text, region text, cluster_identifier text)
RETURNS TABLE (cluster_status text, default_iam_role_arn text)
LANGUAGE sql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
  SELECT redshift_iam_internal._effective_cluster_status(c.status, c.ready_at),
         c.default_iam_role_arn COLLATE pg_catalog."default"
    FROM redshift_iam.catalog_clusters c
   WHERE c.account_id OPERATOR(pg_catalog.=) $1
     AND c.region OPERATOR(pg_catalog.=) $2
     AND c.cluster_identifier OPERATOR(pg_catalog.=) $3
     AND redshift_iam_internal._effective_cluster_status(c.status, c.ready_at) IS NOT NULL
$$;
COMMENT ON FUNCTION redshift_iam_internal._cluster_lookup(text, text, text) IS
  'Effective status and default IAM role of one cluster; no row when it does not exist or its deletion has completed; one primary-key lookup, never writes';

/* ---- internal building blocks ---- */

CREATE FUNCTION redshift_iam_internal._cluster_arn(account_id text, region text, cluster_identifier text)
RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
  SELECT 'arn:' OPERATOR(pg_catalog.||) redshift_iam_internal._partition($2) OPERATOR(pg_catalog.||) ':redshift:'
         OPERATOR(pg_catalog.||) $2 OPERATOR(pg_catalog.||) ':'
         OPERATOR(pg_catalog.||) $1 OPERATOR(pg_catalog.||) ':cluster:' OPERATOR(pg_catalog.||) $3
$$;
COMMENT ON FUNCTION redshift_iam_internal._cluster_arn(text, text, text) IS
  'The cluster ARN arn:<partition>:redshift:<region>:<account>:cluster:<identifier>, in the partition of the region';

CREATE FUNCTION redshift_iam_internal._dedup(arns text[])
RETURNS text[]
LANGUAGE sql IMMUTABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
  SELECT coalesce(array_agg(x ORDER BY o), '{}'::text[])
    FROM (SELECT x, min(o) AS o
            FROM unnest(coalesce($1, '{}'::text[])) WITH ORDINALITY AS u(x, o)
           GROUP BY x) AS s
$$;
COMMENT ON FUNCTION redshift_iam_internal._dedup(text[]) IS
  'The array without repeated elements, first occurrences in order (a role named twice in one request counts once)';

CREATE FUNCTION redshift_iam_internal._cluster_json(account_id text, region text, cluster_identifier text)
RETURNS jsonb
LANGUAGE sql VOLATILE
SET search_path = pg_catalog, pg_temp
AS $$
  SELECT jsonb_build_object(
           'ClusterIdentifier', c.cluster_identifier,
           'NodeType', c.node_type,
           'ClusterStatus', redshift_iam_internal._effective_cluster_status(c.status, c.ready_at),
           'NumberOfNodes', c.number_of_nodes,
           'IamRoles', coalesce(
              (SELECT jsonb_agg(jsonb_build_object('IamRoleArn', x.iam_role_arn,
                                                   'ApplyStatus', x.apply_status)
                                ORDER BY x.ordinal)
                 FROM (SELECT r.iam_role_arn, r.ordinal,
                              redshift_iam_internal._effective_apply_status(r.state, r.ready_at) AS apply_status
                         FROM redshift_iam.catalog_cluster_iam_roles r
                        WHERE r.account_id = c.account_id
                          AND r.region = c.region
                          AND r.cluster_identifier = c.cluster_identifier) AS x
                WHERE x.apply_status IS NOT NULL),
              '[]'::jsonb))
         || CASE WHEN c.default_iam_role_arn IS NULL THEN '{}'::jsonb
                 ELSE jsonb_build_object('DefaultIamRoleArn', c.default_iam_role_arn) END
         || CASE WHEN c.availability_status IS NULL THEN '{}'::jsonb
                 ELSE jsonb_build_object('ClusterAvailabilityStatus', c.availability_status) END
         -- absent while creating, as in CreateCluster's answer; printed as the
         -- AWS CLI prints it (Python's isoformat: microseconds, +00:00, no
         -- fraction when it is zero)
         || CASE WHEN redshift_iam_internal._effective_cluster_status(c.status, c.ready_at) = 'creating' THEN '{}'::jsonb
                 ELSE jsonb_build_object('ClusterCreateTime',
                        to_char(timezone('UTC', c.created_at),
                                CASE WHEN extract(microseconds FROM c.created_at)::bigint % 1000000 = 0
                                     THEN 'YYYY-MM-DD"T"HH24:MI:SS"+00:00"'
                                     ELSE 'YYYY-MM-DD"T"HH24:MI:SS.US"+00:00"' END)) END
    FROM redshift_iam.catalog_clusters c
   WHERE c.account_id = $1 AND c.region = $2 AND c.cluster_identifier = $3
     AND redshift_iam_internal._effective_cluster_status(c.status, c.ready_at) IS NOT NULL
$$;
COMMENT ON FUNCTION redshift_iam_internal._cluster_json(text, text, text) IS
  'Internal: one Cluster object as the AWS CLI prints it (ClusterIdentifier, NodeType, ClusterStatus, NumberOfNodes, ClusterCreateTime as 2024-03-11T09:15:42.517000+00:00 except while creating, IamRoles[{IamRoleArn, ApplyStatus}], DefaultIamRoleArn when set, ClusterAvailabilityStatus when imported); NULL when the cluster does not exist or its deletion has completed';

CREATE FUNCTION redshift_iam_internal._materialize(account_id text, region text, cluster_identifier text, force boolean)
RETURNS integer
LANGUAGE plpgsql VOLATILE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  v_now timestamptz;
  v_pending integer := 0;
  v_ids text[];
BEGIN
  -- The one lock order of every writer (docs/safety.md): cluster rows
  -- before role rows, clusters in identifier order, and no row of a
  -- cluster that was not locked first.  The lock statement sees the
  -- clusters that existed when it started; one created while it waited is
  -- not locked, so every statement below touches only the clusters in
  -- v_ids (test/isolation/specs/materialize_order.spec,
  -- test/isolation/specs/apply_new_cluster.spec).
  SELECT coalesce(array_agg(l.cluster_identifier ORDER BY l.cluster_identifier), '{}')
    INTO v_ids
    FROM (SELECT c.cluster_identifier
            FROM redshift_iam.catalog_clusters c
           WHERE c.account_id = $1 AND c.region = $2
             AND ($3 IS NULL OR c.cluster_identifier = $3)
           ORDER BY c.cluster_identifier
             FOR UPDATE) AS l;
  IF cardinality(v_ids) = 0 THEN
    RETURN 0;
  END IF;
  -- the clock once the locks are held: a change that another call made
  -- while this one waited is judged by the time it is read
  v_now := clock_timestamp();
  -- Forced, the transitions still pending by the clock are the ones this
  -- call completes; those already complete by the clock are only stored.
  IF $4 THEN
    SELECT count(*) INTO v_pending
      FROM redshift_iam.catalog_cluster_iam_roles r
     WHERE r.account_id = $1 AND r.region = $2
       AND r.cluster_identifier = ANY (v_ids)
       AND r.state IN ('adding', 'removing') AND r.ready_at > v_now;
    SELECT v_pending + count(*) INTO v_pending
      FROM redshift_iam.catalog_clusters c
     WHERE c.account_id = $1 AND c.region = $2
       AND c.cluster_identifier = ANY (v_ids)
       AND c.status IN ('creating', 'deleting') AND c.ready_at > v_now;
  END IF;
  -- finished removals disappear
  DELETE FROM redshift_iam.catalog_cluster_iam_roles r
   WHERE r.account_id = $1 AND r.region = $2
     AND r.cluster_identifier = ANY (v_ids)
     AND r.state = 'removing'
     AND ($4 OR r.ready_at <= v_now);
  -- finished additions are in-sync
  UPDATE redshift_iam.catalog_cluster_iam_roles r
     SET state = 'in-sync', ready_at = least(r.ready_at, v_now)
   WHERE r.account_id = $1 AND r.region = $2
     AND r.cluster_identifier = ANY (v_ids)
     AND r.state = 'adding'
     AND ($4 OR r.ready_at <= v_now);
  -- created clusters are available
  UPDATE redshift_iam.catalog_clusters c
     SET status = 'available', ready_at = least(c.ready_at, v_now)
   WHERE c.account_id = $1 AND c.region = $2
     AND c.cluster_identifier = ANY (v_ids)
     AND c.status = 'creating'
     AND ($4 OR c.ready_at <= v_now);
  -- deleted clusters are gone, with their associations (ON DELETE CASCADE)
  DELETE FROM redshift_iam.catalog_clusters c
   WHERE c.account_id = $1 AND c.region = $2
     AND c.cluster_identifier = ANY (v_ids)
     AND c.status = 'deleting'
     AND ($4 OR c.ready_at <= v_now);
  RETURN v_pending;
END
$$;
COMMENT ON FUNCTION redshift_iam_internal._materialize(text, text, text, boolean) IS
  'Internal: store the transitions that are complete by the clock (with force, every pending one: adding, removing, creating, deleting) for one cluster, or all of an account and region when cluster_identifier is NULL; returns how many were still pending by the clock (0 without force)';

/* ---- the management API ---- */

CREATE FUNCTION redshift_iam.create_cluster(
    cluster_identifier text,
    node_type text,
    number_of_nodes integer DEFAULT NULL,
    iam_roles text[] DEFAULT '{}'::pg_catalog.text[],
    default_iam_role_arn text DEFAULT NULL,
    cluster_type text DEFAULT NULL)
RETURNS jsonb
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  op constant text := 'CreateCluster';
  v_id text := $1;
  v_roles text[] := redshift_iam_internal._dedup($4);
  v_default text := nullif($5, '');
  v_account text;
  v_region text := redshift_iam_internal._region();
  v_arn text;
  v_role text;
  v_now timestamptz;
  v_n integer;
  v_nodes integer;
  v_status text;
BEGIN
  PERFORM redshift_iam_internal._check_cluster_identifier(v_id, op) WHERE v_id IS NULL;
  PERFORM redshift_iam_internal._check_cluster_layout($2, $6, $3, op) WHERE $2 IS NULL;
  v_account := redshift_iam_internal._caller_account();
  v_arn := redshift_iam_internal._cluster_arn(v_account, v_region, v_id);
  v_account := redshift_iam_internal._authorize('redshift:CreateCluster', v_arn,
                                       v_roles || CASE WHEN v_default IS NULL THEN '{}'::text[] ELSE ARRAY[v_default] END, v_arn);
  v_arn := redshift_iam_internal._cluster_arn(v_account, v_region, v_id);

  PERFORM redshift_iam_internal._check_cluster_identifier(v_id, op);
  -- ClusterType and NumberOfNodes as the API takes them: without
  -- ClusterType, more than one node is multi-node
  v_nodes := redshift_iam_internal._check_cluster_layout($2, $6, $3, op);
  FOREACH v_role IN ARRAY v_roles LOOP
    PERFORM redshift_iam_internal._check_role_arn(v_role, op, v_account);
  END LOOP;
  IF v_default IS NOT NULL THEN
    PERFORM redshift_iam_internal._check_role_arn(v_default, op, v_account);
    IF NOT v_default = ANY (v_roles) THEN
      PERFORM redshift_iam_internal._aws_error('22023', 'InvalidParameterValue', op,
        'The list of Amazon Resource Names (ARNs) for customer roles should contain the ARN of the default IAM role when a default is specified.',
        'List the default role in iam_roles as well.');
    END IF;
  END IF;
  IF cardinality(v_roles) > redshift_iam_internal._max_roles_per_cluster() THEN
    PERFORM redshift_iam_internal._aws_error('54000', 'InvalidParameterValue', op,
      format('A cluster can have at most %s IAM roles associated; the request names %s.',
             redshift_iam_internal._max_roles_per_cluster(), cardinality(v_roles)),
      'Associate fewer roles (roles in adding, in-sync and removing all count), or ask a superuser to raise redshift_iam.max_roles_per_cluster.');
  END IF;

  -- a cluster whose deletion has completed frees its identifier; one
  -- still deleting keeps it taken, as in AWS
  PERFORM redshift_iam_internal._materialize(v_account, v_region, v_id, false);
  v_now := date_trunc('milliseconds', clock_timestamp());
  INSERT INTO redshift_iam.catalog_clusters AS c
         (account_id, region, cluster_identifier, node_type, number_of_nodes, status,
          default_iam_role_arn, created_at, ready_at)
  VALUES (v_account, v_region, v_id, $2, v_nodes, 'creating', v_default, v_now,
          v_now + redshift_iam_internal._apply_delay())
  ON CONFLICT DO NOTHING;
  GET DIAGNOSTICS v_n = ROW_COUNT;
  IF v_n = 0 THEN
    SELECT c.status INTO v_status FROM redshift_iam.catalog_clusters c
     WHERE c.account_id = v_account AND c.region = v_region AND c.cluster_identifier = v_id;
    PERFORM redshift_iam_internal._aws_error('42710', 'ClusterAlreadyExists', op,
      format('Cluster %s already exists.', v_id),
      CASE WHEN v_status = 'deleting'
           THEN format('Cluster %s is being deleted and keeps its identifier until the deletion completes (redshift_iam.apply_delay); create it again after describe_clusters(%L) reports ClusterNotFound, or run redshift_iam.apply_pending_changes(%L) first.', v_id, v_id, v_id)
           ELSE format('Choose another identifier, or delete the cluster first with redshift_iam.delete_cluster(%L, skip_final_cluster_snapshot => true).', v_id) END);
  END IF;
  INSERT INTO redshift_iam.catalog_cluster_iam_roles
         (account_id, region, cluster_identifier, iam_role_arn, state, ordinal, requested_at, ready_at)
  SELECT v_account, v_region, v_id, u.arn, 'adding', u.o::integer, v_now,
         v_now + redshift_iam_internal._apply_delay()
    FROM unnest(v_roles) WITH ORDINALITY AS u(arn, o);

  RETURN jsonb_build_object('Cluster', redshift_iam_internal._cluster_json(v_account, v_region, v_id));
END
$$;
COMMENT ON FUNCTION redshift_iam.create_cluster(text, text, integer, text[], text, text) IS
  'CreateCluster: create a cluster (creating, then available after redshift_iam.apply_delay) with IAM roles (adding, then in-sync) and an optional default role; cluster_type single-node or multi-node (without it, more than one node is multi-node), number_of_nodes 1 or none for single-node, 2 or more for multi-node, within the node type''s range; returns {"Cluster": {...}}';

CREATE FUNCTION redshift_iam.modify_cluster_iam_roles(
    cluster_identifier text,
    add_iam_roles text[] DEFAULT '{}'::pg_catalog.text[],
    remove_iam_roles text[] DEFAULT '{}'::pg_catalog.text[],
    default_iam_role_arn text DEFAULT NULL)
RETURNS jsonb
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  op constant text := 'ModifyClusterIamRoles';
  v_id text := $1;
  v_add text[] := redshift_iam_internal._dedup($2);
  v_remove text[] := redshift_iam_internal._dedup($3);
  v_default text := $4;            -- NULL: unchanged; '': clear
  v_account text;
  v_region text := redshift_iam_internal._region();
  v_arn text;
  v_role text;
  v_status text;
  v_cur_default text;
  v_current text[];                -- adding or in-sync
  v_all text[];                    -- adding, in-sync or removing
  v_new integer;
  v_max integer := redshift_iam_internal._max_roles_per_cluster();
  v_now timestamptz;
  v_ready timestamptz;
BEGIN
  PERFORM redshift_iam_internal._check_cluster_identifier(v_id, op) WHERE v_id IS NULL;
  v_account := redshift_iam_internal._caller_account();
  v_arn := redshift_iam_internal._cluster_arn(v_account, v_region, v_id);
  v_account := redshift_iam_internal._authorize('redshift:ModifyClusterIamRoles', v_arn,
                                       v_add || CASE WHEN nullif(v_default, '') IS NULL THEN '{}'::text[] ELSE ARRAY[v_default] END, v_arn);
  v_arn := redshift_iam_internal._cluster_arn(v_account, v_region, v_id);

  -- parameters first
  FOREACH v_role IN ARRAY v_add LOOP
    PERFORM redshift_iam_internal._check_role_arn(v_role, op, v_account);
  END LOOP;
  FOREACH v_role IN ARRAY v_remove LOOP
    PERFORM redshift_iam_internal._check_role_arn(v_role, op, NULL);
  END LOOP;
  IF nullif(v_default, '') IS NOT NULL THEN
    PERFORM redshift_iam_internal._check_role_arn(v_default, op, v_account);
  END IF;
  SELECT x INTO v_role FROM unnest(v_add) AS x WHERE x = ANY (v_remove) LIMIT 1;
  IF FOUND THEN
    PERFORM redshift_iam_internal._aws_error('22023', 'InvalidParameterCombination', op,
      format('The IAM role %s cannot be both added and removed in the same request.', v_role),
      'Name each role in add_iam_roles or in remove_iam_roles, not in both.');
  END IF;

  -- then the cluster
  SELECT c.status INTO v_status
    FROM redshift_iam.catalog_clusters c
   WHERE c.account_id = v_account AND c.region = v_region AND c.cluster_identifier = v_id
     FOR UPDATE;
  IF NOT FOUND THEN
    PERFORM redshift_iam_internal._aws_error('42704', 'ClusterNotFound', op,
      format('Cluster %s not found.', redshift_iam_internal._excerpt(v_id, 64)),
      format('redshift_iam.describe_clusters() lists the clusters of account %s in region %s (redshift_iam.region).',
             v_account, v_region));
  END IF;
  PERFORM redshift_iam_internal._materialize(v_account, v_region, v_id, false);
  SELECT c.status, c.default_iam_role_arn INTO v_status, v_cur_default
    FROM redshift_iam.catalog_clusters c
   WHERE c.account_id = v_account AND c.region = v_region AND c.cluster_identifier = v_id;
  IF NOT FOUND THEN
    -- its deletion completed
    PERFORM redshift_iam_internal._aws_error('42704', 'ClusterNotFound', op,
      format('Cluster %s not found.', redshift_iam_internal._excerpt(v_id, 64)),
      format('redshift_iam.describe_clusters() lists the clusters of account %s in region %s (redshift_iam.region).',
             v_account, v_region));
  END IF;
  IF v_status = 'deleting' THEN
    PERFORM redshift_iam_internal._aws_error('55000', 'InvalidClusterState', op,
      'The specified cluster is not in the available state.',
      format('Cluster %s is being deleted (delete_cluster); a cluster being deleted takes no role changes.', v_id));
  END IF;
  IF v_status <> 'available' THEN
    PERFORM redshift_iam_internal._aws_error('55000', 'InvalidClusterState', op,
      'The specified cluster is not in the available state.',
      format('Cluster %s is %s; wait until describe_clusters() shows it available (redshift_iam.apply_delay), or run redshift_iam.apply_pending_changes().',
             v_id, v_status));
  END IF;

  SELECT coalesce(array_agg(r.iam_role_arn) FILTER (WHERE r.state <> 'removing'), '{}'),
         coalesce(array_agg(r.iam_role_arn), '{}')
    INTO v_current, v_all
    FROM redshift_iam.catalog_cluster_iam_roles r
   WHERE r.account_id = v_account AND r.region = v_region AND r.cluster_identifier = v_id;

  FOREACH v_role IN ARRAY v_remove LOOP
    IF NOT v_role = ANY (v_all) THEN
      PERFORM redshift_iam_internal._aws_error('22023', 'InvalidParameterValue', op,
        format('The IAM role %s is not associated with cluster %s.', v_role, v_id),
        format('redshift_iam.describe_clusters(%L) lists the roles associated with the cluster.', v_id));
    END IF;
  END LOOP;
  IF nullif(v_default, '') IS NOT NULL
     AND (NOT v_default = ANY (v_current || v_add) OR v_default = ANY (v_remove)) THEN
    PERFORM redshift_iam_internal._aws_error('22023', 'InvalidParameterValue', op,
      'The list of Amazon Resource Names (ARNs) for customer roles should contain the ARN of the default IAM role when a default is specified.',
      'The default role must be associated with the cluster, or added in the same call, and not removed.');
  END IF;
  SELECT count(*) INTO v_new FROM unnest(v_add) AS x WHERE NOT x = ANY (v_all);
  -- only a call that adds roles can exceed the quota: one that removes roles
  -- or sets the default must work on a cluster above a lowered quota
  IF v_new > 0 AND cardinality(v_all) + v_new > v_max THEN
    PERFORM redshift_iam_internal._aws_error('54000', 'InvalidParameterValue', op,
      format('A cluster can have at most %s IAM roles associated; cluster %s has %s and the request adds %s.',
             v_max, v_id, cardinality(v_all), v_new),
      'Roles in adding, in-sync and removing all count; remove roles and wait for the removal to finish, or ask a superuser to raise redshift_iam.max_roles_per_cluster.');
  END IF;

  -- everything checked: change
  v_now := clock_timestamp();
  v_ready := v_now + redshift_iam_internal._apply_delay();
  UPDATE redshift_iam.catalog_cluster_iam_roles r
     SET state = 'adding', requested_at = v_now, ready_at = v_ready
   WHERE r.account_id = v_account AND r.region = v_region AND r.cluster_identifier = v_id
     AND r.iam_role_arn = ANY (v_add) AND r.state = 'removing';
  INSERT INTO redshift_iam.catalog_cluster_iam_roles
         (account_id, region, cluster_identifier, iam_role_arn, state, ordinal, requested_at, ready_at)
  SELECT v_account, v_region, v_id, u.arn, 'adding',
         coalesce((SELECT max(r.ordinal) FROM redshift_iam.catalog_cluster_iam_roles r
                    WHERE r.account_id = v_account AND r.region = v_region
                      AND r.cluster_identifier = v_id), 0) + u.o::integer,
         v_now, v_ready
    FROM unnest(v_add) WITH ORDINALITY AS u(arn, o)
   WHERE NOT u.arn = ANY (v_all);
  UPDATE redshift_iam.catalog_cluster_iam_roles r
     SET state = 'removing', requested_at = v_now, ready_at = v_ready
   WHERE r.account_id = v_account AND r.region = v_region AND r.cluster_identifier = v_id
     AND r.iam_role_arn = ANY (v_remove) AND r.state <> 'removing';
  IF v_default IS NOT NULL THEN
    UPDATE redshift_iam.catalog_clusters c SET default_iam_role_arn = nullif(v_default, '')
     WHERE c.account_id = v_account AND c.region = v_region AND c.cluster_identifier = v_id;
  ELSIF v_cur_default = ANY (v_remove) THEN
    -- removing the default role clears the default (AWS does not document
    -- this case; clearing it keeps the default among the associated roles)
    UPDATE redshift_iam.catalog_clusters c SET default_iam_role_arn = NULL
     WHERE c.account_id = v_account AND c.region = v_region AND c.cluster_identifier = v_id;
  END IF;

  RETURN jsonb_build_object('Cluster', redshift_iam_internal._cluster_json(v_account, v_region, v_id));
END
$$;
COMMENT ON FUNCTION redshift_iam.modify_cluster_iam_roles(text, text[], text[], text) IS
  'ModifyClusterIamRoles: associate (adding, then in-sync) and disassociate (removing, then gone) IAM roles and set (''''= clear, NULL = keep) the default role of an available cluster; returns {"Cluster": {...}}';

CREATE FUNCTION redshift_iam.describe_clusters(
    cluster_identifier text DEFAULT NULL,
    max_records integer DEFAULT NULL,
    marker text DEFAULT NULL)
RETURNS jsonb
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  op constant text := 'DescribeClusters';
  v_id text := $1;
  v_max integer := coalesce($2, 100);
  v_after text := '';
  v_account text;
  v_region text := redshift_iam_internal._region();
  v_arn text;
  v_ids text[];
  v_result jsonb;
BEGIN
  v_account := redshift_iam_internal._caller_account();
  v_arn := CASE WHEN v_id IS NULL THEN NULL
                ELSE redshift_iam_internal._cluster_arn(v_account, v_region, v_id) END;
  v_account := redshift_iam_internal._authorize('redshift:DescribeClusters', coalesce(v_arn, '*'), '{}', v_arn);

  -- an empty marker is no marker, here as when paging below
  IF v_id IS NOT NULL AND $3 IS NOT NULL AND $3 <> '' THEN
    PERFORM redshift_iam_internal._aws_error('22023', 'InvalidParameterCombination', op,
      'A marker cannot be specified together with a cluster identifier.',
      'Give either cluster_identifier or marker.');
  END IF;
  IF v_max < 20 OR v_max > 100 THEN
    PERFORM redshift_iam_internal._aws_error('22023', 'InvalidParameterValue', op,
      format('MaxRecords must be between 20 and 100; %s is not.', v_max),
      'Leave max_records NULL for the default of 100.');
  END IF;

  IF v_id IS NOT NULL THEN
    v_result := redshift_iam_internal._cluster_json(v_account, v_region, v_id);
    IF v_result IS NULL THEN
      PERFORM redshift_iam_internal._aws_error('42704', 'ClusterNotFound', op,
        format('Cluster %s not found.', redshift_iam_internal._excerpt(v_id, 64)),
        format('redshift_iam.describe_clusters() lists the clusters of account %s in region %s (redshift_iam.region).',
               v_account, v_region));
    END IF;
    RETURN jsonb_build_object('Clusters', jsonb_build_array(v_result));
  END IF;

  IF $3 IS NOT NULL AND $3 <> '' THEN
    -- the marker is opaque to callers: base64 of "rsi1:" and the last identifier shown
    BEGIN
      v_after := convert_from(decode($3, 'base64'), 'UTF8');
    EXCEPTION WHEN OTHERS THEN
      v_after := NULL;
    END;
    IF v_after IS NULL OR left(v_after, 5) <> 'rsi1:'
       OR redshift_iam_internal._cluster_identifier_problem(substr(v_after, 6)) IS NOT NULL THEN
      PERFORM redshift_iam_internal._aws_error('22023', 'InvalidParameterValue', op,
        format('Invalid marker: %s', redshift_iam_internal._excerpt($3, 128)),
        'Pass back the Marker of the previous describe_clusters() result unchanged.');
    END IF;
    v_after := substr(v_after, 6);
  END IF;

  SELECT coalesce(array_agg(s.cluster_identifier ORDER BY s.cluster_identifier), '{}')
    INTO v_ids
    FROM (SELECT c.cluster_identifier
            FROM redshift_iam.catalog_clusters c
           WHERE c.account_id = v_account AND c.region = v_region
             AND c.cluster_identifier > v_after
             AND redshift_iam_internal._effective_cluster_status(c.status, c.ready_at) IS NOT NULL
           ORDER BY c.cluster_identifier
           LIMIT v_max + 1) AS s;

  SELECT jsonb_build_object('Clusters', coalesce(jsonb_agg(redshift_iam_internal._cluster_json(v_account, v_region, x) ORDER BY o), '[]'))
    INTO v_result
    FROM unnest(v_ids[1:v_max]) WITH ORDINALITY AS u(x, o);
  IF cardinality(v_ids) > v_max THEN
    v_result := v_result || jsonb_build_object('Marker',
      translate(encode(convert_to('rsi1:' || v_ids[v_max], 'UTF8'), 'base64'), E'\n', ''));
  END IF;
  RETURN v_result;
END
$$;
COMMENT ON FUNCTION redshift_iam.describe_clusters(text, integer, text) IS
  'DescribeClusters: {"Clusters": [...], "Marker": ...} for the current account and region, ordered by identifier; max_records 20-100 (default 100); pass Marker back for the next page; cluster_identifier and marker not together';

CREATE FUNCTION redshift_iam.delete_cluster(
    cluster_identifier text,
    skip_final_cluster_snapshot boolean DEFAULT NULL,
    final_cluster_snapshot_identifier text DEFAULT NULL)
RETURNS jsonb
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  op constant text := 'DeleteCluster';
  v_id text := $1;
  v_skip boolean := $2;
  v_snapshot text := $3;
  v_account text;
  v_region text := redshift_iam_internal._region();
  v_arn text;
  v_status text;
  v_now timestamptz;
  v_ready timestamptz;
  v_result jsonb;
BEGIN
  PERFORM redshift_iam_internal._check_cluster_identifier(v_id, op) WHERE v_id IS NULL;
  v_account := redshift_iam_internal._caller_account();
  v_arn := redshift_iam_internal._cluster_arn(v_account, v_region, v_id);
  v_account := redshift_iam_internal._authorize('redshift:DeleteCluster', v_arn, '{}', v_arn);

  -- the final snapshot, as the API takes it (SkipFinalClusterSnapshot
  -- defaults to false, so a final snapshot needs a name).  A call that
  -- names neither is the short form delete_cluster(id) of earlier
  -- versions: no final snapshot.  Snapshots are not kept: the name is
  -- only checked.
  IF v_skip IS TRUE AND v_snapshot IS NOT NULL THEN
    PERFORM redshift_iam_internal._aws_error('22023', 'InvalidParameterCombination', op,
      'FinalClusterSnapshotIdentifier must not be specified when SkipFinalClusterSnapshot is true.',
      'Pass skip_final_cluster_snapshot => true alone to delete without a final snapshot, or final_cluster_snapshot_identifier alone to name one.');
  END IF;
  IF v_skip IS FALSE AND v_snapshot IS NULL THEN
    PERFORM redshift_iam_internal._aws_error('22023', 'InvalidParameterCombination', op,
      'FinalClusterSnapshotIdentifier is required unless SkipFinalClusterSnapshot is specified.',
      'Name the final snapshot with final_cluster_snapshot_identifier, or pass skip_final_cluster_snapshot => true.');
  END IF;
  PERFORM redshift_iam_internal._check_snapshot_identifier(v_snapshot, 'FinalClusterSnapshotIdentifier', op);

  PERFORM 1 FROM redshift_iam.catalog_clusters c
   WHERE c.account_id = v_account AND c.region = v_region AND c.cluster_identifier = v_id
     FOR UPDATE;
  IF FOUND THEN
    -- a deletion that has completed by the clock is stored: the cluster is gone
    PERFORM redshift_iam_internal._materialize(v_account, v_region, v_id, false);
    SELECT c.status INTO v_status FROM redshift_iam.catalog_clusters c
     WHERE c.account_id = v_account AND c.region = v_region AND c.cluster_identifier = v_id;
  END IF;
  IF v_status IS NULL THEN
    PERFORM redshift_iam_internal._aws_error('42704', 'ClusterNotFound', op,
      format('Cluster %s not found.', redshift_iam_internal._excerpt(v_id, 64)),
      format('redshift_iam.describe_clusters() lists the clusters of account %s in region %s (redshift_iam.region).',
             v_account, v_region));
  END IF;
  IF v_status = 'deleting' THEN
    PERFORM redshift_iam_internal._aws_error('55000', 'InvalidClusterState', op,
      'There is an operation running on the Cluster. Please try to delete it at a later time.',
      format('Cluster %s is already being deleted; describe_clusters(%L) reports ClusterNotFound once the deletion completes (redshift_iam.apply_delay).',
             v_id, v_id));
  END IF;

  -- deleting, then gone after redshift_iam.apply_delay; the identifier
  -- stays taken meanwhile
  v_now := clock_timestamp();
  v_ready := v_now + redshift_iam_internal._apply_delay();
  v_result := redshift_iam_internal._cluster_json(v_account, v_region, v_id)
              || '{"ClusterStatus": "deleting"}'::jsonb;
  IF v_result ? 'ClusterAvailabilityStatus' THEN
    v_result := v_result || '{"ClusterAvailabilityStatus": "Unavailable"}'::jsonb;
  END IF;
  IF v_ready <= v_now THEN
    DELETE FROM redshift_iam.catalog_clusters c
     WHERE c.account_id = v_account AND c.region = v_region AND c.cluster_identifier = v_id;
  ELSE
    UPDATE redshift_iam.catalog_clusters c
       SET status = 'deleting', ready_at = v_ready,
           availability_status = CASE WHEN c.availability_status IS NULL THEN NULL ELSE 'Unavailable' END
     WHERE c.account_id = v_account AND c.region = v_region AND c.cluster_identifier = v_id;
  END IF;
  RETURN jsonb_build_object('Cluster', v_result);
END
$$;
COMMENT ON FUNCTION redshift_iam.delete_cluster(text, boolean, text) IS
  'DeleteCluster: the cluster is deleting, then gone with its role associations after redshift_iam.apply_delay (its identifier stays taken meanwhile); skip_final_cluster_snapshot and final_cluster_snapshot_identifier as the API takes them (a snapshot name is checked, not kept; naming neither deletes without one); returns {"Cluster": {...}} with ClusterStatus "deleting"';

CREATE FUNCTION redshift_iam.apply_pending_changes(cluster_identifier text DEFAULT NULL)
RETURNS integer
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  op constant text := 'ApplyPendingChanges';
  v_id text := $1;
  v_account text;
  v_region text := redshift_iam_internal._region();
  v_arn text;
BEGIN
  v_account := redshift_iam_internal._caller_account();
  v_arn := CASE WHEN v_id IS NULL THEN NULL
                ELSE redshift_iam_internal._cluster_arn(v_account, v_region, v_id) END;
  v_account := redshift_iam_internal._authorize('redshift_iam:ApplyPendingChanges', coalesce(v_arn, '*'), '{}', v_arn);
  IF v_id IS NOT NULL THEN
    PERFORM 1 FROM redshift_iam.catalog_clusters c
     WHERE c.account_id = v_account AND c.region = v_region AND c.cluster_identifier = v_id
       FOR UPDATE;
    IF NOT FOUND THEN
      PERFORM redshift_iam_internal._aws_error('42704', 'ClusterNotFound', op,
        format('Cluster %s not found.', redshift_iam_internal._excerpt(v_id, 64)),
        format('redshift_iam.describe_clusters() lists the clusters of account %s in region %s (redshift_iam.region).',
               v_account, v_region));
    END IF;
  END IF;
  RETURN redshift_iam_internal._materialize(v_account, v_region, v_id, true);
END
$$;
COMMENT ON FUNCTION redshift_iam.apply_pending_changes(text) IS
  'Complete every pending change now (adding -> in-sync, removing -> gone, creating -> available, deleting -> gone) in the current account and region, or for one cluster; returns how many transitions it completed';

CREATE FUNCTION redshift_iam.import_clusters(describe_clusters_output jsonb, advance boolean DEFAULT false)
RETURNS integer
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  v_warnings text[];
  v_now timestamptz := clock_timestamp();
  -- an import is an observation: a pending state stays as observed until
  -- the next import or a call of the API (ready_at infinity), unless the
  -- caller asks for the simulated transitions
  v_ready timestamptz := CASE WHEN $2 THEN v_now + redshift_iam_internal._apply_delay()
                              ELSE 'infinity'::timestamptz END;
  v_n integer;
BEGIN
  -- each cluster's account and region come from the input (its namespace
  -- ARN, availability zone, role ARNs); a value someone set must agree
  -- the listed clusters as rows, once: every step below is one statement
  -- over all of them (a 10 MB document is not parsed again per step).
  -- Created here and dropped below, never reused: a table of that name the
  -- caller made beforehand (with triggers that would run as this
  -- function's owner) makes CREATE fail instead of being written to.
  CREATE TEMP TABLE rsi_import (
    account_id text COLLATE "C", region text COLLATE "C", cluster_identifier text COLLATE "C",
    node_type text, number_of_nodes integer, status text, availability text,
    create_time timestamptz, default_role text COLLATE "C", warning text,
    role_arns text[] COLLATE "C", role_states text[],
    cluster_arn text, existed boolean, replaced boolean, roles_changed boolean);
  -- out of line but not compressed: written once, read twice
  ALTER TABLE pg_temp.rsi_import ALTER role_arns SET STORAGE EXTERNAL, ALTER role_states SET STORAGE EXTERNAL;
  INSERT INTO pg_temp.rsi_import
  SELECT x.account_id, x.region, x.cluster_identifier, x.node_type, x.number_of_nodes, x.status,
         x.availability, x.create_time, x.default_role, x.warning, x.role_arns, x.role_states,
         redshift_iam_internal._cluster_arn(x.account_id, x.region, x.cluster_identifier), false, false, false
    -- the setting itself: the reader applies each cluster's region's quota
    FROM redshift_iam_internal._describe_rows($1, pg_catalog.current_setting('redshift_iam.max_roles_per_cluster')::integer) AS x;
  GET DIAGNOSTICS v_n = ROW_COUNT;

  -- values AWS has and this version does not know: kept, and said once
  SELECT array_agg(format('cluster %s: %s', i.cluster_identifier, i.warning) ORDER BY i.cluster_identifier)
    INTO v_warnings FROM pg_temp.rsi_import i WHERE i.warning IS NOT NULL;
  IF v_warnings IS NOT NULL THEN
    RAISE WARNING 'import_clusters: % of the imported clusters have values this version does not know',
                  cardinality(v_warnings)
      USING DETAIL = array_to_string(v_warnings[1:10], E'\n')
                     || CASE WHEN cardinality(v_warnings) > 10
                             THEN format(E'\n... and %s more', cardinality(v_warnings) - 10) ELSE '' END,
            HINT = 'They are imported as written; checks treat an unknown status as not available now.';
  END IF;

  -- 1. What creating each cluster needs, before anything is locked or
  --    changed: CreateCluster on its ARN and iam:PassRole for its roles.
  PERFORM redshift_iam_internal._authorize('redshift:CreateCluster', i.cluster_arn, i.role_arns, i.cluster_arn)
     FROM pg_temp.rsi_import i
    ORDER BY i.account_id, i.region, i.cluster_identifier;

  -- 2. Insert the listed clusters that are missing and lock those that
  --    exist, in ONE statement that takes the rows in identifier order (the
  --    lock order of every writer, docs/safety.md): a no-op ON CONFLICT
  --    update locks an existing row where it comes in that order.  Locking
  --    the existing ones first and inserting the others after (two passes)
  --    took a row created meanwhile out of order, and deadlocked with
  --    apply_pending_changes() (test/extended/stress.sh).
  WITH up AS (
    INSERT INTO redshift_iam.catalog_clusters AS c
           (account_id, region, cluster_identifier, node_type, number_of_nodes, status, availability_status,
            default_iam_role_arn, created_at, ready_at)
    SELECT i.account_id, i.region, i.cluster_identifier, i.node_type, i.number_of_nodes, i.status, i.availability,
           i.default_role, coalesce(i.create_time, date_trunc('milliseconds', v_now)),
           CASE WHEN i.status IN ('creating', 'deleting') THEN v_ready ELSE v_now END
      FROM pg_temp.rsi_import i
     ORDER BY i.account_id, i.region, i.cluster_identifier
    ON CONFLICT (account_id, region, cluster_identifier) DO UPDATE SET account_id = c.account_id
    RETURNING c.account_id, c.region, c.cluster_identifier, (c.xmax = 0) AS inserted)
  UPDATE pg_temp.rsi_import i SET existed = NOT up.inserted
    FROM up
   WHERE (i.account_id, i.region, i.cluster_identifier) = (up.account_id, up.region, up.cluster_identifier);

  -- An existing cluster is authorized, on the locked row, as what the
  -- import does to it: DeleteCluster when it replaces it (another node type
  -- or creation time), ModifyClusterIamRoles when its usable roles (adding
  -- or in-sync) or its default role change.  A refusal undoes the call.
  UPDATE pg_temp.rsi_import i
     SET replaced = (c.node_type <> i.node_type
                     OR date_trunc('milliseconds', i.create_time) <> date_trunc('milliseconds', c.created_at)),
         roles_changed = c.default_iam_role_arn IS DISTINCT FROM i.default_role
                         OR coalesce((SELECT array_agg(r.iam_role_arn ORDER BY r.iam_role_arn)
                                        FROM redshift_iam.catalog_cluster_iam_roles r
                                       WHERE r.account_id = c.account_id AND r.region = c.region
                                         AND r.cluster_identifier = c.cluster_identifier
                                         AND redshift_iam_internal._effective_apply_status(r.state, r.ready_at)
                                             IN ('adding', 'in-sync')), '{}')
                            IS DISTINCT FROM
                            coalesce((SELECT array_agg(x.arn ORDER BY x.arn)
                                        FROM unnest(i.role_arns, i.role_states) AS x(arn, st)
                                       WHERE x.st IN ('adding', 'in-sync')), '{}')
    FROM redshift_iam.catalog_clusters c
   WHERE i.existed
     AND (c.account_id, c.region, c.cluster_identifier) = (i.account_id, i.region, i.cluster_identifier);
  PERFORM redshift_iam_internal._authorize(
            CASE WHEN i.replaced THEN 'redshift:DeleteCluster' ELSE 'redshift:ModifyClusterIamRoles' END,
            i.cluster_arn, '{}', i.cluster_arn)
     FROM pg_temp.rsi_import i
    WHERE i.existed AND (i.replaced OR i.roles_changed)
    ORDER BY i.account_id, i.region, i.cluster_identifier;

  -- 3. Change: the existing clusters in place (a modify waiting for the
  --    row lock then finds the imported cluster, not a deleted one:
  --    test/isolation/specs/import_modify.spec), then the roles of each.
  UPDATE redshift_iam.catalog_clusters c
     SET node_type = i.node_type,
         number_of_nodes = i.number_of_nodes,
         status = i.status,
         availability_status = i.availability,
         default_iam_role_arn = i.default_role,
         -- without ClusterCreateTime an existing cluster keeps its own; a
         -- replaced one is new
         created_at = coalesce(i.create_time,
                               CASE WHEN i.replaced THEN date_trunc('milliseconds', v_now) ELSE c.created_at END),
         ready_at = CASE WHEN i.status IN ('creating', 'deleting') THEN v_ready ELSE v_now END
    FROM pg_temp.rsi_import i
   WHERE i.existed
     AND (c.account_id, c.region, c.cluster_identifier) = (i.account_id, i.region, i.cluster_identifier);
  DELETE FROM redshift_iam.catalog_cluster_iam_roles r
   USING pg_temp.rsi_import i
   WHERE i.existed
     AND (r.account_id, r.region, r.cluster_identifier) = (i.account_id, i.region, i.cluster_identifier);
  INSERT INTO redshift_iam.catalog_cluster_iam_roles
         (account_id, region, cluster_identifier, iam_role_arn, state, ordinal, requested_at, ready_at)
  SELECT i.account_id, i.region, i.cluster_identifier, r.arn, r.st, r.o::integer, v_now,
         CASE WHEN r.st = 'in-sync' THEN v_now ELSE v_ready END
    FROM pg_temp.rsi_import i
   CROSS JOIN LATERAL unnest(i.role_arns, i.role_states) WITH ORDINALITY AS r(arn, st, o);
  DROP TABLE pg_temp.rsi_import;
  RETURN v_n;
END
$$;
COMMENT ON FUNCTION redshift_iam.import_clusters(jsonb, boolean) IS
  'Create or replace, in one transaction, the clusters listed in the output of aws redshift describe-clusters, each in the account and region its ClusterNamespaceArn, AvailabilityZone and role ARNs name (else the current ones); the statuses stay as observed until the next import or an API call (advance => true: pending ones complete after redshift_iam.apply_delay); unknown statuses and node types are kept with a warning; returns the number of clusters';

/* ---- privileges: management functions are not for PUBLIC (README: granting) ---- */

REVOKE ALL ON FUNCTION redshift_iam.create_cluster(text, text, integer, text[], text, text) FROM PUBLIC;
REVOKE ALL ON FUNCTION redshift_iam.modify_cluster_iam_roles(text, text[], text[], text) FROM PUBLIC;
REVOKE ALL ON FUNCTION redshift_iam.describe_clusters(text, integer, text) FROM PUBLIC;
REVOKE ALL ON FUNCTION redshift_iam.delete_cluster(text, boolean, text) FROM PUBLIC;
REVOKE ALL ON FUNCTION redshift_iam.apply_pending_changes(text) FROM PUBLIC;
REVOKE ALL ON FUNCTION redshift_iam.import_clusters(jsonb, boolean) FROM PUBLIC;
REVOKE ALL ON FUNCTION redshift_iam_internal._materialize(text, text, text, boolean) FROM PUBLIC;
REVOKE ALL ON FUNCTION redshift_iam_internal._cluster_json(text, text, text) FROM PUBLIC;
REVOKE ALL ON FUNCTION redshift_iam_internal._authorize(text, text, text[], text) FROM PUBLIC;
REVOKE ALL ON FUNCTION redshift_iam_internal._aws_error(text, text, text, text, text) FROM PUBLIC;
REVOKE ALL ON FUNCTION redshift_iam_internal._parse_describe_output(jsonb, integer) FROM PUBLIC;
REVOKE ALL ON FUNCTION redshift_iam_internal._describe_rows(jsonb, integer) FROM PUBLIC;
