-- redshift_iam install script, assembled from the files in extension/parts

-- complain if the script is sourced in psql rather than via CREATE EXTENSION
\echo Use "CREATE EXTENSION redshift_iam" to load this file. \quit

/*
 * The control file names pg_catalog, so search_path is pg_catalog while this
 * runs; every object below is schema-qualified.  CREATE SCHEMA (not IF NOT
 * EXISTS) fails if anyone created the schema first, so no object can be
 * planted in it.
 */
CREATE SCHEMA redshift_iam;
COMMENT ON SCHEMA redshift_iam IS
  'Amazon Redshift cluster IAM-role catalog, IAM policy checks and command checks';
GRANT USAGE ON SCHEMA redshift_iam TO PUBLIC;

/* ---- parsing: no catalog access, executable by PUBLIC ---- */

CREATE FUNCTION redshift_iam.parse_command(command text)
RETURNS jsonb
AS 'MODULE_PATHNAME', 'rsi_sql_parse_command'
LANGUAGE C STRICT STABLE PARALLEL SAFE;
COMMENT ON FUNCTION redshift_iam.parse_command(text) IS
  'Parse one COPY, UNLOAD, CREATE EXTERNAL SCHEMA or CREATE EXTERNAL FUNCTION command and return its authorization as jsonb; raises 42601 on grammar errors';

CREATE FUNCTION redshift_iam.redact(command text)
RETURNS text
AS 'MODULE_PATHNAME', 'rsi_sql_redact'
LANGUAGE C STRICT IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION redshift_iam.redact(text) IS
  'Return the command text with secret access keys, session tokens and master symmetric keys replaced by ***';

GRANT EXECUTE ON FUNCTION redshift_iam.parse_command(text) TO PUBLIC;
GRANT EXECUTE ON FUNCTION redshift_iam.redact(text) TO PUBLIC;

/* ======================================================================
 * Cluster catalog and IAM-role associations
 *
 * Statuses are computed, not ticked.  A row stores the state it was put
 * in (adding / in-sync / removing; creating / available) and ready_at, the
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

REVOKE ALL ON TABLE redshift_iam.catalog_clusters FROM PUBLIC;
REVOKE ALL ON TABLE redshift_iam.catalog_cluster_iam_roles FROM PUBLIC;
SELECT pg_catalog.pg_extension_config_dump('redshift_iam.catalog_clusters', '');
SELECT pg_catalog.pg_extension_config_dump('redshift_iam.catalog_cluster_iam_roles', '');

/* ---- C helpers (src/pg/catalog.c, src/pg/authz.c) ---- */

CREATE FUNCTION redshift_iam._check_cluster_identifier(cluster_identifier text, operation text)
RETURNS void AS 'MODULE_PATHNAME', 'rsi_sql_check_cluster_identifier'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION redshift_iam._check_cluster_identifier(text, text) IS
  'Internal: raise InvalidParameterValue (22023) unless the text is a valid cluster identifier (1 to 63 lowercase letters, digits and hyphens, starting with a letter, not ending with a hyphen, no two hyphens in a row; the core''s validator)';

CREATE FUNCTION redshift_iam._check_node_type(node_type text, number_of_nodes integer, operation text)
RETURNS void AS 'MODULE_PATHNAME', 'rsi_sql_check_node_type'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION redshift_iam._check_node_type(text, integer, text) IS
  'Internal: raise InvalidParameterValue (22023) for an unknown node type or an out-of-range node count (the node types CreateCluster accepts and their node ranges, from the core''s table)';

CREATE FUNCTION redshift_iam._check_role_arn(arn text, operation text, account_id text)
RETURNS void AS 'MODULE_PATHNAME', 'rsi_sql_check_role_arn'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION redshift_iam._check_role_arn(text, text, text) IS
  'Internal: raise InvalidParameterValue (22023) for a role name or malformed ARN (a role is named by its ARN), a service-linked role (which cannot be associated with a cluster), or, when account_id is given, a role of another account (a role and its cluster belong to the same account)';

CREATE FUNCTION redshift_iam._role_arn_problem(arn text)
RETURNS text AS 'MODULE_PATHNAME', 'rsi_sql_role_arn_problem'
LANGUAGE C STRICT IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION redshift_iam._role_arn_problem(text) IS
  'Why the text cannot be associated as an IAM role ARN (the core''s validator), or NULL when it can';

CREATE FUNCTION redshift_iam._cluster_identifier_problem(cluster_identifier text)
RETURNS text AS 'MODULE_PATHNAME', 'rsi_sql_cluster_identifier_problem'
LANGUAGE C STRICT IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION redshift_iam._cluster_identifier_problem(text) IS
  'Why the text is not a valid cluster identifier (1 to 63 lowercase letters, digits and hyphens, starting with a letter, not ending with a hyphen, no two hyphens in a row; the core''s validator), or NULL when it is';

CREATE FUNCTION redshift_iam._aws_error(sqlstate text, code text, operation text, message text, hint text DEFAULT NULL)
RETURNS void AS 'MODULE_PATHNAME', 'rsi_sql_aws_error'
LANGUAGE C VOLATILE;
COMMENT ON FUNCTION redshift_iam._aws_error(text, text, text, text, text) IS
  'Internal: raise "An error occurred (<code>) when calling the <operation> operation: <message>" with the SQLSTATE and HINT given';

CREATE FUNCTION redshift_iam._region()
RETURNS text AS 'MODULE_PATHNAME', 'rsi_sql_region'
LANGUAGE C STABLE PARALLEL SAFE;
COMMENT ON FUNCTION redshift_iam._region() IS
  'The setting redshift_iam.region, read from C';

CREATE FUNCTION redshift_iam._apply_delay()
RETURNS interval AS 'MODULE_PATHNAME', 'rsi_sql_apply_delay'
LANGUAGE C STABLE PARALLEL SAFE;
COMMENT ON FUNCTION redshift_iam._apply_delay() IS
  'The setting redshift_iam.apply_delay as an interval, read from C';

CREATE FUNCTION redshift_iam._max_roles_per_cluster()
RETURNS integer AS 'MODULE_PATHNAME', 'rsi_sql_max_roles_per_cluster'
LANGUAGE C STABLE PARALLEL SAFE;
COMMENT ON FUNCTION redshift_iam._max_roles_per_cluster() IS
  'The setting redshift_iam.max_roles_per_cluster, read from C';

CREATE FUNCTION redshift_iam._parse_describe_output(describe_clusters_output jsonb, account_id text, max_roles integer)
RETURNS jsonb AS 'MODULE_PATHNAME', 'rsi_sql_parse_describe_output'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION redshift_iam._parse_describe_output(jsonb, text, integer) IS
  'Internal: read aws redshift describe-clusters output with the core''s reader (src/core/describe.c); raises 22023 naming the bad element, else returns the clusters normalised';

CREATE FUNCTION redshift_iam._caller_account()
RETURNS text AS 'MODULE_PATHNAME', 'rsi_sql_caller_account'
LANGUAGE C STABLE;
COMMENT ON FUNCTION redshift_iam._caller_account() IS
  'The AWS account the calling database role (GetOuterUserId, unaffected by SECURITY DEFINER) acts in';

CREATE FUNCTION redshift_iam._authorize(action text, resource text, roles_to_pass text[], cluster_arn text)
RETURNS text AS 'MODULE_PATHNAME', 'rsi_sql_authorize'
LANGUAGE C VOLATILE;
COMMENT ON FUNCTION redshift_iam._authorize(text, text, text[], text) IS
  'Hook every management function calls before it acts (IAM policy enforcement): may the caller do action on resource and pass roles_to_pass to cluster_arn? Returns the account to act in; raises 42501 to deny';

/* ---- the one status rule ---- */

/*
 * No SET search_path on these two: a SET clause keeps the planner from
 * inlining a SQL function, and the body then is parsed again on every
 * query that calls it (80% of a check's cost).  Their bodies name every
 * operator and function with its schema, so they need no search_path.
 */
CREATE FUNCTION redshift_iam._effective_apply_status(state text, ready_at timestamptz)
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
COMMENT ON FUNCTION redshift_iam._effective_apply_status(text, timestamptz) IS
  'The one rule for an association''s status: adding becomes in-sync and removing becomes NULL (gone) once ready_at has passed, by the real clock';

CREATE FUNCTION redshift_iam._effective_cluster_status(status text, ready_at timestamptz)
RETURNS text
LANGUAGE sql VOLATILE PARALLEL SAFE
AS $$
  SELECT CASE
    WHEN $1 OPERATOR(pg_catalog.=) 'creating'
     AND $2 OPERATOR(pg_catalog.<=) pg_catalog.clock_timestamp() THEN 'available'
    ELSE $1
  END
