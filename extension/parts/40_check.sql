
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

-- hash indexes a check reads one cluster and one association by (src/pg/catalog_probe.c):
-- one bucket page where a btree descends several levels comparing text
CREATE INDEX catalog_clusters_check
    ON redshift_iam.catalog_clusters USING hash (cluster_identifier);
COMMENT ON INDEX redshift_iam.catalog_clusters_check IS
  'Finds a cluster by identifier for a check (hash: equality only; the account and region are compared on the row)';
CREATE INDEX catalog_cluster_iam_roles_check
    ON redshift_iam.catalog_cluster_iam_roles USING hash ((cluster_identifier || ' ' || iam_role_arn));
COMMENT ON INDEX redshift_iam.catalog_cluster_iam_roles_check IS
  'Finds one association for a check by the hash of its cluster and role (the four key columns are compared on the row)';

CREATE FUNCTION redshift_iam_internal._role_clusters(account_id text, region text, iam_role_arn text, except_cluster text)
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

/*
 * ASSUMEROLE, as Amazon Redshift's GRANT ASSUMEROLE (Amazon Redshift
 * Database Developer Guide, "GRANT", usage notes:
 * https://docs.aws.amazon.com/redshift/latest/dg/r_GRANT-usage-notes.html).
 * A row grants ASSUMEROLE on iam_roles (a role ARN, a chain as written,
 * 'default' or 'ALL') to a database role (grantee 0 = PUBLIC) for one
 * command type or ALL.  PUBLIC holds ASSUMEROLE ON ALL FOR
 * ALL until a superuser revokes it, as in Redshift; that default is not a
 * row but the absence of a revocation marker (granted = false), so that
 * pg_dump can dump the table whole and a restore does not collide with rows
 * the install script made.  A grant to a role names it by OID (grantee) and
 * by its name when granted (grantee_name), and applies only while the role
 * with that OID has that name: a dropped grantee's OID reused by a new role
 * inherits nothing, and a renamed grantee's grants wait for a new grant
 * (the view leaves such stale rows out).  pg_dump writes a regrole as the
 * role's name, so a restore re-links grants by name.
 */
CREATE TABLE redshift_iam.catalog_assumerole_grants (
    grantee    regrole NOT NULL,
    iam_roles  text COLLATE "C" NOT NULL,
    command    text COLLATE "C" NOT NULL
        CHECK (command OPERATOR(pg_catalog.=) ANY (ARRAY['COPY', 'UNLOAD', 'EXTERNAL FUNCTION', 'CREATE MODEL', 'ALL']::pg_catalog.text[])),
    granted    boolean NOT NULL DEFAULT true,
    CHECK (granted OR (grantee OPERATOR(pg_catalog.=) 0::pg_catalog.regrole
                       AND iam_roles OPERATOR(pg_catalog.=) 'ALL'
                       AND command OPERATOR(pg_catalog.=) 'ALL')),
    PRIMARY KEY (grantee, iam_roles, command),
    grantee_name name
);
COMMENT ON TABLE redshift_iam.catalog_assumerole_grants IS
  'ASSUMEROLE grants (grantee 0 = PUBLIC); the row (PUBLIC, ALL, ALL, granted = false) records that the default grant to PUBLIC was revoked. A grant to a role applies only while the role with OID grantee is named grantee_name. Written only by grant_assumerole and revoke_assumerole';
REVOKE ALL ON redshift_iam.catalog_assumerole_grants FROM PUBLIC;
SELECT pg_catalog.pg_extension_config_dump('redshift_iam.catalog_assumerole_grants', '');

CREATE VIEW redshift_iam.assumerole_grants AS
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
GRANT SELECT ON redshift_iam.assumerole_grants TO PUBLIC;

/*
 * 'COPY', 'unload', 'External Function', 'create  model', 'ALL' -> canonical;
 * NULL when invalid.  The command types of GRANT ASSUMEROLE ... FOR
 * (Amazon Redshift Database Developer Guide, "GRANT",
 * https://docs.aws.amazon.com/redshift/latest/dg/r_GRANT.html).
 */
CREATE FUNCTION redshift_iam_internal._assumerole_command(command text)
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

/*
 * Does db_role hold ASSUMEROLE for the roles as written (a chain matches
 * only a grant of exactly that chain) or, for IAM_ROLE default, for
 * 'default' or the default role's ARN?  Superusers always do.
 */
CREATE FUNCTION redshift_iam_internal._assumerole_held(db_role oid, iam_roles text, resolved_role text, command text)
RETURNS boolean
AS 'MODULE_PATHNAME', 'rsi_sql_assumerole_held'
LANGUAGE C STRICT STABLE;
COMMENT ON FUNCTION redshift_iam_internal._assumerole_held(oid, text, text, text) IS
  'Internal: does the database role hold ASSUMEROLE on these IAM roles (as written; a chain matches only a grant of that chain) or on the resolved default role, for this command type; superusers always do. The rule check_command uses';

