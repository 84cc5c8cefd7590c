-- script_may_run and assert_script, the one-line assertions for SQL test
-- suites (docs/pgtap.md), and redshift_iam_version(): true/false/NULL, the
-- message with the counts and the first refusal's line and column, its
-- SQLSTATE, DETAIL and HINT, no CONTEXT (the calling statement holds the
-- script), and no secret of the script in any field of the error.
BEGIN;
CREATE EXTENSION IF NOT EXISTS pgtap;
CREATE EXTENSION IF NOT EXISTS redshift_iam;
SELECT plan(31);

SET LOCAL redshift_iam.account_id = '123456789012';
SET LOCAL redshift_iam.region = 'us-east-1';
SET LOCAL redshift_iam.apply_delay = 0;
SET LOCAL redshift_iam.access_keys = 'warn';

SELECT ok(redshift_iam.create_cluster('rsi-t60', 'dc2.large', 2,
            ARRAY['arn:aws:iam::123456789012:role/A']) IS NOT NULL,
          'cluster with role A, in-sync at once');

-- every field of the error a statement raises, as one row
CREATE FUNCTION pg_temp.error_of(call text,
  OUT state text, OUT message text, OUT detail text, OUT hint text, OUT context text)
LANGUAGE plpgsql AS $$
BEGIN
  EXECUTE call;
EXCEPTION WHEN OTHERS THEN
  GET STACKED DIAGNOSTICS state = RETURNED_SQLSTATE, message = MESSAGE_TEXT,
                          detail = PG_EXCEPTION_DETAIL, hint = PG_EXCEPTION_HINT,
                          context = PG_EXCEPTION_CONTEXT;
END $$;

CREATE TEMP TABLE t60 (name text PRIMARY KEY, script text);
INSERT INTO t60 VALUES
  ('good', E'-- nightly load\nselect 1;\nCOPY t FROM ''s3://b/x'' IAM_ROLE ''arn:aws:iam::123456789012:role/A'';\n'
           || 'COPY t FROM ''s3://b/y'' ACCESS_KEY_ID ''AKIAIOSFODNN7EXAMPLE'' SECRET_ACCESS_KEY ''wJalrXUtnFEMIsecret'';\n'
           || 'create table u (a int)'),
  ('two_bad', E'select 1;\nCOPY t\n  FROM ''s3://b/x''\n  IAM_ROLE ''arn:aws:iam::123456789012:role/C'';\n'
              || E'COPY t FROM ''s3://b/x'' IAM_ROLE ''arn:aws:iam::123456789012:role/A'';\n'
              || E'  unload (''select 2'') to ''s3://b/u'' iam_role ''arn:aws:iam::123456789012:role/D'';'),
  ('one_bad', 'COPY t FROM ''s3://b/x'' IAM_ROLE default'),
  ('syntax', E'select 1;\ncopy t from ''x'' iam_role ''arn:aws:iam::123456789012:role/A'' iam_role ''x'';\n'
             || 'COPY t FROM ''s3://b/x'' IAM_ROLE ''arn:aws:iam::123456789012:role/C'''),
  -- secrets in a refused statement (access keys under access_keys = deny),
  -- in a syntax error next to the secret, and in a statement of another kind
  ('secret', E'COPY t FROM ''s3://b/x'' ACCESS_KEY_ID ''ASIAIOSFODNN7EXAMPLE'' SECRET_ACCESS_KEY ''Sekr3tSekr3tSekr3tSekr3t40'' SESSION_TOKEN ''TokTokTokTok77'';\n'
             || E'COPY t FROM ''s3://b/x'' ACCESS_KEY_ID ''AKIAIOSFODNN7EXAMPLE'' SECRET_ACCESS_KEY Sekr3tSekr3tSekr3tSekr3t40 ''Sekr3tSekr3tSekr3tSekr3t41'';\n'
             || E'ALTER USER etl PASSWORD ''Sekr3tSekr3tSekr3tSekr3t40'';\n'
             || E'COPY t FROM ''s3://b/x'' IAM_ROLE ''arn:aws:iam::123456789012:role/C''');

-- ===== script_may_run =====
SELECT ok(redshift_iam.script_may_run('rsi-t60', (SELECT script FROM t60 WHERE name = 'good')),
          'script_may_run: true when every statement may run (a warning and statements of other kinds pass)');
