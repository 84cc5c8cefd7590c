-- validate_script: one row per non-empty statement, the line and
-- column of its first token (of a finding: where the offline checker points),
-- findings as rows (never raised), and a script of 10,000 statements in one
-- call with each distinct role looked up once.
BEGIN;
CREATE EXTENSION IF NOT EXISTS pgtap;
CREATE EXTENSION IF NOT EXISTS redshift_iam;
SELECT plan(37);

SET LOCAL redshift_iam.account_id = '123456789012';
SET LOCAL redshift_iam.region = 'us-east-1';
SET LOCAL redshift_iam.apply_delay = 0;
SET LOCAL redshift_iam.access_keys = 'warn';
SET LOCAL redshift_iam.max_role_chain = 10;

CREATE ROLE rsi_t40_vs LOGIN;

SELECT ok(redshift_iam.create_cluster('rsi-t40-vs', 'dc2.large', 2,
            ARRAY['arn:aws:iam::123456789012:role/A', 'arn:aws:iam::123456789012:role/B']) IS NOT NULL,
          'cluster with roles A and B, in-sync at once');

-- ===== shape =====
SELECT is(
  (SELECT array_agg(u.n || ' ' || format_type(u.t, NULL) ORDER BY u.i)
     FROM pg_proc p, unnest(p.proallargtypes, p.proargmodes, p.proargnames) WITH ORDINALITY AS u(t, m, n, i)
    WHERE p.oid = 'redshift_iam.validate_script(text,text)'::regprocedure AND u.m = 't'),
  ARRAY['statement integer', 'line integer', 'col integer', 'kind text', 'ok boolean', 'sqlstate text',
        'message text', 'detail text', 'hint text', 'roles text[]', 'iam jsonb'],
  'columns: statement, line, col, kind, ok, sqlstate, message, detail, hint, roles, iam');
SELECT is_empty($$SELECT * FROM redshift_iam.validate_script('rsi-t40-vs', '')$$, 'an empty script: no rows');
SELECT is_empty($$SELECT * FROM redshift_iam.validate_script('rsi-t40-vs', E'-- only a comment\n/* and ; another */\n ;; \n')$$,
                'comments, blank lines and empty statements: no rows');

-- ===== positions: the first token, after comments and blank lines =====
SELECT results_eq(
  $$SELECT statement, line, col, kind, ok, sqlstate FROM redshift_iam.validate_script('rsi-t40-vs',
      E'-- load the day''s files\n\n/* a block\n   comment; with a semicolon */\n   COPY t FROM ''s3://b/x'' IAM_ROLE ''arn:aws:iam::123456789012:role/A'';\n')$$,
  $$VALUES (1, 5, 4, 'copy', true, '00000')$$,
  'line and column of the first token after comments and blank lines');
SELECT results_eq(
  $$SELECT statement, line, col, kind FROM redshift_iam.validate_script('rsi-t40-vs',
      'select 1; COPY t FROM ''s3://b/x'' IAM_ROLE ''arn:aws:iam::123456789012:role/A'';unload (''select 2'') to ''s3://b/u'' iam_role ''arn:aws:iam::123456789012:role/B''; /* c */ analyze t')$$,
  $$VALUES (1, 1, 1, 'other'), (2, 1, 11, 'copy'), (3, 1, 78, 'unload'), (4, 1, 165, 'other')$$,
  'several statements on one line: one row each, with its column');
SELECT results_eq(
  $$SELECT statement, line, col FROM redshift_iam.validate_script('rsi-t40-vs',
      E'/* é€ */ copy t from ''x'' iam_role ''arn:aws:iam::123456789012:role/A''; /*ü*/ copy t from ''ü'' iam_role ''arn:aws:iam::123456789012:role/A''')$$,
  $$VALUES (1, 1, 10), (2, 1, 77)$$, 'columns count characters, not bytes');
