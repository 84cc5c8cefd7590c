-- ASSUMEROLE: grant_assumerole, revoke_assumerole,
-- has_assumerole_privilege, the view assumerole_grants, and how
-- check_command and validate_script enforce them.

-- revoke_assumerole's WARNING cannot be caught in SQL: capture it from a
-- second session, before this one takes any lock (psql runs the backquotes)
\set revoke_nothing_out `psql -X -q -h :'HOST' -p :PORT -U :'USER' -d :'DBNAME' -v VERBOSITY=verbose -c 'BEGIN' -c 'CREATE EXTENSION IF NOT EXISTS redshift_iam' -c 'SELECT redshift_iam.revoke_assumerole($$arn:aws:iam::123456789012:role/NeverGranted$$, $$PUBLIC$$, $${COPY}$$)' -c 'ROLLBACK' 2>&1`

BEGIN;
CREATE EXTENSION IF NOT EXISTS pgtap;
CREATE EXTENSION IF NOT EXISTS redshift_iam;
SELECT plan(79);

SET LOCAL redshift_iam.account_id = '123456789012';
SET LOCAL redshift_iam.region = 'us-east-1';
SET LOCAL redshift_iam.apply_delay = 0;
SET LOCAL redshift_iam.access_keys = 'allow';

-- the result of a check, or its error as {"error": {sqlstate, message, detail, hint}}
CREATE FUNCTION pg_temp.chk(cmd text, cluster text DEFAULT 'rsi-t40-ar') RETURNS jsonb
LANGUAGE plpgsql AS $f$
DECLARE
  st text; msg text; det text; hnt text;
BEGIN
  RETURN redshift_iam.check_command(cluster, cmd);
EXCEPTION WHEN OTHERS THEN
  GET STACKED DIAGNOSTICS st = RETURNED_SQLSTATE, msg = MESSAGE_TEXT,
                          det = PG_EXCEPTION_DETAIL, hnt = PG_EXCEPTION_HINT;
  RETURN jsonb_build_object('error', jsonb_build_object('sqlstate', st, 'message', msg,
                            'detail', NULLIF(det, ''), 'hint', NULLIF(hnt, '')));