$$;
COMMENT ON FUNCTION redshift_iam._effective_cluster_status(text, timestamptz) IS
  'The one rule for a cluster''s status: creating becomes available once ready_at has passed, by the real clock';

/* ---- views ---- */

CREATE VIEW redshift_iam.clusters AS
SELECT c.account_id COLLATE pg_catalog."default" AS account_id,
       c.region COLLATE pg_catalog."default" AS region,
       c.cluster_identifier COLLATE pg_catalog."default" AS cluster_identifier,
       c.node_type,
       c.number_of_nodes,
       redshift_iam._effective_cluster_status(c.status, c.ready_at) AS cluster_status,
       c.default_iam_role_arn COLLATE pg_catalog."default" AS default_iam_role_arn,
       c.created_at
  FROM redshift_iam.catalog_clusters c;
COMMENT ON VIEW redshift_iam.clusters IS
  'Clusters of every account and region with their effective ClusterStatus (creating, then available after redshift_iam.apply_delay) and default IAM role';

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
 CROSS JOIN LATERAL (SELECT redshift_iam._effective_apply_status(r.state, r.ready_at) AS apply_status) s
 WHERE s.apply_status IS NOT NULL;
COMMENT ON VIEW redshift_iam.cluster_iam_roles IS
  'IAM roles associated with clusters, with their effective ApplyStatus (adding, in-sync, removing; a finished removal is gone) and whether each is the cluster''s default role';

GRANT SELECT ON redshift_iam.clusters TO PUBLIC;
GRANT SELECT ON redshift_iam.cluster_iam_roles TO PUBLIC;

/* ---- lookups for check_command and other readers (see src/pg/rsi_catalog.h) ---- */

CREATE FUNCTION redshift_iam._association_status(account_id text, region text, cluster_identifier text, iam_role_arn text)
RETURNS text
LANGUAGE sql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
  SELECT redshift_iam._effective_apply_status(r.state, r.ready_at)
    FROM redshift_iam.catalog_cluster_iam_roles r
   WHERE r.account_id OPERATOR(pg_catalog.=) $1
     AND r.region OPERATOR(pg_catalog.=) $2
     AND r.cluster_identifier OPERATOR(pg_catalog.=) $3
     AND r.iam_role_arn OPERATOR(pg_catalog.=) $4
$$;
COMMENT ON FUNCTION redshift_iam._association_status(text, text, text, text) IS
  'Effective ApplyStatus of one association (adding, in-sync, removing), or NULL when the role is not associated; one primary-key lookup, never writes';

CREATE FUNCTION redshift_iam._cluster_lookup(account_id text, region text, cluster_identifier text)
RETURNS TABLE (cluster_status text, default_iam_role_arn text)
LANGUAGE sql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
  SELECT redshift_iam._effective_cluster_status(c.status, c.ready_at),
         c.default_iam_role_arn COLLATE pg_catalog."default"
    FROM redshift_iam.catalog_clusters c
   WHERE c.account_id OPERATOR(pg_catalog.=) $1
     AND c.region OPERATOR(pg_catalog.=) $2
     AND c.cluster_identifier OPERATOR(pg_catalog.=) $3
$$;
COMMENT ON FUNCTION redshift_iam._cluster_lookup(text, text, text) IS
  'Effective status and default IAM role of one cluster; no row when it does not exist; one primary-key lookup, never writes';

/* ---- internal building blocks ---- */

CREATE FUNCTION redshift_iam._cluster_arn(account_id text, region text, cluster_identifier text)
RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
  SELECT 'arn:aws:redshift:' OPERATOR(pg_catalog.||) $2 OPERATOR(pg_catalog.||) ':'
         OPERATOR(pg_catalog.||) $1 OPERATOR(pg_catalog.||) ':cluster:' OPERATOR(pg_catalog.||) $3
$$;
COMMENT ON FUNCTION redshift_iam._cluster_arn(text, text, text) IS
  'The cluster ARN arn:aws:redshift:<region>:<account>:cluster:<identifier>';

CREATE FUNCTION redshift_iam._dedup(arns text[])
RETURNS text[]
LANGUAGE sql IMMUTABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
  SELECT coalesce(array_agg(x ORDER BY o), '{}'::text[])
    FROM (SELECT x, min(o) AS o
            FROM unnest(coalesce($1, '{}'::text[])) WITH ORDINALITY AS u(x, o)
           GROUP BY x) AS s
$$;
COMMENT ON FUNCTION redshift_iam._dedup(text[]) IS
  'The array without repeated elements, first occurrences in order (a role named twice in one request counts once)';

