-- The backend's cache of compiled policies (src/pg/policy_store.c): a
-- principal whose stored policy no longer compiles raises 55000 (not an XX
-- code) naming it, every time, and the failed loads leak nothing (the
-- cache's arrays are made in its own memory context only once compiled).
BEGIN;
CREATE EXTENSION IF NOT EXISTS pgtap;
CREATE EXTENSION IF NOT EXISTS redshift_iam;
SELECT plan(5);

-- 1,000 valid policies and, sorted last, one that no longer compiles (a
-- row written by hand, as a stricter engine after an upgrade would see it)
INSERT INTO redshift_iam.catalog_principal_policies
       (principal_arn, policy_name, policy_document, statement_count, updated_at)
SELECT 'arn:aws:iam::123456789012:user/leaky', format('p%s', lpad(i::text, 4, '0')),
       '{"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": "s3:*", "Resource": "*"}}', 1, now()
  FROM generate_series(1, 1000) i;
INSERT INTO redshift_iam.catalog_principal_policies
       (principal_arn, policy_name, policy_document, statement_count, updated_at)
VALUES ('arn:aws:iam::123456789012:user/leaky', 'zzz', '{"Statement": {"Effect": "allow", "Action": "*", "Resource": "*"}}', 1, now());

CREATE FUNCTION pg_temp.simulate_error() RETURNS text LANGUAGE plpgsql AS $$
DECLARE s text; m text;
BEGIN
  PERFORM * FROM redshift_iam.simulate_principal_policy('arn:aws:iam::123456789012:user/leaky', ARRAY['s3:GetObject']);
  RETURN 'no error';
EXCEPTION WHEN OTHERS THEN
  GET STACKED DIAGNOSTICS s = RETURNED_SQLSTATE, m = MESSAGE_TEXT;
  RETURN s || ' ' || m;
END $$;
CREATE FUNCTION pg_temp.backend_bytes() RETURNS bigint LANGUAGE sql AS $$
  SELECT sum(used_bytes)::bigint FROM pg_catalog.pg_backend_memory_contexts
$$;

SELECT is(pg_temp.simulate_error(),
          '55000 policy "zzz" of IAM principal arn:aws:iam::123456789012:user/leaky no longer compiles: Statement[0].Effect: Effect must be exactly "Allow" or "Deny", found "allow"',
          'a stored policy that no longer compiles: 55000 naming it');
SELECT is(pg_temp.simulate_error(), (SELECT pg_temp.simulate_error()), 'the same error the second time');

CREATE TEMP TABLE before AS SELECT pg_temp.backend_bytes() AS b;
SELECT is((SELECT count(*)::int FROM (SELECT pg_temp.simulate_error() AS e FROM generate_series(1, 40)) x WHERE e ~ '^55000'), 40,
          'forty more failed loads');
SELECT cmp_ok((SELECT pg_temp.backend_bytes() - b FROM before), '<', 200000::bigint,
              '40 failed loads of 1,001 policies leave less than 200 kB behind');

DELETE FROM redshift_iam.catalog_principal_policies WHERE policy_name = 'zzz';
SELECT is((SELECT count(*)::int FROM redshift_iam.simulate_principal_policy('arn:aws:iam::123456789012:user/leaky', ARRAY['s3:GetObject'])
            WHERE eval_decision = 'allowed'), 1, 'once repaired, the principal loads');

SELECT * FROM finish();
ROLLBACK;