SELECT results_eq(
  $$SELECT statement, line, col FROM redshift_iam.validate_script('rsi-t40-vs',
      E'copy t from ''x'' iam_role ''arn:aws:iam::123456789012:role/A''\r\n;\r\n\tcopy t from ''x'' iam_role ''arn:aws:iam::123456789012:role/A''')$$,
  $$VALUES (1, 1, 1), (2, 3, 2)$$, 'CRLF line ends; a tab is one column');
SELECT results_eq(
  $$SELECT statement, kind FROM redshift_iam.validate_script('rsi-t40-vs',
      E'copy t from ''a;b'' iam_role ''arn:aws:iam::123456789012:role/A'' -- not ; here\n; select $x$;$x$; /* ; */ select 2')$$,
  $$VALUES (1, 'copy'), (2, 'other'), (3, 'other')$$,
  'semicolons in strings, comments and dollar quotes do not split');
SELECT results_eq(
  $$SELECT statement, line, col FROM redshift_iam.validate_script('rsi-t40-vs',
      E';;\n;select 1;;\n\n  ;  select 2')$$,
  $$VALUES (1, 2, 2), (2, 4, 6)$$, 'empty statements are skipped and not numbered');

-- ===== other statements =====
SELECT results_eq(
  $$SELECT kind, ok, sqlstate, message, detail, hint, roles FROM redshift_iam.validate_script('rsi-t40-vs',
      'create table t (a int)')$$,
  $$VALUES ('other', true, '00000', NULL::text, NULL::text, NULL::text, NULL::text[])$$,
  'a statement of another kind: kind other, ok, nothing else');

-- ===== findings =====
SELECT results_eq(
  $$SELECT statement, kind, ok, sqlstate, message, detail, hint, roles FROM redshift_iam.validate_script('rsi-t40-vs',
      'COPY t FROM ''s3://b/x'' IAM_ROLE ''arn:aws:iam::123456789012:role/C''')$$,
  $$VALUES (1, 'copy', false, '28000',
            'IAM role arn:aws:iam::123456789012:role/C is not associated with cluster rsi-t40-vs',
            ('Redshift refuses it: User arn:aws:redshift:us-east-1:123456789012:dbuser:rsi-t40-vs/' || current_user
              || ' is not authorized to assume IAM Role arn:aws:iam::123456789012:role/C. The role is not associated with any other cluster in account 123456789012.') COLLATE "default",
            'Associate the role with the cluster in AWS (aws redshift modify-cluster-iam-roles), then import the clusters again with redshift_iam.import_clusters(); in a catalog maintained by hand: SELECT redshift_iam.modify_cluster_iam_roles(''rsi-t40-vs'', add_iam_roles => ARRAY[''arn:aws:iam::123456789012:role/C'']);',
            ARRAY['arn:aws:iam::123456789012:role/C'])$$,
  'a refused command: message, detail, hint and roles, as check_command would raise');
SELECT results_eq(
  $$SELECT roles FROM redshift_iam.validate_script('rsi-t40-vs',
      'COPY t FROM ''s3://b/x'' IAM_ROLE ''arn:aws:iam::123456789012:role/A,arn:aws:iam::210987654321:role/X''')$$,
  $$VALUES (ARRAY['arn:aws:iam::123456789012:role/A', 'arn:aws:iam::210987654321:role/X'])$$,
  'roles: the chain, in order');
SELECT results_eq(
  $$SELECT ok, sqlstate, roles FROM redshift_iam.validate_script('rsi-t40-vs', 'COPY t FROM ''s3://b/x'' IAM_ROLE default')$$,
  $$VALUES (false, '28000', NULL::text[])$$,
  'IAM_ROLE default with no default role: refused, no roles');
SELECT results_eq(
  $$SELECT ok, sqlstate, message, hint FROM redshift_iam.validate_script('rsi-t40-vs',
      'COPY t FROM ''s3://b/x'' ACCESS_KEY_ID ''AKIAIOSFODNN7EXAMPLE'' SECRET_ACCESS_KEY ''wJalrXUtnFEMIsecret''')$$,
  $$VALUES (true, '01000', 'copy uses a long-term access key (AKIA...) instead of an IAM role',
            'Prefer IAM_ROLE with a role associated with cluster rsi-t40-vs.')$$,
  'a warning: ok, sqlstate 01000, the warning as message');
