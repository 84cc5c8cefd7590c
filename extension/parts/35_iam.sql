
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
    CONSTRAINT catalog_iam_resource_policies_pkey PRIMARY KEY (resource_arn)
);
COMMENT ON TABLE redshift_iam.catalog_iam_resource_policies IS
  'Resource-based policies of the snapshot, one per S3 bucket, KMS key or Lambda function ARN, decoded and validated (ResourcePolicies, this extension''s addition to the export''s format). Written only by import_iam and the IAM writers.';

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

CREATE FUNCTION redshift_iam_internal._iam_timestamp(value text, entity text, operation text)
RETURNS timestamptz
LANGUAGE plpgsql IMMUTABLE
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
  IF $1 IS NULL THEN
    RETURN NULL;
  END IF;
  IF $1 !~ '^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?)?(Z|[+-]\d{2}(:?\d{2})?)?$' THEN
    PERFORM redshift_iam_internal._aws_error('22007', 'ValidationError', $3,
      format('%s: %s is not an ISO 8601 date and time', $2, quote_literal(redshift_iam_internal._excerpt($1, 64))),
      'Dates are written as IAM writes them, e.g. 2019-01-01T00:00:00Z.');
  END IF;
  -- at most microseconds: PostgreSQL's precision
  RETURN regexp_replace($1, '(\.\d{6})\d+', '\1')::timestamptz;
END
$$;
COMMENT ON FUNCTION redshift_iam_internal._iam_timestamp(text, text, text) IS
  'Internal: an ISO 8601 date and time of an export as timestamptz (NULL stays NULL); ValidationError (22007) naming the entity otherwise';

