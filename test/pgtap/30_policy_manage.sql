-- Managing principals and policies: map_principal,
-- unmap_principal, put_principal_policy, delete_principal_policy; malformed
-- documents named by element with the catalog unchanged; PutUserPolicy
-- semantics; superusers only; the views; comments and privileges.
BEGIN;
CREATE EXTENSION IF NOT EXISTS pgtap;
CREATE EXTENSION IF NOT EXISTS redshift_iam;
SELECT plan(62);

CREATE FUNCTION pg_temp.err(sql text) RETURNS jsonb LANGUAGE plpgsql AS $$
DECLARE s text; m text; d text; h text;
BEGIN
  EXECUTE sql;
  RETURN NULL;
EXCEPTION WHEN OTHERS THEN
  GET STACKED DIAGNOSTICS s = RETURNED_SQLSTATE, m = MESSAGE_TEXT, d = PG_EXCEPTION_DETAIL, h = PG_EXCEPTION_HINT;
  RETURN jsonb_build_object('sqlstate', s, 'message', m, 'detail', d, 'hint', h);
END $$;

CREATE ROLE rsi_pol_m1;
CREATE ROLE rsi_pol_m2;

-- ---- map_principal ----
SELECT lives_ok($$SELECT redshift_iam.map_principal('rsi_pol_m1', 'arn:aws:iam::123456789012:user/division/etl')$$,
                'map a role to a user with a path');
SELECT is((SELECT row(principal_arn, principal_type, account_id)::text FROM redshift_iam.principals WHERE db_role = 'rsi_pol_m1'),
          '(arn:aws:iam::123456789012:user/division/etl,user,123456789012)', 'type and account come from the ARN');
SELECT lives_ok($$SELECT redshift_iam.map_principal('rsi_pol_m1', 'arn:aws:iam::210987654321:role/Ops')$$, 're-mapping replaces');
SELECT is((SELECT row(principal_arn, principal_type, account_id)::text FROM redshift_iam.principals WHERE db_role = 'rsi_pol_m1'),
          '(arn:aws:iam::210987654321:role/Ops,role,210987654321)', 'one mapping per role');
SELECT lives_ok($$SELECT redshift_iam.map_principal('rsi_pol_m2', 'arn:aws:iam::210987654321:role/Ops')$$,
                'several roles may act as one principal');
SELECT throws_ok($$SELECT redshift_iam.map_principal('rsi_pol_m1', 'etl')$$, '22023',
                 '"etl" is not a valid IAM principal ARN: an IAM principal ARN starts with "arn:"', 'a name is not a principal');
SELECT throws_ok($$SELECT redshift_iam.map_principal('rsi_pol_m1', 'arn:aws:iam::123456789012:group/admins')$$, '22023',
                 '"arn:aws:iam::123456789012:group/admins" is not a valid IAM principal ARN: the resource must be "user/<user-name>" or "role/<role-name>"',
                 'a group is not a principal');
SELECT throws_ok($$SELECT redshift_iam.map_principal('rsi_pol_m1', 'arn:aws:iam::12345678901:user/x')$$, '22023', NULL,
                 'an 11-digit account is refused');
SELECT throws_ok($$SELECT redshift_iam.map_principal('rsi_pol_m1', NULL)$$, '22004', NULL, 'NULL ARN');
SELECT throws_ok($$SELECT redshift_iam.map_principal('rsi_pol_nobody', 'arn:aws:iam::123456789012:user/x')$$, '42704',
                 'role "rsi_pol_nobody" does not exist', 'an unknown database role');
SELECT is((SELECT principal_arn FROM redshift_iam.principals WHERE db_role = 'rsi_pol_m1'),
          'arn:aws:iam::210987654321:role/Ops', 'failed calls changed nothing');

-- ---- put_principal_policy ----
SELECT lives_ok($$SELECT redshift_iam.put_principal_policy('arn:aws:iam::210987654321:role/Ops', 'p1',
  '{"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": "redshift:DescribeClusters", "Resource": "*"}}')$$,
  'put a policy');
SELECT is((SELECT statement_count FROM redshift_iam.principal_policies WHERE policy_name = 'p1'), 1, 'it is listed');
SELECT lives_ok($$SELECT redshift_iam.put_principal_policy('arn:aws:iam::210987654321:role/Ops', 'p1',
  '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "redshift:DescribeClusters", "Resource": "*"},
                                           {"Effect": "Deny", "Action": "iam:PassRole", "Resource": "*"}]}')$$,
  'put the same name again');
SELECT is((SELECT row(count(*), max(statement_count))::text FROM redshift_iam.principal_policies WHERE policy_name = 'p1'), '(1,2)',
          'it replaced the document (PutRolePolicy semantics)');
