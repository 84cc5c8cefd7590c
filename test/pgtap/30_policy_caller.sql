-- Who the caller is, and who may read policies:
--   * a check (check_command) takes the account, the principal and
--     ASSUMEROLE from one role, the current user (GetUserId): inside a
--     SECURITY DEFINER function, its owner, whose rights the checked
--     command would run with;
--   * the logged principal is the one the check looked up (no second read);
--   * principal_policies and simulate_principal_policy show a user who is
--     not a superuser only the principal its own role is mapped to;
--   * redshift_iam_internal._aws_error refuses a malformed or non-error SQLSTATE.
BEGIN;
CREATE EXTENSION IF NOT EXISTS pgtap;
CREATE EXTENSION IF NOT EXISTS redshift_iam;
SELECT plan(16);

SET LOCAL redshift_iam.account_id = '123456789012';
SET LOCAL redshift_iam.region = 'us-east-1';
SET LOCAL redshift_iam.apply_delay = 0;
SET LOCAL redshift_iam.enforce_iam_policies = off;

CREATE FUNCTION pg_temp.err(sql text) RETURNS jsonb LANGUAGE plpgsql AS $$
DECLARE s text; m text;
BEGIN
  EXECUTE sql;
  RETURN NULL;
EXCEPTION WHEN OTHERS THEN
  GET STACKED DIAGNOSTICS s = RETURNED_SQLSTATE, m = MESSAGE_TEXT;
  RETURN jsonb_build_object('sqlstate', s, 'message', m);
END $$;

