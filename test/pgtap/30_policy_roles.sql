-- Principal mappings and ASSUMEROLE grants follow the database role, not
-- its name: a role dropped and created again under the same name inherits
-- nothing, a renamed role keeps nothing silently (its mapping is reported
-- stale until mapped again), and an OID that now belongs to another role
-- (a dropped role's OID reused) grants nothing.  OID reuse is simulated by
-- pointing a row at another role's OID, as a reuse would.
BEGIN;
CREATE EXTENSION IF NOT EXISTS pgtap;
CREATE EXTENSION IF NOT EXISTS redshift_iam;
SELECT plan(24);

SET redshift_iam.account_id = '123456789012';
CREATE FUNCTION pg_temp.err(sql text) RETURNS jsonb LANGUAGE plpgsql AS $$
DECLARE s text; m text;
BEGIN
  EXECUTE sql;
  RETURN NULL;
EXCEPTION WHEN OTHERS THEN
  GET STACKED DIAGNOSTICS s = RETURNED_SQLSTATE, m = MESSAGE_TEXT;
  RETURN jsonb_build_object('sqlstate', s, 'message', m);
END $$;
CREATE FUNCTION pg_temp.account_of(r name) RETURNS text LANGUAGE plpgsql AS $$
DECLARE a text; s text;
BEGIN
  EXECUTE format('SET LOCAL ROLE %I', r);
  BEGIN
    a := redshift_iam_internal._caller_account();
  EXCEPTION WHEN OTHERS THEN
    GET STACKED DIAGNOSTICS s = RETURNED_SQLSTATE;
    a := 'error ' || s;
  END;
  RESET ROLE;
  RETURN a;
END $$;

CREATE ROLE rsi_rl_alice;
SELECT lives_ok($$SELECT redshift_iam.map_principal('rsi_rl_alice', 'arn:aws:iam::111111111111:user/alice')$$,
                'map alice to a user of account 111111111111');
SELECT is(pg_temp.account_of('rsi_rl_alice'), '111111111111', 'alice acts in her principal''s account');

-- ---- DROP ROLE; CREATE ROLE under the same name ----
DROP ROLE rsi_rl_alice;
CREATE ROLE rsi_rl_alice;
SELECT is(pg_temp.account_of('rsi_rl_alice'), '123456789012',
          'a new role named like a dropped one does not inherit its mapping (default account)');
SELECT is((SELECT stale FROM redshift_iam.principals WHERE db_role = 'rsi_rl_alice'), true,
          'the principals view shows the old mapping as stale');
SELECT lives_ok($$SELECT redshift_iam.map_principal('rsi_rl_alice', 'arn:aws:iam::222222222222:user/alice2')$$,
                'mapping the new role');
SELECT is((SELECT count(*)::int FROM redshift_iam.principals WHERE db_role = 'rsi_rl_alice'), 1,
          'replaces the stale mapping made under its name');
SELECT is(pg_temp.account_of('rsi_rl_alice'), '222222222222', 'the new role acts in its own principal''s account');

-- ---- ALTER ROLE ... RENAME ----
ALTER ROLE rsi_rl_alice RENAME TO rsi_rl_alicia;
SELECT is(pg_temp.account_of('rsi_rl_alicia'), 'error 55000',
          'a renamed role''s mapping is reported stale (55000), not silently dropped');
SELECT is((SELECT pg_temp.err($q$SET LOCAL ROLE rsi_rl_alicia; SELECT redshift_iam_internal._caller_account()$q$)->>'message'),
          'the IAM principal mapping of database role "rsi_rl_alicia" is stale', 'the message names the role');
RESET ROLE;
SELECT is((SELECT stale FROM redshift_iam.principals WHERE db_role = 'rsi_rl_alice'), true,
          'the view shows it stale');
SELECT lives_ok($$SELECT redshift_iam.map_principal('rsi_rl_alicia', 'arn:aws:iam::222222222222:user/alice2')$$,
                'mapping the renamed role again');
SELECT is((SELECT string_agg(db_role::text || ':' || stale, ',') FROM redshift_iam.principals
            WHERE db_role IN ('rsi_rl_alice', 'rsi_rl_alicia')), 'rsi_rl_alicia:false',
          'one mapping, under the new name');
SELECT is(pg_temp.account_of('rsi_rl_alicia'), '222222222222', 'and it applies again');

-- ---- a reused OID ----
CREATE ROLE rsi_rl_carol;
UPDATE redshift_iam.catalog_principals SET role_oid = 'rsi_rl_carol'::regrole WHERE db_role = 'rsi_rl_alicia';
SELECT is(pg_temp.account_of('rsi_rl_carol'), 'error 55000',
          'a mapping whose OID now names another role grants nothing (55000)');
SELECT is(pg_temp.account_of('rsi_rl_alicia'), '123456789012', 'and the mapped role has none either');
SELECT ok(redshift_iam.unmap_principal('rsi_rl_alicia'), 'unmap_principal removes a stale mapping by the name it was made under');
SELECT is(pg_temp.account_of('rsi_rl_carol'), '123456789012', 'after which carol is simply unmapped');

-- ---- ASSUMEROLE grants ----
SELECT redshift_iam.revoke_assumerole('ALL', 'PUBLIC');
CREATE ROLE rsi_rl_bob;
SELECT redshift_iam.grant_assumerole('arn:aws:iam::123456789012:role/A', 'rsi_rl_bob', '{COPY}');
SELECT ok(redshift_iam.has_assumerole_privilege('rsi_rl_bob', 'arn:aws:iam::123456789012:role/A', 'COPY'),
          'bob holds ASSUMEROLE');
CREATE ROLE rsi_rl_dave;
UPDATE redshift_iam.catalog_assumerole_grants SET grantee = 'rsi_rl_dave'::regrole WHERE grantee = 'rsi_rl_bob'::regrole;
SELECT ok(NOT redshift_iam.has_assumerole_privilege('rsi_rl_dave', 'arn:aws:iam::123456789012:role/A', 'COPY'),
          'a grant whose OID now names another role grants it nothing');
SELECT is_empty($$SELECT 1 FROM redshift_iam.assumerole_grants WHERE grantee = 'rsi_rl_dave'$$,
                'and the view does not list it');
UPDATE redshift_iam.catalog_assumerole_grants SET grantee = 'rsi_rl_bob'::regrole WHERE grantee = 'rsi_rl_dave'::regrole;
SELECT ok(redshift_iam.has_assumerole_privilege('rsi_rl_bob', 'arn:aws:iam::123456789012:role/A', 'COPY'),
          'bob again');
DROP ROLE rsi_rl_bob;
CREATE ROLE rsi_rl_bob;
SELECT ok(NOT redshift_iam.has_assumerole_privilege('rsi_rl_bob', 'arn:aws:iam::123456789012:role/A', 'COPY'),
          'a new role named like a dropped grantee holds nothing');
ALTER ROLE rsi_rl_bob RENAME TO rsi_rl_robert;
SELECT redshift_iam.grant_assumerole('arn:aws:iam::123456789012:role/A', 'rsi_rl_robert', '{COPY}');
ALTER ROLE rsi_rl_robert RENAME TO rsi_rl_bobby;
SELECT ok(NOT redshift_iam.has_assumerole_privilege('rsi_rl_bobby', 'arn:aws:iam::123456789012:role/A', 'COPY'),
          'a renamed grantee''s grant waits for a new grant');
SELECT redshift_iam.grant_assumerole('arn:aws:iam::123456789012:role/A', 'rsi_rl_bobby', '{COPY}');
SELECT ok(redshift_iam.has_assumerole_privilege('rsi_rl_bobby', 'arn:aws:iam::123456789012:role/A', 'COPY'),
          'granting again under the new name restores it');

SELECT * FROM finish();
ROLLBACK;