CREATE FUNCTION redshift_iam._cluster_json(account_id text, region text, cluster_identifier text)
RETURNS jsonb
LANGUAGE sql VOLATILE
SET search_path = pg_catalog, pg_temp
AS $$
  SELECT jsonb_build_object(
           'ClusterIdentifier', c.cluster_identifier,
           'NodeType', c.node_type,
           'ClusterStatus', redshift_iam._effective_cluster_status(c.status, c.ready_at),
           'NumberOfNodes', c.number_of_nodes,
           'ClusterCreateTime', to_char(timezone('UTC', c.created_at), 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
           'IamRoles', coalesce(
              (SELECT jsonb_agg(jsonb_build_object('IamRoleArn', x.iam_role_arn,
                                                   'ApplyStatus', x.apply_status)
                                ORDER BY x.ordinal)
                 FROM (SELECT r.iam_role_arn, r.ordinal,
                              redshift_iam._effective_apply_status(r.state, r.ready_at) AS apply_status
                         FROM redshift_iam.catalog_cluster_iam_roles r
                        WHERE r.account_id = c.account_id
                          AND r.region = c.region
                          AND r.cluster_identifier = c.cluster_identifier) AS x
                WHERE x.apply_status IS NOT NULL),
              '[]'::jsonb))
         || CASE WHEN c.default_iam_role_arn IS NULL THEN '{}'::jsonb
                 ELSE jsonb_build_object('DefaultIamRoleArn', c.default_iam_role_arn) END
    FROM redshift_iam.catalog_clusters c
   WHERE c.account_id = $1 AND c.region = $2 AND c.cluster_identifier = $3
$$;
COMMENT ON FUNCTION redshift_iam._cluster_json(text, text, text) IS
  'Internal: one Cluster object as the API prints it (ClusterIdentifier, NodeType, ClusterStatus, NumberOfNodes, ClusterCreateTime, IamRoles[{IamRoleArn, ApplyStatus}], DefaultIamRoleArn when set)';

CREATE FUNCTION redshift_iam._materialize(account_id text, region text, cluster_identifier text, force boolean)
RETURNS integer
LANGUAGE plpgsql VOLATILE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  v_n integer;
  v_total integer := 0;
BEGIN
  -- Lock order of every writer: cluster rows before role rows, clusters in
  -- identifier order.  Without it this function (role rows, then cluster
  -- rows) deadlocks with modify_cluster_iam_roles (test/isolation/specs/
  -- materialize_order.spec).
  PERFORM 1 FROM redshift_iam.catalog_clusters c
   WHERE c.account_id = $1 AND c.region = $2
     AND ($3 IS NULL OR c.cluster_identifier = $3)
   ORDER BY c.cluster_identifier
     FOR UPDATE;
  -- finished removals disappear
  DELETE FROM redshift_iam.catalog_cluster_iam_roles r
   WHERE r.account_id = $1 AND r.region = $2
     AND ($3 IS NULL OR r.cluster_identifier = $3)
     AND r.state = 'removing'
     AND ($4 OR redshift_iam._effective_apply_status(r.state, r.ready_at) IS NULL);
  GET DIAGNOSTICS v_n = ROW_COUNT;
  v_total := v_total + v_n;
  -- finished additions are in-sync
  UPDATE redshift_iam.catalog_cluster_iam_roles r
     SET state = 'in-sync', ready_at = least(r.ready_at, clock_timestamp())
   WHERE r.account_id = $1 AND r.region = $2
     AND ($3 IS NULL OR r.cluster_identifier = $3)
     AND r.state = 'adding'
     AND ($4 OR redshift_iam._effective_apply_status(r.state, r.ready_at) = 'in-sync');
  GET DIAGNOSTICS v_n = ROW_COUNT;
  v_total := v_total + v_n;
  -- created clusters are available
  UPDATE redshift_iam.catalog_clusters c
     SET status = 'available', ready_at = least(c.ready_at, clock_timestamp())
   WHERE c.account_id = $1 AND c.region = $2
     AND ($3 IS NULL OR c.cluster_identifier = $3)
     AND c.status = 'creating'
     AND ($4 OR redshift_iam._effective_cluster_status(c.status, c.ready_at) = 'available');
  GET DIAGNOSTICS v_n = ROW_COUNT;
  RETURN v_total + v_n;
END
$$;
COMMENT ON FUNCTION redshift_iam._materialize(text, text, text, boolean) IS
  'Internal: store finished transitions (all pending ones when force) for one cluster, or all of an account and region when cluster_identifier is NULL; returns how many';

/* ---- the management API ---- */

CREATE FUNCTION redshift_iam.create_cluster(
    cluster_identifier text,
    node_type text,
    number_of_nodes integer DEFAULT 1,
    iam_roles text[] DEFAULT '{}'::pg_catalog.text[],
    default_iam_role_arn text DEFAULT NULL)
RETURNS jsonb
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  op constant text := 'CreateCluster';
  v_id text := $1;
  v_roles text[] := redshift_iam._dedup($4);
  v_default text := nullif($5, '');
  v_account text;
  v_region text := redshift_iam._region();
  v_arn text;
  v_role text;
  v_now timestamptz;
  v_n integer;
BEGIN
  PERFORM redshift_iam._check_cluster_identifier(v_id, op) WHERE v_id IS NULL;
  PERFORM redshift_iam._check_node_type($2, $3, op) WHERE $2 IS NULL OR $3 IS NULL;
  v_account := redshift_iam._caller_account();
  v_arn := redshift_iam._cluster_arn(v_account, v_region, v_id);
  v_account := redshift_iam._authorize('redshift:CreateCluster', v_arn,
                                       v_roles || CASE WHEN v_default IS NULL THEN '{}'::text[] ELSE ARRAY[v_default] END, v_arn);
  v_arn := redshift_iam._cluster_arn(v_account, v_region, v_id);

  PERFORM redshift_iam._check_cluster_identifier(v_id, op);
  PERFORM redshift_iam._check_node_type($2, $3, op);
  FOREACH v_role IN ARRAY v_roles LOOP
    PERFORM redshift_iam._check_role_arn(v_role, op, v_account);
  END LOOP;
  IF v_default IS NOT NULL THEN
    PERFORM redshift_iam._check_role_arn(v_default, op, v_account);
    IF NOT v_default = ANY (v_roles) THEN
      PERFORM redshift_iam._aws_error('22023', 'InvalidParameterValue', op,
        'The list of Amazon Resource Names (ARNs) for customer roles should contain the ARN of the default IAM role when a default is specified.',
        'List the default role in iam_roles as well.');
    END IF;
  END IF;
  IF cardinality(v_roles) > redshift_iam._max_roles_per_cluster() THEN
    PERFORM redshift_iam._aws_error('54000', 'LimitExceededFault', op,
      format('A cluster can have at most %s IAM roles associated; the request names %s.',
             redshift_iam._max_roles_per_cluster(), cardinality(v_roles)),
      'Associate fewer roles (roles in adding, in-sync and removing all count), or ask a superuser to raise redshift_iam.max_roles_per_cluster.');
  END IF;

  v_now := date_trunc('milliseconds', clock_timestamp());
  INSERT INTO redshift_iam.catalog_clusters AS c
         (account_id, region, cluster_identifier, node_type, number_of_nodes, status,
          default_iam_role_arn, created_at, ready_at)
  VALUES (v_account, v_region, v_id, $2, $3, 'creating', v_default, v_now,
          v_now + redshift_iam._apply_delay())
  ON CONFLICT DO NOTHING;
  GET DIAGNOSTICS v_n = ROW_COUNT;
  IF v_n = 0 THEN
    PERFORM redshift_iam._aws_error('42710', 'ClusterAlreadyExists', op,
      format('Cluster %s already exists.', v_id),
      format('Choose another identifier, or delete the cluster first with redshift_iam.delete_cluster(%L).', v_id));
  END IF;
  INSERT INTO redshift_iam.catalog_cluster_iam_roles
         (account_id, region, cluster_identifier, iam_role_arn, state, ordinal, requested_at, ready_at)
  SELECT v_account, v_region, v_id, u.arn, 'adding', u.o::integer, v_now,
         v_now + redshift_iam._apply_delay()
    FROM unnest(v_roles) WITH ORDINALITY AS u(arn, o);

  RETURN jsonb_build_object('Cluster', redshift_iam._cluster_json(v_account, v_region, v_id));
END
$$;
COMMENT ON FUNCTION redshift_iam.create_cluster(text, text, integer, text[], text) IS
  'CreateCluster: create a cluster (creating, then available after redshift_iam.apply_delay) with IAM roles (adding, then in-sync) and an optional default role; returns {"Cluster": {...}}';

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
  v_add text[] := redshift_iam._dedup($2);
  v_remove text[] := redshift_iam._dedup($3);
  v_default text := $4;            -- NULL: unchanged; '': clear
  v_account text;
  v_region text := redshift_iam._region();
  v_arn text;
  v_role text;
  v_status text;
  v_cur_default text;
  v_current text[];                -- adding or in-sync
  v_all text[];                    -- adding, in-sync or removing
  v_new integer;
  v_max integer := redshift_iam._max_roles_per_cluster();
  v_now timestamptz;
  v_ready timestamptz;
BEGIN
  PERFORM redshift_iam._check_cluster_identifier(v_id, op) WHERE v_id IS NULL;
  v_account := redshift_iam._caller_account();
  v_arn := redshift_iam._cluster_arn(v_account, v_region, v_id);
  v_account := redshift_iam._authorize('redshift:ModifyClusterIamRoles', v_arn,
                                       v_add || CASE WHEN nullif(v_default, '') IS NULL THEN '{}'::text[] ELSE ARRAY[v_default] END, v_arn);
  v_arn := redshift_iam._cluster_arn(v_account, v_region, v_id);

  -- parameters first
  FOREACH v_role IN ARRAY v_add LOOP
    PERFORM redshift_iam._check_role_arn(v_role, op, v_account);
  END LOOP;
  FOREACH v_role IN ARRAY v_remove LOOP
    PERFORM redshift_iam._check_role_arn(v_role, op, NULL);
  END LOOP;
  IF nullif(v_default, '') IS NOT NULL THEN
    PERFORM redshift_iam._check_role_arn(v_default, op, v_account);
  END IF;
  SELECT x INTO v_role FROM unnest(v_add) AS x WHERE x = ANY (v_remove) LIMIT 1;
  IF FOUND THEN
    PERFORM redshift_iam._aws_error('22023', 'InvalidParameterCombination', op,
      format('The IAM role %s cannot be both added and removed in the same request.', v_role),
      'Name each role in add_iam_roles or in remove_iam_roles, not in both.');
  END IF;

  -- then the cluster
  SELECT c.status INTO v_status
    FROM redshift_iam.catalog_clusters c
   WHERE c.account_id = v_account AND c.region = v_region AND c.cluster_identifier = v_id
     FOR UPDATE;
  IF NOT FOUND THEN
    PERFORM redshift_iam._aws_error('42704', 'ClusterNotFound', op,
      format('Cluster %s not found.', v_id),
      format('redshift_iam.describe_clusters() lists the clusters of account %s in region %s (redshift_iam.region).',
             v_account, v_region));
  END IF;
  PERFORM redshift_iam._materialize(v_account, v_region, v_id, false);
  SELECT c.status, c.default_iam_role_arn INTO v_status, v_cur_default
    FROM redshift_iam.catalog_clusters c
   WHERE c.account_id = v_account AND c.region = v_region AND c.cluster_identifier = v_id;
  IF v_status <> 'available' THEN
    PERFORM redshift_iam._aws_error('55000', 'InvalidClusterState', op,
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
      PERFORM redshift_iam._aws_error('22023', 'InvalidParameterValue', op,
        format('The IAM role %s is not associated with cluster %s.', v_role, v_id),
        format('redshift_iam.describe_clusters(%L) lists the roles associated with the cluster.', v_id));
    END IF;
  END LOOP;
  IF nullif(v_default, '') IS NOT NULL
     AND (NOT v_default = ANY (v_current || v_add) OR v_default = ANY (v_remove)) THEN
    PERFORM redshift_iam._aws_error('22023', 'InvalidParameterValue', op,
      'The list of Amazon Resource Names (ARNs) for customer roles should contain the ARN of the default IAM role when a default is specified.',
      'The default role must be associated with the cluster, or added in the same call, and not removed.');
  END IF;
  SELECT count(*) INTO v_new FROM unnest(v_add) AS x WHERE NOT x = ANY (v_all);
  IF cardinality(v_all) + v_new > v_max THEN
    PERFORM redshift_iam._aws_error('54000', 'LimitExceededFault', op,
      format('A cluster can have at most %s IAM roles associated; cluster %s has %s and the request adds %s.',
             v_max, v_id, cardinality(v_all), v_new),
      'Roles in adding, in-sync and removing all count; remove roles and wait for the removal to finish, or ask a superuser to raise redshift_iam.max_roles_per_cluster.');
  END IF;

  -- everything checked: change
  v_now := clock_timestamp();
  v_ready := v_now + redshift_iam._apply_delay();
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
    -- removing the default role clears the default
    UPDATE redshift_iam.catalog_clusters c SET default_iam_role_arn = NULL
     WHERE c.account_id = v_account AND c.region = v_region AND c.cluster_identifier = v_id;
  END IF;

  RETURN jsonb_build_object('Cluster', redshift_iam._cluster_json(v_account, v_region, v_id));
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
  v_region text := redshift_iam._region();
  v_arn text;
  v_ids text[];
  v_result jsonb;
BEGIN
  v_account := redshift_iam._caller_account();
  v_arn := CASE WHEN v_id IS NULL THEN NULL
                ELSE redshift_iam._cluster_arn(v_account, v_region, v_id) END;
  v_account := redshift_iam._authorize('redshift:DescribeClusters', coalesce(v_arn, '*'), '{}', v_arn);

  IF v_id IS NOT NULL AND $3 IS NOT NULL THEN
    PERFORM redshift_iam._aws_error('22023', 'InvalidParameterCombination', op,
      'A marker cannot be specified together with a cluster identifier.',
      'Give either cluster_identifier or marker.');
  END IF;
  IF v_max < 20 OR v_max > 100 THEN
    PERFORM redshift_iam._aws_error('22023', 'InvalidParameterValue', op,
      format('MaxRecords must be between 20 and 100; %s is not.', v_max),
      'Leave max_records NULL for the default of 100.');
  END IF;

  IF v_id IS NOT NULL THEN
    v_result := redshift_iam._cluster_json(v_account, v_region, v_id);
    IF v_result IS NULL THEN
      PERFORM redshift_iam._aws_error('42704', 'ClusterNotFound', op,
        format('Cluster %s not found.', v_id),
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
       OR redshift_iam._cluster_identifier_problem(substr(v_after, 6)) IS NOT NULL THEN
      PERFORM redshift_iam._aws_error('22023', 'InvalidParameterValue', op,
        format('Invalid marker: %s', $3),
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
           ORDER BY c.cluster_identifier
           LIMIT v_max + 1) AS s;

  SELECT jsonb_build_object('Clusters', coalesce(jsonb_agg(redshift_iam._cluster_json(v_account, v_region, x) ORDER BY o), '[]'))
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

CREATE FUNCTION redshift_iam.delete_cluster(cluster_identifier text)
RETURNS jsonb
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  op constant text := 'DeleteCluster';
  v_id text := $1;
  v_account text;
  v_region text := redshift_iam._region();
  v_arn text;
  v_result jsonb;
BEGIN
  PERFORM redshift_iam._check_cluster_identifier(v_id, op) WHERE v_id IS NULL;
  v_account := redshift_iam._caller_account();
  v_arn := redshift_iam._cluster_arn(v_account, v_region, v_id);
  v_account := redshift_iam._authorize('redshift:DeleteCluster', v_arn, '{}', v_arn);

  PERFORM 1 FROM redshift_iam.catalog_clusters c
   WHERE c.account_id = v_account AND c.region = v_region AND c.cluster_identifier = v_id
     FOR UPDATE;
  IF NOT FOUND THEN
    PERFORM redshift_iam._aws_error('42704', 'ClusterNotFound', op,
      format('Cluster %s not found.', v_id),
      format('redshift_iam.describe_clusters() lists the clusters of account %s in region %s (redshift_iam.region).',
             v_account, v_region));
  END IF;
  v_result := redshift_iam._cluster_json(v_account, v_region, v_id)
              || '{"ClusterStatus": "deleting"}'::jsonb;
  DELETE FROM redshift_iam.catalog_clusters c
   WHERE c.account_id = v_account AND c.region = v_region AND c.cluster_identifier = v_id;
  RETURN jsonb_build_object('Cluster', v_result);
END
$$;
COMMENT ON FUNCTION redshift_iam.delete_cluster(text) IS
  'DeleteCluster: remove a cluster and its role associations at once; returns {"Cluster": {...}} with ClusterStatus "deleting"';

CREATE FUNCTION redshift_iam.apply_pending_changes(cluster_identifier text DEFAULT NULL)
RETURNS integer
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  op constant text := 'ApplyPendingChanges';
  v_id text := $1;
  v_account text;
  v_region text := redshift_iam._region();
  v_arn text;
BEGIN
  v_account := redshift_iam._caller_account();
  v_arn := CASE WHEN v_id IS NULL THEN NULL
                ELSE redshift_iam._cluster_arn(v_account, v_region, v_id) END;
  v_account := redshift_iam._authorize('redshift_iam:ApplyPendingChanges', coalesce(v_arn, '*'), '{}', v_arn);
  IF v_id IS NOT NULL THEN
    PERFORM 1 FROM redshift_iam.catalog_clusters c
     WHERE c.account_id = v_account AND c.region = v_region AND c.cluster_identifier = v_id
       FOR UPDATE;
    IF NOT FOUND THEN
      PERFORM redshift_iam._aws_error('42704', 'ClusterNotFound', op,
        format('Cluster %s not found.', v_id),
        format('redshift_iam.describe_clusters() lists the clusters of account %s in region %s (redshift_iam.region).',
               v_account, v_region));
    END IF;
  END IF;
  RETURN redshift_iam._materialize(v_account, v_region, v_id, true);
END
$$;
COMMENT ON FUNCTION redshift_iam.apply_pending_changes(text) IS
  'Complete every pending change now (adding -> in-sync, removing -> gone, creating -> available) in the current account and region, or for one cluster; returns how many transitions it completed';

CREATE FUNCTION redshift_iam.import_clusters(describe_clusters_output jsonb)
RETURNS integer
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  v_account text;
  v_region text := redshift_iam._region();
  v_list jsonb;
  v_c jsonb;
  v_arn text;
  v_now timestamptz := clock_timestamp();
  v_ready timestamptz := v_now + redshift_iam._apply_delay();
  v_n integer := 0;
BEGIN
  v_account := redshift_iam._caller_account();
  v_list := redshift_iam._parse_describe_output($1, v_account, redshift_iam._max_roles_per_cluster());
  -- authorize every cluster before changing anything
  FOR v_c IN SELECT e FROM jsonb_array_elements(v_list) AS e LOOP
    v_arn := redshift_iam._cluster_arn(v_account, v_region, v_c->>'identifier');
    PERFORM redshift_iam._authorize('redshift:CreateCluster', v_arn,
      ARRAY(SELECT r->>'arn' FROM jsonb_array_elements(v_c->'roles') AS r), v_arn);
  END LOOP;
  -- The lock order of every writer (see _materialize): the existing
  -- clusters first, in identifier order, and new ones inserted in that
  -- order too, so two imports listing the same clusters in different
  -- orders wait for each other instead of deadlocking.
  SELECT jsonb_agg(e ORDER BY (e->>'identifier') COLLATE "C") INTO v_list
    FROM jsonb_array_elements(v_list) AS e;
  PERFORM 1 FROM redshift_iam.catalog_clusters c
   WHERE c.account_id = v_account AND c.region = v_region
     AND c.cluster_identifier IN (SELECT e->>'identifier' FROM jsonb_array_elements(v_list) AS e)
   ORDER BY c.cluster_identifier
     FOR UPDATE;
  FOR v_c IN SELECT e FROM jsonb_array_elements(v_list) AS e LOOP
    -- replace the row in place, not DELETE + INSERT: a modify waiting for
    -- the row lock then finds the imported cluster, not a deleted one
    -- (test/isolation/specs/import_modify.spec)
    INSERT INTO redshift_iam.catalog_clusters AS c
           (account_id, region, cluster_identifier, node_type, number_of_nodes, status,
            default_iam_role_arn, created_at, ready_at)
    VALUES (v_account, v_region, v_c->>'identifier', v_c->>'node_type',
            (v_c->>'number_of_nodes')::integer, v_c->>'status', v_c->>'default_role',
            coalesce((v_c->>'create_time')::timestamptz, date_trunc('milliseconds', v_now)),
            CASE WHEN v_c->>'status' = 'creating' THEN v_ready ELSE v_now END)
    ON CONFLICT (account_id, region, cluster_identifier) DO UPDATE
       SET node_type = excluded.node_type,
           number_of_nodes = excluded.number_of_nodes,
           status = excluded.status,
           default_iam_role_arn = excluded.default_iam_role_arn,
           created_at = excluded.created_at,
           ready_at = excluded.ready_at;
    DELETE FROM redshift_iam.catalog_cluster_iam_roles r
     WHERE r.account_id = v_account AND r.region = v_region
       AND r.cluster_identifier = v_c->>'identifier';
    INSERT INTO redshift_iam.catalog_cluster_iam_roles
           (account_id, region, cluster_identifier, iam_role_arn, state, ordinal, requested_at, ready_at)
    SELECT v_account, v_region, v_c->>'identifier', r.e->>'arn', r.e->>'status', r.o::integer, v_now,
           CASE WHEN r.e->>'status' = 'in-sync' THEN v_now ELSE v_ready END
      FROM jsonb_array_elements(v_c->'roles') WITH ORDINALITY AS r(e, o);
    v_n := v_n + 1;
  END LOOP;
  RETURN v_n;
END
$$;
COMMENT ON FUNCTION redshift_iam.import_clusters(jsonb) IS
  'Create or replace, in the current account and region and in one transaction, the clusters listed in the output of aws redshift describe-clusters (ApplyStatus or IamRoleApplyStatus; unknown members ignored); returns the number of clusters';

/* ---- privileges: management functions are not for PUBLIC (README: granting) ---- */

REVOKE ALL ON FUNCTION redshift_iam.create_cluster(text, text, integer, text[], text) FROM PUBLIC;
REVOKE ALL ON FUNCTION redshift_iam.modify_cluster_iam_roles(text, text[], text[], text) FROM PUBLIC;
REVOKE ALL ON FUNCTION redshift_iam.describe_clusters(text, integer, text) FROM PUBLIC;
REVOKE ALL ON FUNCTION redshift_iam.delete_cluster(text) FROM PUBLIC;
REVOKE ALL ON FUNCTION redshift_iam.apply_pending_changes(text) FROM PUBLIC;
REVOKE ALL ON FUNCTION redshift_iam.import_clusters(jsonb) FROM PUBLIC;
REVOKE ALL ON FUNCTION redshift_iam._materialize(text, text, text, boolean) FROM PUBLIC;
REVOKE ALL ON FUNCTION redshift_iam._cluster_json(text, text, text) FROM PUBLIC;
REVOKE ALL ON FUNCTION redshift_iam._authorize(text, text, text[], text) FROM PUBLIC;
REVOKE ALL ON FUNCTION redshift_iam._aws_error(text, text, text, text, text) FROM PUBLIC;
REVOKE ALL ON FUNCTION redshift_iam._parse_describe_output(jsonb, text, integer) FROM PUBLIC;

/* ======================================================================
 * IAM principals and identity policies
 *
 * A database role is mapped to one IAM principal (a user or role ARN); a
 * principal holds inline identity policies (PutUserPolicy /
 * PutRolePolicy).  The management functions of 20_catalog.sql ask
 * redshift_iam._authorize (src/pg/authz.c) before they act; it evaluates
 * the caller's policies with the core engine (src/core/policy_*.c).
 *
 * Writers (map_principal, unmap_principal, put_principal_policy,
 * delete_principal_policy) are for superusers only: they are REVOKEd from
 * PUBLIC and also refuse any caller that is not a superuser, so a GRANT
 * cannot hand out the power to choose one's own permissions.  They are
 * not SECURITY DEFINER.  Readers (the views, the simulators and the
 * lookups below) never write and so work on a hot standby.
 *
 * Every policy row carries a generation from a sequence, new on every
 * write; backends cache compiled policies and recompile when the
 * generations they see differ (src/pg/policy_store.c).
 * ====================================================================== */

/* ---- tables ---- */

CREATE SEQUENCE redshift_iam.policy_generation;
COMMENT ON SEQUENCE redshift_iam.policy_generation IS
  'Generation numbers of policy rows: every put_principal_policy draws a new one, so a generation names one document and backends know when to recompile';

CREATE TABLE redshift_iam.catalog_principals (
    db_role         name NOT NULL PRIMARY KEY,
    principal_arn   text COLLATE "C" NOT NULL,
    principal_type  text NOT NULL
        CHECK (principal_type OPERATOR(pg_catalog.=) ANY (ARRAY['user', 'role']::pg_catalog.text[])),
    account_id      text COLLATE "C" NOT NULL,
    mapped_at       timestamptz NOT NULL
);
CREATE INDEX catalog_principals_arn ON redshift_iam.catalog_principals (principal_arn);
COMMENT ON TABLE redshift_iam.catalog_principals IS
  'Database roles (by name) mapped to IAM principals; account_id and principal_type are taken from the ARN. Written only by map_principal and unmap_principal.';

CREATE TABLE redshift_iam.catalog_principal_policies (
    principal_arn    text COLLATE "C" NOT NULL,
    policy_name      text COLLATE "C" NOT NULL,
    policy_document  jsonb NOT NULL,
    statement_count  integer NOT NULL,
    generation       bigint NOT NULL
        DEFAULT pg_catalog.nextval('redshift_iam.policy_generation'::pg_catalog.regclass),
    updated_at       timestamptz NOT NULL,
    PRIMARY KEY (principal_arn, policy_name)
);
COMMENT ON TABLE redshift_iam.catalog_principal_policies IS
  'Inline identity policies of IAM principals, validated when put. generation changes on every write (the cache key). Written only by put_principal_policy and delete_principal_policy.';

REVOKE ALL ON TABLE redshift_iam.catalog_principals FROM PUBLIC;
REVOKE ALL ON TABLE redshift_iam.catalog_principal_policies FROM PUBLIC;
REVOKE ALL ON SEQUENCE redshift_iam.policy_generation FROM PUBLIC;
SELECT pg_catalog.pg_extension_config_dump('redshift_iam.catalog_principals', '');
SELECT pg_catalog.pg_extension_config_dump('redshift_iam.catalog_principal_policies', '');
SELECT pg_catalog.pg_extension_config_dump('redshift_iam.policy_generation', '');

/* ---- C helpers (src/pg/fn_policy.c) ---- */

CREATE FUNCTION redshift_iam._check_principal_arn(principal_arn text)
RETURNS text AS 'MODULE_PATHNAME', 'rsi_sql_check_principal_arn'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION redshift_iam._check_principal_arn(text) IS
  'Internal: ''user'' or ''role'' for an IAM principal ARN (arn:aws:iam::<account>:user/<path><name> or ...:role/...); raises 22023 for anything else (the core''s validator)';

CREATE FUNCTION redshift_iam._check_policy_document(policy_document jsonb, policy_name text, operation text)
RETURNS integer AS 'MODULE_PATHNAME', 'rsi_sql_check_policy_document'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION redshift_iam._check_policy_document(jsonb, text, text) IS
  'Internal: the number of statements of a valid identity policy; raises MalformedPolicyDocument (22023) naming the element, or LimitExceeded (54000) above 131072 characters';

/* ---- writers: superusers only ---- */

CREATE FUNCTION redshift_iam._require_superuser(what text)
RETURNS void
LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
  IF NOT coalesce((SELECT r.rolsuper FROM pg_catalog.pg_roles r WHERE r.rolname = current_user), false) THEN
    RAISE EXCEPTION 'only superusers can %', $1
      USING ERRCODE = '42501',
            DETAIL = 'Principals and their policies decide what every role may do; choosing them is a superuser''s task.',
            HINT = 'Ask a superuser to run the call; redshift_iam.simulate_principal_policy() and redshift_iam.simulate_custom_policy() are open to everyone.';
  END IF;
END
$$;
COMMENT ON FUNCTION redshift_iam._require_superuser(text) IS
  'Internal: raise 42501 unless current_user is a superuser (the writers are not SECURITY DEFINER, so current_user is the caller or the owner of a SECURITY DEFINER function that calls them)';

CREATE FUNCTION redshift_iam.map_principal(db_role name, principal_arn text)
RETURNS void
LANGUAGE plpgsql VOLATILE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  v_type text;
BEGIN
  PERFORM redshift_iam._require_superuser('map database roles to IAM principals');
  IF $1 IS NULL THEN
    RAISE EXCEPTION 'db_role must not be null' USING ERRCODE = '22004';
  END IF;
  v_type := redshift_iam._check_principal_arn($2);
  IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_roles r WHERE r.rolname = $1) THEN
    RAISE EXCEPTION 'role "%" does not exist', $1
      USING ERRCODE = '42704',
            HINT = 'Map an existing database role (CREATE ROLE first).';
  END IF;
  IF (SELECT r.rolsuper FROM pg_catalog.pg_roles r WHERE r.rolname = $1) THEN
    RAISE NOTICE 'role "%" is a superuser: it acts as account root and its policies are not evaluated while it stays one', $1;
  END IF;
  INSERT INTO redshift_iam.catalog_principals AS p
         (db_role, principal_arn, principal_type, account_id, mapped_at)
  VALUES ($1, $2, v_type, split_part($2, ':', 5), clock_timestamp())
  ON CONFLICT ON CONSTRAINT catalog_principals_pkey DO UPDATE
     SET principal_arn = excluded.principal_arn,
         principal_type = excluded.principal_type,
         account_id = excluded.account_id,
         mapped_at = excluded.mapped_at;
END
$$;
COMMENT ON FUNCTION redshift_iam.map_principal(name, text) IS
  'Superusers: make a database role act as an IAM user or role (arn:aws:iam::<account>:user/<name> or ...:role/<name>) in that principal''s account; re-mapping replaces the mapping';

CREATE FUNCTION redshift_iam.unmap_principal(db_role name)
RETURNS boolean
LANGUAGE plpgsql VOLATILE
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
  PERFORM redshift_iam._require_superuser('unmap database roles from IAM principals');
  DELETE FROM redshift_iam.catalog_principals p WHERE p.db_role = $1;
  RETURN FOUND;
END
$$;
COMMENT ON FUNCTION redshift_iam.unmap_principal(name) IS
  'Superusers: remove a database role''s principal mapping; true when there was one (the principal''s policies stay)';

CREATE FUNCTION redshift_iam.put_principal_policy(principal_arn text, policy_name text, policy_document jsonb)
RETURNS void
LANGUAGE plpgsql VOLATILE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  v_type text;
  v_op text;
  v_n integer;
BEGIN
  PERFORM redshift_iam._require_superuser('attach IAM policies');
  v_type := redshift_iam._check_principal_arn($1);
  v_op := CASE v_type WHEN 'user' THEN 'PutUserPolicy' ELSE 'PutRolePolicy' END;
  IF $2 IS NULL OR $2 !~ '^[A-Za-z0-9_+=,.@-]{1,128}$' THEN
    PERFORM redshift_iam._aws_error('22023', 'ValidationError', v_op,
      format('1 validation error detected: Value %s at ''policyName'' failed to satisfy constraint: Member must satisfy regular expression pattern: [\w+=,.@-]+ and have length between 1 and 128',
             coalesce(quote_literal($2), 'null')),
      'A policy name is 1 to 128 letters, digits and +=,.@_-');
  END IF;
  v_n := redshift_iam._check_policy_document($3, $2, v_op);
  INSERT INTO redshift_iam.catalog_principal_policies AS p
         (principal_arn, policy_name, policy_document, statement_count, updated_at)
  VALUES ($1, $2, $3, v_n, clock_timestamp())
  ON CONFLICT ON CONSTRAINT catalog_principal_policies_pkey DO UPDATE
     SET policy_document = excluded.policy_document,
         statement_count = excluded.statement_count,
         generation = excluded.generation,
         updated_at = excluded.updated_at;
END
$$;
COMMENT ON FUNCTION redshift_iam.put_principal_policy(text, text, jsonb) IS
  'Superusers: attach (or replace, by name) an inline identity policy to an IAM user or role, like PutUserPolicy / PutRolePolicy; a malformed document raises MalformedPolicyDocument (22023) naming the element and changes nothing';

CREATE FUNCTION redshift_iam.delete_principal_policy(principal_arn text, policy_name text)
RETURNS void
LANGUAGE plpgsql VOLATILE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  v_type text;
BEGIN
  PERFORM redshift_iam._require_superuser('delete IAM policies');
  v_type := redshift_iam._check_principal_arn($1);
  DELETE FROM redshift_iam.catalog_principal_policies p
   WHERE p.principal_arn = $1 AND p.policy_name = $2;
  IF NOT FOUND THEN
    PERFORM redshift_iam._aws_error('42704', 'NoSuchEntity',
      CASE v_type WHEN 'user' THEN 'DeleteUserPolicy' ELSE 'DeleteRolePolicy' END,
      format('The %s policy with name %s cannot be found.', v_type, $2),
      format('SELECT policy_name FROM redshift_iam.principal_policies WHERE principal_arn = %L lists its policies.', $1));
  END IF;
END
$$;
COMMENT ON FUNCTION redshift_iam.delete_principal_policy(text, text) IS
  'Superusers: remove an inline identity policy from an IAM user or role, like DeleteUserPolicy / DeleteRolePolicy; NoSuchEntity (42704) when it does not exist';

/* ---- views ---- */

CREATE VIEW redshift_iam.principals AS
SELECT p.db_role,
       p.principal_arn COLLATE pg_catalog."default" AS principal_arn,
       p.principal_type,
       p.account_id COLLATE pg_catalog."default" AS account_id,
       (SELECT pg_catalog.count(*) FROM redshift_iam.catalog_principal_policies pp
         WHERE pp.principal_arn OPERATOR(pg_catalog.=) p.principal_arn) AS policy_count,
       p.mapped_at
  FROM redshift_iam.catalog_principals p;
COMMENT ON VIEW redshift_iam.principals IS
  'Database roles and the IAM principals (user or role ARNs) they act as, with the principal''s account and number of policies';

CREATE VIEW redshift_iam.principal_policies AS
SELECT p.principal_arn COLLATE pg_catalog."default" AS principal_arn,
       p.policy_name COLLATE pg_catalog."default" AS policy_name,
       p.policy_document,
       p.statement_count,
       p.updated_at
  FROM redshift_iam.catalog_principal_policies p;
COMMENT ON VIEW redshift_iam.principal_policies IS
  'Inline identity policies of IAM principals (mapped to a database role or not)';

GRANT SELECT ON redshift_iam.principals TO PUBLIC;
GRANT SELECT ON redshift_iam.principal_policies TO PUBLIC;

/* ---- the policy simulator (src/pg/fn_simulate.c) ---- */

CREATE FUNCTION redshift_iam.simulate_custom_policy(
    policy_input_list jsonb[],
    action_names text[],
    resource_arns text[] DEFAULT '{*}'::pg_catalog.text[],
    context_entries jsonb DEFAULT '{}'::pg_catalog.jsonb)
RETURNS TABLE (eval_action_name text, eval_resource_name text, eval_decision text,
               matched_statements jsonb, missing_context_values text[])
AS 'MODULE_PATHNAME', 'rsi_sql_simulate_custom_policy'
LANGUAGE C STABLE;
COMMENT ON FUNCTION redshift_iam.simulate_custom_policy(jsonb[], text[], text[], jsonb) IS
  'SimulateCustomPolicy: one row per action and resource with the decision (allowed, explicitDeny, implicitDeny) of the given identity policies, the statements that decided and the context keys they lacked; context_entries maps a key to a string or an array of strings';

CREATE FUNCTION redshift_iam.simulate_principal_policy(
    policy_source_arn text,
    action_names text[],
    resource_arns text[] DEFAULT '{*}'::pg_catalog.text[],
    context_entries jsonb DEFAULT '{}'::pg_catalog.jsonb)
RETURNS TABLE (eval_action_name text, eval_resource_name text, eval_decision text,
               matched_statements jsonb, missing_context_values text[])
AS 'MODULE_PATHNAME', 'rsi_sql_simulate_principal_policy'
LANGUAGE C STABLE;
COMMENT ON FUNCTION redshift_iam.simulate_principal_policy(text, text[], text[], jsonb) IS
  'SimulatePrincipalPolicy: like simulate_custom_policy, with the policies attached to an IAM user or role; NoSuchEntity (42704) for a principal with no policy and no mapping';

/* ---- privileges ---- */

REVOKE ALL ON FUNCTION redshift_iam.map_principal(name, text) FROM PUBLIC;
REVOKE ALL ON FUNCTION redshift_iam.unmap_principal(name) FROM PUBLIC;
REVOKE ALL ON FUNCTION redshift_iam.put_principal_policy(text, text, jsonb) FROM PUBLIC;
REVOKE ALL ON FUNCTION redshift_iam.delete_principal_policy(text, text) FROM PUBLIC;

/* ---- checking commands: check_command, validate_script, ASSUMEROLE ---- */

/*
 * check_command and validate_script read the catalog tables in C, as their
 * owner (src/pg/check_ctx.c); they only read, so checks work on a hot
 * standby.  Refusals name the other clusters a role is associated with.
 */
CREATE INDEX catalog_cluster_iam_roles_by_role
    ON redshift_iam.catalog_cluster_iam_roles (iam_role_arn, account_id, region);
COMMENT ON INDEX redshift_iam.catalog_cluster_iam_roles_by_role IS
  'Finds the clusters a role is associated with, for the detail of a refused check';

CREATE FUNCTION redshift_iam._role_clusters(account_id text, region text, iam_role_arn text, except_cluster text)
RETURNS text
LANGUAGE sql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
  SELECT pg_catalog.string_agg(r.cluster_identifier OPERATOR(pg_catalog.||) ' ('
                               OPERATOR(pg_catalog.||) s.apply_status OPERATOR(pg_catalog.||) ')',
                               ', ' ORDER BY r.cluster_identifier)
    FROM redshift_iam.catalog_cluster_iam_roles r
   CROSS JOIN LATERAL (SELECT redshift_iam._effective_apply_status(r.state, r.ready_at) AS apply_status) s
   WHERE r.iam_role_arn OPERATOR(pg_catalog.=) $3
     AND r.account_id OPERATOR(pg_catalog.=) $1
     AND r.region OPERATOR(pg_catalog.=) $2
     AND r.cluster_identifier OPERATOR(pg_catalog.<>) $4
     AND s.apply_status IS NOT NULL
$$;
COMMENT ON FUNCTION redshift_iam._role_clusters(text, text, text, text) IS
  'Internal: the other clusters of the account and region a role is associated with, as "id (status), ..."; NULL when none';

/*
 * ASSUMEROLE, as Redshift's GRANT ASSUMEROLE.  A row grants ASSUMEROLE on iam_roles (a role ARN,
 * a chain as written, 'default' or 'ALL') to a database role (grantee 0 =
 * PUBLIC) for one command type or ALL.  PUBLIC holds ASSUMEROLE ON ALL FOR
 * ALL until a superuser revokes it, as in Redshift; that default is not a
 * row but the absence of a revocation marker (granted = false), so that
 * pg_dump can dump the table whole and a restore does not collide with rows
 * the install script made.
 */
CREATE TABLE redshift_iam.catalog_assumerole_grants (
    grantee    regrole NOT NULL,
    iam_roles  text COLLATE "C" NOT NULL,
    command    text COLLATE "C" NOT NULL
        CHECK (command OPERATOR(pg_catalog.=) ANY (ARRAY['COPY', 'UNLOAD', 'EXTERNAL FUNCTION', 'ALL']::pg_catalog.text[])),
    granted    boolean NOT NULL DEFAULT true,
    CHECK (granted OR (grantee OPERATOR(pg_catalog.=) 0::pg_catalog.regrole
                       AND iam_roles OPERATOR(pg_catalog.=) 'ALL'
                       AND command OPERATOR(pg_catalog.=) 'ALL')),
    PRIMARY KEY (grantee, iam_roles, command)
);
COMMENT ON TABLE redshift_iam.catalog_assumerole_grants IS
  'ASSUMEROLE grants (grantee 0 = PUBLIC); the row (PUBLIC, ALL, ALL, granted = false) records that the default grant to PUBLIC was revoked. Written only by grant_assumerole and revoke_assumerole';
REVOKE ALL ON redshift_iam.catalog_assumerole_grants FROM PUBLIC;
SELECT pg_catalog.pg_extension_config_dump('redshift_iam.catalog_assumerole_grants', '');

CREATE VIEW redshift_iam.assumerole_grants AS
  SELECT CASE WHEN g.grantee OPERATOR(pg_catalog.=) 0::pg_catalog.regrole THEN 'PUBLIC'
              ELSE g.grantee::pg_catalog.text END AS grantee,
         g.iam_roles COLLATE pg_catalog."default" AS iam_roles,
         g.command COLLATE pg_catalog."default" AS command
    FROM redshift_iam.catalog_assumerole_grants g
   WHERE g.granted
  UNION ALL
  SELECT 'PUBLIC', 'ALL', 'ALL'
   WHERE NOT EXISTS (SELECT 1 FROM redshift_iam.catalog_assumerole_grants g
                      WHERE g.grantee OPERATOR(pg_catalog.=) 0::pg_catalog.regrole
                        AND g.iam_roles OPERATOR(pg_catalog.=) 'ALL'
                        AND g.command OPERATOR(pg_catalog.=) 'ALL');
COMMENT ON VIEW redshift_iam.assumerole_grants IS
  'Who holds ASSUMEROLE on which IAM roles for which commands (grantee PUBLIC, iam_roles ALL, command ALL is the default)';
GRANT SELECT ON redshift_iam.assumerole_grants TO PUBLIC;

/* 'COPY', 'unload', 'External Function', 'ALL' -> canonical; NULL when invalid */
CREATE FUNCTION redshift_iam._assumerole_command(command text)
RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
  SELECT CASE pg_catalog.upper(pg_catalog.regexp_replace(pg_catalog.btrim($1), '\s+', ' ', 'g'))
           WHEN 'COPY' THEN 'COPY'
           WHEN 'UNLOAD' THEN 'UNLOAD'
           WHEN 'EXTERNAL FUNCTION' THEN 'EXTERNAL FUNCTION'
           WHEN 'ALL' THEN 'ALL'
         END
$$;
COMMENT ON FUNCTION redshift_iam._assumerole_command(text) IS
  'Internal: a command type of ASSUMEROLE (COPY, UNLOAD, EXTERNAL FUNCTION, ALL; case-insensitive) in canonical form, or NULL';

/*
 * Does db_role hold ASSUMEROLE for the roles as written (a chain matches
 * only a grant of exactly that chain) or, for IAM_ROLE default, for
 * 'default' or the default role's ARN?  Superusers always do.
 */
CREATE FUNCTION redshift_iam._assumerole_held(db_role oid, iam_roles text, resolved_role text, command text)
RETURNS boolean
AS 'MODULE_PATHNAME', 'rsi_sql_assumerole_held'
LANGUAGE C STRICT STABLE;
COMMENT ON FUNCTION redshift_iam._assumerole_held(oid, text, text, text) IS
  'Internal: does the database role hold ASSUMEROLE on these IAM roles (as written; a chain matches only a grant of that chain) or on the resolved default role, for this command type; superusers always do. The rule check_command uses';

CREATE FUNCTION redshift_iam._assumerole_args(iam_roles text, to_role text, for_commands text[], op text,
                                              OUT grantee regrole, OUT roles text, OUT commands text[])
LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  v_c text;
  v_canon text;
BEGIN
  IF NOT (SELECT r.rolsuper FROM pg_catalog.pg_roles r WHERE r.rolname = current_user) THEN
    RAISE EXCEPTION 'permission denied to % ASSUMEROLE', op
      USING ERRCODE = '42501',
            DETAIL = 'Only superusers can grant or revoke ASSUMEROLE, as in Amazon Redshift.';
  END IF;
  IF $1 IS NULL OR btrim($1) = '' THEN
    RAISE EXCEPTION '% ASSUMEROLE: iam_roles must be a role ARN, a chain, ''default'' or ''ALL''', op
      USING ERRCODE = '22023';
  END IF;
  roles := btrim($1);
  IF upper(roles) = 'ALL' THEN
    roles := 'ALL';
  ELSIF lower(roles) = 'default' THEN
    roles := 'default';
  ELSE
    FOREACH v_c IN ARRAY string_to_array(roles, ',') LOOP
      v_canon := redshift_iam._role_arn_problem(v_c);
      IF v_canon IS NOT NULL THEN
        RAISE EXCEPTION '% ASSUMEROLE: "%" is not an IAM role ARN: %', op, v_c, v_canon
          USING ERRCODE = '22023',
                HINT = 'Name a role ARN such as arn:aws:iam::123456789012:role/MyRedshiftRole, a chain ''arn1,arn2'' (no spaces), ''default'' or ''ALL''.';
      END IF;
    END LOOP;
  END IF;
  IF $2 IS NULL THEN
    RAISE EXCEPTION '% ASSUMEROLE: to_role must be a database role or ''PUBLIC''', op USING ERRCODE = '22023';
  ELSIF upper($2) = 'PUBLIC' THEN
    grantee := 0::regrole;
  ELSE
    SELECT r.oid::regrole INTO grantee FROM pg_catalog.pg_roles r WHERE r.rolname = $2;
    IF grantee IS NULL THEN
      RAISE EXCEPTION 'role "%" does not exist', $2
        USING ERRCODE = '42704', HINT = 'Name an existing database role, or PUBLIC.';
    END IF;
  END IF;
  IF $3 IS NULL OR cardinality($3) = 0 THEN
    RAISE EXCEPTION '% ASSUMEROLE: for_commands must list COPY, UNLOAD, EXTERNAL FUNCTION or ALL', op
      USING ERRCODE = '22023';
  END IF;
  commands := '{}';
  FOREACH v_c IN ARRAY $3 LOOP
    v_canon := redshift_iam._assumerole_command(v_c);
    IF v_canon IS NULL THEN
      RAISE EXCEPTION '% ASSUMEROLE: invalid command type "%"', op, v_c
        USING ERRCODE = '22023',
              DETAIL = 'ASSUMEROLE applies to COPY, UNLOAD, EXTERNAL FUNCTION or ALL; CREATE EXTERNAL SCHEMA is not subject to it.';
    END IF;
    IF NOT v_canon = ANY (commands) THEN
      commands := commands || v_canon;
    END IF;
  END LOOP;
END
$$;
COMMENT ON FUNCTION redshift_iam._assumerole_args(text, text, text[], text) IS
  'Internal: validate and canonicalise the arguments of grant_assumerole and revoke_assumerole; superusers only';

CREATE FUNCTION redshift_iam.grant_assumerole(iam_roles text, to_role text,
                                              for_commands text[] DEFAULT '{ALL}'::pg_catalog.text[])
RETURNS void
LANGUAGE plpgsql VOLATILE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  a record;
  v_c text;
BEGIN
  a := redshift_iam._assumerole_args($1, $2, $3, 'grant');
  FOREACH v_c IN ARRAY a.commands LOOP
    INSERT INTO redshift_iam.catalog_assumerole_grants AS g (grantee, iam_roles, command, granted)
    VALUES (a.grantee, a.roles, v_c, true)
    ON CONFLICT ON CONSTRAINT catalog_assumerole_grants_pkey DO UPDATE SET granted = true;
  END LOOP;
END
$$;
COMMENT ON FUNCTION redshift_iam.grant_assumerole(text, text, text[]) IS
  'GRANT ASSUMEROLE ON iam_roles (a role ARN, a chain, ''default'' or ''ALL'') TO to_role (a database role or PUBLIC) FOR for_commands (COPY, UNLOAD, EXTERNAL FUNCTION, ALL); superusers only';

CREATE FUNCTION redshift_iam.revoke_assumerole(iam_roles text, to_role text,
                                               for_commands text[] DEFAULT '{ALL}'::pg_catalog.text[])
RETURNS void
LANGUAGE plpgsql VOLATILE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  a record;
  v_n integer;
  v_total integer := 0;
BEGIN
  a := redshift_iam._assumerole_args($1, $2, $3, 'revoke');
  -- revoking ALL (roles or commands) revokes every narrower grant too
  DELETE FROM redshift_iam.catalog_assumerole_grants g
   WHERE g.grantee = a.grantee AND g.granted
     AND (a.roles = 'ALL' OR g.iam_roles = a.roles)
     AND ('ALL' = ANY (a.commands) OR g.command = ANY (a.commands));
  GET DIAGNOSTICS v_total = ROW_COUNT;
  -- the default grant to PUBLIC is revoked by recording that it was
  IF a.grantee = 0::regrole AND a.roles = 'ALL' AND 'ALL' = ANY (a.commands) THEN
    INSERT INTO redshift_iam.catalog_assumerole_grants (grantee, iam_roles, command, granted)
    VALUES (0::regrole, 'ALL', 'ALL', false)
    ON CONFLICT ON CONSTRAINT catalog_assumerole_grants_pkey DO NOTHING;
    GET DIAGNOSTICS v_n = ROW_COUNT;
    v_total := v_total + v_n;
  END IF;
  IF v_total = 0 THEN
    RAISE WARNING 'no ASSUMEROLE privileges could be revoked from %', $2
      USING DETAIL = format('%s holds no grant of ASSUMEROLE ON %s for %s; a broader grant may still apply.',
                            $2, a.roles, array_to_string(a.commands, ', ')),
            HINT = 'SELECT * FROM redshift_iam.assumerole_grants lists the grants.';
  END IF;
END
$$;
COMMENT ON FUNCTION redshift_iam.revoke_assumerole(text, text, text[]) IS
  'REVOKE ASSUMEROLE ON iam_roles FROM to_role FOR for_commands; revoking ALL also revokes narrower grants; revoke_assumerole(''ALL'', ''PUBLIC'') removes the default grant; superusers only';

CREATE FUNCTION redshift_iam.has_assumerole_privilege(db_role name, iam_role text, command text)
RETURNS boolean
LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  v_oid oid;
  v_cmd text := redshift_iam._assumerole_command($3);
BEGIN
  SELECT r.oid INTO v_oid FROM pg_catalog.pg_roles r WHERE r.rolname = $1;
  IF v_oid IS NULL THEN
    RAISE EXCEPTION 'role "%" does not exist', $1 USING ERRCODE = '42704';
  END IF;
  IF v_cmd IS NULL OR v_cmd = 'ALL' THEN
    RAISE EXCEPTION 'invalid command type "%"', $3
      USING ERRCODE = '22023', HINT = 'Use COPY, UNLOAD or EXTERNAL FUNCTION (case-insensitive).';
  END IF;
  RETURN redshift_iam._assumerole_held(v_oid, btrim($2), btrim($2), v_cmd);
END
$$;
COMMENT ON FUNCTION redshift_iam.has_assumerole_privilege(name, text, text) IS
  'Does the database role hold ASSUMEROLE on the IAM role (an ARN, a chain as written, or ''default'') for COPY, UNLOAD or EXTERNAL FUNCTION (as Redshift''s HAS_ASSUMEROLE_PRIVILEGE)';

/* ---- the checks (C) ---- */

CREATE FUNCTION redshift_iam.check_command(cluster_identifier text, command text)
RETURNS jsonb
AS 'MODULE_PATHNAME', 'rsi_sql_check_command'
LANGUAGE C STRICT VOLATILE;
COMMENT ON FUNCTION redshift_iam.check_command(text, text) IS
  'Raise an error unless the command may run on the cluster (cluster available, no problems in the parse, first role associated and in-sync, default role, access_keys policy, ASSUMEROLE); returns the parse plus cluster_arn and resolved_role';

CREATE FUNCTION redshift_iam.validate_script(cluster_identifier text, script text)
RETURNS TABLE (statement integer, line integer, col integer, kind text, ok boolean,
               sqlstate text, message text, detail text, hint text, roles text[])
AS 'MODULE_PATHNAME', 'rsi_sql_validate_script'
LANGUAGE C STRICT VOLATILE;
COMMENT ON FUNCTION redshift_iam.validate_script(text, text) IS
  'Check every statement of a script against the cluster: one row per statement (line and column of its first token), never raising for a finding; statements of other kinds are rows with kind other and ok true';

-- read-only lookups that reveal only what the views clusters,
-- cluster_iam_roles and assumerole_grants already show to PUBLIC
GRANT EXECUTE ON FUNCTION redshift_iam._role_clusters(text, text, text, text) TO PUBLIC;
GRANT EXECUTE ON FUNCTION redshift_iam._assumerole_held(oid, text, text, text) TO PUBLIC;
REVOKE ALL ON FUNCTION redshift_iam._assumerole_args(text, text, text[], text) FROM PUBLIC;
REVOKE ALL ON FUNCTION redshift_iam.grant_assumerole(text, text, text[]) FROM PUBLIC;
REVOKE ALL ON FUNCTION redshift_iam.revoke_assumerole(text, text, text[]) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION redshift_iam.has_assumerole_privilege(name, text, text) TO PUBLIC;
GRANT EXECUTE ON FUNCTION redshift_iam.check_command(text, text) TO PUBLIC;
GRANT EXECUTE ON FUNCTION redshift_iam.validate_script(text, text) TO PUBLIC;

/* ---- indexes for the views (0.2.0) ---- */

/*
 * The views show text in the database's default collation (so that users
 * can compare their rows with ordinary text), while the tables' keys are
 * "C".  A filter on a view column therefore cannot use the primary keys;
 * these indexes, in the default collation, serve such filters, e.g.
 * SELECT ... FROM redshift_iam.cluster_iam_roles WHERE cluster_identifier = 'x'.
 */
CREATE INDEX catalog_cluster_iam_roles_for_view
    ON redshift_iam.catalog_cluster_iam_roles
       (cluster_identifier COLLATE pg_catalog."default", iam_role_arn COLLATE pg_catalog."default",
        account_id COLLATE pg_catalog."default", region COLLATE pg_catalog."default");
COMMENT ON INDEX redshift_iam.catalog_cluster_iam_roles_for_view IS
  'Serves filters on the view cluster_iam_roles (default collation; the primary key is "C")';

CREATE INDEX catalog_clusters_for_view
    ON redshift_iam.catalog_clusters
       (cluster_identifier COLLATE pg_catalog."default", account_id COLLATE pg_catalog."default",
        region COLLATE pg_catalog."default");
COMMENT ON INDEX redshift_iam.catalog_clusters_for_view IS
  'Serves filters on the view clusters (default collation; the primary key is "C")';