SELECT is(redshift_iam.script_may_run('rsi-t60', (SELECT script FROM t60 WHERE name = 'two_bad')), false,
          'script_may_run: false when a statement would be refused');
SELECT is(redshift_iam.script_may_run('rsi-t60', (SELECT script FROM t60 WHERE name = 'syntax')), false,
          'script_may_run: false on a syntax error');
SELECT is(redshift_iam.script_may_run('rsi-t60', ''), true, 'script_may_run: an empty script may run');
SELECT is(redshift_iam.script_may_run('rsi-t60', NULL), NULL, 'script_may_run: NULL script, NULL (ok() fails on it)');
SELECT is(redshift_iam.script_may_run('rsi-t60-none', 'COPY t FROM ''s3://b/x'' IAM_ROLE ''arn:aws:iam::123456789012:role/A'''), false,
          'script_may_run: false on a cluster that does not exist');
SELECT is(redshift_iam.script_may_run('rsi-t60', 'select 1; create table v (a int)'), true,
          'script_may_run: statements of other kinds only');
SELECT throws_ok($$SELECT redshift_iam.script_may_run('Not_An_Identifier', 'select 1')$$, '22023', NULL,
                 'script_may_run: an invalid cluster identifier raises 22023');
SELECT is(redshift_iam.script_may_run('rsi-t60', s.script),
          NOT EXISTS (SELECT 1 FROM redshift_iam.validate_script('rsi-t60', s.script) v WHERE NOT v.ok),
          'script_may_run agrees with validate_script on ' || s.name)
  FROM t60 s WHERE s.name IN ('good', 'one_bad');

-- ===== assert_script =====
SELECT lives_ok(format('SELECT redshift_iam.assert_script(%L, %L)', 'rsi-t60', (SELECT script FROM t60 WHERE name = 'good')),
                'assert_script: lives when every statement may run');
SELECT lives_ok($$SELECT redshift_iam.assert_script('rsi-t60', '')$$, 'assert_script: lives on an empty script');
SELECT is(redshift_iam.assert_script('rsi-t60', NULL)::text, NULL, 'assert_script: NULL script, NULL (STRICT)');
SELECT throws_ok(format('SELECT redshift_iam.assert_script(%L, %L)', 'rsi-t60', (SELECT script FROM t60 WHERE name = 'two_bad')),
  '28000',
  '2 of 4 statements would be refused; first at line 4, column 3: IAM role arn:aws:iam::123456789012:role/C is not associated with cluster rsi-t60',
  'assert_script: the counts, the first refusal''s line and column (its IAM_ROLE clause) and message, its SQLSTATE');
SELECT results_eq(
  format($$SELECT state, detail, hint, context FROM pg_temp.error_of(%L)$$,
         format('SELECT redshift_iam.assert_script(%L, %L)', 'rsi-t60', (SELECT script FROM t60 WHERE name = 'two_bad'))),
  $$SELECT v.sqlstate, v.detail, v.hint, ''::text FROM redshift_iam.validate_script('rsi-t60',
           (SELECT script FROM t60 WHERE name = 'two_bad')) v WHERE NOT v.ok ORDER BY v.statement LIMIT 1$$,
  'assert_script: DETAIL and HINT of the first refusal, as validate_script''s row; no CONTEXT');
SELECT is((SELECT message FROM pg_temp.error_of(
            format('SELECT redshift_iam.assert_script(%L, %L)', 'rsi-t60', (SELECT script FROM t60 WHERE name = 'one_bad')))),
          (SELECT '1 of 1 statement would be refused; first at line 1, column 24: ' || v.message
             FROM redshift_iam.validate_script('rsi-t60', (SELECT script FROM t60 WHERE name = 'one_bad')) v),
          'assert_script: the message ends in the first refusal''s message as validate_script words it');
SELECT throws_like(format('SELECT redshift_iam.assert_script(%L, %L)', 'rsi-t60', (SELECT script FROM t60 WHERE name = 'one_bad')),
  '1 of 1 statement would be refused; first at line 1, column 24: %',
  'assert_script: one statement, singular');
SELECT throws_ok(format('SELECT redshift_iam.assert_script(%L, %L)', 'rsi-t60', (SELECT script FROM t60 WHERE name = 'syntax')),
  '42601',
  '2 of 3 statements would be refused; first at line 2, column 61: syntax error at line 2, column 61: IAM_ROLE is given more than once',
  'assert_script: a syntax error first: 42601, its position');
