-- The user's schema holds only the interface.  The extension's internal
-- functions (names starting with "_") live in redshift_iam_internal, a
-- schema the install script creates and documents; errors raised inside a
-- helper name no helper of the user's schema in their CONTEXT.
BEGIN;
CREATE EXTENSION IF NOT EXISTS pgtap;
CREATE EXTENSION IF NOT EXISTS redshift_iam;
SELECT plan(16);

-- ---- the two schemas ----
SELECT has_schema('redshift_iam_internal', 'the schema redshift_iam_internal exists');
SELECT ok(EXISTS (SELECT 1 FROM pg_depend d
                   WHERE d.classid = 'pg_namespace'::regclass
                     AND d.objid = 'redshift_iam_internal'::regnamespace
                     AND d.refclassid = 'pg_extension'::regclass
                     AND d.refobjid = (SELECT oid FROM pg_extension WHERE extname = 'redshift_iam')
                     AND d.deptype = 'e'),
          'redshift_iam_internal belongs to the extension (DROP EXTENSION removes it)');
SELECT isnt(obj_description('redshift_iam_internal'::regnamespace, 'pg_namespace'), NULL,
            'redshift_iam_internal has a COMMENT');
SELECT ok(has_schema_privilege('public', 'redshift_iam_internal', 'USAGE'),
          'PUBLIC has USAGE on redshift_iam_internal (functions PUBLIC may call use helpers as the caller)');
SELECT ok(NOT has_schema_privilege('public', 'redshift_iam_internal', 'CREATE'),
          'PUBLIC cannot CREATE in redshift_iam_internal');

SELECT is_empty($$
  SELECT p.oid::regprocedure::text FROM pg_proc p
   WHERE p.pronamespace = 'redshift_iam'::regnamespace AND p.proname LIKE '\_%'$$,
  'redshift_iam holds no function whose name starts with "_" (internals live in redshift_iam_internal)');
SELECT is_empty($$
  SELECT p.oid::regprocedure::text FROM pg_proc p
   WHERE p.pronamespace = 'redshift_iam_internal'::regnamespace AND p.proname NOT LIKE '\_%'
     AND p.oid <> 'redshift_iam_internal.iam_authorization_details(text[])'::regprocedure$$,
  'every function of redshift_iam_internal has a name starting with "_", but the IAM snapshot''s interface to the command checks (iam_authorization_details)');
SELECT is_empty($$
  SELECT c.oid::regclass::text FROM pg_class c
   WHERE c.relnamespace = 'redshift_iam_internal'::regnamespace$$,
  'redshift_iam_internal holds no table, view, sequence or index (the catalog tables stay in redshift_iam)');
SELECT cmp_ok((SELECT count(*)::int FROM pg_proc p WHERE p.pronamespace = 'redshift_iam_internal'::regnamespace),
              '>=', 30, 'the helpers are in redshift_iam_internal');
SELECT is_empty($$
  SELECT p.oid::regprocedure::text FROM pg_proc p
   WHERE p.pronamespace = 'redshift_iam_internal'::regnamespace
     AND obj_description(p.oid, 'pg_proc') IS NULL$$,
  'every function of redshift_iam_internal has a COMMENT');

-- ---- errors raised inside helpers ----
-- the message and CONTEXT of the error a statement raises
CREATE FUNCTION pg_temp.ctx(q text) RETURNS jsonb LANGUAGE plpgsql AS $f$
DECLARE m text; c text;
BEGIN
  EXECUTE q;
  RETURN NULL;
EXCEPTION WHEN OTHERS THEN
  GET STACKED DIAGNOSTICS m = MESSAGE_TEXT, c = PG_EXCEPTION_CONTEXT;
  RETURN jsonb_build_object('message', m, 'context', coalesce(c, ''));
END $f$;

SELECT is(pg_temp.ctx($$SELECT redshift_iam.grant_assumerole('not-an-arn', 'PUBLIC', '{COPY}')$$)->>'message',
          'grant ASSUMEROLE: "not-an-arn" is not an IAM role ARN: an IAM role ARN starts with "arn:"',
          'grant_assumerole with a bad role: the error');
SELECT doesnt_match(pg_temp.ctx($$SELECT redshift_iam.grant_assumerole('not-an-arn', 'PUBLIC', '{COPY}')$$)->>'context',
              'redshift_iam\._',
              'grant_assumerole with a bad role: CONTEXT names no function of redshift_iam starting with "_"');
SELECT doesnt_match(pg_temp.ctx($$SELECT redshift_iam.grant_assumerole('ALL', 'PUBLIC', '{bogus}')$$)->>'context',
              'redshift_iam\._',
              'grant_assumerole with a bad command type: CONTEXT names no function of redshift_iam starting with "_"');
SELECT doesnt_match(pg_temp.ctx($$SELECT redshift_iam.revoke_assumerole('ALL', 'rsi_no_such_role_15', '{COPY}')$$)->>'context',
              'redshift_iam\._',
              'revoke_assumerole for a role that does not exist: CONTEXT names no function of redshift_iam starting with "_"');
SELECT doesnt_match(pg_temp.ctx($$SELECT redshift_iam.create_cluster('Bad--Id', 'dc2.large')$$)->>'context',
              'redshift_iam\._',
              'create_cluster with a bad identifier: CONTEXT names no function of redshift_iam starting with "_"');
SELECT doesnt_match(pg_temp.ctx($$SELECT redshift_iam.put_principal_policy('arn:aws:iam::123456789012:user/u', 'p', '{"Statement": 1}')$$)->>'context',
              'redshift_iam\._',
              'put_principal_policy with a malformed document: CONTEXT names no function of redshift_iam starting with "_"');

SELECT * FROM finish();
ROLLBACK;
