-- CREATE MODEL, CREATE LIBRARY, MSK with mTLS and CATALOG_ROLE through
-- SQL: parse_command's result, check_command's verdicts, ASSUMEROLE FOR
-- CREATE MODEL, and has_assumerole_privilege([user,] role, command) with
-- its rule that a user asks about their own privileges only.
BEGIN;
CREATE EXTENSION IF NOT EXISTS pgtap;
CREATE EXTENSION IF NOT EXISTS redshift_iam;
SELECT plan(40);

SET LOCAL redshift_iam.account_id = '123456789012';
SET LOCAL redshift_iam.region = 'us-east-1';
SET LOCAL redshift_iam.apply_delay = 0;

-- the result of a check, or its error as {"error": {sqlstate, message, detail, hint}}
CREATE FUNCTION pg_temp.chk(cmd text, cluster text DEFAULT 'rsi-t40-cmds') RETURNS jsonb
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
CREATE FUNCTION pg_temp.st(cmd text) RETURNS text LANGUAGE sql AS $f$
  SELECT coalesce(pg_temp.chk(cmd) #>> '{error,sqlstate}', '00000')
$f$;
GRANT EXECUTE ON FUNCTION pg_temp.chk(text, text), pg_temp.st(text) TO PUBLIC;

CREATE ROLE rsi_t40c_ml LOGIN;
CREATE ROLE rsi_t40c_other LOGIN;

SELECT ok(redshift_iam.create_cluster('rsi-t40-cmds', 'dc2.large', 2,
            ARRAY['arn:aws:iam::123456789012:role/ML', 'arn:aws:iam::123456789012:role/Spectrum',
                  'arn:aws:iam::123456789012:role/Athena'],
            'arn:aws:iam::123456789012:role/ML') IS NOT NULL,
          'cluster with roles ML (default), Spectrum and Athena');

-- ===== parse_command =====
SELECT is(redshift_iam.parse_command($$CREATE MODEL m FROM t TARGET c FUNCTION f IAM_ROLE default
  SETTINGS (S3_BUCKET 'amzn-s3-demo-bucket', KMS_KEY_ID 'arn:aws:kms:us-east-1:123456789012:key/k')$$),
  '{"kind":"create_model","auth_method":"iam_role_default","roles":[],"session_token":false,
    "access_key_id":null,"location":null,"catalog_role":null,"secret_arn":null,
    "source":null,"line":1,"col":1,"problems":[],"function_name":"f",
    "s3_bucket":"amzn-s3-demo-bucket","kms_key_id":"arn:aws:kms:us-east-1:123456789012:key/k",
    "sagemaker_endpoint":null,"bedrock_model_id":null}'::jsonb,
  'CREATE MODEL: function, S3 bucket and KMS key are fields of the result');
SELECT is(redshift_iam.parse_command($$create model r function f (int) returns int sagemaker 'my-endpoint'
  iam_role 'arn:aws:iam::123456789012:role/ML'$$) ->> 'sagemaker_endpoint', 'my-endpoint',
  'CREATE MODEL (remote inference): the SageMaker endpoint');
SELECT is(redshift_iam.parse_command($$create model l from 'xgboost-job-1' function f (int) returns int
  iam_role default settings (s3_bucket 'b')$$) ->> 'location', 'xgboost-job-1',
  'CREATE MODEL (local inference): the training job is the location');
SELECT is(redshift_iam.parse_command($$CREATE EXTERNAL MODEL llm FUNCTION f IAM_ROLE default MODEL_TYPE BEDROCK
  SETTINGS (MODEL_ID 'anthropic.claude-v2:1')$$) ->> 'bedrock_model_id', 'anthropic.claude-v2:1',
  'CREATE EXTERNAL MODEL: the Bedrock model ID');
SELECT is(redshift_iam.parse_command($$CREATE OR REPLACE LIBRARY l LANGUAGE plpythonu FROM 's3://b/l.zip'
  IAM_ROLE 'arn:aws:iam::123456789012:role/ML' REGION AS 'us-west-2'$$),
  '{"kind":"create_library","auth_method":"iam_role","roles":["arn:aws:iam::123456789012:role/ML"],
    "session_token":false,"access_key_id":null,"location":"s3://b/l.zip","catalog_role":null,
    "secret_arn":null,"source":null,"line":1,"col":1,"problems":[],"region":"us-west-2"}'::jsonb,
  'CREATE LIBRARY: location and region are fields of the result');
SELECT is(redshift_iam.parse_command($$create library l language plpythonu from 's3://b/l.zip'
  credentials 'aws_access_key_id=AKIAIOSFODNN7EXAMPLE;aws_secret_access_key=wJalrXUtnFEMIK7MDENG'$$)::text
  ~ 'wJalr', false, 'CREATE LIBRARY with CREDENTIALS keys: the secret is not in the result');