SELECT ok(NOT EXISTS (SELECT 1 FROM redshift_iam.validate_script('rsi-t40-vs',
      'COPY t FROM ''s3://b/x'' ACCESS_KEY_ID ''ASIAIOSFODNN7EXAMPLE'' SECRET_ACCESS_KEY ''wJalrXUtnFEMIsecret'' SESSION_TOKEN ''TokTokTok''; COPY t FROM ''s3://b/x'' ACCESS_KEY_ID ''ASIAIOSFODNN7EXAMPLE'' SECRET_ACCESS_KEY ''wJalrXUtnFEMIsecret''') r
     WHERE r::text ~ '(wJalrXUtnFEMIsecret|TokTokTok)'),
  'no row shows a secret or a token');
SELECT results_eq(
  $$SELECT statement, ok, sqlstate, message FROM redshift_iam.validate_script('rsi-t40-vs',
      E'select 1;\n   copy t from ''x''\n      iam_role ''arn:aws:iam::123456789012:role/A'' iam_role ''x'';\ncopy t from ''x'' iam_role ''arn:aws:iam::123456789012:role/A'' /* unterminated')$$,
  $$VALUES (1, true, '00000', NULL),
           (2, false, '42601', 'syntax error at line 3, column 51: IAM_ROLE is given more than once'),
           (3, false, '42601', 'syntax error at line 4, column 61: unterminated /* comment')$$,
  'syntax errors: ok false, 42601, line and column in the script (later line of a statement; first line)');
SELECT results_eq(
  $$SELECT statement, line, col, ok, sqlstate, message FROM redshift_iam.validate_script('rsi-t40-vs',
      E'\n  select 1;   copy t from ''ü'' iam_role ''abc')$$,
  $$VALUES (1, 2, 3, true, '00000', NULL),
           (2, 2, 40, false, '42601', 'syntax error at line 2, column 40: unterminated quoted string')$$,
  'a syntax error on the first line of a statement that does not start the line: line and col are the error''s');
SELECT results_eq(
  $$SELECT statement, line, col, ok, sqlstate FROM redshift_iam.validate_script('rsi-t40-vs',
      E'select 1;\nCOPY t\n  FROM ''s3://b/x''\n  IAM_ROLE ''arn:aws:iam::123456789012:role/C'';\nCOPY t FROM ''s3://b/x'' IAM_ROLE ''arn:aws:iam::123456789012:role/A'';\n  unload (''x'') to ''s3://b'' iam_role ''arn:aws:iam::123456789012:role/D'' ;\ncopy t from ''x'' iam_role ''arn:aws:iam::123456789012:role/A'' iam_role ''x''')$$,
  $$VALUES (1, 1, 1, true, '00000'), (2, 4, 3, false, '28000'), (3, 5, 1, true, '00000'),
           (4, 6, 28, false, '28000'), (5, 7, 61, false, '42601')$$,
  'line and col as the offline checker reports them: a refused role at its IAM_ROLE clause (a later line of the statement), an allowed statement at its first token, a syntax error at the error');
SELECT results_eq(
  $$SELECT statement, ok, sqlstate, message FROM redshift_iam.validate_script('rsi-t40-vs',
      'COPY t FROM ''s3://b/x''; copy t from ''x'' iam_role ''arn:aws:iam::123456789012:role/A''')$$,
  $$VALUES (1, false, '42601', 'syntax error at line 1, column 23: COPY requires an authorization clause: expected IAM_ROLE, CREDENTIALS, or ACCESS_KEY_ID and SECRET_ACCESS_KEY, found end of input'),
           (2, true, '00000', NULL)$$,
  'a missing clause is a row; the statements after it are still checked');
SELECT results_eq(
  $$SELECT statement, ok, sqlstate, message FROM redshift_iam.validate_script('rsi-t40-none',
      'select 1; copy t from ''x'' iam_role ''arn:aws:iam::123456789012:role/A''')$$,
  $$VALUES (1, true, '00000', NULL), (2, false, '42704', 'cluster rsi-t40-none not found')$$,
  'an unknown cluster is a finding, not an error');