END
$f$;
-- the SQLSTATE of a check ('00000' when allowed)
CREATE FUNCTION pg_temp.st(cmd text) RETURNS text LANGUAGE sql AS $f$
  SELECT coalesce(pg_temp.chk(cmd) #>> '{error,sqlstate}', '00000')
$f$;

CREATE ROLE rsi_t40_alice LOGIN;
CREATE ROLE rsi_t40_bob LOGIN;
CREATE ROLE rsi_t40_carol LOGIN;
CREATE ROLE rsi_t40_dave LOGIN;
CREATE ROLE rsi_t40_grp NOLOGIN;

SELECT ok(redshift_iam.create_cluster('rsi-t40-ar', 'dc2.large', 2,
            ARRAY['arn:aws:iam::123456789012:role/A', 'arn:aws:iam::123456789012:role/B',
                  'arn:aws:iam::123456789012:role/C'],
            'arn:aws:iam::123456789012:role/A') IS NOT NULL,
          'cluster with roles A, B, C (default A), in-sync at once');

-- ===== the default: PUBLIC holds ALL for ALL =====
SELECT results_eq($$SELECT grantee, iam_roles COLLATE "default", command COLLATE "default" FROM redshift_iam.assumerole_grants$$,
                  $$VALUES ('PUBLIC', 'ALL', 'ALL')$$, 'by default PUBLIC holds ASSUMEROLE ON ALL FOR ALL');
SELECT ok(redshift_iam.has_assumerole_privilege('rsi_t40_alice', 'arn:aws:iam::123456789012:role/A', 'copy'),
          'has_assumerole_privilege: every role holds it through PUBLIC');
SET LOCAL ROLE rsi_t40_alice;
SELECT is(pg_temp.st($$COPY t FROM 's3://b/x' IAM_ROLE 'arn:aws:iam::123456789012:role/A'$$), '00000',
          'a plain role may COPY with any associated role by default');
SELECT results_eq($$SELECT grantee, iam_roles COLLATE "default", command COLLATE "default" FROM redshift_iam.assumerole_grants$$,
                  $$VALUES ('PUBLIC', 'ALL', 'ALL')$$, 'a plain role can read the view');
SELECT throws_ok($$SELECT redshift_iam.grant_assumerole('ALL', 'rsi_t40_alice')$$, '42501', NULL,
                 'a plain role cannot grant ASSUMEROLE');
SELECT throws_ok($$SELECT redshift_iam.revoke_assumerole('ALL', 'PUBLIC')$$, '42501', NULL,
                 'a plain role cannot revoke ASSUMEROLE');
RESET ROLE;
-- even with EXECUTE granted, only superusers may grant (as in Redshift)
GRANT EXECUTE ON FUNCTION redshift_iam.grant_assumerole(text, text, text[]) TO rsi_t40_alice;
SET LOCAL ROLE rsi_t40_alice;
SELECT throws_ok($$SELECT redshift_iam.grant_assumerole('ALL', 'rsi_t40_alice')$$, '42501', NULL,
                 'a plain role with EXECUTE still cannot grant ASSUMEROLE');
RESET ROLE;
REVOKE EXECUTE ON FUNCTION redshift_iam.grant_assumerole(text, text, text[]) FROM rsi_t40_alice;

-- ===== revoking the default =====
SELECT lives_ok($$SELECT redshift_iam.revoke_assumerole('ALL', 'PUBLIC')$$, 'revoke_assumerole(''ALL'', ''PUBLIC'')');
SELECT is_empty($$SELECT * FROM redshift_iam.assumerole_grants$$, 'the default grant is gone from the view');
SELECT ok(NOT redshift_iam.has_assumerole_privilege('rsi_t40_alice', 'arn:aws:iam::123456789012:role/A', 'COPY'),
          'has_assumerole_privilege: COPY no longer held');
SELECT ok(NOT redshift_iam.has_assumerole_privilege('rsi_t40_alice', 'arn:aws:iam::123456789012:role/A', 'unload'),
          'has_assumerole_privilege: UNLOAD no longer held');
SELECT ok(NOT redshift_iam.has_assumerole_privilege('rsi_t40_alice', 'arn:aws:iam::123456789012:role/A', 'External Function'),
          'has_assumerole_privilege: EXTERNAL FUNCTION no longer held (case-insensitive)');
SELECT ok(redshift_iam.has_assumerole_privilege(current_user, 'arn:aws:iam::123456789012:role/A', 'COPY'),
          'a superuser always holds it');
SELECT is(pg_temp.st($$COPY t FROM 's3://b/x' IAM_ROLE 'arn:aws:iam::123456789012:role/A'$$), '00000',
          'a superuser may still COPY');

SET LOCAL ROLE rsi_t40_alice;
SELECT is(pg_temp.chk($$COPY t FROM 's3://b/x' IAM_ROLE 'arn:aws:iam::123456789012:role/A'$$) -> 'error',
  jsonb_build_object('sqlstate', '42501',
    'message', 'user rsi_t40_alice does not have ASSUMEROLE permission on IAM role "arn:aws:iam::123456789012:role/A" for COPY',
    'detail', 'Database role rsi_t40_alice holds no ASSUMEROLE grant on arn:aws:iam::123456789012:role/A (or ALL) for COPY (or ALL), directly, through a role it is a member of, or through PUBLIC.',
    'hint', 'A superuser can grant it: SELECT redshift_iam.grant_assumerole(''arn:aws:iam::123456789012:role/A'', ''rsi_t40_alice'', ''{COPY}'');'),
  'COPY without ASSUMEROLE: 42501 with Redshift''s message');
SELECT is(pg_temp.chk($$unload ('select 1') to 's3://b/u' iam_role 'arn:aws:iam::123456789012:role/A'$$) #>> '{error,message}',
  'user rsi_t40_alice does not have ASSUMEROLE permission on IAM role "arn:aws:iam::123456789012:role/A" for UNLOAD',
  'UNLOAD without ASSUMEROLE: 42501');
SELECT is(pg_temp.chk($$create external function f(int) returns int volatile lambda 'fn' iam_role 'arn:aws:iam::123456789012:role/A'$$) #>> '{error,message}',
  'user rsi_t40_alice does not have ASSUMEROLE permission on IAM role "arn:aws:iam::123456789012:role/A" for EXTERNAL FUNCTION',
  'CREATE EXTERNAL FUNCTION without ASSUMEROLE: 42501');
SELECT is(pg_temp.st($$create external schema s from data catalog database 'd' iam_role 'arn:aws:iam::123456789012:role/A'$$),
  '00000', 'CREATE EXTERNAL SCHEMA is not subject to ASSUMEROLE');
SELECT is(pg_temp.st($$COPY t FROM 's3://b/x' CREDENTIALS 'aws_iam_role=arn:aws:iam::123456789012:role/A'$$),
  '42501', 'CREDENTIALS ''aws_iam_role=...'' is subject to it');
SELECT is(pg_temp.chk($$COPY t FROM 's3://b/x' IAM_ROLE default$$) #>> '{error,message}',
  'user rsi_t40_alice does not have ASSUMEROLE permission on IAM role "arn:aws:iam::123456789012:role/A" for COPY',
  'IAM_ROLE default: the message names the default role');
SELECT is(pg_temp.st($$COPY t FROM 's3://b/x' ACCESS_KEY_ID 'AKIAIOSFODNN7EXAMPLE' SECRET_ACCESS_KEY 'x'$$),
  '00000', 'access keys need no ASSUMEROLE');
-- order: ASSUMEROLE before the association; cluster and malformed values first
SELECT is(pg_temp.st($$COPY t FROM 's3://b/x' IAM_ROLE 'arn:aws:iam::123456789012:role/NotAssociated'$$),
  '42501', 'a missing ASSUMEROLE is reported before a missing association');
SELECT is(pg_temp.chk($$COPY t FROM 's3://b/x' IAM_ROLE 'arn:aws:iam::123456789012:role/A'$$, 'rsi-t40-none') #>> '{error,sqlstate}',
  '42704', 'an unknown cluster is reported before ASSUMEROLE');
SELECT is(pg_temp.st($$COPY t FROM 's3://b/x' IAM_ROLE 'RoleA'$$),
  '28000', 'a role name instead of an ARN is reported before ASSUMEROLE');
-- validate_script enforces it too
SELECT results_eq(
  $$SELECT ok, sqlstate, message FROM redshift_iam.validate_script('rsi-t40-ar',
      'copy t from ''x'' iam_role ''arn:aws:iam::123456789012:role/B''; create external schema s from data catalog database ''d'' iam_role ''arn:aws:iam::123456789012:role/B''')$$,
  $$VALUES (false, '42501', 'user rsi_t40_alice does not have ASSUMEROLE permission on IAM role "arn:aws:iam::123456789012:role/B" for COPY'),
           (true, '00000', NULL)$$,
  'validate_script: a 42501 row for COPY, the external schema allowed');
RESET ROLE;

-- ===== grants per command type =====
SELECT lives_ok($$SELECT redshift_iam.grant_assumerole('arn:aws:iam::123456789012:role/A', 'rsi_t40_alice', '{copy}')$$,
                'grant ASSUMEROLE ON A TO alice FOR copy (lowercase)');
SELECT results_eq($$SELECT grantee, iam_roles COLLATE "default", command COLLATE "default" FROM redshift_iam.assumerole_grants$$,
                  $$VALUES ('rsi_t40_alice', 'arn:aws:iam::123456789012:role/A', 'COPY')$$,
                  'the view shows the grant, command in canonical form');
SELECT ok(redshift_iam.has_assumerole_privilege('rsi_t40_alice', 'arn:aws:iam::123456789012:role/A', 'copy'),
          'has_assumerole_privilege: COPY on A held');
SELECT ok(NOT redshift_iam.has_assumerole_privilege('rsi_t40_alice', 'arn:aws:iam::123456789012:role/A', 'UNLOAD'),
          'has_assumerole_privilege: UNLOAD on A not held');
SELECT ok(NOT redshift_iam.has_assumerole_privilege('rsi_t40_alice', 'arn:aws:iam::123456789012:role/B', 'COPY'),
          'has_assumerole_privilege: COPY on B not held');
SET LOCAL ROLE rsi_t40_alice;
SELECT is(pg_temp.st($$COPY t FROM 's3://b/x' IAM_ROLE 'arn:aws:iam::123456789012:role/A'$$), '00000', 'alice: COPY with A allowed');
SELECT is(pg_temp.st($$COPY t FROM 's3://b/x' IAM_ROLE default$$), '00000',
          'alice: COPY with IAM_ROLE default allowed (the default role is A)');
SELECT is(pg_temp.st($$unload ('select 1') to 's3://b/u' iam_role 'arn:aws:iam::123456789012:role/A'$$), '42501', 'alice: UNLOAD with A refused');
SELECT is(pg_temp.st($$COPY t FROM 's3://b/x' IAM_ROLE 'arn:aws:iam::123456789012:role/B'$$), '42501', 'alice: COPY with B refused');
SELECT is(pg_temp.st($$COPY t FROM 's3://b/x' IAM_ROLE 'arn:aws:iam::123456789012:role/A,arn:aws:iam::210987654321:role/X'$$),
          '42501', 'alice: a chain starting with A is not covered by a grant on A');
RESET ROLE;
SELECT lives_ok($$SELECT redshift_iam.grant_assumerole('arn:aws:iam::123456789012:role/A', 'rsi_t40_alice', '{Unload, " external   FUNCTION "}')$$,
                'grant FOR UNLOAD and EXTERNAL FUNCTION (any case and spacing)');
SET LOCAL ROLE rsi_t40_alice;
SELECT is(pg_temp.st($$unload ('select 1') to 's3://b/u' iam_role 'arn:aws:iam::123456789012:role/A'$$), '00000', 'alice: UNLOAD with A allowed');
SELECT is(pg_temp.st($$create or replace external function f(int) returns int volatile lambda 'fn' iam_role 'arn:aws:iam::123456789012:role/A'$$),
          '00000', 'alice: CREATE EXTERNAL FUNCTION with A allowed');
RESET ROLE;
SELECT lives_ok($$SELECT redshift_iam.revoke_assumerole('arn:aws:iam::123456789012:role/A', 'rsi_t40_alice', '{COPY}')$$,
                'revoke FOR COPY only');
SELECT results_eq($$SELECT command COLLATE "default" FROM redshift_iam.assumerole_grants WHERE grantee = 'rsi_t40_alice' ORDER BY 1$$,
                  $$VALUES ('EXTERNAL FUNCTION'), ('UNLOAD')$$, 'UNLOAD and EXTERNAL FUNCTION remain');
SELECT lives_ok($$SELECT redshift_iam.revoke_assumerole('arn:aws:iam::123456789012:role/A', 'rsi_t40_alice')$$,
                'revoke FOR ALL (the default)');
SELECT is_empty($$SELECT * FROM redshift_iam.assumerole_grants WHERE grantee = 'rsi_t40_alice'$$,
                'revoking FOR ALL removes the narrower grants');

-- ===== chains: a grant on a chain covers exactly that chain =====
SELECT lives_ok($$SELECT redshift_iam.grant_assumerole('arn:aws:iam::123456789012:role/A,arn:aws:iam::210987654321:role/X', 'rsi_t40_bob', '{COPY}')$$,
                'grant ON a chain to bob');
SET LOCAL ROLE rsi_t40_bob;
SELECT is(pg_temp.st($$COPY t FROM 's3://b/x' IAM_ROLE 'arn:aws:iam::123456789012:role/A,arn:aws:iam::210987654321:role/X'$$),
          '00000', 'bob: exactly that chain allowed');
SELECT is(pg_temp.st($$COPY t FROM 's3://b/x' IAM_ROLE 'arn:aws:iam::123456789012:role/A'$$),
          '42501', 'bob: the first role alone refused');
SELECT is(pg_temp.st($$COPY t FROM 's3://b/x' IAM_ROLE 'arn:aws:iam::123456789012:role/A,arn:aws:iam::210987654321:role/X,arn:aws:iam::210987654321:role/Y'$$),
          '42501', 'bob: a longer chain refused');
SELECT is(pg_temp.chk($$COPY t FROM 's3://b/x' IAM_ROLE 'arn:aws:iam::123456789012:role/A,arn:aws:iam::210987654321:role/Y'$$) #>> '{error,message}',
  'user rsi_t40_bob does not have ASSUMEROLE permission on IAM role "arn:aws:iam::123456789012:role/A,arn:aws:iam::210987654321:role/Y" for COPY',
  'bob: another chain refused; the message names the chain');
RESET ROLE;
SELECT ok(redshift_iam.has_assumerole_privilege('rsi_t40_bob', 'arn:aws:iam::123456789012:role/A,arn:aws:iam::210987654321:role/X', 'COPY'),
          'has_assumerole_privilege: the chain');
SELECT ok(NOT redshift_iam.has_assumerole_privilege('rsi_t40_bob', 'arn:aws:iam::123456789012:role/A', 'COPY'),
          'has_assumerole_privilege: not one element of it');

-- ===== 'default' =====
SELECT lives_ok($$SELECT redshift_iam.grant_assumerole('DEFAULT', 'rsi_t40_carol', '{COPY}')$$, 'grant ON default to carol');
SELECT results_eq($$SELECT iam_roles COLLATE "default" FROM redshift_iam.assumerole_grants WHERE grantee = 'rsi_t40_carol'$$,
                  $$VALUES ('default')$$, 'stored as default');
SELECT ok(redshift_iam.has_assumerole_privilege('rsi_t40_carol', 'default', 'copy'), 'has_assumerole_privilege: default');
SET LOCAL ROLE rsi_t40_carol;
SELECT is(pg_temp.chk($$COPY t FROM 's3://b/x' IAM_ROLE default$$) ->> 'resolved_role',
          'arn:aws:iam::123456789012:role/A', 'carol: IAM_ROLE default allowed');
SELECT is(pg_temp.st($$COPY t FROM 's3://b/x' IAM_ROLE 'arn:aws:iam::123456789012:role/B'$$),
          '42501', 'carol: a named role refused');
SELECT is(pg_temp.st($$unload ('select 1') to 's3://b/u' iam_role default$$),
          '42501', 'carol: UNLOAD with IAM_ROLE default refused (granted for COPY only)');
RESET ROLE;

-- ===== membership =====
SELECT lives_ok($$SELECT redshift_iam.grant_assumerole('arn:aws:iam::123456789012:role/B', 'rsi_t40_grp')$$,
                'grant ON B TO a group role FOR ALL');
GRANT rsi_t40_grp TO rsi_t40_dave;
SELECT ok(redshift_iam.has_assumerole_privilege('rsi_t40_dave', 'arn:aws:iam::123456789012:role/B', 'unload'),
          'has_assumerole_privilege: held through membership');
SET LOCAL ROLE rsi_t40_dave;
SELECT is(pg_temp.st($$COPY t FROM 's3://b/x' IAM_ROLE 'arn:aws:iam::123456789012:role/B'$$), '00000', 'dave (member): COPY with B allowed');
SELECT is(pg_temp.st($$unload ('select 1') to 's3://b/u' iam_role 'arn:aws:iam::123456789012:role/B'$$), '00000', 'dave (member): UNLOAD with B allowed');
SELECT is(pg_temp.st($$COPY t FROM 's3://b/x' IAM_ROLE 'arn:aws:iam::123456789012:role/C'$$), '42501', 'dave (member): COPY with C refused');
RESET ROLE;
REVOKE rsi_t40_grp FROM rsi_t40_dave;
SELECT ok(NOT redshift_iam.has_assumerole_privilege('rsi_t40_dave', 'arn:aws:iam::123456789012:role/B', 'unload'),
          'no longer held once the membership is revoked');

-- ===== ALL roles, and grants to PUBLIC =====
SELECT lives_ok($$SELECT redshift_iam.grant_assumerole('all', 'rsi_t40_dave', '{UNLOAD}')$$, 'grant ON ALL to dave FOR UNLOAD');
SELECT ok(redshift_iam.has_assumerole_privilege('rsi_t40_dave', 'arn:aws:iam::123456789012:role/C', 'UNLOAD')
          AND NOT redshift_iam.has_assumerole_privilege('rsi_t40_dave', 'arn:aws:iam::123456789012:role/C', 'COPY'),
          'ON ALL covers every role, for the granted command only');
SELECT lives_ok($$SELECT redshift_iam.grant_assumerole('arn:aws:iam::123456789012:role/C', 'public', '{COPY}')$$, 'grant ON C TO public FOR COPY');
SELECT ok(redshift_iam.has_assumerole_privilege('rsi_t40_carol', 'arn:aws:iam::123456789012:role/C', 'COPY'),
          'a grant to PUBLIC reaches every role');
SELECT results_eq($$SELECT grantee, iam_roles COLLATE "default", command COLLATE "default" FROM redshift_iam.assumerole_grants WHERE grantee IN ('PUBLIC', 'rsi_t40_dave') ORDER BY 1$$,
                  $$VALUES ('PUBLIC', 'arn:aws:iam::123456789012:role/C', 'COPY'), ('rsi_t40_dave', 'ALL', 'UNLOAD')$$,
                  'the view lists PUBLIC and ALL grants');
SELECT lives_ok($$SELECT redshift_iam.grant_assumerole('ALL', 'PUBLIC')$$, 'grant the default back');
SELECT ok(redshift_iam.has_assumerole_privilege('rsi_t40_alice', 'arn:aws:iam::123456789012:role/B', 'EXTERNAL FUNCTION'),
          'PUBLIC holds ALL for ALL again');

-- ===== nothing to revoke: a WARNING, no error =====
SET LOCAL client_min_messages = error;
SELECT lives_ok($$SELECT redshift_iam.revoke_assumerole('arn:aws:iam::123456789012:role/NeverGranted', 'rsi_t40_alice', '{COPY}')$$,
                'revoking a grant that does not exist is no error');
RESET client_min_messages;
SELECT matches(:'revoke_nothing_out'::text,
  'WARNING:  01000: no ASSUMEROLE privileges could be revoked from PUBLIC\nDETAIL:  PUBLIC holds no grant of ASSUMEROLE ON arn:aws:iam::123456789012:role/NeverGranted for COPY; a broader grant may still apply\.',
  '... but a WARNING (01000) with a DETAIL');

-- ===== invalid arguments =====
SELECT throws_ok($$SELECT redshift_iam.grant_assumerole('arn:aws:iam::123456789012:role/A', 'rsi_t40_alice', '{CREATE EXTERNAL SCHEMA}')$$,
  '22023', 'grant ASSUMEROLE: invalid command type "CREATE EXTERNAL SCHEMA"', 'CREATE EXTERNAL SCHEMA cannot be granted');
SELECT throws_ok($$SELECT redshift_iam.grant_assumerole('arn:aws:iam::123456789012:role/A', 'rsi_t40_alice', '{SELECT}')$$,
  '22023', NULL, 'an invalid command type: 22023');
SELECT throws_ok($$SELECT redshift_iam.grant_assumerole('arn:aws:iam::123456789012:role/A', 'rsi_t40_alice', '{}')$$,
  '22023', NULL, 'no command type: 22023');
SELECT throws_ok($$SELECT redshift_iam.grant_assumerole('arn:aws:iam::123456789012:role/A', 'rsi_t40_nobody')$$,
  '42704', 'role "rsi_t40_nobody" does not exist', 'an unknown database role: 42704');
SELECT throws_ok($$SELECT redshift_iam.revoke_assumerole('arn:aws:iam::123456789012:role/A', 'rsi_t40_nobody')$$,
  '42704', 'role "rsi_t40_nobody" does not exist', 'revoke from an unknown database role: 42704');
SELECT throws_ok($$SELECT redshift_iam.grant_assumerole('RoleA', 'rsi_t40_alice')$$,
  '22023', NULL, 'a role name instead of an ARN: 22023');
SELECT throws_ok($$SELECT redshift_iam.has_assumerole_privilege('rsi_t40_nobody', 'arn:aws:iam::123456789012:role/A', 'COPY')$$,
  '42704', NULL, 'has_assumerole_privilege: an unknown database role: 42704');
SELECT throws_ok($$SELECT redshift_iam.has_assumerole_privilege('rsi_t40_alice', 'arn:aws:iam::123456789012:role/A', 'create external schema')$$,
  '22023', NULL, 'has_assumerole_privilege: an invalid command type: 22023');

SELECT * FROM finish();
ROLLBACK;