SELECT is(redshift_iam.parse_command($$create library l language plpythonu from 's3://b/l.zip'
  credentials 'aws_access_key_id=AKIAIOSFODNN7EXAMPLE;aws_secret_access_key=wJalrXUtnFEMIK7MDENG'$$) ->> 'auth_method',
  'credentials_keys', 'CREATE LIBRARY with the older CREDENTIALS form');
SELECT is(redshift_iam.redact($$create library l language plpythonu from 's3://b/l.zip' credentials 'aws_access_key_id=AKIAIOSFODNN7EXAMPLE;aws_secret_access_key=wJalrXUtnFEMIK7MDENG'$$),
  $$create library l language plpythonu from 's3://b/l.zip' credentials 'aws_access_key_id=AKIAIOSFODNN7EXAMPLE;aws_secret_access_key=***'$$,
  'redact masks CREATE LIBRARY''s secret key');
SELECT throws_ok($$SELECT redshift_iam.parse_command('create library l language plpythonu from ''s3://b/l.zip''')$$,
  '42601', NULL, 'CREATE LIBRARY from S3 without an authorization is a syntax error');
SELECT is(redshift_iam.parse_command($$CREATE EXTERNAL SCHEMA s FROM MSK AUTHENTICATION mtls URI 'b-1.c.kafka.us-east-1.amazonaws.com:9094'
  AUTHENTICATION_ARN 'arn:aws:acm:us-east-1:444455556666:certificate/certificate_ID'$$) ->> 'source', 'msk',
  'MSK with AUTHENTICATION mtls and AUTHENTICATION_ARN parses');
SELECT is(redshift_iam.parse_command($$create external schema s from msk authentication mtls uri 'b:9094'
  secret_arn 'arn:aws:secretsmanager:us-east-1:012345678910:secret:myMTLSSecret'$$) ->> 'secret_arn',
  'arn:aws:secretsmanager:us-east-1:012345678910:secret:myMTLSSecret', 'MSK with AUTHENTICATION mtls and SECRET_ARN parses');

-- ===== check_command =====
SELECT is(pg_temp.st($$create model m from t function f iam_role default settings (s3_bucket 'b')$$), '00000',
          'CREATE MODEL with the default role: allowed');