SELECT results_eq(
  $$SELECT ok, sqlstate FROM redshift_iam.validate_script('rsi-t40-vs',
      'copy t from ''x'' iam_role ''MyRole''; copy t from ''x'' iam_role ''arn:aws:iam::123456789012:role/A, arn:aws:iam::123456789012:role/B''')$$,
  $$VALUES (false, '28000'), (false, '28000')$$,
  'problems (a role name, a chain with a space) are refused');

-- adding, removing and the default role
SET LOCAL redshift_iam.apply_delay = '1h';
SELECT ok(redshift_iam.modify_cluster_iam_roles('rsi-t40-vs',
            add_iam_roles => ARRAY['arn:aws:iam::123456789012:role/New'],
            remove_iam_roles => ARRAY['arn:aws:iam::123456789012:role/B'],
            default_iam_role_arn => 'arn:aws:iam::123456789012:role/A') IS NOT NULL,
          'add New, remove B (1h), default A');
SELECT results_eq(
  $$SELECT statement, ok, sqlstate, substring(message FROM '\(ApplyStatus [a-z-]+\)'), roles FROM redshift_iam.validate_script('rsi-t40-vs',
      'copy t from ''x'' iam_role ''arn:aws:iam::123456789012:role/New''; copy t from ''x'' iam_role ''arn:aws:iam::123456789012:role/B''; copy t from ''x'' iam_role default')$$,
  $$VALUES (1, false, '28000', '(ApplyStatus adding)', ARRAY['arn:aws:iam::123456789012:role/New']),
           (2, false, '28000', '(ApplyStatus removing)', ARRAY['arn:aws:iam::123456789012:role/B']),
           (3, true, '00000', NULL, ARRAY['arn:aws:iam::123456789012:role/A'])$$,
  'adding and removing roles refused; IAM_ROLE default reports the default role in roles');
SET LOCAL redshift_iam.apply_delay = 0;

-- a plain role can validate; the dbuser ARN names it
SET LOCAL ROLE rsi_t40_vs;
SELECT results_eq(
  $$SELECT ok, detail FROM redshift_iam.validate_script('rsi-t40-vs', 'copy t from ''x'' iam_role ''arn:aws:iam::123456789012:role/C''; select 1')$$,
  $$VALUES (false, 'Redshift refuses it: User arn:aws:redshift:us-east-1:123456789012:dbuser:rsi-t40-vs/rsi_t40_vs is not authorized to assume IAM Role arn:aws:iam::123456789012:role/C. The role is not associated with any other cluster in account 123456789012.'),
           (true, NULL)$$,
  'a plain role can call validate_script');
RESET ROLE;

-- ===== 10,000 statements in one call; each distinct role looked up once =====
CREATE TEMP TABLE t40_big AS
  SELECT string_agg(
           CASE i % 4
             WHEN 0 THEN format('copy t%s from ''s3://b/%s'' iam_role ''arn:aws:iam::123456789012:role/A'';', i, i)
             WHEN 1 THEN format('unload (''select %s'') to ''s3://b/u%s'' iam_role ''arn:aws:iam::123456789012:role/A'';', i, i)
             WHEN 2 THEN format('copy t%s from ''s3://b/%s''%s  iam_role ''arn:aws:iam::123456789012:role/Unknown''; -- %s', i, i, E'\n', i)
             ELSE format('insert into t values (%s);', i)
           END, E'\n' ORDER BY i) AS script
    FROM generate_series(1, 10000) i;
CREATE TEMP TABLE t40_rows AS SELECT * FROM redshift_iam.validate_script('rsi-t40-vs', (SELECT script FROM t40_big));
SELECT is((SELECT count(*)::int FROM t40_rows), 10000, '10,000 statements: 10,000 rows');
SELECT results_eq($$SELECT kind, ok, count(*)::int FROM t40_rows GROUP BY 1, 2 ORDER BY 1, 2$$,
                  $$VALUES ('copy', false, 2500), ('copy', true, 2500), ('other', true, 2500), ('unload', true, 2500)$$,
                  '... with the expected verdicts');