SELECT is((SELECT policy_count FROM redshift_iam.principals WHERE db_role = 'rsi_pol_m1'), 1::bigint,
          'principals counts the policies');
SELECT lives_ok($$SELECT redshift_iam.put_principal_policy('arn:aws:iam::123456789012:user/unmapped', 'p',
  '{"Statement": {"Effect": "Allow", "Action": "*", "Resource": "*"}}')$$,
  'a principal needs no mapping to hold a policy');

-- malformed documents: 22023 in IAM's MalformedPolicyDocument form, naming the element
SELECT is(pg_temp.err(format('SELECT redshift_iam.put_principal_policy(%L, %L, %L)',
                             'arn:aws:iam::210987654321:role/Ops', 'p1', doc)) ->> 'message',
          'An error occurred (MalformedPolicyDocument) when calling the PutRolePolicy operation: ' || msg,
          'malformed: ' || msg)
  FROM (VALUES
  ('{"Statement": [{"Effect": "allow", "Action": "*", "Resource": "*"}]}',
   'Statement[0].Effect: Effect must be exactly "Allow" or "Deny", found "allow"'),
  ('{"Version": "2012-10-17"}', 'Statement: required element Statement is missing'),
  ('{"Version": "2012-10-18", "Statement": {"Effect": "Allow", "Action": "*", "Resource": "*"}}',
   'Version: Version must be "2012-10-17" or "2008-10-17", found "2012-10-18"'),
  ('{"Id": "x", "Statement": {"Effect": "Allow", "Action": "*", "Resource": "*"}}', 'Id: Id is not allowed in identity-based policies'),
  ('{"Statement": {"Effect": "Allow", "Principal": "*", "Action": "*", "Resource": "*"}}',
   'Statement[0].Principal: Principal is not allowed in identity-based policies (it belongs in resource-based and trust policies)'),
  ('{"Statement": {"Effect": "Allow", "Action": "*"}}',
   'Statement[0].Resource: a statement in an identity-based policy must have a Resource or a NotResource'),
  ('{"Statement": {"Effect": "Allow", "Action": "redshift", "Resource": "*"}}',
   'Statement[0].Action: Action must be "*" or "service:action", found "redshift"'),
  ('{"Statement": {"Effect": "Allow", "Action": "*", "Resource": "*", "Condition": {"StringEqual": {"k": "v"}}}}',
   'Statement[0].Condition.StringEqual: unknown condition operator "StringEqual"'),
  ('{"Statement": {"Effect": "Allow", "Action": "*", "Resource": "*", "Condition": {"NullIfExists": {"k": "true"}}}}',
   'Statement[0].Condition.NullIfExists: the Null operator has no IfExists form'),
  ('{"Statement": {"Effect": "Allow", "Action": "*", "Resource": "*", "Condition": {"NumericLessThan": {"k": "ten"}}}}',
   'Statement[0].Condition.NumericLessThan.k: NumericLessThan needs a number, found "ten"'),
  ('{"Statement": {"effect": "Allow", "Action": "*", "Resource": "*"}}',
   'Statement[0].effect: unknown element "effect" (element names are case-sensitive: did you mean "Effect"?)'),
  ('{"Statement": []}', 'Statement: Statement must not be an empty array'),
  ('[]', '(document): a policy document must be a JSON object, found an array')
  ) AS t(doc, msg);
SELECT is((SELECT row(count(*), max(statement_count))::text FROM redshift_iam.principal_policies WHERE policy_name = 'p1'), '(1,2)',
          'after every malformed put the policy is unchanged');
SELECT is(pg_temp.err($$SELECT redshift_iam.put_principal_policy('arn:aws:iam::123456789012:user/u', 'new',
            '{"Statement": {"Effect": "Allow", "Action": "*", "Resource": "*", "Sid": "a b"}}')$$) ->> 'sqlstate',
          '22023', 'a user''s malformed put is 22023 too');
SELECT is((SELECT count(*)::int FROM redshift_iam.principal_policies WHERE policy_name = 'new'), 0, 'and stores nothing');
SELECT matches(pg_temp.err($$SELECT redshift_iam.put_principal_policy('arn:aws:iam::123456789012:user/u', 'new',
            '{"Statement": {"Effect": "Allow", "Action": "*", "Resource": "*", "Sid": "a b"}}')$$) ->> 'message',
          '^An error occurred \(MalformedPolicyDocument\) when calling the PutUserPolicy operation: Statement\[0\]\.Sid: ',
          'a user''s put is PutUserPolicy');
