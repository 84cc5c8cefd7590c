-- parse_command and redact through SQL: the result shape,
-- errors, privileges and documentation.
BEGIN;
CREATE EXTENSION IF NOT EXISTS pgtap;
CREATE EXTENSION IF NOT EXISTS redshift_iam;
SELECT plan(29);

SELECT is(
  (SELECT array_agg(k ORDER BY k) FROM jsonb_object_keys(redshift_iam.parse_command(
     $$copy t from 's3://b' iam_role default$$)) k),
  ARRAY['access_key_id','auth_method','catalog_role','col','kind','line','location',
        'problems','roles','secret_arn','session_token','source'],
  'parse_command returns exactly its documented keys');

SELECT is(redshift_iam.parse_command($$COPY t FROM 's3://b' IAM_ROLE default$$),
  '{"kind":"copy","auth_method":"iam_role_default","roles":[],"session_token":false,
    "access_key_id":null,"location":"s3://b","catalog_role":null,"secret_arn":null,
    "source":null,"line":1,"col":1,"problems":[]}'::jsonb,
  'IAM_ROLE default');

SELECT is(redshift_iam.parse_command(
  E'\n  -- load\n  copy t from ''x'' iam_role ''arn:aws:iam::123456789012:role/A,arn:aws:iam::123456789012:role/B''')
  -> 'roles',
  '["arn:aws:iam::123456789012:role/A","arn:aws:iam::123456789012:role/B"]'::jsonb,
  'a chain is split on commas, in order');
SELECT is((redshift_iam.parse_command(
  E'\n  -- load\n  copy t from ''x'' iam_role default') ->> 'line')::int, 3,
  'line of the command after a comment');
SELECT is((redshift_iam.parse_command(
  E'\n  -- load\n  copy t from ''x'' iam_role default') ->> 'col')::int, 3,
  'column of the command');

