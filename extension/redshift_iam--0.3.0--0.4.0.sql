-- redshift_iam upgrade script 0.3.0 -> 0.4.0.
--
-- Whoever changes an object of extension/parts writes the same change here
-- (CREATE OR REPLACE, ALTER, ...): test/extended/upgrade.sh upgrades from
-- every release and fails on any difference from a fresh install.

-- complain if the script is sourced in psql rather than via ALTER EXTENSION
\echo Use "ALTER EXTENSION redshift_iam UPDATE TO '0.4.0'" to load this file. \quit

-- parse_command and redact run in the leader only: an error raised in a
-- parallel worker is raised again in the leader with the leader's context,
-- which holds the calling statement (and the command as written)
ALTER FUNCTION redshift_iam.parse_command(text) PARALLEL RESTRICTED;
ALTER FUNCTION redshift_iam.redact(text) PARALLEL RESTRICTED;

-- an invalid command type is shown only when it can be one (never command
-- text), and raised without the calling statement
CREATE FUNCTION redshift_iam._raise_without_statement(sqlstate text, message text, detail text, hint text)
RETURNS void
AS 'MODULE_PATHNAME', 'rsi_sql_raise_without_statement'
LANGUAGE C VOLATILE;
COMMENT ON FUNCTION redshift_iam._raise_without_statement(text, text, text, text) IS
  'Internal: raise an error (detail and hint may be NULL) without the calling statement in CONTEXT or STATEMENT, for PL/pgSQL functions whose arguments may hold command text';
GRANT EXECUTE ON FUNCTION redshift_iam._raise_without_statement(text, text, text, text) TO PUBLIC;

CREATE OR REPLACE FUNCTION redshift_iam._assumerole_args(iam_roles text, to_role text, for_commands text[], op text,
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
      -- the value may be command text: shown only when it can be a command
      -- type, and raised without the calling statement
      PERFORM redshift_iam._raise_without_statement('22023',
        format('%s ASSUMEROLE: invalid command type %s', op,
               CASE WHEN v_c ~ '^[A-Za-z ]{1,30}$' THEN '"' || v_c || '"' ELSE '(not shown)' END),
        'ASSUMEROLE applies to COPY, UNLOAD, EXTERNAL FUNCTION or ALL; CREATE EXTERNAL SCHEMA is not subject to it.',
        NULL);
    END IF;
    IF NOT v_canon = ANY (commands) THEN
      commands := commands || v_canon;
    END IF;
  END LOOP;
END
$$;

CREATE OR REPLACE FUNCTION redshift_iam.has_assumerole_privilege(db_role name, iam_role text, command text)
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
    -- the value may be command text: shown only when it can be a command
    -- type, and raised without the calling statement
    PERFORM redshift_iam._raise_without_statement('22023',
      format('invalid command type %s',
             CASE WHEN $3 ~ '^[A-Za-z ]{1,30}$' THEN '"' || $3 || '"' ELSE '(not shown)' END),
      NULL, 'Use COPY, UNLOAD or EXTERNAL FUNCTION (case-insensitive).');
  END IF;
  RETURN redshift_iam._assumerole_held(v_oid, btrim($2), btrim($2), v_cmd);
END
$$;

-- redact() is fail-closed (passwords too); its description says so
COMMENT ON FUNCTION redshift_iam.redact(text) IS
  'Return the text with secrets replaced by ***, fail-closed: secret access keys, session tokens, master symmetric keys, passwords, and any value or text that may hold one (docs/safety.md, Redaction rules)';