SELECT is(pg_temp.err(format($$SELECT redshift_iam.put_principal_policy('arn:aws:iam::123456789012:user/u', 'big', %L)$$,
            jsonb_build_object('Statement', (SELECT jsonb_agg(jsonb_build_object('Effect', 'Allow', 'Action', 's3:GetObject',
                'Resource', 'arn:aws:s3:::bucket-' || i || '/*')) FROM generate_series(1, 2000) i)))) - 'detail' - 'hint',
          '{"sqlstate": "54000", "message": "An error occurred (LimitExceeded) when calling the PutUserPolicy operation: Cannot exceed quota for PolicySize: 131072"}'::jsonb,
          'a document over 131072 characters (whitespace not counted) is LimitExceeded');
SELECT lives_ok(format($$SELECT redshift_iam.put_principal_policy('arn:aws:iam::123456789012:user/u', 'big', %L)$$,
            jsonb_build_object('Statement', (SELECT jsonb_agg(jsonb_build_object('Effect', 'Allow', 'Action', 's3:GetObject',
                'Resource', 'arn:aws:s3:::bucket-' || i || '/*')) FROM generate_series(1, 1000) i))),
          '1000 statements fit');
SELECT throws_ok($$SELECT redshift_iam.put_principal_policy('arn:aws:iam::123456789012:user/u', 'a b',
                   '{"Statement": {"Effect": "Allow", "Action": "*", "Resource": "*"}}')$$, '22023',
  'An error occurred (ValidationError) when calling the PutUserPolicy operation: 1 validation error detected: Value ''a b'' at ''policyName'' failed to satisfy constraint: Member must satisfy regular expression pattern: [\w+=,.@-]+ and have length between 1 and 128',
  'a policy name follows IAM''s pattern');
SELECT throws_ok($$SELECT redshift_iam.put_principal_policy('arn:aws:iam::123456789012:user/u', repeat('p', 129),
                   '{"Statement": {"Effect": "Allow", "Action": "*", "Resource": "*"}}')$$, '22023', NULL,
  'and is at most 128 characters');
SELECT throws_ok($$SELECT redshift_iam.put_principal_policy('arn:aws:iam::123456789012:user/u', 'p', NULL)$$, '22023', NULL,
                 'a NULL document is malformed');
SELECT throws_ok($$SELECT redshift_iam.put_principal_policy('arn:aws:iam::123456789012:group/g', 'p',
                   '{"Statement": {"Effect": "Allow", "Action": "*", "Resource": "*"}}')$$, '22023', NULL,
                 'policies attach to users and roles only');

-- ---- delete_principal_policy ----
SELECT lives_ok($$SELECT redshift_iam.delete_principal_policy('arn:aws:iam::123456789012:user/u', 'big')$$, 'delete a policy');
SELECT throws_ok($$SELECT redshift_iam.delete_principal_policy('arn:aws:iam::123456789012:user/u', 'big')$$, '42704',
  'An error occurred (NoSuchEntity) when calling the DeleteUserPolicy operation: The user policy with name big cannot be found.',
  'deleting it again is NoSuchEntity');
SELECT throws_ok($$SELECT redshift_iam.delete_principal_policy('arn:aws:iam::210987654321:role/Ops', 'nope')$$, '42704',
  'An error occurred (NoSuchEntity) when calling the DeleteRolePolicy operation: The role policy with name nope cannot be found.',
  'for a role: DeleteRolePolicy');

-- ---- superusers only, even with EXECUTE granted ----
GRANT USAGE ON SCHEMA redshift_iam TO rsi_pol_m2;
GRANT EXECUTE ON FUNCTION redshift_iam.map_principal(name, text), redshift_iam.unmap_principal(name),
      redshift_iam.put_principal_policy(text, text, jsonb), redshift_iam.delete_principal_policy(text, text)
   TO rsi_pol_m2;
SET LOCAL ROLE rsi_pol_m2;
SELECT throws_ok($$SELECT redshift_iam.map_principal('rsi_pol_m2', 'arn:aws:iam::123456789012:user/admin')$$, '42501',
                 'only superusers can map database roles to IAM principals', 'map_principal: superusers only');
SELECT throws_ok($$SELECT redshift_iam.unmap_principal('rsi_pol_m2')$$, '42501', NULL, 'unmap_principal: superusers only');
SELECT throws_ok($$SELECT redshift_iam.put_principal_policy('arn:aws:iam::210987654321:role/Ops', 'all',
                   '{"Statement": {"Effect": "Allow", "Action": "*", "Resource": "*"}}')$$, '42501',
                 'only superusers can attach IAM policies', 'put_principal_policy: superusers only');
