-- redshift_iam upgrade script 0.1.0 -> 0.2.0.
--
-- This file holds the changes to objects that 0.1.0 already had (the parts
-- numbered 00-20); the Makefile appends the parts that are new in 0.2.0.
-- Whoever changes an object of a 0.1.0 part writes the same change here
-- (CREATE OR REPLACE, ALTER, ...): test/extended/upgrade.sh compares an
-- upgraded database with a fresh install and fails on any difference.

-- complain if the script is sourced in psql rather than via ALTER EXTENSION
\echo Use "ALTER EXTENSION redshift_iam UPDATE TO '0.2.0'" to load this file. \quit


-- Concurrency (test/isolation): every writer locks cluster rows
-- before role rows and clusters in identifier order, so concurrent calls
-- wait instead of deadlocking; import_clusters updates a cluster in place so
-- a modify waiting for it does not report ClusterNotFound.
CREATE OR REPLACE FUNCTION redshift_iam._materialize(account_id text, region text, cluster_identifier text, force boolean)
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

CREATE OR REPLACE FUNCTION redshift_iam.import_clusters(describe_clusters_output jsonb)
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

-- the status rule is inlinable (no SET clause; its body is schema-qualified)
ALTER FUNCTION redshift_iam._effective_apply_status(text, timestamptz) RESET search_path;
ALTER FUNCTION redshift_iam._effective_cluster_status(text, timestamptz) RESET search_path;

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