CREATE FUNCTION redshift_iam_internal._iam_time_text(value timestamptz)
RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
RETURN pg_catalog.to_char($1 AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"');
COMMENT ON FUNCTION redshift_iam_internal._iam_time_text(timestamptz) IS
  'Internal: a time as IAM writes it, in UTC to the second (2019-01-01T00:00:00Z)';

CREATE FUNCTION redshift_iam_internal._iam_resource_arn_ok(resource_arn text)
RETURNS boolean
LANGUAGE sql IMMUTABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
RETURN $1 ~ '^arn:aws(-[a-z]+)*:s3:::[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$'
    OR $1 ~ '^arn:aws(-[a-z]+)*:kms:[a-z0-9-]+:[0-9]{12}:key/[A-Za-z0-9-]+$'
    OR $1 ~ '^arn:aws(-[a-z]+)*:lambda:[a-z0-9-]+:[0-9]{12}:function:[A-Za-z0-9_-]{1,64}(:[A-Za-z0-9_$-]{1,128})?$';
COMMENT ON FUNCTION redshift_iam_internal._iam_resource_arn_ok(text) IS
  'Internal: is the ARN one that holds a resource-based policy of the snapshot: an S3 bucket (arn:aws:s3:::bucket), a KMS key (arn:aws:kms:region:account:key/id) or a Lambda function (arn:aws:lambda:region:account:function:name[:qualifier])';

/* ---- import ---- */

CREATE FUNCTION redshift_iam.import_iam(document jsonb)
RETURNS integer
LANGUAGE plpgsql VOLATILE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  op constant text := 'ImportIam';
  v_now timestamptz := clock_timestamp();
  v_roles jsonb;
  v_policies jsonb;
  v_resources jsonb;
  v_bad text;
  v_n integer;
BEGIN
  PERFORM redshift_iam_internal._require_superuser('import IAM snapshots');
  IF jsonb_typeof($1) IS DISTINCT FROM 'object' THEN
    PERFORM redshift_iam_internal._aws_error('22023', 'ValidationError', op,
      format('the export must be a JSON object, found %s', coalesce(jsonb_typeof($1), 'null')),
      'Pass what `aws iam get-account-authorization-details` prints.');
  END IF;
  SELECT k INTO v_bad FROM (VALUES ('RoleDetailList'), ('Policies'), ('ResourcePolicies'),
                                   ('UserDetailList'), ('GroupDetailList')) AS l(k)
   WHERE $1 ? k AND jsonb_typeof($1->k) <> 'array' LIMIT 1;
  IF v_bad IS NOT NULL THEN
    PERFORM redshift_iam_internal._aws_error('22023', 'ValidationError', op,
      format('%s must be an array, found %s', v_bad, jsonb_typeof($1->v_bad)),
      'Pass what `aws iam get-account-authorization-details` prints.');
  END IF;
  v_roles := coalesce($1->'RoleDetailList', '[]');
  v_policies := coalesce($1->'Policies', '[]');
  v_resources := coalesce($1->'ResourcePolicies', '[]');

  /*
   * 1. Everything the export names, decoded and checked, before anything
   *    changes: one row per entity (validation raises naming the first
   *    bad one; the statement's failure leaves the catalog as it was).
   */
  IF pg_catalog.to_regclass('pg_temp.rsi_iam_roles') IS NULL THEN
    CREATE TEMP TABLE pg_temp.rsi_iam_roles (
        ord bigint, role_arn text COLLATE "C", role_name text COLLATE "C", role_id text COLLATE "C",
        path text COLLATE "C", account_id text COLLATE "C", create_date timestamptz, description text,
        max_session_duration integer, permissions_boundary_arn text COLLATE "C",
        trust jsonb, inline jsonb, attached jsonb) ON COMMIT DROP;
    CREATE TEMP TABLE pg_temp.rsi_iam_policies (
        ord bigint, policy_arn text COLLATE "C", policy_name text COLLATE "C", policy_id text COLLATE "C",
        path text COLLATE "C", default_version_id text COLLATE "C", attachment_count integer,
        is_attachable boolean, description text, create_date timestamptz, update_date timestamptz,
        versions jsonb) ON COMMIT DROP;
  END IF;
  TRUNCATE pg_temp.rsi_iam_roles, pg_temp.rsi_iam_policies;

  SELECT format('RoleDetailList[%s]', n - 1) INTO v_bad
    FROM jsonb_array_elements(v_roles) WITH ORDINALITY AS e(r, n)
   WHERE jsonb_typeof(r) <> 'object'
      OR jsonb_typeof(r->'Arn') IS DISTINCT FROM 'string'
      OR jsonb_typeof(r->'RoleName') IS DISTINCT FROM 'string'
      OR (r->>'Arn') !~ '^arn:aws(-[a-z]+)*:iam::[0-9]{12}:role/'
      OR (r->>'RoleName') !~ '^[A-Za-z0-9_+=,.@-]{1,64}$'
      OR right(r->>'Arn', length(r->>'RoleName') + 1) <> '/' || (r->>'RoleName')
      OR (r ? 'RolePolicyList' AND jsonb_typeof(r->'RolePolicyList') <> 'array')
      OR (r ? 'AttachedManagedPolicies' AND jsonb_typeof(r->'AttachedManagedPolicies') <> 'array')
   ORDER BY n LIMIT 1;
  IF v_bad IS NOT NULL THEN
    PERFORM redshift_iam_internal._aws_error('22023', 'ValidationError', op,
      format('%s: a role needs Arn (arn:aws:iam::<account>:role/<path><name>) and RoleName (1 to 64 letters, digits and +=,.@_-, the last part of the ARN); RolePolicyList and AttachedManagedPolicies are arrays', v_bad),
      'Pass what `aws iam get-account-authorization-details` prints.');
  END IF;

  INSERT INTO pg_temp.rsi_iam_roles
  SELECT n, r->>'Arn', r->>'RoleName', r->>'RoleId',
         coalesce(r->>'Path', '/'), split_part(r->>'Arn', ':', 5),
         redshift_iam_internal._iam_timestamp(r->>'CreateDate', format('role %s CreateDate', r->>'Arn'), op),
         r->>'Description',
         CASE WHEN jsonb_typeof(r->'MaxSessionDuration') = 'number' THEN (r->>'MaxSessionDuration')::numeric::integer END,
         r->'PermissionsBoundary'->>'PermissionsBoundaryArn',
         redshift_iam_internal._iam_document(r->'AssumeRolePolicyDocument',
           format('role %s AssumeRolePolicyDocument', r->>'Arn'), 'trust', op),
         coalesce(r->'RolePolicyList', '[]'), coalesce(r->'AttachedManagedPolicies', '[]')
    FROM jsonb_array_elements(v_roles) WITH ORDINALITY AS e(r, n);

  SELECT format('role %s', min(role_arn)) INTO v_bad
    FROM pg_temp.rsi_iam_roles GROUP BY account_id, lower(role_name) HAVING count(*) > 1
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
        OR (p->>'PolicyArn') IS NULL OR (p->>'PolicyArn') !~ '^arn:aws(-[a-z]+)*:iam::([0-9]{12}|aws):policy/'
     LIMIT 1;
  END IF;
  IF v_bad IS NOT NULL THEN
    PERFORM redshift_iam_internal._aws_error('22023', 'ValidationError', op,
      format('%s: an inline policy needs PolicyName (1 to 128 letters, digits and +=,.@_-) and PolicyDocument; an attached policy needs PolicyArn (arn:aws:iam::<account or aws>:policy/<path><name>)', v_bad),
      'Pass what `aws iam get-account-authorization-details` prints.');
  END IF;

  SELECT format('Policies[%s]', n - 1) INTO v_bad
    FROM jsonb_array_elements(v_policies) WITH ORDINALITY AS e(p, n)
   WHERE jsonb_typeof(p) <> 'object'
      OR jsonb_typeof(p->'Arn') IS DISTINCT FROM 'string'
      OR (p->>'Arn') !~ '^arn:aws(-[a-z]+)*:iam::([0-9]{12}|aws):policy/(.*/)?[A-Za-z0-9_+=,.@-]{1,128}$'
      OR jsonb_typeof(p->'DefaultVersionId') IS DISTINCT FROM 'string'
      OR jsonb_typeof(p->'PolicyVersionList') IS DISTINCT FROM 'array'
      OR NOT EXISTS (SELECT 1 FROM jsonb_array_elements(p->'PolicyVersionList') v
                      WHERE v->>'VersionId' = p->>'DefaultVersionId')
   ORDER BY n LIMIT 1;
  IF v_bad IS NOT NULL THEN
    PERFORM redshift_iam_internal._aws_error('22023', 'ValidationError', op,
      format('%s: a managed policy needs Arn (arn:aws:iam::<account or aws>:policy/<path><name>), DefaultVersionId and a PolicyVersionList that holds the default version', v_bad),
      'Export with `aws iam get-account-authorization-details`; its Policies list every version.');
  END IF;

  INSERT INTO pg_temp.rsi_iam_policies
  SELECT n, p->>'Arn', coalesce(p->>'PolicyName', regexp_replace(p->>'Arn', '^.*/', '')),
         p->>'PolicyId', coalesce(p->>'Path', '/'), p->>'DefaultVersionId',
         CASE WHEN jsonb_typeof(p->'AttachmentCount') = 'number' THEN (p->>'AttachmentCount')::numeric::integer END,
         coalesce((p->>'IsAttachable')::boolean, true), p->>'Description',
         redshift_iam_internal._iam_timestamp(p->>'CreateDate', format('policy %s CreateDate', p->>'Arn'), op),
         redshift_iam_internal._iam_timestamp(p->>'UpdateDate', format('policy %s UpdateDate', p->>'Arn'), op),
         p->'PolicyVersionList'
    FROM jsonb_array_elements(v_policies) WITH ORDINALITY AS e(p, n);

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

  /*
   * 2. Replace what the export names: its roles (by ARN, or by name in
   *    their account) with their inline policies and attachments, its
   *    managed policies with their versions, its resource policies.  The
   *    documents are decoded and validated as they are inserted.
   */
  DELETE FROM redshift_iam.catalog_iam_roles c
   USING pg_temp.rsi_iam_roles t
   WHERE c.role_arn = t.role_arn
      OR (c.account_id = t.account_id AND lower(c.role_name) = lower(t.role_name));
  INSERT INTO redshift_iam.catalog_iam_roles
         (role_arn, role_name, role_id, path, account_id, create_date, description,
          max_session_duration, permissions_boundary_arn, assume_role_policy_document, updated_at)
  SELECT role_arn, role_name, role_id, path, account_id, create_date, description,
         max_session_duration, permissions_boundary_arn, trust, v_now
    FROM pg_temp.rsi_iam_roles ORDER BY ord;
  GET DIAGNOSTICS v_n = ROW_COUNT;

  INSERT INTO redshift_iam.catalog_iam_role_policies (role_arn, policy_name, policy_document, updated_at)
  SELECT t.role_arn, p->>'PolicyName',
         redshift_iam_internal._iam_document(p->'PolicyDocument',
           format('role %s inline policy %s', t.role_arn, p->>'PolicyName'), 'identity', op),
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
  SELECT policy_arn, policy_name, policy_id, path, default_version_id, attachment_count,
         is_attachable, description, create_date, update_date, v_now
    FROM pg_temp.rsi_iam_policies ORDER BY ord;
  INSERT INTO redshift_iam.catalog_iam_policy_versions (policy_arn, version_id, document, create_date)
  SELECT t.policy_arn, v->>'VersionId',
         redshift_iam_internal._iam_document(v->'Document',
           format('policy %s version %s', t.policy_arn, v->>'VersionId'), 'identity', op),
         redshift_iam_internal._iam_timestamp(v->>'CreateDate',
           format('policy %s version %s CreateDate', t.policy_arn, v->>'VersionId'), op)
    FROM pg_temp.rsi_iam_policies t, jsonb_array_elements(t.versions) WITH ORDINALITY AS e(v, n)
   ORDER BY t.ord, n;

  INSERT INTO redshift_iam.catalog_iam_resource_policies AS c (resource_arn, policy_document, updated_at)
  SELECT p->>'ResourceArn',
         redshift_iam_internal._iam_document(p->'Policy',
           format('resource policy of %s', p->>'ResourceArn'), 'resource', op),
         v_now
    FROM jsonb_array_elements(v_resources) WITH ORDINALITY AS e(p, n)
   ORDER BY n
  ON CONFLICT ON CONSTRAINT catalog_iam_resource_policies_pkey DO UPDATE
     SET policy_document = excluded.policy_document,
         generation = excluded.generation,
         updated_at = excluded.updated_at;

  TRUNCATE pg_temp.rsi_iam_roles, pg_temp.rsi_iam_policies;
  RETURN v_n;
END
$$;
COMMENT ON FUNCTION redshift_iam.import_iam(jsonb) IS
  'Superusers: load what `aws iam get-account-authorization-details` prints (RoleDetailList, Policies, and this extension''s ResourcePolicies; UserDetailList and GroupDetailList are ignored), replacing the roles, managed policies and resource policies it names; documents may be JSON objects or URL-encoded strings and are validated, a bad one changes nothing; returns the number of roles stored';

/* ---- the interface of the command checks ---- */

CREATE FUNCTION redshift_iam_internal.iam_authorization_details(role_arns text[])
RETURNS jsonb
LANGUAGE sql STABLE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
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
             'CreateDate', redshift_iam_internal._iam_time_text(r.create_date),
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
                        'CreateDate', redshift_iam_internal._iam_time_text(v.create_date))
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
           ORDER BY rp.resource_arn)
      FROM redshift_iam.catalog_iam_resource_policies rp), '[]'::jsonb))
$$;
COMMENT ON FUNCTION redshift_iam_internal.iam_authorization_details(text[]) IS
  'Internal, for the command checks: the snapshot as `aws iam get-account-authorization-details` prints it, restricted to the named roles (RoleDetailList; absent roles are left out), the managed policies attached to them (Policies, every version, the default first) and every resource-based policy (ResourcePolicies: [{ResourceArn, Policy}], this extension''s addition); documents are JSON objects';

/* ---- privileges ---- */

REVOKE ALL ON FUNCTION redshift_iam.import_iam(jsonb) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION redshift_iam_internal.iam_authorization_details(text[]) TO PUBLIC;
