
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

CREATE FUNCTION redshift_iam_internal._iam_owner_ok(account_id jsonb, resource_arn text)
RETURNS boolean
LANGUAGE sql IMMUTABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
RETURN pg_catalog.jsonb_typeof($1) OPERATOR(pg_catalog.=) 'string'
   AND ($1 OPERATOR(pg_catalog.#>>) '{}') OPERATOR(pg_catalog.~) '^[0-9]{12}$'
   AND pg_catalog.split_part($2, ':', 5) IN ('', $1 OPERATOR(pg_catalog.#>>) '{}');
COMMENT ON FUNCTION redshift_iam_internal._iam_owner_ok(jsonb, text) IS
  'Internal: is account_id (a JSON value) a possible owner of the resource: a string of 12 digits, equal to the account the ARN names when it names one (KMS keys, Lambda functions; S3 bucket ARNs name none)';

CREATE FUNCTION redshift_iam_internal._iam_write_lock()
RETURNS void
LANGUAGE sql VOLATILE
SET search_path = pg_catalog, pg_temp
RETURN pg_catalog.pg_advisory_xact_lock(7310592341166309689);
COMMENT ON FUNCTION redshift_iam_internal._iam_write_lock() IS
  'Internal: take the IAM snapshot''s write lock (a transaction-level advisory lock) so that imports and writers run one after another: each then decides on what the previous one committed, instead of failing on a key the other just inserted';

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