CREATE FUNCTION redshift_iam_internal._raise_without_statement(sqlstate text, message text, detail text, hint text)
RETURNS void
AS 'MODULE_PATHNAME', 'rsi_sql_raise_without_statement'
LANGUAGE C VOLATILE;
COMMENT ON FUNCTION redshift_iam_internal._raise_without_statement(text, text, text, text) IS
  'Internal: raise an error (detail and hint may be NULL) without the calling statement in CONTEXT or STATEMENT, for PL/pgSQL functions whose arguments may hold command text';

CREATE FUNCTION redshift_iam_internal._assumerole_args(iam_roles text, to_role text, for_commands text[], op text,
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
COMMENT ON FUNCTION redshift_iam.grant_assumerole(text, text, text[]) IS
  'GRANT ASSUMEROLE ON iam_roles (a role ARN, a chain, ''default'' or ''ALL'') TO to_role (a database role or PUBLIC) FOR for_commands (COPY, UNLOAD, EXTERNAL FUNCTION, CREATE MODEL, ALL); superusers only';

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
COMMENT ON FUNCTION redshift_iam.revoke_assumerole(text, text, text[]) IS
  'REVOKE ASSUMEROLE ON iam_roles FROM to_role FOR for_commands; revoking ALL also revokes narrower grants; revoke_assumerole(''ALL'', ''PUBLIC'') removes the default grant; superusers only';

/*
 * HAS_ASSUMEROLE_PRIVILEGE([user,] iam_role_arn, cmd_type), as Redshift's
 * (Amazon Redshift Database Developer Guide, "HAS_ASSUMEROLE_PRIVILEGE",
 * https://docs.aws.amazon.com/redshift/latest/dg/r_HAS_ASSUMEROLE_PRIVILEGE.html):
 * without a user it asks for the current user.  A user may ask about
 * their own privileges only; a superuser about anyone's.  The permission
 * is checked before the role's existence, so that it reveals nothing.
 */
CREATE FUNCTION redshift_iam.has_assumerole_privilege(db_role name, iam_role text, command text)
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

CREATE FUNCTION redshift_iam.has_assumerole_privilege(iam_role text, command text)
RETURNS boolean
LANGUAGE sql STABLE
SET search_path = pg_catalog, pg_temp
AS $$
  SELECT redshift_iam.has_assumerole_privilege(current_user, $1, $2)
$$;
COMMENT ON FUNCTION redshift_iam.has_assumerole_privilege(text, text) IS
  'Does the current user hold ASSUMEROLE on the IAM role (an ARN, a chain as written, or ''default'') for COPY, UNLOAD, EXTERNAL FUNCTION or CREATE MODEL (as Redshift''s HAS_ASSUMEROLE_PRIVILEGE without a user)';

/* ---- the checks (C) ---- */

CREATE FUNCTION redshift_iam.check_command(cluster_identifier text, command text)
RETURNS jsonb
AS 'MODULE_PATHNAME', 'rsi_sql_check_command'
LANGUAGE C STRICT VOLATILE;
COMMENT ON FUNCTION redshift_iam.check_command(text, text) IS
  'Raise an error unless the command may run on the cluster (cluster available, no problems in the parse, first role associated and in-sync, default role, access_keys policy, ASSUMEROLE); returns the parse plus cluster_arn and resolved_role';

CREATE FUNCTION redshift_iam.validate_script(cluster_identifier text, script text)
RETURNS TABLE (statement integer, line integer, col integer, kind text, ok boolean,
               sqlstate text, message text, detail text, hint text, roles text[], iam jsonb)
AS 'MODULE_PATHNAME', 'rsi_sql_validate_script'
LANGUAGE C STRICT VOLATILE;
COMMENT ON FUNCTION redshift_iam.validate_script(text, text) IS
  'Check every statement of a script against the cluster: one row per statement, never raising for a finding; line and col are where the offline checker points (a refusal or warning: the offending clause; a syntax error: the error; otherwise the statement''s first token); statements of other kinds are rows with kind other and ok true; iam is the evaluation of role trust, role chains and role permissions against the imported IAM snapshot (docs/permissions.md), NULL when none is imported or the command names no role';

-- read-only lookups that reveal only what the views clusters,
-- cluster_iam_roles and assumerole_grants already show to PUBLIC
GRANT EXECUTE ON FUNCTION redshift_iam_internal._role_clusters(text, text, text, text) TO PUBLIC;
GRANT EXECUTE ON FUNCTION redshift_iam_internal._assumerole_held(oid, text, text, text) TO PUBLIC;
GRANT EXECUTE ON FUNCTION redshift_iam_internal._raise_without_statement(text, text, text, text) TO PUBLIC;
REVOKE ALL ON FUNCTION redshift_iam_internal._assumerole_args(text, text, text[], text) FROM PUBLIC;
REVOKE ALL ON FUNCTION redshift_iam.grant_assumerole(text, text, text[]) FROM PUBLIC;
REVOKE ALL ON FUNCTION redshift_iam.revoke_assumerole(text, text, text[]) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION redshift_iam.has_assumerole_privilege(name, text, text) TO PUBLIC;
GRANT EXECUTE ON FUNCTION redshift_iam.has_assumerole_privilege(text, text) TO PUBLIC;
GRANT EXECUTE ON FUNCTION redshift_iam.check_command(text, text) TO PUBLIC;
GRANT EXECUTE ON FUNCTION redshift_iam.validate_script(text, text) TO PUBLIC;
