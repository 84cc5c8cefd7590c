
/* ======================================================================
 * IAM principals and identity policies
 *
 * A database role is mapped to one IAM principal (a user or role ARN); a
 * principal holds inline identity policies (PutUserPolicy /
 * PutRolePolicy).  The management functions of 20_catalog.sql ask
 * redshift_iam_internal._authorize (src/pg/authz.c) before they act; it evaluates
 * the caller's policies with the core engine (src/core/policy/policy_*.c).
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
 * versions of the rows they see differ (src/pg/policy_store.c).
 *
 * A mapping names its database role twice: role_oid (regrole) and db_role
 * (the name when it was mapped).  It applies only while a role with that
 * OID still has that name: DROP ROLE alice; CREATE ROLE alice makes a new
 * role with a new OID, which inherits nothing, and a reused OID under
 * another name, or a renamed role, finds a stale mapping that grants
 * nothing and is reported (55000) until a superuser maps the role again.
 * pg_dump writes a regrole as the role's name, so a restore re-links each
 * mapping to the role of that name in the new cluster (docs/safety.md).
 * ====================================================================== */

/* ---- tables ---- */

CREATE SEQUENCE redshift_iam.policy_generation;
COMMENT ON SEQUENCE redshift_iam.policy_generation IS
  'Generation numbers of policy rows: every put_principal_policy draws a new one; with the row''s table OID, xmin and ctid it tells backends when to recompile (the numbers start again after a reinstall, which the other three notice)';

CREATE TABLE redshift_iam.catalog_principals (
    db_role         name NOT NULL,
    principal_arn   text COLLATE "C" NOT NULL,
    principal_type  text NOT NULL
        CHECK (principal_type OPERATOR(pg_catalog.=) ANY (ARRAY['user', 'role']::pg_catalog.text[])),
    account_id      text COLLATE "C" NOT NULL,
    mapped_at       timestamptz NOT NULL,
    role_oid        regrole NOT NULL,
    CONSTRAINT catalog_principals_pkey PRIMARY KEY (role_oid)
);
CREATE INDEX catalog_principals_arn ON redshift_iam.catalog_principals (principal_arn);
COMMENT ON TABLE redshift_iam.catalog_principals IS
  'Database roles mapped to IAM principals, by OID (role_oid) and by the name they had when mapped (db_role); a mapping applies only while the role with that OID has that name. account_id and principal_type are taken from the ARN. Written only by map_principal and unmap_principal.';

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

CREATE FUNCTION redshift_iam_internal._check_principal_arn(principal_arn text)
RETURNS text AS 'MODULE_PATHNAME', 'rsi_sql_check_principal_arn'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION redshift_iam_internal._check_principal_arn(text) IS
  'Internal: ''user'' or ''role'' for an IAM principal ARN (arn:aws:iam::<account>:user/<path><name> or ...:role/...); raises 22023 for anything else (the core''s validator)';

CREATE FUNCTION redshift_iam_internal._check_policy_document(policy_document jsonb, policy_name text, operation text)
RETURNS integer AS 'MODULE_PATHNAME', 'rsi_sql_check_policy_document'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION redshift_iam_internal._check_policy_document(jsonb, text, text) IS
  'Internal: the number of statements of a valid identity policy; raises MalformedPolicyDocument (22023) naming the element, or LimitExceeded (54000) above 131072 characters';

/* ---- writers: superusers only ---- */

CREATE FUNCTION redshift_iam_internal._require_superuser(what text)
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
COMMENT ON FUNCTION redshift_iam_internal._require_superuser(text) IS
  'Internal: raise 42501 unless current_user is a superuser (the writers are not SECURITY DEFINER, so current_user is the caller or the owner of a SECURITY DEFINER function that calls them)';

CREATE FUNCTION redshift_iam.map_principal(db_role name, principal_arn text)
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
COMMENT ON FUNCTION redshift_iam.map_principal(name, text) IS
  'Superusers: make a database role act as an IAM user or role (arn:aws:iam::<account>:user/<name> or ...:role/<name>) in that principal''s account; the mapping follows the role''s OID and its name, and re-mapping replaces it (also after a rename)';

CREATE FUNCTION redshift_iam.unmap_principal(db_role name)
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
COMMENT ON FUNCTION redshift_iam.unmap_principal(name) IS
  'Superusers: remove the principal mapping of the database role of that name, and any stale mapping made under that name; true when there was one (the principal''s policies stay)';

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
       p.mapped_at,
       NOT EXISTS (SELECT 1 FROM pg_catalog.pg_roles r
                    WHERE r.oid OPERATOR(pg_catalog.=) p.role_oid::pg_catalog.oid
                      AND r.rolname OPERATOR(pg_catalog.=) p.db_role) AS stale
  FROM redshift_iam.catalog_principals p;
COMMENT ON VIEW redshift_iam.principals IS
  'Database roles (by the name they were mapped under) and the IAM principals (user or role ARNs) they act as, with the principal''s account and number of policies; stale: the role was dropped or renamed since, so the mapping grants nothing until it is mapped again';

CREATE VIEW redshift_iam.principal_policies WITH (security_barrier) AS
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
  'SimulatePrincipalPolicy: like simulate_custom_policy, with the policies attached to an IAM user or role; NoSuchEntity (42704) for a principal with no policy and no mapping; a user who is not a superuser may simulate only its own principal (AccessDenied, 42501)';

/* ---- privileges ---- */

REVOKE ALL ON FUNCTION redshift_iam.map_principal(name, text) FROM PUBLIC;
REVOKE ALL ON FUNCTION redshift_iam.unmap_principal(name) FROM PUBLIC;
REVOKE ALL ON FUNCTION redshift_iam.put_principal_policy(text, text, jsonb) FROM PUBLIC;
REVOKE ALL ON FUNCTION redshift_iam.delete_principal_policy(text, text) FROM PUBLIC;
