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

CREATE OR REPLACE FUNCTION redshift_iam.map_principal(db_role name, principal_arn text)
RETURNS void
LANGUAGE plpgsql VOLATILE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  v_type text;
  v_oid oid;
BEGIN
  PERFORM redshift_iam._require_superuser('map database roles to IAM principals');
  IF $1 IS NULL THEN
    RAISE EXCEPTION 'db_role must not be null' USING ERRCODE = '22004';
  END IF;
  v_type := redshift_iam._check_principal_arn($2);
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

CREATE OR REPLACE FUNCTION redshift_iam.unmap_principal(db_role name)
RETURNS boolean
LANGUAGE plpgsql VOLATILE
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
  PERFORM redshift_iam._require_superuser('unmap database roles from IAM principals');
  DELETE FROM redshift_iam.catalog_principals p
   WHERE p.db_role = $1
      OR p.role_oid::oid = (SELECT r.oid FROM pg_catalog.pg_roles r WHERE r.rolname = $1);
  RETURN FOUND;
END
$$;
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
                        AND r.rolname OPERATOR(pg_catalog.=) g.grantee_name))
  UNION ALL
  SELECT 'PUBLIC', 'ALL', 'ALL'
   WHERE NOT EXISTS (SELECT 1 FROM redshift_iam.catalog_assumerole_grants g
                      WHERE g.grantee OPERATOR(pg_catalog.=) 0::pg_catalog.regrole
                        AND g.iam_roles OPERATOR(pg_catalog.=) 'ALL'
                        AND g.command OPERATOR(pg_catalog.=) 'ALL');
COMMENT ON VIEW redshift_iam.assumerole_grants IS
  'Who holds ASSUMEROLE on which IAM roles for which commands (grantee PUBLIC, iam_roles ALL, command ALL is the default)';

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
  a := redshift_iam._assumerole_args($1, $2, $3, 'grant');
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
  'GRANT ASSUMEROLE ON iam_roles (a role ARN, a chain, ''default'' or ''ALL'') TO to_role (a database role or PUBLIC) FOR for_commands (COPY, UNLOAD, EXTERNAL FUNCTION, ALL); superusers only';

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
