
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