-- the cluster ARN a check returns, or the SQLSTATE it raises
CREATE FUNCTION pg_temp.arn_or_err(sql text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE r jsonb; s text;
BEGIN
  EXECUTE sql INTO r;
  RETURN r ->> 'cluster_arn';
EXCEPTION WHEN OTHERS THEN
  GET STACKED DIAGNOSTICS s = RETURNED_SQLSTATE;
  RETURN s;
END $$;

CREATE ROLE rsi_cl_owner;
CREATE ROLE rsi_cl_user;
GRANT USAGE ON SCHEMA redshift_iam TO rsi_cl_owner, rsi_cl_user;
GRANT EXECUTE ON FUNCTION redshift_iam.create_cluster(text, text, integer, text[], text, text) TO rsi_cl_owner;
SELECT redshift_iam.map_principal('rsi_cl_owner', 'arn:aws:iam::111111111111:user/owner');
SELECT redshift_iam.map_principal('rsi_cl_user', 'arn:aws:iam::222222222222:user/user');

-- a cluster in the owner's account
SET LOCAL ROLE rsi_cl_owner;
SELECT lives_ok($$SELECT redshift_iam.create_cluster('rsi-cl-c1', 'dc2.large', 2, ARRAY['arn:aws:iam::111111111111:role/R'])$$,
                'the owner makes a cluster in account 111111111111');
RESET ROLE;

-- ---- one caller in a check ----
CREATE FUNCTION public.rsi_cl_definer_check() RETURNS jsonb LANGUAGE sql SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$ SELECT redshift_iam.check_command('rsi-cl-c1', 'COPY t FROM ''s3://b/k'' IAM_ROLE ''arn:aws:iam::111111111111:role/R''') $$;
ALTER FUNCTION public.rsi_cl_definer_check() OWNER TO rsi_cl_owner;
GRANT EXECUTE ON FUNCTION public.rsi_cl_definer_check() TO rsi_cl_user;
GRANT USAGE ON SCHEMA public TO rsi_cl_owner, rsi_cl_user;

SET LOCAL ROLE rsi_cl_user;
SELECT is(pg_temp.arn_or_err('SELECT public.rsi_cl_definer_check()'),
          'arn:aws:redshift:us-east-1:111111111111:cluster:rsi-cl-c1',
          'inside a SECURITY DEFINER function the check acts in its owner''s account');
SELECT is(pg_temp.err($$SELECT redshift_iam.check_command('rsi-cl-c1', 'COPY t FROM ''s3://b/k'' IAM_ROLE ''arn:aws:iam::111111111111:role/R''')$$)->>'sqlstate',
          '42704', 'called directly, the user acts in its own account, where the cluster is unknown');
RESET ROLE;
-- ASSUMEROLE from the same role: the owner has it, the caller does not
SELECT redshift_iam.revoke_assumerole('ALL', 'PUBLIC');
SELECT redshift_iam.grant_assumerole('ALL', 'rsi_cl_owner');
SET LOCAL ROLE rsi_cl_user;
SELECT is(pg_temp.arn_or_err('SELECT public.rsi_cl_definer_check()'),
          'arn:aws:redshift:us-east-1:111111111111:cluster:rsi-cl-c1',
          'ASSUMEROLE is the owner''s too');
RESET ROLE;
SELECT redshift_iam.revoke_assumerole('ALL', 'rsi_cl_owner');
SET LOCAL ROLE rsi_cl_user;
SELECT is(pg_temp.err($$SELECT public.rsi_cl_definer_check()$$)->>'sqlstate', '42501',
          'and revoking it from the owner refuses the check');
RESET ROLE;
SELECT redshift_iam.grant_assumerole('ALL', 'PUBLIC');

-- ---- the logged principal is looked up once ----
SET LOCAL redshift_iam.log_checks = 'all';
SET LOCAL client_min_messages = warning;
CREATE TEMP TABLE scans AS
SELECT coalesce(seq_scan, 0) + coalesce(idx_scan, 0) AS n FROM pg_stat_xact_user_tables
 WHERE relid = 'redshift_iam.catalog_principals'::regclass;
SET LOCAL ROLE rsi_cl_owner;
SELECT ok(redshift_iam.check_command('rsi-cl-c1', 'COPY t FROM ''s3://b/k'' IAM_ROLE ''arn:aws:iam::111111111111:role/R''') IS NOT NULL,
          'a logged check');
RESET ROLE;
SELECT is((SELECT coalesce(seq_scan, 0) + coalesce(idx_scan, 0) FROM pg_stat_xact_user_tables
            WHERE relid = 'redshift_iam.catalog_principals'::regclass) - (SELECT n FROM scans), 1::bigint,
          'one read of the principals catalog per check, logged or not');
RESET redshift_iam.log_checks;

-- ---- who may read policies ----
SELECT redshift_iam.put_principal_policy('arn:aws:iam::111111111111:user/owner', 'p',
  '{"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": "redshift:*", "Resource": "*"}}');
SELECT redshift_iam.put_principal_policy('arn:aws:iam::222222222222:user/user', 'q',
  '{"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": "s3:*", "Resource": "*"}}');
SELECT is((SELECT string_agg(policy_name, ',' ORDER BY policy_name) FROM redshift_iam.principal_policies
            WHERE principal_arn ~ '(111111111111|222222222222)'), 'p,q', 'a superuser sees every policy');
SET LOCAL ROLE rsi_cl_user;
SELECT is((SELECT string_agg(policy_name, ',' ORDER BY policy_name) FROM redshift_iam.principal_policies), 'q',
          'a user sees only its own principal''s policies');
SELECT is((SELECT eval_decision FROM redshift_iam.simulate_principal_policy('arn:aws:iam::222222222222:user/user', ARRAY['s3:GetObject'])),
          'allowed', 'a user may simulate its own principal');
SELECT is(pg_temp.err($$SELECT * FROM redshift_iam.simulate_principal_policy('arn:aws:iam::111111111111:user/owner', ARRAY['s3:GetObject'])$$)->>'sqlstate',
          '42501', 'but not another (42501)');
SELECT is(pg_temp.err($$SELECT * FROM redshift_iam.simulate_principal_policy('arn:aws:iam::111111111111:user/nobody', ARRAY['s3:GetObject'])$$)->>'sqlstate',
          '42501', 'nor learn whether another exists');
RESET ROLE;

-- ---- _aws_error ----
SELECT is(pg_temp.err($$SELECT redshift_iam_internal._aws_error('abc', 'X', 'Op', 'm')$$)->>'message',
          'invalid SQLSTATE "abc" for redshift_iam_internal._aws_error', 'a SQLSTATE of three characters is refused');
SELECT is(pg_temp.err($$SELECT redshift_iam_internal._aws_error('00000', 'X', 'Op', 'm')$$)->>'message',
          'invalid SQLSTATE "00000" for redshift_iam_internal._aws_error', 'success is not an error');
SELECT is(pg_temp.err($$SELECT redshift_iam_internal._aws_error('2202e', 'X', 'Op', 'm')$$)->>'sqlstate',
          '22023', 'lower case is refused (22023)');
SELECT is(pg_temp.err($$SELECT redshift_iam_internal._aws_error('42704', 'NoSuchEntity', 'Op', 'gone')$$),
          '{"sqlstate": "42704", "message": "An error occurred (NoSuchEntity) when calling the Op operation: gone"}'::jsonb,
          'a valid SQLSTATE raises the AWS error');

SELECT * FROM finish();
ROLLBACK;
