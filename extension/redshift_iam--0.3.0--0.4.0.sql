-- redshift_iam upgrade script 0.3.0 -> 0.4.0.
--
-- Whoever changes an object of extension/parts writes the same change here
-- (CREATE OR REPLACE, ALTER, ...): test/extended/upgrade.sh upgrades from
-- every release and fails on any difference from a fresh install.

-- complain if the script is sourced in psql rather than via ALTER EXTENSION
\echo Use "ALTER EXTENSION redshift_iam UPDATE TO '0.4.0'" to load this file. \quit

-- ---- principal mappings and ASSUMEROLE grants follow the role's OID and name ----
-- A mapping (and a grant to a role) now names the role by OID and by the
-- name it had; it applies only while the role with that OID has that name.
-- Existing rows are linked by name to the roles that exist now; a mapping
-- of a role that no longer exists is removed (it could only ever have been
-- inherited by a new role of the same name), and a grant to a dropped role
-- keeps no name, so it never applies again.

ALTER TABLE redshift_iam.catalog_principals ADD COLUMN role_oid regrole;
DELETE FROM redshift_iam.catalog_principals p
 WHERE NOT EXISTS (SELECT 1 FROM pg_catalog.pg_roles r WHERE r.rolname = p.db_role);
UPDATE redshift_iam.catalog_principals p
   SET role_oid = (SELECT r.oid FROM pg_catalog.pg_roles r WHERE r.rolname = p.db_role)::regrole;
ALTER TABLE redshift_iam.catalog_principals ALTER COLUMN role_oid SET NOT NULL;
ALTER TABLE redshift_iam.catalog_principals DROP CONSTRAINT catalog_principals_pkey;
ALTER TABLE redshift_iam.catalog_principals ADD CONSTRAINT catalog_principals_pkey PRIMARY KEY (role_oid);
COMMENT ON TABLE redshift_iam.catalog_principals IS
  'Database roles mapped to IAM principals, by OID (role_oid) and by the name they had when mapped (db_role); a mapping applies only while the role with that OID has that name. account_id and principal_type are taken from the ARN. Written only by map_principal and unmap_principal.';

COMMENT ON FUNCTION redshift_iam.map_principal(name, text) IS
  'Superusers: make a database role act as an IAM user or role (arn:aws:iam::<account>:user/<name> or ...:role/<name>) in that principal''s account; the mapping follows the role''s OID and its name, and re-mapping replaces it (also after a rename)';

COMMENT ON FUNCTION redshift_iam.unmap_principal(name) IS
  'Superusers: remove the principal mapping of the database role of that name, and any stale mapping made under that name; true when there was one (the principal''s policies stay)';

CREATE OR REPLACE VIEW redshift_iam.principals AS
SELECT p.db_role,
       p.principal_arn COLLATE pg_catalog."default" AS principal_arn,
       p.principal_type,
       p.account_id COLLATE pg_catalog."default" AS account_id,
       (SELECT pg_catalog.count(*) FROM redshift_iam.catalog_principal_policies pp
         WHERE pp.principal_arn OPERATOR(pg_catalog.=) p.principal_arn) AS policy_count,
       p.mapped_at,
       NOT EXISTS (SELECT 1 FROM pg_catalog.pg_roles r
                    WHERE r.oid OPERATOR(pg_catalog.=) p.role_oid::pg_catalog.oid
                      AND r.rolname OPERATOR(pg_catalog.=) p.db_role) AS stale
  FROM redshift_iam.catalog_principals p;
COMMENT ON VIEW redshift_iam.principals IS
  'Database roles (by the name they were mapped under) and the IAM principals (user or role ARNs) they act as, with the principal''s account and number of policies; stale: the role was dropped or renamed since, so the mapping grants nothing until it is mapped again';

ALTER TABLE redshift_iam.catalog_assumerole_grants ADD COLUMN grantee_name name;
UPDATE redshift_iam.catalog_assumerole_grants g
   SET grantee_name = (SELECT r.rolname FROM pg_catalog.pg_roles r WHERE r.oid = g.grantee::oid)
 WHERE g.grantee <> 0::regrole;
COMMENT ON TABLE redshift_iam.catalog_assumerole_grants IS
  'ASSUMEROLE grants (grantee 0 = PUBLIC); the row (PUBLIC, ALL, ALL, granted = false) records that the default grant to PUBLIC was revoked. A grant to a role applies only while the role with OID grantee is named grantee_name. Written only by grant_assumerole and revoke_assumerole';

-- a user reads the grants to PUBLIC and to the roles they are a member of;
-- a superuser (a member of every role) reads them all
CREATE OR REPLACE VIEW redshift_iam.assumerole_grants AS
  SELECT CASE WHEN g.grantee OPERATOR(pg_catalog.=) 0::pg_catalog.regrole THEN 'PUBLIC'
              ELSE g.grantee::pg_catalog.text END AS grantee,
         g.iam_roles COLLATE pg_catalog."default" AS iam_roles,
         g.command COLLATE pg_catalog."default" AS command
    FROM redshift_iam.catalog_assumerole_grants g
   WHERE g.granted
     AND (g.grantee OPERATOR(pg_catalog.=) 0::pg_catalog.regrole
          OR EXISTS (SELECT 1 FROM pg_catalog.pg_roles r
                      WHERE r.oid OPERATOR(pg_catalog.=) g.grantee::pg_catalog.oid
                        AND r.rolname OPERATOR(pg_catalog.=) g.grantee_name
                        AND pg_catalog.pg_has_role(r.oid, 'MEMBER')))
  UNION ALL
  SELECT 'PUBLIC', 'ALL', 'ALL'
   WHERE NOT EXISTS (SELECT 1 FROM redshift_iam.catalog_assumerole_grants g
                      WHERE g.grantee OPERATOR(pg_catalog.=) 0::pg_catalog.regrole
                        AND g.iam_roles OPERATOR(pg_catalog.=) 'ALL'
                        AND g.command OPERATOR(pg_catalog.=) 'ALL');
COMMENT ON VIEW redshift_iam.assumerole_grants IS
  'Who holds ASSUMEROLE on which IAM roles for which commands (grantee PUBLIC, iam_roles ALL, command ALL is the default): a superuser sees every grant, another user the grants to PUBLIC and to the roles they are a member of';

COMMENT ON FUNCTION redshift_iam.grant_assumerole(text, text, text[]) IS
  'GRANT ASSUMEROLE ON iam_roles (a role ARN, a chain, ''default'' or ''ALL'') TO to_role (a database role or PUBLIC) FOR for_commands (COPY, UNLOAD, EXTERNAL FUNCTION, CREATE MODEL, ALL); superusers only';

-- ---- who may read policies: superusers, and each role its own principal's ----
CREATE OR REPLACE VIEW redshift_iam.principal_policies WITH (security_barrier) AS
SELECT p.principal_arn COLLATE pg_catalog."default" AS principal_arn,
       p.policy_name COLLATE pg_catalog."default" AS policy_name,
       p.policy_document,
       p.statement_count,
       p.updated_at
  FROM redshift_iam.catalog_principal_policies p
 WHERE coalesce((SELECT r.rolsuper FROM pg_catalog.pg_roles r
                  WHERE r.rolname OPERATOR(pg_catalog.=) CURRENT_USER), false)
    OR EXISTS (SELECT 1 FROM redshift_iam.catalog_principals m
                 JOIN pg_catalog.pg_roles r
                   ON r.oid OPERATOR(pg_catalog.=) m.role_oid::pg_catalog.oid
                  AND r.rolname OPERATOR(pg_catalog.=) m.db_role
                WHERE r.rolname OPERATOR(pg_catalog.=) CURRENT_USER
                  AND m.principal_arn OPERATOR(pg_catalog.=) p.principal_arn);
COMMENT ON VIEW redshift_iam.principal_policies IS
  'Inline identity policies of IAM principals (mapped to a database role or not); a user who is not a superuser sees only those of the principal its own role is mapped to';
COMMENT ON FUNCTION redshift_iam.simulate_principal_policy(text, text[], text[], jsonb) IS
  'SimulatePrincipalPolicy: like simulate_custom_policy, with the policies attached to an IAM user or role; NoSuchEntity (42704) for a principal with no policy and no mapping; a user who is not a superuser may simulate only its own principal (AccessDenied, 42501)';
COMMENT ON SEQUENCE redshift_iam.policy_generation IS
  'Generation numbers of policy rows: every put_principal_policy draws a new one; with the row''s table OID, xmin and ctid it tells backends when to recompile (the numbers start again after a reinstall, which the other three notice)';


-- ---- cluster catalog: bounded echoes, import authorization, one lock order ----

-- apply_pending_changes() touches only the clusters it locked
CREATE OR REPLACE FUNCTION redshift_iam._materialize(account_id text, region text, cluster_identifier text, force boolean)
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
COMMENT ON FUNCTION redshift_iam._materialize(text, text, text, boolean) IS
  'Internal: store the transitions that are complete by the clock (with force, every pending one: adding, removing, creating, deleting) for one cluster, or all of an account and region when cluster_identifier is NULL; returns how many were still pending by the clock (0 without force)';


-- It reads the setting redshift_iam.region: STABLE, not IMMUTABLE, so that a
-- cached plan does not keep the answer for the region it was planned under.
ALTER FUNCTION redshift_iam._check_role_arn(text, text, text) STABLE;


-- parse_command and redact run in the leader only: an error raised in a
-- parallel worker is raised again in the leader with the leader's context,
-- which holds the calling statement (and the command as written)
ALTER FUNCTION redshift_iam.parse_command(text) PARALLEL RESTRICTED;
ALTER FUNCTION redshift_iam.redact(text) PARALLEL RESTRICTED;

-- redact() is fail-closed (passwords too); its description says so
COMMENT ON FUNCTION redshift_iam.redact(text) IS
  'Return the text with secrets replaced by ***, fail-closed: secret access keys, session tokens, master symmetric keys, passwords, and any value or text that may hold one (docs/safety.md, Redaction rules)';

-- ---- internal functions move to a schema of their own ----
-- The functions whose names start with "_" are the extension's internals;
-- they move from redshift_iam to redshift_iam_internal, so that the user's
-- schema holds only the interface and errors raised in a helper do not
-- name a helper of the user's schema.  Owner, privileges, comments and
-- membership in the extension move with each function.  Bodies that name
-- a helper by its schema are then replaced with the new names (the views
-- refer to functions by OID and follow the move by themselves).  Those
-- bodies are the parts' text, so they also carry this release's other
-- changes to them: mappings and grants by role OID, bounded echoes,
-- import authorized as what it does, and one lock order for every writer.
-- Each is defined once, in its final form: a function whose signature
-- changes (create_cluster, delete_cluster, import_clusters,
-- _parse_describe_output) is dropped and created again in the section that
-- changes it, and _cluster_json, whose body reads a column the imports
-- section adds, is replaced there.
CREATE SCHEMA redshift_iam_internal;
COMMENT ON SCHEMA redshift_iam_internal IS
  'Internal functions of the extension redshift_iam; not an interface, may change in any release';
GRANT USAGE ON SCHEMA redshift_iam_internal TO PUBLIC;

-- two helpers new in this release are created in the new schema:
-- user values in messages are quoted as bounded excerpts
CREATE FUNCTION redshift_iam_internal._excerpt(value text, max_bytes integer)
RETURNS text AS 'MODULE_PATHNAME', 'rsi_sql_excerpt'
LANGUAGE C STRICT IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION redshift_iam_internal._excerpt(text, integer) IS
  'A user value as messages show it: at most max_bytes bytes, cut on a character boundary, with an ellipsis when cut';

-- an invalid command type is shown only when it can be one (never command
-- text), and raised without the calling statement
CREATE FUNCTION redshift_iam_internal._raise_without_statement(sqlstate text, message text, detail text, hint text)
RETURNS void
AS 'MODULE_PATHNAME', 'rsi_sql_raise_without_statement'
LANGUAGE C VOLATILE;
COMMENT ON FUNCTION redshift_iam_internal._raise_without_statement(text, text, text, text) IS
  'Internal: raise an error (detail and hint may be NULL) without the calling statement in CONTEXT or STATEMENT, for PL/pgSQL functions whose arguments may hold command text';
GRANT EXECUTE ON FUNCTION redshift_iam_internal._raise_without_statement(text, text, text, text) TO PUBLIC;

ALTER FUNCTION redshift_iam._check_cluster_identifier(text, text) SET SCHEMA redshift_iam_internal;
ALTER FUNCTION redshift_iam._check_node_type(text, integer, text) SET SCHEMA redshift_iam_internal;
ALTER FUNCTION redshift_iam._check_role_arn(text, text, text) SET SCHEMA redshift_iam_internal;
ALTER FUNCTION redshift_iam._role_arn_problem(text) SET SCHEMA redshift_iam_internal;
ALTER FUNCTION redshift_iam._cluster_identifier_problem(text) SET SCHEMA redshift_iam_internal;
ALTER FUNCTION redshift_iam._aws_error(text, text, text, text, text) SET SCHEMA redshift_iam_internal;
ALTER FUNCTION redshift_iam._region() SET SCHEMA redshift_iam_internal;
ALTER FUNCTION redshift_iam._partition(text) SET SCHEMA redshift_iam_internal;
ALTER FUNCTION redshift_iam._apply_delay() SET SCHEMA redshift_iam_internal;
ALTER FUNCTION redshift_iam._max_roles_per_cluster() SET SCHEMA redshift_iam_internal;
ALTER FUNCTION redshift_iam._caller_account() SET SCHEMA redshift_iam_internal;
ALTER FUNCTION redshift_iam._authorize(text, text, text[], text) SET SCHEMA redshift_iam_internal;
ALTER FUNCTION redshift_iam._effective_apply_status(text, timestamp with time zone) SET SCHEMA redshift_iam_internal;
ALTER FUNCTION redshift_iam._effective_cluster_status(text, timestamp with time zone) SET SCHEMA redshift_iam_internal;
ALTER FUNCTION redshift_iam._association_status(text, text, text, text) SET SCHEMA redshift_iam_internal;
ALTER FUNCTION redshift_iam._cluster_lookup(text, text, text) SET SCHEMA redshift_iam_internal;
ALTER FUNCTION redshift_iam._cluster_arn(text, text, text) SET SCHEMA redshift_iam_internal;
ALTER FUNCTION redshift_iam._dedup(text[]) SET SCHEMA redshift_iam_internal;
ALTER FUNCTION redshift_iam._cluster_json(text, text, text) SET SCHEMA redshift_iam_internal;
ALTER FUNCTION redshift_iam._materialize(text, text, text, boolean) SET SCHEMA redshift_iam_internal;
ALTER FUNCTION redshift_iam._check_principal_arn(text) SET SCHEMA redshift_iam_internal;
ALTER FUNCTION redshift_iam._check_policy_document(jsonb, text, text) SET SCHEMA redshift_iam_internal;
ALTER FUNCTION redshift_iam._require_superuser(text) SET SCHEMA redshift_iam_internal;
ALTER FUNCTION redshift_iam._role_clusters(text, text, text, text) SET SCHEMA redshift_iam_internal;
ALTER FUNCTION redshift_iam._assumerole_command(text) SET SCHEMA redshift_iam_internal;
ALTER FUNCTION redshift_iam._assumerole_held(oid, text, text, text) SET SCHEMA redshift_iam_internal;
ALTER FUNCTION redshift_iam._assumerole_args(text, text, text[], text) SET SCHEMA redshift_iam_internal;

CREATE OR REPLACE FUNCTION redshift_iam_internal._association_status(account_id text, region text, cluster_identifier text, iam_role_arn text)
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

CREATE OR REPLACE FUNCTION redshift_iam_internal._cluster_lookup(account_id text, region text, cluster_identifier text)
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

CREATE OR REPLACE FUNCTION redshift_iam_internal._cluster_arn(account_id text, region text, cluster_identifier text)
RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
  SELECT 'arn:' OPERATOR(pg_catalog.||) redshift_iam_internal._partition($2) OPERATOR(pg_catalog.||) ':redshift:'
         OPERATOR(pg_catalog.||) $2 OPERATOR(pg_catalog.||) ':'
         OPERATOR(pg_catalog.||) $1 OPERATOR(pg_catalog.||) ':cluster:' OPERATOR(pg_catalog.||) $3
$$;