SELECT throws_ok($$SELECT redshift_iam.delete_principal_policy('arn:aws:iam::210987654321:role/Ops', 'p1')$$, '42501',
                 'only superusers can delete IAM policies', 'delete_principal_policy: superusers only');
SELECT throws_ok($$INSERT INTO redshift_iam.catalog_principals VALUES ('rsi_pol_m2', 'arn:aws:iam::1:user/x', 'user', '1', now())$$,
                 '42501', NULL, 'no direct writes to the tables');
SELECT throws_ok($$SELECT nextval('redshift_iam.policy_generation')$$, '42501', NULL, 'nor to the sequence');
RESET ROLE;
REVOKE EXECUTE ON FUNCTION redshift_iam.map_principal(name, text), redshift_iam.unmap_principal(name),
      redshift_iam.put_principal_policy(text, text, jsonb), redshift_iam.delete_principal_policy(text, text)
   FROM rsi_pol_m2;
SET LOCAL ROLE rsi_pol_m2;
SELECT throws_ok($$SELECT redshift_iam.put_principal_policy('arn:aws:iam::210987654321:role/Ops', 'all',
                   '{"Statement": {"Effect": "Allow", "Action": "*", "Resource": "*"}}')$$, '42501',
                 'permission denied for function put_principal_policy', 'and not executable by PUBLIC');
RESET ROLE;
SELECT is((SELECT count(*)::int FROM redshift_iam.principal_policies WHERE policy_name = 'all'), 0, 'nothing was attached');

-- ---- objects: comments, privileges, search_path, pg_dump ----
SELECT is_empty($$
  SELECT c.relname FROM pg_class c
   WHERE c.relnamespace = 'redshift_iam'::regnamespace AND c.relkind IN ('r', 'v', 'S')
     AND c.relname IN ('catalog_principals', 'catalog_principal_policies', 'policy_generation', 'principals', 'principal_policies')
     AND obj_description(c.oid, 'pg_class') IS NULL$$, 'every table, view and sequence has a COMMENT');
SELECT is_empty($$
  SELECT p.oid::regprocedure FROM pg_proc p
   WHERE p.pronamespace IN ('redshift_iam'::regnamespace, 'redshift_iam_internal'::regnamespace)
     AND p.proname IN ('map_principal', 'unmap_principal', 'put_principal_policy', 'delete_principal_policy',
                       'simulate_custom_policy', 'simulate_principal_policy', '_check_principal_arn', '_check_policy_document',
                       '_require_superuser')
     AND obj_description(p.oid, 'pg_proc') IS NULL$$, 'every function has a COMMENT');
SELECT is((SELECT count(*)::int FROM pg_proc p
            WHERE p.pronamespace IN ('redshift_iam'::regnamespace, 'redshift_iam_internal'::regnamespace)
              AND p.proname IN ('map_principal', 'unmap_principal', 'put_principal_policy', 'delete_principal_policy',
                                '_require_superuser')
              AND 'search_path=pg_catalog, pg_temp' = ANY (p.proconfig)), 5,
          'every SQL and PL/pgSQL policy function pins search_path');
SELECT is((SELECT count(*)::int FROM pg_proc p
            WHERE p.pronamespace IN ('redshift_iam'::regnamespace, 'redshift_iam_internal'::regnamespace) AND p.prosecdef
              AND p.proname IN ('map_principal', 'unmap_principal', 'put_principal_policy', 'delete_principal_policy')), 0,
          'the writers are not SECURITY DEFINER');
SELECT ok(NOT has_function_privilege('public', 'redshift_iam.' || f, 'EXECUTE'), f || ' is not for PUBLIC')
  FROM unnest(ARRAY['map_principal(name, text)', 'unmap_principal(name)', 'put_principal_policy(text, text, jsonb)',
                    'delete_principal_policy(text, text)']) AS f;
SELECT ok(has_function_privilege('public', 'redshift_iam.' || f, 'EXECUTE'), f || ' is for PUBLIC')
  FROM unnest(ARRAY['simulate_custom_policy(jsonb[], text[], text[], jsonb)',
                    'simulate_principal_policy(text, text[], text[], jsonb)']) AS f;
SELECT ok((SELECT extconfig @> ARRAY['redshift_iam.catalog_principals'::regclass::oid,
                                     'redshift_iam.catalog_principal_policies'::regclass::oid,
                                     'redshift_iam.policy_generation'::regclass::oid]
             FROM pg_extension WHERE extname = 'redshift_iam'), 'the tables and the sequence are dumped by pg_dump');

SELECT * FROM finish();
ROLLBACK;