SELECT is((SELECT hint FROM pg_temp.error_of(
            format('SELECT redshift_iam.assert_script(%L, %L)', 'rsi-t60', (SELECT script FROM t60 WHERE name = 'syntax')))),
          'SELECT * FROM redshift_iam.validate_script(cluster_identifier, script) WHERE NOT ok lists every refusal.',
          'assert_script: a refusal without a hint gets one pointing at validate_script');
SELECT throws_ok($$SELECT redshift_iam.assert_script('rsi-t60-none', E'select 1;\n  COPY t FROM ''s3://b/x'' IAM_ROLE ''arn:aws:iam::123456789012:role/A''')$$,
                 '42704', '1 of 2 statements would be refused; first at line 2, column 3: cluster rsi-t60-none not found',
                 'assert_script: a cluster that does not exist: 42704, at the command''s first token');
SELECT throws_ok($$SELECT redshift_iam.assert_script('Not_An_Identifier', 'select 1')$$, '22023', NULL,
                 'assert_script: an invalid cluster identifier raises 22023 before any check');

-- ===== no secret in any field of the error; no CONTEXT =====
SET LOCAL redshift_iam.access_keys = 'deny';
CREATE TEMP TABLE t60_err AS
  SELECT * FROM pg_temp.error_of(format('SELECT redshift_iam.assert_script(%L, %L)', 'rsi-t60',
                                        (SELECT script FROM t60 WHERE name = 'secret')));
SELECT is((SELECT state || ' ' || message FROM t60_err),
          '28000 3 of 4 statements would be refused; first at line 1, column 24: copy with access keys is not allowed on cluster rsi-t60 (redshift_iam.access_keys = deny)',
          'secret script: 3 of 4 refused, the first by the access_keys setting');
SELECT ok(NOT EXISTS (SELECT 1 FROM t60_err e
                       WHERE concat_ws('|', e.message, e.detail, e.hint, e.context) ~ '(Sekr3t|TokTok)'),
          'secret script: no field of the error holds the secret or the token');
SELECT is((SELECT context FROM t60_err), '', 'secret script: no CONTEXT at all');
-- raised in a DO block, the error passes through PL/pgSQL; the caller's statement is still not in CONTEXT
CREATE TEMP TABLE t60_do (state text, message text, detail text, hint text, context text);
DO $do$
DECLARE s text := (SELECT script FROM t60 WHERE name = 'secret');
        e t60_do;
BEGIN
  BEGIN
    PERFORM redshift_iam.assert_script('rsi-t60', s);
  EXCEPTION WHEN OTHERS THEN
    GET STACKED DIAGNOSTICS e.state = RETURNED_SQLSTATE, e.message = MESSAGE_TEXT,
                            e.detail = PG_EXCEPTION_DETAIL, e.hint = PG_EXCEPTION_HINT,
                            e.context = PG_EXCEPTION_CONTEXT;
    INSERT INTO t60_do SELECT e.*;
  END;
END $do$;
SELECT is((SELECT count(*)::int FROM t60_do), 1, 'DO block: assert_script raised');
SELECT ok(NOT EXISTS (SELECT 1 FROM t60_do e
                       WHERE concat_ws('|', e.message, e.detail, e.hint, e.context) ~ '(Sekr3t|TokTok|PERFORM)'),
          'DO block: no field holds the secret, the token or the calling statement');
SELECT is((SELECT count(*)::int FROM redshift_iam.validate_script('rsi-t60', (SELECT script FROM t60 WHERE name = 'secret')) v
            WHERE v::text ~ '(Sekr3t|TokTok)'), 0,
          'secret script: validate_script''s rows hold no secret either');

-- ===== privileges, version =====
SELECT function_privs_are('redshift_iam', 'script_may_run', ARRAY['text', 'text'], 'public', ARRAY['EXECUTE'],
  'PUBLIC may execute script_may_run');
SELECT function_privs_are('redshift_iam', 'assert_script', ARRAY['text', 'text'], 'public', ARRAY['EXECUTE'],
  'PUBLIC may execute assert_script');
SELECT is(redshift_iam.redshift_iam_version(),
          (SELECT default_version FROM pg_catalog.pg_available_extensions WHERE name = 'redshift_iam'),
          'redshift_iam_version(): the library''s version is the control file''s default_version');

SELECT * FROM finish();
ROLLBACK;
