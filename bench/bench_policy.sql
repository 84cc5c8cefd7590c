-- bench_policy.sql — IAM policy evaluation through SQL, for a
-- principal with 1 (baseline), 10, 100 and 1,000 statements.
-- Run in a throwaway cluster:  bash bench/bench_policy.sh
-- Two measurements per size:
--   authorize: redshift_iam_internal._authorize() as a mapped, non-superuser role, the
--     hook the management functions call: principal lookup, cache check and
--     two evaluations (ModifyClusterIamRoles and one iam:PassRole);
--   simulate:  one simulate_principal_policy() call with 1,000 action x
--     resource pairs: evaluations with the per-call costs spread thin.
-- 1,000 statements do not fit IAM's 131,072-character cap in one document,
-- so every size is stored as policies of at most 100 statements.
\set ON_ERROR_STOP 1
CREATE EXTENSION IF NOT EXISTS redshift_iam;
SET redshift_iam.apply_delay = 0;
CREATE ROLE rsi_bench_etl;
GRANT USAGE ON SCHEMA redshift_iam TO rsi_bench_etl;
GRANT EXECUTE ON FUNCTION redshift_iam_internal._authorize(text, text, text[], text) TO rsi_bench_etl;

-- statement i of the same mix as bench_policy.c; the last two allow the hot requests
CREATE FUNCTION pg_temp.stmt(i integer, n integer) RETURNS jsonb LANGUAGE sql AS $$
  SELECT CASE
    WHEN n = 1 THEN '{"Effect": "Allow", "Action": "*", "Resource": "*"}'::jsonb  -- the trivial baseline
    WHEN i = n THEN jsonb_build_object('Sid', 'Pass' || i, 'Effect', 'Allow', 'Action', 'iam:PassRole',
      'Resource', 'arn:aws:iam::123456789012:role/etl/*',
      'Condition', jsonb_build_object(
        'StringEquals', jsonb_build_object('iam:PassedToService', 'redshift.amazonaws.com'),
        'ArnLike', jsonb_build_object('iam:AssociatedResourceArn', 'arn:aws:redshift:us-east-1:123456789012:cluster:etl-*')))
    WHEN i = n - 1 THEN jsonb_build_object('Sid', 'Etl', 'Effect', 'Allow', 'Action', 'redshift:ModifyClusterIamRoles',
      'Resource', 'arn:aws:redshift:us-east-1:123456789012:cluster:etl-*')
    WHEN i % 10 = 0 THEN jsonb_build_object('Sid', 'Deny' || i, 'Effect', 'Deny', 'Action', 'redshift:Delete*',
      'Resource', format('arn:aws:redshift:*:123456789012:cluster:prod%s-*', i))
    WHEN i % 3 = 0 THEN jsonb_build_object('Sid', 'Pass' || i, 'Effect', 'Allow', 'Action', 'iam:PassRole',
      'Resource', jsonb_build_array(format('arn:aws:iam::123456789012:role/team%s/*', i),
                                    format('arn:aws:iam::123456789012:role/Team%sReader', i)),
      'Condition', jsonb_build_object(
        'StringEquals', jsonb_build_object('iam:PassedToService', 'redshift.amazonaws.com'),
        'ArnLike', jsonb_build_object('iam:AssociatedResourceArn', format('arn:aws:redshift:*:123456789012:cluster:team%s-*', i))))
    ELSE jsonb_build_object('Sid', 'Team' || i, 'Effect', 'Allow',
      'Action', jsonb_build_array('redshift:CreateCluster', 'redshift:ModifyClusterIamRoles'),
      'Resource', format('arn:aws:redshift:us-east-1:123456789012:cluster:team%s-*', i))
  END
$$;

CREATE FUNCTION pg_temp.setup(n integer) RETURNS void LANGUAGE plpgsql AS $$
DECLARE p integer;
BEGIN
  DELETE FROM redshift_iam.catalog_principal_policies;
  FOR p IN 0 .. (n - 1) / 100 LOOP
    PERFORM redshift_iam.put_principal_policy('arn:aws:iam::123456789012:user/etl', format('part%s', p),
      jsonb_build_object('Version', '2012-10-17', 'Statement',
        (SELECT jsonb_agg(pg_temp.stmt(i, n) ORDER BY i) FROM generate_series(p * 100 + 1, least(n, p * 100 + 100)) i)));
  END LOOP;
END $$;

-- k calls of the hook as the mapped role; returns seconds
CREATE FUNCTION pg_temp.authorize(k integer) RETURNS double precision LANGUAGE plpgsql AS $$
DECLARE t0 timestamptz; t1 timestamptz; i integer; a text;
BEGIN
  EXECUTE 'SET ROLE rsi_bench_etl';
  t0 := clock_timestamp();
  FOR i IN 1..k LOOP
    a := redshift_iam_internal._authorize('redshift:ModifyClusterIamRoles',
           'arn:aws:redshift:us-east-1:123456789012:cluster:etl-7',
           ARRAY['arn:aws:iam::123456789012:role/etl/Loader'],
           'arn:aws:redshift:us-east-1:123456789012:cluster:etl-7');
  END LOOP;
  t1 := clock_timestamp();
  EXECUTE 'RESET ROLE';
  RETURN extract(epoch FROM t1 - t0);
END $$;

-- one simulate call of 1,000 evaluations; returns seconds
CREATE FUNCTION pg_temp.simulate() RETURNS double precision LANGUAGE plpgsql AS $$
DECLARE t0 timestamptz; c integer; acts text[]; res text[];
BEGIN
  SELECT array_agg(a) INTO acts
    FROM unnest(ARRAY['iam:PassRole', 'redshift:CreateCluster', 'redshift:ModifyClusterIamRoles',
                      'redshift:DescribeClusters']) a, generate_series(1, 25);
  SELECT array_agg(format('arn:aws:redshift:us-east-1:123456789012:cluster:etl-%s', i)) INTO res
    FROM generate_series(1, 10) i;
  t0 := clock_timestamp();
  SELECT count(*) INTO c FROM redshift_iam.simulate_principal_policy('arn:aws:iam::123456789012:user/etl', acts, res,
    '{"iam:PassedToService": "redshift.amazonaws.com", "iam:AssociatedResourceArn": "arn:aws:redshift:us-east-1:123456789012:cluster:etl-7"}');
  RETURN extract(epoch FROM clock_timestamp() - t0);
END $$;

CREATE FUNCTION pg_temp.run(k integer) RETURNS SETOF text LANGUAGE plpgsql AS $$
DECLARE n integer; t double precision; s double precision; t0 timestamptz; first double precision;
BEGIN
  RETURN NEXT format('%10s %10s %14s %16s %17s %16s', 'statements', 'policies', 'first call ms',
                     'authorize/s', 'auth evals/s', 'simulate evals/s');
  FOREACH n IN ARRAY ARRAY[1, 10, 100, 1000] LOOP
    PERFORM pg_temp.setup(n);
    first := pg_temp.authorize(1);          -- compiles and caches the policies
    t := pg_temp.authorize(k);
    PERFORM pg_temp.simulate();
    s := pg_temp.simulate();
    RETURN NEXT format('%10s %10s %14s %16s %17s %16s', n, (n + 99) / 100, round((first * 1000)::numeric, 2),
                       round(k / t), round(2 * k / t), round(1000 / s));
  END LOOP;
END $$;

SELECT redshift_iam.map_principal('rsi_bench_etl', 'arn:aws:iam::123456789012:user/etl');
SELECT * FROM pg_temp.run(:k);