SELECT is((SELECT array_agg(statement ORDER BY statement) = array_agg(g ORDER BY g)
             FROM t40_rows FULL JOIN generate_series(1, 10000) g ON g = statement), true,
          '... numbered 1 to 10,000');
SELECT results_eq($$SELECT line, col FROM t40_rows WHERE statement IN (1, 2, 3, 4, 5, 9999, 10000) ORDER BY statement$$,
                  $$VALUES (1, 1), (3, 3), (4, 1), (5, 1), (6, 1), (12499, 1), (12500, 1)$$,
                  '... with their lines (two-line statements counted; a refusal at its iam_role clause)');

-- Lookups of associations are scans of catalog_cluster_iam_roles (a role not
-- associated costs one more, for the clusters it is associated with);
-- this transaction's scan counts show each distinct role is looked up once.
CREATE FUNCTION pg_temp.role_scans() RETURNS bigint LANGUAGE sql AS $f$
  SELECT coalesce(pg_stat_get_xact_numscans('redshift_iam.catalog_cluster_iam_roles'::regclass), 0)
       + coalesce((SELECT sum(pg_stat_get_xact_numscans(i.indexrelid))
                     FROM pg_index i WHERE i.indrelid = 'redshift_iam.catalog_cluster_iam_roles'::regclass), 0)
$f$;
CREATE TEMP TABLE t40_scans (label text, n bigint);
INSERT INTO t40_scans VALUES ('0', pg_temp.role_scans());
SELECT lives_ok($$SELECT count(*) FROM redshift_iam.validate_script('rsi-t40-vs', (SELECT script FROM t40_big))$$,
                'the 10,000-statement script again, counting catalog scans');
INSERT INTO t40_scans VALUES ('1', pg_temp.role_scans());
SELECT lives_ok($$SELECT count(*) FROM redshift_iam.validate_script('rsi-t40-vs',
                    'copy t from ''x'' iam_role ''arn:aws:iam::123456789012:role/A''; copy t from ''x'' iam_role ''arn:aws:iam::123456789012:role/Unknown''')$$,
                'a 2-statement script naming the same 2 roles');
INSERT INTO t40_scans VALUES ('2', pg_temp.role_scans());
SELECT lives_ok($$SELECT redshift_iam.check_command('rsi-t40-vs', 'copy t from ''x'' iam_role ''arn:aws:iam::123456789012:role/A''')$$,
                'one check_command with an in-sync role');
INSERT INTO t40_scans VALUES ('3', pg_temp.role_scans());
CREATE TEMP TABLE t40_delta AS
  SELECT label, n - lag(n) OVER (ORDER BY label) AS d FROM t40_scans;
SELECT is((SELECT d FROM t40_delta WHERE label = '3'), 1::bigint,
          'check_command: one scan for one role (the counting works)');
SELECT is((SELECT d FROM t40_delta WHERE label = '1'), (SELECT d FROM t40_delta WHERE label = '2'),
          '10,000 statements cost no more catalog scans than 2 statements naming the same roles');
SELECT cmp_ok((SELECT d FROM t40_delta WHERE label = '1'), '<=', 3::bigint,
              '... at most 3: A once, Unknown once, and where else Unknown is associated once');

-- time: a generous bound that still catches a per-statement catalog scan
CREATE TEMP TABLE t40_time AS SELECT clock_timestamp() AS t0;
SELECT is((SELECT count(*)::int FROM redshift_iam.validate_script('rsi-t40-vs', (SELECT script FROM t40_big))), 10000,
          'the 10,000-statement script completes');
SELECT cmp_ok((SELECT extract(epoch FROM clock_timestamp() - t0)::numeric FROM t40_time), '<', 10::numeric,
              '... in under 10 s');

SELECT * FROM finish();
ROLLBACK;