SELECT is(redshift_iam.parse_command(
  $$copy t from 'x' iam_role 'arn:aws:iam::123456789012:role/A, arn:aws:iam::123456789012:role/B'$$)
  #>> '{problems,0,code}', 'chain-has-spaces', 'a chain with a space gets a problem');
SELECT is(redshift_iam.parse_command($$copy t from 'x' iam_role 'some_iam_role'$$)
  #>> '{problems,0,code}', 'role-name-not-arn', 'a placeholder role name parses with a problem');

SELECT throws_ok(
  $$SELECT redshift_iam.parse_command('create external schema s from data catalog database ''d'' credentials ''aws_iam_role=arn:aws:iam::123456789012:role/R''')$$,
  '42601', NULL, 'CREDENTIALS in CREATE EXTERNAL SCHEMA is 42601');
SELECT throws_ok($$SELECT redshift_iam.parse_command('select 1')$$, '42601', NULL,
  'a statement of another kind is 42601');
SELECT throws_ok($$SELECT redshift_iam.parse_command('copy t from ''x'' iam_role ''abc')$$, '42601', NULL,
  'an unterminated string is 42601');
SELECT throws_ok($$SELECT redshift_iam.parse_command('copy t from ''x''')$$, '42601',
  'syntax error at line 1, column 16: COPY requires an authorization clause: expected IAM_ROLE, CREDENTIALS, or ACCESS_KEY_ID and SECRET_ACCESS_KEY, found end of input',
  'a missing authorization clause: at the end of the command, names what is expected and what was found');
SELECT throws_ok($$SELECT redshift_iam.parse_command('unload (''q'') to ''s3://x/'' iam_role default kms_key_id ''k''')$$, '42601',
  'syntax error at line 1, column 44: KMS_KEY_ID requires ENCRYPTED: expected ENCRYPTED among the UNLOAD options, found none',
  'KMS_KEY_ID without ENCRYPTED is 42601 at KMS_KEY_ID');
SELECT throws_ok($$SELECT redshift_iam.parse_command('copy t from ''x'' credentials ''aws_access_key_id=AKIAIOSFODNN7EXAMPLE;aws_secret_access_key=s;FQoGZXIvYXdzEJr1234567890=='' ')$$, '42601',
  'syntax error at line 1, column 93: malformed CREDENTIALS string: expected a key (aws_iam_role, aws_access_key_id, aws_secret_access_key, token or master_symmetric_key) at character 64, found a value without a key name (not shown: it may be secret)',
  'a credentials pair without a key name is not quoted in the message');

SELECT is(redshift_iam.parse_command($$copy t from 'x' access_key_id 'ASIAIOSFODNN7EXAMPLE' secret_access_key 'wJalr' session_token 'tok'$$)
  ->> 'auth_method', 'access_keys', 'access keys');
SELECT is(redshift_iam.parse_command($$copy t from 'x' access_key_id 'ASIAIOSFODNN7EXAMPLE' secret_access_key 'wJalr' session_token 'tok'$$)
  ->> 'access_key_id', 'ASIAIOSFODNN7EXAMPLE', 'the key ID is reported');
SELECT ok(redshift_iam.parse_command($$copy t from 'x' access_key_id 'ASIAIOSFODNN7EXAMPLE' secret_access_key 'wJalr' session_token 'tok'$$)::text
  NOT LIKE '%wJalr%' AND redshift_iam.parse_command($$copy t from 'x' access_key_id 'ASIAIOSFODNN7EXAMPLE' secret_access_key 'wJalr' session_token 'tok'$$)::text
  NOT LIKE '%tok''%', 'the result never contains the secret or the token');
SELECT is(redshift_iam.parse_command($$create external schema s from data catalog database 'db' iam_role 'SESSION'$$)
  ->> 'auth_method', 'iam_role_session', 'IAM_ROLE ''SESSION''');
SELECT is(redshift_iam.parse_command($$create external schema s from postgres database 'db' uri 'h' iam_role default secret_arn 'arn:aws:secretsmanager:us-east-1:123456789012:secret:x'$$)
  ->> 'secret_arn', 'arn:aws:secretsmanager:us-east-1:123456789012:secret:x', 'SECRET_ARN');
SELECT is(redshift_iam.parse_command($$create external schema s from postgres database 'db' uri 'h' iam_role default secret_arn 'a'$$)
  ->> 'source', 'postgres', 'source');

-- max_role_chain is a setting (superuser-only)
SET redshift_iam.max_role_chain = 1;
SELECT is(redshift_iam.parse_command(
  $$copy t from 'x' iam_role 'arn:aws:iam::123456789012:role/A,arn:aws:iam::123456789012:role/B'$$)
  #>> '{problems,0,code}', 'chain-too-long', 'redshift_iam.max_role_chain limits chains');
RESET redshift_iam.max_role_chain;

SELECT is(redshift_iam.redact($$copy t from 'x' access_key_id 'AKIAIOSFODNN7EXAMPLE' secret_access_key 'wJalr' session_token 'tok'$$),
  $$copy t from 'x' access_key_id 'AKIAIOSFODNN7EXAMPLE' secret_access_key '***' session_token '***'$$,
  'redact replaces secrets and keeps key IDs');
SELECT is(redshift_iam.redact($$unload ('q') to 'x' credentials 'aws_iam_role=arn:aws:iam::123456789012:role/R;master_symmetric_key=K3y'$$),
  $$unload ('q') to 'x' credentials 'aws_iam_role=arn:aws:iam::123456789012:role/R;master_symmetric_key=***'$$,
  'redact replaces the master symmetric key');

SELECT is(redshift_iam.redact($$copy t from 'x' credentials 'aws_access_key_id=AKIAIOSFODNN7EXAMPLE;aws_secret_access_key=s;FQoGZXIvYXdzEJr1234567890==;wJalrXUtnFEMI/K7MDENG=EXAMPLEKEY'$$),
  $$copy t from 'x' credentials 'aws_access_key_id=AKIAIOSFODNN7EXAMPLE;aws_secret_access_key=***;***;***'$$,
  'redact masks credentials pairs without a key name as a whole');
SELECT is(
  (SELECT array_agg(p ->> 'code') FROM jsonb_array_elements(
     redshift_iam.parse_command($$copy t from 'x' access_key_id 'AKIAIOSFODNN7EXAMPLE' secret_access_key 's' session_token 't'$$) -> 'problems') p)
  || (SELECT array_agg(p ->> 'code') FROM jsonb_array_elements(
     redshift_iam.parse_command($$copy t from 'x' iam_role 'arn:aws:iam::123456789012:role/aws-service-role/redshift.amazonaws.com/AWSServiceRoleForRedshift'$$) -> 'problems') p),
  ARRAY['session-token-with-long-term-key', 'service-linked-role'],
  'problems: a session token with an AKIA key; a service-linked role');
SELECT is(redshift_iam.parse_command($$create external schema s database "My""Db" iam_role default$$) ->> 'location',
  'My"Db', 'a quoted DATABASE name has its doubled quotes decoded');

SELECT function_privs_are('redshift_iam', 'parse_command', ARRAY['text'], 'public', ARRAY['EXECUTE'],
  'PUBLIC may execute parse_command');
SELECT function_privs_are('redshift_iam', 'redact', ARRAY['text'], 'public', ARRAY['EXECUTE'],
  'PUBLIC may execute redact');

-- every member of the extension is documented: the functions of both
-- schemas (redshift_iam and redshift_iam_internal), the tables and views,
-- and the two schemas themselves
SELECT is_empty($$
  SELECT pg_describe_object(d.classid, d.objid, 0)
  FROM pg_depend d
  WHERE d.refclassid = 'pg_extension'::regclass
    AND d.refobjid = (SELECT oid FROM pg_extension WHERE extname = 'redshift_iam')
    AND d.deptype = 'e'
    AND d.classid IN ('pg_proc'::regclass, 'pg_class'::regclass, 'pg_namespace'::regclass)
    AND obj_description(d.objid, d.classid::regclass::name) IS NULL
    AND NOT (d.classid = 'pg_class'::regclass AND (SELECT relkind FROM pg_class WHERE oid = d.objid) IN ('S', 'i', 't'))
$$, 'every function, table, view and schema of the extension (redshift_iam and redshift_iam_internal) has a COMMENT');

SELECT throws_ok($$SET redshift_iam.no_such_setting = 1$$, '42602', NULL,
  'the redshift_iam. prefix is reserved');

SELECT * FROM finish();
ROLLBACK;