CREATE OR REPLACE FUNCTION redshift_iam.modify_cluster_iam_roles(
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

CREATE OR REPLACE FUNCTION redshift_iam.describe_clusters(
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

CREATE OR REPLACE FUNCTION redshift_iam.apply_pending_changes(cluster_identifier text DEFAULT NULL)
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

CREATE OR REPLACE FUNCTION redshift_iam.map_principal(db_role name, principal_arn text)
RETURNS void
LANGUAGE plpgsql VOLATILE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  v_type text;
  v_oid oid;
BEGIN
  PERFORM redshift_iam_internal._require_superuser('map database roles to IAM principals');
  IF $1 IS NULL THEN
    RAISE EXCEPTION 'db_role must not be null' USING ERRCODE = '22004';
  END IF;
  v_type := redshift_iam_internal._check_principal_arn($2);
  SELECT r.oid INTO v_oid FROM pg_catalog.pg_roles r WHERE r.rolname = $1;
  IF v_oid IS NULL THEN
    RAISE EXCEPTION 'role "%" does not exist', $1
      USING ERRCODE = '42704',
            HINT = 'Map an existing database role (CREATE ROLE first).';
  END IF;
  IF (SELECT r.rolsuper FROM pg_catalog.pg_roles r WHERE r.oid = v_oid) THEN
    RAISE NOTICE 'role "%" is a superuser: it acts as account root and its policies are not evaluated while it stays one', $1;
  END IF;
  -- a stale mapping made under this name (for a dropped role) goes
  DELETE FROM redshift_iam.catalog_principals p
   WHERE p.db_role = $1 AND p.role_oid::oid <> v_oid;
  INSERT INTO redshift_iam.catalog_principals AS p
         (db_role, principal_arn, principal_type, account_id, mapped_at, role_oid)
  VALUES ($1, $2, v_type, split_part($2, ':', 5), clock_timestamp(), v_oid::regrole)
  ON CONFLICT ON CONSTRAINT catalog_principals_pkey DO UPDATE
     SET db_role = excluded.db_role,
         principal_arn = excluded.principal_arn,
         principal_type = excluded.principal_type,
         account_id = excluded.account_id,
         mapped_at = excluded.mapped_at;
END
$$;

CREATE OR REPLACE FUNCTION redshift_iam.unmap_principal(db_role name)
RETURNS boolean
LANGUAGE plpgsql VOLATILE
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
  PERFORM redshift_iam_internal._require_superuser('unmap database roles from IAM principals');
  DELETE FROM redshift_iam.catalog_principals p
   WHERE p.db_role = $1
      OR p.role_oid::oid = (SELECT r.oid FROM pg_catalog.pg_roles r WHERE r.rolname = $1);
  RETURN FOUND;
END
$$;

CREATE OR REPLACE FUNCTION redshift_iam.put_principal_policy(principal_arn text, policy_name text, policy_document jsonb)
RETURNS void
LANGUAGE plpgsql VOLATILE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  v_type text;
  v_op text;
  v_n integer;
BEGIN
  PERFORM redshift_iam_internal._require_superuser('attach IAM policies');
  v_type := redshift_iam_internal._check_principal_arn($1);
  v_op := CASE v_type WHEN 'user' THEN 'PutUserPolicy' ELSE 'PutRolePolicy' END;
  IF $2 IS NULL OR $2 !~ '^[A-Za-z0-9_+=,.@-]{1,128}$' THEN
    PERFORM redshift_iam_internal._aws_error('22023', 'ValidationError', v_op,
      format('1 validation error detected: Value %s at ''policyName'' failed to satisfy constraint: Member must satisfy regular expression pattern: [\w+=,.@-]+ and have length between 1 and 128',
             coalesce(quote_literal($2), 'null')),
      'A policy name is 1 to 128 letters, digits and +=,.@_-');
  END IF;
  v_n := redshift_iam_internal._check_policy_document($3, $2, v_op);
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

CREATE OR REPLACE FUNCTION redshift_iam.delete_principal_policy(principal_arn text, policy_name text)
RETURNS void
LANGUAGE plpgsql VOLATILE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  v_type text;
BEGIN
  PERFORM redshift_iam_internal._require_superuser('delete IAM policies');
  v_type := redshift_iam_internal._check_principal_arn($1);
  DELETE FROM redshift_iam.catalog_principal_policies p
   WHERE p.principal_arn = $1 AND p.policy_name = $2;
  IF NOT FOUND THEN
    PERFORM redshift_iam_internal._aws_error('42704', 'NoSuchEntity',
      CASE v_type WHEN 'user' THEN 'DeleteUserPolicy' ELSE 'DeleteRolePolicy' END,
      format('The %s policy with name %s cannot be found.', v_type, $2),
      format('SELECT policy_name FROM redshift_iam.principal_policies WHERE principal_arn = %L lists its policies.', $1));
  END IF;
END
$$;

CREATE OR REPLACE FUNCTION redshift_iam_internal._role_clusters(account_id text, region text, iam_role_arn text, except_cluster text)
RETURNS text
LANGUAGE sql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
  SELECT pg_catalog.string_agg(r.cluster_identifier OPERATOR(pg_catalog.||) ' ('
                               OPERATOR(pg_catalog.||) s.apply_status OPERATOR(pg_catalog.||) ')',
                               ', ' ORDER BY r.cluster_identifier)
    FROM redshift_iam.catalog_cluster_iam_roles r
    JOIN redshift_iam.catalog_clusters c
      ON c.account_id OPERATOR(pg_catalog.=) r.account_id
     AND c.region OPERATOR(pg_catalog.=) r.region
     AND c.cluster_identifier OPERATOR(pg_catalog.=) r.cluster_identifier
   CROSS JOIN LATERAL (SELECT redshift_iam_internal._effective_apply_status(r.state, r.ready_at) AS apply_status) s
   WHERE r.iam_role_arn OPERATOR(pg_catalog.=) $3
     AND r.account_id OPERATOR(pg_catalog.=) $1
     AND r.region OPERATOR(pg_catalog.=) $2
     AND r.cluster_identifier OPERATOR(pg_catalog.<>) $4
     AND s.apply_status IS NOT NULL
     AND redshift_iam_internal._effective_cluster_status(c.status, c.ready_at) IS NOT NULL
$$;
COMMENT ON FUNCTION redshift_iam_internal._role_clusters(text, text, text, text) IS
  'Internal: the other clusters of the account and region a role is associated with, as "id (status), ..." (a cluster whose deletion has completed is not one); NULL when none';

CREATE OR REPLACE FUNCTION redshift_iam_internal._assumerole_args(iam_roles text, to_role text, for_commands text[], op text,
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
      v_canon := redshift_iam_internal._role_arn_problem(v_c);
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
    RAISE EXCEPTION '% ASSUMEROLE: for_commands must list COPY, UNLOAD, EXTERNAL FUNCTION, CREATE MODEL or ALL', op
      USING ERRCODE = '22023';
  END IF;
  commands := '{}';
  FOREACH v_c IN ARRAY $3 LOOP
    v_canon := redshift_iam_internal._assumerole_command(v_c);
    IF v_canon IS NULL THEN
      -- the value may be command text: shown only when it can be a command
      -- type, and raised without the calling statement
      PERFORM redshift_iam_internal._raise_without_statement('22023',
        format('%s ASSUMEROLE: invalid command type %s', op,
               CASE WHEN v_c ~ '^[A-Za-z ]{1,30}$' THEN '"' || v_c || '"' ELSE '(not shown)' END),
        'ASSUMEROLE applies to COPY, UNLOAD, EXTERNAL FUNCTION, CREATE MODEL or ALL; CREATE EXTERNAL SCHEMA and CREATE LIBRARY are not subject to it.',
        NULL);
    END IF;
    IF NOT v_canon = ANY (commands) THEN
      commands := commands || v_canon;
    END IF;
  END LOOP;
END
$$;
COMMENT ON FUNCTION redshift_iam_internal._assumerole_args(text, text, text[], text) IS
  'Internal: validate and canonicalise the arguments of grant_assumerole and revoke_assumerole; superusers only';

CREATE OR REPLACE FUNCTION redshift_iam.grant_assumerole(iam_roles text, to_role text,
                                              for_commands text[] DEFAULT '{ALL}'::pg_catalog.text[])
RETURNS void
LANGUAGE plpgsql VOLATILE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  a record;
  v_c text;
BEGIN
  a := redshift_iam_internal._assumerole_args($1, $2, $3, 'grant');
  FOREACH v_c IN ARRAY a.commands LOOP
    INSERT INTO redshift_iam.catalog_assumerole_grants AS g (grantee, iam_roles, command, granted, grantee_name)
    VALUES (a.grantee, a.roles, v_c, true,
            (SELECT r.rolname FROM pg_catalog.pg_roles r WHERE r.oid = a.grantee::oid))
    ON CONFLICT ON CONSTRAINT catalog_assumerole_grants_pkey
    DO UPDATE SET granted = true, grantee_name = excluded.grantee_name;
  END LOOP;
END
$$;

CREATE OR REPLACE FUNCTION redshift_iam.revoke_assumerole(iam_roles text, to_role text,
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
  a := redshift_iam_internal._assumerole_args($1, $2, $3, 'revoke');
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

CREATE OR REPLACE FUNCTION redshift_iam.has_assumerole_privilege(db_role name, iam_role text, command text)
RETURNS boolean
LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  v_oid oid;
  v_cmd text := redshift_iam_internal._assumerole_command($3);
BEGIN
  IF $1 IS DISTINCT FROM current_user
     AND NOT (SELECT r.rolsuper FROM pg_catalog.pg_roles r WHERE r.rolname = current_user) THEN
    RAISE EXCEPTION 'permission denied to read the ASSUMEROLE privileges of role "%"',
                    left($1, 63)
      USING ERRCODE = '42501',
            DETAIL = 'Only a superuser can ask about another role''s ASSUMEROLE privileges; a user can ask about their own.',
            HINT = 'Leave the role out to ask about your own: has_assumerole_privilege(iam_role, command).';
  END IF;
  SELECT r.oid INTO v_oid FROM pg_catalog.pg_roles r WHERE r.rolname = $1;
  IF v_oid IS NULL THEN
    RAISE EXCEPTION 'role "%" does not exist', $1 USING ERRCODE = '42704';
  END IF;
  IF v_cmd IS NULL OR v_cmd = 'ALL' THEN
    -- the value may be command text: shown only when it can be a command
    -- type, and raised without the calling statement
    PERFORM redshift_iam_internal._raise_without_statement('22023',
      format('invalid command type %s',
             CASE WHEN $3 ~ '^[A-Za-z ]{1,30}$' THEN '"' || $3 || '"' ELSE '(not shown)' END),
      NULL, 'Use COPY, UNLOAD, EXTERNAL FUNCTION or CREATE MODEL (case-insensitive).');
  END IF;
  RETURN redshift_iam_internal._assumerole_held(v_oid, btrim($2), btrim($2), v_cmd);
END
$$;
COMMENT ON FUNCTION redshift_iam.has_assumerole_privilege(name, text, text) IS
  'Does the database role hold ASSUMEROLE on the IAM role (an ARN, a chain as written, or ''default'') for COPY, UNLOAD, EXTERNAL FUNCTION or CREATE MODEL (as Redshift''s HAS_ASSUMEROLE_PRIVILEGE); a user may ask about their own privileges only, a superuser about anyone''s';

-- descriptions say the rule instead of citing internal references
COMMENT ON FUNCTION redshift_iam_internal._check_cluster_identifier(text, text) IS
  'Internal: raise InvalidParameterValue (22023) unless the text is a valid cluster identifier (1 to 63 lowercase letters, digits and hyphens, starting with a letter, not ending with a hyphen, no two hyphens in a row; the core''s validator)';
COMMENT ON FUNCTION redshift_iam_internal._check_node_type(text, integer, text) IS
  'Internal: raise InvalidParameterValue (22023) for an unknown node type or an out-of-range node count (the node types CreateCluster accepts and their node ranges, from the core''s table)';
COMMENT ON FUNCTION redshift_iam_internal._check_role_arn(text, text, text) IS
  'Internal: raise InvalidParameterValue (22023) for a role name or malformed ARN (a role is named by its ARN), a service-linked role (which cannot be associated with a cluster), or, when account_id is given, a role of another account (a role and its cluster belong to the same account)';
COMMENT ON FUNCTION redshift_iam_internal._cluster_identifier_problem(text) IS
  'Why the text is not a valid cluster identifier (1 to 63 lowercase letters, digits and hyphens, starting with a letter, not ending with a hyphen, no two hyphens in a row; the core''s validator), or NULL when it is';
COMMENT ON FUNCTION redshift_iam_internal._partition(text) IS
  'The partition of a region (aws, aws-cn, aws-us-gov, aws-iso, ...): the partition of its cluster ARNs and of the roles its clusters can use';
COMMENT ON FUNCTION redshift_iam_internal._authorize(text, text, text[], text) IS
  'Hook every management function calls before it acts (IAM policy enforcement): may the caller do action on resource and pass roles_to_pass to cluster_arn? Returns the account to act in; raises 42501 to deny';
COMMENT ON FUNCTION redshift_iam_internal._cluster_arn(text, text, text) IS
  'The cluster ARN arn:<partition>:redshift:<region>:<account>:cluster:<identifier>, in the partition of the region';
COMMENT ON FUNCTION redshift_iam_internal._dedup(text[]) IS
  'The array without repeated elements, first occurrences in order (a role named twice in one request counts once)';
COMMENT ON FUNCTION redshift_iam_internal._assumerole_held(oid, text, text, text) IS
  'Internal: does the database role hold ASSUMEROLE on these IAM roles (as written; a chain matches only a grant of that chain) or on the resolved default role, for this command type; superusers always do. The rule check_command uses';

-- ---- the library's version; one-line assertions for SQL test suites ----

/* ---- the version of the loaded library ---- */

/*
 * The control file's default_version when the library was built.  Not
 * IMMUTABLE: a new library (after make install or a package upgrade) gives
 * another answer in a new session, and nothing may fold the old one into a
 * stored plan or expression.  Compare it with pg_extension.extversion to see
 * a library that does not match the installed SQL objects.
 */
CREATE FUNCTION redshift_iam.redshift_iam_version()
RETURNS text
AS 'MODULE_PATHNAME', 'rsi_sql_version'
LANGUAGE C STRICT STABLE PARALLEL SAFE;
COMMENT ON FUNCTION redshift_iam.redshift_iam_version() IS
  'The version of the loaded redshift_iam library (the control file''s default_version it was built from); compare with pg_extension.extversion, the version of the installed SQL objects';
GRANT EXECUTE ON FUNCTION redshift_iam.redshift_iam_version() TO PUBLIC;

/* ---- one-line assertions for SQL test suites (pgTAP; docs/pgtap.md) ---- */

/*
 * Both check the script as validate_script does (and log as it does), in C
 * and in a command scope like it: nothing they raise or log carries the
 * calling statement, which holds the script.
 * VOLATILE like validate_script: they read the catalog and the real clock
 * (an association in 'adding' becomes in-sync by the clock) and log.
 * STRICT: a NULL script or cluster gives NULL, which pgTAP's ok() fails.
 */
CREATE FUNCTION redshift_iam.script_may_run(cluster_identifier text, script text)
RETURNS boolean
AS 'MODULE_PATHNAME', 'rsi_sql_script_may_run'
LANGUAGE C STRICT VOLATILE;
COMMENT ON FUNCTION redshift_iam.script_may_run(text, text) IS
  'True when every statement of the script may run on the cluster (no row of validate_script has ok false; warnings and statements of other kinds pass); for pgTAP''s ok()';

CREATE FUNCTION redshift_iam.assert_script(cluster_identifier text, script text)
RETURNS void
AS 'MODULE_PATHNAME', 'rsi_sql_assert_script'
LANGUAGE C STRICT VOLATILE;
COMMENT ON FUNCTION redshift_iam.assert_script(text, text) IS
  'Raise unless every statement of the script may run on the cluster: "N of M statements would be refused; first at line L, column C: <message>", with the first refusal''s SQLSTATE, DETAIL and HINT, and no CONTEXT holding the script; for pgTAP''s lives_ok() and throws_ok()';

GRANT EXECUTE ON FUNCTION redshift_iam.script_may_run(text, text) TO PUBLIC;
GRANT EXECUTE ON FUNCTION redshift_iam.assert_script(text, text) TO PUBLIC;

-- ---- iamsql: the IAM snapshot (tables, import_iam, the writers, the views, iam_authorization_details) ----
/* ======================================================================
 * The IAM snapshot: roles, their policies and resource-based policies
 *
 * A copy of the parts of an AWS account's IAM that decide whether Amazon
 * Redshift can assume a role and act with it: each role's trust policy
 * (AssumeRolePolicyDocument), its inline policies, the managed policies
 * attached to it with their versions, and resource-based policies (S3
 * bucket, KMS key and Lambda function policies).  import_iam loads what
 * `aws iam get-account-authorization-details` prints (AWS CLI Command
 * Reference, "get-account-authorization-details":
 * https://docs.aws.amazon.com/cli/latest/reference/iam/get-account-authorization-details.html);
 * the command checks read it back through
 * redshift_iam_internal.iam_authorization_details in the same shape.
 *
 * Every document is validated by the core's policy engine when it is
 * stored (src/pg/fn_iam.c) and kept as a decoded jsonb object.  Rows carry
 * a generation from policy_generation, new on every write, for caches.
 * Only superusers write (import_iam and the writers refuse anyone else
 * and are REVOKEd from PUBLIC); docs/iam-snapshot.md.
 * ====================================================================== */

/* ---- tables ---- */

CREATE TABLE redshift_iam.catalog_iam_roles (
    role_arn         text COLLATE "C" NOT NULL,
    role_name        text COLLATE "C" NOT NULL,
    role_id          text COLLATE "C",
    path             text COLLATE "C" NOT NULL,
    account_id       text COLLATE "C" NOT NULL,
    create_date      timestamptz,
    description      text,
    max_session_duration integer,
    permissions_boundary_arn text COLLATE "C",
    assume_role_policy_document jsonb NOT NULL,
    generation       bigint NOT NULL
        DEFAULT pg_catalog.nextval('redshift_iam.policy_generation'::pg_catalog.regclass),
    updated_at       timestamptz NOT NULL,
    CONSTRAINT catalog_iam_roles_pkey PRIMARY KEY (role_arn)
);
-- IAM role names are unique in an account regardless of case
CREATE UNIQUE INDEX catalog_iam_roles_name
    ON redshift_iam.catalog_iam_roles (account_id, pg_catalog.lower(role_name));
COMMENT ON TABLE redshift_iam.catalog_iam_roles IS
  'IAM roles of the snapshot with their trust policy (AssumeRolePolicyDocument, decoded and validated); the permissions boundary is recorded, not evaluated. Written only by import_iam and the IAM writers.';
COMMENT ON INDEX redshift_iam.catalog_iam_roles_name IS
  'A role name is unique in its account regardless of case, as in IAM';

CREATE TABLE redshift_iam.catalog_iam_role_policies (
    role_arn         text COLLATE "C" NOT NULL
        REFERENCES redshift_iam.catalog_iam_roles (role_arn) ON DELETE CASCADE,
    policy_name      text COLLATE "C" NOT NULL,
    policy_document  jsonb NOT NULL,
    generation       bigint NOT NULL
        DEFAULT pg_catalog.nextval('redshift_iam.policy_generation'::pg_catalog.regclass),
    updated_at       timestamptz NOT NULL,
    CONSTRAINT catalog_iam_role_policies_pkey PRIMARY KEY (role_arn, policy_name)
);
COMMENT ON TABLE redshift_iam.catalog_iam_role_policies IS
  'Inline permission policies of the snapshot''s roles (RolePolicyList; PutRolePolicy), decoded and validated. Written only by import_iam and the IAM writers.';

CREATE TABLE redshift_iam.catalog_iam_policies (
    policy_arn       text COLLATE "C" NOT NULL,
    policy_name      text COLLATE "C" NOT NULL,
    policy_id        text COLLATE "C",
    path             text COLLATE "C" NOT NULL,
    default_version_id text COLLATE "C" NOT NULL,
    attachment_count integer,
    is_attachable    boolean NOT NULL,
    description      text,
    create_date      timestamptz,
    update_date      timestamptz,
    generation       bigint NOT NULL
        DEFAULT pg_catalog.nextval('redshift_iam.policy_generation'::pg_catalog.regclass),
    updated_at       timestamptz NOT NULL,
    CONSTRAINT catalog_iam_policies_pkey PRIMARY KEY (policy_arn)
);
COMMENT ON TABLE redshift_iam.catalog_iam_policies IS
  'Managed policies of the snapshot (Policies; CreatePolicy), customer or AWS managed; their documents are in catalog_iam_policy_versions, default_version_id names the one in force. Written only by import_iam and the IAM writers.';

CREATE TABLE redshift_iam.catalog_iam_policy_versions (
    policy_arn       text COLLATE "C" NOT NULL
        REFERENCES redshift_iam.catalog_iam_policies (policy_arn) ON DELETE CASCADE,
    version_id       text COLLATE "C" NOT NULL,
    document         jsonb NOT NULL,
    create_date      timestamptz,
    generation       bigint NOT NULL
        DEFAULT pg_catalog.nextval('redshift_iam.policy_generation'::pg_catalog.regclass),
    CONSTRAINT catalog_iam_policy_versions_pkey PRIMARY KEY (policy_arn, version_id)
);
COMMENT ON TABLE redshift_iam.catalog_iam_policy_versions IS
  'Versions of the snapshot''s managed policies (PolicyVersionList; CreatePolicyVersion), decoded and validated; the default one is the policy''s default_version_id. Written only by import_iam and the IAM writers.';

CREATE TABLE redshift_iam.catalog_iam_role_attachments (
    role_arn         text COLLATE "C" NOT NULL
        REFERENCES redshift_iam.catalog_iam_roles (role_arn) ON DELETE CASCADE,
    policy_arn       text COLLATE "C" NOT NULL,
    policy_name      text COLLATE "C" NOT NULL,
    CONSTRAINT catalog_iam_role_attachments_pkey PRIMARY KEY (role_arn, policy_arn)
);
CREATE INDEX catalog_iam_role_attachments_policy
    ON redshift_iam.catalog_iam_role_attachments (policy_arn);
COMMENT ON TABLE redshift_iam.catalog_iam_role_attachments IS
  'Managed policies attached to the snapshot''s roles (AttachedManagedPolicies; AttachRolePolicy); a policy need not be in the snapshot (an export filtered to local policies omits AWS managed ones), and then its permissions are unknown. Written only by import_iam and the IAM writers.';
COMMENT ON INDEX redshift_iam.catalog_iam_role_attachments_policy IS
  'Finds the roles a managed policy is attached to (attachment counts, DeleteConflict)';

CREATE TABLE redshift_iam.catalog_iam_resource_policies (
    resource_arn     text COLLATE "C" NOT NULL,
    policy_document  jsonb NOT NULL,
    generation       bigint NOT NULL
        DEFAULT pg_catalog.nextval('redshift_iam.policy_generation'::pg_catalog.regclass),
    updated_at       timestamptz NOT NULL,
    account_id       text COLLATE "C"
        CONSTRAINT catalog_iam_resource_policies_account_id_check CHECK (account_id ~ '^[0-9]{12}$'),
    CONSTRAINT catalog_iam_resource_policies_pkey PRIMARY KEY (resource_arn)
);
COMMENT ON TABLE redshift_iam.catalog_iam_resource_policies IS
  'Resource-based policies of the snapshot, one per S3 bucket, KMS key or Lambda function ARN, decoded and validated (ResourcePolicies, this extension''s addition to the export''s format). Written only by import_iam and the IAM writers.';
COMMENT ON COLUMN redshift_iam.catalog_iam_resource_policies.account_id IS
  'The account that owns the resource (AccountId of the ResourcePolicies entry, else the account its ARN names, else the account of the roles imported with it); NULL when none is known, and then the resource is taken to be in the requesting role''s account';

REVOKE ALL ON TABLE redshift_iam.catalog_iam_roles FROM PUBLIC;
REVOKE ALL ON TABLE redshift_iam.catalog_iam_role_policies FROM PUBLIC;
REVOKE ALL ON TABLE redshift_iam.catalog_iam_policies FROM PUBLIC;
REVOKE ALL ON TABLE redshift_iam.catalog_iam_policy_versions FROM PUBLIC;
REVOKE ALL ON TABLE redshift_iam.catalog_iam_role_attachments FROM PUBLIC;
REVOKE ALL ON TABLE redshift_iam.catalog_iam_resource_policies FROM PUBLIC;
SELECT pg_catalog.pg_extension_config_dump('redshift_iam.catalog_iam_roles', '');
SELECT pg_catalog.pg_extension_config_dump('redshift_iam.catalog_iam_role_policies', '');
SELECT pg_catalog.pg_extension_config_dump('redshift_iam.catalog_iam_policies', '');
SELECT pg_catalog.pg_extension_config_dump('redshift_iam.catalog_iam_policy_versions', '');
SELECT pg_catalog.pg_extension_config_dump('redshift_iam.catalog_iam_role_attachments', '');
SELECT pg_catalog.pg_extension_config_dump('redshift_iam.catalog_iam_resource_policies', '');

/* ---- C helpers (src/pg/fn_iam.c) ---- */

CREATE FUNCTION redshift_iam_internal._url_decode(encoded text)
RETURNS text AS 'MODULE_PATHNAME', 'rsi_sql_url_decode'
LANGUAGE C STRICT IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION redshift_iam_internal._url_decode(text) IS
  'Internal: percent-decode text as IAM''s API encodes policy documents (RFC 3986; ''+'' stays ''+''); 22P02 for a ''%'' without two hex digits, 22021 when the result is not valid text';

CREATE FUNCTION redshift_iam_internal._iam_document(document jsonb, entity text, kind text, operation text)
RETURNS jsonb AS 'MODULE_PATHNAME', 'rsi_sql_iam_document'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION redshift_iam_internal._iam_document(jsonb, text, text, text) IS
  'Internal: a policy document as a decoded jsonb object, from an object, a URL-encoded string or JSON text; kind is identity, trust or resource (trust and resource policies need a Principal); validated by the policy engine, else MalformedPolicyDocument (22023) or LimitExceeded (54000) as operation''s error, naming entity';

/* ---- SQL helpers ---- */

CREATE FUNCTION redshift_iam_internal._iam_resource_arn_ok(resource_arn text)
RETURNS boolean
LANGUAGE sql IMMUTABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
RETURN pg_catalog.length($1) OPERATOR(pg_catalog.<=) 2048
   AND ($1 OPERATOR(pg_catalog.~) '^arn:aws(-[a-z]+)*:s3:::[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$'
     OR $1 OPERATOR(pg_catalog.~) '^arn:aws(-[a-z]+)*:kms:[a-z0-9-]+:[0-9]{12}:key/[A-Za-z0-9-]+$'
     OR $1 OPERATOR(pg_catalog.~) '^arn:aws(-[a-z]+)*:lambda:[a-z0-9-]+:[0-9]{12}:function:[A-Za-z0-9_-]{1,64}(:[A-Za-z0-9_$-]{1,128})?$');
COMMENT ON FUNCTION redshift_iam_internal._iam_resource_arn_ok(text) IS
  'Internal: is the ARN one that holds a resource-based policy of the snapshot: an S3 bucket (arn:aws:s3:::bucket), a KMS key (arn:aws:kms:region:account:key/id) or a Lambda function (arn:aws:lambda:region:account:function:name[:qualifier])';

CREATE FUNCTION redshift_iam_internal._iam_write_lock()
RETURNS void
LANGUAGE sql VOLATILE
SET search_path = pg_catalog, pg_temp
RETURN pg_catalog.pg_advisory_xact_lock(7310592341166309689);
COMMENT ON FUNCTION redshift_iam_internal._iam_write_lock() IS
  'Internal: take the IAM snapshot''s write lock (a transaction-level advisory lock) so that imports and writers run one after another: each then decides on what the previous one committed, instead of failing on a key the other just inserted';

CREATE FUNCTION redshift_iam_internal._iam_owner_ok(account_id jsonb, resource_arn text)
RETURNS boolean
LANGUAGE sql IMMUTABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
RETURN pg_catalog.jsonb_typeof($1) OPERATOR(pg_catalog.=) 'string'
   AND ($1 OPERATOR(pg_catalog.#>>) '{}') OPERATOR(pg_catalog.~) '^[0-9]{12}$'
   AND pg_catalog.split_part($2, ':', 5) IN ('', $1 OPERATOR(pg_catalog.#>>) '{}');
COMMENT ON FUNCTION redshift_iam_internal._iam_owner_ok(jsonb, text) IS
  'Internal: is account_id (a JSON value) a possible owner of the resource: a string of 12 digits, equal to the account the ARN names when it names one (KMS keys, Lambda functions; S3 bucket ARNs name none)';

/* ---- import ---- */

-- jit = off: the row estimates of jsonb_array_elements (100 a call) make
-- the planner compile these short queries, which costs more than they run
CREATE FUNCTION redshift_iam.import_iam(document jsonb)
RETURNS integer
LANGUAGE plpgsql VOLATILE
SET search_path = pg_catalog, pg_temp
SET jit = off
AS $$
DECLARE
  op constant text := 'ImportIam';
  v_now timestamptz := clock_timestamp();
  v_roles jsonb;
  v_policies jsonb;
  v_resources jsonb;
  v_account text;
  v_bad text;
  v_n integer;
BEGIN
  PERFORM redshift_iam_internal._require_superuser('import IAM snapshots');
  PERFORM redshift_iam_internal._iam_write_lock();
  IF jsonb_typeof($1) IS DISTINCT FROM 'object' THEN
    PERFORM redshift_iam_internal._aws_error('22023', 'ValidationError', op,
      format('the export must be a JSON object, found %s', coalesce(jsonb_typeof($1), 'null')),
      'Pass what `aws iam get-account-authorization-details` prints.');
  END IF;
  -- each reference to $1 may detoast the whole export: read it three times
  v_roles := coalesce($1->'RoleDetailList', '[]');
  v_policies := coalesce($1->'Policies', '[]');
  v_resources := coalesce($1->'ResourcePolicies', '[]');
  SELECT k INTO v_bad FROM (VALUES ('RoleDetailList', v_roles), ('Policies', v_policies),
                                   ('ResourcePolicies', v_resources)) AS l(k, v)
   WHERE jsonb_typeof(v) <> 'array' LIMIT 1;
  IF v_bad IS NOT NULL THEN
    PERFORM redshift_iam_internal._aws_error('22023', 'ValidationError', op,
      format('%s must be an array', v_bad),
      'Pass what `aws iam get-account-authorization-details` prints.');
  END IF;
  SELECT format('%s[%s]', k, n - 1) INTO v_bad
    FROM (VALUES ('RoleDetailList', v_roles), ('Policies', v_policies), ('ResourcePolicies', v_resources)) AS l(k, v),
         LATERAL jsonb_array_elements(CASE WHEN jsonb_path_exists(v, '$[*] ? (@.type() != "object")') THEN v ELSE '[]' END)
                 WITH ORDINALITY AS e(x, n)
   WHERE jsonb_typeof(x) <> 'object' LIMIT 1;
  IF v_bad IS NOT NULL THEN
    PERFORM redshift_iam_internal._aws_error('22023', 'ValidationError', op,
      format('%s must be an object', v_bad),
      'Pass what `aws iam get-account-authorization-details` prints.');
  END IF;

  /*
   * 1. Everything the export names, in typed rows (one pass over each list
   *    with jsonb_to_recordset), checked before anything changes; the
   *    documents are decoded and validated as they are stored (step 2).
   *    Any error ends the statement, which leaves the catalog as it was.
   */
  IF pg_catalog.to_regclass('pg_temp.rsi_iam_roles') IS NULL THEN
    CREATE TEMP TABLE pg_temp.rsi_iam_roles (
        ord bigint, role_arn text COLLATE "C", role_name text COLLATE "C", role_id text COLLATE "C",
        path text COLLATE "C", create_date text, description text,
        max_session_duration jsonb, permissions_boundary jsonb,
        trust jsonb, inline jsonb, attached jsonb) ON COMMIT DROP;
    CREATE TEMP TABLE pg_temp.rsi_iam_policies (
        ord bigint, policy_arn text COLLATE "C", policy_name text COLLATE "C", policy_id text COLLATE "C",
        path text COLLATE "C", default_version_id text COLLATE "C", attachment_count jsonb,
        is_attachable jsonb, description text, create_date text, update_date text,
        versions jsonb) ON COMMIT DROP;
  END IF;
  TRUNCATE pg_temp.rsi_iam_roles, pg_temp.rsi_iam_policies;

  INSERT INTO pg_temp.rsi_iam_roles
  SELECT x.ordinality, x."Arn", x."RoleName", x."RoleId", coalesce(x."Path", '/'), x."CreateDate",
         x."Description", x."MaxSessionDuration", x."PermissionsBoundary",
         x."AssumeRolePolicyDocument", coalesce(x."RolePolicyList", '[]'),
         coalesce(x."AttachedManagedPolicies", '[]')
    FROM ROWS FROM (jsonb_to_recordset(v_roles) AS (
           "Arn" text, "RoleName" text, "RoleId" text, "Path" text, "CreateDate" text,
           "Description" text, "MaxSessionDuration" jsonb, "PermissionsBoundary" jsonb,
           "AssumeRolePolicyDocument" jsonb, "RolePolicyList" jsonb, "AttachedManagedPolicies" jsonb))
         WITH ORDINALITY AS x;

  SELECT format('RoleDetailList[%s]', ord - 1) INTO v_bad
    FROM pg_temp.rsi_iam_roles
   WHERE role_arn IS NULL OR role_name IS NULL OR length(role_arn) > 2048
      OR role_arn !~ '^arn:aws(-[a-z]+)*:iam::[0-9]{12}:role/'
      OR role_name !~ '^[A-Za-z0-9_+=,.@-]{1,64}$'
      OR right(role_arn, length(role_name) + 1) <> '/' || role_name
      OR jsonb_typeof(inline) <> 'array' OR jsonb_typeof(attached) <> 'array'
   ORDER BY ord LIMIT 1;
  IF v_bad IS NOT NULL THEN
    PERFORM redshift_iam_internal._aws_error('22023', 'ValidationError', op,
      format('%s: a role needs Arn (arn:aws:iam::<account>:role/<path><name>) and RoleName (1 to 64 letters, digits and +=,.@_-, the last part of the ARN); RolePolicyList and AttachedManagedPolicies are arrays', v_bad),
      'Pass what `aws iam get-account-authorization-details` prints.');
  END IF;

  SELECT format('role %s', min(role_arn)) INTO v_bad
    FROM pg_temp.rsi_iam_roles GROUP BY split_part(role_arn, ':', 5), lower(role_name) HAVING count(*) > 1
   LIMIT 1;
  IF v_bad IS NOT NULL THEN
    PERFORM redshift_iam_internal._aws_error('22023', 'ValidationError', op,
      format('%s is listed twice (role names are unique in an account regardless of case)', v_bad),
      'Import one export per account, or join exports without repeating a role.');
  END IF;

  SELECT format('role %s RolePolicyList[%s]', t.role_arn, n - 1) INTO v_bad
    FROM pg_temp.rsi_iam_roles t, jsonb_array_elements(t.inline) WITH ORDINALITY AS e(p, n)
   WHERE jsonb_typeof(p) <> 'object'
      OR (p->>'PolicyName') IS NULL OR (p->>'PolicyName') !~ '^[A-Za-z0-9_+=,.@-]{1,128}$'
   LIMIT 1;
  IF v_bad IS NULL THEN
    SELECT format('role %s AttachedManagedPolicies[%s]', t.role_arn, n - 1) INTO v_bad
      FROM pg_temp.rsi_iam_roles t, jsonb_array_elements(t.attached) WITH ORDINALITY AS e(p, n)
     WHERE jsonb_typeof(p) <> 'object'
        OR (p->>'PolicyArn') IS NULL OR length(p->>'PolicyArn') > 2048
        OR (p->>'PolicyArn') !~ '^arn:aws(-[a-z]+)*:iam::([0-9]{12}|aws):policy/'
     LIMIT 1;
  END IF;
  IF v_bad IS NOT NULL THEN
    PERFORM redshift_iam_internal._aws_error('22023', 'ValidationError', op,
      format('%s: an inline policy needs PolicyName (1 to 128 letters, digits and +=,.@_-) and PolicyDocument; an attached policy needs PolicyArn (arn:aws:iam::<account or aws>:policy/<path><name>)', v_bad),
      'Pass what `aws iam get-account-authorization-details` prints.');
  END IF;

  INSERT INTO pg_temp.rsi_iam_policies
  SELECT x.ordinality, x."Arn", coalesce(x."PolicyName", regexp_replace(x."Arn", '^.*/', '')), x."PolicyId",
         coalesce(x."Path", '/'), x."DefaultVersionId", x."AttachmentCount", x."IsAttachable",
         x."Description", x."CreateDate", x."UpdateDate", x."PolicyVersionList"
    FROM ROWS FROM (jsonb_to_recordset(v_policies) AS (
           "Arn" text, "PolicyName" text, "PolicyId" text, "Path" text, "DefaultVersionId" text,
           "AttachmentCount" jsonb, "IsAttachable" jsonb, "Description" text, "CreateDate" text,
           "UpdateDate" text, "PolicyVersionList" jsonb))
         WITH ORDINALITY AS x;

  SELECT format('Policies[%s]', ord - 1) INTO v_bad
    FROM pg_temp.rsi_iam_policies
   WHERE policy_arn IS NULL OR length(policy_arn) > 2048
      OR policy_arn !~ '^arn:aws(-[a-z]+)*:iam::([0-9]{12}|aws):policy/(.*/)?[A-Za-z0-9_+=,.@-]{1,128}$'
      OR default_version_id IS NULL
      OR jsonb_typeof(versions) IS DISTINCT FROM 'array'
      OR NOT jsonb_path_exists(versions, '$[*] ? (@.VersionId == $d)', jsonb_build_object('d', default_version_id))
      OR jsonb_typeof(attachment_count) NOT IN ('number', 'null')
      OR jsonb_typeof(is_attachable) NOT IN ('boolean', 'null')
   ORDER BY ord LIMIT 1;
  IF v_bad IS NOT NULL THEN
    PERFORM redshift_iam_internal._aws_error('22023', 'ValidationError', op,
      format('%s: a managed policy needs Arn (arn:aws:iam::<account or aws>:policy/<path><name>), DefaultVersionId and a PolicyVersionList that holds the default version; AttachmentCount is a number, IsAttachable a boolean', v_bad),
      'Export with `aws iam get-account-authorization-details`; its Policies list every version.');
  END IF;

  -- dates as IAM writes them (ISO 8601), to at most microseconds when stored
  SELECT e INTO v_bad FROM (
    SELECT format('role %s CreateDate', role_arn) AS e, create_date AS d FROM pg_temp.rsi_iam_roles
    UNION ALL
    SELECT format('policy %s CreateDate', policy_arn), create_date FROM pg_temp.rsi_iam_policies
    UNION ALL
    SELECT format('policy %s UpdateDate', policy_arn), update_date FROM pg_temp.rsi_iam_policies
    UNION ALL
    SELECT format('policy %s version %s CreateDate', t.policy_arn,
                  redshift_iam_internal._excerpt(v->>'VersionId', 16)), v->>'CreateDate'
      FROM pg_temp.rsi_iam_policies t, jsonb_array_elements(t.versions) AS v) AS x
   WHERE d !~ '^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?)?(Z|[+-]\d{2}(:?\d{2})?)?$'
   LIMIT 1;
  IF v_bad IS NOT NULL THEN
    PERFORM redshift_iam_internal._aws_error('22007', 'ValidationError', op,
      format('%s is not an ISO 8601 date and time', v_bad),
      'Dates are written as IAM writes them, e.g. 2019-01-01T00:00:00Z.');
  END IF;

  SELECT format('policy %s', policy_arn) INTO v_bad
    FROM pg_temp.rsi_iam_policies GROUP BY policy_arn HAVING count(*) > 1
   LIMIT 1;
  IF v_bad IS NULL THEN
    SELECT format('policy %s PolicyVersionList[%s]', t.policy_arn, n - 1) INTO v_bad
      FROM pg_temp.rsi_iam_policies t, jsonb_array_elements(t.versions) WITH ORDINALITY AS e(v, n)
     WHERE jsonb_typeof(v) <> 'object' OR (v->>'VersionId') IS NULL OR (v->>'VersionId') !~ '^v[1-9][0-9]*$'
        OR (SELECT count(*) FROM jsonb_array_elements(t.versions) w
             WHERE w->>'VersionId' = v->>'VersionId') > 1
     LIMIT 1;
  END IF;
  IF v_bad IS NOT NULL THEN
    PERFORM redshift_iam_internal._aws_error('22023', 'ValidationError', op,
      format('%s: each managed policy is listed once, each of its versions once, with a VersionId such as v1', v_bad),
      'Pass what `aws iam get-account-authorization-details` prints.');
  END IF;

  SELECT format('ResourcePolicies[%s]', n - 1) INTO v_bad
    FROM jsonb_array_elements(v_resources) WITH ORDINALITY AS e(p, n)
   WHERE jsonb_typeof(p) <> 'object'
      OR jsonb_typeof(p->'ResourceArn') IS DISTINCT FROM 'string'
      OR NOT redshift_iam_internal._iam_resource_arn_ok(p->>'ResourceArn')
   ORDER BY n LIMIT 1;
  IF v_bad IS NULL THEN
    SELECT format('ResourcePolicies (%s)', p->>'ResourceArn') INTO v_bad
      FROM jsonb_array_elements(v_resources) AS e(p)
     GROUP BY p->>'ResourceArn' HAVING count(*) > 1 LIMIT 1;
  END IF;
  IF v_bad IS NOT NULL THEN
    PERFORM redshift_iam_internal._aws_error('22023', 'ValidationError', op,
      format('%s: a resource policy needs a ResourceArn, listed once, of an S3 bucket (arn:aws:s3:::bucket), a KMS key (arn:aws:kms:<region>:<account>:key/<id>) or a Lambda function (arn:aws:lambda:<region>:<account>:function:<name>), and a Policy', v_bad),
      'docs/iam-snapshot.md describes ResourcePolicies.');
  END IF;
  SELECT format('ResourcePolicies[%s].AccountId', n - 1) INTO v_bad
    FROM jsonb_array_elements(v_resources) WITH ORDINALITY AS e(p, n)
   WHERE p ? 'AccountId'
     AND NOT redshift_iam_internal._iam_owner_ok(p->'AccountId', p->>'ResourceArn')
   ORDER BY n LIMIT 1;
  IF v_bad IS NOT NULL THEN
    PERFORM redshift_iam_internal._aws_error('22023', 'ValidationError', op,
      format('%s: the owner''s account must be a string of 12 digits, and the account a KMS key''s or Lambda function''s ARN names', v_bad),
      'docs/iam-snapshot.md describes ResourcePolicies.');
  END IF;
  -- the owner of a bucket named without AccountId: the export's own account
  SELECT min(a) INTO v_account
    FROM (SELECT DISTINCT split_part(r->>'Arn', ':', 5) AS a FROM jsonb_array_elements(v_roles) AS e(r)) s
  HAVING count(*) = 1;

  /*
   * 2. Replace what the export names: its roles (by ARN, or by name in
   *    their account) with their inline policies and attachments, its
   *    managed policies with their versions, its resource policies.  The
   *    documents are decoded and validated as they are inserted.
   */
  DELETE FROM redshift_iam.catalog_iam_roles c
   USING pg_temp.rsi_iam_roles t WHERE c.role_arn = t.role_arn;
  DELETE FROM redshift_iam.catalog_iam_roles c
   USING pg_temp.rsi_iam_roles t
   WHERE c.account_id = split_part(t.role_arn, ':', 5) AND lower(c.role_name) = lower(t.role_name);
  INSERT INTO redshift_iam.catalog_iam_roles
         (role_arn, role_name, role_id, path, account_id, create_date, description,
          max_session_duration, permissions_boundary_arn, assume_role_policy_document, updated_at)
  SELECT role_arn, role_name, role_id, path, split_part(role_arn, ':', 5),
         regexp_replace(create_date, '(\.\d{6})\d+', '\1')::timestamptz, description,
         CASE WHEN jsonb_typeof(max_session_duration) = 'number' THEN (max_session_duration::text)::numeric::integer END,
         permissions_boundary->>'PermissionsBoundaryArn',
         redshift_iam_internal._iam_document(trust, format('role %s AssumeRolePolicyDocument', redshift_iam_internal._excerpt(role_arn, 200)), 'trust', op),
         v_now
    FROM pg_temp.rsi_iam_roles ORDER BY ord;
  GET DIAGNOSTICS v_n = ROW_COUNT;

  INSERT INTO redshift_iam.catalog_iam_role_policies (role_arn, policy_name, policy_document, updated_at)
  SELECT t.role_arn, p->>'PolicyName',
         redshift_iam_internal._iam_document(p->'PolicyDocument',
           format('role %s inline policy %s', redshift_iam_internal._excerpt(t.role_arn, 200), p->>'PolicyName'), 'identity', op),
         v_now
    FROM pg_temp.rsi_iam_roles t, jsonb_array_elements(t.inline) WITH ORDINALITY AS e(p, n)
   ORDER BY t.ord, n;

  INSERT INTO redshift_iam.catalog_iam_role_attachments (role_arn, policy_arn, policy_name)
  SELECT DISTINCT ON (t.role_arn, p->>'PolicyArn') t.role_arn, p->>'PolicyArn',
         coalesce(p->>'PolicyName', regexp_replace(p->>'PolicyArn', '^.*/', ''))
    FROM pg_temp.rsi_iam_roles t, jsonb_array_elements(t.attached) AS e(p);

  DELETE FROM redshift_iam.catalog_iam_policies c
   USING pg_temp.rsi_iam_policies t WHERE c.policy_arn = t.policy_arn;
  INSERT INTO redshift_iam.catalog_iam_policies
         (policy_arn, policy_name, policy_id, path, default_version_id, attachment_count,
          is_attachable, description, create_date, update_date, updated_at)
  SELECT policy_arn, policy_name, policy_id, path, default_version_id,
         CASE WHEN jsonb_typeof(attachment_count) = 'number' THEN (attachment_count::text)::numeric::integer END,
         CASE WHEN jsonb_typeof(is_attachable) = 'boolean' THEN (is_attachable::text)::boolean ELSE true END,
         description,
         regexp_replace(create_date, '(\.\d{6})\d+', '\1')::timestamptz,
         regexp_replace(update_date, '(\.\d{6})\d+', '\1')::timestamptz, v_now
    FROM pg_temp.rsi_iam_policies ORDER BY ord;
  INSERT INTO redshift_iam.catalog_iam_policy_versions (policy_arn, version_id, document, create_date)
  SELECT t.policy_arn, v->>'VersionId',
         redshift_iam_internal._iam_document(v->'Document',
           format('policy %s version %s', redshift_iam_internal._excerpt(t.policy_arn, 200), v->>'VersionId'), 'identity', op),
         regexp_replace(v->>'CreateDate', '(\.\d{6})\d+', '\1')::timestamptz
    FROM pg_temp.rsi_iam_policies t, jsonb_array_elements(t.versions) WITH ORDINALITY AS e(v, n)
   ORDER BY t.ord, n;

  INSERT INTO redshift_iam.catalog_iam_resource_policies AS c (resource_arn, policy_document, updated_at, account_id)
  SELECT p->>'ResourceArn',
         redshift_iam_internal._iam_document(p->'Policy',
           format('resource policy of %s', redshift_iam_internal._excerpt(p->>'ResourceArn', 200)), 'resource', op),
         v_now,
         coalesce(p->>'AccountId', nullif(split_part(p->>'ResourceArn', ':', 5), ''), v_account)
    FROM jsonb_array_elements(v_resources) WITH ORDINALITY AS e(p, n)
   ORDER BY n
  ON CONFLICT ON CONSTRAINT catalog_iam_resource_policies_pkey DO UPDATE
     SET policy_document = excluded.policy_document,
         generation = excluded.generation,
         updated_at = excluded.updated_at,
         account_id = excluded.account_id;

  TRUNCATE pg_temp.rsi_iam_roles, pg_temp.rsi_iam_policies;
  RETURN v_n;
END
$$;

COMMENT ON FUNCTION redshift_iam.import_iam(jsonb) IS
  'Superusers: load what `aws iam get-account-authorization-details` prints (RoleDetailList, Policies, and this extension''s ResourcePolicies; UserDetailList and GroupDetailList are ignored), replacing the roles, managed policies and resource policies it names; documents may be JSON objects or URL-encoded strings and are validated, a bad one changes nothing; returns the number of roles stored';

/* ---- writers named after IAM's API: superusers only ---- */

/*
 * Errors are IAM's (IAM API Reference, "Common Errors" and each action's
 * "Errors": https://docs.aws.amazon.com/IAM/latest/APIReference/API_Operations.html),
 * with the SQLSTATEs the catalog's other functions use: NoSuchEntity 42704,
 * EntityAlreadyExists 42710, DeleteConflict 2BP01, LimitExceeded 54000,
 * MalformedPolicyDocument and ValidationError 22023.
 */

CREATE FUNCTION redshift_iam_internal._iam_check_role_arn(role_arn text, operation text)
RETURNS text
LANGUAGE plpgsql IMMUTABLE
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
  IF $1 IS NULL OR $1 !~ '^arn:aws(-[a-z]+)*:iam::[0-9]{12}:role/([\x21-\x7e]*/)?[A-Za-z0-9_+=,.@-]{1,64}$'
     OR length($1) > 2048 THEN
    PERFORM redshift_iam_internal._aws_error('22023', 'ValidationError', $2,
      format('%s is not an IAM role ARN', coalesce(quote_literal(redshift_iam_internal._excerpt($1, 160)), 'null')),
      'A role ARN is arn:aws:iam::<12-digit account>:role/<path><name>, e.g. arn:aws:iam::123456789012:role/service-role/RedshiftCopyUnload.');
  END IF;
  RETURN regexp_replace($1, '^.*/', '');
END
$$;
COMMENT ON FUNCTION redshift_iam_internal._iam_check_role_arn(text, text) IS
  'Internal: the role name of an IAM role ARN; ValidationError (22023) as operation''s error for anything else';

CREATE FUNCTION redshift_iam_internal._iam_check_policy_arn(policy_arn text, operation text)
RETURNS text
LANGUAGE plpgsql IMMUTABLE
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
  IF $1 IS NULL OR $1 !~ '^arn:aws(-[a-z]+)*:iam::([0-9]{12}|aws):policy/([\x21-\x7e]*/)?[A-Za-z0-9_+=,.@-]{1,128}$'
     OR length($1) > 2048 THEN
    PERFORM redshift_iam_internal._aws_error('22023', 'ValidationError', $2,
      format('%s is not an IAM managed policy ARN', coalesce(quote_literal(redshift_iam_internal._excerpt($1, 160)), 'null')),
      'A managed policy ARN is arn:aws:iam::<12-digit account or aws>:policy/<path><name>, e.g. arn:aws:iam::123456789012:policy/UnloadExports.');
  END IF;
  RETURN regexp_replace($1, '^.*/', '');
END
$$;
COMMENT ON FUNCTION redshift_iam_internal._iam_check_policy_arn(text, text) IS
  'Internal: the policy name of an IAM managed policy ARN; ValidationError (22023) as operation''s error for anything else';

CREATE FUNCTION redshift_iam_internal._iam_arn(account_id text, kind text, name text, path text, operation text)
RETURNS text
LANGUAGE plpgsql IMMUTABLE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  v_max integer := CASE $2 WHEN 'role' THEN 64 ELSE 128 END;
BEGIN
  IF $1 IS NULL OR $1 !~ '^[0-9]{12}$' THEN
    PERFORM redshift_iam_internal._aws_error('22023', 'ValidationError', $5,
      format('%s is not an AWS account ID', coalesce(quote_literal(redshift_iam_internal._excerpt($1, 64)), 'null')),
      'An account ID is 12 digits.');
  END IF;
  IF $3 IS NULL OR $3 !~ '^[A-Za-z0-9_+=,.@-]+$' OR length($3) > v_max THEN
    PERFORM redshift_iam_internal._aws_error('22023', 'ValidationError', $5,
      format('1 validation error detected: Value %s at ''%sName'' failed to satisfy constraint: Member must satisfy regular expression pattern: [\w+=,.@-]+ and have length between 1 and %s',
             coalesce(quote_literal(redshift_iam_internal._excerpt($3, 160)), 'null'), $2, v_max),
      format('A %s name is 1 to %s letters, digits and +=,.@_-.', $2, v_max));
  END IF;
  IF $4 IS NULL OR $4 !~ '^/([\x21-\x7e]+/)?$' OR $4 ~ '//' OR length($4) > 512 THEN
    PERFORM redshift_iam_internal._aws_error('22023', 'ValidationError', $5,
      format('1 validation error detected: Value %s at ''path'' failed to satisfy constraint: Member must satisfy regular expression pattern: (\u002F)|(\u002F[\u0021-\u007F]+\u002F)',
             coalesce(quote_literal(redshift_iam_internal._excerpt($4, 160)), 'null')),
      'A path starts and ends with /, e.g. / or /service-role/.');
  END IF;
  RETURN format('arn:aws:iam::%s:%s%s%s', $1, $2, $4, $3);
END
$$;
COMMENT ON FUNCTION redshift_iam_internal._iam_arn(text, text, text, text, text) IS
  'Internal: the ARN of a role or managed policy (kind role or policy) from its account, name and path, checked as IAM checks them; ValidationError (22023) as operation''s error';

CREATE FUNCTION redshift_iam_internal._iam_no_such_role(role_arn text, operation text)
RETURNS void
LANGUAGE plpgsql IMMUTABLE
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
  PERFORM redshift_iam_internal._aws_error('42704', 'NoSuchEntity', $2,
    format('The role with name %s cannot be found.', regexp_replace($1, '^.*/', '')),
    format('SELECT role_arn FROM redshift_iam.iam_roles lists the roles of the snapshot; %s is not one of them.', $1));
END
$$;
COMMENT ON FUNCTION redshift_iam_internal._iam_no_such_role(text, text) IS
  'Internal: raise IAM''s NoSuchEntity (42704) for a role that is not in the snapshot';

CREATE FUNCTION redshift_iam_internal._iam_no_such_policy(policy_arn text, operation text)
RETURNS void
LANGUAGE plpgsql IMMUTABLE
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
  PERFORM redshift_iam_internal._aws_error('42704', 'NoSuchEntity', $2,
    format('Policy %s does not exist or is not attachable.', $1),
    'SELECT policy_arn FROM redshift_iam.iam_policies lists the managed policies of the snapshot.');
END
$$;
COMMENT ON FUNCTION redshift_iam_internal._iam_no_such_policy(text, text) IS
  'Internal: raise IAM''s NoSuchEntity (42704) for a managed policy that is not in the snapshot';

CREATE FUNCTION redshift_iam.create_role(role_arn text, assume_role_policy_document jsonb)
RETURNS text
LANGUAGE plpgsql VOLATILE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  op constant text := 'CreateRole';
  v_name text;
  v_doc jsonb;
BEGIN
  PERFORM redshift_iam_internal._require_superuser('create IAM roles');
  PERFORM redshift_iam_internal._iam_write_lock();
  v_name := redshift_iam_internal._iam_check_role_arn($1, op);
  v_doc := redshift_iam_internal._iam_document($2, format('role %s AssumeRolePolicyDocument', redshift_iam_internal._excerpt($1, 200)), 'trust', op);
  INSERT INTO redshift_iam.catalog_iam_roles
         (role_arn, role_name, role_id, path, account_id, create_date, assume_role_policy_document, updated_at)
  VALUES ($1, v_name,
          'AROA' || upper(substr(md5($1 || clock_timestamp()::text), 1, 17)),
          substr($1, strpos($1, ':role/') + 5, length($1) - strpos($1, ':role/') - 4 - length(v_name)),
          split_part($1, ':', 5), clock_timestamp(), v_doc, clock_timestamp())
  ON CONFLICT DO NOTHING;
  IF NOT FOUND THEN
    PERFORM redshift_iam_internal._aws_error('42710', 'EntityAlreadyExists', op,
      format('Role with name %s already exists.', v_name),
      'Role names are unique in an account regardless of case; redshift_iam.delete_role() removes the old one, redshift_iam.import_iam() replaces it.');
  END IF;
  RETURN $1;
END
$$;
COMMENT ON FUNCTION redshift_iam.create_role(text, jsonb) IS
  'Superusers: CreateRole with a role ARN (its account, path and name) and a trust policy (AssumeRolePolicyDocument, an object or a URL-encoded string, validated); EntityAlreadyExists (42710) when a role of that name is in the account; returns the ARN';

CREATE FUNCTION redshift_iam.create_role(role_name text, account_id text, assume_role_policy_document jsonb,
                                         path text DEFAULT '/', description text DEFAULT NULL)
RETURNS text
LANGUAGE plpgsql VOLATILE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  v_arn text;
BEGIN
  PERFORM redshift_iam_internal._require_superuser('create IAM roles');
  PERFORM redshift_iam_internal._iam_write_lock();
  v_arn := redshift_iam_internal._iam_arn($2, 'role', $1, $4, 'CreateRole');
  PERFORM redshift_iam.create_role(v_arn, $3);
  UPDATE redshift_iam.catalog_iam_roles r SET description = $5 WHERE r.role_arn = v_arn;
  RETURN v_arn;
END
$$;
COMMENT ON FUNCTION redshift_iam.create_role(text, text, jsonb, text, text) IS
  'Superusers: CreateRole with RoleName, the account, AssumeRolePolicyDocument, Path and Description; returns the role''s ARN (arn:aws:iam::<account>:role<path><name>)';

CREATE FUNCTION redshift_iam.delete_role(role_arn text)
RETURNS void
LANGUAGE plpgsql VOLATILE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  op constant text := 'DeleteRole';
BEGIN
  PERFORM redshift_iam_internal._require_superuser('delete IAM roles');
  PERFORM redshift_iam_internal._iam_write_lock();
  PERFORM redshift_iam_internal._iam_check_role_arn($1, op);
  PERFORM 1 FROM redshift_iam.catalog_iam_roles r WHERE r.role_arn = $1 FOR UPDATE;
  IF NOT FOUND THEN
    PERFORM redshift_iam_internal._iam_no_such_role($1, op);
  END IF;
  IF EXISTS (SELECT 1 FROM redshift_iam.catalog_iam_role_attachments a WHERE a.role_arn = $1) THEN
    PERFORM redshift_iam_internal._aws_error('2BP01', 'DeleteConflict', op,
      'Cannot delete entity, must detach all policies first.',
      'redshift_iam.detach_role_policy() detaches each managed policy first, as IAM requires.');
  END IF;
  IF EXISTS (SELECT 1 FROM redshift_iam.catalog_iam_role_policies p WHERE p.role_arn = $1) THEN
    PERFORM redshift_iam_internal._aws_error('2BP01', 'DeleteConflict', op,
      'Cannot delete entity, must delete policies first.',
      'redshift_iam.delete_role_policy() deletes each inline policy first, as IAM requires.');
  END IF;
  DELETE FROM redshift_iam.catalog_iam_roles r WHERE r.role_arn = $1;
END
$$;
COMMENT ON FUNCTION redshift_iam.delete_role(text) IS
  'Superusers: DeleteRole; NoSuchEntity (42704) for a role not in the snapshot, DeleteConflict (2BP01) while it has inline or attached policies, as in IAM';

CREATE FUNCTION redshift_iam.put_role_policy(role_arn text, policy_name text, policy_document jsonb)
RETURNS void
LANGUAGE plpgsql VOLATILE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  op constant text := 'PutRolePolicy';
  v_doc jsonb;
BEGIN
  PERFORM redshift_iam_internal._require_superuser('put IAM role policies');
  PERFORM redshift_iam_internal._iam_write_lock();
  PERFORM redshift_iam_internal._iam_check_role_arn($1, op);
  IF $2 IS NULL OR $2 !~ '^[A-Za-z0-9_+=,.@-]{1,128}$' THEN
    PERFORM redshift_iam_internal._aws_error('22023', 'ValidationError', op,
      format('1 validation error detected: Value %s at ''policyName'' failed to satisfy constraint: Member must satisfy regular expression pattern: [\w+=,.@-]+ and have length between 1 and 128',
             coalesce(quote_literal(redshift_iam_internal._excerpt($2, 160)), 'null')),
      'A policy name is 1 to 128 letters, digits and +=,.@_-.');
  END IF;
  PERFORM 1 FROM redshift_iam.catalog_iam_roles r WHERE r.role_arn = $1 FOR SHARE;
  IF NOT FOUND THEN
    PERFORM redshift_iam_internal._iam_no_such_role($1, op);
  END IF;
  v_doc := redshift_iam_internal._iam_document($3, format('role %s inline policy %s', redshift_iam_internal._excerpt($1, 200), $2), 'identity', op);
  INSERT INTO redshift_iam.catalog_iam_role_policies AS p (role_arn, policy_name, policy_document, updated_at)
  VALUES ($1, $2, v_doc, clock_timestamp())
  ON CONFLICT ON CONSTRAINT catalog_iam_role_policies_pkey DO UPDATE
     SET policy_document = excluded.policy_document,
         generation = excluded.generation,
         updated_at = excluded.updated_at;
END
$$;
COMMENT ON FUNCTION redshift_iam.put_role_policy(text, text, jsonb) IS
  'Superusers: PutRolePolicy, add or replace (by name) an inline permission policy of a role of the snapshot; NoSuchEntity (42704) for an unknown role, MalformedPolicyDocument (22023) naming the element';

CREATE FUNCTION redshift_iam.delete_role_policy(role_arn text, policy_name text)
RETURNS void
LANGUAGE plpgsql VOLATILE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  op constant text := 'DeleteRolePolicy';
BEGIN
  PERFORM redshift_iam_internal._require_superuser('delete IAM role policies');
  PERFORM redshift_iam_internal._iam_write_lock();
  PERFORM redshift_iam_internal._iam_check_role_arn($1, op);
  PERFORM 1 FROM redshift_iam.catalog_iam_roles r WHERE r.role_arn = $1;
  IF NOT FOUND THEN
    PERFORM redshift_iam_internal._iam_no_such_role($1, op);
  END IF;
  DELETE FROM redshift_iam.catalog_iam_role_policies p WHERE p.role_arn = $1 AND p.policy_name = $2;
  IF NOT FOUND THEN
    PERFORM redshift_iam_internal._aws_error('42704', 'NoSuchEntity', op,
      format('The role policy with name %s cannot be found.', redshift_iam_internal._excerpt($2, 160)),
      format('SELECT policy_name FROM redshift_iam.iam_role_policies WHERE role_arn = %L lists its policies.', $1));
  END IF;
END
$$;
COMMENT ON FUNCTION redshift_iam.delete_role_policy(text, text) IS
  'Superusers: DeleteRolePolicy; NoSuchEntity (42704) when the role or its inline policy of that name is not in the snapshot';

CREATE FUNCTION redshift_iam.create_policy(policy_arn text, policy_document jsonb)
RETURNS text
LANGUAGE plpgsql VOLATILE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  op constant text := 'CreatePolicy';
  v_name text;
  v_doc jsonb;
  v_now timestamptz := clock_timestamp();
BEGIN
  PERFORM redshift_iam_internal._require_superuser('create IAM policies');
  PERFORM redshift_iam_internal._iam_write_lock();
  v_name := redshift_iam_internal._iam_check_policy_arn($1, op);
  v_doc := redshift_iam_internal._iam_document($2, format('policy %s version v1', redshift_iam_internal._excerpt($1, 200)), 'identity', op);
  INSERT INTO redshift_iam.catalog_iam_policies
         (policy_arn, policy_name, policy_id, path, default_version_id, attachment_count,
          is_attachable, create_date, update_date, updated_at)
  VALUES ($1, v_name, 'ANPA' || upper(substr(md5($1 || v_now::text), 1, 17)),
          substr($1, strpos($1, ':policy/') + 7, length($1) - strpos($1, ':policy/') - 6 - length(v_name)),
          'v1', 0, true, v_now, v_now, v_now)
  ON CONFLICT DO NOTHING;
  IF NOT FOUND THEN
    PERFORM redshift_iam_internal._aws_error('42710', 'EntityAlreadyExists', op,
      format('A policy called %s already exists. Duplicate names are not allowed.', v_name),
      'redshift_iam.create_policy_version() adds a version to it.');
  END IF;
  INSERT INTO redshift_iam.catalog_iam_policy_versions (policy_arn, version_id, document, create_date)
  VALUES ($1, 'v1', v_doc, v_now);
  RETURN $1;
END
$$;
COMMENT ON FUNCTION redshift_iam.create_policy(text, jsonb) IS
  'Superusers: CreatePolicy with a policy ARN (its account or aws, path and name) and the document of its default version v1 (validated); EntityAlreadyExists (42710); returns the ARN';

CREATE FUNCTION redshift_iam.create_policy(policy_name text, account_id text, policy_document jsonb,
                                           path text DEFAULT '/', description text DEFAULT NULL)
RETURNS text
LANGUAGE plpgsql VOLATILE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  v_arn text;
BEGIN
  PERFORM redshift_iam_internal._require_superuser('create IAM policies');
  PERFORM redshift_iam_internal._iam_write_lock();
  v_arn := redshift_iam_internal._iam_arn($2, 'policy', $1, $4, 'CreatePolicy');
  PERFORM redshift_iam.create_policy(v_arn, $3);
  UPDATE redshift_iam.catalog_iam_policies p SET description = $5 WHERE p.policy_arn = v_arn;
  RETURN v_arn;
END
$$;
COMMENT ON FUNCTION redshift_iam.create_policy(text, text, jsonb, text, text) IS
  'Superusers: CreatePolicy with PolicyName, the account, PolicyDocument, Path and Description; returns the policy''s ARN';

CREATE FUNCTION redshift_iam.create_policy_version(policy_arn text, policy_document jsonb,
                                                   set_as_default boolean DEFAULT false)
RETURNS text
LANGUAGE plpgsql VOLATILE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  op constant text := 'CreatePolicyVersion';
  v_doc jsonb;
  v_n integer;
  v_version text;
  v_now timestamptz := clock_timestamp();
BEGIN
  PERFORM redshift_iam_internal._require_superuser('create IAM policy versions');
  PERFORM redshift_iam_internal._iam_write_lock();
  PERFORM redshift_iam_internal._iam_check_policy_arn($1, op);
  PERFORM 1 FROM redshift_iam.catalog_iam_policies p WHERE p.policy_arn = $1 FOR UPDATE;
  IF NOT FOUND THEN
    PERFORM redshift_iam_internal._iam_no_such_policy($1, op);
  END IF;
  SELECT count(*), 'v' || (coalesce(max(substr(v.version_id, 2)::integer), 0) + 1)
    INTO v_n, v_version
    FROM redshift_iam.catalog_iam_policy_versions v WHERE v.policy_arn = $1;
  IF v_n >= 5 THEN
    PERFORM redshift_iam_internal._aws_error('54000', 'LimitExceeded', op,
      'A managed policy can have up to 5 versions. Before you create a new version, you must delete an existing version.',
      'redshift_iam.delete_policy_version() deletes a version that is not the default.');
  END IF;
  v_doc := redshift_iam_internal._iam_document($2, format('policy %s version %s', redshift_iam_internal._excerpt($1, 200), v_version), 'identity', op);
  INSERT INTO redshift_iam.catalog_iam_policy_versions (policy_arn, version_id, document, create_date)
  VALUES ($1, v_version, v_doc, v_now);
  UPDATE redshift_iam.catalog_iam_policies p
     SET default_version_id = CASE WHEN coalesce($3, false) THEN v_version ELSE p.default_version_id END,
         update_date = v_now,
         generation = nextval('redshift_iam.policy_generation'),
         updated_at = v_now
   WHERE p.policy_arn = $1;
  RETURN v_version;
END
$$;
COMMENT ON FUNCTION redshift_iam.create_policy_version(text, jsonb, boolean) IS
  'Superusers: CreatePolicyVersion, a new version (v<n+1>) of a managed policy, the default one when set_as_default; LimitExceeded (54000) when the policy has 5 versions already, as IAM allows; returns the version ID';

CREATE FUNCTION redshift_iam.set_default_policy_version(policy_arn text, version_id text)
RETURNS void
LANGUAGE plpgsql VOLATILE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  op constant text := 'SetDefaultPolicyVersion';
BEGIN
  PERFORM redshift_iam_internal._require_superuser('change IAM policies');
  PERFORM redshift_iam_internal._iam_write_lock();
  PERFORM redshift_iam_internal._iam_check_policy_arn($1, op);
  PERFORM 1 FROM redshift_iam.catalog_iam_policies p WHERE p.policy_arn = $1 FOR UPDATE;
  IF NOT FOUND THEN
    PERFORM redshift_iam_internal._iam_no_such_policy($1, op);
  END IF;
  PERFORM 1 FROM redshift_iam.catalog_iam_policy_versions v WHERE v.policy_arn = $1 AND v.version_id = $2;
  IF NOT FOUND THEN
    PERFORM redshift_iam_internal._aws_error('42704', 'NoSuchEntity', op,
      format('Policy %s version %s does not exist or is not attachable.', $1, redshift_iam_internal._excerpt($2, 64)),
      'SELECT version_id FROM redshift_iam.iam_policy_versions WHERE policy_arn = ... lists its versions.');
  END IF;
  UPDATE redshift_iam.catalog_iam_policies p
     SET default_version_id = $2, update_date = clock_timestamp(),
         generation = nextval('redshift_iam.policy_generation'), updated_at = clock_timestamp()
   WHERE p.policy_arn = $1;
END
$$;
COMMENT ON FUNCTION redshift_iam.set_default_policy_version(text, text) IS
  'Superusers: SetDefaultPolicyVersion, make a version of a managed policy the one in force; NoSuchEntity (42704) for an unknown policy or version';

CREATE FUNCTION redshift_iam.delete_policy_version(policy_arn text, version_id text)
RETURNS void
LANGUAGE plpgsql VOLATILE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  op constant text := 'DeletePolicyVersion';
BEGIN
  PERFORM redshift_iam_internal._require_superuser('delete IAM policy versions');
  PERFORM redshift_iam_internal._iam_write_lock();
  PERFORM redshift_iam_internal._iam_check_policy_arn($1, op);
  PERFORM 1 FROM redshift_iam.catalog_iam_policies p WHERE p.policy_arn = $1 FOR UPDATE;
  IF NOT FOUND THEN
    PERFORM redshift_iam_internal._iam_no_such_policy($1, op);
  END IF;
  IF EXISTS (SELECT 1 FROM redshift_iam.catalog_iam_policies p WHERE p.policy_arn = $1 AND p.default_version_id = $2) THEN
    PERFORM redshift_iam_internal._aws_error('2BP01', 'DeleteConflict', op,
      'Cannot delete the default version of a policy.',
      'redshift_iam.set_default_policy_version() makes another version the default first; redshift_iam.delete_policy() deletes the policy.');
  END IF;
  DELETE FROM redshift_iam.catalog_iam_policy_versions v WHERE v.policy_arn = $1 AND v.version_id = $2;
  IF NOT FOUND THEN
    PERFORM redshift_iam_internal._aws_error('42704', 'NoSuchEntity', op,
      format('Policy %s version %s does not exist or is not attachable.', $1, redshift_iam_internal._excerpt($2, 64)),
      'SELECT version_id FROM redshift_iam.iam_policy_versions WHERE policy_arn = ... lists its versions.');
  END IF;
END
$$;
COMMENT ON FUNCTION redshift_iam.delete_policy_version(text, text) IS
  'Superusers: DeletePolicyVersion; NoSuchEntity (42704) for an unknown policy or version, DeleteConflict (2BP01) for the default version';

CREATE FUNCTION redshift_iam.delete_policy(policy_arn text)
RETURNS void
LANGUAGE plpgsql VOLATILE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  op constant text := 'DeletePolicy';
BEGIN
  PERFORM redshift_iam_internal._require_superuser('delete IAM policies');
  PERFORM redshift_iam_internal._iam_write_lock();
  PERFORM redshift_iam_internal._iam_check_policy_arn($1, op);
  PERFORM 1 FROM redshift_iam.catalog_iam_policies p WHERE p.policy_arn = $1 FOR UPDATE;
  IF NOT FOUND THEN
    PERFORM redshift_iam_internal._iam_no_such_policy($1, op);
  END IF;
  IF EXISTS (SELECT 1 FROM redshift_iam.catalog_iam_role_attachments a WHERE a.policy_arn = $1) THEN
    PERFORM redshift_iam_internal._aws_error('2BP01', 'DeleteConflict', op,
      'Cannot delete a policy attached to entities.',
      format('redshift_iam.detach_role_policy() detaches it first; SELECT role_arn FROM redshift_iam.iam_role_policies WHERE policy_arn = %L lists the roles.', $1));
  END IF;
  DELETE FROM redshift_iam.catalog_iam_policies p WHERE p.policy_arn = $1;
END
$$;
COMMENT ON FUNCTION redshift_iam.delete_policy(text) IS
  'Superusers: DeletePolicy with all its versions; NoSuchEntity (42704) for an unknown policy, DeleteConflict (2BP01) while a role of the snapshot has it attached';

CREATE FUNCTION redshift_iam.attach_role_policy(role_arn text, policy_arn text)
RETURNS void
LANGUAGE plpgsql VOLATILE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  op constant text := 'AttachRolePolicy';
  v_name text;
  v_attachable boolean;
BEGIN
  PERFORM redshift_iam_internal._require_superuser('attach IAM policies');
  PERFORM redshift_iam_internal._iam_write_lock();
  PERFORM redshift_iam_internal._iam_check_role_arn($1, op);
  PERFORM redshift_iam_internal._iam_check_policy_arn($2, op);
  PERFORM 1 FROM redshift_iam.catalog_iam_roles r WHERE r.role_arn = $1 FOR SHARE;
  IF NOT FOUND THEN
    PERFORM redshift_iam_internal._iam_no_such_role($1, op);
  END IF;
  SELECT p.policy_name, p.is_attachable INTO v_name, v_attachable
    FROM redshift_iam.catalog_iam_policies p WHERE p.policy_arn = $2 FOR UPDATE;
  IF NOT FOUND THEN
    PERFORM redshift_iam_internal._iam_no_such_policy($2, op);
  END IF;
  IF NOT v_attachable THEN
    PERFORM redshift_iam_internal._aws_error('22023', 'PolicyNotAttachable', op,
      format('Policy %s is not attachable.', $2), NULL);
  END IF;
  INSERT INTO redshift_iam.catalog_iam_role_attachments (role_arn, policy_arn, policy_name)
  VALUES ($1, $2, v_name)
  ON CONFLICT DO NOTHING;
  IF FOUND THEN
    UPDATE redshift_iam.catalog_iam_policies p
       SET attachment_count = coalesce(p.attachment_count, 0) + 1
     WHERE p.policy_arn = $2;
  END IF;
END
$$;
COMMENT ON FUNCTION redshift_iam.attach_role_policy(text, text) IS
  'Superusers: AttachRolePolicy, attach a managed policy of the snapshot to a role of the snapshot (attaching twice is one attachment, as in IAM); NoSuchEntity (42704) when either is unknown';

CREATE FUNCTION redshift_iam.detach_role_policy(role_arn text, policy_arn text)
RETURNS void
LANGUAGE plpgsql VOLATILE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  op constant text := 'DetachRolePolicy';
BEGIN
  PERFORM redshift_iam_internal._require_superuser('detach IAM policies');
  PERFORM redshift_iam_internal._iam_write_lock();
  PERFORM redshift_iam_internal._iam_check_role_arn($1, op);
  PERFORM redshift_iam_internal._iam_check_policy_arn($2, op);
  PERFORM 1 FROM redshift_iam.catalog_iam_roles r WHERE r.role_arn = $1;
  IF NOT FOUND THEN
    PERFORM redshift_iam_internal._iam_no_such_role($1, op);
  END IF;
  DELETE FROM redshift_iam.catalog_iam_role_attachments a WHERE a.role_arn = $1 AND a.policy_arn = $2;
  IF NOT FOUND THEN
    PERFORM redshift_iam_internal._aws_error('42704', 'NoSuchEntity', op,
      format('Policy %s was not found.', $2),
      format('SELECT policy_arn FROM redshift_iam.iam_role_policies WHERE role_arn = %L lists what is attached.', $1));
  END IF;
  UPDATE redshift_iam.catalog_iam_policies p
     SET attachment_count = greatest(coalesce(p.attachment_count, 1) - 1, 0)
   WHERE p.policy_arn = $2;
END
$$;
COMMENT ON FUNCTION redshift_iam.detach_role_policy(text, text) IS
  'Superusers: DetachRolePolicy; NoSuchEntity (42704) when the role is unknown or the policy is not attached to it';

CREATE FUNCTION redshift_iam.put_resource_policy(resource_arn text, policy_document jsonb, account_id text DEFAULT NULL)
RETURNS void
LANGUAGE plpgsql VOLATILE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  op constant text := 'PutResourcePolicy';
  v_doc jsonb;
  v_account text;
BEGIN
  PERFORM redshift_iam_internal._require_superuser('put resource-based policies');
  PERFORM redshift_iam_internal._iam_write_lock();
  IF $1 IS NULL OR NOT redshift_iam_internal._iam_resource_arn_ok($1) THEN
    PERFORM redshift_iam_internal._aws_error('22023', 'ValidationError', op,
      format('%s is not the ARN of an S3 bucket, a KMS key or a Lambda function',
             coalesce(quote_literal(redshift_iam_internal._excerpt($1, 160)), 'null')),
      'Resource policies are kept for arn:aws:s3:::<bucket>, arn:aws:kms:<region>:<account>:key/<id> and arn:aws:lambda:<region>:<account>:function:<name>.');
  END IF;
  IF $3 IS NOT NULL AND NOT redshift_iam_internal._iam_owner_ok(pg_catalog.to_jsonb($3), $1) THEN
    PERFORM redshift_iam_internal._aws_error('22023', 'ValidationError', op,
      format('account_id %s is not the owner of %s: an account ID is 12 digits, and a KMS key''s or Lambda function''s owner is the account its ARN names',
             quote_literal(redshift_iam_internal._excerpt($3, 40)), redshift_iam_internal._excerpt($1, 200)),
      'Leave account_id out for a key or a function; give the bucket owner''s account for an S3 bucket.');
  END IF;
  v_doc := redshift_iam_internal._iam_document($2, format('resource policy of %s', redshift_iam_internal._excerpt($1, 200)), 'resource', op);
  -- the owner: as given, else the ARN's account, else the snapshot's one account
  v_account := coalesce($3, nullif(split_part($1, ':', 5), ''),
                        (SELECT min(r.account_id) FROM redshift_iam.catalog_iam_roles r
                         HAVING count(DISTINCT r.account_id) = 1));
  INSERT INTO redshift_iam.catalog_iam_resource_policies AS c (resource_arn, policy_document, updated_at, account_id)
  VALUES ($1, v_doc, clock_timestamp(), v_account)
  ON CONFLICT ON CONSTRAINT catalog_iam_resource_policies_pkey DO UPDATE
     SET policy_document = excluded.policy_document,
         generation = excluded.generation,
         updated_at = excluded.updated_at,
         account_id = excluded.account_id;
END
$$;
COMMENT ON FUNCTION redshift_iam.put_resource_policy(text, jsonb, text) IS
  'Superusers: set (or replace) the resource-based policy of an S3 bucket (PutBucketPolicy), a KMS key (PutKeyPolicy) or a Lambda function (its whole policy, as AddPermission builds it); the document needs a Principal in each statement and is validated; account_id is the owner (default: the account the ARN names, else the one account of the snapshot''s roles, else unknown)';

CREATE FUNCTION redshift_iam.delete_resource_policy(resource_arn text)
RETURNS void
LANGUAGE plpgsql VOLATILE
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
  PERFORM redshift_iam_internal._require_superuser('delete resource-based policies');
  PERFORM redshift_iam_internal._iam_write_lock();
  DELETE FROM redshift_iam.catalog_iam_resource_policies c WHERE c.resource_arn = $1;
  IF NOT FOUND THEN
    PERFORM redshift_iam_internal._aws_error('42704', 'NoSuchEntity', 'DeleteResourcePolicy',
      format('No resource policy is stored for %s.', coalesce(redshift_iam_internal._excerpt($1, 160), 'null')),
      'SELECT resource_arn FROM redshift_iam.iam_resource_policies lists them.');
  END IF;
END
$$;
COMMENT ON FUNCTION redshift_iam.delete_resource_policy(text) IS
  'Superusers: remove the resource-based policy of a bucket, key or function (DeleteBucketPolicy; RemovePermission of every statement); NoSuchEntity (42704) when none is stored';

/* ---- views: readable by everyone ---- */

CREATE VIEW redshift_iam.iam_roles AS
SELECT r.role_arn COLLATE pg_catalog."default" AS role_arn,
       r.role_name COLLATE pg_catalog."default" AS role_name,
       r.path COLLATE pg_catalog."default" AS path,
       r.account_id COLLATE pg_catalog."default" AS account_id,
       r.role_id COLLATE pg_catalog."default" AS role_id,
       r.create_date,
       r.description,
       r.assume_role_policy_document AS trust_policy,
       (SELECT pg_catalog.count(*) FROM redshift_iam.catalog_iam_role_policies p
         WHERE p.role_arn OPERATOR(pg_catalog.=) r.role_arn) AS inline_policy_count,
       (SELECT pg_catalog.count(*) FROM redshift_iam.catalog_iam_role_attachments a
         WHERE a.role_arn OPERATOR(pg_catalog.=) r.role_arn) AS attached_policy_count,
       r.permissions_boundary_arn COLLATE pg_catalog."default" AS permissions_boundary_arn,
       r.max_session_duration,
       r.updated_at
  FROM redshift_iam.catalog_iam_roles r;
COMMENT ON VIEW redshift_iam.iam_roles IS
  'IAM roles of the snapshot with their trust policy (who may assume them), the number of inline and attached permission policies, and the permissions boundary (recorded, not evaluated)';

CREATE VIEW redshift_iam.iam_role_policies AS
SELECT p.role_arn COLLATE pg_catalog."default" AS role_arn,
       'inline'::text AS policy_type,
       p.policy_name COLLATE pg_catalog."default" AS policy_name,
       NULL::text AS policy_arn,
       NULL::text AS version_id,
       p.policy_document,
       true AS in_snapshot,
       p.updated_at
  FROM redshift_iam.catalog_iam_role_policies p
UNION ALL
SELECT a.role_arn COLLATE pg_catalog."default",
       'managed'::text,
       a.policy_name COLLATE pg_catalog."default",
       a.policy_arn COLLATE pg_catalog."default",
       m.default_version_id COLLATE pg_catalog."default",
       v.document,
       m.policy_arn IS NOT NULL,
       m.updated_at
  FROM redshift_iam.catalog_iam_role_attachments a
  LEFT JOIN redshift_iam.catalog_iam_policies m ON m.policy_arn OPERATOR(pg_catalog.=) a.policy_arn
  LEFT JOIN redshift_iam.catalog_iam_policy_versions v
         ON v.policy_arn OPERATOR(pg_catalog.=) m.policy_arn
        AND v.version_id OPERATOR(pg_catalog.=) m.default_version_id;
COMMENT ON VIEW redshift_iam.iam_role_policies IS
  'The effective permission policies of each role of the snapshot: its inline policies and the default version of each attached managed policy; in_snapshot is false (and the document NULL) for an attached policy the snapshot lacks, whose permissions are unknown';

CREATE VIEW redshift_iam.iam_policies AS
SELECT m.policy_arn COLLATE pg_catalog."default" AS policy_arn,
       m.policy_name COLLATE pg_catalog."default" AS policy_name,
       m.path COLLATE pg_catalog."default" AS path,
       m.policy_id COLLATE pg_catalog."default" AS policy_id,
       m.default_version_id COLLATE pg_catalog."default" AS default_version_id,
       (SELECT v.document FROM redshift_iam.catalog_iam_policy_versions v
         WHERE v.policy_arn OPERATOR(pg_catalog.=) m.policy_arn
           AND v.version_id OPERATOR(pg_catalog.=) m.default_version_id) AS default_document,
       (SELECT pg_catalog.count(*) FROM redshift_iam.catalog_iam_policy_versions v
         WHERE v.policy_arn OPERATOR(pg_catalog.=) m.policy_arn) AS version_count,
       m.attachment_count,
       m.is_attachable,
       m.description,
       m.create_date,
       m.update_date,
       m.updated_at
  FROM redshift_iam.catalog_iam_policies m;
COMMENT ON VIEW redshift_iam.iam_policies IS
  'Managed policies of the snapshot with the document of their default version; attachment_count is IAM''s (the whole account, from the export) adjusted by the writers';

CREATE VIEW redshift_iam.iam_policy_versions AS
SELECT v.policy_arn COLLATE pg_catalog."default" AS policy_arn,
       v.version_id COLLATE pg_catalog."default" AS version_id,
       v.version_id OPERATOR(pg_catalog.=) m.default_version_id AS is_default_version,
       v.document,
       v.create_date
  FROM redshift_iam.catalog_iam_policy_versions v
  JOIN redshift_iam.catalog_iam_policies m ON m.policy_arn OPERATOR(pg_catalog.=) v.policy_arn;
COMMENT ON VIEW redshift_iam.iam_policy_versions IS
  'Every version of the snapshot''s managed policies (at most 5 each), with the one in force marked';

CREATE VIEW redshift_iam.iam_resource_policies AS
SELECT c.resource_arn COLLATE pg_catalog."default" AS resource_arn,
       CASE pg_catalog.split_part(c.resource_arn, ':', 3)
         WHEN 's3' THEN 's3-bucket' WHEN 'kms' THEN 'kms-key' ELSE 'lambda-function' END AS resource_type,
       c.policy_document,
       c.updated_at,
       c.account_id COLLATE pg_catalog."default" AS account_id
  FROM redshift_iam.catalog_iam_resource_policies c;
COMMENT ON VIEW redshift_iam.iam_resource_policies IS
  'Resource-based policies of the snapshot: S3 bucket, KMS key and Lambda function policies, by resource ARN, with the account that owns the resource (NULL: unknown, taken to be the requesting role''s)';

GRANT SELECT ON redshift_iam.iam_roles TO PUBLIC;
GRANT SELECT ON redshift_iam.iam_role_policies TO PUBLIC;
GRANT SELECT ON redshift_iam.iam_policies TO PUBLIC;
GRANT SELECT ON redshift_iam.iam_policy_versions TO PUBLIC;
GRANT SELECT ON redshift_iam.iam_resource_policies TO PUBLIC;

/* ---- the interface of the command checks ---- */

CREATE FUNCTION redshift_iam_internal.iam_authorization_details(role_arns text[])
RETURNS jsonb
LANGUAGE plpgsql STABLE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
-- PL/pgSQL, not SQL: its plan is kept for the session (a SQL function with
-- SET is planned again on every call); dates formatted in line for the same
-- reason (a helper function would be planned again for every row)
RETURN (
WITH roles AS (
  SELECT r.* FROM redshift_iam.catalog_iam_roles r
   WHERE r.role_arn OPERATOR(pg_catalog.=) ANY ($1::text[] COLLATE "C")
), attached AS (
  SELECT DISTINCT a.policy_arn FROM redshift_iam.catalog_iam_role_attachments a
    JOIN roles r ON r.role_arn OPERATOR(pg_catalog.=) a.role_arn
)
SELECT pg_catalog.jsonb_build_object(
  'RoleDetailList', coalesce((
    SELECT pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object(
             'Path', r.path,
             'RoleName', r.role_name,
             'RoleId', r.role_id,
             'Arn', r.role_arn,
             'CreateDate', pg_catalog.to_char(r.create_date AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'),
             'AssumeRolePolicyDocument', r.assume_role_policy_document,
             'RolePolicyList', coalesce((
               SELECT pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object(
                        'PolicyName', p.policy_name, 'PolicyDocument', p.policy_document)
                        ORDER BY p.policy_name)
                 FROM redshift_iam.catalog_iam_role_policies p
                WHERE p.role_arn OPERATOR(pg_catalog.=) r.role_arn), '[]'::jsonb),
             'AttachedManagedPolicies', coalesce((
               SELECT pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object(
                        'PolicyName', a.policy_name, 'PolicyArn', a.policy_arn)
                        ORDER BY a.policy_arn)
                 FROM redshift_iam.catalog_iam_role_attachments a
                WHERE a.role_arn OPERATOR(pg_catalog.=) r.role_arn), '[]'::jsonb))
           ORDER BY r.role_arn)
      FROM roles r), '[]'::jsonb),
  'Policies', coalesce((
    SELECT pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object(
             'PolicyName', m.policy_name,
             'PolicyId', m.policy_id,
             'Arn', m.policy_arn,
             'Path', m.path,
             'DefaultVersionId', m.default_version_id,
             'AttachmentCount', m.attachment_count,
             'IsAttachable', m.is_attachable,
             'PolicyVersionList', coalesce((
               SELECT pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object(
                        'Document', v.document,
                        'VersionId', v.version_id,
                        'IsDefaultVersion', v.version_id OPERATOR(pg_catalog.=) m.default_version_id,
                        'CreateDate', pg_catalog.to_char(v.create_date AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'))
                        ORDER BY v.version_id OPERATOR(pg_catalog.<>) m.default_version_id,
                                 pg_catalog.substr(v.version_id, 2)::integer)
                 FROM redshift_iam.catalog_iam_policy_versions v
                WHERE v.policy_arn OPERATOR(pg_catalog.=) m.policy_arn), '[]'::jsonb))
           ORDER BY m.policy_arn)
      FROM redshift_iam.catalog_iam_policies m
      JOIN attached a ON a.policy_arn OPERATOR(pg_catalog.=) m.policy_arn), '[]'::jsonb),
  'ResourcePolicies', coalesce((
    SELECT pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object(
             'ResourceArn', rp.resource_arn, 'Policy', rp.policy_document)
             OPERATOR(pg_catalog.||) CASE WHEN rp.account_id IS NULL THEN '{}'::jsonb
                  ELSE pg_catalog.jsonb_build_object('AccountId', rp.account_id) END
           ORDER BY rp.resource_arn)
      FROM redshift_iam.catalog_iam_resource_policies rp), '[]'::jsonb)));
END
$$;
COMMENT ON FUNCTION redshift_iam_internal.iam_authorization_details(text[]) IS
  'Internal, for the command checks: the snapshot as `aws iam get-account-authorization-details` prints it, restricted to the named roles (RoleDetailList; absent roles are left out), the managed policies attached to them (Policies, every version, the default first) and every resource-based policy (ResourcePolicies: [{ResourceArn, Policy, AccountId}], AccountId when the owner is known, this extension''s addition); documents are JSON objects';

/* ---- privileges ---- */

REVOKE ALL ON FUNCTION redshift_iam.import_iam(jsonb) FROM PUBLIC;
REVOKE ALL ON FUNCTION redshift_iam.create_role(text, jsonb) FROM PUBLIC;
REVOKE ALL ON FUNCTION redshift_iam.create_role(text, text, jsonb, text, text) FROM PUBLIC;
REVOKE ALL ON FUNCTION redshift_iam.delete_role(text) FROM PUBLIC;
REVOKE ALL ON FUNCTION redshift_iam.put_role_policy(text, text, jsonb) FROM PUBLIC;
REVOKE ALL ON FUNCTION redshift_iam.delete_role_policy(text, text) FROM PUBLIC;
REVOKE ALL ON FUNCTION redshift_iam.create_policy(text, jsonb) FROM PUBLIC;
REVOKE ALL ON FUNCTION redshift_iam.create_policy(text, text, jsonb, text, text) FROM PUBLIC;
REVOKE ALL ON FUNCTION redshift_iam.create_policy_version(text, jsonb, boolean) FROM PUBLIC;
REVOKE ALL ON FUNCTION redshift_iam.set_default_policy_version(text, text) FROM PUBLIC;
REVOKE ALL ON FUNCTION redshift_iam.delete_policy_version(text, text) FROM PUBLIC;
REVOKE ALL ON FUNCTION redshift_iam.delete_policy(text) FROM PUBLIC;
REVOKE ALL ON FUNCTION redshift_iam.attach_role_policy(text, text) FROM PUBLIC;
REVOKE ALL ON FUNCTION redshift_iam.detach_role_policy(text, text) FROM PUBLIC;
REVOKE ALL ON FUNCTION redshift_iam.put_resource_policy(text, jsonb, text) FROM PUBLIC;
REVOKE ALL ON FUNCTION redshift_iam.delete_resource_policy(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION redshift_iam_internal.iam_authorization_details(text[]) TO PUBLIC;

-- ---- endpoint: access keys of IAM users for redshift-iam-endpoint (extension/parts/70_access_keys.sql) ----
CREATE TABLE redshift_iam.catalog_access_keys (
    access_key_id      text COLLATE "C" NOT NULL PRIMARY KEY,
    principal_arn      text COLLATE "C" NOT NULL,
    secret_access_key  text NOT NULL,
    status             text NOT NULL
        CHECK (status OPERATOR(pg_catalog.=) ANY (ARRAY['Active', 'Inactive']::pg_catalog.text[])),
    created_at         timestamptz NOT NULL
);
CREATE INDEX catalog_access_keys_principal ON redshift_iam.catalog_access_keys (principal_arn);
COMMENT ON INDEX redshift_iam.catalog_access_keys_principal IS
  'The access keys of one user, for list_access_keys and the two-key quota of create_access_key';
COMMENT ON TABLE redshift_iam.catalog_access_keys IS
  'Access keys of IAM users with their secrets in clear text (SigV4 needs them to verify signatures): readable by superusers and roles granted SELECT (the endpoint''s connection role); pg_dump output holds them. Written only by create_access_key, update_access_key and delete_access_key.';

REVOKE ALL ON TABLE redshift_iam.catalog_access_keys FROM PUBLIC;
SELECT pg_catalog.pg_extension_config_dump('redshift_iam.catalog_access_keys', '');

CREATE FUNCTION redshift_iam.create_access_key(principal_arn text)
RETURNS TABLE (access_key_id text, secret_access_key text, user_arn text, status text, create_date timestamptz)
LANGUAGE plpgsql VOLATILE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  v_type text;
  v_id text;
  v_secret text;
  v_now timestamptz := date_trunc('seconds', clock_timestamp());
  v_alphabet constant text := 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  v_bytes bytea;
  i integer;
BEGIN
  PERFORM redshift_iam_internal._require_superuser('create access keys');
  v_type := redshift_iam_internal._check_principal_arn($1);
  IF v_type <> 'user' THEN
    PERFORM redshift_iam_internal._aws_error('22023', 'ValidationError', 'CreateAccessKey',
      format('Access keys belong to IAM users; %s is a role.', redshift_iam_internal._excerpt($1, 256)),
      'Create the key for an IAM user ARN (arn:aws:iam::<account>:user/<name>).');
  END IF;
  -- IAM's quota: two access keys per user
  PERFORM 1 FROM redshift_iam.catalog_access_keys k WHERE k.principal_arn = $1 FOR UPDATE;
  IF (SELECT count(*) FROM redshift_iam.catalog_access_keys k WHERE k.principal_arn = $1) >= 2 THEN
    PERFORM redshift_iam_internal._aws_error('54000', 'LimitExceeded', 'CreateAccessKey',
      'Cannot exceed quota for AccessKeysPerUser: 2',
      format('Delete a key first: SELECT access_key_id FROM redshift_iam.list_access_keys(%L);', $1));
  END IF;
  LOOP
    -- gen_random_uuid() draws from the server's strong random source;
    -- 16 bytes of it become 16 base32 characters after AKIA
    v_bytes := decode(replace(gen_random_uuid()::text, '-', ''), 'hex');
    v_id := 'AKIA';
    FOR i IN 0..15 LOOP
      v_id := v_id || substr(v_alphabet, (get_byte(v_bytes, i) % 32) + 1, 1);
    END LOOP;
    EXIT WHEN NOT EXISTS (SELECT 1 FROM redshift_iam.catalog_access_keys k WHERE k.access_key_id = v_id);
  END LOOP;
  -- 40 characters of base64 from 32 random bytes, as IAM's secrets look
  v_secret := left(encode(decode(replace(gen_random_uuid()::text || gen_random_uuid()::text, '-', ''), 'hex'),
                          'base64'), 40);
  INSERT INTO redshift_iam.catalog_access_keys AS k
         (access_key_id, principal_arn, secret_access_key, status, created_at)
  VALUES (v_id, $1, v_secret, 'Active', v_now);
  RETURN QUERY SELECT v_id, v_secret, $1, 'Active'::text, v_now;
END
$$;
COMMENT ON FUNCTION redshift_iam.create_access_key(text) IS
  'Superusers: a new access key (AKIA...) of an IAM user, like IAM''s CreateAccessKey; the secret is shown here once (list_access_keys never shows it); at most two keys per user';

CREATE FUNCTION redshift_iam.update_access_key(access_key_id text, status text)
RETURNS void
LANGUAGE plpgsql VOLATILE
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
  PERFORM redshift_iam_internal._require_superuser('update access keys');
  IF $2 IS NULL OR $2 NOT IN ('Active', 'Inactive') THEN
    PERFORM redshift_iam_internal._aws_error('22023', 'ValidationError', 'UpdateAccessKey',
      format('Value %s at ''status'' failed to satisfy constraint: Member must satisfy enum value set: [Active, Inactive]',
             coalesce(quote_literal(redshift_iam_internal._excerpt($2, 64)), 'null')));
  END IF;
  UPDATE redshift_iam.catalog_access_keys k SET status = $2 WHERE k.access_key_id = $1;
  IF NOT FOUND THEN
    PERFORM redshift_iam_internal._aws_error('42704', 'NoSuchEntity', 'UpdateAccessKey',
      format('The Access Key with id %s cannot be found.', redshift_iam_internal._excerpt($1, 128)));
  END IF;
END
$$;
COMMENT ON FUNCTION redshift_iam.update_access_key(text, text) IS
  'Superusers: make an access key Active or Inactive, like IAM''s UpdateAccessKey; an inactive key is refused by the endpoint (InvalidClientTokenId)';

CREATE FUNCTION redshift_iam.delete_access_key(access_key_id text)
RETURNS void
LANGUAGE plpgsql VOLATILE
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
  PERFORM redshift_iam_internal._require_superuser('delete access keys');
  DELETE FROM redshift_iam.catalog_access_keys k WHERE k.access_key_id = $1;
  IF NOT FOUND THEN
    PERFORM redshift_iam_internal._aws_error('42704', 'NoSuchEntity', 'DeleteAccessKey',
      format('The Access Key with id %s cannot be found.', redshift_iam_internal._excerpt($1, 128)));
  END IF;
END
$$;
COMMENT ON FUNCTION redshift_iam.delete_access_key(text) IS
  'Superusers: delete an access key, like IAM''s DeleteAccessKey; requests signed with it fail at once (InvalidClientTokenId)';

CREATE FUNCTION redshift_iam.list_access_keys(principal_arn text DEFAULT NULL)
RETURNS TABLE (access_key_id text, user_arn text, status text, create_date timestamptz)
LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
  PERFORM redshift_iam_internal._require_superuser('list access keys');
  RETURN QUERY
    SELECT k.access_key_id, k.principal_arn, k.status, k.created_at
      FROM redshift_iam.catalog_access_keys k
     WHERE $1 IS NULL OR k.principal_arn = $1
     ORDER BY k.principal_arn, k.created_at, k.access_key_id;
END
$$;
COMMENT ON FUNCTION redshift_iam.list_access_keys(text) IS
  'Superusers: the access keys of one IAM user (or of all), like IAM''s ListAccessKeys: ID, user, status, creation time; never the secret';

REVOKE ALL ON FUNCTION redshift_iam.create_access_key(text) FROM PUBLIC;
REVOKE ALL ON FUNCTION redshift_iam.update_access_key(text, text) FROM PUBLIC;
REVOKE ALL ON FUNCTION redshift_iam.delete_access_key(text) FROM PUBLIC;
REVOKE ALL ON FUNCTION redshift_iam.list_access_keys(text) FROM PUBLIC;

-- ---- serverless: Redshift Serverless namespaces and workgroups (import_namespaces) ----

/* ======================================================================
 * Redshift Serverless namespaces and workgroups
 *
 * A Serverless workgroup runs on one namespace, and the namespace holds
 * the IAM roles and the default role (Amazon Redshift Management Guide,
 * "Amazon Redshift Serverless: namespaces and workgroups",
 * https://docs.aws.amazon.com/redshift/latest/mgmt/serverless-workgroup-namespace.html).
 * They come into the catalog only by import_namespaces(), from what
 * "aws redshift-serverless list-namespaces", "get-namespace",
 * "list-workgroups" and "get-workgroup" print.  An import is an
 * observation: each row keeps the statuses it was imported with until the
 * next import of that namespace or workgroup (no clock moves them), and
 * each is filed under the account and region of its own ARN.
 *
 * Security: the tables are written only by import_namespaces (SECURITY
 * DEFINER, pinned search_path); checks read them through kept plans
 * (src/pg/check_ctx.c).  Lock order: namespace rows in key order before
 * their role rows, then workgroup rows in key order.
 * ====================================================================== */

CREATE TABLE redshift_iam.catalog_namespaces (
    account_id            text COLLATE "C" NOT NULL,
    region                text COLLATE "C" NOT NULL,
    namespace_name        text COLLATE "C" NOT NULL,
    namespace_id          text NOT NULL,
    namespace_arn         text COLLATE "C" NOT NULL,
    status                text NOT NULL,
    default_iam_role_arn  text COLLATE "C",
    imported_at           timestamptz NOT NULL,
    PRIMARY KEY (account_id, region, namespace_name)
);
COMMENT ON TABLE redshift_iam.catalog_namespaces IS
  'Redshift Serverless namespaces by (account_id, region, namespace_name), as last imported (status as AWS printed it). Written only by redshift_iam.import_namespaces.';
CREATE INDEX catalog_namespaces_arn ON redshift_iam.catalog_namespaces (namespace_arn);
COMMENT ON INDEX redshift_iam.catalog_namespaces_arn IS
  'Finds a namespace by its ARN (check_command and validate_script accept one in place of a name)';
CREATE INDEX catalog_namespaces_name ON redshift_iam.catalog_namespaces (namespace_name);
COMMENT ON INDEX redshift_iam.catalog_namespaces_name IS
  'Finds a namespace by its name in any account and region: every check looks a name up here, so a cluster''s check stays an index probe';

CREATE TABLE redshift_iam.catalog_namespace_iam_roles (
    account_id            text COLLATE "C" NOT NULL,
    region                text COLLATE "C" NOT NULL,
    namespace_name        text COLLATE "C" NOT NULL,
    iam_role_arn          text COLLATE "C" NOT NULL,
    apply_status          text NOT NULL
        CHECK (apply_status OPERATOR(pg_catalog.=) ANY (ARRAY['adding', 'in-sync', 'removing']::pg_catalog.text[])),
    ordinal               integer NOT NULL,
    PRIMARY KEY (account_id, region, namespace_name, iam_role_arn),
    FOREIGN KEY (account_id, region, namespace_name)
        REFERENCES redshift_iam.catalog_namespaces ON DELETE CASCADE
);
COMMENT ON TABLE redshift_iam.catalog_namespace_iam_roles IS
  'IAM roles of Redshift Serverless namespaces with the applyStatus imported (a plain ARN in older output is in-sync); ordinal keeps the order AWS listed them in. Written only by redshift_iam.import_namespaces.';

CREATE TABLE redshift_iam.catalog_workgroups (
    account_id            text COLLATE "C" NOT NULL,
    region                text COLLATE "C" NOT NULL,
    workgroup_name        text COLLATE "C" NOT NULL,
    namespace_name        text COLLATE "C" NOT NULL,
    workgroup_arn         text COLLATE "C" NOT NULL,
    status                text NOT NULL,
    imported_at           timestamptz NOT NULL,
    PRIMARY KEY (account_id, region, workgroup_name)
);
COMMENT ON TABLE redshift_iam.catalog_workgroups IS
  'Redshift Serverless workgroups by (account_id, region, workgroup_name) and the namespace each runs on, as last imported. Written only by redshift_iam.import_namespaces.';
CREATE INDEX catalog_workgroups_arn ON redshift_iam.catalog_workgroups (workgroup_arn);
COMMENT ON INDEX redshift_iam.catalog_workgroups_arn IS
  'Finds a workgroup by its ARN (check_command and validate_script accept one in place of a name)';
CREATE INDEX catalog_workgroups_name ON redshift_iam.catalog_workgroups (workgroup_name);
COMMENT ON INDEX redshift_iam.catalog_workgroups_name IS
  'Finds a workgroup by its name in any account and region, for the lookup every check makes';

REVOKE ALL ON TABLE redshift_iam.catalog_namespaces FROM PUBLIC;
REVOKE ALL ON TABLE redshift_iam.catalog_namespace_iam_roles FROM PUBLIC;
REVOKE ALL ON TABLE redshift_iam.catalog_workgroups FROM PUBLIC;
SELECT pg_catalog.pg_extension_config_dump('redshift_iam.catalog_namespaces', '');
SELECT pg_catalog.pg_extension_config_dump('redshift_iam.catalog_namespace_iam_roles', '');
SELECT pg_catalog.pg_extension_config_dump('redshift_iam.catalog_workgroups', '');

/* ---- C helper (src/pg/serverless.c) ---- */

CREATE FUNCTION redshift_iam_internal._parse_serverless_output(document jsonb)
RETURNS jsonb AS 'MODULE_PATHNAME', 'rsi_sql_parse_serverless_output'
LANGUAGE C STABLE;
COMMENT ON FUNCTION redshift_iam_internal._parse_serverless_output(jsonb) IS
  'Internal: read aws redshift-serverless list-namespaces, get-namespace, list-workgroups or get-workgroup output with the core''s reader (src/core/cluster/namespace.c); raises 22023 naming the bad element, 42501 when a caller that is not a superuser imports another account''s, else returns {namespaces, workgroups} normalised';

/* ---- views ---- */

CREATE VIEW redshift_iam.namespaces AS
SELECT n.account_id COLLATE pg_catalog."default" AS account_id,
       n.region COLLATE pg_catalog."default" AS region,
       n.namespace_name COLLATE pg_catalog."default" AS namespace_name,
       n.namespace_id,
       n.namespace_arn COLLATE pg_catalog."default" AS namespace_arn,
       n.status,
       n.default_iam_role_arn COLLATE pg_catalog."default" AS default_iam_role_arn,
       n.imported_at
  FROM redshift_iam.catalog_namespaces n;
COMMENT ON VIEW redshift_iam.namespaces IS
  'Redshift Serverless namespaces of every account and region, with the status and default IAM role last imported';

CREATE VIEW redshift_iam.namespace_iam_roles AS
SELECT r.account_id COLLATE pg_catalog."default" AS account_id,
       r.region COLLATE pg_catalog."default" AS region,
       r.namespace_name COLLATE pg_catalog."default" AS namespace_name,
       r.iam_role_arn COLLATE pg_catalog."default" AS iam_role_arn,
       r.apply_status,
       (r.iam_role_arn OPERATOR(pg_catalog.=) n.default_iam_role_arn) IS TRUE AS is_default,
       r.ordinal
  FROM redshift_iam.catalog_namespace_iam_roles r
  JOIN redshift_iam.catalog_namespaces n
    ON n.account_id OPERATOR(pg_catalog.=) r.account_id
   AND n.region OPERATOR(pg_catalog.=) r.region
   AND n.namespace_name OPERATOR(pg_catalog.=) r.namespace_name;
COMMENT ON VIEW redshift_iam.namespace_iam_roles IS
  'IAM roles of Redshift Serverless namespaces with the applyStatus last imported (adding, in-sync, removing) and whether each is the namespace''s default role';

CREATE VIEW redshift_iam.workgroups AS
SELECT w.account_id COLLATE pg_catalog."default" AS account_id,
       w.region COLLATE pg_catalog."default" AS region,
       w.workgroup_name COLLATE pg_catalog."default" AS workgroup_name,
       w.namespace_name COLLATE pg_catalog."default" AS namespace_name,
       w.workgroup_arn COLLATE pg_catalog."default" AS workgroup_arn,
       w.status,
       w.imported_at
  FROM redshift_iam.catalog_workgroups w;
COMMENT ON VIEW redshift_iam.workgroups IS
  'Redshift Serverless workgroups of every account and region and the namespace each runs on, as last imported';

GRANT SELECT ON redshift_iam.namespaces TO PUBLIC;
GRANT SELECT ON redshift_iam.namespace_iam_roles TO PUBLIC;
GRANT SELECT ON redshift_iam.workgroups TO PUBLIC;

/* ---- import ---- */

CREATE FUNCTION redshift_iam.import_namespaces(document jsonb)
RETURNS integer
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  v_doc jsonb;
  v_now timestamptz := clock_timestamp();
  v_ns integer;
  v_wg integer;
BEGIN
  v_doc := redshift_iam_internal._parse_serverless_output($1);

  -- 1. Authorize every listed namespace and workgroup before anything
  --    changes: creating it as listed, and iam:PassRole for each role.
  PERFORM redshift_iam_internal._authorize('redshift-serverless:CreateNamespace', n->>'arn',
            ARRAY(SELECT r->>'arn' FROM jsonb_array_elements(n->'roles') AS r), n->>'arn')
     FROM jsonb_array_elements(v_doc->'namespaces') AS n;
  PERFORM redshift_iam_internal._authorize('redshift-serverless:CreateWorkgroup', w->>'arn', NULL, NULL)
     FROM jsonb_array_elements(v_doc->'workgroups') AS w;

  -- 2. Replace the listed namespaces: the row (locked in key order), then
  --    its roles; namespaces not listed are left alone.
  INSERT INTO redshift_iam.catalog_namespaces AS c
         (account_id, region, namespace_name, namespace_id, namespace_arn, status,
          default_iam_role_arn, imported_at)
  SELECT n->>'account', n->>'region', n->>'name', n->>'id', n->>'arn', n->>'status',
         n->>'default_role', v_now
    FROM jsonb_array_elements(v_doc->'namespaces') AS n
   ORDER BY (n->>'account') COLLATE "C", (n->>'region') COLLATE "C", (n->>'name') COLLATE "C"
      ON CONFLICT (account_id, region, namespace_name) DO UPDATE
     SET namespace_id = excluded.namespace_id,
         namespace_arn = excluded.namespace_arn,
         status = excluded.status,
         default_iam_role_arn = excluded.default_iam_role_arn,
         imported_at = excluded.imported_at;
  GET DIAGNOSTICS v_ns = ROW_COUNT;

  DELETE FROM redshift_iam.catalog_namespace_iam_roles r
   USING jsonb_array_elements(v_doc->'namespaces') AS n
   WHERE r.account_id = n->>'account' AND r.region = n->>'region'
     AND r.namespace_name = n->>'name';
  INSERT INTO redshift_iam.catalog_namespace_iam_roles
         (account_id, region, namespace_name, iam_role_arn, apply_status, ordinal)
  SELECT n->>'account', n->>'region', n->>'name', r.e->>'arn', r.e->>'status', r.o::integer
    FROM jsonb_array_elements(v_doc->'namespaces') AS n
   CROSS JOIN LATERAL jsonb_array_elements(n->'roles') WITH ORDINALITY AS r(e, o);

  -- 3. Replace the listed workgroups.
  INSERT INTO redshift_iam.catalog_workgroups AS c
         (account_id, region, workgroup_name, namespace_name, workgroup_arn, status, imported_at)
  SELECT w->>'account', w->>'region', w->>'name', w->>'namespace', w->>'arn', w->>'status', v_now
    FROM jsonb_array_elements(v_doc->'workgroups') AS w
   ORDER BY (w->>'account') COLLATE "C", (w->>'region') COLLATE "C", (w->>'name') COLLATE "C"
      ON CONFLICT (account_id, region, workgroup_name) DO UPDATE
     SET namespace_name = excluded.namespace_name,
         workgroup_arn = excluded.workgroup_arn,
         status = excluded.status,
         imported_at = excluded.imported_at;
  GET DIAGNOSTICS v_wg = ROW_COUNT;
  RETURN v_ns + v_wg;
END
$$;
COMMENT ON FUNCTION redshift_iam.import_namespaces(jsonb) IS
  'Create or replace, in one transaction, the Redshift Serverless namespaces (with their IAM roles and default role) and workgroups listed in the output of aws redshift-serverless list-namespaces, get-namespace, list-workgroups or get-workgroup, each in the account and region of its ARN, with the statuses as printed; returns the number of namespaces and workgroups';

REVOKE ALL ON FUNCTION redshift_iam.import_namespaces(jsonb) FROM PUBLIC;
REVOKE ALL ON FUNCTION redshift_iam_internal._parse_serverless_output(jsonb) FROM PUBLIC;

/* ---- the API's answers: what list-namespaces and get-namespace print ---- */

CREATE FUNCTION redshift_iam_internal._namespace_json(account_id text, region text, namespace_name text)
RETURNS jsonb
LANGUAGE sql STABLE
SET search_path = pg_catalog, pg_temp
AS $$
  SELECT jsonb_strip_nulls(jsonb_build_object(
           'namespaceName', n.namespace_name,
           'namespaceArn', n.namespace_arn,
           'namespaceId', n.namespace_id,
           'status', n.status,
           'defaultIamRoleArn', n.default_iam_role_arn,
           'iamRoles', coalesce((SELECT jsonb_agg(format('IamRole(applyStatus=%s, iamRoleArn=%s)',
                                                         r.apply_status, r.iam_role_arn) ORDER BY r.ordinal)
                                   FROM redshift_iam.catalog_namespace_iam_roles r
                                  WHERE r.account_id = n.account_id AND r.region = n.region
                                    AND r.namespace_name = n.namespace_name), '[]'::jsonb)))
    FROM redshift_iam.catalog_namespaces n
   WHERE n.account_id = $1 AND n.region = $2 AND n.namespace_name = $3
$$;
COMMENT ON FUNCTION redshift_iam_internal._namespace_json(text, text, text) IS
  'Internal: one namespace as the Namespace object of the Redshift Serverless API (iamRoles as IamRole(applyStatus=..., iamRoleArn=...) strings, in the order imported), or NULL';

CREATE FUNCTION redshift_iam.list_namespaces()
RETURNS jsonb
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  v_account text;
  v_region text := redshift_iam_internal._region();
BEGIN
  v_account := redshift_iam_internal._authorize('redshift-serverless:ListNamespaces', '*', NULL, NULL);
  RETURN jsonb_build_object('namespaces', coalesce(
    (SELECT jsonb_agg(redshift_iam_internal._namespace_json(n.account_id, n.region, n.namespace_name)
                      ORDER BY n.namespace_name)
       FROM redshift_iam.catalog_namespaces n
      WHERE n.account_id = v_account AND n.region = v_region), '[]'::jsonb));
END
$$;
COMMENT ON FUNCTION redshift_iam.list_namespaces() IS
  'The namespaces of the current account and region (redshift_iam.region) as aws redshift-serverless list-namespaces prints them ({"namespaces": [...]}, every one on one page); import_namespaces() takes the result back unchanged';

CREATE FUNCTION redshift_iam.get_namespace(namespace_name text)
RETURNS jsonb
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  v_account text;
  v_region text := redshift_iam_internal._region();
  v_arn text;
  v_result jsonb;
BEGIN
  v_account := redshift_iam_internal._caller_account();
  SELECT n.namespace_arn INTO v_arn
    FROM redshift_iam.catalog_namespaces n
   WHERE n.account_id = v_account AND n.region = v_region AND n.namespace_name = $1;
  v_account := redshift_iam_internal._authorize('redshift-serverless:GetNamespace', coalesce(v_arn, '*'), NULL, NULL);
  v_result := redshift_iam_internal._namespace_json(v_account, v_region, $1);
  IF v_result IS NULL THEN
    PERFORM redshift_iam_internal._aws_error('42704', 'ResourceNotFoundException', 'GetNamespace',
      format('Namespace %s not found.', redshift_iam_internal._excerpt($1, 64)),
      format('redshift_iam.list_namespaces() lists the namespaces of account %s in region %s (redshift_iam.region).',
             v_account, v_region));
  END IF;
  RETURN jsonb_build_object('namespace', v_result);
END
$$;
COMMENT ON FUNCTION redshift_iam.get_namespace(text) IS
  'One namespace of the current account and region as aws redshift-serverless get-namespace prints it ({"namespace": {...}}); ResourceNotFoundException (42704) when there is none';

REVOKE ALL ON FUNCTION redshift_iam.list_namespaces() FROM PUBLIC;
REVOKE ALL ON FUNCTION redshift_iam.get_namespace(text) FROM PUBLIC;
REVOKE ALL ON FUNCTION redshift_iam_internal._namespace_json(text, text, text) FROM PUBLIC;

-- ---- commands: CREATE MODEL and CREATE LIBRARY, ASSUMEROLE FOR CREATE MODEL, has_assumerole_privilege([user,] ...) ----
-- (_assumerole_args, has_assumerole_privilege(name, text, text), the view
-- assumerole_grants and grant_assumerole's description have their one,
-- final definition in the sections above)

COMMENT ON FUNCTION redshift_iam.parse_command(text) IS
  'Parse one COPY, UNLOAD, CREATE EXTERNAL SCHEMA, CREATE EXTERNAL FUNCTION, CREATE MODEL or CREATE LIBRARY command and return its authorization as jsonb; raises 42601 on grammar errors';

ALTER TABLE redshift_iam.catalog_assumerole_grants
  DROP CONSTRAINT catalog_assumerole_grants_command_check,
  ADD CONSTRAINT catalog_assumerole_grants_command_check
    CHECK (command OPERATOR(pg_catalog.=) ANY (ARRAY['COPY', 'UNLOAD', 'EXTERNAL FUNCTION', 'CREATE MODEL', 'ALL']::pg_catalog.text[]));

CREATE OR REPLACE FUNCTION redshift_iam_internal._assumerole_command(command text)
RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
  SELECT CASE pg_catalog.upper(pg_catalog.regexp_replace(pg_catalog.btrim($1), '\s+', ' ', 'g'))
           WHEN 'COPY' THEN 'COPY'
           WHEN 'UNLOAD' THEN 'UNLOAD'
           WHEN 'EXTERNAL FUNCTION' THEN 'EXTERNAL FUNCTION'
           WHEN 'CREATE MODEL' THEN 'CREATE MODEL'
           WHEN 'ALL' THEN 'ALL'
         END
$$;
COMMENT ON FUNCTION redshift_iam_internal._assumerole_command(text) IS
  'Internal: a command type of ASSUMEROLE (COPY, UNLOAD, EXTERNAL FUNCTION, CREATE MODEL, ALL; case-insensitive) in canonical form, or NULL';

CREATE FUNCTION redshift_iam.has_assumerole_privilege(iam_role text, command text)
RETURNS boolean
LANGUAGE sql STABLE
SET search_path = pg_catalog, pg_temp
AS $$
  SELECT redshift_iam.has_assumerole_privilege(current_user, $1, $2)
$$;
COMMENT ON FUNCTION redshift_iam.has_assumerole_privilege(text, text) IS
  'Does the current user hold ASSUMEROLE on the IAM role (an ARN, a chain as written, or ''default'') for COPY, UNLOAD, EXTERNAL FUNCTION or CREATE MODEL (as Redshift''s HAS_ASSUMEROLE_PRIVILEGE without a user)';

GRANT EXECUTE ON FUNCTION redshift_iam.has_assumerole_privilege(text, text) TO PUBLIC;

-- ---- imports: account and region from the input, observed statuses, ClusterAvailabilityStatus, set-based import ----

ALTER TABLE redshift_iam.catalog_clusters ADD COLUMN availability_status text;
COMMENT ON COLUMN redshift_iam.catalog_clusters.availability_status IS
  'ClusterAvailabilityStatus as imported (Available, Unavailable, Maintenance, Modifying, Failed), NULL when the input had none; when present it decides whether the cluster runs queries now';
COMMENT ON COLUMN redshift_iam.catalog_clusters.ready_at IS
  'When the stored state completes (creating -> available); infinity for a state observed by import_clusters, which stays until the next import or an API call';
-- check_command(''<identifier>'') of a user who set no account or region
-- finds an imported cluster by its identifier alone
CREATE INDEX catalog_clusters_identifier_idx ON redshift_iam.catalog_clusters (cluster_identifier);

DROP FUNCTION redshift_iam.import_clusters(jsonb);
DROP FUNCTION redshift_iam._parse_describe_output(jsonb, text, integer);

-- STABLE: reads the settings and the caller's principal
CREATE FUNCTION redshift_iam_internal._parse_describe_output(describe_clusters_output jsonb, max_roles integer)
RETURNS jsonb AS 'MODULE_PATHNAME', 'rsi_sql_parse_describe_output'
LANGUAGE C STABLE PARALLEL SAFE;
COMMENT ON FUNCTION redshift_iam_internal._parse_describe_output(jsonb, integer) IS
  'Internal: read aws redshift describe-clusters output with the core''s reader (src/core/cluster/describe.c), each cluster placed in the account and region the input names (else the caller''s); raises 22023 naming the bad element or a contradiction with an account or region someone set, else returns the clusters normalised with their warnings';

CREATE OR REPLACE FUNCTION redshift_iam_internal._cluster_json(account_id text, region text, cluster_identifier text)
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

-- STABLE: reads the settings and the caller's principal
CREATE FUNCTION redshift_iam_internal._describe_rows(describe_clusters_output jsonb, max_roles integer)
RETURNS TABLE (account_id text, region text, cluster_identifier text, node_type text,
               number_of_nodes integer, status text, availability text, create_time timestamptz,
               default_role text, warning text, role_arns text[], role_states text[])
AS 'MODULE_PATHNAME', 'rsi_sql_describe_rows'
LANGUAGE C STABLE;
COMMENT ON FUNCTION redshift_iam_internal._describe_rows(jsonb, integer) IS
  'Internal: the clusters of describe-clusters output as rows, read and checked as _parse_describe_output reads them (each placed in the account and region its input names), with its roles and their ApplyStatus as two arrays in document order; for import_clusters';

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

REVOKE ALL ON FUNCTION redshift_iam.import_clusters(jsonb, boolean) FROM PUBLIC;
REVOKE ALL ON FUNCTION redshift_iam_internal._parse_describe_output(jsonb, integer) FROM PUBLIC;
REVOKE ALL ON FUNCTION redshift_iam_internal._describe_rows(jsonb, integer) FROM PUBLIC;

-- the role quota of the region, and its error code
COMMENT ON FUNCTION redshift_iam_internal._max_roles_per_cluster() IS
  'The role quota of a cluster in redshift_iam.region: 10 in us-iso-east-1, us-iso-west-1 and us-isob-east-1 (Quotas and limits in Amazon Redshift), else the setting redshift_iam.max_roles_per_cluster; read from C';

-- ---- iamcore: validate_script reports the IAM evaluation (column iam) ----

/*
 * validate_script gains a last column, iam: role trust, role chains and
 * role permissions evaluated against the imported IAM snapshot
 * (docs/permissions.md).  A result type cannot change in place.
 */
DROP FUNCTION redshift_iam.validate_script(text, text);
CREATE FUNCTION redshift_iam.validate_script(cluster_identifier text, script text)
RETURNS TABLE (statement integer, line integer, col integer, kind text, ok boolean,
               sqlstate text, message text, detail text, hint text, roles text[], iam jsonb)
AS 'MODULE_PATHNAME', 'rsi_sql_validate_script'
LANGUAGE C STRICT VOLATILE;
COMMENT ON FUNCTION redshift_iam.validate_script(text, text) IS
  'Check every statement of a script against the cluster: one row per statement, never raising for a finding; line and col are where the offline checker points (a refusal or warning: the offending clause; a syntax error: the error; otherwise the statement''s first token); statements of other kinds are rows with kind other and ok true; iam is the evaluation of role trust, role chains and role permissions against the imported IAM snapshot (docs/permissions.md), NULL when none is imported or the command names no role';
GRANT EXECUTE ON FUNCTION redshift_iam.validate_script(text, text) TO PUBLIC;

-- ---- iamcore: the IAM snapshot's version, for the checks' cache ----

/*
 * check_command and validate_script keep each role set's compiled IAM
 * snapshot per backend (src/pg/check_iam.c).  They must see every change
 * to the snapshot, deletes included, and only once it is committed, so a
 * one-row table holds a version that every statement writing an IAM table
 * raises, in the writing transaction: a check reads one row to know
 * whether what it holds is current.
 */
CREATE TABLE redshift_iam.catalog_iam_version (
    singleton boolean NOT NULL DEFAULT true,
    version   bigint NOT NULL DEFAULT 0,
    CONSTRAINT catalog_iam_version_pkey PRIMARY KEY (singleton),
    CONSTRAINT catalog_iam_version_singleton CHECK (singleton)
);
INSERT INTO redshift_iam.catalog_iam_version DEFAULT VALUES;
COMMENT ON TABLE redshift_iam.catalog_iam_version IS
  'One row: the IAM snapshot''s version, raised by every statement that writes an IAM snapshot table, so that the command checks know when their cached snapshots are stale';
REVOKE ALL ON TABLE redshift_iam.catalog_iam_version FROM PUBLIC;

CREATE FUNCTION redshift_iam_internal._iam_snapshot_changed()
RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
  UPDATE redshift_iam.catalog_iam_version
     SET version = version OPERATOR(pg_catalog.+) 1;
  RETURN NULL;
END
$$;
COMMENT ON FUNCTION redshift_iam_internal._iam_snapshot_changed() IS
  'Internal trigger: raise the IAM snapshot''s version (catalog_iam_version) once per statement that writes an IAM snapshot table, and per row that logical replication applies';
REVOKE ALL ON FUNCTION redshift_iam_internal._iam_snapshot_changed() FROM PUBLIC;

CREATE TRIGGER iam_snapshot_changed
    AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON redshift_iam.catalog_iam_roles
    FOR EACH STATEMENT EXECUTE FUNCTION redshift_iam_internal._iam_snapshot_changed();
CREATE TRIGGER iam_snapshot_changed
    AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON redshift_iam.catalog_iam_role_policies
    FOR EACH STATEMENT EXECUTE FUNCTION redshift_iam_internal._iam_snapshot_changed();
CREATE TRIGGER iam_snapshot_changed
    AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON redshift_iam.catalog_iam_policies
    FOR EACH STATEMENT EXECUTE FUNCTION redshift_iam_internal._iam_snapshot_changed();
CREATE TRIGGER iam_snapshot_changed
    AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON redshift_iam.catalog_iam_policy_versions
    FOR EACH STATEMENT EXECUTE FUNCTION redshift_iam_internal._iam_snapshot_changed();
CREATE TRIGGER iam_snapshot_changed
    AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON redshift_iam.catalog_iam_role_attachments
    FOR EACH STATEMENT EXECUTE FUNCTION redshift_iam_internal._iam_snapshot_changed();
CREATE TRIGGER iam_snapshot_changed
    AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON redshift_iam.catalog_iam_resource_policies
    FOR EACH STATEMENT EXECUTE FUNCTION redshift_iam_internal._iam_snapshot_changed();
COMMENT ON TRIGGER iam_snapshot_changed ON redshift_iam.catalog_iam_roles IS
  'Raises catalog_iam_version for the command checks'' cache';
COMMENT ON TRIGGER iam_snapshot_changed ON redshift_iam.catalog_iam_role_policies IS
  'Raises catalog_iam_version for the command checks'' cache';
COMMENT ON TRIGGER iam_snapshot_changed ON redshift_iam.catalog_iam_policies IS
  'Raises catalog_iam_version for the command checks'' cache';
COMMENT ON TRIGGER iam_snapshot_changed ON redshift_iam.catalog_iam_policy_versions IS
  'Raises catalog_iam_version for the command checks'' cache';
COMMENT ON TRIGGER iam_snapshot_changed ON redshift_iam.catalog_iam_role_attachments IS
  'Raises catalog_iam_version for the command checks'' cache';
COMMENT ON TRIGGER iam_snapshot_changed ON redshift_iam.catalog_iam_resource_policies IS
  'Raises catalog_iam_version for the command checks'' cache';

-- ---- apidel: DeleteCluster asynchronous (deleting, then gone), final snapshot parameters, ClusterType and NumberOfNodes ----

-- grants someone made on the two functions whose signature changes are
-- kept: noted here, given again to the new functions below
SELECT pg_catalog.set_config('rsi_upgrade.apidel_grants', coalesce(pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object(
         'fn', p.proname::text, 'grantee', a.grantee::pg_catalog.int8, 'grantable', a.is_grantable))::text, '[]'), true)
  FROM pg_catalog.pg_proc p
 CROSS JOIN LATERAL pg_catalog.aclexplode(p.proacl) a
 WHERE p.oid IN ('redshift_iam.create_cluster(text, text, integer, text[], text)'::pg_catalog.regprocedure,
                 'redshift_iam.delete_cluster(text)'::pg_catalog.regprocedure)
   AND a.privilege_type = 'EXECUTE' AND a.grantee <> p.proowner;
DROP FUNCTION redshift_iam.create_cluster(text, text, integer, text[], text);
DROP FUNCTION redshift_iam.delete_cluster(text);

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

CREATE OR REPLACE FUNCTION redshift_iam_internal._effective_cluster_status(status text, ready_at timestamptz)
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

CREATE OR REPLACE VIEW redshift_iam.clusters AS
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

CREATE OR REPLACE VIEW redshift_iam.cluster_iam_roles AS
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

COMMENT ON FUNCTION redshift_iam.apply_pending_changes(text) IS
  'Complete every pending change now (adding -> in-sync, removing -> gone, creating -> available, deleting -> gone) in the current account and region, or for one cluster; returns how many transitions it completed';


REVOKE ALL ON FUNCTION redshift_iam.create_cluster(text, text, integer, text[], text, text) FROM PUBLIC;
REVOKE ALL ON FUNCTION redshift_iam.delete_cluster(text, boolean, text) FROM PUBLIC;
DO $$
DECLARE
  g record;
BEGIN
  FOR g IN SELECT x.fn, x.grantee, x.grantable
             FROM pg_catalog.jsonb_to_recordset(pg_catalog.current_setting('rsi_upgrade.apidel_grants')::pg_catalog.jsonb)
                  AS x(fn text, grantee pg_catalog.int8, grantable boolean)
  LOOP
    EXECUTE pg_catalog.format('GRANT EXECUTE ON FUNCTION %s TO %s%s',
      CASE g.fn WHEN 'create_cluster' THEN 'redshift_iam.create_cluster(text, text, integer, text[], text, text)'
                ELSE 'redshift_iam.delete_cluster(text, boolean, text)' END,
      CASE WHEN g.grantee = 0 THEN 'PUBLIC'
           ELSE pg_catalog.quote_ident((SELECT r.rolname FROM pg_catalog.pg_roles r WHERE r.oid = g.grantee::oid)) END,
      CASE WHEN g.grantable THEN ' WITH GRANT OPTION' ELSE '' END);
  END LOOP;
END
$$;

-- ---- pgcache: the command checks' cache of catalog rows, invalidated by statement triggers ----

/*
 * check_command and validate_script keep, per backend, the catalog rows
 * they read by primary key (src/pg/check_cache.c): cluster rows,
 * associations, the ASSUMEROLE default row, principal mappings and the
 * IAM snapshot's state, and whether the Serverless tables are empty.
 * This statement trigger on each of those tables
 * invalidates the table's relcache entry, so every backend drops its cache
 * when the writing transaction commits, and holds a lock on the extension
 * until those invalidations are sent, so that a check never trusts its
 * cache while a committed write is not yet announced.  It is enabled
 * ALWAYS: logical replication and session_replication_role = replica
 * (bench/bench_seed.sql) fire it too.  A check uses the cache only while
 * every one of these triggers is in place and enabled.
 */
CREATE FUNCTION redshift_iam_internal._check_cache_invalidate()
RETURNS trigger
AS 'MODULE_PATHNAME', 'rsi_sql_check_cache_invalidate'
LANGUAGE C;
COMMENT ON FUNCTION redshift_iam_internal._check_cache_invalidate() IS
  'Internal trigger: drop every backend''s cache of check_command''s catalog rows when the writing transaction commits';
REVOKE ALL ON FUNCTION redshift_iam_internal._check_cache_invalidate() FROM PUBLIC;

CREATE TRIGGER check_cache_invalidate
    BEFORE INSERT OR UPDATE OR DELETE OR TRUNCATE ON redshift_iam.catalog_clusters
    FOR EACH STATEMENT EXECUTE FUNCTION redshift_iam_internal._check_cache_invalidate();
ALTER TABLE redshift_iam.catalog_clusters ENABLE ALWAYS TRIGGER check_cache_invalidate;
COMMENT ON TRIGGER check_cache_invalidate ON redshift_iam.catalog_clusters IS
  'Drops the command checks'' cached catalog rows in every backend when the writing transaction commits';

CREATE TRIGGER check_cache_invalidate
    BEFORE INSERT OR UPDATE OR DELETE OR TRUNCATE ON redshift_iam.catalog_cluster_iam_roles
    FOR EACH STATEMENT EXECUTE FUNCTION redshift_iam_internal._check_cache_invalidate();
ALTER TABLE redshift_iam.catalog_cluster_iam_roles ENABLE ALWAYS TRIGGER check_cache_invalidate;
COMMENT ON TRIGGER check_cache_invalidate ON redshift_iam.catalog_cluster_iam_roles IS
  'Drops the command checks'' cached catalog rows in every backend when the writing transaction commits';

CREATE TRIGGER check_cache_invalidate
    BEFORE INSERT OR UPDATE OR DELETE OR TRUNCATE ON redshift_iam.catalog_assumerole_grants
    FOR EACH STATEMENT EXECUTE FUNCTION redshift_iam_internal._check_cache_invalidate();
ALTER TABLE redshift_iam.catalog_assumerole_grants ENABLE ALWAYS TRIGGER check_cache_invalidate;
COMMENT ON TRIGGER check_cache_invalidate ON redshift_iam.catalog_assumerole_grants IS
  'Drops the command checks'' cached catalog rows in every backend when the writing transaction commits';

CREATE TRIGGER check_cache_invalidate
    BEFORE INSERT OR UPDATE OR DELETE OR TRUNCATE ON redshift_iam.catalog_principals
    FOR EACH STATEMENT EXECUTE FUNCTION redshift_iam_internal._check_cache_invalidate();
ALTER TABLE redshift_iam.catalog_principals ENABLE ALWAYS TRIGGER check_cache_invalidate;
COMMENT ON TRIGGER check_cache_invalidate ON redshift_iam.catalog_principals IS
  'Drops the command checks'' cached catalog rows in every backend when the writing transaction commits';

CREATE TRIGGER check_cache_invalidate
    BEFORE INSERT OR UPDATE OR DELETE OR TRUNCATE ON redshift_iam.catalog_iam_roles
    FOR EACH STATEMENT EXECUTE FUNCTION redshift_iam_internal._check_cache_invalidate();
ALTER TABLE redshift_iam.catalog_iam_roles ENABLE ALWAYS TRIGGER check_cache_invalidate;
COMMENT ON TRIGGER check_cache_invalidate ON redshift_iam.catalog_iam_roles IS
  'Drops the command checks'' cached catalog rows in every backend when the writing transaction commits';

CREATE TRIGGER check_cache_invalidate
    BEFORE INSERT OR UPDATE OR DELETE OR TRUNCATE ON redshift_iam.catalog_iam_version
    FOR EACH STATEMENT EXECUTE FUNCTION redshift_iam_internal._check_cache_invalidate();
ALTER TABLE redshift_iam.catalog_iam_version ENABLE ALWAYS TRIGGER check_cache_invalidate;
COMMENT ON TRIGGER check_cache_invalidate ON redshift_iam.catalog_iam_version IS
  'Drops the command checks'' cached catalog rows in every backend when the writing transaction commits';

CREATE TRIGGER check_cache_invalidate
    BEFORE INSERT OR UPDATE OR DELETE OR TRUNCATE ON redshift_iam.catalog_namespaces
    FOR EACH STATEMENT EXECUTE FUNCTION redshift_iam_internal._check_cache_invalidate();
ALTER TABLE redshift_iam.catalog_namespaces ENABLE ALWAYS TRIGGER check_cache_invalidate;
COMMENT ON TRIGGER check_cache_invalidate ON redshift_iam.catalog_namespaces IS
  'Drops the command checks'' cached catalog rows in every backend when the writing transaction commits';

CREATE TRIGGER check_cache_invalidate
    BEFORE INSERT OR UPDATE OR DELETE OR TRUNCATE ON redshift_iam.catalog_workgroups
    FOR EACH STATEMENT EXECUTE FUNCTION redshift_iam_internal._check_cache_invalidate();
ALTER TABLE redshift_iam.catalog_workgroups ENABLE ALWAYS TRIGGER check_cache_invalidate;
COMMENT ON TRIGGER check_cache_invalidate ON redshift_iam.catalog_workgroups IS
  'Drops the command checks'' cached catalog rows in every backend when the writing transaction commits';

-- ---- trust-audit: the IAM snapshot's version raised under session_replication_role = replica too ----

/*
 * Enabled ALWAYS: a write under session_replication_role = replica (a
 * superuser's restore or bulk load) changes the snapshot too, and a check
 * that kept the old one would allow what the new one refuses.
 */
ALTER TABLE redshift_iam.catalog_iam_roles ENABLE ALWAYS TRIGGER iam_snapshot_changed;
ALTER TABLE redshift_iam.catalog_iam_role_policies ENABLE ALWAYS TRIGGER iam_snapshot_changed;
ALTER TABLE redshift_iam.catalog_iam_policies ENABLE ALWAYS TRIGGER iam_snapshot_changed;
ALTER TABLE redshift_iam.catalog_iam_policy_versions ENABLE ALWAYS TRIGGER iam_snapshot_changed;
ALTER TABLE redshift_iam.catalog_iam_role_attachments ENABLE ALWAYS TRIGGER iam_snapshot_changed;
ALTER TABLE redshift_iam.catalog_iam_resource_policies ENABLE ALWAYS TRIGGER iam_snapshot_changed;

-- ---- trust-audit: the check cache invalidated by logically replicated changes ----

/*
 * The same function as a row trigger, enabled REPLICA: PostgreSQL's
 * logical replication apply worker fires row triggers but no statement
 * trigger ("Logical Replication Architecture", PostgreSQL documentation,
 * https://www.postgresql.org/docs/15/logical-replication-architecture.html),
 * so without it a subscriber's backends would keep rows the publisher
 * changed.  REPLICA: it fires only where session_replication_role is
 * replica (the apply worker, a superuser's bulk load), so ordinary writes
 * pay nothing per row.  A check uses the cache only while these are in
 * place and enabled too.
 */
CREATE TRIGGER check_cache_invalidate_row
    BEFORE INSERT OR UPDATE OR DELETE ON redshift_iam.catalog_clusters
    FOR EACH ROW EXECUTE FUNCTION redshift_iam_internal._check_cache_invalidate();
ALTER TABLE redshift_iam.catalog_clusters ENABLE REPLICA TRIGGER check_cache_invalidate_row;
COMMENT ON TRIGGER check_cache_invalidate_row ON redshift_iam.catalog_clusters IS
  'Drops the command checks'' cached catalog rows in every backend when a replicated change to the table commits';
CREATE TRIGGER check_cache_invalidate_row
    BEFORE INSERT OR UPDATE OR DELETE ON redshift_iam.catalog_cluster_iam_roles
    FOR EACH ROW EXECUTE FUNCTION redshift_iam_internal._check_cache_invalidate();
ALTER TABLE redshift_iam.catalog_cluster_iam_roles ENABLE REPLICA TRIGGER check_cache_invalidate_row;
COMMENT ON TRIGGER check_cache_invalidate_row ON redshift_iam.catalog_cluster_iam_roles IS
  'Drops the command checks'' cached catalog rows in every backend when a replicated change to the table commits';
CREATE TRIGGER check_cache_invalidate_row
    BEFORE INSERT OR UPDATE OR DELETE ON redshift_iam.catalog_assumerole_grants
    FOR EACH ROW EXECUTE FUNCTION redshift_iam_internal._check_cache_invalidate();
ALTER TABLE redshift_iam.catalog_assumerole_grants ENABLE REPLICA TRIGGER check_cache_invalidate_row;
COMMENT ON TRIGGER check_cache_invalidate_row ON redshift_iam.catalog_assumerole_grants IS
  'Drops the command checks'' cached catalog rows in every backend when a replicated change to the table commits';
CREATE TRIGGER check_cache_invalidate_row
    BEFORE INSERT OR UPDATE OR DELETE ON redshift_iam.catalog_principals
    FOR EACH ROW EXECUTE FUNCTION redshift_iam_internal._check_cache_invalidate();
ALTER TABLE redshift_iam.catalog_principals ENABLE REPLICA TRIGGER check_cache_invalidate_row;
COMMENT ON TRIGGER check_cache_invalidate_row ON redshift_iam.catalog_principals IS
  'Drops the command checks'' cached catalog rows in every backend when a replicated change to the table commits';
CREATE TRIGGER check_cache_invalidate_row
    BEFORE INSERT OR UPDATE OR DELETE ON redshift_iam.catalog_iam_roles
    FOR EACH ROW EXECUTE FUNCTION redshift_iam_internal._check_cache_invalidate();
ALTER TABLE redshift_iam.catalog_iam_roles ENABLE REPLICA TRIGGER check_cache_invalidate_row;
COMMENT ON TRIGGER check_cache_invalidate_row ON redshift_iam.catalog_iam_roles IS
  'Drops the command checks'' cached catalog rows in every backend when a replicated change to the table commits';
CREATE TRIGGER check_cache_invalidate_row
    BEFORE INSERT OR UPDATE OR DELETE ON redshift_iam.catalog_iam_version
    FOR EACH ROW EXECUTE FUNCTION redshift_iam_internal._check_cache_invalidate();
ALTER TABLE redshift_iam.catalog_iam_version ENABLE REPLICA TRIGGER check_cache_invalidate_row;
COMMENT ON TRIGGER check_cache_invalidate_row ON redshift_iam.catalog_iam_version IS
  'Drops the command checks'' cached catalog rows in every backend when a replicated change to the table commits';
CREATE TRIGGER check_cache_invalidate_row
    BEFORE INSERT OR UPDATE OR DELETE ON redshift_iam.catalog_namespaces
    FOR EACH ROW EXECUTE FUNCTION redshift_iam_internal._check_cache_invalidate();
ALTER TABLE redshift_iam.catalog_namespaces ENABLE REPLICA TRIGGER check_cache_invalidate_row;
COMMENT ON TRIGGER check_cache_invalidate_row ON redshift_iam.catalog_namespaces IS
  'Drops the command checks'' cached catalog rows in every backend when a replicated change to the table commits';
CREATE TRIGGER check_cache_invalidate_row
    BEFORE INSERT OR UPDATE OR DELETE ON redshift_iam.catalog_workgroups
    FOR EACH ROW EXECUTE FUNCTION redshift_iam_internal._check_cache_invalidate();
ALTER TABLE redshift_iam.catalog_workgroups ENABLE REPLICA TRIGGER check_cache_invalidate_row;
COMMENT ON TRIGGER check_cache_invalidate_row ON redshift_iam.catalog_workgroups IS
  'Drops the command checks'' cached catalog rows in every backend when a replicated change to the table commits';

-- ---- trust-audit: the IAM snapshot's version raised by logically replicated changes ----

/*
 * Logical replication's apply worker fires row triggers but no statement
 * trigger (https://www.postgresql.org/docs/15/logical-replication-architecture.html):
 * on a subscriber of the IAM snapshot's tables the version is raised by
 * these row triggers, enabled REPLICA (they fire only where
 * session_replication_role is replica, so ordinary writes pay nothing per
 * row).  Publish catalog_iam_version or not: each write of its row is seen.
 */
CREATE TRIGGER iam_snapshot_changed_row
    AFTER INSERT OR UPDATE OR DELETE ON redshift_iam.catalog_iam_roles
    FOR EACH ROW EXECUTE FUNCTION redshift_iam_internal._iam_snapshot_changed();
ALTER TABLE redshift_iam.catalog_iam_roles ENABLE REPLICA TRIGGER iam_snapshot_changed_row;
COMMENT ON TRIGGER iam_snapshot_changed_row ON redshift_iam.catalog_iam_roles IS
  'Raises catalog_iam_version for the command checks'' cache when a replicated change is applied';
CREATE TRIGGER iam_snapshot_changed_row
    AFTER INSERT OR UPDATE OR DELETE ON redshift_iam.catalog_iam_role_policies
    FOR EACH ROW EXECUTE FUNCTION redshift_iam_internal._iam_snapshot_changed();
ALTER TABLE redshift_iam.catalog_iam_role_policies ENABLE REPLICA TRIGGER iam_snapshot_changed_row;
COMMENT ON TRIGGER iam_snapshot_changed_row ON redshift_iam.catalog_iam_role_policies IS
  'Raises catalog_iam_version for the command checks'' cache when a replicated change is applied';
CREATE TRIGGER iam_snapshot_changed_row
    AFTER INSERT OR UPDATE OR DELETE ON redshift_iam.catalog_iam_policies
    FOR EACH ROW EXECUTE FUNCTION redshift_iam_internal._iam_snapshot_changed();
ALTER TABLE redshift_iam.catalog_iam_policies ENABLE REPLICA TRIGGER iam_snapshot_changed_row;
COMMENT ON TRIGGER iam_snapshot_changed_row ON redshift_iam.catalog_iam_policies IS
  'Raises catalog_iam_version for the command checks'' cache when a replicated change is applied';
CREATE TRIGGER iam_snapshot_changed_row
    AFTER INSERT OR UPDATE OR DELETE ON redshift_iam.catalog_iam_policy_versions
    FOR EACH ROW EXECUTE FUNCTION redshift_iam_internal._iam_snapshot_changed();
ALTER TABLE redshift_iam.catalog_iam_policy_versions ENABLE REPLICA TRIGGER iam_snapshot_changed_row;
COMMENT ON TRIGGER iam_snapshot_changed_row ON redshift_iam.catalog_iam_policy_versions IS
  'Raises catalog_iam_version for the command checks'' cache when a replicated change is applied';
CREATE TRIGGER iam_snapshot_changed_row
    AFTER INSERT OR UPDATE OR DELETE ON redshift_iam.catalog_iam_role_attachments
    FOR EACH ROW EXECUTE FUNCTION redshift_iam_internal._iam_snapshot_changed();
ALTER TABLE redshift_iam.catalog_iam_role_attachments ENABLE REPLICA TRIGGER iam_snapshot_changed_row;
COMMENT ON TRIGGER iam_snapshot_changed_row ON redshift_iam.catalog_iam_role_attachments IS
  'Raises catalog_iam_version for the command checks'' cache when a replicated change is applied';
CREATE TRIGGER iam_snapshot_changed_row
    AFTER INSERT OR UPDATE OR DELETE ON redshift_iam.catalog_iam_resource_policies
    FOR EACH ROW EXECUTE FUNCTION redshift_iam_internal._iam_snapshot_changed();
ALTER TABLE redshift_iam.catalog_iam_resource_policies ENABLE REPLICA TRIGGER iam_snapshot_changed_row;
COMMENT ON TRIGGER iam_snapshot_changed_row ON redshift_iam.catalog_iam_resource_policies IS
  'Raises catalog_iam_version for the command checks'' cache when a replicated change is applied';

-- ---- large-catalog: hash indexes a check reads one cluster and one association by ----
-- (src/pg/catalog_probe.c): one bucket page where a btree descends several levels comparing text
CREATE INDEX catalog_clusters_check
    ON redshift_iam.catalog_clusters USING hash (cluster_identifier);
COMMENT ON INDEX redshift_iam.catalog_clusters_check IS
  'Finds a cluster by identifier for a check (hash: equality only; the account and region are compared on the row)';
CREATE INDEX catalog_cluster_iam_roles_check
    ON redshift_iam.catalog_cluster_iam_roles USING hash ((cluster_identifier || ' ' || iam_role_arn));
COMMENT ON INDEX redshift_iam.catalog_cluster_iam_roles_check IS
  'Finds one association for a check by the hash of its cluster and role (the four key columns are compared on the row)';