SELECT is(pg_temp.chk($$create model m from t function f iam_role 'arn:aws:iam::123456789012:role/Nowhere'$$)
          #>> '{error,sqlstate}', '28000', 'CREATE MODEL with an unassociated role: refused');
SELECT is(pg_temp.st($$create library l language plpythonu from 's3://b/l.zip' iam_role 'arn:aws:iam::123456789012:role/Spectrum'$$),
          '00000', 'CREATE LIBRARY with an associated role: allowed');
SELECT is(pg_temp.chk($$create library l language plpythonu from 's3://b/l.zip' credentials 'aws_iam_role=arn:aws:iam::123456789012:role/Nowhere'$$)
          #>> '{error,sqlstate}', '28000', 'CREATE LIBRARY with an unassociated CREDENTIALS role: refused');
SELECT is(pg_temp.st($$create library l language plpythonu from 'https://example.com/l.zip'$$), '00000',
          'CREATE LIBRARY from a public URL: nothing to check');
SELECT is(pg_temp.st($$create external schema s database 'db' iam_role 'arn:aws:iam::123456789012:role/Spectrum'
          catalog_role 'arn:aws:iam::123456789012:role/Athena'$$), '00000', 'an associated CATALOG_ROLE: allowed');
SELECT is(pg_temp.chk($$create external schema s database 'db' iam_role 'arn:aws:iam::123456789012:role/Spectrum'
          catalog_role 'arn:aws:iam::123456789012:role/Glue'$$) #>> '{error,message}',
          'CATALOG_ROLE IAM role arn:aws:iam::123456789012:role/Glue is not associated with cluster rsi-t40-cmds',
          'a CATALOG_ROLE not associated with the cluster: refused, naming it');
SELECT is((SELECT kind || ' ' || ok::text || ' ' || col FROM redshift_iam.validate_script('rsi-t40-cmds',
          $$create external schema s database 'db' iam_role 'arn:aws:iam::123456789012:role/Spectrum' catalog_role 'arn:aws:iam::123456789012:role/Glue'$$)),
          'create_external_schema false 91', 'validate_script points at CATALOG_ROLE');
SELECT is((SELECT string_agg(kind || ':' || ok::text, ' ' ORDER BY statement) FROM redshift_iam.validate_script('rsi-t40-cmds',
          $$create model m from t function f iam_role default; create library l language plpythonu from 's3://b/l.zip' iam_role default$$)),
          'create_model:true create_library:true', 'validate_script names the new kinds');

-- ===== ASSUMEROLE FOR CREATE MODEL =====
SELECT lives_ok($$SELECT redshift_iam.revoke_assumerole('ALL', 'PUBLIC')$$, 'revoke the default grant to PUBLIC');
SELECT lives_ok($$SELECT redshift_iam.grant_assumerole('arn:aws:iam::123456789012:role/ML', 'rsi_t40c_ml', '{create  model}')$$,
                'grant_assumerole accepts CREATE MODEL (any case and spacing)');
SELECT results_eq($$SELECT grantee, iam_roles, command FROM redshift_iam.assumerole_grants WHERE grantee = 'rsi_t40c_ml'$$,
                  $$VALUES ('rsi_t40c_ml'::text, 'arn:aws:iam::123456789012:role/ML'::text, 'CREATE MODEL'::text)$$,
                  'the grant is recorded as CREATE MODEL');
SELECT ok(redshift_iam.has_assumerole_privilege('rsi_t40c_ml', 'arn:aws:iam::123456789012:role/ML', 'Create Model'),
          'has_assumerole_privilege: CREATE MODEL held');
SELECT ok(NOT redshift_iam.has_assumerole_privilege('rsi_t40c_ml', 'arn:aws:iam::123456789012:role/ML', 'copy'),
          'has_assumerole_privilege: a CREATE MODEL grant is not a COPY grant');
SET LOCAL ROLE rsi_t40c_ml;
SELECT is(pg_temp.st($$create model m from t function f iam_role 'arn:aws:iam::123456789012:role/ML'$$), '00000',
          'CREATE MODEL with a role granted FOR CREATE MODEL: allowed');
SELECT is(pg_temp.st($$create model m from t function f iam_role default$$), '00000',
          'CREATE MODEL with IAM_ROLE default resolving to the granted role: allowed');
SELECT is(pg_temp.chk($$copy t from 's3://b' iam_role 'arn:aws:iam::123456789012:role/ML'$$) #>> '{error,message}',
          'user rsi_t40c_ml does not have ASSUMEROLE permission on IAM role "arn:aws:iam::123456789012:role/ML" for COPY',
          'COPY with that role: refused');
SELECT is(pg_temp.st($$create library l language plpythonu from 's3://b/l.zip' iam_role 'arn:aws:iam::123456789012:role/Spectrum'$$),
          '00000', 'CREATE LIBRARY is not subject to ASSUMEROLE');
SELECT ok(redshift_iam.has_assumerole_privilege('arn:aws:iam::123456789012:role/ML', 'create model'),
          'the two-argument form asks for the current user');
SELECT ok(redshift_iam.has_assumerole_privilege('rsi_t40c_ml', 'arn:aws:iam::123456789012:role/ML', 'create model'),
          'a user may name themselves');
SELECT throws_ok($$SELECT redshift_iam.has_assumerole_privilege('rsi_t40c_other', 'arn:aws:iam::123456789012:role/ML', 'copy')$$,
                 '42501', 'permission denied to read the ASSUMEROLE privileges of role "rsi_t40c_other"',
                 'a user may not ask about another user''s privileges');
SELECT throws_ok($$SELECT redshift_iam.has_assumerole_privilege('rsi_no_such_role', 'arn:aws:iam::123456789012:role/ML', 'copy')$$,
                 '42501', NULL, 'nor learn whether another role exists');
SELECT throws_ok($$SELECT redshift_iam_internal._assumerole_held('rsi_t40c_other'::regrole, 'ALL', 'ALL', 'COPY')$$,
                 '42501', NULL, 'nor ask the internal lookup directly');
SELECT results_eq($$SELECT grantee, command FROM redshift_iam.assumerole_grants ORDER BY 1, 2$$,
                  $$VALUES ('rsi_t40c_ml'::text, 'CREATE MODEL'::text)$$,
                  'the view shows a user their own grants');
SET LOCAL ROLE rsi_t40c_other;
SELECT is_empty($$SELECT * FROM redshift_iam.assumerole_grants$$,
                'and not another user''s');
RESET ROLE;
SELECT results_eq($$SELECT grantee FROM redshift_iam.assumerole_grants$$,
                  $$VALUES ('rsi_t40c_ml'::text)$$,
                  'a superuser sees every grant (the revocation marker is not one)');
SELECT ok(NOT redshift_iam.has_assumerole_privilege('rsi_t40c_other', 'arn:aws:iam::123456789012:role/ML', 'create model'),
          'a superuser may ask about anyone');
SELECT ok(redshift_iam.has_assumerole_privilege('arn:aws:iam::123456789012:role/ML', 'copy'),
          'a superuser holds ASSUMEROLE always (two-argument form)');

SELECT * FROM finish();
ROLLBACK;
